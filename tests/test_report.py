"""The Word report, read back as a user would check it: python-docx on the .docx, pdfplumber on
LibreOffice's rendering of it.

GB/T 9704-2012 numbers are written out here on purpose (A4, margins 37/35/28/26 mm, 22 lines of
28 characters, 16 pt body, 22 pt title, 14 pt folio 7 mm below the text block): the profile
templates/report.yaml may be restyled, but the default must stay a GB/T 9704 page.
"""

from __future__ import annotations

import collections
import io
import re
import statistics
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from conftest import FIXTURES, MINI, ROOT, SEED, lone_lines, reading_order
from govreport.builders import BuildContext
from govreport.builders import report as builder
from govreport.loader import load
from govreport.model import Settings

SOURCE = ROOT / "tests" / "source" / "changning-2024.txt"
MM = 72 / 25.4
PAGE_W, PAGE_H = 210, 297
TOP, BOTTOM, LEFT, RIGHT = 37, 35, 28, 26
PITCH = 28.95
BODY_PT = 16
BODY = "Normal"  # the body style: Word's built-in 正文



# --------------------------------------------------------------------------- building


def build(report, source: Path) -> tuple[bytes, BuildContext]:
    ctx = BuildContext(source=source)
    return builder.build(report, ctx), ctx


class Built:
    """One build: the model, the bytes, the notes and the document read back."""

    def __init__(self, path: Path, appendix: "bool | None" = None):
        """``appendix``: print the indicator tables or not; None: as the content says."""
        self.path = path
        self.report = load(path)
        if appendix is not None:
            self.report = self.report.model_copy(update={"settings": Settings(appendix=appendix)})
        self.data, ctx = build(self.report, path)
        self.notes = ctx.notes
        self.doc = Document(io.BytesIO(self.data))


@pytest.fixture(scope="module")
def mini() -> Built:
    """MINI with its indicator tables printed (settings.appendix: true)."""
    return Built(MINI, appendix=True)


@pytest.fixture(scope="module")
def mini_no_appendix() -> Built:
    return Built(MINI, appendix=False)


@pytest.fixture(scope="module")
def seed() -> Built:
    """The seed with its indicator tables printed (settings.appendix: true)."""
    return Built(SEED, appendix=True)


@pytest.fixture(scope="module")
def seed_as_written() -> Built:
    """The seed as its content says: no settings, so no indicator tables."""
    return Built(SEED)


@pytest.fixture(params=["mini", "seed"])
def built(request) -> Built:
    return request.getfixturevalue(request.param)


# --------------------------------------------------------------------------- reading styles back


def _style_el(doc, style_id):
    for s in doc.styles.element.findall(qn("w:style")):
        if s.get(qn("w:styleId")) == style_id:
            return s
    return None


def _style_chain(doc, style_id):
    """Style elements from ``style_id`` up its basedOn chain."""
    out = []
    while style_id:
        el = _style_el(doc, style_id)
        if el is None:
            break
        out.append(el)
        based = el.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return out


