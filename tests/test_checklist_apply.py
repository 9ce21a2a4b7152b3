"""`build.py figures FILE --apply 核对表.xlsx`: a checker's corrections back into the content file.

The workbook is filled in with openpyxl as a checker's Excel would save it (a number typed, a
number typed as text '2287.1, 12.9% typed into a cell), applied by build.py in its own process,
and the YAML compared line by line with what it was; the rebuilt outputs are read back.
"""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path

import openpyxl
import pytest

from conftest import FIXTURES, SEED, run_build
from govreport.loader import load
from test_checklist import SHEET, copy_of, header_map, make_list, no_leaks  # noqa: F401  (no_leaks: autouse)

ANNEXES = FIXTURES / "annexes.yaml"


def fill(book: Path, out: Path, cells: dict, *, edit=None) -> dict[str, int]:
    """Save ``book`` as ``out`` with ``cells`` typed: {(id, header): value}; a value ('text', x)
    is typed as text with an apostrophe ('2287.1), ('percent', x) as Excel keeps 12.9%: x/100 in a
    % cell. ``edit(ws, rows)`` may change the sheet further. Returns {id: sheet row}."""
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET]
    col = header_map(ws)
    rows = {ws.cell(r, col["编号"]).value: r for r in range(2, ws.max_row + 1)}
    for (ind_id, header), value in cells.items():
        cell = ws.cell(rows[ind_id], col[header])
        if isinstance(value, tuple) and value[0] == "text":
            cell.value = value[1]
            cell.quotePrefix = True
        elif isinstance(value, tuple) and value[0] == "percent":
            cell.value = value[1] / 100
            cell.number_format = "0.0%"
        else:
            cell.value = value
    if edit is not None:
        edit(ws, rows, col)
    wb.save(out)
    return rows


def apply(content: Path, book: Path, *extra: str):
    return run_build("figures", str(content), "--apply", str(book), *extra, cwd=content.parent)


def untouched(work: Path, old: bytes) -> None:
    """The content file is as it was, and no FILE.bak was made."""
    assert work.read_bytes() == old
    assert not work.with_name(work.name + ".bak").exists()


def changed_lines(old: str, new: str) -> list[tuple[str, str]]:
    """(old line, new line) pairs that differ; the files must have the same number of lines."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    assert len(a) == len(b), "lines were added or removed"
    return [(x, y) for x, y in zip(a, b) if x != y]


@pytest.fixture(scope="module")
def seed_copy(tmp_path_factory):
    """A copy of the seed with an end-of-line comment on the line a checker will correct, and its list."""
    d = tmp_path_factory.mktemp("apply-seed")
    content = copy_of(SEED, d)
    text = content.read_text(encoding="utf-8")
    assert text.count("    value: 2286.2\n") == 1
    content.write_text(text.replace("    value: 2286.2\n", "    value: 2286.2  # 统计快报数\n"), encoding="utf-8")
    book = d / "核对表.xlsx"
    assert make_list(content, book).returncode == 0
    return content, book


@pytest.fixture
def seed_work(seed_copy, tmp_path):
    """This test's own copy of the commented seed: (its path, the list made of it, its bytes)."""
    content, book = seed_copy
    work = copy_of(content, tmp_path)
    return work, book, work.read_bytes()


def _output_texts(out: Path) -> dict[str, str]:
    """Every text of the four outputs, as a reader's program reads them."""
    import docx
    import pdfplumber
    import pptx

    doc = docx.Document(out / "report.docx")
    report = "\n".join([p.text for p in doc.paragraphs] +
                       [c.text for t in doc.tables for row in t.rows for c in row.cells])
    deck = []
    for slide in pptx.Presentation(out / "deck.pptx").slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                deck.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                deck += [c.text for row in shape.table.rows for c in row.cells]
        if slide.has_notes_slide:
            deck.append(slide.notes_slide.notes_text_frame.text)
    with pdfplumber.open(out / "brief.pdf") as pdf:
        brief = "\n".join(p.extract_text() or "" for p in pdf.pages)
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.bits = []

        def handle_data(self, data):
            self.bits.append(data)

    h = Text()
    h.feed((out / "report.html").read_text(encoding="utf-8"))
    return {"report": report, "deck": "\n".join(deck), "brief": brief, "web": "".join(h.bits)}


