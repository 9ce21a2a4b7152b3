"""The importer: extracted report text in, a first-draft content file out."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT, SEED
from govreport import importer
from govreport.loader import load

SOURCE = ROOT / "tests" / "source" / "changning-2024.txt"

TITLE_PAGE = """

# 政府工作报告

——2024年1月16日在长宁区第十七届  
人民代表大会第五次会议上

长宁区区长 侯继军

各位代表：

现在，我代表长宁区人民政府，向大会报告工作，请予审议。
"""

REVIEW = """
## 一、2023 年工作回顾

过去一年，全区经济社会保持平稳健康发展。一年来，主要做了两方面工作：

**（一）凝心聚力谋发展，经济向好态势持续巩固。**把稳

增长摆在更加突出的位置，全年地区生产总值达到 2286.2 亿元。

**着力提升招商服务能级。**举办多场重大项目签约及投

资促进大会，全年共引进重点项目 840 家。

**（二）全力以赴促改革，区域营商环境不断优化。** 加大改革开放力度。

各位代表，过去一年，我们取得了来之不易的成绩。

我们也清醒地认识到，前进道路上还面临许多困难和挑战。
"""

TASKS = """
## 二、2024 年主要任务

2024 年，要坚持“十四五”规划发展目标不动摇。

### **（一）全面服务国家战略，进一步提升城区核心竞争力。**

坚持对接服务长三角一体化发展。

**加快构建现代化产业体系。**推动人工智能创新融合应用。



依托大虹桥生命科学创新中心等平台载体，积极发展AI医学影像等新业态。

**（二）深度融入上海“五个中心”建设，进一步发挥优势、彰显担当。**立足“四个放在”。

