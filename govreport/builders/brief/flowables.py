"""ReportLab flowables shared by measuring and drawing: the grouped indicator table, the targets
box, and placing a story into the table's column frames."""

from __future__ import annotations

import io

from .data import Box, Row, Target
from .fonts import Fonts
from .template import Template


class IndicatorTable:
    """The grouped indicator table as ReportLab flowables.

    One ``Table`` per group: its first row is the group title, repeated (``repeatRows=1``) with
    ``text.continued`` where platypus splits the group into the next column; the column head
    (指标 · 2023年 · 比上年) is drawn over every column the table reaches. A label is broken into
    lines by ``textfit`` (CJK 禁则, numbers kept with their units) at its cell's width, so
    ReportLab sets the lines it is given and no label runs past its cell.
    """

    def __init__(self, t: Template, fonts: Fonts, rows: list[Row], width: float, head: list[str], continued: str,
                 heading: str = ""):
        self.t, self.fonts, self.width, self.head, self.continued = t, fonts, width, head, continued
        # A table with a heading of its own (the span's: 2021—2025年主要指标) carries it over its first
        # group and its column head in every group (repeated with the group's title in the next column).
        self.heading = heading
        tb = t["table"]
        self.size = float(tb["size"])
        self.leading = float(tb["leading_pt"])
        self.pad = float(tb["cell_padding_pt"])
        self.vpad = float(tb["padding_pt"])
        w = lambda s, slot="text", size=self.size: fonts.width(slot, s, size)  # noqa: E731
        hs = float(tb["header_size"])
        # The number column aligns on the decimal point: integer part right-aligned at one x.
        self.int_w = max([w(r.number.split(".")[0]) for r in rows] + [0])
        self.frac_w = max([w("." + r.number.split(".")[1]) if "." in r.number else 0 for r in rows] + [0])
        num_w = max(self.int_w + self.frac_w, w(head[1], "strong", hs)) + 2 * self.pad
        unit_w = max([w(r.unit) for r in rows] + [0]) + self.pad
        change_w = max([w(r.change) for r in rows] + [w(head[2], "strong", hs)]) + 2 * self.pad
        label_w = width - num_w - unit_w - change_w
        self.col_widths = [label_w, num_w, unit_w, change_w]
        self.rows = rows
        self._labels: dict[tuple[str, str, bool], str] = {}
        self.head_height = self.head_table().wrap(width, 1e6)[1]

    @staticmethod
    def wide(r: Row) -> bool:
        """Whether the row's label spans the figure and unit columns: a row of a change only
        (社会消费品零售总额 | | | 增长14%) lends them to its label."""
        return not r.number and not r.unit

    def label(self, r: Row) -> str:
        """The row's label broken into lines that fit its cell ('\\n' between them)."""
        key = (r.label, r.aside, self.wide(r))
        got = self._labels.get(key)
        if got is None:
            room = sum(self.col_widths[:3]) if self.wide(r) else self.col_widths[0]
            got = self._labels[key] = "\n".join(self.lines(r, room - 2 * self.pad))
        return got

    def lines(self, r: Row, room: float) -> list[str]:
        """The label's lines; a change beside it (（比2020年下降25%）) whole on the last line, on a
        line of its own when the label's last line has no room for it, never broken inside
        比2020年 when it fits a line."""
        lines = lambda s: self.fonts.lines(s, "text", self.size, room)  # noqa: E731
        whole = lines(r.label)
        if not r.aside or len(whole) == 1:
            return whole
        aside = lines(r.aside)
        if len(aside) > 1:  # longer than a line: broken as any text
            return whole
        head = lines(r.label[: len(r.label) - len(r.aside)])
        if self.fonts.width("text", head[-1] + r.aside, self.size) <= room:
            return head[:-1] + [head[-1] + r.aside]
        return head + aside

    def row_height(self, r: Row) -> float:
        """A row's height in the table: its label's lines at the table's leading, and padding."""
        return (self.label(r).count("\n") + 1) * self.leading + 2 * self.vpad

    def head_table(self):
        from reportlab.platypus import Table, TableStyle

        t, tb = self.t, self.t["table"]
        cmds = [
            ("FONT", (0, 0), (-1, -1), self.fonts.names["strong"], float(tb["header_size"])),
            ("TEXTCOLOR", (0, 0), (-1, -1), t.colour("muted")),
            ("ALIGN", (1, 0), (1, 0), "CENTER"),
            ("ALIGN", (3, 0), (3, 0), "RIGHT"),
            ("SPAN", (1, 0), (2, 0)),
            ("LINEBELOW", (0, 0), (-1, 0), 0.9, t.colour("accent")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), self.pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.pad),
            ("TOPPADDING", (0, 0), (-1, -1), self.vpad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.vpad),
        ]
        return Table([[self.head[0], self.head[1], "", self.head[2]]], colWidths=self.col_widths,
                     style=TableStyle(cmds))

    def story(self, rows: list[Row]) -> list:
        """The flowables of ``rows``: a Table per group, in table order (made afresh each time:
        a group title knows whether it was drawn before)."""
        from reportlab.platypus import Table, TableStyle

        t, tb = self.t, self.t["table"]
        strong, text = self.fonts.names["strong"], self.fonts.names["text"]
        gs = float(tb["group_size"])
        groups: list[tuple[str, list[Row]]] = []
        for r in rows:
            if not groups or groups[-1][0] != r.group:
                groups.append((r.group, []))
            groups[-1][1].append(r)
        out = []
        for n, (title, items) in enumerate(groups):
            head = GroupTitle(title, self.continued, strong, gs, t.colour("accent"))
            data = [[head, "", "", ""]]
            lead = hrow = 0  # the group's title row, and the column head's (a table with a heading)
            if self.heading:  # heading (first group), column head, group title, as the year's table reads
                data.insert(0, [self.head[0], self.head[1], "", self.head[2]])
                lead, hrow = 1, 0
                if n == 0:
                    data.insert(0, [Heading(t, self.fonts, self.heading, self.width), "", "", ""])
                    lead, hrow = 2, 1
            top = len(data) - 1  # the last row before the first figure's
            cmds = [
                ("FONT", (0, 0), (-1, -1), text, self.size, self.leading),
                ("TEXTCOLOR", (0, 0), (-1, -1), t.colour("ink")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), self.pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), self.pad),
                ("TOPPADDING", (0, 0), (-1, -1), self.vpad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), self.vpad),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("ALIGN", (3, 0), (3, -1), "RIGHT"),
                ("LEFTPADDING", (2, 0), (2, -1), 1),
                ("SPAN", (0, lead), (-1, lead)),
                ("BACKGROUND", (0, lead), (-1, lead), t.colour("group_fill")),
                # a group title never ends a column: it stays with the group's first row
                ("NOSPLIT", (0, 0), (-1, top + 1)),
            ]
            if hrow:
                cmds += [("SPAN", (0, 0), (-1, 0)), ("LEFTPADDING", (0, 0), (-1, 0), 0),
                         ("TOPPADDING", (0, 0), (-1, 0), 0), ("BOTTOMPADDING", (0, 0), (-1, 0), 0)]
            if self.heading:  # the column head, as the year's is drawn over its columns
                cmds += [("FONT", (0, hrow), (-1, hrow), strong, float(tb["header_size"])),
                         ("TEXTCOLOR", (0, hrow), (-1, hrow), t.colour("muted")),
                         ("ALIGN", (1, hrow), (1, hrow), "CENTER"), ("SPAN", (1, hrow), (2, hrow)),
                         ("LINEBELOW", (0, hrow), (-1, hrow), 0.9, t.colour("accent"))]
            for i, r in enumerate(items, start=top + 1):
                data.append([self.label(r), r.number, r.unit, r.change])
                if self.wide(r):
                    cmds.append(("SPAN", (0, i), (2, i)))
                frac = self.fonts.width("text", "." + r.number.split(".")[1], self.size) if "." in r.number else 0
                cmds.append(("RIGHTPADDING", (1, i), (1, i), self.pad + self.frac_w - frac))
                cmds.append(("LINEBELOW", (0, i), (-1, i), 0.35, t.colour("rule")))
                if r.headline:
                    cmds.append(("FONT", (1, i), (1, i), strong, self.size, self.leading))
            repeat = 1 if not self.heading else (hrow, lead)  # the column head and the title, never the heading
            out.append(Table(data, colWidths=self.col_widths, style=TableStyle(cmds), repeatRows=repeat))
        return out


