"""Drawing the plan on one A4 page with ReportLab: the header, tiles, headings, chart, targets box
and footer on the page, the indicator table's Tables in its column frames."""

from __future__ import annotations

import io
import math
from decimal import Decimal

from ... import figures
from ...model import Report
from .data import Bar, Box, Plan, Target, Tile
from .flowables import draw_heading as heading_at, platypus_frames, targets_flowable
from .planner import _plan


def build(report: Report, ctx) -> bytes:
    """The brief as PDF bytes: one A4 page, fonts embedded as subsets, same input same bytes.

    One ``PageTemplate``: the header, tiles, chart, targets box and footer are drawn on the page,
    the table's column ``Frame``s take the group Tables, which platypus splits from column to
    column as the plan found they fit."""
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer

    p, t, fonts, table, span_table = _plan(report, ctx)
    ctx.quoted = p.quoted(report)
    for n in p.notes:
        ctx.note(n)
    ph = p.page[1]
    date = p.info["date"]
    used: list[str] = []

    def page(c, doc):
        c.setDateFormatter(lambda *_: date)
        draw_header(c, t, fonts, p, ph)
        for tile, box in p.tiles:
            draw_tile(c, t, fonts, tile, box, ph)
        for key, (text, box) in p.headings.items():
            draw_heading(c, t, fonts, text, box, ph)
        if p.chart is not None:
            draw_chart(c, t, fonts, p.bars, p.chart, ph)
        if p.targets_box is not None:
            draw_targets(c, t, fonts, p.targets, p.targets_box, p.targets_row_pad, ph)
        if p.review_box is not None:
            from ..review import brief_flowable

            box = p.review_box
            tbl = brief_flowable(ctx.review, fonts, t, box.w)
            tbl.wrapOn(c, box.w, box.h)
            tbl.drawOn(c, box.x, ph - box.bottom)
        draw_footer(c, t, fonts, p, ph)

    def column_heads(c, doc):
        for i, box in enumerate(p.frames):  # the span's rows carry their own head (IndicatorTable.heading)
            if f"table-{i}" in used and (p.head_frames is None or i < p.head_frames):
                head = table.head_table()
                head.wrapOn(c, box.w, table.head_height)
                head.drawOn(c, box.x, ph - box.top)

    class Brief(BaseDocTemplate):
        def afterFlowable(self, flowable):
            if self.frame.id.startswith("table-") and self.frame.id not in used:
                used.append(self.frame.id)

    buf = io.BytesIO()
    # The initial font is ours: ReportLab's default would put an unembedded Helvetica in the file.
    doc = Brief(buf, pagesize=p.page, invariant=1, pageCompression=1, initialFontName=fonts.names["text"],
                initialFontSize=t.num("table", "size"), title=p.info["title"], author=p.info["author"],
                subject=p.info["subject"], keywords=p.info["keywords"],  # traced by build.py --verify
                creator="govreport", producer="govreport (ReportLab)")
    # No table rows: an empty frame and an empty spacer, so platypus still makes the page.
    frames = platypus_frames(p.frames, ph) or [Frame(0, 0, p.page[0], p.page[1], id="empty")]
    doc.addPageTemplates([PageTemplate("brief", frames=frames, onPage=page, onPageEnd=column_heads, pagesize=p.page)])
    span = span_table.story(p.span_rows) if span_table is not None and p.span_rows else []
    doc.build(table.story(p.rows) + span if p.frames else [Spacer(0, 0)])
    if doc.page != 1 or len(used) != len(p.columns):  # the plan placed these rows on one page
        raise RuntimeError(f"brief: the table took {doc.page} page(s) and {len(used)} column(s); "
                           f"the plan found {len(p.columns)}")
    return buf.getvalue()


def draw_header(c, t, fonts, p: Plan, ph: float) -> None:
    b = p.header
    x0, y0, x1, y1 = b.pdf(ph)
    c.setFillColor(t.colour("accent"))
    c.rect(x0, y0, b.w, b.h, stroke=0, fill=1)
    pad, vpad = t.mm("header", "padding"), t.mm("header", "vpad")
    ks, ms = t.num("header", "kicker_size"), t.num("header", "meta_size")
    # kicker on top, subtitle at the bottom, the title centred between them
    kicker_base = y1 - vpad - ks * 0.88
    sub_base = y0 + vpad + ms * 0.12
    room_top, room_bottom = kicker_base - ks * 0.25, sub_base + ms * 0.95
    title_base = (room_top + room_bottom) / 2 - p.title_size * 0.36
    c.setFillColor(t.colour("accent_soft"))
    c.setFont(fonts.names["strong"], ks)
    c.drawString(x0 + pad, kicker_base, p.kicker)
    c.setFillColor(t.colour("accent_text"))
    c.setFont(fonts.names["title"], p.title_size)
    c.drawString(x0 + pad, title_base, p.title)
    c.setFillColor(t.colour("accent_soft"))
    c.setFont(fonts.names["text"], ms)
    c.drawString(x0 + pad, sub_base, p.subtitle)
    # issuer and date on the right, the last line on the subtitle's baseline
    c.setFillColor(t.colour("accent_text"))
    lead = t.num("header", "meta_leading_pt")
    for i, line in enumerate(reversed(p.meta_lines)):
        c.drawRightString(x1 - pad, sub_base + i * lead, line)