def rpr_chain(doc, paragraph, run=None) -> list:
    """rPr elements that decide a run's look, most specific first (direct, character style,
    paragraph style chain, document defaults)."""
    chain = []
    if run is not None:
        rpr = run._r.rPr
        if rpr is not None:
            chain.append(rpr)
            rstyle = rpr.find(qn("w:rStyle"))
            if rstyle is not None:
                chain += [s.find(qn("w:rPr")) for s in _style_chain(doc, rstyle.get(qn("w:val")))]
    ppr = paragraph._p.pPr
    pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
    if pstyle is not None:
        chain += [s.find(qn("w:rPr")) for s in _style_chain(doc, pstyle.get(qn("w:val")))]
    chain.append(doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")))
    return [c for c in chain if c is not None]


def ppr_chain(doc, paragraph) -> list:
    chain = [paragraph._p.pPr] if paragraph._p.pPr is not None else []
    pstyle = paragraph._p.pPr.find(qn("w:pStyle")) if paragraph._p.pPr is not None else None
    if pstyle is not None:
        chain += [s.find(qn("w:pPr")) for s in _style_chain(doc, pstyle.get(qn("w:val")))]
    chain.append(doc.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")))
    return [c for c in chain if c is not None]


def effective(chain, tag, attr="val"):
    """The first value of ``tag/@attr`` along the chain (None if nowhere)."""
    for el in chain:
        found = el.find(qn(tag))
        if found is not None and found.get(qn(f"w:{attr}")) is not None:
            return found.get(qn(f"w:{attr}"))
    return None


def on(chain, tag) -> bool:
    """An on/off property (w:b, w:keepNext …) along the chain."""
    for el in chain:
        found = el.find(qn(tag))
        if found is not None:
            return found.get(qn("w:val")) not in ("0", "false", "off")
    return False


def run_font(doc, paragraph, run) -> dict:
    chain = rpr_chain(doc, paragraph, run)
    return {
        "eastAsia": effective(chain, "w:rFonts", "eastAsia"),
        "ascii": effective(chain, "w:rFonts", "ascii"),
        "size": int(effective(chain, "w:sz")) / 2,
        "bold": on(chain, "w:b"),
        "spacing": effective(chain, "w:spacing"),
    }


def style_name(paragraph) -> str:
    return paragraph.style.name


def body_paragraphs(doc):
    """Document paragraphs up to the appendix (the report text itself)."""
    out = []
    for p in doc.paragraphs:
        if style_name(p) == "附表标识":
            break
        out.append(p)
    return out


def norm(text: str) -> str:
    return re.sub(r"\s+|#|\*\*", "", text)


def sentences(text: str) -> list[str]:
    return [s for s in re.findall(r"[^。！？；]+[。！？；]?", norm(text)) if s]


# --------------------------------------------------------------------------- the page


def test_page_is_a4_with_gbt9704_margins_and_a_22_line_grid(built):
    sec = built.doc.sections[0]
    assert abs(sec.page_width - Mm(PAGE_W)) < Mm(0.1) and abs(sec.page_height - Mm(PAGE_H)) < Mm(0.1)
    for got, want in (
        (sec.top_margin, TOP), (sec.bottom_margin, BOTTOM), (sec.left_margin, LEFT), (sec.right_margin, RIGHT)
    ):
        assert abs(got - Mm(want)) < Mm(0.1), (got.mm, want)
    assert (sec.page_width - sec.left_margin - sec.right_margin) == pytest.approx(Mm(156), abs=Mm(0.1))
    grid = sec._sectPr.find(qn("w:docGrid"))
    # Word's 文档网格 "指定行和字符网格": 22 lines of the pitch, 28 characters of 16 pt + charSpace/4096 pt
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert grid.get(qn("w:linePitch")) == str(round(PITCH * 20))
    char_pitch = BODY_PT + int(grid.get(qn("w:charSpace"))) / 4096
    line = (PAGE_W - LEFT - RIGHT) * MM
    assert 28 * char_pitch <= line < 29 * char_pitch, char_pitch
    # 22 lines of the pitch fill the 225 mm block, a 23rd would not fit.
    block = (PAGE_H - TOP - BOTTOM) * MM
    assert 22 * PITCH <= block < 23 * PITCH


def test_body_is_16pt_fangsong_in_the_east_asian_slot_with_exact_pitch(built):
    doc = built.doc
    paras = [p for p in body_paragraphs(doc) if style_name(p) == BODY]
    assert len(paras) >= len(list(built.report.paragraphs())) - 1  # less the salutation 各位代表：
    for p in paras:
        pchain = ppr_chain(doc, p)
        assert effective(pchain, "w:spacing", "lineRule") == "exact"
        assert effective(pchain, "w:spacing", "line") == str(round(PITCH * 20))
        assert effective(pchain, "w:jc") == "both"
        # first-line indent of two characters of 16 pt condensed by 0.3 pt
        assert int(effective(pchain, "w:ind", "firstLine")) == round(2 * (BODY_PT - 0.3) * 20)
        for r in p.runs:
            f = run_font(doc, p, r)
            assert f["size"] == BODY_PT, r.text
            assert f["ascii"] == "Times New Roman"
            assert f["eastAsia"] in ("仿宋_GB2312", "楷体_GB2312"), r.text  # 楷体: run-in headings
            assert f["spacing"] == "-6"  # -0.3 pt: 28 characters fit the 156 mm line (see styles.xml)
    # The body style itself carries the East Asian font, so a user restyles it in one place.
    body = doc.styles[BODY].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert body.get(qn("w:eastAsia")) == "仿宋_GB2312" and body.get(qn("w:ascii")) == "Times New Roman"


def test_title_block(built):
    doc, m = built.doc, built.report.meta
    title, subtitle, speaker = doc.paragraphs[:3]
    assert title.text == m.title and style_name(title) == "Title"
    f = run_font(doc, title, title.runs[0])
    assert (f["size"], f["eastAsia"]) == (22, "方正小标宋简体")
    assert effective(ppr_chain(doc, title), "w:jc") == "center"
    assert subtitle.text.replace("\n", "") == m.subtitle and style_name(subtitle) == "Subtitle"
    assert speaker.text == m.speaker
    for p in (subtitle, speaker):
        assert effective(ppr_chain(doc, p), "w:jc") == "center"
        for r in p.runs:
            if r.text:
                f = run_font(doc, p, r)
                assert (f["size"], f["eastAsia"]) == (16, "楷体_GB2312")
    # One blank line (one grid line) under the speaker.
    assert effective(ppr_chain(doc, speaker), "w:spacing", "after") == str(round(PITCH * 20))
    # A subtitle too long for one line breaks where the printed original does.
    if m.subtitle == "——2024年1月16日在长宁区第十七届人民代表大会第五次会议上":
        assert subtitle.text == "——2024年1月16日在长宁区第十七届\n人民代表大会第五次会议上"


def test_salutation_stands_flush_left(built):
    doc = built.doc
    salutation = next(p for p in doc.paragraphs if p.text == "各位代表：")
    chain = ppr_chain(doc, salutation)
    assert int(effective(chain, "w:ind", "firstLine") or 0) == 0
    assert int(effective(chain, "w:ind", "left") or 0) == 0
    f = run_font(doc, salutation, salutation.runs[0])
    assert (f["size"], f["eastAsia"]) == (BODY_PT, "仿宋_GB2312")
    # the paragraph after it is body text, indented two characters
    after = doc.paragraphs[[p._p for p in doc.paragraphs].index(salutation._p) + 1]
    assert int(effective(ppr_chain(doc, after), "w:ind", "firstLine")) > 0


def test_headings_fonts_and_keep_with_next(built):
    doc, report = built.doc, built.report
    h1 = [p for p in doc.paragraphs if style_name(p) == "Heading 1"]
    assert [p.text for p in h1] == [part.heading for part in report.body.parts]
    standalone = [a.heading for part in report.body.parts for a in part.areas if not a.run_in]
    h2 = [p for p in doc.paragraphs if style_name(p) == "Heading 2"]
    assert [p.text for p in h2] == standalone
    for p, font in [(p, "黑体") for p in h1] + [(p, "楷体_GB2312") for p in h2]:
        assert run_font(doc, p, p.runs[0])["eastAsia"] == font
        assert run_font(doc, p, p.runs[0])["size"] == 16
        assert on(ppr_chain(doc, p), "w:keepNext"), p.text
    assert not any(p.text.endswith("。") for p in h1), "no full stop added to level-1 headings"


def test_run_in_headings_and_leads_are_runs_of_their_own(built):
    doc, report = built.doc, built.report
    runs = [(p, r) for p in body_paragraphs(doc) for r in p.runs]
    texts = [r.text for _, r in runs]
    leads = [report.render(p.lead) for _, _, p in report.paragraphs() if p.lead]
    assert leads, "the content has run-in leads"
    pos = 0
    for lead in leads:
        i = texts.index(lead, pos)  # a run holding exactly the lead, in reading order
        p, r = runs[i]
        assert run_font(doc, p, r)["bold"], lead
        assert r.style.name == "引导语"
        if i + 1 < len(runs) and runs[i + 1][0] is p:
            assert not run_font(doc, p, runs[i + 1][1])["bold"], "the text after a lead is regular"
        pos = i + 1
    run_in = [a.heading for part in report.body.parts for a in part.areas if a.run_in]
    for heading in run_in:
        i = texts.index(heading)
        p, r = runs[i]
        assert p.runs[0] is not None and p.runs[0].text == heading, "a run-in heading opens its paragraph"
        assert run_font(doc, p, r)["eastAsia"] == "楷体_GB2312"
        assert style_name(p) == BODY
    # Body text runs (neither lead nor heading) are not bold.
    plain = [(p, r) for p, r in runs if style_name(p) == BODY and r.style.name not in ("引导语", "二级标题（段首）")]
    assert plain and not any(run_font(doc, p, r)["bold"] for p, r in plain)


def test_the_areas_of_a_part_take_one_form(seed_as_written):
    """In each part the areas are all headings of their own (标题 2) or all run in (a 楷体 run that
    opens the paragraph), never some of each; read back from the seed's report."""
    doc = seed_as_written.doc
    forms: list[set] = []
    for p in body_paragraphs(doc):
        if style_name(p).lower() == "heading 1":
            forms.append(set())
        elif forms and style_name(p).lower() == "heading 2":
            forms[-1].add("heading")
        elif forms and p.runs and p.runs[0].style.name == "二级标题（段首）":
            forms[-1].add("run in")
    assert len(forms) == len(seed_as_written.report.body.parts)
    assert all(len(f) == 1 for f in forms), forms


def test_chinese_line_breaking_and_widow_control(built):
    doc = built.doc
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    body = doc.styles[BODY].element.find(qn("w:pPr"))
    for ppr in (defaults, body):
        assert on([ppr], "w:kinsoku") and on([ppr], "w:widowControl") and on([ppr], "w:overflowPunct")
        assert not on([ppr], "w:wordWrap")
        assert ppr.find(qn("w:autoSpaceDE")) is not None and ppr.find(qn("w:autoSpaceDN")) is not None
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_named_styles_exist(built):
    names = {s.name for s in built.doc.styles}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", BODY, "报告人", "称谓", "Footer", "页脚（双页）", "引导语",
            "二级标题（段首）", "附表表格", "表头", "表格文字", "表格数字", "表格分组"} <= names


def test_headings_carry_outline_levels(built):
    """Word's navigation pane and a table of contents find the headings."""
    for name, level in (("Heading 1", "0"), ("Heading 2", "1")):
        ppr = built.doc.styles[name].element.find(qn("w:pPr"))
        assert ppr.find(qn("w:outlineLvl")).get(qn("w:val")) == level


# --------------------------------------------------------------------------- folios


def _field_text(footer) -> tuple[str, list[str]]:
    p = footer.paragraphs[0]
    instr = [t.text for t in p._p.iter(qn("w:instrText"))]
    instr += [f.get(qn("w:instr")) for f in p._p.iter(qn("w:fldSimple"))]
    return p.text, instr


def test_page_numbers_in_odd_and_even_footers(built):
    doc = built.doc
    assert doc.settings.odd_and_even_pages_header_footer
    sec = doc.sections[0]
    for footer, align, style in ((sec.footer, "right", "Footer"), (sec.even_page_footer, "left", "页脚（双页）")):
        assert not footer.is_linked_to_previous
        text, instr = _field_text(footer)
        assert any(i.strip().split()[0] == "PAGE" for i in instr), instr
        assert re.fullmatch(r"— ?\d+ ?—", text), text
        p = footer.paragraphs[0]
        assert style_name(p) == style
        chain = ppr_chain(doc, p)
        assert effective(chain, "w:jc") == align
        # one character (14 pt) in from the text block's edge, on the outer side
        side = "right" if align == "right" else "left"
        assert int(effective(chain, "w:ind", side)) == 14 * 20
        for r in p.runs:
            f = run_font(doc, p, r)
            # GB/T 9704 7.5: 4号半角宋体阿拉伯数字 -- the digits in 宋体 too, not Times New Roman
            assert f["size"] == 14 and f["eastAsia"] == "宋体" and f["ascii"] == "宋体"


# --------------------------------------------------------------------------- appendix


def _rows(table):
    """(kind, texts) per row: 'band' for a row of one cell spanning the table (a group's name)."""
    out = []
    for tr in table._tbl.tr_lst:
        tcs = tr.tc_lst
        texts = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tcs]
        span = tcs[0].tcPr.find(qn("w:gridSpan")) if len(tcs) == 1 else None
        out.append(("band" if span is not None else "row", texts))
    return out


