"""Word drafts as offices type them, and what Word shows: ``build.py import draft.docx``.

The .docx files are made here with python-docx (and raw WordprocessingML where python-docx has no API:
tracked changes), the way an office types a report: direct formatting only, no heading styles or
outline levels: the title in 方正小标宋简体, the subtitle and speaker in 楷体_GB2312, 一、 lines in 黑体,
（一） headings in 楷体_GB2312 (run in before the text in 仿宋_GB2312, or a line of their own), the body
in 仿宋_GB2312 with a first-line indent of two characters. Each must give the draft the text import of
the same report gives: same parts, areas, run-in areas, paragraphs, figures and targets, line for line.
"""

from __future__ import annotations

import copy
import difflib
import re
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

import corpus
from conftest import ROOT, reading_order, run_build

SEED_TEXT = ROOT / "tests" / "source" / "changning-2024.txt"
PART = re.compile(r"^[一二三四五六七八九十]+、")
AREA = re.compile(r"^（[一二三四五六七八九十]+）")
RUN_IN = re.compile(r"^[一二三四五六七八九十]+是")
HEAD = re.compile(r"^((?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+是)[^。！？]*[。！？]?)(.*)$")
ANNEX = re.compile(r"^附件\s*[0-9]*$")

TITLE_FONT, KAI, HEI, FANGSONG = "方正小标宋简体", "楷体_GB2312", "黑体", "仿宋_GB2312"


# --- a Word draft as an office types it --------------------------------------------------------


def run(p, text: str, font: str, size: float = 16, bold: bool = False):
    r = p.add_run(text)
    r.font.name = font  # the Latin font only: Chinese takes w:eastAsia
    r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    r.font.size = Pt(size)
    if bold:
        r.bold = True
    return r


def body_paragraph(d, indent: bool = True):
    p = d.add_paragraph()
    if indent:  # 首行缩进 2 字符, as Word's paragraph dialog writes it
        ind = OxmlElement("w:ind")
        ind.set(qn("w:firstLineChars"), "200")
        ind.set(qn("w:firstLine"), "640")
        p._p.get_or_add_pPr().append(ind)
    return p


def centred(d, text: str, font: str, size: float):
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(p, text, font, size)


def paragraph(d, text: str, lead: str = "", bold_run_in: bool = False):
    """A body paragraph: 一、 in 黑体; a （一） heading in 楷体 (its text after it in 仿宋); a lead in
    bold 仿宋; a 一是 sentence in bold when ``bold_run_in``; else 仿宋."""
    p = body_paragraph(d)
    if PART.match(text) and not lead:
        run(p, text, HEI)
        return
    m = HEAD.match(text)
    if m and not lead and AREA.match(text):
        run(p, m.group(1), KAI)
        if m.group(2):
            run(p, m.group(2), FANGSONG)
        return
    if m and not lead and bold_run_in and m.group(2):
        run(p, m.group(1), FANGSONG, bold=True)
        run(p, m.group(2), FANGSONG)
        return
    if lead:
        run(p, lead, FANGSONG, bold=True)
    run(p, text, FANGSONG)


def office_docx(lines: list[str], path: Path, bold_run_in: bool = False) -> Path:
    """A report's lines (a .txt's non-blank lines: one paragraph each) typed as an office types them."""
    d = docx.Document()
    in_title_block, annex_title = True, False
    for n, line in enumerate(lines):
        if n == 0:
            centred(d, line, TITLE_FONT, 22)
            continue
        if in_title_block and line[-1] not in "。！？：；" and not PART.match(line):
            centred(d, line, KAI, 16)  # subtitle (session and date), speaker
            continue
        in_title_block = False
        if ANNEX.match(line):
            run(body_paragraph(d, indent=False), line, HEI)
            annex_title = True
            continue
        if annex_title:
            centred(d, line, TITLE_FONT, 22)
            annex_title = False
            continue
        paragraph(d, line, bold_run_in=bold_run_in)
    d.save(str(path))
    return path


