"""The figures list (`build.py figures FILE`): the workbook read back as a checker's Excel would
show it (openpyxl) and printed by LibreOffice Calc.

Every test works on copies in tmp_path (never on content/ in place) and runs build.py as a user
does, in its own process; ``no_leaks`` checks after each test that nothing of this process was
changed for the tests after it (cwd, environment, template overlay, fonts, decimal context,
signal handlers, the repository's files).
"""

from __future__ import annotations

import decimal
import gc
import hashlib
import os
import shutil
import signal
from pathlib import Path

import openpyxl
import pytest

from conftest import FIXTURES, ROOT, SEED, SOFFICE, reading_order, run_build
from govreport import figures, fonts, paths
from govreport.loader import load

SHEET = "指标核对"
HEADERS = ["序号", "分组", "指标", "数值", "单位", "限定词", "变化", "时期", "原文", "核实数值", "核实变化", "备注",
           "核实人", "编号"]
ANNEXES = FIXTURES / "annexes.yaml"


def _repo_state() -> dict:
    """What a test must leave as it found it: the content files and the repository's top level."""
    return {
        "content": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((ROOT / "content").iterdir())},
        "top": sorted(p.name for p in ROOT.iterdir()),
        "fixtures": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(FIXTURES.glob("*.yaml"))},
    }


def _process_state() -> dict:
    ctx = decimal.getcontext()
    return {
        "cwd": os.getcwd(),
        "env": {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"},  # pytest's own, per phase
        "overlay": paths.overlay(),
        "decimal": (ctx.prec, ctx.rounding, ctx.Emin, ctx.Emax, sorted(str(t) for t, on in ctx.traps.items() if on)),
        "gc": gc.isenabled(),
        "signals": (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)),
    }


@pytest.fixture(autouse=True)
def no_leaks():
    """Nothing a checklist test does reaches the tests after it (see the module's docstring)."""
    before, repo = _process_state(), _repo_state()
    yield
    assert _process_state() == before, "a checklist test changed this process's state"
    assert _repo_state() == repo, "a checklist test changed the repository's files"


def make_list(content: Path, out: Path, *extra: str):
    """``build.py figures content -o out``, run from the content's folder; the finished process."""
    return run_build("figures", str(content), "-o", str(out), *extra, cwd=content.parent)


def copy_of(src: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    dst = folder / src.name
    shutil.copyfile(src, dst)
    return dst


def header_map(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1]}


def sheet_rows(ws) -> list[dict]:
    """The data rows as {header: value}."""
    cols = header_map(ws)
    return [{h: ws.cell(r, c).value for h, c in cols.items()} for r in range(2, ws.max_row + 1)]


@pytest.fixture(scope="module")
def seed_list(tmp_path_factory):
    """The seed's list, made once from a copy: (content path, workbook path)."""
    d = tmp_path_factory.mktemp("seed-list")
    content = copy_of(SEED, d)
    out = d / "核对表.xlsx"
    proc = make_list(content, out)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"{out}: 107 figures of {content}")
    return content, out


def test_a_row_per_indicator_with_its_figure_words_period_and_sentences(seed_list):
    content, book = seed_list
    report = load(content)
    wb = openpyxl.load_workbook(book, rich_text=True)
    assert wb.sheetnames == [SHEET, "说明"]
    ws = wb[SHEET]
    assert [c.value for c in ws[1]] == HEADERS
    rows = sheet_rows(ws)
    assert len(rows) == len(report.indicators)
    assert [r["序号"] for r in rows] == list(range(1, len(rows) + 1))
    assert {r["编号"] for r in rows} == set(report.indicators)
    # In table order: the groups' order, then the file's.
    group_rank = list(report.groups)
    ranks = [group_rank.index(report.indicators[r["编号"]].group) for r in rows]
    assert ranks == sorted(ranks)
    for r in rows:
        ind = report.indicators[r["编号"]]
        assert r["分组"] == report.groups[ind.group]
        assert r["指标"] == ind.label
        assert (r["数值"] or "") == figures.bare(ind)
        assert (r["单位"] or "") == (ind.unit if ind.value is not None else "")
        assert (r["限定词"] or "") == (ind.qualifier or "")
        assert (r["变化"] or "") == figures.change_phrase(ind)
        assert r["时期"] == f"{ind.period}年"
        for key in ("核实数值", "核实变化", "备注", "核实人"):
            assert r[key] is None, (ind.id, key)
    by_id = {r["编号"]: r for r in rows}
    gdp = by_id["gdp"]
    assert (gdp["数值"], gdp["单位"], gdp["变化"], gdp["时期"]) == ("2286.2", "亿元", "增长12.8%", "2023年")
    assert by_id["ai_firms"]["限定词"] == "超过"
    assert by_id["gdp_target"]["限定词"] == "左右"


