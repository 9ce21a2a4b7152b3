"""The figures workbook (数据核对表), written with XlsxWriter.

One sheet, 指标核对, a row per indicator in table order with filters on the header (a checker
filters by 分组 for the figures of their department), the header row and the first three columns
frozen; a second sheet, 说明, says which file and version it was made from and how to fill it in.

Only the four 核实 columns are open for typing (the sheet is protected without a password, so a
figure of the source is not overwritten by mistake; sorting, filtering and resizing still work);
核实数值 and 核实变化 take numbers (data validation warns on anything else: a range is typed
``5—5.5``, a change of direction ``下降0.5``). The id stands in the last column, not printed.

The workbook records the content file's SHA-256 (custom property ``govreport.sha256``, the 说明
sheet and every printed page's header), so ``--apply`` knows the version it was made from.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from .. import figures
from ..model import Report
from . import xlsx
from .rows import Row, rows

SHEET = "指标核对"
NOTES = "说明"

# The columns, in order: (header, key). The key names the column for the reader.
COLUMNS = (
    ("序号", "number"), ("分组", "group"), ("指标", "label"), ("数值", "value"), ("单位", "unit"),
    ("限定词", "qualifier"), ("变化", "change"), ("时期", "period"), ("原文", "quotes"),
    ("核实数值", "checked_value"), ("核实变化", "checked_change"), ("备注", "remark"), ("核实人", "checker"),
    ("编号", "id"),
)
HEADERS = {key: header for header, key in COLUMNS}
INDEX = {key: n for n, (_, key) in enumerate(COLUMNS)}
CHECK_KEYS = ("checked_value", "checked_change", "remark", "checker")
FROZEN_COLUMNS = 3  # 序号, 分组, 指标 stay in view while the checker scrolls to the 核实 columns

PROPERTY_HASH = "govreport.sha256"
PROPERTY_FILE = "govreport.file"
PROPERTY_ROWS = "govreport.rows"
NOTES_HASH_LABEL = "内容版本"

# Widths (Excel units) of each column: (least, most); the text decides in between.
WIDTHS = {
    "number": (5, 5), "group": (8, 10), "label": (12, 22), "value": (7, 10), "unit": (5, 12),
    "qualifier": (7, 7), "change": (8, 12), "period": (7, 8), "quotes": (44, 44),
    "checked_value": (9, 9), "checked_change": (9, 9), "remark": (12, 12), "checker": (8, 8), "id": (8, 24),
}
WRAPPED = ("label", "quotes", "group", "change", "period", "value")

VALUE_HELP = "数值有误时，在这里填写核实后的数字（如 2287.1）；无误留空。"
RANGE_HELP = "这是一个范围：有误时填写 下限—上限（如 5—5.5）；无误留空。"
CHANGE_HELP = "变化幅度有误时填写核实后的数字（如 12.9，单位不变）；方向变了写 下降0.5；无误留空。"
NOT_A_NUMBER = "这里填写数字（范围写作 5—5.5，变化方向写作 下降0.5）。确定要保留这样填写吗？"

INSTRUCTIONS = (
    "只在 核实数值、核实变化、备注、核实人 四列填写（黄色单元格），其他各列是报告里的原样，请勿修改。",
    "数值或变化无误的，留空；有误的，填写核实后的数字：2287.1（单位与“单位”列相同）。",
    "范围写作 下限—上限：5—5.5；变化的方向改变时，连同方向一起写：下降0.5。",
    "单位、限定词或文字需要修改的，写在“备注”里。核实人写单位和姓名，如：统计局 张三。",
    "请勿删除、增加或复制行，勿改“编号”列：改正按编号和指标名称逐行读回内容文件。",
    "填好后把本表发回，由起草组运行：build.py figures 内容文件 --apply 本表。",
)


def content_hash(raw: bytes) -> str:
    """The content file's SHA-256 (hex), as the manifest and the outputs record it."""
    return hashlib.sha256(raw).hexdigest()


def _title(report: Report) -> str:
    m = report.meta
    return f"{m.issuer}《{m.title}》数据核对表"


def write(report: Report, raw: bytes, source: Path) -> bytes:
    """The workbook of ``report`` (loaded from ``raw``, the bytes of ``source``)."""
    digest = content_hash(raw)
    table = rows(report)
    m = report.meta
    buf = io.BytesIO()
    wb = xlsx.workbook(
        buf, title=_title(report), subject=m.session, author=m.issuer, date=m.date,
        keywords=f"sha256:{digest}", comments=f"build.py figures {source.name}",
        custom={PROPERTY_HASH: digest, PROPERTY_FILE: source.name, PROPERTY_ROWS: str(len(table))},
    )
    fmt = xlsx.formats(wb)
    _data_sheet(wb, fmt, report, table, digest, source)
    _notes_sheet(wb, fmt, report, table, digest, source)
    wb.close()
    return buf.getvalue()


def _quote_text(row: Row) -> str:
    return "\n".join(q.text for q in row.quotes)


def _cells(row: Row) -> dict[str, str]:
    return {"group": row.group, "label": row.label, "value": row.value, "unit": row.unit,
            "qualifier": row.qualifier, "change": row.change, "period": row.period,
            "quotes": _quote_text(row) or "（正文未引用）", "id": row.id}