def office_docx_of_draft(draft, path: Path) -> Path:
    """A report as the text import reads it (``structure.Draft``: whole paragraphs, leads, run-in areas)
    typed as an office types it: the seed's source is text extracted from print (pages break paragraphs)."""
    d = docx.Document()
    centred(d, draft.title, TITLE_FONT, 22)
    for line in (draft.subtitle, draft.speaker):
        if line:
            centred(d, line, KAI, 16)

    def paras(items):
        for p in items:
            paragraph(d, p.text, lead=p.lead or "")

    paras(draft.opening)
    for part in draft.parts:
        paragraph(d, part.heading)
        paras(part.intro)
        for area in part.areas:
            items = area.paragraphs
            if area.run_in and items and not items[0].lead:
                p = body_paragraph(d)
                run(p, area.heading, KAI)
                run(p, items[0].text, FANGSONG)
                items = items[1:]
            else:
                p = body_paragraph(d)
                run(p, area.heading, KAI)
            paras(items)
        paras(part.closing)
    paras(draft.closing)
    d.save(str(path))
    return path


# --- the two imports compared --------------------------------------------------------------------


def normalised(imp) -> str:
    """The draft's text without the source's file name (the only thing that may differ)."""
    return imp.yaml_text.replace(imp.source.name, "SOURCE")


def assert_same_draft(from_text, from_word):
    """The Word draft is the text's, line for line. Where the text's draft loads (the loader refuses a
    few corpus drafts until the importer finds their meta, issue 20), its model is compared first, for a
    failure that says what differs."""
    assert from_text.exit_code == 0 and from_text.data is not None, from_text.error
    assert from_word.exit_code == 0 and from_word.data is not None, from_word.error
    assert "Traceback" not in from_word.error
    assert corpus.structure(from_word.data) == corpus.structure(from_text.data)  # parts, areas, run-in areas
    if from_text.ok:
        assert from_word.ok, from_word.error
        t, w = from_text.report, from_word.report
        assert [[(a.heading, a.run_in) for a in p.areas] for p in w.body.parts] == [
            [(a.heading, a.run_in) for a in p.areas] for p in t.body.parts
        ]
        assert reading_order(w) == reading_order(t)  # every paragraph, lead and heading, in order
        figures = lambda r: {k: (i.label, i.value_text, i.change_text, i.target) for k, i in r.indicators.items()}
        assert figures(w) == figures(t)
        assert [i.id for i in w.target_indicators] == [i.id for i in t.target_indicators]
    diff = list(difflib.unified_diff(normalised(from_text).splitlines(), normalised(from_word).splitlines(), lineterm="", n=1))
    assert not diff, "\n".join(diff[:40])


def word_import(path: Path):
    return corpus.run_import(path, path.with_suffix(".yaml"), path.stem)


@pytest.mark.parametrize("name", corpus.NAMES)
def test_corpus_report_typed_in_word_gives_the_text_import(name, tmp_path):
    src = office_docx(corpus.source_paragraphs(name), tmp_path / f"{name}.docx")
    from_word = word_import(src)
    assert_same_draft(corpus.imported(name), from_word)
    assert "tracked change" not in from_word.stderr and "left out" not in from_word.stderr


def test_run_in_areas_with_their_sentence_in_bold(tmp_path):
    """一是…。 set in bold (as many offices do) reads as the plain 一是… paragraph of the text."""
    corpus.require()
    names = [n for n in corpus.names() if sum(bool(RUN_IN.match(l)) for l in corpus.source_paragraphs(n)) >= 3]
    assert names, "the corpus has reports with 一是… paragraphs"
    for name in names[:2]:
        src = office_docx(corpus.source_paragraphs(name), tmp_path / f"{name}-bold.docx", bold_run_in=True)
        doc = docx.Document(str(src))
        bold = [p.runs[0].text for p in doc.paragraphs if p.runs and p.runs[0].bold and RUN_IN.match(p.runs[0].text)]
        assert len(bold) >= 3, "the made draft has 一是 sentences in bold"
        assert_same_draft(corpus.imported(name), word_import(src))


