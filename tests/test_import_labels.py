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
        ("民间投资逆势", "ends on a comparison or function word"),
        ("居民人均可支配收入实际", "ends on a comparison or function word"),
        ("高技术产业投资较快", "holds the comparison 较"),
        ("人均GDP进入全国前", "ends on a comparison or function word"),
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


# --- the shapes of real reports' sentences, made up: each draft loaded as --check loads it and read back ---

def _labels(tmp_path, src):
    from test_import_figures import draft as made_up_draft

    report, texts, _ = made_up_draft(tmp_path, src)
    assert src in texts
    return [i.label for i in report.indicators.values()]


@pytest.mark.parametrize(
    "src, labels",
    [
        # the head noun after the last item is each item's, where the items name only the things
        ("新能源汽车、工业机器人、光伏电池出口分别增长12.5%、8.3%、20.1%。",
         ["新能源汽车出口", "工业机器人出口", "光伏电池出口"]),
        ("船舶、航空航天行业增加值分别增长8.4%、7.5%。", ["船舶行业增加值", "航空航天行业增加值"]),
        ("工业、普惠小微贷款余额分别增长10.7%、13.3%。", ["工业贷款余额", "普惠小微贷款余额"]),
        ("国家级、省级创新平台分别达到22家、182家。", ["国家级创新平台", "省级创新平台"]),
        ("蓝莓、食用菌全产业链产值分别达到30亿元、120亿元。", ["蓝莓全产业链产值", "食用菌全产业链产值"]),
        ("新能源产业、装备制造业增加值分别增长25.3%、7.9%。", ["新能源产业增加值", "装备制造业增加值"]),
        ("高速公路、水利、电网投资分别增长19.1%、12%、41.5%。", ["高速公路投资", "水利投资", "电网投资"]),
        ("城镇、农村常住居民人均可支配收入分别增长4.1%、6.3%。",
         ["城镇常住居民人均可支配收入", "农村常住居民人均可支配收入"]),
        # items that are whole keep their own words
        ("基础设施投资、工业投资分别增长3.2%、5.1%。", ["基础设施投资", "工业投资"]),
        ("游客人数、旅游收入分别增长10.6%、12.6%。", ["游客人数", "旅游收入"]),
        ("快递、电信业务量分别增长16%、10.7%。", ["快递业务量", "电信业务量"]),
        ("刑事、治安案件分别下降12%、3.3%。", ["刑事案件", "治安案件"]),
    ],
)
def test_a_list_with_fenbie_gives_each_item_the_shared_head(tmp_path, src, labels):
    assert _labels(tmp_path, src) == labels


@pytest.mark.parametrize(
    "src, label",
    [
        ("民间投资逆势增长2.7%。", "民间投资"),
        ("外贸出口持续增长8.1%。", "外贸出口"),
        ("居民人均可支配收入实际增长5.2%。", "居民人均可支配收入"),
        ("高技术产业投资较快增长9.3%。", "高技术产业投资"),
        ("规上工业增加值稳步增长6.4%。", "规上工业增加值"),
        ("耕层厚度止跌提升3.5%。", "耕层厚度"),
        # an increase by so much keeps its change word, not its manner
        ("新能源装机同比增加1829万千瓦。", "新能源装机增加"),
        ("省级实验室再增加4家。", "省级实验室增加"),
    ],
)
def test_a_word_of_manner_before_the_change_is_no_part_of_the_label(tmp_path, src, label):
    assert _labels(tmp_path, src) == [label]


def test_a_sum_given_to_each_is_labelled_by_who_gets_it_and_what_it_is(tmp_path):
    assert _labels(tmp_path, "对低保家庭的重病患者给予每人2万元救助。") == ["低保家庭的重病患者每人救助"]
    assert _labels(tmp_path, "为独生子女伤残家庭发放每户每月300元补贴。") == ["独生子女伤残家庭每户每月补贴"]


@pytest.mark.parametrize(
    "src, labels",
    [
        # a rank (进入全国前8位) or a distance (实施沿线1公里…) names no counted thing: text
        ("人均地区生产总值进入全国前8位。", []),
        ("地区生产总值增长4.7%、低于全国0.3个百分点。", ["地区生产总值"]),
        # what the change happened against is no part of the thing
        ("外贸出口在全球需求放缓的情况下增长9.2%。", ["外贸出口"]),
        # a light verb before the thing says nothing of it, unless the thing alone is too plain
        ("全年完成植树造林120万亩，实施重点项目2600个，完成投资8000亿元。", ["植树造林", "重点项目", "完成投资"]),
    ],
)
def test_a_label_is_the_thing_not_the_words_around_it(tmp_path, src, labels):
    assert _labels(tmp_path, src) == labels


def test_a_list_item_with_its_shared_head_is_the_texts_own_words():
    from corpus_targets import list_item_in

    sentence = "加力发展林下经济，人参、食用菌全产业链产值分别达到、。"
    assert list_item_in("人参全产业链产值", sentence)
    assert not list_item_in("人参全产业链产值", "人参产值增长，食用菌全产业链产值分别达到。")
    assert not list_item_in("林下经济产值", sentence)


@pytest.mark.parametrize(
    "src, labels",
    [
        # a share of a whole is the figure's before it, and its 比重
        ("粮食增量39.7亿斤、占全国23.6%。", ["粮食增量", "粮食增量占全国比重"]),
        ("重点产业完成综合税收370亿元，同比增长40%，占全区税收比重达67%。", ["重点产业综合税收", "重点产业综合税收占全区税收比重"]),
        ("民生支出占一般公共预算支出77.9%。", ["民生支出占一般公共预算支出比重"]),
        ("在北方地区占比由20.5%提升至21.1%。", ["北方地区占比"]),
        # a class with no thing (建成2个国家级和…) stays text
        ("建成国家级2个、省级5个。", []),
        # a list whose last item is made by a verb of the thing (节能家电) shares its head too
        ("智能手机、节能家电零售额分别增长21.2%、39.5%。", ["智能手机零售额", "节能家电零售额"]),
    ],
)
def test_a_share_a_class_and_a_list_read_as_the_text_means(tmp_path, src, labels):
    assert _labels(tmp_path, src) == labels


@pytest.mark.parametrize(
    "src, labels",
    [
        ("正常年景下粮食产量达到900亿斤以上。", ["粮食产量"]),  # the condition is no part of the thing
        ("今年培育3个国家级和12个省级智能工厂。", ["国家级智能工厂", "省级智能工厂"]),  # the class shares the noun
    ],
)
def test_a_condition_and_a_class_joined_by_he(tmp_path, src, labels):
    assert _labels(tmp_path, src) == labels