def draw_heading(c, t, fonts, text: str, x0: float, y0: float, h: float) -> None:
    """A heading (2025年主要指标) in a box of height ``h`` whose bottom left is (x0, y0): an accent bar
    and the text."""
    size = t.num("headings", "size")
    bw = t.num("headings", "bar_width_pt")
    base = y0 + (h - size) / 2 + size * 0.12
    c.setFillColor(t.colour("accent"))
    c.rect(x0, base - size * 0.08, bw, size * 0.95, stroke=0, fill=1)
    c.setFont(fonts.names["strong"], size)
    c.setFillColor(t.colour("ink"))
    c.drawString(x0 + bw + t.num("headings", "text_gap_pt"), base, text)


def _heading_class():
    from reportlab.platypus.flowables import Flowable

    class Heading(Flowable):
        """A heading in the table's flow, drawn as the page's headings (``draw_heading``), with the
        page's gap above it."""

        def __init__(self, t, fonts, text: str, width: float):
            super().__init__()
            self.t, self.fonts, self.text = t, fonts, text
            self.gap, self.h = t.mm("page", "gap"), t.mm("headings", "height")

        def wrap(self, availWidth, availHeight):
            self.width, self.height = availWidth, self.gap + self.h
            return self.width, self.height

        def draw(self):
            draw_heading(self.canv, self.t, self.fonts, self.text, 0, 0, self.h)

    return Heading