def _data_sheet(wb, fmt, report: Report, table: list[Row], digest: str, source: Path) -> None:
    ws = wb.add_worksheet(SHEET)
    cells = [_cells(r) for r in table]
    widths = {}
    for header, key in COLUMNS:
        least, most = WIDTHS[key]
        # A long label or sentence wraps (WRAPPED) in a column no wider than its most.
        widths[key] = xlsx.fit_width([header] + [c.get(key, "") for c in cells], least, most)
    for header, key in COLUMNS:
        ws.set_column(INDEX[key], INDEX[key], widths[key])
    ws.set_row(0, xlsx.LINE * 1.6)
    for header, key in COLUMNS:
        ws.write_string(0, INDEX[key], header, fmt["header"])
    for n, (row, c) in enumerate(zip(table, cells), 1):
        lines = max(xlsx.lines_in(c[k], widths[k]) for k in WRAPPED)
        ws.set_row(n, xlsx.LINE * lines + 2)
        ws.write_number(n, INDEX["number"], row.number, fmt["number"])
        for key in ("group", "label", "unit", "qualifier", "change", "period"):
            ws.write_string(n, INDEX[key], c[key], fmt["cell"]) if c[key] else ws.write_blank(n, INDEX[key], None, fmt["cell"])
        if c["value"]:
            ws.write_string(n, INDEX["value"], c["value"], fmt["figure"])
        else:
            ws.write_blank(n, INDEX["value"], None, fmt["figure"])
        if row.quotes:
            pieces = []
            for k, q in enumerate(row.quotes):
                pieces += ([("\n", False)] if k else []) + list(q.pieces)
            xlsx.rich(ws, n, INDEX["quotes"], _bounded(pieces), fmt, fmt["cell"])
        else:
            ws.write_string(n, INDEX["quotes"], c["quotes"], fmt["quiet"])
        ws.write_blank(n, INDEX["checked_value"], None, fmt["check_figure"] if row.has_value else fmt["shut"])
        ws.write_blank(n, INDEX["checked_change"], None, fmt["check_figure"] if row.has_change else fmt["shut"])
        ws.write_blank(n, INDEX["remark"], None, fmt["check"])
        ws.write_blank(n, INDEX["checker"], None, fmt["check"])
        ws.write_string(n, INDEX["id"], row.id, fmt["quiet"])
    last = len(table)
    _validation(ws, table)
    ws.ignore_errors({"number_stored_as_text": f"A1:{_col(len(COLUMNS) - 1)}{last + 1}"})
    ws.freeze_panes(1, FROZEN_COLUMNS)
    ws.autofilter(0, 0, max(last, 1), len(COLUMNS) - 1)
    m = report.meta
    xlsx.print_setup(ws, header_left=f"{_title(report)}（{figures.date_text(m.date)}）",
                     header_right=f"{source.name}  sha256:{digest[:12]}")
    ws.print_area(0, 0, max(last, 1), INDEX["id"] - 1)  # the id column is for the program, not the paper
    ws.protect("", {"format_columns": True, "format_rows": True, "autofilter": True, "sort": True,
                    "select_locked_cells": True, "select_unlocked_cells": True})
    ws.activate()


MAX_CELL = 32000  # Excel's limit is 32,767 characters a cell


def _bounded(pieces):
    """Pieces of at most MAX_CELL characters in all (a figure quoted in hundreds of sentences)."""
    out, total = [], 0
    for text, marked in pieces:
        if total + len(text) > MAX_CELL:
            out.append(("……", False))
            break
        out.append((text, marked))
        total += len(text)
    return out


def _col(n: int) -> str:
    """Column letters of 0-based column ``n``: 0 -> A, 13 -> N."""
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _runs(table: list[Row], kind):
    """Consecutive rows of the same ``kind(row)``: (first, last, kind), 1-based sheet rows."""
    out = []
    for n, row in enumerate(table, 1):
        k = kind(row)
        if out and out[-1][2] == k and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n, k])
    return out


def _validation(ws, table: list[Row]) -> None:
    """Numbers in 核实数值 and 核实变化 (a warning, so a range or a word can still be typed); what to
    type, shown when the cell is selected."""
    number = {"validate": "decimal", "criteria": "between", "minimum": -1e15, "maximum": 1e15,
              "error_type": "warning", "error_title": "请填写数字", "error_message": NOT_A_NUMBER}
    for key, kind, helps in (
        ("checked_value", lambda r: "range" if r.value_range else ("number" if r.has_value else None),
         {"range": RANGE_HELP, "number": VALUE_HELP}),
        ("checked_change", lambda r: "range" if r.change_range else ("number" if r.has_change else None),
         {"range": RANGE_HELP, "number": CHANGE_HELP}),
    ):
        col = INDEX[key]
        for first, last, k in _runs(table, kind):
            if k is None:
                continue
            rule = dict(number) if k == "number" else {"validate": "any"}
            rule.update({"input_title": HEADERS[key], "input_message": helps[k]})
            ws.data_validation(first, col, last, col, rule)


def _notes_sheet(wb, fmt, report: Report, table: list[Row], digest: str, source: Path) -> None:
    ws = wb.add_worksheet(NOTES)
    m = report.meta
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 100)
    ws.write_string(0, 0, _title(report), fmt["title"])
    ws.set_row(0, 24)
    facts = (
        ("报告", f"{m.title}{m.subtitle}"),
        ("内容文件", source.name),
        (NOTES_HASH_LABEL, f"sha256:{digest}"),
        ("日期", figures.date_text(m.date)),
        ("指标数", str(len(table))),
    )
    for n, (label, value) in enumerate(facts, 2):
        ws.write_string(n, 0, label, fmt["label"])
        ws.write_string(n, 1, value, fmt["text"])
    start = len(facts) + 3
    ws.write_string(start, 0, "填写说明", fmt["label"])
    for n, line in enumerate(INSTRUCTIONS, start):
        ws.write_string(n, 1, f"{n - start + 1}. {line}", fmt["text"])
        ws.set_row(n, xlsx.LINE * xlsx.lines_in(line, 100) + 2)
    xlsx.print_setup(ws, header_left=_title(report), header_right=f"{source.name}  sha256:{digest[:12]}", repeat=False)
    ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                    "select_unlocked_cells": True})