def draw_heading(c, t, fonts, text: str, box: Box, ph: float) -> None:
    x0, y0, x1, y1 = box.pdf(ph)
    heading_at(c, t, fonts, text, x0, y0, box.h)


def draw_tile(c, t, fonts, tile: Tile, box: Box, ph: float) -> None:
    x0, y0, x1, y1 = box.pdf(ph)
    pad = t.mm("tiles", "padding")
    c.setFillColor(t.colour("tile_fill"))
    c.rect(x0, y0, box.w, box.h, stroke=0, fill=1)
    c.setFillColor(t.colour("accent"))
    rule = t.num("tiles", "top_rule_pt")
    c.rect(x0, y1 - rule, box.w, rule, stroke=0, fill=1)
    ls, vs, us = tile.label_size, tile.value_size, t.num("tiles", "unit_size")
    sp = t.num("tiles", "unit_space_pt")
    c.setFillColor(t.colour("muted"))
    c.setFont(fonts.names["text"], ls)
    c.drawString(x0 + pad, y1 - rule - pad - ls * 0.8, tile.label_text)
    # the figure: prefix, big number, unit on one baseline
    cs = t.num("tiles", "change_size")
    base = y0 + pad + (cs * 1.45 if tile.change else cs * 0.6)
    x = x0 + pad
    c.setFillColor(t.colour("ink"))
    if tile.prefix:
        c.setFont(fonts.names["text"], us)
        c.drawString(x, base, tile.prefix)
        x += fonts.width("text", tile.prefix, us) + sp
    c.setFillColor(t.colour("accent"))
    c.setFont(fonts.names["strong"], vs)
    c.drawString(x, base, tile.number)
    x += fonts.width("strong", tile.number, vs) + sp
    if tile.suffix:
        c.setFillColor(t.colour("ink"))
        c.setFont(fonts.names["text"], us)
        c.drawString(x, base, tile.suffix)
    # the change, with a vector triangle pointing up or down
    if tile.change:
        colour = t.colour("up" if tile.direction >= 0 else "down")
        c.setFillColor(colour)
        ms = t.num("tiles", "mark_size_pt")
        mx, my = x0 + pad, y0 + pad + cs * 0.05
        path = c.beginPath()
        if tile.direction >= 0:
            path.moveTo(mx, my); path.lineTo(mx + ms, my); path.lineTo(mx + ms / 2, my + ms * 0.9)  # noqa: E702
        else:
            path.moveTo(mx, my + ms * 0.9); path.lineTo(mx + ms, my + ms * 0.9); path.lineTo(mx + ms / 2, my)  # noqa: E702
        path.close()
        c.drawPath(path, stroke=0, fill=1)
        c.setFont(fonts.names["text"], cs)
        c.drawString(mx + ms + 2, my, tile.change)