def test_round_trip_on_the_seed_three_figures_and_a_change_reach_every_output(seed_work, tmp_path):
    work, book, old = seed_work
    checked = tmp_path / "checked.xlsx"
    rows = fill(book, checked, {
        ("gdp", "核实数值"): ("text", "2287.1"),  # typed as text: '2287.1
        ("gdp", "核实人"): "统计局 张三",
        ("district_revenue", "核实数值"): 168.6,
        ("fixed_asset_investment", "核实数值"): 179.5,
        ("fixed_asset_investment", "备注"): "据年报",
        ("retail_sales", "核实变化"): 14.2,
        ("retail_sales", "核实人"): "商务委 李四",
        ("key_industry_tax", "核实数值"): 370,  # the same figure typed again: confirmed, no change
        ("commodity_sales", "核实变化"): "1",
    })
    proc = apply(work, checked)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"gdp: 2286.2 → 2287.1 亿元 (分组 经济发展, row {rows['gdp']}, 统计局 张三)",
        f"district_revenue: 168.53 → 168.6 亿元 (分组 经济发展, row {rows['district_revenue']})",
        f"fixed_asset_investment: 179.2 → 179.5 亿元 (分组 经济发展, row {rows['fixed_asset_investment']}: 据年报)",
        f"retail_sales.change: 增长14% → 增长14.2% (分组 经济发展, row {rows['retail_sales']}, 商务委 李四)",
        f"{work}: 4 changes from {checked}; the old file is {work}.bak; build and check the outputs: "
        f"build.py {work} --verify",
    ]
    new = work.read_bytes()
    assert (tmp_path / f"{work.name}.bak").read_bytes() == old
    # Exactly those values changed; every other byte (comments, quotes, flow mappings) as it was.
    assert changed_lines(old.decode(), new.decode()) == [
        ("    value: 2286.2  # 统计快报数\n", "    value: 2287.1  # 统计快报数\n"),
        ("    value: 168.53\n", "    value: 168.6\n"),
        ("    value: 179.2\n", "    value: 179.5\n"),
        ('    change: {value: 14, unit: "%", word: 增长}\n', '    change: {value: 14.2, unit: "%", word: 增长}\n'),
    ]
    report = load(work)
    assert [str(report.indicators[i].value) for i in ("gdp", "district_revenue", "fixed_asset_investment")] == \
        ["2287.1", "168.6", "179.5"]
    # A rebuild shows the new figures in every output, and --verify agrees.
    out = tmp_path / "out"
    proc = run_build(str(work), "--out", str(out), "--verify", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "verify: ok" in proc.stdout
    texts = _output_texts(out / work.stem)
    for name, text in texts.items():
        flat = "".join(text.split())
        for new_figure, old_figure in (("2287.1", "2286.2"), ("168.6", "168.53"), ("179.5", "179.2")):
            assert new_figure in flat, (name, new_figure)
            assert old_figure not in flat, (name, old_figure)
        assert "14.2" in flat, name


def test_dry_run_prints_the_changes_and_writes_nothing(seed_work, tmp_path):
    work, book, old = seed_work
    checked = tmp_path / "checked.xlsx"
    rows = fill(book, checked, {("gdp", "核实变化"): ("percent", 12.9)})  # 12.9% typed: Excel keeps 0.129
    proc = apply(work, checked, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"gdp.change: 增长12.8% → 增长12.9% (分组 经济发展, row {rows['gdp']})",
        f"{work}: 1 change (--dry-run: nothing written)",
    ]
    untouched(work, old)


def test_a_sheet_with_no_corrections_changes_nothing(seed_work, tmp_path):
    work, book, old = seed_work
    proc = apply(work, book)
    assert proc.returncode == 0, proc.stderr
    assert "no corrections" in proc.stdout
    untouched(work, old)


def test_every_bad_cell_of_a_sheet_is_named_at_once_and_the_file_untouched(seed_work, tmp_path):
    work, book, old = seed_work
    checked = tmp_path / "checked.xlsx"

    def edit(ws, rows, col):
        ws.cell(rows["district_revenue"], col["编号"]).value = "district_revenu"  # an id edited
        ws.cell(rows["fixed_asset_investment"], col["数值"]).value = "179.5"  # typed over the source
        ws.cell(rows["regional_hq_new"], col["指标"]).value = "新增跨国公司总部"  # a label edited
        ws.cell(rows["retail_sales"], col["核实变化"]).value = _dt.datetime(2024, 5, 5)  # 5-5 read as a date
        ws.delete_rows(rows["ai_firms"])  # a row deleted

    rows = fill(book, checked, {("gdp", "核实数值"): "约2287", ("gdp", "核实变化"): "下跌0.5"}, edit=edit)
    proc = apply(work, checked)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    r = rows
    assert lines == [
        f"{checked}: 分组 经济发展, row {r['gdp']}, 核实数值: '约2287' is not a number",
        f"{checked}: 分组 经济发展, row {r['gdp']}, 核实变化: '下跌0.5' is not a number (a change: 12.9, or 下降0.5)",
        f"{checked}: 分组 经济发展, row {r['district_revenue']}, 编号: 'district_revenu' is no indicator of {work}: "
        f"the id was edited, or the indicator removed since",
        f"{checked}: 分组 经济发展, row {r['fixed_asset_investment']}, 数值: '179.5' is not the source's '179.2': "
        f"write a correction in 核实数值 (or 备注), leave 数值 as made",
        f"{checked}: 分组 经济发展, row {r['retail_sales']}, 核实变化: read as a date: type a range with a dash — "
        f"(5—5.5), or start the cell with an apostrophe ('4-5)",
        f"{checked}: 分组 经济发展, row {r['regional_hq_new']}, 指标: '新增跨国公司总部' is not the label of "
        f"regional_hq_new in {work} ('新增跨国公司地区总部'): the row was edited or the indicator renamed; keep 指标 as made",
        f"{checked}: 分组 产业发展, 序号 13: the row of ai_firms (人工智能产业链关联企业) was deleted: every row stays in "
        f"the list as made",
        f"{checked}: 分组 经济发展: no row for district_revenue (区级一般公共预算收入): a row was deleted or its id changed",
        f"{work}: nothing changed (8 problems in {checked})",
    ]
    untouched(work, old)


def test_a_sheet_from_another_version_is_refused_unless_force(seed_copy, tmp_path):
    content, book = seed_copy
    work = copy_of(content, tmp_path)
    # The draft moved on after the list went out: a sentence reworded.
    text = work.read_text(encoding="utf-8")
    assert "增速继续保持全市前列" in text
    work.write_text(text.replace("增速继续保持全市前列", "增速保持全市前列"), encoding="utf-8")
    old = work.read_bytes()
    checked = tmp_path / "checked.xlsx"
    fill(book, checked, {("gdp", "核实数值"): 2287.1})
    proc = apply(work, checked)
    assert proc.returncode == 2
    import hashlib

    made = hashlib.sha256(content.read_bytes()).hexdigest()[:12]
    now = hashlib.sha256(old).hexdigest()[:12]
    assert proc.stderr.splitlines()[0] == (
        f"{checked}: made from another version of {work} (sha256:{made}; the file is now sha256:{now}): make a new "
        f"list with build.py figures, or apply this one anyway with --force (rows are matched by id and label)")
    assert work.read_bytes() == old
    proc = apply(work, checked, "--force")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].startswith(f"{checked}: made from another version of {work}")
    assert "gdp: 2286.2 → 2287.1 亿元" in proc.stdout
    assert changed_lines(old.decode(), work.read_text(encoding="utf-8")) == [
        ("    value: 2286.2  # 统计快报数\n", "    value: 2287.1  # 统计快报数\n")]