def test_appendix_tables(built):
    doc, report = built.doc, built.report
    labels = [p.text for p in doc.paragraphs if style_name(p) in ("附表标识", "附表标题")]
    assert labels[:2] == ["附表1", f"{report.meta.review_year}年主要指标"]
    assert f"{report.meta.plan_year}年主要预期目标" in labels and "附表2" in labels
    assert set(labels) <= {"附表1", "附表1（续）", "附表2", "附表2（续）",
                           f"{report.meta.review_year}年主要指标", f"{report.meta.plan_year}年主要预期目标"}
    # the indicators table, split into pages: each page's table starts with the header and a band
    n_main = labels.count("附表1") + labels.count("附表1（续）")
    main, targets = doc.tables[:n_main], doc.tables[n_main:]
    got, group = [], None
    for table in main:
        rows = _rows(table)
        assert rows[0] == ("row", ["指标", "数值", "单位", "变化"])
        assert rows[1][0] == "band", "every page of the table names its group first"
        for kind, texts in rows[1:]:
            if kind == "band":
                name = texts[0]
                assert name.removesuffix("（续）") == (name if not name.endswith("（续）") else group), name
                group = name.removesuffix("（续）")
            else:
                label, number, unit, change = texts
                got.append((group, label, number + unit, change))
                assert not unit.startswith(("余", "多")), f"{label}: the qualifier stands with the figure: {number} | {unit}"
    expected = [
        (title, i.label, i.value_text, f"{i.change.word}{i.change_text}" if i.change else "")
        for title, inds in report.grouped_indicators(targets=False)
        for i in inds
    ]
    assert got == expected
    # numbers in their own column, right-aligned; units beside them, in a column of their own
    first_row = main[0].rows[2]
    number_p = first_row.cells[1].paragraphs[0]
    assert style_name(number_p) == "表格数字" and effective(ppr_chain(doc, number_p), "w:jc") == "right"
    assert re.fullmatch(r"[\d.]+", number_p.text) or number_p.text == ""
    target_inds = [i for _, inds in report.grouped_indicators(targets=True) for i in inds]
    assert [r[1][1] for t in targets for r in _rows(t)[1:]] == [i.label for i in target_inds]
    for table in doc.tables:
        trs = table._tbl.tr_lst
        assert on([trs[0].trPr], "w:tblHeader"), "header row repeats on every page"
        assert all(on([tr.trPr], "w:cantSplit") for tr in trs), "rows never split across pages"
        assert not any(tr.trPr.find(qn("w:tblHeader")) is not None for tr in trs[1:])
        assert not any(tc.tcPr.find(qn("w:vMerge")) is not None for tc in table._tbl.iter(qn("w:tc"))), "no vertical merge"
        width = sum(int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol")))
        assert width <= round(156 * MM * 20) + 2, "the table stays inside the text block"
        cell_p = table.rows[-1].cells[-2].paragraphs[0]
        f = run_font(doc, cell_p, cell_p.runs[0]) if cell_p.runs else None
        if f:
            assert (f["size"], f["eastAsia"]) == (14, "仿宋_GB2312")
    first = [p for p in doc.paragraphs if p.text == "附表1"][0]
    assert on(ppr_chain(doc, first), "w:pageBreakBefore"), "an attachment starts on a new page"


def test_appendix_columns_fit_their_widest_figure(built):
    """Column widths come from the measured text: no figure or change wraps (提高9个百分 / 点)."""
    for table in built.doc.tables:
        grid = [int(g.get(qn("w:w"))) / 20 for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        heads = [c.text for c in table.rows[0].cells]
        for kind, texts in _rows(table):
            if kind == "band":
                continue
            for head, text, width in list(zip(heads, texts, grid))[1:]:  # every column but the label
                if head == "指标":
                    continue  # the label column of 附表2 (序号 | 指标 | 目标) wraps a long label
                em = sum(0.5 if ord(c) < 0x2000 else 1 for c in text) * 14
                assert em <= width - 2 * 1 * MM - 1, (text, width)


def test_appendix_can_be_switched_off(mini_no_appendix, mini):
    assert mini.report.settings.appendix is True
    assert len(mini_no_appendix.doc.tables) == 0
    assert not any("附表" in p.text for p in mini_no_appendix.doc.paragraphs)
    assert [p.text for p in body_paragraphs(mini.doc)] == [p.text for p in mini_no_appendix.doc.paragraphs]


def test_no_indicator_tables_unless_asked_for(seed_as_written, seed):
    """settings.appendix is off by default: the printed report ends with its closing (or its
    annexes), as a report printed for a 人代会 does; with appendix: true the tables follow."""
    assert Settings().appendix is False and seed_as_written.report.settings.appendix is False
    doc = seed_as_written.doc
    assert len(doc.tables) == 0
    assert not any(style_name(p) == "附表标识" or p.text.startswith("附表") for p in doc.paragraphs)
    closing = seed_as_written.report.render(seed_as_written.report.body.closing[-1].text)
    assert norm(doc.paragraphs[-1].text) == norm(closing), "the report ends with its closing"
    assert len(seed.doc.tables) > 0
    assert [p.text for p in body_paragraphs(seed.doc)] == [p.text for p in doc.paragraphs]


# --------------------------------------------------------------------------- the whole text


def test_every_sentence_of_the_model_is_in_the_docx_in_order(built):
    text = norm("".join(p.text for p in body_paragraphs(built.doc)))
    assert text == norm("".join(reading_order(built.report))), "nothing added to or lost from the report text"
    pos = 0
    for s in sentences("".join(reading_order(built.report))):
        found = text.find(s, pos)
        assert found >= 0, f"missing or out of order: {s}"
        pos = found + len(s)


def test_every_sentence_of_the_printed_source_is_in_the_docx_in_order(seed):
    source = SOURCE.read_text(encoding="utf-8")
    text = norm("".join(p.text for p in body_paragraphs(seed.doc)))
    want = sentences(source)
    assert len(want) > 300
    pos = 0
    for s in want:
        found = text.find(s, pos)
        assert found >= 0, f"missing or out of order: {s}"
        pos = found + len(s)
    assert text == norm(source)


# --------------------------------------------------------------------------- properties, bytes, notes


def test_document_properties_come_from_the_content(built):
    cp, m = built.doc.core_properties, built.report.meta
    assert (cp.title, cp.author, cp.subject, cp.language) == (m.title, m.issuer, m.session, "zh-CN")
    for d in (cp.created, cp.modified, cp.last_printed):
        assert d.date() == m.date and (d.hour, d.minute, d.second) == (0, 0, 0)
    assert cp.revision == 1
    assert "python-docx" not in (cp.comments or "") + (cp.author or "")


def test_two_builds_give_the_same_bytes(built):
    again, _ = build(built.report, built.path)
    assert again == built.data
    # python-docx stamps zip members with the clock; ours carry the content's date.
    with zipfile.ZipFile(io.BytesIO(built.data)) as z:
        stamps = {i.date_time for i in z.infolist()}
    m = built.report.meta.date
    assert stamps == {(m.year, m.month, m.day, 0, 0, 0)}


def test_nothing_left_unplaced(built):
    assert built.notes == []


def test_cli_writes_report_docx(tmp_path):
    from conftest import run_build

    proc = run_build(str(MINI), "--out", str(tmp_path), "--only", "report", "--force")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "mini" / "report.docx"
    assert Document(str(out)).paragraphs[0].text == "政府工作报告"


# --------------------------------------------------------------------------- the rendered pages


def _pdfplumber():
    import pdfplumber

    return pdfplumber


class Rendered:
    """LibreOffice's PDF of a build, read with pdfplumber into pages of lines."""

    def __init__(self, pdf: Path):
        plumber = _pdfplumber()
        self.pdf = pdf
        self.pages = []
        with plumber.open(str(pdf)) as doc:
            for page in doc.pages:
                chars = [c for c in page.chars if c["text"].strip()]
                self.pages.append(self._lines(page.height, chars))

    @staticmethod
    def _lines(height, chars):
        """{'body': [line, ...], 'foot': [chars]}; a line is its chars sorted left to right."""
        block_bottom = (PAGE_H - BOTTOM) * MM
        body = [c for c in chars if c["top"] < block_bottom]
        foot = [c for c in chars if c["top"] >= block_bottom]
        by_base = collections.defaultdict(list)
        for c in body:
            by_base[round(height - c["matrix"][5], 1)].append(c)  # baseline, from the top
        lines = [sorted(by_base[k], key=lambda c: c["x0"]) for k in sorted(by_base)]
        return {"body": lines, "bases": sorted(by_base), "foot": sorted(foot, key=lambda c: c["x0"])}

    def text(self, i) -> str:
        return "".join(c["text"] for line in self.pages[i]["body"] for c in line)

    def appendix_start(self) -> int:
        for i in range(len(self.pages)):
            if self.text(i).startswith("附表1"):
                return i
        return len(self.pages)


@pytest.fixture(scope="module")
def mini_rendered(mini, soffice_pdf, tmp_path_factory) -> Rendered:
    path = tmp_path_factory.mktemp("report-mini") / "report.docx"
    path.write_bytes(mini.data)
    out = Rendered(soffice_pdf(path))
    out.report = mini.report
    return out


@pytest.fixture(scope="module")
def seed_rendered(seed, soffice_pdf, tmp_path_factory) -> Rendered:
    path = tmp_path_factory.mktemp("report-seed") / "report.docx"
    path.write_bytes(seed.data)
    out = Rendered(soffice_pdf(path))
    out.report = seed.report
    return out


@pytest.fixture(params=["mini_rendered", "seed_rendered"], ids=["mini", "seed"])
def rendered(request) -> Rendered:
    return request.getfixturevalue(request.param)


def _width_chars(line) -> float:
    """Characters on a line, Latin letters and digits counted as half a character."""
    return sum(0.5 if ord(c["text"]) < 0x2000 else 1 for c in line)


@pytest.mark.soffice
def test_rendered_seed_runs_20_to_40_pages(seed_rendered):
    assert 20 <= len(seed_rendered.pages) <= 40


@pytest.mark.soffice
def test_rendered_pages_carry_their_folio(rendered):
    block_bottom = (PAGE_H - BOTTOM) * MM
    for i, page in enumerate(rendered.pages):
        n = i + 1
        foot = "".join(c["text"] for c in page["foot"])
        assert foot == f"—{n}—", (n, foot)
        xs0, xs1 = page["foot"][0]["x0"] / MM, page["foot"][-1]["x1"] / MM
        if n % 2:  # odd: at the right, one 14 pt character in from the text block
            assert xs1 == pytest.approx(PAGE_W - RIGHT - 14 / MM, abs=1.0), (n, xs1)
        else:
            assert xs0 == pytest.approx(LEFT + 14 / MM, abs=1.0), (n, xs0)
        for c in page["foot"]:
            assert c["size"] == pytest.approx(14, abs=0.2)
            assert c["top"] > block_bottom


@pytest.mark.soffice
def test_rendered_folio_dashes_sit_7mm_below_the_text_block(rendered, tmp_path):
    """The em dash strokes, found on a raster of the folio, lie 7 mm (±1) below the block."""
    plumber = _pdfplumber()
    block_bottom = (PAGE_H - BOTTOM) * MM
    with plumber.open(str(rendered.pdf)) as doc:
        for i in range(min(2, len(doc.pages))):
            page = doc.pages[i]
            dash = next(c for c in page.chars if c["text"] == "—" and c["top"] > block_bottom)
            dpi = 300
            img = page.crop((dash["x0"] + 2, dash["top"], dash["x1"] - 2, dash["bottom"])).to_image(resolution=dpi)
            gray = img.original.convert("L")
            rows = [y for y in range(gray.height) if min(gray.getpixel((x, y)) for x in range(gray.width)) < 128]
            assert rows, "no dash stroke drawn"
            stroke_top = dash["top"] + rows[0] * 72 / dpi
            assert (stroke_top - block_bottom) / MM == pytest.approx(7, abs=1.0)


@pytest.mark.soffice
def test_rendered_body_lines_sit_on_the_grid_and_fill_22_per_page(rendered):
    end = rendered.appendix_start()
    body_pages = rendered.pages[:end]
    counts = [len(p["body"]) for p in body_pages]
    assert max(counts) <= 22, counts
    top = TOP * MM
    for i, page in enumerate(body_pages):
        bases = page["bases"]
        assert top < bases[0] < top + PITCH, "the first line starts at the top of the text block"
        assert (bases[-1] - bases[0]) / PITCH < 22 - 0.5, "no line below the 22nd"
        # Lines of body text (16 pt, the body face) sit on the 28.95 pt pitch; other faces put
        # their baseline a little elsewhere in the same exact-height line.
        face = next(line[0]["fontname"] for line in page["body"] if abs(line[0]["size"] - BODY_PT) < 0.3)
        ref = None
        for line, b in zip(page["body"], bases):
            if line[0]["fontname"] != face or abs(line[0]["size"] - BODY_PT) > 0.3:
                continue
            ref = b if ref is None else ref
            slots = (b - ref) / PITCH
            assert abs(slots - round(slots)) < 1.0 / PITCH, (i + 1, b, slots)
    # Full pages hold 22 lines: every page the text runs on from (all but the last), less one
    # line where widow/orphan control or a heading kept with its paragraph moved one down.
    if len(body_pages) > 2:
        middle = counts[:-1]
        assert min(middle) >= 21, counts
        assert statistics.mode(middle) == 22, counts
        assert sum(c == 22 for c in middle) >= 0.6 * len(middle), counts


@pytest.mark.soffice
def test_rendered_full_lines_hold_28_characters(rendered):
    end = rendered.appendix_start()
    right = (PAGE_W - RIGHT) * MM
    left = LEFT * MM
    cjk, every = [], []
    for page in rendered.pages[:end]:
        for line in page["body"]:
            if abs(line[0]["size"] - BODY_PT) > 0.3 or line[-1]["x1"] < right - 3:
                continue  # a title line, or the short last line of a paragraph
            indent = round((line[0]["x0"] - left) / (BODY_PT - 0.25))
            n = _width_chars(line) + indent
            every.append(n)
            if all(ord(c["text"]) >= 0x2000 for c in line):
                cjk.append(n)
    assert every and max(every) <= 30, sorted(every)[-5:]
    if len(cjk) >= 20:
        assert statistics.mode(cjk) == 28
        assert sum(n == 28 for n in cjk) >= 0.8 * len(cjk), collections.Counter(cjk)
        assert max(cjk) <= 29  # a punctuation mark may hang into the margin
    for page in rendered.pages[:end]:
        for line in page["body"]:
            assert line[0]["x0"] >= left - 0.5 and line[-1]["x1"] <= right + BODY_PT


def rendered_report_groups(rendered):
    return rendered.report.grouped_indicators(targets=False)


@pytest.mark.soffice
def test_rendered_appendix_on_its_own_pages(rendered):
    end = rendered.appendix_start()
    assert end < len(rendered.pages), "the appendix is rendered"
    text = rendered.text(end)
    assert text.startswith("附表1") and "2023年主要指标" in text and "指标数值单位变化" in text
    groups = [title for title, _ in rendered_report_groups(rendered)]
    # every page of the indicators table: its label (续), the header row, then a group's name, so
    # no page shows rows without their group
    for i in range(end, len(rendered.pages)):
        t = rendered.text(i)
        if t.startswith("附表2"):
            break
        rest = t.removeprefix("附表1（续）") if i > end else t.split("年主要指标", 1)[1]
        assert t.startswith("附表1（续）") or i == end, (i + 1, t[:20])
        assert rest.startswith("指标数值单位变化"), (i + 1, rest[:20])
        after = rest.removeprefix("指标数值单位变化")
        assert any(after.startswith(g) for g in groups), (i + 1, after[:20])
    right = (PAGE_W - RIGHT) * MM
    for page in rendered.pages[end:]:
        for line in page["body"]:
            assert line[-1]["x1"] <= right + 0.5, "tables stay inside the text block"


@pytest.mark.soffice
def test_rendered_table_cells_leave_no_character_alone(rendered):
    """No cell of the appendix tables, as LibreOffice sets them, ends on a line of one character
    (重点商务楼宇平均单位面积产/税): the builder breaks a long label at its words itself."""
    plumber = _pdfplumber()
    end = rendered.appendix_start()
    assert end < len(rendered.pages)
    with plumber.open(str(rendered.pdf)) as doc:
        bad = {i + 1: lone_lines(doc.pages[i]) for i in range(end, len(doc.pages))}
    assert not any(bad.values()), {k: v for k, v in bad.items() if v}


@pytest.fixture(scope="module")
def annexes_rendered(soffice_pdf, tmp_path_factory) -> Rendered:
    built = Built(FIXTURES / "annexes.yaml")
    path = tmp_path_factory.mktemp("report-annexes") / "report.docx"
    path.write_bytes(built.data)
    out = Rendered(soffice_pdf(path))
    out.report = built.report
    return out


@pytest.mark.soffice
def test_rendered_annexes_as_gbt9704_sets_a_fujian(annexes_rendered):
    """GB/T 9704-2012 7.5: each annex on a page of its own after the closing, its label (附件1) in
    3号黑体 flush left on the first line of the text block, its own title centred on the third
    line; the glossary the last annex; no indicator table (settings.appendix: false)."""
    r, report = annexes_rendered, annexes_rendered.report
    annexes = [(a.label, a.title) for a in report.annexes] + [(report.glossary.label, report.glossary.title)]
    starts = [i for i in range(len(r.pages)) if r.pages[i]["body"]
              and "".join(c["text"] for c in r.pages[i]["body"][0]) in {label for label, _ in annexes}]
    assert len(starts) == len(annexes) and starts == list(range(starts[0], starts[0] + len(annexes)))
    assert starts[-1] == len(r.pages) - 1, "the glossary is the last annex, nothing after it"
    closing = norm(report.render(report.body.closing[-1].text))
    assert norm(r.text(starts[0] - 1)).endswith(closing), "the annexes follow the closing"
    left, right = LEFT * MM, (PAGE_W - RIGHT) * MM
    for i, (label, title) in zip(starts, annexes):
        lines, bases = r.pages[i]["body"], r.pages[i]["bases"]
        first = lines[0]
        assert "".join(c["text"] for c in first) == label
        assert first[0]["x0"] == pytest.approx(left, abs=1.0), "the label stands flush left"
        assert all(c["size"] == pytest.approx(16, abs=0.3) for c in first), "3号 (16 pt)"
        assert TOP * MM < bases[0] < TOP * MM + PITCH, "on the first line of the text block"
        assert "".join(c["text"] for c in lines[1]) == title, "the title follows, no line between but the blank one"
        assert (bases[1] - bases[0]) / PITCH == pytest.approx(2, abs=0.25), "the title on the third line"
        middle = (lines[1][0]["x0"] + lines[1][-1]["x1"]) / 2
        assert middle == pytest.approx((left + right) / 2, abs=2.0), "the title centred"
    assert not any(r.text(i).startswith("附表") for i in range(len(r.pages)))


def test_a_subtitle_that_only_just_fits_is_broken_too(tmp_path):
    """28 characters by count fit the line on paper but not in every renderer: break them."""
    import docx

    from conftest import run_build

    sub = "——2025年1月8日在徐汇区第十七届人民代表大会第六次会议上"
    src = tmp_path / "xh.yaml"
    src.write_text(MINI.read_text(encoding="utf-8").replace(
        "  subtitle: ——2024年1月16日在长宁区第十七届人民代表大会第五次会议上", f"  subtitle: {sub}"), encoding="utf-8")
    r = run_build(str(src), "--out", str(tmp_path), "--only", "report")
    assert r.returncode == 0, r.stderr
    d = docx.Document(str(tmp_path / "xh" / "report.docx"))
    subtitle = next(p for p in d.paragraphs if p.text.replace("\n", "") == sub)
    assert subtitle.text == "——2025年1月8日在徐汇区第十七届\n人民代表大会第六次会议上"
