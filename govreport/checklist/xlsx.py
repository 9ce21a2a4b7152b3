"""What the figures workbook and the changes workbook share: XlsxWriter set up for the same bytes
from the same content, the 公文 font, widths and row heights that fit the text, A4 landscape.

Same content, same bytes: the workbook is written in memory (XlsxWriter dates every zip member
1980-01-01), its created/modified date is the content's ``meta.date``, never the clock.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import unicodedata

FONT = "宋体"  # the office's table font; LibreOffice draws it with the free substitute (fonts.yaml)
SIZE = 10
LINE = 14.0  # points per line of SIZE-point text (the row height of one line)
PAD = 1.5  # width units around a cell's text

HEADER_FILL = "#D9D9D9"
CHECK_FILL = "#FFF6CC"  # the cells a checker fills in
SHUT_FILL = "#EFEFEF"  # a 核实 cell with nothing to check (no value, no change)
MARK_COLOUR = "#C00000"  # the figure in its sentence
QUIET_COLOUR = "#7F7F7F"  # the id column

A4 = 9  # Excel's paper code


def text_width(text: str) -> int:
    """Width of ``text`` in Excel's units (the width of '0'): a CJK character counts 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def lines_in(text: str, width: float) -> int:
    """Lines ``text`` wraps into in a column ``width`` units wide (at least 1)."""
    usable = max(width - PAD, 2)
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n")) if text else 1


def fit_width(texts, least: float, most: float) -> float:
    """A column's width: its widest text (and its header), between ``least`` and ``most``."""
    widest = max((text_width(t) for t in texts), default=0)
    return float(min(max(widest + PAD, least), most))


def workbook(buf: io.BytesIO, *, title: str, subject: str, author: str, date: _dt.date, keywords: str,
             comments: str, custom: dict[str, str]):
    """A XlsxWriter workbook writing into ``buf``, its properties from the content."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({
        "title": title, "subject": subject, "author": author, "manager": author, "company": author,
        "keywords": keywords, "comments": comments,
        "created": _dt.datetime(date.year, date.month, date.day),
    })
    for name, value in custom.items():
        wb.set_custom_property(name, value, "text")
    return wb


def formats(wb) -> dict:
    """The cell formats both workbooks use, by name."""
    base = {"font_name": FONT, "font_size": SIZE, "valign": "top", "text_wrap": True, "border": 1,
            "border_color": "#A6A6A6"}
    return {
        "header": wb.add_format({**base, "bold": True, "align": "center", "valign": "vcenter", "bg_color": HEADER_FILL}),
        "cell": wb.add_format(base),
        "number": wb.add_format({**base, "align": "center"}),
        "figure": wb.add_format({**base, "align": "right"}),
        "check": wb.add_format({**base, "bg_color": CHECK_FILL, "locked": False}),
        "check_figure": wb.add_format({**base, "bg_color": CHECK_FILL, "locked": False, "align": "right"}),
        "shut": wb.add_format({**base, "bg_color": SHUT_FILL}),
        "quiet": wb.add_format({**base, "font_color": QUIET_COLOUR}),
        "plain_run": wb.add_format({"font_name": FONT, "font_size": SIZE}),
        "mark_run": wb.add_format({"font_name": FONT, "font_size": SIZE, "bold": True, "font_color": MARK_COLOUR}),
        "mark": wb.add_format({**base, "bold": True, "font_color": MARK_COLOUR}),
        "title": wb.add_format({"font_name": FONT, "font_size": 14, "bold": True}),
        "label": wb.add_format({"font_name": FONT, "font_size": SIZE, "bold": True, "valign": "top"}),
        "text": wb.add_format({"font_name": FONT, "font_size": SIZE, "valign": "top", "text_wrap": True}),
    }


def header_text(text: str) -> str:
    """A text for a page header or footer: '&' is a code there, written '&&'."""
    return text.replace("&", "&&")


def print_setup(ws, *, header_left: str, header_right: str, repeat: bool = True) -> None:
    """A4 landscape, one page wide, the header row on every page, page numbers in the footer."""
    ws.set_paper(A4)
    ws.set_landscape()
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
    ws.set_header(f"&L{header_text(header_left)}&R{header_text(header_right)}", {"margin": 0.3})
    ws.set_footer("&C第 &P 页，共 &N 页", {"margin": 0.3})
    ws.fit_to_pages(1, 0)
    if repeat:
        ws.repeat_rows(0)


def rich(ws, row: int, col: int, pieces, fmt: dict, cell_format) -> None:
    """Write (text, marked) pieces into one cell, the marked ones in bold red."""
    pieces = [(t, m) for t, m in pieces if t]
    if not pieces:
        ws.write_blank(row, col, None, cell_format)
    elif len(pieces) == 1:
        ws.write_string(row, col, pieces[0][0], fmt["mark"] if pieces[0][1] else cell_format)
    else:
        args = []
        for text, marked in pieces:
            args += [fmt["mark_run"] if marked else fmt["plain_run"], text]
        ws.write_rich_string(row, col, *args, cell_format)