def Heading(*args):  # noqa: N802  (made on first use, as GroupTitle)
    global _HEADING
    if _HEADING is None:
        _HEADING = _heading_class()
    return _HEADING(*args)


_HEADING = None


def _group_title_class():
    from reportlab.platypus.flowables import Flowable

    class GroupTitle(Flowable):
        """A group's title row; drawn again at the top of the next column (the row platypus
        repeats when it splits the group's Table) it reads ``title（续）``."""

        def __init__(self, title: str, continued: str, font: str, size: float, colour):
            super().__init__()
            self.title, self.continued, self.font, self.size, self.colour = title, continued, font, size, colour
            self.times_drawn = 0

        def wrap(self, availWidth, availHeight):
            self.width, self.height = availWidth, self.size * 1.2
            return self.width, self.height

        def draw(self):
            text = self.title + (self.continued if self.times_drawn else "")
            self.times_drawn += 1
            self.canv.setFont(self.font, self.size)
            self.canv.setFillColor(self.colour)
            self.canv.drawString(0, self.size * 0.3, text)

    return GroupTitle


def GroupTitle(*args):  # noqa: N802  (the class is made on first use: ReportLab is imported late)
    global _GROUP_TITLE
    if _GROUP_TITLE is None:
        _GROUP_TITLE = _group_title_class()
    return _GROUP_TITLE(*args)


_GROUP_TITLE = None


