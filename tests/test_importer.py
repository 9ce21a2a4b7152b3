"""The importer: extracted report text in, a first-draft content file out."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEED
from govreport import importer
from govreport.model import Paragraph
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
    assert [p.text for p in draft.opening] == ["各位代表：", "现在，我代表长宁区人民政府，向大会报告工作，请予审议。"]


def test_parts_and_intro(draft):
    assert [p.heading for p in draft.parts] == ["一、2023年工作回顾", "二、2024年主要任务"]
    assert draft.parts[0].intro == (Paragraph(text="过去一年，全区经济社会保持平稳健康发展。一年来，主要做了两方面工作："),)
    assert draft.parts[1].intro == (Paragraph(text="2024年，要坚持“十四五”规划发展目标不动摇。"),)


def test_run_in_area_heading_and_split_paragraph_joined(draft):
    area = draft.parts[0].areas[0]
    assert area.heading == "（一）凝心聚力谋发展，经济向好态势持续巩固。"
    assert area.run_in is True
    assert area.paragraphs[0] == Paragraph(text="把稳增长摆在更加突出的位置，全年地区生产总值达到2286.2亿元。")


def test_bold_lead_separated_and_its_split_text_joined(draft):
    p = draft.parts[0].areas[0].paragraphs[1]
    assert p == Paragraph(lead="着力提升招商服务能级。", text="举办多场重大项目签约及投资促进大会，全年共引进重点项目840家。")
    assert len(draft.parts[0].areas[0].paragraphs) == 2


def test_run_in_heading_with_a_space_after_it(draft):
    area = draft.parts[0].areas[1]
    assert area.run_in is True and area.paragraphs == (Paragraph(text="加大改革开放力度。"),)


def test_closing_paragraphs_stay_apart(draft):
    assert [p.text[:6] for p in draft.parts[0].closing] == ["各位代表，过", "我们也清醒地"]


def test_standalone_area_heading(draft):
    area = draft.parts[1].areas[0]
    assert area.heading == "（一）全面服务国家战略，进一步提升城区核心竞争力。"
    assert area.run_in is False
    assert area.paragraphs[0] == Paragraph(text="坚持对接服务长三角一体化发展。")
    assert draft.parts[1].areas[1].run_in is True


def test_page_break_after_a_full_stop_is_joined(draft):
    p = draft.parts[1].areas[0].paragraphs[1]
    assert p.lead == "加快构建现代化产业体系。"
    assert p.text == "推动人工智能创新融合应用。依托大虹桥生命科学创新中心等平台载体，积极发展AI医学影像等新业态。"
    assert len(draft.parts[1].areas[0].paragraphs) == 2


def test_last_closing_closes_the_report(draft):
    assert draft.closing == (Paragraph(text="各位代表，风好正是扬帆时！"),)
    assert draft.parts[1].closing == ()


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


def test_drafting_leaves_the_parsed_draft_as_it_was_and_types_it_in_the_models_types(tmp_path):
    """to_yaml types a copy: the parsed draft it was given is the same after (twice the same YAML, figures
    or not), and what it writes is made of the model's own types (Indicator, Body, Annex)."""
    import copy

    from govreport import model
    from govreport.importer import draft as typed
    from govreport.importer.structure import parse

    text = (TITLE_PAGE + REVIEW + TASKS + "\n附件\n\n2024年区政府实事项目\n\n1.新建{社区}食堂100家。\n\n2.改造老旧小区50个。\n")
    d = parse(text)
    before = copy.deepcopy(d)
    first, plain = importer.to_yaml(d), importer.to_yaml(d, figures=False)
    assert d == before
    assert (importer.to_yaml(d), importer.to_yaml(d, figures=False)) == (first, plain)
    assert "1.新建{{社区}}食堂100家。" not in plain and "新建{{社区}}食堂100家。" in plain
    t = typed.type_report(d, 2023, 2024)
    assert isinstance(t.body, model.Body) and all(isinstance(i, model.Indicator) for i in t.indicators.values())
    assert isinstance(t.annexes[0], model.Annex)
    # the plan year's 实事项目: the annex's figure is the plan year's, the source's braces escaped
    [ref] = re.findall(r"(?<!\{)\{([a-z0-9_]+)\}", t.annexes[0].items[0].text)
    assert t.annexes[0].items[0].text == "新建{{社区}}食堂{" + ref + "}。"
    assert (t.indicators[ref].value_text, t.indicators[ref].period) == ("100家", 2024)
    gdp = t.indicators["gdp"]
    assert (gdp.value_text, gdp.period, gdp.group) == ("2286.2亿元", 2023, "economy")
    assert "{gdp}" in t.body.parts[0].areas[0].paragraphs[0].text