def test_seed_typed_in_word_gives_the_text_import(tmp_path):
    if not SEED_TEXT.is_file():
        pytest.skip(f"the seed's source text is not at {SEED_TEXT}")
    from govreport.importer import read_source

    from_text = corpus.run_import(SEED_TEXT, tmp_path / "seed-text.yaml")
    src = office_docx_of_draft(read_source(SEED_TEXT), tmp_path / "changning-2024.docx")
    doc = docx.Document(str(src))
    bold = [p.runs[0].text for p in doc.paragraphs if len(p.runs) > 1 and p.runs[0].bold]
    assert len(bold) > 30, "the seed's leads are bold runs"  # leads set by a bold run
    from_word = word_import(src)
    assert_same_draft(from_text, from_word)
    leads = [p.lead for _, _, p in from_word.report.paragraphs() if p.lead]
    assert len(leads) == len(bold) and leads[0] == bold[0]


SHORT = [
    "2026年临江区政府工作报告",
    "——2026年1月8日在临江区第三届人民代表大会第四次会议上",
    "临江区区长 周明远",
    "各位代表：",
    "现在，我代表临江区人民政府，向大会报告工作，请予审议。",
    "一、2025年工作回顾",
    "过去一年，全区经济平稳运行。",
    "一是经济运行稳中有进。全区生产总值达到512.3亿元，同比增长5.6%。",
    "二是改革开放持续深化。新设外资企业86家，增长12.5%。",
    "二、2026年主要任务",
    "全区经济社会发展的主要预期目标是：地区生产总值增长5%左右。",
    "（一）坚持创新驱动。加快发展新质生产力，新增高新技术企业50家。",
    "（二）持续改善民生",
    "新增就业岗位1.2万个。",
    "各位代表，让我们团结奋斗！",
]


def test_short_report_in_word_bold_run_in_and_leads(tmp_path):
    """A made-up report: 一是 paragraphs (plain and bold), a run-in （一） in 楷体, a （二） line of its own."""
    txt = tmp_path / "linjiang.txt"
    txt.write_text("\n".join(SHORT) + "\n", encoding="utf-8")
    from_text = corpus.run_import(txt, tmp_path / "linjiang-text.yaml")
    for bold in (False, True):
        assert_same_draft(from_text, word_import(office_docx(SHORT, tmp_path / f"linjiang-{bold}.docx", bold_run_in=bold)))
    part = from_text.report.body.parts[1]
    assert [(a.heading, a.run_in) for a in part.areas] == [("（一）坚持创新驱动。", True), ("（二）持续改善民生", False)]



def test_an_annex_of_paragraphs_in_word_keeps_its_title_and_every_paragraph(tmp_path):
    """附件 in 黑体, its title centred on the next line, then paragraphs (no numbered list), in Word as in
    the text: the annex keeps its title and all its paragraphs."""
    annex = ["附件", "2026年区政府民生实事项目说明", "今年安排的民生实事，聚焦群众急难愁盼。", "新增普惠托育托位3000个，改造老旧小区500个。"]
    lines = SHORT + annex
    txt = tmp_path / "annex.txt"
    txt.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from_text = corpus.run_import(txt, tmp_path / "annex-text.yaml")
    from_word = word_import(office_docx(lines, tmp_path / "annex.docx"))
    assert_same_draft(from_text, from_word)
    for imp in (from_text, from_word):
        [got] = imp.report.annexes
        assert (got.label, got.title, got.items) == ("附件", annex[1], ())
        assert [imp.report.render(p.text) for p in got.paragraphs] == annex[2:]


