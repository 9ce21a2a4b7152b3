"""The labels of imported drafts, read back from each draft against its own text: the 15 real reports
of ../shared/corpus (skipped with the reason where the folder is absent) and the seed's text.

A label is the noun phrase the text gives what is counted: never empty, a bare verb, a comparison
(高于全国, 较“十三五”时期), a fragment that starts mid-word (级航道里程 of 高等级航道里程) or ends on a
comparison or function word (…较, …等, …的), nor a single generic word (材料, 规模); two different
figures of one sentence never share a label. Where the importer finds no such label, the figure stays
text with a ``# check:`` comment on its paragraph (test_importer.py, test_corpus.py: the text reads as
the source's).
"""

from __future__ import annotations

import functools

import pytest

from corpus import NAMES, ROOT, imported, run_import, workdir
from label_checks import label_problems, mid_word, problem

SEED_TEXT = ROOT / "tests" / "source" / "changning-2024.txt"


@functools.lru_cache(maxsize=1)
def seed_import():
    return run_import(SEED_TEXT, workdir() / "changning-2024-labels.yaml", "seed")


def draft(name):
    imp = seed_import() if name == "seed" else imported(name)
    assert imp.ok, imp.error or imp.stderr
    return imp


@pytest.mark.parametrize("name", ["seed", *NAMES])
def test_every_label_names_what_is_counted(name):
    imp = draft(name)
    problems = label_problems(imp.data, imp.report)
    assert problems == [], f"{len(problems)} labels:\n" + "\n".join(problems)


# The checks themselves, on labels seen in real drafts (so that the test above can fail).
@pytest.mark.parametrize(
    "label, why",
    [
        ("", "empty"),
        ("高于全国", "starts with a comparison"),
        ("快于全国", "starts with a comparison"),
        ("一产增加值增幅高于全国", "holds the comparison 高于"),
        ("PM2.5年均浓度较“十三五”末改善", "holds the comparison 较"),
        ("实际使用外资比“十三五”时期", "holds the comparison 比"),
        ("超计划", "starts with a comparison"),
        ("培育", "a bare verb"),
        ("新建提升", "a bare verb"),
        ("材料", "a single generic word"),
        ("总市值", "a single generic word"),
        ("规模", "a single generic word"),
        ("友谊路等", "ends on a comparison or function word"),
        ("民生实事全部", "ends on a comparison or function word"),
        ("力争交易额", "starts with a comparison or function word"),
        ("市属重点国企由51家整合", "holds a figure"),
        ("地理标志保护示范区分别增加", "holds 分别"),
    ],
)
def test_a_bad_label_is_told(label, why):
    assert (problem(label) or "").startswith(why), (label, problem(label))


@pytest.mark.parametrize(
    "label",
    ["地区生产总值", "非现场检查量占比", "城乡居民收入比", "社会物流总费用与GDP的比率", "PM2.5年均浓度",
     "“3+3”重点产业综合税收", "地表水国考断面达到或优于Ⅲ类水体比例", "城镇新增就业", "内河高等级航道里程",
     "全部达标的河道断面", "获评商务部电子商务示范企业的平台企业", "出口"],
)
def test_a_good_label_passes(label):
    assert problem(label) is None, (label, problem(label))


def test_a_label_that_starts_inside_a_word_is_told():
    sentence = "内河高等级航道里程突破1000公里"
    assert mid_word("级航道里程", sentence, sentence.index("级航道"))
    assert not mid_word("高等级航道里程", sentence, sentence.index("高等级"))
    # a figure's unit before the label is no word with it (6家|人工智能企业, 其中|地区生产总值)
    assert not mid_word("人工智能企业", "6家人工智能企业参展", 2)
    assert not mid_word("地区生产总值", "其中地区生产总值年均增长5%左右", 2)