def test_a_file_that_is_not_a_workbook_or_lacks_the_sheet_exit_2_in_one_line(seed_copy, tmp_path):
    content, _ = seed_copy
    work = copy_of(content, tmp_path)
    old = work.read_bytes()
    text_file = tmp_path / "核对表.xlsx"
    text_file.write_text("序号,指标\n1,地区生产总值\n", encoding="utf-8")
    legacy = tmp_path / "核对表.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(other)
    missing = tmp_path / "missing.xlsx"
    for book, line in (
        (text_file, f"{text_file}: not an Excel workbook (.xlsx)"),
        (legacy, f"{legacy}: not an Excel workbook (.xlsx); an .xls or .et file: save it as .xlsx (Excel 工作簿)"),
        (other, f"{other}: no sheet {SHEET} (its sheets: Sheet1): apply the workbook build.py figures made, "
                f"with its sheet {SHEET}"),
        (missing, f"{missing}: no such file"),
    ):
        proc = apply(work, book)
        assert proc.returncode == 2, book
        assert "Traceback" not in proc.stderr
        assert proc.stderr.splitlines()[0] == line
        untouched(work, old)


def test_ranges_and_a_change_of_direction_are_corrected_in_place(tmp_path):
    content = copy_of(ANNEXES, tmp_path)
    report = load(content)
    ranged = [i for i in report.indicators.values() if i.upper is not None and i.range is None and i.lower_unit is None]
    single = [i for i in report.indicators.values() if i.upper is None and i.value is not None and not i.target]
    changed = [i for i in report.indicators.values() if i.change is not None and i.change.upper is None]
    assert ranged and single and changed
    a, b, c = ranged[0], single[0], changed[0]
    book = tmp_path / "list.xlsx"
    assert make_list(content, book).returncode == 0
    checked = tmp_path / "checked.xlsx"
    new_upper = a.upper + 1
    fill(book, checked, {
        (a.id, "核实数值"): f"{a.value}—{new_upper}",  # a range's upper bound corrected
        (b.id, "核实数值"): f"{b.value}-{b.value + 2}",  # a single figure is a range after all
        (c.id, "核实变化"): f"下降{c.change.value}",  # the same size, the other way
    })
    old = content.read_text(encoding="utf-8")
    proc = apply(content, checked)
    assert proc.returncode == 0, proc.stderr
    after = load(content)
    assert (after.indicators[a.id].value, after.indicators[a.id].upper) == (a.value, new_upper)
    assert (after.indicators[b.id].value, after.indicators[b.id].upper) == (b.value, b.value + 2)
    assert after.indicators[c.id].change.word == "下降" and after.indicators[c.id].change.value == c.change.value
    for ind in after.indicators.values():  # nothing else moved
        if ind.id not in (a.id, b.id, c.id):
            assert ind == report.indicators[ind.id], ind.id
    new = content.read_text(encoding="utf-8")
    added = len(new.splitlines()) - len(old.splitlines())
    assert added == 1  # the new range's upper: line, under its value:
    assert f"    upper: {b.value + 2}\n" in new
    # Back to a single figure: the range's keys go with its upper bound.
    book2 = tmp_path / "list2.xlsx"
    assert make_list(content, book2).returncode == 0
    checked2 = tmp_path / "checked2.xlsx"
    fill(book2, checked2, {(b.id, "核实数值"): str(b.value)})
    proc = apply(content, checked2)
    assert proc.returncode == 0, proc.stderr
    assert content.read_text(encoding="utf-8").splitlines() == \
        [line for line in new.splitlines() if line != f"    upper: {b.value + 2}"]


