"""The shapes real reports have beyond the seed (issue 20): ranges, spans and other years, the
qualifiers and change words, annexes and a glossary.

Each is checked as a user would: the figure written as the report writes it, a mistake refused at
its line and column, the JSON Schema offering the field, and tests/fixtures/annexes.yaml (an
invented district, not corpus text) built into all three outputs, read back and --verify'd.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES, reading_order, run_build
from govreport import figures, schema
from govreport.errors import ContentError
from govreport.loader import load, load_with_warnings, parse, plain, read_text
from govreport.model import Change, Indicator, Period

SHAPES = FIXTURES / "annexes.yaml"
SHAPES_TEXT = SHAPES.read_text(encoding="utf-8")


def ind(**kw) -> Indicator:
    return Indicator(**{**dict(id="x", label="指标", period=2026, group="g"), **kw})


# ---------------------------------------------------------------- ranges, as the report writes them


@pytest.mark.parametrize("kw, text, bare", [
    (dict(value="5", upper="5.5", unit="%"), "5%—5.5%", "5—5.5"),
    (dict(value="5", upper="5.5", unit="%", range="-"), "5%-5.5%", "5-5.5"),
    (dict(value="4.5", upper="5", unit="%", range="-", lower_unit=""), "4.5-5%", "4.5-5"),
    (dict(value="5", upper="5.5", unit="%", range="到"), "5%到5.5%", "5到5.5"),
    (dict(value="4.5", upper="5", unit="%"), "4.5%—5%", "4.5—5"),
    (dict(value="2", upper="4", unit="家"), "2—4家", "2—4"),
    (dict(value="20", upper="30", unit="万人"), "20万—30万人", "20—30"),
    (dict(value="5", upper="5.5", unit="%", qualifier="左右"), "5%—5.5%左右", "5—5.5"),
    (dict(value="600", upper="700", unit="家", qualifier="超过"), "超过600—700家", "600—700"),
    (dict(value="1.50", unit="亿元"), "1.50亿元", "1.50"),
])
def test_a_range_is_written_as_the_report_writes_it(kw, text, bare):
    i = ind(**kw)
    assert i.value_text == text == figures.quoted(i)
    assert i.value_number == bare
    assert "".join(figures.split_value(i)) == text
    assert "".join(figures.columns(i)) == text


def test_a_change_may_be_a_range_and_carry_a_qualifier_base_and_average():
    assert figures.change_text(Change(value="6", upper="7", unit="%", range="到")) == "6%到7%"
    assert figures.change_text(Change(value="1", upper="2", unit="个百分点")) == "1—2个百分点"
    assert figures.change_text(Change(value="20", unit="%", qualifier="以上")) == "20%以上"
    assert figures.change_text(Change(value="20", unit="%", qualifier="超")) == "超20%"
    assert figures.change_phrase(ind(change=Change(value="25", unit="%", word="下降", base=2020))) == "比2020年下降25%"
    assert figures.change_phrase(ind(change=Change(value="5.9", unit="%", per_year=True))) == "年均增长5.9%"
    only = ind(change=Change(value="5", upper="5.5", unit="%"))
    assert figures.tile(only) == ("增长", "5%—5.5", "%", "", 1)
    assert figures.target_phrase(only) == "增长5%—5.5%"
    assert figures.bar_value(only) == 5.0  # a chart's bar is the lower bound; its label the range


@pytest.mark.parametrize("word, sign", [("上涨", 1), ("涨幅", 1), ("上升", 1), ("降低", -1), ("缩小", -1), ("回落", -1)])
def test_new_change_words_say_their_direction(word, sign):
    i = ind(change=Change(value="2", unit="%", word=word))
    assert figures.direction(i.change) == sign
    assert figures.change_phrase(i) == word + "2%"


def test_target_line_carries_its_rider():
    t = ind(label="地区生产总值增长", value="5", upper="5.5", unit="%", target=True, rider="在实际工作中努力争取更好结果")
    assert figures.target_phrase(t) == "5%—5.5%"
    assert figures.target_line(t) == "5%—5.5%，在实际工作中努力争取更好结果"


@pytest.mark.parametrize("numbering, n, out", [
    ("1.", 3, "3."), ("1．", 10, "10．"), ("（1）", 12, "（12）"), ("(1)", 2, "(2)"), ("一、", 12, "十二、"),
    ("一、", 20, "二十、"), ("［1］", 2, "［2］"), ("１．", 10, "１０．"), ("一、", 110, "一百一十、"), ("一、", 105, "一百零五、"),
])
def test_items_are_numbered_in_the_style_of_the_first(numbering, n, out):
    assert figures.item_number(numbering, n) == out


def test_one_vocabulary_in_figures():
    """The importer's lists are figures.py's: nothing in import.yaml repeats or contradicts them."""
    from govreport import lint
    from govreport.loader import load_template

    data = load_template(Path(figures.__file__).parent / "data" / "import.yaml")
    assert not {"prefix_qualifiers", "infix_qualifiers", "suffix_qualifiers", "change_words"} & set(data)
    v = figures.vocabulary()
    assert set(v["prefix_qualifiers"]) | set(figures.VERB_QUALIFIERS) == set(figures.PREFIX_QUALIFIERS)
    assert {"超", "超过", "突破"} <= set(v["prefix_qualifiers"]) and "达到" not in v["prefix_qualifiers"]
    assert v["change_words"] == list(figures.CHANGE_WORDS)
    assert set(figures.CHANGE_WORDS) == set(figures.RISE_WORDS) | set(figures.FALL_WORDS)
    assert lint.word_before("居民消费价格上涨{cpi.change}", len("居民消费价格上涨")) == "上涨"
    assert lint.word_before("差距缩小{x.change}", len("差距缩小")) == "缩小"


# ---------------------------------------------------------------- periods


def test_a_period_is_a_year_or_a_span():
    assert Period.parse(2025) == 2025 and not Period.parse(2025).span
    span = Period.parse("2021-2025")
    assert span.span and (span.start, span.end) == (2021, 2025) and str(span) == "2021-2025"
    assert span != 2025 and span != 2021 and 2023 in span
    assert ind(period="2021-2025", value="1", unit="家").model_dump()["period"] == "2021-2025"
    assert ind(value="1", unit="家").model_dump()["period"] == 2026
    for bad in ("2025-2021", "2025-2025", "1900-1905", "二〇二五", "2021—2025"):
        with pytest.raises(ValueError):
            Period.parse(bad)


def test_only_the_review_years_figures_are_the_review_years():
    r = load(SHAPES)
    review = {i.id for i in r.review_indicators}
    assert {"gdp", "retail", "new_labs", "pm25_five_year"} <= review
    assert not {"gdp_five_year", "digital_share_2030", "water_quality", "gdp_target"} & review
    tables = {i.id for _, inds in r.grouped_indicators() for i in inds}
    assert tables == review
    assert {i.id for _, inds in r.grouped_indicators(targets=True) for i in inds} == {
        "gdp_target", "investment_target", "trade_target"}
    assert [i.id for i in r.headline_indicators] == ["gdp", "retail"]


def test_a_headline_figure_of_a_span_is_warned_about(tmp_path):
    text = SHAPES_TEXT.replace('change: {value: 5.9, unit: "%", per_year: true}\n    group: five_year',
                               'change: {value: 5.9, unit: "%", per_year: true}\n    group: five_year\n    headline: true', 1)
    assert text != SHAPES_TEXT
    p = tmp_path / "h.yaml"
    p.write_text(text, encoding="utf-8")
    report, warnings = load_with_warnings(p)
    assert "gdp_five_year" not in {i.id for i in report.headline_indicators}
    msgs = [w for w in warnings if w.path == "indicators.gdp_five_year.headline"]
    assert msgs and "2021-2025" in msgs[0].message and "review year 2025" in msgs[0].message


# ---------------------------------------------------------------- mistakes, at their line and column


def _variant(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    assert old in SHAPES_TEXT, old
    text = SHAPES_TEXT.replace(old, new, 1)
    p = tmp_path / "bad.yaml"
    p.write_text(text, encoding="utf-8")
    return p, text


def _position(text: str, needle: str, after: str = "") -> tuple[int, int]:
    start = text.index(after) if after else 0
    i = text.index(needle, start)
    return text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1


@pytest.mark.parametrize("old, new, needle, after, path, message", [
    ("    upper: 5.5\n", "    upper: 4.5\n", "4.5", "gdp_target:", "indicators.gdp_target.upper",
     "upper bound must be above its lower bound"),
    ("    value: 5\n    upper: 5.5\n", "    upper: 5.5\n", "5.5", "gdp_target:", "indicators.gdp_target.upper",
     "add value:"),
    ("    value: 2\n    upper: 4\n", "    value: 2\n    range: 到\n", "到", "new_labs:", "indicators.new_labs.range",
     "add upper:"),
    ("change: {value: 6, upper: 7,", "change: {value: 6, upper: 5,", "5,", "trade_target:",
     "indicators.trade_target.change.upper", "upper bound must be above"),
    ("    upper: 5.5\n", "    upper: 005.5\n", "005.5", "gdp_target:", "indicators.gdp_target.upper", "plain digits"),
    ('    upper: 5.5\n', '    upper: "05.5"\n', '"05.5"', "gdp_target:", "indicators.gdp_target.upper", "plain digits"),
    ("    period: 2021-2025\n", "    period: 2025-2021\n", "2025-2021", "", "indicators.gdp_five_year.period",
     "earlier year to a later one"),
    ("    range: \"-\"\n", "    range: \"/\"\n", '"/"', "investment_target:", "indicators.investment_target.range",
     "expected one of"),
    ("  numbering: ［1］\n", "  numbering: 第\n", "第", "glossary:", "glossary.numbering", "first item's number"),
    ("      - 新建社区食堂15家", "      - 新建社区食堂{canteens}", "{canteens}", "annexes:", "annexes[0].items[1]",
     "unknown indicator 'canteens'"),
])
def test_a_bad_shape_is_refused_at_its_line_and_column(tmp_path, old, new, needle, after, path, message):
    p, text = _variant(tmp_path, old, new)
    r = run_build(p.name, "--check", cwd=p.parent)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    line, col = _position(text, needle, after)
    want = f"bad.yaml:{line}:{col}: {path}: "
    hits = [l for l in r.stderr.splitlines() if l.startswith(want)]
    assert hits and message in hits[0], f"{want}… {message!r} not in:\n{r.stderr}"


def test_an_annex_holds_items_or_paragraphs(tmp_path):
    p, text = _variant(tmp_path, "    paragraphs:\n      - 区级重点实验室", "    items: [一项]\n    paragraphs:\n      - 区级重点实验室")
    with pytest.raises(ContentError) as e:
        load(p)
    line, _ = _position(text, "label: 附件2")
    assert any(pr.path == "annexes[1]" and pr.line == line and "one of the two" in pr.message for pr in e.value.problems)


# ---------------------------------------------------------------- the JSON Schema


def test_schema_offers_ranges_periods_annexes_and_glossary():
    s = json.loads(schema.SCHEMA_FILE.read_text(encoding="utf-8"))
    d = s["$defs"]
    for where in ("Indicator", "Change"):
        props = d[where]["properties"]
        assert {"upper", "range", "lower_unit"} <= set(props)
        rng = next(a for a in props["range"]["anyOf"] if "enum" in a)
        assert rng["enum"] == list(figures.RANGE_SEPARATORS)
    assert {"qualifier", "base", "per_year"} <= set(d["Change"]["properties"])
    assert {"aim", "rider"} <= set(d["Indicator"]["properties"])
    period = d["Indicator"]["properties"]["period"]["anyOf"]
    assert {"type": "string", "pattern": "^[0-9]{4}-[0-9]{4}$"} in period
    assert {"annexes", "glossary"} <= set(s["properties"])
    assert {"label", "title", "items", "paragraphs", "numbering"} <= set(d["Annex"]["properties"])
    assert {"term", "text"} == set(d["Term"]["properties"])
    data, _ = parse(read_text(SHAPES, str(SHAPES)), str(SHAPES))
    import jsonschema

    jsonschema.validate(plain(data, number=str), s)
    jsonschema.validate(plain(data), s)
    for bad in ("007", "1e3", "13,600"):
        data2 = plain(data, number=str)
        data2["indicators"]["gdp_target"]["upper"] = bad
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data2, s)


# ---------------------------------------------------------------- three outputs and --verify


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("shapes")
    r = run_build(str(SHAPES), "--out", str(out), "--verify")
    assert r.returncode == 0, r.stdout + r.stderr
    agree = re.search(r"verify: ok: (\d+) of (\d+) figures agree", r.stdout + r.stderr)
    assert agree and agree[1] == agree[2] and int(agree[1]) >= 33, r.stdout + r.stderr  # (figure, output) pairs: one more output, more pairs
    return out / "annexes"


def test_report_prints_ranges_and_annexes_after_the_closing(built):
    import docx

    d = docx.Document(str(built / "report.docx"))
    paras = [p for p in d.paragraphs]
    texts = [p.text.replace("\n", "") for p in paras]
    report = load(SHAPES)
    assert texts == [t for t in reading_order(report) if t], "the report reads as the content, annexes last"
    body = "".join(texts)
    for figure in ("5%—5.5%", "4.5-5%", "6%到7%", "2—4家", "增长20%以上", "突破410亿元", "年均增长5.9%", "比2020年下降25%"):
        assert figure in body
    closing = next(i for i, t in enumerate(texts) if t.startswith("各位代表，新征程"))
    labels = [i for i, p in enumerate(paras) if p.style.name == "附表标识"]
    assert [texts[i] for i in labels] == ["附件1", "附件2", "附件3"] and labels[0] == closing + 1
    for i in labels:  # label flush left on a new page, in 黑体; the title next, centred
        p = paras[i]
        assert p.style.paragraph_format.page_break_before and p.style.paragraph_format.first_line_indent in (0, None)
        assert "黑体" in p.style.element.xml
        title = paras[i + 1]
        assert title.style.name == "附表标题" and title.style.paragraph_format.alignment == 1  # centred
    assert texts[labels[0] + 2: labels[0] + 5] == [
        "1.新增普惠托育托位300个，改造老旧小区电梯20部。", "2.新建社区食堂15家，为老年人提供助餐服务。",
        "3.加强公共文化服务。建成城市书房10家，全年举办文化惠民活动500场以上。"]
    assert texts[-1].startswith("［2］“一网通办”：") and texts[-3] == "名词解释"
    assert texts[labels[1] + 2].endswith("2025年新建2—4家。")  # an annex's paragraph quotes {new_labs}


def test_deck_and_brief_write_ranges_as_the_report_does(built):
    from pptx import Presentation

    prs = Presentation(str(built / "deck.pptx"))
    slide_text = []
    for s in prs.slides:
        for sh in s.shapes:
            if sh.has_text_frame:
                slide_text.append(sh.text_frame.text)
            if getattr(sh, "has_table", False) and sh.has_table:
                slide_text += [c.text for row in sh.table.rows for c in row.cells]
    deck = "".join(slide_text).replace("\v", "")
    assert "5%—5.5%" in deck and "4.5-5%" in deck and "6%到7%" in deck
    assert "5%—5%" not in deck and "5%—5.5" + "%%" not in deck
    pdf = subprocess.run(["pdftotext", "-layout", str(built / "brief.pdf"), "-"], capture_output=True, text=True)
    if pdf.returncode != 0:
        pytest.skip("pdftotext (poppler) is not installed")
    brief = re.sub(r"\s+", "", pdf.stdout)
    assert "5%—5.5%" in brief and "4.5-5%" in brief and "增长6%到7%" in brief
    # a five-year figure is never shown as the review year's: only under the span's own heading
    # (2021—2025年主要指标, where the year's rows leave room: test_brief_span.py), after the year's rows
    year, _, span = brief.partition("2021—2025年主要指标")
    assert "年均增长5.9%" not in year, "a five-year figure is not shown as the review year's"


def test_verify_catches_an_edited_range(built, tmp_path):
    import shutil

    out = tmp_path / "annexes"
    shutil.copytree(built, out)
    doc = out / "report.docx"
    with zipfile.ZipFile(doc) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    assert xml.count("5%—5.5%") == 1
    parts["word/document.xml"] = xml.replace("5%—5.5%", "5%—6%").encode("utf-8")
    with zipfile.ZipFile(doc, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    r = run_build(str(SHAPES), "--out", str(tmp_path), "--verify-only", "--only", "report")
    assert r.returncode == 3, r.stdout + r.stderr
    assert re.search(r"gdp_target\s+(differs|missing)", r.stdout), r.stdout
    assert "gdp_target: report:" in r.stderr and "5%—5.5%" in r.stderr  # the range as the report writes it


def test_annex_pages_render_as_gbt9704_asks(built, soffice_pdf):
    """LibreOffice's rendering: every 附件 label starts a page, its title is on that page, the
    glossary is the last page."""
    pdf = soffice_pdf(built / "report.docx")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = [re.sub(r"\s+", "", p) for p in text.split("\f") if p.strip()]
    starts = [i for i, p in enumerate(pages) if p.startswith("附件")]
    assert [pages[i][:3] for i in starts] == ["附件1", "附件2", "附件3"]
    assert pages[starts[0]].startswith("附件12026年区政府十件实事项目1.新增普惠托育托位")
    assert pages[starts[2]].startswith("附件3名词解释［1］智慧城市试点：")
    assert starts[2] == len(pages) - 1, "the glossary is the last page"
    assert "各位代表，新征程催人奋进" in pages[starts[0] - 1], "the annexes follow the closing"