def opening(d) -> None:
    """The title block, the opening and the first part's heading of a short made-up report."""
    centred(d, "政府工作报告", TITLE_FONT, 22)
    centred(d, "——2026年1月8日在临江区第三届人民代表大会第四次会议上", KAI, 16)
    centred(d, "临江区区长 周明远", KAI, 16)
    paragraph(d, "各位代表：")
    paragraph(d, "现在，我代表临江区人民政府，向大会报告工作，请予审议，并请区政协委员和其他列席人员提出意见。")
    paragraph(d, "一、2025年工作回顾")


def cli_import(src: Path, says: str):
    """``build.py import src -o …`` as a user runs it: the loaded draft, its text, and the one line of
    standard error that holds ``says``."""
    from govreport.loader import load

    out = src.with_suffix(".yaml")
    done = run_build("import", str(src), "-o", str(out))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    [said] = [line for line in done.stderr.splitlines() if line.startswith(f"{src}: ") and says in line[len(str(src)) :]]
    return load(out), out.read_text(encoding="utf-8"), said


def test_a_bold_lead_and_a_lead_in_another_font(tmp_path):
    """Leads by formatting: a bold run (split over two runs), a 楷体 run ending a sentence; a 楷体 word that
    ends no sentence is no lead."""
    d = docx.Document()
    opening(d)
    paragraph(d, "过去一年，我们坚持稳中求进工作总基调，全区经济社会保持平稳健康发展，较好完成了年度目标任务。")
    p = body_paragraph(d)
    run(p, "临江", KAI)
    run(p, "新区建设加快推进，城区面貌焕然一新。", FANGSONG)
    paragraph(d, "（一）经济运行稳中有进")
    p = body_paragraph(d)
    run(p, "产业发展", FANGSONG, bold=True)
    run(p, "提质增效。", FANGSONG, bold=True)
    run(p, "全区生产总值达到512.3亿元。", FANGSONG)
    p = body_paragraph(d)
    run(p, "招商引资持续发力。", KAI)
    run(p, "全年引进重点项目120个。", FANGSONG)
    src = tmp_path / "leads.docx"
    d.save(str(src))
    imp = word_import(src)
    assert imp.ok, imp.error
    intro = imp.report.body.parts[0].intro
    assert [(p.lead, p.text) for p in intro][1] == (None, "临江新区建设加快推进，城区面貌焕然一新。")
    area = imp.report.body.parts[0].areas[0]
    assert area.heading == "（一）经济运行稳中有进" and not area.run_in
    got = [(p.lead, imp.report.render(p.text)) for p in area.paragraphs]
    assert got == [
        ("产业发展提质增效。", "全区生产总值达到512.3亿元。"),
        ("招商引资持续发力。", "全年引进重点项目120个。"),
    ]


# --- tracked changes: what Word shows after Accept All -------------------------------------------

W = nsdecls("w")
REV = 'w:author="审稿人" w:date="2026-01-05T10:00:00Z"'


def xml_run(text: str, deleted: bool = False) -> str:
    tag = "w:delText" if deleted else "w:t"
    return f'<w:r><w:rPr><w:rFonts w:eastAsia="{FANGSONG}"/></w:rPr><{tag} xml:space="preserve">{text}</{tag}></w:r>'


def xml_paragraph(inner: str, mark: str = "") -> str:
    ppr = f"<w:pPr><w:rPr>{mark}</w:rPr></w:pPr>" if mark else ""
    return f"<w:p {W}>{ppr}{inner}</w:p>"