def test_a_correction_that_would_not_build_is_refused_with_the_builds_reasons(seed_work, tmp_path):
    work, book, old = seed_work
    checked = tmp_path / "checked.xlsx"
    fill(book, checked, {("gdp", "核实数值"): "12345678901234567890"})  # 20 digits: a figure no tile holds
    proc = apply(work, checked)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[-1] == f"{work}: the corrected file would not pass --check: nothing written"
    # The build's own reasons, at the corrected file's line (the temp file it was checked as is not named).
    assert any(x.startswith(f"{work} (as corrected):") and "indicators.gdp" in x and "does not fit" in x
               for x in lines[:-1]), lines
    assert ".checking-" not in proc.stderr
    untouched(work, old)
    assert not list(tmp_path.glob(".*"))  # no temp file left beside it


def test_a_windows_file_keeps_its_line_ends_and_byte_order_mark(tmp_path):
    content = copy_of(FIXTURES / "mini.yaml", tmp_path)
    text = content.read_text(encoding="utf-8")
    content.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    report = load(content)
    ind = next(i for i in report.indicators.values() if i.value is not None and i.upper is None)
    book = tmp_path / "list.xlsx"
    assert make_list(content, book).returncode == 0
    checked = tmp_path / "checked.xlsx"
    fill(book, checked, {(ind.id, "核实数值"): str(ind.value + 1)})
    proc = apply(content, checked)
    assert proc.returncode == 0, proc.stderr
    data = content.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == text.count("\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert load(content).indicators[ind.id].value == ind.value + 1
