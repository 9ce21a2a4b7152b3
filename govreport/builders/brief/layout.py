"""Where the blocks go on the page: tiles, the chart and targets heading the columns, the review
box, the table's column frames under them."""

from __future__ import annotations

import math

from .data import Box
from .flowables import IndicatorTable, fits, targets_flowable
from .template import Template


def table_column_width(t: Template, cw: float) -> float:
    n = int(t.num("table", "columns"))
    return (cw - (n - 1) * t.mm("table", "column_gap")) / n


def layout(t, fonts, x0, cw, top, bottom, tiles, bars, targets, table: IndicatorTable, has_rows: bool, fmt,
           review=None):
    """Where the blocks go between ``top`` and ``bottom``; None when they do not fit.

    Under the tiles the page is a grid of ``table.columns`` columns: the chart heads the first,
    the targets box the second; the table's frames start under them (under its heading and its
    column head). A targets box shorter than the chart is stretched to the chart's height so both
    columns' table parts start level; a longer one only pushes its own column's frame down.
    """
    gap = t.mm("page", "gap")
    out = {"tiles": [], "chart": None, "targets_box": None, "frames": [], "headings": {}, "targets_row_pad": None,
           "table": None}
    y = top
    if tiles:
        ncol = min(int(t.num("tiles", "columns")), len(tiles))
        th, tg = t.mm("tiles", "height"), t.mm("tiles", "gap")
        nrows = math.ceil(len(tiles) / ncol)
        tw = (cw - (ncol - 1) * tg) / ncol
        for i, tile in enumerate(tiles):
            r, c = divmod(i, ncol)
            out["tiles"].append((tile, Box(x0 + c * (tw + tg), y + r * (th + tg), tw, th)))
        y += nrows * th + (nrows - 1) * tg + gap
    n = int(t.num("table", "columns"))
    col_w = table.width
    col_x = [x0 + i * (col_w + t.mm("table", "column_gap")) for i in range(n)]
    tops = [y] * n
    hd_h = t.mm("headings", "height")
    chart_h = targets_h = 0.0
    if bars:
        ch = t["chart"]
        need = float(ch["axis_height_pt"]) + float(ch["padding_pt"]) + len(bars) * float(ch["bar_pitch_pt"])
        chart_h = max(t.mm("chart", "min_height"), need)
    row_pad = t.num("targets", "row_padding_pt")
    if targets:
        pad = t.mm("targets", "padding")
        targets_h = targets_flowable(t, fonts, targets, col_w).wrap(col_w - 2 * pad, 1e6)[1] + 2 * pad
        if bars and n > 1 and targets_h < chart_h:  # level with the chart, the rows spread out
            spread = (chart_h - targets_h) / len(targets) / 2
            row_pad = min(row_pad + spread, t.num("targets", "row_padding_max_pt"))
            targets_h = chart_h
    if bars:
        out["headings"]["chart"] = (fmt(t.text("chart_heading")), Box(col_x[0], tops[0], col_w, hd_h))
        out["chart"] = Box(col_x[0], tops[0] + hd_h, col_w, chart_h)
        tops[0] += hd_h + chart_h + gap
    if targets:
        k = min(1, n - 1)
        out["headings"]["targets"] = (fmt(t.text("targets_heading")), Box(col_x[k], tops[k], col_w, hd_h))
        box = Box(col_x[k], tops[k] + hd_h, col_w, targets_h)
        pad = t.mm("targets", "padding")
        if box.bottom > bottom or not fits(targets_flowable(t, fonts, targets, col_w, row_pad),
                                           box.w - 2 * pad, box.h - 2 * pad):
            return None
        out["targets_box"] = box
        out["targets_row_pad"] = row_pad
        tops[k] += hd_h + targets_h + gap
    if review is not None:  # last year's targets: a box across the page under the columns' blocks (builders/review.py)
        from ..review import brief_flowable, brief_heading

        y = max(tops)
        h = brief_flowable(review, fonts, t, cw).wrap(cw, 1e6)[1]
        out["headings"]["review"] = (brief_heading(t, review), Box(x0, y, cw, hd_h))
        out["review_box"] = Box(x0, y + hd_h, cw, h)
        tops = [y + hd_h + h + gap] * n
    if max(tops) > bottom:
        return None
    if has_rows:
        level = len(set(round(v, 3) for v in tops)) == 1
        out["headings"]["table"] = (fmt(t.text("table_heading")), Box(col_x[0], tops[0], cw if level else col_w, hd_h))
        if level:
            tops = [v + hd_h for v in tops]
        else:
            tops[0] += hd_h
        head = table.head_height
        if bottom - tops[0] <= head:
            return None
        # each column's frame starts under the column head drawn over it
        out["frames"] = [Box(col_x[i], tops[i] + head, col_w, bottom - tops[i] - head) for i in range(n)
                         if bottom - tops[i] > head]
        out["table"] = Box(x0, min(tops), cw, bottom - min(tops))
    return out