def tracked_docx(path: Path) -> Path:
    d = docx.Document()
    opening(d)
    body = d.element.body
    sect = body[-1]
    paras = [
        # an insertion and a deletion in one paragraph: 5.6% replaces 9.9%
        xml_run("全区生产总值达到512.3亿元，")
        + f'<w:del w:id="1" {REV}>{xml_run("同比增长9.9%", deleted=True)}</w:del>'
        + f'<w:ins w:id="2" {REV}>{xml_run("同比增长5.6%")}</w:ins>'
        + xml_run("。"),
        # a sentence moved: from here ...
        f'<w:moveFromRangeStart w:id="3" w:name="move1" {REV}/>'
        f'<w:moveFrom w:id="4" {REV}>{xml_run("新设外资企业86家。")}</w:moveFrom>'
        '<w:moveFromRangeEnd w:id="3"/>' + xml_run("全年引进重点项目120个。"),
        # ... to the end of this one, which also has a hyperlink and a content control
        xml_run("营商环境持续优化，")
        + f'<w:hyperlink w:anchor="x">{xml_run("一网通办")}</w:hyperlink>'
        + f'<w:sdt><w:sdtContent>{xml_run("事项达到300项。")}</w:sdtContent></w:sdt>'
        + f'<w:moveToRangeStart w:id="5" w:name="move1" {REV}/>'
        f'<w:moveTo w:id="6" {REV}>{xml_run("新设外资企业86家。")}</w:moveTo>'
        '<w:moveToRangeEnd w:id="5"/>',
        # a paragraph whose mark was deleted: it joins the next one
        xml_run("城乡居民收入稳步增长，"),
    ]
    marks = ["", "", "", f'<w:del w:id="7" {REV}/>']
    for inner, mark in zip(paras, marks):
        sect.addprevious(parse_xml(xml_paragraph(inner, mark)))
    sect.addprevious(parse_xml(xml_paragraph(xml_run("城镇居民人均可支配收入增长4.5%。"))))
    # a paragraph deleted whole, and one inserted whole
    sect.addprevious(parse_xml(xml_paragraph(f'<w:del w:id="8" {REV}>{xml_run("这段已删除的话有12个字。", deleted=True)}</w:del>', f'<w:del w:id="9" {REV}/>')))
    sect.addprevious(parse_xml(xml_paragraph(f'<w:ins w:id="10" {REV}>{xml_run("新增就业岗位1.2万个。")}</w:ins>', f'<w:ins w:id="11" {REV}/>')))
    d.save(str(path))
    return path


def test_tracked_changes_are_read_accepted_and_said(tmp_path):
    src = tracked_docx(tmp_path / "draft.docx")
    report, yaml_text, said = cli_import(src, "tracked change")
    assert said.startswith(f"{src}: 6 tracked changes accepted"), said  # 2 insertions, 3 deletions, 1 move
    texts = [report.render(p.text) for p in report.body.parts[0].intro]
    assert texts == [
        "全区生产总值达到512.3亿元，同比增长5.6%。",
        "全年引进重点项目120个。",
        "营商环境持续优化，一网通办事项达到300项。新设外资企业86家。",
        "城乡居民收入稳步增长，城镇居民人均可支配收入增长4.5%。",
        "新增就业岗位1.2万个。",
    ]
    assert "9.9" not in yaml_text and "12个字" not in yaml_text and "已删除" not in yaml_text
    changes = sorted(str(i.change.value) for i in report.indicators.values() if i.change)
    assert "5.6" in changes and "4.5" in changes


def test_a_document_without_tracked_changes_says_nothing_of_them(tmp_path):
    src = office_docx(SHORT, tmp_path / "clean.docx")
    done = run_build("import", str(src), "-o", str(tmp_path / "clean.yaml"))
    assert done.returncode == 0, done.stderr
    assert "tracked" not in done.stderr and len(done.stderr.splitlines()) == 1  # only "drafted from"


# --- tables ---------------------------------------------------------------------------------------