def flow(frames: list[Box], story: list, page_height: float, canv=None) -> tuple[list, list[list]]:
    """Place ``story`` into ``frames`` in turn as platypus places a story: a flowable that does
    not fit whole is split by its own ``split`` (a Table by rows, repeating its title row), the
    first part drawn, the rest carried to the next frame. Returns what did not fit and, per
    frame, the flowables placed in it."""
    canv = canv or _measuring_canvas()
    story = list(story)
    placed: list[list] = []
    for f in platypus_frames(frames, page_height):
        here: list = []
        while story:
            if f.add(story[0], canv, trySplit=1):
                here.append(story.pop(0))
                continue
            parts = f.split(story[0], canv)
            if len(parts) > 1 and f.add(parts[0], canv):
                here.append(parts[0])
                story[0:1] = parts[1:]
            break
        placed.append(here)
    return story, placed


def _measuring_canvas():
    """A canvas that lays out but does not draw text or lines (placing a story only to see what
    fits need not format every string)."""
    from reportlab.pdfgen.canvas import Canvas

    class Measuring(Canvas):
        def drawString(self, *args, **kwargs):  # noqa: N802  (ReportLab's names)
            pass

        drawRightString = drawCentredString = line = lines = rect = drawString  # noqa: N815

    return Measuring(io.BytesIO())


def platypus_frames(boxes: list[Box], page_height: float) -> list:
    from reportlab.platypus import Frame

    return [Frame(*b.pdf(page_height)[:2], b.w, b.h, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id=f"table-{i}", showBoundary=0) for i, b in enumerate(boxes)]


def fits(flowable, width: float, height: float) -> bool:
    """Whether ``flowable`` fits ``width`` x ``height``: KeepInFrame(mode="error") raises LayoutError if not."""
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import KeepInFrame
    from reportlab.platypus.doctemplate import LayoutError

    try:
        KeepInFrame(width, height, [flowable], mode="error").wrapOn(Canvas(io.BytesIO()), width, height)
    except LayoutError:
        return False
    return True


def targets_flowable(t: Template, fonts: Fonts, targets: list[Target], width: float, row_pad: "float | None" = None):
    """The targets as a two-column Table: label, figure (right-aligned). Both are broken into lines
    by ``textfit`` (the figure '超过175亿元，增长3.8%' at its comma, never inside 3.8%)."""
    from reportlab.platypus import Table, TableStyle

    tg = t["targets"]
    pad = t.mm("targets", "padding")
    inner = width - 2 * pad
    fs, ts, lead = float(tg["figure_size"]), float(tg["size"]), float(tg["leading_pt"])
    numbers = [fonts.width("strong", x.figure, fs) for x in targets if not x.words]
    fig_w = min(max(numbers, default=0) + 4, t.mm("targets", "figure_width_max"))
    gutter = 4  # between a label and its figure
    data, spans = [], []
    for k, x in enumerate(targets):
        if x.words:
            # A target stated in words: its statement across the row, as the report words it.
            data.append(["\n".join(fonts.lines(x.words, "text", ts, inner - gutter)), ""])
            spans.append(("SPAN", (0, k), (1, k)))
        else:
            data.append(["\n".join(fonts.lines(x.label, "text", ts, inner - fig_w - gutter)),
                         "\n".join(fonts.lines(x.figure, "strong", fs, fig_w))])
    rp = float(tg["row_padding_pt"]) if row_pad is None else row_pad
    cmds = [
        ("FONT", (0, 0), (0, -1), fonts.names["text"], ts, lead),
        ("FONT", (1, 0), (1, -1), fonts.names["strong"], fs, lead),
        ("TEXTCOLOR", (0, 0), (0, -1), t.colour("ink")),
        ("TEXTCOLOR", (1, 0), (1, -1), t.colour("accent")),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), gutter),
        ("TOPPADDING", (0, 0), (-1, -1), rp),
        ("BOTTOMPADDING", (0, 0), (-1, -1), rp),
        ("LINEBELOW", (0, 0), (-1, -2), 0.4, t.colour("target_rule"), 1, (1, 1.5)),
    ] + spans
    return Table(data, colWidths=[inner - fig_w, fig_w], style=TableStyle(cmds))
