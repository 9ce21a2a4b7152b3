"""A checker's workbook read back (openpyxl): the corrections it holds, or every bad cell named.

A row is matched to its indicator by the id column (编号) and its label (指标): a row whose id
or label no longer match the content file is refused, as is a row deleted (a gap in 序号, or an
indicator of this version with no row), a row copied (an id twice), a source column typed over
(数值 changed instead of 核实数值) and a 核实 cell that is not a figure. Each problem is one line,
``核对表.xlsx: 分组 经济发展, row 7, 核实数值: '约2287' is not a number``, all of them at once.

A workbook made from another version of the file (its SHA-256) is refused unless ``force``;
then rows are still matched by id and label, and the source columns are not compared.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .. import figures
from ..errors import ContentError
from ..model import Indicator, Report
from . import rows as rows_mod
from .sheet import COLUMNS, HEADERS, NOTES, NOTES_HASH_LABEL, PROPERTY_HASH, PROPERTY_ROWS, SHEET

# What a checker types in 核实数值 / 核实变化 (after NFKC, so ２２８７．１ and ％ are read too):
# an optional change word (下降0.5), a number or a range (5—5.5, 5%-5.5%), an optional unit.
_SEPARATORS = "|".join(re.escape(s) for s in sorted(figures.RANGE_SEPARATORS, key=len, reverse=True))
_NUM = r"[-+]?[0-9]+(?:\.[0-9]+)?"
_FIGURE = re.compile(
    rf"^(?P<word>[^\d\s.+-]*?)\s*(?P<lo>{_NUM})\s*(?P<lo_unit>%|个百分点)?\s*"
    rf"(?:(?P<sep>{_SEPARATORS})\s*(?P<hi>{_NUM}))?\s*(?P<unit>\S*?)\s*$")


@dataclass(frozen=True)
class Figure:
    """A figure as a checker typed it: bounds, and for a change its word and unit when typed."""

    value: Decimal
    upper: Decimal | None = None
    word: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Correction:
    """One indicator's value or change as the checker corrected it."""

    id: str
    part: str  # "value" or "change"
    figure: Figure
    row: int  # the sheet's row (1 is the header)
    group: str
    checker: str
    remark: str


@dataclass
class Reading:
    """What a workbook holds: its corrections, the problems that refuse it, and notes."""

    corrections: list[Correction] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    digest: str = ""


def _text(value) -> str:
    """A cell as text: '' for empty, numbers without a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(text: str) -> Decimal | None:
    problem = figures.number_problem(text, quoted=True)
    if problem:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_figure(value, number_format: str, *, change: bool, unit: str) -> Figure | None | str:
    """A 核实 cell: None when empty, a Figure, or the message saying why it is no figure.
    ``unit``: the indicator's (a value may repeat it: 2287.1亿元); a change may end in % or 个百分点."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return f"{value!r} is not a number"
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return ("read as a date: type a range with a dash — (5—5.5), or start the cell with an apostrophe ('4-5)")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (number_format or ""):  # 12.9% typed into a cell: Excel keeps 0.129
            d = (d * 100).normalize()
            d = d.quantize(Decimal(1)) if d == d.to_integral_value() else d
        text = format(d, "f")
        if figures.number_problem(text, quoted=True):
            return f"{text!r} is not a number in plain digits"
        if change and d < 0:
            return f"'{text}' is below zero: write the direction in words (下降{format(-d, 'f')})"
        return Figure(Decimal(text))
    raw = str(value).strip()
    typed = unicodedata.normalize("NFKC", raw).replace("％", "%")
    m = _FIGURE.match(typed)
    bad = f"{raw!r} is not a number" + (" (a change: 12.9, or 下降0.5)" if change else "")
    if not m:
        return bad
    word, lo, hi = m.group("word"), m.group("lo"), m.group("hi")
    units = {u for u in (m.group("lo_unit"), m.group("unit")) if u}
    if change:
        if (word and word not in figures.CHANGE_WORDS) or len(units) > 1 or not units <= set(figures.CHANGE_UNITS):
            return bad
    elif word or not units <= {unit}:
        return bad
    low, high = _decimal(lo), _decimal(hi) if hi else None
    if low is None or (hi and high is None):
        return f"{raw!r} is not a number in plain digits"
    if change and low < 0:
        return f"{raw!r} is below zero: write the direction in words (下降{lo.lstrip('-')})"
    if high is not None and high <= low:
        return f"{raw!r}: a range's upper bound must be above its lower bound"
    return Figure(low, high, word or None, (next(iter(units)) if units else None) if change else None)