@pytest.mark.parametrize("text", ["{gdp}达到", "2024年，要坚持", "*强调*", "a: b", "#号", "- 列表", "“3+3”重点产业", "yes"])
def test_scalars_read_back_as_written(text):
    import yaml

    assert yaml.safe_load("k: " + importer.scalar(text)) == {"k": text}


# CJK text with every character YAML gives a meaning to (indicators, ': ', ' #', flow braces and
# commas, tabs, a BOM, odd spaces), as a draft's labels and paragraphs hold them
_YAML_HARD = st.text(st.sampled_from(list("增长㐀\U00020000，“”（）　%{}[],:#-?&*!|>'\"@` \t_.+/=5aZ\ufeff\xa0\x85\u2028\u2029")),
                     min_size=1, max_size=6)


@settings(max_examples=1000, deadline=None)
@given(_YAML_HARD, st.booleans())
def test_every_scalar_reads_back_as_written(text, flow):
    """Plain where it reads back the same (most text is told so without parsing it), else quoted: in
    a block mapping and in a flow mapping ({value: …, unit: …}) alike."""
    _reads_back(text, flow)


@pytest.mark.parametrize("flow", [False, True])
@pytest.mark.parametrize("text", ["增: 长", "增:", "增 #长", "增\t长", "- 增", "? 增", "增,长", "增{长}", "增[1]", "5%增长",
                                  "增\ufeff", "&增", "增 ",
                                  # YAML's own line breaks (NEL, LS, PS), which a .docx run can hold:
                                  # quoted, they would fold to a space unless escaped
                                  "增\x85长", "\x85增", "增\u2028长", "增\u2029长", "增\u2028\u2028长"])
def test_cjk_scalars_with_yaml_marks_read_back(text, flow):
    _reads_back(text, flow)


def _reads_back(text: str, flow: bool) -> None:
    import yaml

    written = importer.scalar(text, flow)
    doc = f"k: {{v: {written}}}" if flow else f"k: {written}"
    assert yaml.safe_load(doc) == ({"k": {"v": text}} if flow else {"k": text}), written


def test_the_whole_source_drafts_to_the_seeds_text(tmp_path):
    """The seed was drafted by the importer: its body, rendered, is the draft's text."""
    path = tmp_path / "draft.yaml"
    path.write_text(importer.to_yaml(importer.parse(SOURCE.read_text(encoding="utf-8"))), encoding="utf-8")
    draft, seed = load(path), load(SEED)
    assert draft.meta.subtitle == seed.meta.subtitle and draft.meta.speaker == seed.meta.speaker

    def texts(r):
        return as_the_source_sets_them(r), [(r.render(p.lead or ""), r.render(p.text)) for _, _, p in r.paragraphs()]

    assert texts(draft) == texts(seed)