def table_docx(path: Path) -> Path:
    """A report with a box (a one-column table holding text), then a figure table with its 附表 caption."""
    d = docx.Document()
    opening(d)
    paragraph(d, "过去一年，全区经济平稳运行。")
    box = d.add_table(rows=2, cols=1)
    box.cell(0, 0).text = "专栏1 重点项目建设"
    box.cell(1, 0).paragraphs[0].add_run("全年完成重点项目投资86亿元。")
    paragraph(d, "二、2026年主要任务")
    paragraph(d, "全区经济社会发展的主要预期目标是：地区生产总值增长5%左右。")
    paragraph(d, "各位代表，让我们团结奋斗！")
    paragraph(d, "附表1")
    centred(d, "2025年主要指标", TITLE_FONT, 16)
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("指标", "数值", "增长"), ("地区生产总值", "512.3亿元", "5.6%"), ("税收收入", "77亿元", "3.1%")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.save(str(path))
    return path


def test_tables_box_read_in_place_figure_table_left_out_and_said(tmp_path):
    src = table_docx(tmp_path / "tables.docx")
    report, text, said = cli_import(src, "left out")
    assert said.startswith(f"{src}: table 2 (附表1、2025年主要指标) after “各位代表，让我们团结奋斗！” left out"), said
    assert "3 rows, 3 columns" in said and "指标　数值　增长" in said
    intro = [report.render(p.text) for p in report.body.parts[0].intro]
    # the box's paragraphs in place, as a .txt of it reads (专栏1 重点 loses its space there too)
    assert intro == ["过去一年，全区经济平稳运行。", "专栏1重点项目建设", "全年完成重点项目投资86亿元。"]
    assert "512.3" not in text and "附表1" not in text and "税收收入" not in text


# --- UTF-16 text without a byte-order mark -------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_bom_is_read_and_said(encoding, tmp_path):
    utf8 = tmp_path / "linjiang.txt"
    text = "\r\n".join(SHORT) + "\r\n"  # as Windows writes it
    utf8.write_text(text, encoding="utf-8")
    wide = tmp_path / "wide" / "linjiang.txt"
    wide.parent.mkdir()
    wide.write_bytes(text.encode(encoding))
    assert not wide.read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))
    order = encoding[-2:].upper()
    said = cli_import(wide, "UTF-16")[2]
    assert said == f"{wide}: read as UTF-16 {order} text (it has no byte-order mark); saving it as UTF-8 makes that no guess"
    assert_same_draft(corpus.run_import(utf8, tmp_path / "utf8.yaml"), corpus.run_import(wide, tmp_path / "wide2.yaml"))


def test_text_that_is_not_utf16_nor_text_is_refused_in_one_line(tmp_path):
    cases = {
        # a lone surrogate: not UTF-16, though its zero bytes all stand at odd offsets
        "odd.txt": ("\n".join(SHORT).encode("utf-16-le") + b"\x01\xd8A\x00", "looks like UTF-16 LE text (no byte-order mark) but is not valid UTF-16"),
        "binary.txt": (bytes(range(255)) * 8, "is a binary file"),
    }
    for name, (data, says) in cases.items():
        p = tmp_path / name
        p.write_bytes(data)
        done = run_build("import", str(p))
        assert done.returncode == 2, (name, done.stderr)
        assert done.stderr.count("\n") == 1 and says in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert "Save As" in run_build("import", str(tmp_path / "odd.txt")).stderr


# --- Word's automatic numbering (编号) -------------------------------------------------------------

NUMBERING = f"""<w:abstractNum {W} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>"""


def numbered(p, level: int) -> None:
    num_pr = p._p.get_or_add_pPr().get_or_add_numPr()  # in its place in w:pPr, as Word wants it
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = 90