def draw_chart(c, t, fonts, bars: list[Bar], box: Box, ph: float) -> None:
    """A horizontal bar chart of growth rates, drawn as vector shapes with reportlab.graphics."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String

    ch = t["chart"]
    ls, vs, ts, axs = float(ch["label_size"]), float(ch["value_size"]), float(ch["tick_size"]), float(ch["axis_title_size"])
    pad = float(ch["padding_pt"])
    axis_h = float(ch["axis_height_pt"])
    # Our font from the start: the graphics' default would add an unembedded Times-Roman.
    d = Drawing(box.w, box.h, initialFontName=fonts.names["text"], initialFontSize=ls)
    label_w = max(fonts.width("text", b.label, ls) for b in bars)
    value_w = max(fonts.width("text", b.text, vs) for b in bars)
    bc = HorizontalBarChart()
    bc.x = pad + label_w + 4
    bc.y = axis_h
    bc.width = box.w - bc.x - pad - value_w - 4
    bc.height = box.h - axis_h - pad
    values = [b.value for b in reversed(bars)]  # the chart draws its first category at the bottom
    bc.data = [values]
    bc.categoryAxis.categoryNames = [b.label for b in reversed(bars)]
    bc.categoryAxis.labels.fontName = fonts.names["text"]
    bc.categoryAxis.labels.fontSize = ls
    bc.categoryAxis.labels.fillColor = t.colour("ink")
    bc.categoryAxis.labels.boxAnchor = "e"
    bc.categoryAxis.labels.dx = -3
    bc.categoryAxis.strokeColor = t.colour("muted")
    bc.categoryAxis.tickLeft = 0
    bc.categoryAxis.joinAxisMode = "left"  # names at the left edge, clear of bars below zero
    lo, hi = min(values + [0.0]), max(values + [0.0])
    step = _nice_step((hi - lo) or 1.0)
    vmin, vmax = math.floor(lo / step) * step, math.ceil(hi / step) * step
    # a fall's label stands left of its bar: widen the scale until it clears the names
    for _ in range(8):
        ppu = bc.width / ((vmax - vmin) or 1.0)
        if all((b.value - vmin) * ppu >= fonts.width("strong", b.text, vs) + 4 for b in bars if b.value < 0):
            break
        vmin -= step
    bc.valueAxis.valueMin, bc.valueAxis.valueMax = vmin, vmax
    bc.valueAxis.valueStep = step
    bc.valueAxis.labels.fontName = fonts.names["text"]
    bc.valueAxis.labels.fontSize = ts
    bc.valueAxis.labels.fillColor = t.colour("muted")
    bc.valueAxis.labelTextFormat = lambda v: figures.number(Decimal(repr(round(v, 6))).normalize()) if v else "0"
    bc.valueAxis.strokeColor = t.colour("muted")
    bc.valueAxis.visibleGrid = 1
    bc.valueAxis.gridStrokeColor = t.colour("grid")
    bc.valueAxis.gridStrokeWidth = 0.5
    n = len(bars)
    slot = bc.height / n
    bc.barWidth = min(slot * float(ch["bar_share"]), float(ch["bar_max_pt"]))
    bc.groupSpacing = slot - bc.barWidth
    bc.barSpacing = 0
    bc.bars.strokeColor = None
    bc.bars[0].fillColor = t.colour("bar")
    bc.barLabelFormat = "values"
    bc.barLabelArray = [[b.text for b in reversed(bars)]]
    bc.barLabels.fontName = fonts.names["strong"]
    bc.barLabels.fontSize = vs
    bc.barLabels.fillColor = t.colour("ink")
    bc.barLabels.boxAnchor = "w"
    # at the value end of the bar; for a negative value ReportLab mirrors the anchor and dx itself
    bc.barLabels.boxTarget = "normal"
    bc.barLabels.dx = 3
    bc.barLabels.dy = 0
    for i, v in enumerate(values):  # after the collection-wide settings, which would overwrite it
        if v < 0:  # a fall: its own colour
            bc.bars[(0, i)].fillColor = t.colour("bar_negative")
    d.add(bc)
    d.add(String(bc.x + bc.width / 2, 3, str(t.text("chart_axis")), fontName=fonts.names["text"], fontSize=axs,
                 fillColor=t.colour("muted"), textAnchor="middle"))
    renderPDF.draw(d, c, box.x, ph - box.bottom)


def _nice_step(span: float) -> float:
    raw = span / 4
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def draw_targets(c, t, fonts, targets: list[Target], box: Box, row_pad, ph: float) -> None:
    x0, y0, x1, y1 = box.pdf(ph)
    pad = t.mm("targets", "padding")
    c.setFillColor(t.colour("target_fill"))
    c.setStrokeColor(t.colour("target_rule"))
    c.setLineWidth(0.6)
    c.rect(x0, y0, box.w, box.h, stroke=1, fill=1)
    tbl = targets_flowable(t, fonts, targets, box.w, row_pad)
    w, h = tbl.wrapOn(c, box.w - 2 * pad, box.h - 2 * pad)
    tbl.drawOn(c, x0 + pad, y1 - pad - h)


def draw_footer(c, t, fonts, p: Plan, ph: float) -> None:
    b = p.footer
    x0, y0, x1, y1 = b.pdf(ph)
    fs = t.num("footer", "size")
    c.setStrokeColor(t.colour("accent"))
    c.setLineWidth(t.num("footer", "rule_pt"))
    c.line(x0, y1 - 1, x1, y1 - 1)
    c.setFillColor(t.colour("muted"))
    c.setFont(fonts.names["text"], fs)
    y = y0 + (len(p.footer_lines) - 1) * fs * 1.35
    for left, right in p.footer_lines:
        if left:
            c.drawString(x0, y, left)
        if right:
            c.drawRightString(x1, y, right)
        y -= fs * 1.35