def test_command_line(tmp_path):
    src = tmp_path / "report.txt"
    src.write_text(TITLE_PAGE + REVIEW + TASKS, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "govreport.importer", str(src)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("# yaml-language-server: $schema=report.schema.json\n") and "\nmeta:\n" in run.stdout
    out = tmp_path / "draft.yaml"
    out.write_text(run.stdout, encoding="utf-8")
    assert load(out).meta.title == "政府工作报告"
    missing = subprocess.run([sys.executable, "-m", "govreport.importer", str(tmp_path / "nope.txt")], cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode == 2 and "nope.txt" in missing.stderr and "Traceback" not in missing.stderr


# --- build.py import: figures typed, references in, Word files read ---------------------------

from collections import Counter

from conftest import reading_order, run_build


def figure_keys(report) -> Counter:
    """The figures of a report compared as the issue asks: value, unit and change (value, unit, word)."""

    def key(i):
        c = i.change
        return (
            str(i.value) if i.value is not None else None,
            i.unit if i.value is not None else None,
            (str(c.value), c.unit, c.word) if c else None,
        )

    return Counter(key(i) for i in report.indicators.values() if i.value is not None or i.change is not None)


# Areas the seed's content sets run in where the source's markup makes them headings of their own
# (### **（一）…**): the content gives all areas of a part one form (issue 21), the importer keeps
# the source's.
RUN_IN_IN_THE_SEED_ONLY = {"（一）全面服务国家战略，进一步提升城区核心竞争力。", "（三）持续优化营商环境，进一步推动经济高质量发展。"}


def as_the_source_sets_them(report) -> list:
    """Parts and areas (heading, run_in), with the seed's curated areas as the source sets them."""
    return [(p.heading, [(a.heading, a.run_in and a.heading not in RUN_IN_IN_THE_SEED_ONLY) for a in p.areas])
            for p in report.body.parts]


def assert_like_the_seed(draft_path):
    draft, seed = load(draft_path), load(SEED)
    want, got = figure_keys(seed), figure_keys(draft)
    found = sum((want & got).values())
    assert found >= 0.9 * sum(want.values()), f"found {found} of {sum(want.values())}; missed {want - got}"
    assert sum(got.values()) <= 1.6 * sum(want.values())
    # The body reads paragraph for paragraph as the curated content's.
    assert reading_order(draft) == reading_order(seed)
    assert as_the_source_sets_them(draft) == as_the_source_sets_them(seed)
    assert [(p.lead is None) for _, _, p in draft.paragraphs()] == [(p.lead is None) for _, _, p in seed.paragraphs()]
    return draft


@pytest.fixture(scope="module")
def seed_draft(tmp_path_factory):
    out = tmp_path_factory.mktemp("import") / "draft.yaml"
    run = run_build("import", str(SOURCE), "-o", str(out))
    assert run.returncode == 0, run.stderr
    return out


def test_import_of_the_seed_text_finds_the_curated_figures(seed_draft):
    draft = assert_like_the_seed(seed_draft)
    gdp = draft.indicators["gdp"]
    assert (gdp.label, str(gdp.value), gdp.unit, gdp.change.text, gdp.period, gdp.headline) == (
        "地区生产总值", "2286.2", "亿元", "12.8%", 2023, True
    )
    assert draft.indicators["district_revenue"].label == "区级一般公共预算收入"
    visits = next(i for i in draft.indicators.values() if i.value_text == "2.3万余次")
    assert (visits.unit, visits.qualifier) == ("万次", "余")
    share = next(i for i in draft.indicators.values() if i.value_text == "67%")
    assert share.change.text == "9个百分点" and share.change.word == "提高"
    assert [i.label for i in draft.indicators.values() if i.value is None][:2] == ["商品销售总额", "社会消费品零售总额"]
    assert 1 <= len(draft.headline_indicators) <= 8
    targets = draft.target_indicators
    assert [(t.value_text, t.period) for t in targets[:2]] == [("5%左右", 2024), ("5%", 2024)]
    # targets stated in words, as the curated content has them
    words = [(t.label, t.text) for t in targets if t.value is None]
    assert words == [(t.label, t.text) for t in load(SEED).target_indicators if t.value is None]
    # two figures of one paragraph with one noun are told apart by the verb after it
    labels = [i.label for i in draft.indicators.values()]
    assert "开工经济楼宇" in labels and "竣工经济楼宇" in labels
    # not figures: years, dates, ordinals, names in quotes
    texts = {i.value_text for i in draft.indicators.values()}
    assert not any(t.startswith(("2023", "2024", "15分钟")) for t in texts)
    # groups come from the area headings, and every one is used
    assert draft.groups["economy"] == "经济向好态势持续巩固"
    assert set(draft.groups) == {i.group for i in draft.indicators.values()}


def test_imported_draft_passes_check_and_marks_guesses(seed_draft):
    text = seed_draft.read_text(encoding="utf-8")
    n = len(load(seed_draft).indicators)
    assert text.count("# check: label") == n
    run = run_build(str(seed_draft), "--check")
    assert run.returncode == 0, run.stderr
    # --check counts the draft's indicators: every figure the importer wrote, none dropped on the way
    assert f", {n} indicators (" in run.stdout and n == text.split("\nindicators:\n")[1].split("\nbody:")[0].count("\n    label: ")


def test_import_of_the_word_report_built_from_the_seed(tmp_path):
    from govreport.builders import BuildContext, get

    report = load(SEED)
    docx_path = tmp_path / "report.docx"
    docx_path.write_bytes(get("report").build(report, BuildContext(source=SEED, data=SEED.read_bytes())))
    out = tmp_path / "from-docx.yaml"
    run = run_build("import", str(docx_path), "-o", str(out))
    assert run.returncode == 0, run.stderr
    draft = assert_like_the_seed(out)
    assert draft.meta.subtitle == report.meta.subtitle and draft.meta.speaker == report.meta.speaker
    assert draft.meta.date == report.meta.date


def test_import_refuses_and_explains(tmp_path):
    out = tmp_path / "draft.yaml"
    out.write_text("keep me", encoding="utf-8")
    src = tmp_path / "r.txt"
    src.write_text(TITLE_PAGE + REVIEW + TASKS, encoding="utf-8")
    run = run_build("import", str(src), "-o", str(out))
    assert run.returncode == 2 and "--force" in run.stderr and out.read_text(encoding="utf-8") == "keep me"
    assert run_build("import", str(src), "-o", str(out), "--force").returncode == 0
    assert load(out).meta.title == "政府工作报告"
    cases = {
        "empty.txt": (b"  \n", "empty"),
        "notes.txt": ("买菜：白菜两斤。\n记得回电话。\n".encode(), "does not look like a work report"),
        "broken.docx": (b"PK\x03\x04 not really", "Word document"),
        "old.doc": (b"\xd0\xcf\x11\xe0", ".docx"),
        "binary.txt": (bytes(range(255)) * 4, "binary"),  # zero bytes at even and odd offsets: no UTF-16
        "utf16-bom.txt": ("政府工作报告".encode("utf-16"), "does not look like a work report"),  # read, then judged
    }
    for name, (data, says) in cases.items():
        p = tmp_path / name
        p.write_bytes(data)
        run = run_build("import", str(p))
        assert run.returncode == 2, (name, run.stderr)
        assert says in run.stderr and "Traceback" not in run.stderr, (name, run.stderr)
    missing = run_build("import", str(tmp_path / "nope.docx"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


SHORT_PLAIN = """政府工作报告
——2025年1月8日在临江区第三届人民代表大会第四次会议上
临江区代理区长 周明远
各位代表：
一、2024年工作回顾
（一）经济运行稳中有进。全区生产总值达到512.3亿元，同比增长5.6%；规模以上工业总产值下降3.2%。全年引进项目120个。
（二）民生保障更加有力。新增就业岗位1.2万个，城镇调查失业率较上年下降0.4个百分点。
二、2025年主要任务
建议全区经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇登记失业人数控制在市下达指标以内。
（一）稳增长。推进第6批城市更新项目，全年完成“3+3”产业投资50亿元以上。
"""


def test_short_plain_text_report(tmp_path):
    """Plain text: no #, no bold; 一、/（一） lines are headings. A falling figure, a qualitative target."""
    src = tmp_path / "linjiang.txt"
    src.write_text(SHORT_PLAIN, encoding="utf-8")
    out = tmp_path / "linjiang.yaml"
    run = run_build("import", str(src), "-o", str(out))
    assert run.returncode == 0, run.stderr
    yaml_text = out.read_text(encoding="utf-8")
    # never invented: the speaker's title does not give the issuer
    assert "临江区代理区人民政府" not in yaml_text
    assert 'issuer: ""  # check:' in yaml_text
    out.write_text(yaml_text.replace('issuer: ""', "issuer: 临江区人民政府"), encoding="utf-8")
    draft = load(out)
    assert [p.heading for p in draft.body.parts] == ["一、2024年工作回顾", "二、2025年主要任务"]
    assert [a.heading for a in draft.body.parts[0].areas] == ["（一）经济运行稳中有进。", "（二）民生保障更加有力。"]
    assert draft.body.parts[0].areas[0].run_in
    by_text = {i.value_text or i.change_text: i for i in draft.indicators.values()}
    fall = by_text["3.2%"]
    assert fall.value is None and fall.change.word == "下降" and "工业总产值" in fall.label
    assert by_text["0.4个百分点"].change.word == "下降"
    assert by_text["1.2万个"].label == "新增就业岗位" and by_text["1.2万个"].period == 2024
    assert by_text["50亿元以上"].period == 2025 and not by_text["50亿元以上"].target
    target = by_text["5%左右"]
    assert target.target and target.label == "地区生产总值增长"
    assert not any(i.value_text.startswith("6") for i in draft.indicators.values())  # 第6批
    paras = [draft.render(p.text) for _, _, p in draft.paragraphs()]
    assert "城镇登记失业人数控制在市下达指标以内" in paras[-2]
    [words] = [t for t in draft.target_indicators if t.value is None]
    assert (words.label, words.text) == ("城镇登记失业人数", "城镇登记失业人数控制在市下达指标以内")
    assert "{%s}" % words.id in yaml_text
    run = run_build(str(out), "--check")
    assert run.returncode == 0, run.stderr


def make_docx(path):
    """A report made in Word: Title, Heading 1 parts, Heading 2 areas, bold leads."""
    import docx

    d = docx.Document()
    d.add_paragraph("政府工作报告", style="Title")
    d.add_paragraph("——2025年1月8日在临江区第三届人民代表大会第四次会议上")
    d.add_paragraph("临江区区长 周明远")
    d.add_paragraph("各位代表：")
    d.add_paragraph("现在，我代表临江区人民政府，向大会报告工作，请予审议。")
    d.add_heading("一、2024年工作回顾", level=1)
    d.add_paragraph("过去一年，全区经济平稳运行。")
    d.add_heading("（一）经济运行稳中有进", level=2)
    p = d.add_paragraph()
    p.add_run("产业发展提质增效。").bold = True
    p.add_run("全区生产总值达到512.3亿元，同比增长5.6%；规模以上工业总产值同比下降3.2%。")
    p = d.add_paragraph()
    p.add_run("招商引资").bold = True
    p.add_run("持续发力。").bold = True
    p.add_run("全年引进重点项目超过120个，{新}签约2.5亿美元。")
    d.add_heading("二、2025年主要任务", level=1)
    d.add_paragraph("全区经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇登记失业人数控制在市下达指标以内。")
    d.add_heading("（一）稳增长", level=2)
    d.add_paragraph("推进重点项目建设。")
    d.add_paragraph("各位代表，让我们团结奋斗！")
    d.add_paragraph("附表1")
    table = d.add_table(rows=2, cols=2)  # a figure table: left out, and said
    for (r, c), text in {(0, 0): "指标", (0, 1): "数值", (1, 0): "不应读入的附表内容", (1, 1): "12个"}.items():
        table.cell(r, c).text = text
    d.save(str(path))


def test_word_file_made_with_python_docx(tmp_path):
    src = tmp_path / "linjiang.docx"
    make_docx(src)
    out = tmp_path / "linjiang.yaml"
    run = run_build("import", str(src), "-o", str(out))
    assert run.returncode == 0, run.stderr
    draft = load(out)
    m = draft.meta
    assert (m.title, m.speaker, m.issuer, str(m.date), m.review_year) == ("政府工作报告", "临江区区长 周明远", "临江区人民政府", "2025-01-08", 2024)
    part = draft.body.parts[0]
    assert part.heading == "一、2024年工作回顾" and [a.heading for a in part.areas] == ["（一）经济运行稳中有进"]
    assert not part.areas[0].run_in
    leads = [p.lead for p in part.areas[0].paragraphs]
    assert leads == ["产业发展提质增效。", "招商引资持续发力。"]
    assert draft.render(part.areas[0].paragraphs[1].text) == "全年引进重点项目超过120个，{新}签约2.5亿美元。"
    by_text = {i.value_text or i.change_text: i for i in draft.indicators.values()}
    assert by_text["3.2%"].change.word == "下降" and by_text["超过120个"].qualifier == "超过"
    # 签约 is a verb, not a label, and its 约 no qualifier: the figure stays text, and its paragraph says so
    assert "约2.5亿美元" not in by_text and "2.5亿美元" not in by_text
    assert "# check: no label found for 2.5亿美元: kept as text" in out.read_text(encoding="utf-8")
    assert not any("12个" == t for t in by_text) and "附表内容" not in out.read_text(encoding="utf-8")
    assert "table 1 (附表1) after “各位代表，让我们团结奋斗！” left out" in run.stderr  # said, not dropped silently
    assert draft.body.closing[0].text.startswith("各位代表") or draft.body.parts[-1].closing
    assert run_build(str(out), "--check").returncode == 0