def test_automatic_numbering_reads_as_the_typed_numbers(tmp_path):
    """一、 and （一） made by Word's 编号 (a multilevel list: 一、 then （一）, the areas counted anew in
    each part), not typed: the draft is the one of the typed text."""
    d = docx.Document()
    root = d.part.numbering_part.element
    root.insert(0, parse_xml(NUMBERING))  # abstract numbering definitions come before the w:num
    root.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    lines = [re.sub("^一是", "（一）", re.sub("^二是", "（二）", line)) for line in SHORT]  # areas in both parts
    typed = office_docx(lines, tmp_path / "typed.docx")
    for p in docx.Document(str(typed)).paragraphs:
        text = "".join(r.text for r in p.runs)
        number = PART.match(text) or AREA.match(text)
        copy_p = d.add_paragraph()
        if p._p.pPr is not None:
            copy_p._p.append(copy.deepcopy(p._p.pPr))
        for r in p.runs:
            copy_p._p.append(copy.deepcopy(r._r))
        if number:  # the number leaves the text for the list
            first = copy_p.runs[0]
            first.text = first.text[len(number.group(0)) :]
            numbered(copy_p, 0 if PART.match(text) else 1)
    src = tmp_path / "numbered.docx"
    d.save(str(src))
    shown = [p.text for p in docx.Document(str(src)).paragraphs]
    assert "2025年工作回顾" in shown and not any(PART.match(t) for t in shown)  # no number in the text
    txt = tmp_path / "linjiang.txt"
    txt.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from_text = corpus.run_import(txt, tmp_path / "linjiang-text.yaml")
    assert [[a.heading[:3] for a in p.areas] for p in from_text.report.body.parts] == [["（一）", "（二）"], ["（一）", "（二）"]]
    assert_same_draft(from_text, word_import(src))


# --- text boxes ------------------------------------------------------------------------------------

WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def box_content(text: str) -> str:
    return f"<w:txbxContent>{xml_paragraph(xml_run(text)).replace(f' {W}', '')}</w:txbxContent>"


def test_text_boxes_are_read_after_their_paragraph_once_and_said(tmp_path):
    """A text box as Word 2010+ saves it (drawingML with a VML copy for older readers: its text twice
    in the file, once on the page) and a VML one: each read once, after the paragraph it is anchored to."""
    d = docx.Document()
    opening(d)
    body = d.element.body
    modern = (
        f'<w:r><mc:AlternateContent xmlns:mc="{MC}" xmlns:wps="{WPS}" xmlns:v="urn:schemas-microsoft-com:vml">'
        f'<mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{box_content("专栏1　全年新增就业岗位1.2万个。")}</wps:txbx></wps:wsp></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape><v:textbox>{box_content("专栏1　全年新增就业岗位1.2万个。")}</v:textbox></v:shape></w:pict></mc:Fallback>'
        "</mc:AlternateContent></w:r>"
    )
    old = f'<w:r><w:pict xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><v:textbox>{box_content("专栏2　新建口袋公园12个。")}</v:textbox></v:shape></w:pict></w:r>'
    for text, box in (("过去一年，全区经济平稳运行。", modern), ("城区面貌焕然一新。", old)):
        body[-1].addprevious(parse_xml(f"<w:p {W}>{xml_run(text)}{box}</w:p>"))
    src = tmp_path / "boxes.docx"
    d.save(str(src))
    report, text, said = cli_import(src, "text box")
    assert said == f"{src}: 2 text boxes read as paragraphs after the paragraph each is anchored to: check where they belong"
    intro = [report.render(p.text) for p in report.body.parts[0].intro]
    assert intro == ["过去一年，全区经济平稳运行。", "专栏1　全年新增就业岗位1.2万个。", "城区面貌焕然一新。", "专栏2　新建口袋公园12个。"]


def test_footnotes_are_left_out_and_said(tmp_path):
    d = docx.Document()
    opening(d)
    ref = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    d.element.body[-1].addprevious(parse_xml(f"<w:p {W}>{xml_run('全面推行“一网通办”')}{ref}{xml_run('，事项达到300项。')}</w:p>"))
    src = tmp_path / "notes.docx"
    d.save(str(src))
    report, text, said = cli_import(src, "footnote")
    assert said.startswith(f"{src}: 1 footnote (脚注) left out: the report's text holds none"), said
    assert [report.render(p.text) for p in report.body.parts[0].intro][-1] == "全面推行“一网通办”，事项达到300项。"
