"""The seed content file carries the whole 2024 report, mended, with every figure typed once.

Checked against a verbatim copy of the extracted source text (tests/source/changning-2024.txt):
every sentence is there in order, nothing is added, the page-break splits are joined, the
stray spaces are gone, and paragraphs that quote indicators render to the source's words.
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, SEED, reading_order
from govreport import references
from govreport.loader import load, load_with_warnings

SOURCE = ROOT / "tests" / "source" / "changning-2024.txt"
STANDARD_SHORT = {"社零总额"}  # 社会消费品零售总额, as statistical bulletins abbreviate it


def norm(text: str) -> str:
    """Whitespace and the Markdown marks (#, **) removed: what the words are, not the layout."""
    return re.sub(r"\s+|#|\*\*", "", text)


@pytest.fixture(scope="module")
def report():
    return load(SEED)


@pytest.fixture(scope="module")
def source() -> str:
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def source_blocks(source) -> list[str]:
    """The source's blank-line separated blocks, normalised (page-break pieces still apart)."""
    return [norm(b) for b in re.split(r"\n[ \t]*\n", source) if b.strip()]


def paragraph_texts(report):
    """(rendered paragraph, raw lead+text, paragraph) in reading order; a run-in area's heading
    is part of its first paragraph, as it is in the source."""
    out = []
    for part, area, p in report.paragraphs():
        prefix = ""
        if area is not None and area.run_in and p is area.paragraphs[0]:
            prefix = area.heading
        rendered = prefix + report.render(p.lead or "") + report.render(p.text)
        out.append((rendered, (p.lead or "") + p.text, p))
    return out


# --- the whole text, in order ------------------------------------------------------------


def test_every_source_sentence_is_in_the_body_in_order(report, source):
    text = norm("".join(reading_order(report)))
    sentences = [s for s in re.findall(r"[^。！？；]+[。！？；]?", norm(source)) if s]
    assert len(sentences) == 312
    pos = 0
    for s in sentences:
        found = text.find(s, pos)
        assert found >= 0, f"sentence missing or out of order: {s}"
        pos = found + len(s)


def test_nothing_is_added_or_lost(report, source):
    assert norm("".join(reading_order(report))) == norm(source)


def test_meta_and_structure(report):
    m = report.meta
    assert (m.title, m.speaker) == ("政府工作报告", "长宁区区长 侯继军")
    assert m.subtitle == "——2024年1月16日在长宁区第十七届人民代表大会第五次会议上"
    assert (m.issuer, m.session) == ("上海市长宁区人民政府", "长宁区第十七届人民代表大会第五次会议")
    assert (str(m.date), m.review_year, m.plan_year) == ("2024-01-16", 2023, 2024)
    assert m.source
    parts = report.body.parts
    assert [p.heading for p in parts] == ["一、2023年工作回顾", "二、2024年主要任务"]
    assert [len(p.areas) for p in parts] == [7, 7]
    nums = "一二三四五六七"
    for part in parts:
        for n, area in zip(nums, part.areas):
            assert area.heading.startswith(f"（{n}）") and area.heading.endswith("。"), area.heading
    # one form for all areas of a part: run in, as the printed report sets most of them (its
    # text marks two of part two's areas as headings of their own, the others run in)
    assert all(a.run_in for a in parts[0].areas)
    assert all(a.run_in for a in parts[1].areas)
    assert report.body.opening[0].text == "各位代表："
    assert len(parts[0].closing) == 2 and parts[0].closing[0].text.startswith("各位代表，过去一年")
    assert report.body.closing[-1].text.startswith("各位代表，风好正是扬帆时")


def test_bold_leads_are_their_own_field_in_source_order(report, source):
    src_leads = [
        norm(m.group(1))
        for m in re.finditer(r"^\s*\*\*(.+?)\*\*", source, re.M)
        if not re.match(r"（[一二三四五六七]）", m.group(1))
    ]
    yaml_leads = [report.render(p.lead) for _, _, p in report.paragraphs() if p.lead]
    assert yaml_leads == src_leads
    assert len(yaml_leads) == 45
    first = next(p for _, _, p in report.paragraphs() if p.lead)
    assert first.lead == "着力提升重点产业能级。"
    assert report.render(first.text).startswith("“3+3”重点产业完成综合税收370亿元")


# --- mending -----------------------------------------------------------------------------

# Pieces the page breaks split apart, and where: (end of one piece, start of the next).
SPLITS = [
    ("把稳", "增长摆在"),
    ("签约及投", "资促进大会"),
    ("着力打", "造市场化"),
    ("“立等可取”。颁", "发全市首张"),
    ("重点实验", "室创建"),
    ("人力资", "源服务业党建联盟"),
    ("成为全", "市首个社区共享"),
    ("景观照明", "监控集控中心"),
    ("完成76", "个平安屋"),
    ("5所公办幼儿园", "新设托班"),
    ("治理体系和治", "理能力现代化水平"),
    ("主要任务得到", "有效落实"),
    ("深层次改革和", "高水平开放"),
    ("提升商圈能级，", "做强做大品牌活动"),
    ("推动人工智能创新融合应用。", "依托大虹桥生命科学创新中心"),
    ("民营企业总部和贸", "易型总部生态"),
    ("等功能平台，深", "化人才引进落户"),
    ("“服务包”制度，", "结合“三级三系”"),
    ("高端会展、国际", "高端人才服务"),
    ("架空线", "入地和杆箱整治，不断"),
    ("危害公共", "安全等影响"),
    ("廉政风险防控，", "织密扎牢制度笼子"),
]


def _loose(s: str) -> str:
    """A regex for ``s`` that allows the extraction's stray spaces between its characters."""
    return r"[ \t]*".join(re.escape(c) for c in s)


@pytest.mark.parametrize("before,after", SPLITS, ids=[a for a, _ in SPLITS])
def test_page_break_split_is_one_paragraph_again(report, source, before, after):
    # The source really has a paragraph break there ...
    assert re.search(_loose(before) + r"\s*\n\s*\n\s*" + _loose(after), source), "not a split in the source"
    # ... and the content has the two pieces joined inside one paragraph.
    joined = before + after
    holders = [r for r, _, _ in paragraph_texts(report) if joined in r]
    assert len(holders) == 1, f"{joined!r} is not inside one paragraph"


def test_the_subtitle_was_split_in_the_source(source):
    assert re.search(r"第十七届\s*\n人民代表大会第五次会议上", source)


def test_paragraph_count_is_the_source_blocks_less_the_splits(report, source_blocks):
    # 96 blocks: title, subtitle, speaker, 2 part headings, 2 standalone area headings, and
    # 89 pieces of paragraphs, 22 of which continue the piece before them.
    assert len(source_blocks) == 96
    assert len(list(report.paragraphs())) == 96 - 7 - len(SPLITS) == 67


def test_every_paragraph_ends_with_closing_punctuation(report):
    for rendered, _, _ in paragraph_texts(report):
        assert rendered[-1] in "。！？：；”…", f"paragraph ends open: …{rendered[-20:]}"


def test_every_paragraph_is_a_run_of_whole_source_blocks(report, source_blocks):
    """No paragraph starts or ends inside a source block, so no two real paragraphs were joined
    into one and no paragraph was cut short."""
    for rendered, _, _ in paragraph_texts(report):
        assert _whole_blocks(rendered, source_blocks), f"not whole source paragraphs: {rendered[:30]}…"


def _whole_blocks(text: str, blocks: list[str]) -> bool:
    for i, b in enumerate(blocks):
        if not text.startswith(b):
            continue
        acc = b
        for nxt in blocks[i + 1 :]:
            if acc == text or not text.startswith(acc):
                break
            acc += nxt
        if acc == text:
            return True
    return False


def test_no_stray_spaces_left(report):
    texts = [r for r, _, _ in paragraph_texts(report)]
    texts += [p.heading for p in report.body.parts] + [a.heading for p in report.body.parts for a in p.areas]
    texts.append(report.meta.subtitle)
    for t in texts:
        assert not re.search(r"\s", t), f"whitespace in {t[:40]}…"
    body = "".join(texts)
    for mended in ("840家", "2286.2亿元", "13600元/平方米", "上海硅巷NO.1", "LED灯具", "交通事故类110同比", "2024年主要任务"):
        assert mended in body
    assert "上当年引进重点项目产税30.7亿元" in body  # the source's odd wording, kept


# --- indicators and references ------------------------------------------------------------


def test_paragraphs_quoting_indicators_render_as_the_source(report, source_blocks):
    quoting = [(r, raw) for r, raw, _ in paragraph_texts(report) if list(references.find(raw))]
    assert len(quoting) >= 20
    for rendered, raw in quoting:
        assert _whole_blocks(rendered, source_blocks), f"renders differently from the source: {raw[:40]}…"


def test_examples_of_references(report):
    first = report.body.parts[0].areas[0].paragraphs[0].text
    assert "达到{gdp}，同比增长{gdp.change}" in first
    assert "全年地区生产总值达到2286.2亿元，同比增长12.8%" in report.render(first)
    intro = report.body.parts[1].intro[1].text
    assert "地区生产总值增长{gdp_target}，区级一般公共预算收入增长{revenue_target}" in intro
    assert "地区生产总值增长5%左右，区级一般公共预算收入增长5%" in report.render(intro)


def test_indicator_counts_and_flags(report):
    inds = report.indicators
    assert len(inds) >= 60
    headline = report.headline_indicators
    assert 8 <= len(headline) <= 12
    source = SOURCE.read_text(encoding="utf-8")
    for i in inds.values():
        # A short label is the source's own words or a standard abbreviation, never a coined one
        # (区级财政收入 is another fiscal concept than 区级一般公共预算收入).
        assert i.short is None or i.short in source or i.short in STANDARD_SHORT, (i.id, i.short)
    assert {"gdp", "district_revenue", "key_industry_tax", "fixed_asset_investment", "retail_sales",
            "digital_economy_tax", "key_projects"} <= {i.id for i in headline}
    # The report's four targets, in its order, as it states them (two stated in words).
    targets = report.target_indicators
    assert [t.quoted for t in targets] == ["5%左右", "5%", "城镇登记失业人数控制在市下达指标以内",
                                           "全面完成区为民办实事项目以及市政府下达的节能、可再生能源建设等目标任务"]
    assert [t.target_phrase for t in targets] == ["5%左右", "5%", "控制在市下达指标以内", "全面完成"]
    for t in targets:
        assert t.period == report.meta.plan_year == 2024 and t.group == "targets", t.id
    for i in inds.values():
        assert i.group in report.groups
        if not i.target:
            assert i.period == 2023 or i.group == "tasks", i.id
    # Figures of the plan year's work tasks are not targets.
    assert {"river_sections_target", "water_quality_target", "park_hours_target"} <= {
        i.id for i in inds.values() if i.group == "tasks" and not i.target}


def test_values_keep_their_digits(report):
    inds = report.indicators
    assert str(inds["gdp"].value) == "2286.2" and inds["gdp"].change_text == "12.8%"
    assert str(inds["district_revenue"].value) == "168.53" and inds["district_revenue"].change_text == "8.31%"
    per_area = [i for i in inds.values() if i.unit == "元/平方米"]
    assert len(per_area) == 1 and str(per_area[0].value) == "13600"
    assert inds["key_industry_tax"].value_text == "370亿元" and inds["key_industry_tax"].change_text == "40%"
    assert inds["key_industry_share"].change_text == "9个百分点" and inds["key_industry_share"].change.word == "提高"
    assert inds["enterprise_visits"].value_text == "2.3万余次"
    assert inds["ai_firms"].value_text == "超过600家"
    assert inds["new_jobs"].value_text == "约3万个"
    assert inds["retail_sales"].value is None and inds["retail_sales"].change_text == "14%"
    assert inds["youth_myopia"].change.word == "下降"


def test_every_indicator_is_referenced(report):
    referenced = set()
    for _, raw, _ in paragraph_texts(report):
        referenced |= {r.id for r in references.find(raw)}
    assert set(report.indicators) - referenced == set()


def test_figures_are_typed_only_in_indicators(report):
    """Digits left in the narrative are names, years and versions, not figures to be typed once."""
    allowed = ["2023年", "2024年", "“3+3”", "“3320”", "“12345”", "“1+1+N”", "“15分钟", "2.0版", "6.0版", "7.0版",
               "NO.1", "交通事故类110", "75周年", "5G"]
    for _, raw, _ in paragraph_texts(report):
        rest = references.TOKEN.sub("", raw)
        for a in allowed:
            rest = rest.replace(a, "")
        assert not re.search(r"[0-9]", rest), f"a figure typed in the text, not referenced: {rest}"


def test_the_seed_loads_without_warnings():
    report, warnings = load_with_warnings(SEED)
    assert warnings == []
    load(SEED, strict=True)