def _marked(cell) -> list[str]:
    """The runs of a rich-text cell drawn bold (the figure marked in its sentence)."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock

    value = cell.value
    if isinstance(value, CellRichText):
        return [b.text for b in value if isinstance(b, TextBlock) and b.font is not None and b.font.b]
    return [value] if value and cell.font.b else []


def test_each_sentence_quoting_a_figure_stands_in_its_row_the_figure_marked(seed_list):
    content, book = seed_list
    report = load(content)
    ws = openpyxl.load_workbook(book, rich_text=True)[SHEET]
    col = header_map(ws)
    seen = {}
    for r in range(2, ws.max_row + 1):
        ind = report.indicators[ws.cell(r, col["编号"]).value]
        cell = ws.cell(r, col["原文"])
        text = str(cell.value)
        seen[ind.id] = text
        marked = _marked(cell)
        # What is marked is this figure, as the text prints it, and nothing else.
        assert marked, ind.id
        assert set(marked) <= {ind.quoted, figures.change_text(ind.change), figures.bare(ind), ind.label, ind.unit}, \
            (ind.id, marked)
        assert ind.quoted in text or figures.change_text(ind.change) in text, ind.id
    # Each sentence as the reader reads it: the seed's 地区生产总值 clause, whole, up to its ；.
    assert seen["gdp"].endswith("全年地区生产总值达到2286.2亿元，同比增长12.8%，增速继续保持全市前列；")
    assert seen["district_revenue"] == "区级一般公共预算收入达到168.53亿元，同比增长8.31%，增速位居中心城区第三。"
    # A sentence is in the row of every figure it quotes (the same one for 商品销售总额 and 社零总额).
    assert seen["commodity_sales"] == seen["retail_sales"]
    # Each sentence is the report's own words, as the reader reads them (no text made up or cut).
    whole = "".join(reading_order(report))
    for ind_id, text in seen.items():
        for sentence in text.split("\n"):
            assert sentence and sentence in whole, (ind_id, sentence)


def test_ranges_spans_and_a_figure_quoted_in_several_sentences(tmp_path):
    content = copy_of(ANNEXES, tmp_path)
    book = tmp_path / "list.xlsx"
    proc = make_list(content, book)
    assert proc.returncode == 0, proc.stderr
    report = load(content)
    ws = openpyxl.load_workbook(book)[SHEET]
    rows = {r["编号"]: r for r in sheet_rows(ws)}
    ranged = [i for i in report.indicators.values() if i.upper is not None]
    spans = [i for i in report.indicators.values() if i.period.span]
    assert ranged and spans
    for ind in ranged:  # the range shown whole: both bounds
        assert rows[ind.id]["数值"] == f"{figures.number(ind.value)}{ind.range or '—'}{figures.number(ind.upper)}"
    for ind in spans:
        assert rows[ind.id]["时期"] == f"{ind.period.start}—{ind.period.end}年"
    changed_range = [i for i in report.indicators.values() if i.change is not None and i.change.upper is not None]
    assert changed_range
    for ind in changed_range:
        assert rows[ind.id]["变化"] == figures.change_phrase(ind)
    many = [r for r in rows.values() if "\n" in (r["原文"] or "")]
    for r in many:  # one sentence a line
        assert all(s.strip() for s in r["原文"].split("\n"))
    # The range's 核实数值 says how a range is typed; a single figure's asks for a number.
    dv = {}
    for v in ws.data_validations.dataValidation:
        for rng in v.sqref.ranges:
            for row in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    dv[(row, c)] = v
    col = header_map(ws)
    for n, r in enumerate(sheet_rows(ws), 2):
        ind = report.indicators[r["编号"]]
        v = dv.get((n, col["核实数值"]))
        if ind.value is None:
            assert v is None
        elif ind.upper is not None:
            assert v is not None and "5—5.5" in v.prompt
        else:
            assert v is not None and v.type == "decimal" and v.errorStyle == "warning"


def test_the_sheet_opens_for_checking_frozen_filtered_protected_but_for_the_check_columns(seed_list):
    _, book = seed_list
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET]
    col = header_map(ws)
    assert ws.freeze_panes == "D2"  # header row, 序号 分组 指标
    assert ws.auto_filter.ref == f"A1:N{ws.max_row}"
    assert ws.protection.sheet and not ws.protection.password
    assert not ws.protection.autoFilter and not ws.protection.sort  # False: allowed while protected
    for r in range(2, ws.max_row + 1):
        ind_id = ws.cell(r, col["编号"]).value
        for key in ("备注", "核实人"):
            assert ws.cell(r, col[key]).protection.locked is False
        for key in ("数值", "指标", "编号", "原文"):
            assert ws.cell(r, col[key]).protection.locked is not False, (ind_id, key)
    report = load(SEED)
    for r in range(2, ws.max_row + 1):
        ind = report.indicators[ws.cell(r, col["编号"]).value]
        assert ws.cell(r, col["核实数值"]).protection.locked is (ind.value is None)
        assert ws.cell(r, col["核实变化"]).protection.locked is (ind.change is None)
    # Numbers in the two 核实 columns: a decimal rule on every row that has the figure.
    rules = [v for v in ws.data_validations.dataValidation if v.type == "decimal"]
    covered = {(row, c) for v in rules for rng in v.sqref.ranges for row in range(rng.min_row, rng.max_row + 1)
               for c in range(rng.min_col, rng.max_col + 1)}
    assert (2, col["核实数值"]) in covered and (2, col["核实变化"]) in covered


def test_the_sheet_prints_a4_landscape_header_row_repeated_page_numbers_no_id(seed_list):
    content, book = seed_list
    ws = openpyxl.load_workbook(book)[SHEET]
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # 1 is the default and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows in ("1:1", "$1:$1")
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    digest = hashlib.sha256(content.read_bytes()).hexdigest()
    assert digest[:12] in ws.oddHeader.right.text
    assert ws.print_area == f"'{SHEET}'!$A$1:$M${ws.max_row}"  # 编号 (N) is for the program, not the paper


def test_widths_fit_their_text_and_rows_are_tall_enough_for_it(seed_list):
    from govreport.checklist.xlsx import text_width

    _, book = seed_list
    ws = openpyxl.load_workbook(book)[SHEET]
    col = header_map(ws)
    rows = sheet_rows(ws)
    letters = {h: openpyxl.utils.get_column_letter(c) for h, c in col.items()}
    width = {h: ws.column_dimensions[letters[h]].width for h in col}
    for h in ("序号", "数值", "单位", "限定词", "核实数值", "核实变化", "核实人"):  # one line: wide enough
        widest = max([text_width(str(r[h] or "")) for r in rows] + [text_width(h)])
        assert width[h] >= widest, (h, width[h], widest)
    assert 100 <= sum(w for h, w in width.items() if h != "编号") <= 180  # one A4 page wide at a readable scale
    for n, r in enumerate(rows, 2):
        for h in ("原文", "指标"):
            text = str(r[h] or "")
            # A CJK character is two of Excel's width units (a '0' is one); 0.71 is Excel's cell padding.
            usable = width[h] - 0.71 - 1.5
            lines = sum(max(1, -(-text_width(part) // usable)) for part in text.split("\n"))
            assert ws.row_dimensions[n].height >= 13 * lines, (r["编号"], h)


def test_same_content_same_bytes_dated_from_the_content_with_its_hash(tmp_path, seed_list):
    content, book = seed_list
    again = tmp_path / "again.xlsx"
    assert make_list(content, again).returncode == 0
    assert again.read_bytes() == book.read_bytes()
    wb = openpyxl.load_workbook(book)
    report = load(content)
    digest = hashlib.sha256(content.read_bytes()).hexdigest()
    assert wb.properties.created.date() == report.meta.date
    assert wb.properties.modified.date() == report.meta.date
    assert wb.properties.keywords == f"sha256:{digest}"
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props["govreport.sha256"] == digest and props["govreport.rows"] == "107"
    notes = {r[0]: r[1] for r in wb["说明"].iter_rows(values_only=True) if r[0]}
    assert notes["内容版本"] == f"sha256:{digest}" and notes["指标数"] == "107"
    # One figure changed: another version, another hash, the new figure in the list.
    edited = copy_of(content, tmp_path / "edited")
    edited.write_text(content.read_text(encoding="utf-8").replace("value: 2286.2", "value: 2287.1"), encoding="utf-8")
    other = tmp_path / "other.xlsx"
    assert make_list(edited, other).returncode == 0
    props = {p.name: p.value for p in openpyxl.load_workbook(other).custom_doc_props.props}
    assert props["govreport.sha256"] == hashlib.sha256(edited.read_bytes()).hexdigest() != digest
    assert {r["编号"]: r["数值"] for r in sheet_rows(openpyxl.load_workbook(other)[SHEET])}["gdp"] == "2287.1"


def test_a_list_being_filled_in_is_never_overwritten_without_force(tmp_path, seed_list):
    content, _ = seed_list
    book = tmp_path / "核对表.xlsx"
    book.write_bytes(b"a checker's workbook")
    proc = make_list(content, book)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"{book}: exists (a list being filled in?): name another file with -o, or add --force to replace it"
    assert book.read_bytes() == b"a checker's workbook"
    proc = make_list(content, book, "--force")
    assert proc.returncode == 0, proc.stderr
    assert openpyxl.load_workbook(book).sheetnames == [SHEET, "说明"]
    proc = make_list(content, book)
    assert proc.returncode == 0 and "unchanged" in proc.stdout


def test_the_default_name_and_bad_content_exit_2_with_every_problem(tmp_path):
    content = copy_of(FIXTURES / "mini.yaml", tmp_path)
    proc = run_build("figures", str(content), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "mini-核对表.xlsx").is_file()
    text = content.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    lines = text.splitlines()
    i = next(n for n, line in enumerate(lines) if line.strip().startswith("value:"))
    lines[i] = lines[i].split(":")[0] + ": lots"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run_build("figures", str(bad), "-o", str(tmp_path / "bad.xlsx"), cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"{bad}:{i + 1}:") and "expected a number" in proc.stderr
    assert not (tmp_path / "bad.xlsx").exists()


def _column_text(page, header: str) -> str:
    """The text printed in one column of a page (between the cell borders around its header), no spaces."""
    head = next(w for w in page.extract_words() if w["text"] == header)
    xs = sorted({round(e["x0"], 1) for e in page.edges if e["orientation"] == "v"
                 and e["top"] <= head["top"] <= e["bottom"]})
    left = max(x for x in xs if x <= head["x0"])
    right = min(x for x in xs if x >= head["x1"])
    text = page.crop((left, head["bottom"], right, page.height)).extract_text() or ""
    return "".join(text.split())


def _calc_available() -> bool:
    """LibreOffice with Calc (Debian splits it out: libreoffice-calc)."""
    if SOFFICE is None:
        return False
    program = Path(SOFFICE).resolve().parent
    return any(program.glob("libsclo*")) or any(program.glob("*sc*lo.dll"))


@pytest.mark.soffice
@pytest.mark.skipif(not _calc_available(), reason="LibreOffice Calc is not installed (libreoffice-calc; .ci/run installs it)")
def test_printed_by_calc_every_figure_on_a4_landscape_pages_with_the_header_row_and_page_numbers(seed_list, soffice_pdf):
    import pdfplumber

    content, book = seed_list
    report = load(content)
    pdf_path = soffice_pdf(book)
    with pdfplumber.open(pdf_path) as pdf:
        pages = pdf.pages
        texts = [p.extract_text() or "" for p in pages]
        flat = ["".join(t.split()) for t in texts]
        sheet_pages = [n for n, t in enumerate(flat) if "填写说明" not in t]
        assert len(sheet_pages) >= 2
        for n in sheet_pages:
            page = pages[n]
            assert (round(page.width), round(page.height)) == (842, 595)  # A4 landscape
            assert "序号分组指标数值" in flat[n]  # the header row on every page
            assert f"第{n + 1}页" in flat[n]
            assert hashlib.sha256(content.read_bytes()).hexdigest()[:12] in flat[n]
            for ch in page.chars:  # nothing off the paper
                assert 0 <= ch["x0"] and ch["x1"] <= page.width and 0 <= ch["top"] and ch["bottom"] <= page.height
            sizes = [ch["size"] for ch in page.chars if ch["text"].strip()]
            assert min(sizes) >= 5.5  # readable once fitted to the page's width
        joined = "".join(flat[n] for n in sheet_pages)
        labels = "".join(_column_text(pages[n], "指标") for n in sheet_pages)
        values = "".join(_column_text(pages[n], "数值") for n in sheet_pages)
        for ind in report.indicators.values():  # every row printed whole: its label, its figure
            assert "".join(ind.label.split()) in labels, ind.id
            assert figures.bare(ind) in values, ind.id
        assert "地区生产总值达到2286.2亿元" in joined
        assert "□" not in joined and "\ufffd" not in joined
        # The Chinese text is drawn with a CJK font (boxes would be a font without the characters).
        fonts_used = {ch["fontname"].split("+")[-1] for p in pages for ch in p.chars if ord(ch["text"]) > 0x3000}
        assert fonts_used and all(any(k in f for k in ("Ming", "Kai", "Hei", "Song", "WenKai")) for f in fonts_used), fonts_used
        assert "build.pyfigures" in flat[-1] and "--apply" in flat[-1]  # 说明 printed last