def differs(ind: Indicator, part: str, fig: Figure) -> bool:
    """Whether ``fig`` says something else than the source's value or change."""
    src = ind.change if part == "change" else ind
    if src is None or src.value is None:
        return True
    if fig.value != src.value or fig.upper != src.upper:
        return True
    if part == "change":
        return (fig.word is not None and fig.word != src.word) or (fig.unit is not None and fig.unit != src.unit)
    return False


def _open(path: Path, shown: str):
    """The workbook, or a ContentError saying why ``path`` is none."""
    from .. import safezip

    try:
        safezip.check(path, "xlsx")
    except ContentError as e:
        message = e.problems[0].message if e.problems else str(e)
        if "macro" in message:
            message = "a macro-enabled workbook (.xlsm): save it as an Excel Workbook (.xlsx) and apply that"
        elif message.startswith("not a .xlsx"):
            message = ("not an Excel workbook (.xlsx)" +
                       ("; an .xls or .et file: save it as .xlsx (Excel 工作簿)" if _legacy(path) else ""))
        raise ContentError(message, shown) from None
    import openpyxl

    try:
        return openpyxl.load_workbook(path, data_only=True)
    except Exception as e:  # a damaged file: openpyxl raises what its parser raised
        raise ContentError(f"cannot be read as an Excel workbook ({type(e).__name__}: {e})", shown) from None