各位代表，风好正是扬帆时！
"""


@pytest.fixture(scope="module")
def draft():
    return importer.parse(TITLE_PAGE + REVIEW + TASKS)


def test_stray_spaces_between_digits_and_chinese_go():
    assert importer.mend_spaces("全年共引进重点项目 840 家，") == "全年共引进重点项目840家，"
    assert importer.mend_spaces("## 二、2024 年主要任务") == "## 二、2024年主要任务"
    assert importer.mend_spaces("“上海硅巷 NO.1”") == "“上海硅巷NO.1”"
    assert importer.mend_spaces("全区景观照明 LED 灯具") == "全区景观照明LED灯具"
    assert importer.mend_spaces("长宁区区长 侯继军") == "长宁区区长 侯继军"  # between Chinese: the author's
    assert importer.mend_spaces("AI医学影像") == "AI医学影像"


def test_title_page_recognised_and_subtitle_joined(draft):
    assert draft.title == "政府工作报告"
    assert draft.subtitle == "——2024年1月16日在长宁区第十七届人民代表大会第五次会议上"
    assert draft.speaker == "长宁区区长 侯继军"
    assert [p["text"] for p in draft.opening] == ["各位代表：", "现在，我代表长宁区人民政府，向大会报告工作，请予审议。"]


def test_parts_and_intro(draft):
    assert [p["heading"] for p in draft.parts] == ["一、2023年工作回顾", "二、2024年主要任务"]
    assert draft.parts[0]["intro"] == [{"text": "过去一年，全区经济社会保持平稳健康发展。一年来，主要做了两方面工作："}]
    assert draft.parts[1]["intro"] == [{"text": "2024年，要坚持“十四五”规划发展目标不动摇。"}]


def test_run_in_area_heading_and_split_paragraph_joined(draft):
    area = draft.parts[0]["areas"][0]
    assert area["heading"] == "（一）凝心聚力谋发展，经济向好态势持续巩固。"
    assert area["run_in"] is True
    assert area["paragraphs"][0] == {"text": "把稳增长摆在更加突出的位置，全年地区生产总值达到2286.2亿元。"}


def test_bold_lead_separated_and_its_split_text_joined(draft):
    p = draft.parts[0]["areas"][0]["paragraphs"][1]
    assert p == {"lead": "着力提升招商服务能级。", "text": "举办多场重大项目签约及投资促进大会，全年共引进重点项目840家。"}
    assert len(draft.parts[0]["areas"][0]["paragraphs"]) == 2


def test_run_in_heading_with_a_space_after_it(draft):
    area = draft.parts[0]["areas"][1]
    assert area["run_in"] is True and area["paragraphs"] == [{"text": "加大改革开放力度。"}]


def test_closing_paragraphs_stay_apart(draft):
    assert [p["text"][:6] for p in draft.parts[0]["closing"]] == ["各位代表，过", "我们也清醒地"]


def test_standalone_area_heading(draft):
    area = draft.parts[1]["areas"][0]
    assert area["heading"] == "（一）全面服务国家战略，进一步提升城区核心竞争力。"
    assert area["run_in"] is False
    assert area["paragraphs"][0] == {"text": "坚持对接服务长三角一体化发展。"}
    assert draft.parts[1]["areas"][1]["run_in"] is True


def test_page_break_after_a_full_stop_is_joined(draft):
    p = draft.parts[1]["areas"][0]["paragraphs"][1]
    assert p["lead"] == "加快构建现代化产业体系。"
    assert p["text"] == "推动人工智能创新融合应用。依托大虹桥生命科学创新中心等平台载体，积极发展AI医学影像等新业态。"
    assert len(draft.parts[1]["areas"][0]["paragraphs"]) == 2


def test_last_closing_closes_the_report(draft):
    assert draft.closing == [{"text": "各位代表，风好正是扬帆时！"}]
    assert draft.parts[1]["closing"] == []


def test_draft_yaml_loads_as_a_report(tmp_path, draft):
    path = tmp_path / "draft.yaml"
    path.write_text(importer.to_yaml(draft), encoding="utf-8")
    report = load(path)
    assert report.meta.date.isoformat() == "2024-01-16"
    assert (report.meta.review_year, report.meta.plan_year) == (2023, 2024)
    assert report.meta.session == "长宁区第十七届人民代表大会第五次会议"
    paras = [p for _, _, p in report.paragraphs()]
    assert len(paras) == 13  # opening 2, intro 1, areas 2 + 1, closing 2; intro 1, areas 2 + 1, closing 1
    assert paras[4].lead == "着力提升招商服务能级。"


@pytest.mark.parametrize("text", ["{gdp}达到", "2024年，要坚持", "*强调*", "a: b", "#号", "- 列表", "“3+3”重点产业", "yes"])
def test_scalars_read_back_as_written(text):
    import yaml

    assert yaml.safe_load("k: " + importer.scalar(text)) == {"k": text}


def test_the_whole_source_drafts_to_the_seeds_text(tmp_path):
    """The seed was drafted by the importer: its body, rendered, is the draft's text."""
    path = tmp_path / "draft.yaml"
    path.write_text(importer.to_yaml(importer.parse(SOURCE.read_text(encoding="utf-8"))), encoding="utf-8")
    draft, seed = load(path), load(SEED)
    assert draft.meta.subtitle == seed.meta.subtitle and draft.meta.speaker == seed.meta.speaker

    def texts(r):
        heads = [(p.heading, [(a.heading, a.run_in) for a in p.areas]) for p in r.body.parts]
        return heads, [(r.render(p.lead or ""), r.render(p.text)) for _, _, p in r.paragraphs()]

    assert texts(draft) == texts(seed)


def test_command_line(tmp_path):
    src = tmp_path / "report.txt"
    src.write_text(TITLE_PAGE + REVIEW + TASKS, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "govreport.importer", str(src)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("# yaml-language-server: $schema=report.schema.json\nmeta:\n")
    out = tmp_path / "draft.yaml"
    out.write_text(run.stdout, encoding="utf-8")
    assert load(out).meta.title == "政府工作报告"
    missing = subprocess.run([sys.executable, "-m", "govreport.importer", str(tmp_path / "nope.txt")], cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode == 2 and "nope.txt" in missing.stderr and "Traceback" not in missing.stderr