def _legacy(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary format (.xls, .et)
    except OSError:
        return False


def _recorded(wb) -> tuple[str, str]:
    """(SHA-256, rows) the workbook says it was made with: its custom properties, else 说明."""
    props = {}
    for p in getattr(getattr(wb, "custom_doc_props", None), "props", ()) or ():
        props[p.name] = _text(p.value)
    digest, count = props.get(PROPERTY_HASH, ""), props.get(PROPERTY_ROWS, "")
    if NOTES in wb.sheetnames and (not digest or not count):
        for row in wb[NOTES].iter_rows(max_col=2, values_only=True):
            label, value = (_text(row[0]), _text(row[1])) if len(row) > 1 else ("", "")
            if label == NOTES_HASH_LABEL and not digest:
                digest = value.removeprefix("sha256:")
            if label == "指标数" and not count:
                count = value
    return digest.lower(), count


def read(path: Path, report: Report, digest: str, *, force: bool = False, shown: str | None = None,
         source: str = "the content file") -> Reading:
    """The corrections of workbook ``path`` for ``report`` (whose file's SHA-256 is ``digest``)."""
    shown = shown or str(path)
    out = Reading()
    wb = _open(path, shown)
    if SHEET not in wb.sheetnames:
        out.problems.append(f"{shown}: no sheet {SHEET} (its sheets: {', '.join(wb.sheetnames)}): "
                            f"apply the workbook build.py figures made, with its sheet {SHEET}")
        return out
    made, count = _recorded(wb)
    out.digest = made
    same = made == digest
    if not made:
        if not force:
            out.problems.append(f"{shown}: does not say which version of {source} it was made from (no sha256 in its "
                                f"properties or sheet {NOTES}): apply it anyway with --force")
    elif not same:
        if force:
            out.notes.append(f"{shown}: made from another version of {source} (sha256:{made[:12]}, the file is now "
                             f"sha256:{digest[:12]}): applied by id and label (--force)")
        else:
            out.problems.append(f"{shown}: made from another version of {source} (sha256:{made[:12]}; the file is now "
                                f"sha256:{digest[:12]}): make a new list with build.py figures, or apply this one "
                                f"anyway with --force (rows are matched by id and label)")
    ws = wb[SHEET]
    header = [_text(c) for c in next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())]
    col = {}
    for n, text in enumerate(header):
        col.setdefault(text, n)
    missing = [h for h, _ in COLUMNS if h not in col and h not in ("原文",)]
    if missing:
        out.problems.append(f"{shown}: sheet {SHEET}: no column {', '.join(missing)} in its first row "
                            f"(the columns are {' '.join(h for h, _ in COLUMNS)})")
        return out
    table = rows_mod.ordered(report)
    by_id = {i.id: i for i in table}
    expected = {r.id: r for r in rows_mod.rows(report)}
    seen: dict[str, int] = {}
    numbers: set[int] = set()

    def where(row_no: int, group: str, key: str) -> str:
        return f"{shown}: 分组 {group}, row {row_no}, {HEADERS[key]}"

    for row_no, cells in enumerate(ws.iter_rows(min_row=2), 2):
        def cell(key):
            n = col[HEADERS[key]]
            return cells[n] if n < len(cells) else None

        def value(key):
            c = cell(key)
            return None if c is None else c.value

        if all(_text(c.value) == "" for c in cells):
            continue  # an empty row (below the table, or left by a filter)
        ind_id, label = _text(value("id")), _text(value("label"))
        ind = by_id.get(ind_id)
        group = _text(value("group")) or (report.groups.get(ind.group, "") if ind else "")
        num = value("number")
        if isinstance(num, (int, float)) and not isinstance(num, bool) and float(num).is_integer():
            numbers.add(int(num))
        if not ind_id:
            out.problems.append(f"{where(row_no, group, 'id')}: empty: every row keeps its id (编号) as made")
            continue
        if ind is None:
            out.problems.append(f"{where(row_no, group, 'id')}: {ind_id!r} is no indicator of {source}: the id was edited, "
                                f"or the indicator removed since")
            continue
        if ind_id in seen:
            out.problems.append(f"{where(row_no, group, 'id')}: {ind_id!r} stands in row {seen[ind_id]} too: a row copied? "
                                f"keep one row per indicator")
            continue
        seen[ind_id] = row_no
        if label != ind.label:
            out.problems.append(f"{where(row_no, group, 'label')}: {label!r} is not the label of {ind_id} in {source} "
                                f"({ind.label!r}): the row was edited or the indicator renamed; keep 指标 as made")
            continue
        if same:
            want = expected[ind_id]
            for key in ("value", "unit", "qualifier", "change", "period"):
                typed = _text(value(key))
                if typed != getattr(want, key):
                    out.problems.append(f"{where(row_no, group, key)}: {typed!r} is not the source's "
                                        f"{getattr(want, key)!r}: write a correction in "
                                        f"{HEADERS['checked_change' if key == 'change' else 'checked_value']} "
                                        f"(or 备注), leave {HEADERS[key]} as made")
        checker, remark = _text(value("checker")), _text(value("remark"))
        for key, part in (("checked_value", "value"), ("checked_change", "change")):
            c = cell(key)
            fig = parse_figure(None if c is None else c.value, getattr(c, "number_format", "") or "",
                               change=part == "change", unit=ind.unit)
            if fig is None:
                continue
            if isinstance(fig, str):
                out.problems.append(f"{where(row_no, group, key)}: {fig}")
                continue
            has = ind.change is not None if part == "change" else ind.value is not None
            if not has:
                what = "a change" if part == "change" else "a figure"
                out.problems.append(f"{where(row_no, group, key)}: {ind_id} has no {what} in {source} to correct "
                                    f"({_text(c.value)!r}): say it in 备注")
                continue
            if differs(ind, part, fig):
                out.corrections.append(Correction(ind_id, part, fig, row_no, group, checker, remark))
    # Rows deleted: a gap in 序号 (as made), or an indicator of this version with no row.
    try:
        made_rows = int(count)
    except ValueError:
        made_rows = len(table) if same else max(numbers, default=0)
    gone = [n for n in range(1, made_rows + 1) if n not in numbers]
    named = set()
    for n in gone:
        if same and n <= len(table):
            ind = table[n - 1]
            named.add(ind.id)
            out.problems.append(f"{shown}: 分组 {report.groups.get(ind.group, ind.group)}, 序号 {n}: the row of {ind.id} "
                                f"({ind.label}) was deleted: every row stays in the list as made")
        else:
            out.problems.append(f"{shown}: 序号 {n}: its row was deleted: every row stays in the list as made")
    for ind in table:
        if ind.id not in seen and ind.id not in named:
            if same:
                out.problems.append(f"{shown}: 分组 {report.groups.get(ind.group, ind.group)}: no row for {ind.id} "
                                    f"({ind.label}): a row was deleted or its id changed")
            else:
                out.notes.append(f"{shown}: {ind.id} ({ind.label}) is not in the list (added since it was made): not checked")
    return out
