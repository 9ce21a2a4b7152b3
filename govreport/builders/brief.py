"""The one-page PDF indicator brief, drawn with ReportLab: ``brief.pdf``.

Two steps, as the other builders: ``plan(report, ctx)`` measures every block with the
embedded fonts and decides what goes where (and which table rows give way), as plain data;
``build(report, ctx)`` draws that plan on one A4 page. Every length, colour, size and
priority comes from ``templates/brief.yaml``.

The page, top to bottom: a header band (title, year, issuer, date); KPI tiles of the
headline indicators; then two columns, the first headed by a vector bar chart of the
headline growth rates, the second by the plan year's targets, with the grouped indicator
table flowing under them from column to column; a footer with the source, the content
file's short SHA-256 and the page number.

Laid out by ReportLab: one ``PageTemplate`` whose column ``Frame``s take the indicator table,
one ``Table`` per group, which platypus splits from column to column (the group's title row
repeated as "title（续）"). The targets box is tested with ``KeepInFrame(mode="error")``, the
table by placing it in the frames (``Frame.add`` / ``Frame.split``). When the content is too
long, the one loop of this module leaves out the lowest-priority units (table rows, see
``priorities`` in the template) until the page fits, and names them in a build note; when even
the minimum does not fit, the build fails with a ``ContentError``. Labels and targets are broken
into lines by ``govreport.textfit`` (CJK 禁则, a number kept with its unit).
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from . import FILENAMES
from ..errors import ContentError, Problem
from .. import figures, selection, textfit
from ..model import Indicator, Report

FILENAME = FILENAMES["brief"]
TEMPLATE = "brief.yaml"
MM = 72 / 25.4  # points per millimetre


# --------------------------------------------------------------------------------------
# The template


class Template:
    """``templates/brief.yaml`` (checked by ``config.BriefTemplate``) with lengths turned into
    points and the type floor and margins checked, problems at their lines."""

    def __init__(self, templates):
        self.templates = templates  # config.Templates
        self.data = templates.data[TEMPLATE]
        self.file = templates.shown[TEMPLATE]
        self.fonts = templates.font_config
        self._check()

    @classmethod
    def load(cls, templates: Path) -> "Template":
        from ..config import load

        return cls(load(templates))

    def __getitem__(self, key: str) -> dict:
        return self.data[key]

    @property
    def strings(self) -> str:
        """Every string in the template (labels, headings), for the fonts' subsets."""

        def walk(x):
            if isinstance(x, dict):
                return "".join(walk(v) for v in x.values())
            if isinstance(x, list):
                return "".join(walk(v) for v in x)
            return x if isinstance(x, str) else ""

        return walk(self.data)

    def num(self, section: str, key: str) -> float:
        """A number as written (size in pt, share, count)."""
        try:
            return float(self.data[section][key])
        except KeyError:
            raise ContentError(f"{section}.{key}: missing", self.file) from None

    def mm(self, section: str, key: str) -> float:
        """A length written in millimetres, in points."""
        return self.num(section, key) * MM

    def colour(self, name: str):
        from reportlab.lib.colors import HexColor

        return HexColor(str(self.data["colours"][name]))

    def text(self, key: str) -> "str | list[str]":
        return self.data["text"][key]

    def _check(self) -> None:
        problems = []
        at = lambda path, message: self.templates.problem(TEMPLATE, path, message)  # noqa: E731
        page = self.data["page"]
        floor = float(page["min_font_size"])
        if floor < 7:
            problems.append(at("page.min_font_size", "must be at least 7 pt"))
        if float(page["margin"]) < float(page["min_margin"]) or float(page["min_margin"]) < 10:
            problems.append(at("page.margin", "margins must be at least 10 mm"))
        for section, values in self.data.items():
            if not isinstance(values, dict):
                continue
            for key, value in values.items():
                if (key.endswith("_size") or key == "size") and section != "page" and float(value) < floor:
                    problems.append(at(f"{section}.{key}", f"{value} pt is below the {floor:g} pt floor"))
        if problems:
            raise ContentError(problems)


# --------------------------------------------------------------------------------------
# Fonts


class Fonts:
    """The template's font slots (title, strong, text) registered with ReportLab."""

    def __init__(self, t: Template, chars: str = "", units=()):
        from reportlab.pdfbase import pdfmetrics

        from ..fonts import reportlab_font

        cfg = t.fonts
        self.measure = textfit.measurer(cfg).with_units(units)
        self.words = self.measure.with_words(True)
        self.roles = {}
        self.names = {}
        charset = frozenset(chars + t.strings)  # once, not per slot
        for slot, role_name in t["fonts"].items():
            if role_name not in cfg.roles:
                raise ContentError(t.templates.problem(TEMPLATE, f"fonts.{slot}",
                                                       f"no font role {role_name!r} in templates/fonts.yaml"))
            role = cfg[role_name]
            # A cached subset (GB2312 + what the content uses) parses in milliseconds, not 0.2 s.
            f = role.embeddable(charset)
            name = f"GR-{role.file.path.stem}-{role.file.index}-{f.path.stem.rsplit('-', 1)[-1]}"
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(reportlab_font(name, f))
            self.roles[slot] = role
            self.names[slot] = name

    def width(self, slot: str, text: str, size: float) -> float:
        return self.measure.width(text, self.roles[slot].role, size)

    def lines(self, text: str, slot: str, size: float, width: float) -> list[str]:
        """``text`` broken into lines no wider than ``width`` as a reader of a small cell wants them:
        ``textfit``'s words mode (CJK 禁则, a number kept with its unit, lines that end at words of
        rjieba's dictionary and outside a short quoted name, no last line of one or two characters),
        balanced (lines as even as they can be)."""
        got = self.words.lines([(text, self.roles[slot].role, size)], width - 0.01, balanced=True)
        return [ln.text.strip() for ln in got]

    def check(self, texts: dict[str, list[str]], source: str) -> None:
        """ContentError naming every character a slot's font cannot draw: never a box."""
        problems = []
        for slot, strings in texts.items():
            missing = self.roles[slot].missing("".join(strings))
            if missing:
                role = self.roles[slot]
                problems.append(
                    Problem(
                        source,
                        message=f"brief: font {role.file.path.name} (role {role.role!r}, used for {slot}) "
                        f"has no glyph for: {''.join(missing)}",
                    )
                )
        if problems:
            raise ContentError(problems)


# --------------------------------------------------------------------------------------
# The plan: plain data


@dataclass(frozen=True)
class Box:
    """A rectangle in points, ``top`` measured down from the top edge of the page."""

    x: float
    top: float
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.top + self.h

    def pdf(self, page_height: float) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) in PDF coordinates (origin at the bottom left)."""
        return (self.x, page_height - self.bottom, self.x + self.w, page_height - self.top)


@dataclass(frozen=True)
class Tile:
    id: str
    label: str
    prefix: str  # 超过 …
    number: str  # 2286.2
    suffix: str  # 亿元, %左右 …
    change: str  # 增长12.8%
    direction: int  # +1 rise, -1 fall, 0 no change given
    label_text: str = ""  # the label as drawn (cut with … only if it cannot fit at label_min_size)
    label_size: float = 0.0
    value_size: float = 0.0


@dataclass(frozen=True)
class Row:
    id: str
    group: str
    label: str
    number: str
    unit: str
    change: str
    headline: bool
    rank: int  # position in its group, 0 first


@dataclass(frozen=True)
class Bar:
    id: str
    label: str
    value: float
    text: str


@dataclass(frozen=True)
class Target:
    id: str
    label: str
    figure: str
    words: str = ""  # a target stated in words: the whole statement, on a row of its own


@dataclass
class Plan:
    page: tuple[float, float]
    header: Box
    title: str
    title_size: float
    kicker: str
    subtitle: str
    meta_lines: list[str]
    tiles: list[tuple[Tile, Box]]
    chart: "Box | None"
    bars: list[Bar]
    targets_box: "Box | None"
    targets: list[Target]
    targets_row_pad: "float | None"
    table: "Box | None"
    frames: list[Box]  # the table's column frames (under the column heads)
    columns: list[tuple[Box, list]]  # the frames the table reaches, with the flowables placed in each
    table_widths: list[float]  # label, number, unit, change
    rows: list[Row]  # kept, in table order
    dropped: list[Row]
    dropped_blocks: list[str]
    footer: Box
    footer_lines: list[tuple[str, str]]  # (left, right)
    headings: dict[str, tuple[str, Box]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)
    review_box: "Box | None" = None  # last year's targets against this year's results (builders/review.py)


# --------------------------------------------------------------------------------------
# From the report to rows, tiles, bars and targets


def fields(report: Report, ctx) -> dict:
    m = report.meta
    return dict(
        title=m.title, dated_title=figures.dated_title(m.title, m.date.year), subtitle=m.subtitle, issuer=m.issuer,
        session=m.session, speaker=m.speaker,
        date=figures.date_text(m.date), year=m.date.year, review_year=m.review_year, plan_year=m.plan_year,
        hash=ctx.short_hash,
    )


def make_tile(ind: Indicator, change_only: str = "{word}") -> Tile:
    """A KPI tile; for a figure that is only a change (社零总额 增长14%) the change is the big
    number with its word before it (``text.change_only`` of the template), so it never reads as a
    level (14%), and there is no change line under it."""
    t = figures.tile(ind)
    prefix = change_only.format(word=t.prefix) if t.change_only else t.prefix
    return Tile(ind.id, ind.display_label, prefix, t.number, t.suffix, t.change, t.direction)


def table_rows(report: Report) -> list[Row]:
    rows = []
    for title, items in report.grouped_indicators(targets=False):
        for rank, ind in enumerate(items):
            figure, unit = figures.columns(ind)
            rows.append(Row(ind.id, title, ind.label, figure, unit, figures.change_phrase(ind),
                            ind.headline, rank))
    return rows


def chart_bars(report: Report, rules: selection.Rules = selection.Rules()) -> list[Bar]:
    """The year's growth rates (``selection.growth_rates``: changes in % of amounts, the headline
    ones or one group's, as the deck's chart), largest first; a fall labelled as the report says
    it (下降3.2%)."""
    bars = []
    inds = selection.growth_rates(report, rules)
    labels = selection.distinct_labels(report, inds)
    for ind in inds:
        v = figures.bar_value(ind)
        bars.append(Bar(ind.id, labels[ind.id], v, figures.bar_label(ind)))
    return sorted(bars, key=lambda b: -b.value)


def target_items(report: Report) -> list[Target]:
    out = []
    for ind in report.target_indicators:
        # a target the text commits with 力争/争取/确保 says so (selection.mark)
        aim = ind.aim or ""
        out.append(Target(ind.id, ind.label, aim + figures.target_phrase(ind), ind.text if figures.qualitative(ind) else ""))
    return out


def fit_tile(tile: Tile, t: Template, fonts: Fonts, width: float, notes: list[str], source: str,
             ind: "Indicator | None" = None) -> Tile:
    """Sizes for a tile's label and figure, shrunk to their floors; a label still too long is the
    indicator's label as ``selection.fit_label`` shortens it (a derived short label, with a note;
    never cut with …), a figure still too wide is a ContentError."""
    inner = width - 2 * t.mm("tiles", "padding")
    ls, lmin = t.num("tiles", "label_size"), t.num("tiles", "label_min_size")
    while fonts.width("text", tile.label, ls) > inner and ls > lmin:
        ls = max(lmin, ls - 0.5)
    label = tile.label
    if fonts.width("text", label, ls) > inner and ind is not None:
        label = selection.fit_label(ind, lambda s: fonts.width("text", s, ls) <= inner, notes.append, f"tile {tile.id}",
                                    label=tile.label)
        if label is None:
            raise ContentError(f"brief: tile {tile.id}: the label {tile.label!r} does not fit a tile even at {lmin:g} pt "
                               "(tiles.label_min_size): give the indicator a short: label", source)
    vs, vmin = t.num("tiles", "value_size"), t.num("tiles", "value_min_size")
    while tile_figure_width(tile, t, fonts, vs) > inner and vs > vmin:
        vs = max(vmin, vs - 0.5)
    if tile_figure_width(tile, t, fonts, vs) > inner:
        raise ContentError(
            f"brief: tile {tile.id}: the figure {tile.prefix}{tile.number}{tile.suffix} does not fit a tile "
            f"even at {vmin:g} pt (tiles.value_min_size)", source)
    return replace(tile, label_text=label, label_size=ls, value_size=vs)


def tile_figure_width(tile: Tile, t: Template, fonts: Fonts, size: float) -> float:
    us, sp = t.num("tiles", "unit_size"), t.num("tiles", "unit_space_pt")
    return (fonts.width("text", tile.prefix, us) + (sp if tile.prefix else 0) + fonts.width("strong", tile.number, size)
            + (sp + fonts.width("text", tile.suffix, us) if tile.suffix else 0))


def drop_order(rows: list[Row], t: Template, report: "Report | None" = None) -> list[Row]:
    """Rows in the order they give way, the least needed first (``selection.rank``: amounts with
    their changes, other changes, amounts, shares, then counts by size): ordinary rows before
    headline rows (their priorities in the template), and the best row of each group last among
    the ordinary ones, so every group stays named as long as it can. Without ``report`` (rows
    alone) a row with a change ranks above one without."""
    prio = t["priorities"]
    if report is not None:
        ranked = selection.rank([report.indicators[r.id] for r in rows])
        pos = {ind.id: k for k, ind in enumerate(ranked)}
    else:
        pos = {r.id: (not r.change, k) for k, r in enumerate(rows)}
    best: dict[str, Row] = {}
    for r in sorted(rows, key=lambda r: pos[r.id]):
        best.setdefault(r.group, r)
    best_ids = {r.id for r in best.values()}
    tiers = sorted([(False, False), (False, True), (True, None)],
                   key=lambda h: (float(prio["headline_rows" if h[0] else "rows"]), bool(h[1])))
    out = []
    for want_headline, want_best in tiers:
        tier = [r for r in rows if r.headline == want_headline and (want_best is None or (r.id in best_ids) == want_best)]
        out += sorted(tier, key=lambda r: pos[r.id], reverse=True)
    return out


# --------------------------------------------------------------------------------------
# Flowables shared by measuring and drawing


class IndicatorTable:
    """The grouped indicator table as ReportLab flowables.

    One ``Table`` per group: its first row is the group title, repeated (``repeatRows=1``) with
    ``text.continued`` where platypus splits the group into the next column; the column head
    (指标 · 2023年 · 比上年) is drawn over every column the table reaches. A label is broken into
    lines by ``textfit`` (CJK 禁则, numbers kept with their units) at its cell's width, so
    ReportLab sets the lines it is given and no label runs past its cell.
    """

    def __init__(self, t: Template, fonts: Fonts, rows: list[Row], width: float, head: list[str], continued: str):
        self.t, self.fonts, self.width, self.head, self.continued = t, fonts, width, head, continued
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
        self._labels: dict[tuple[str, bool], str] = {}
        self.head_height = self.head_table().wrap(width, 1e6)[1]

    @staticmethod
    def wide(r: Row) -> bool:
        """Whether the row's label spans the figure and unit columns: a row of a change only
        (社会消费品零售总额 | | | 增长14%) lends them to its label."""
        return not r.number and not r.unit

    def label(self, r: Row) -> str:
        """The row's label broken into lines that fit its cell ('\\n' between them)."""
        key = (r.label, self.wide(r))
        got = self._labels.get(key)
        if got is None:
            room = sum(self.col_widths[:3]) if self.wide(r) else self.col_widths[0]
            got = self._labels[key] = "\n".join(self.fonts.lines(r.label, "text", self.size, room - 2 * self.pad))
        return got

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
        for title, items in groups:
            head = GroupTitle(title, self.continued, strong, gs, t.colour("accent"))
            data = [[head, "", "", ""]]
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
                ("SPAN", (0, 0), (-1, 0)),
                ("BACKGROUND", (0, 0), (-1, 0), t.colour("group_fill")),
                # a group title never ends a column: it stays with the group's first row
                ("NOSPLIT", (0, 0), (-1, 1)),
            ]
            for i, r in enumerate(items, start=1):
                data.append([self.label(r), r.number, r.unit, r.change])
                if self.wide(r):
                    cmds.append(("SPAN", (0, i), (2, i)))
                frac = self.fonts.width("text", "." + r.number.split(".")[1], self.size) if "." in r.number else 0
                cmds.append(("RIGHTPADDING", (1, i), (1, i), self.pad + self.frac_w - frac))
                cmds.append(("LINEBELOW", (0, i), (-1, i), 0.35, t.colour("rule")))
                if r.headline:
                    cmds.append(("FONT", (1, i), (1, i), strong, self.size, self.leading))
            out.append(Table(data, colWidths=self.col_widths, style=TableStyle(cmds), repeatRows=1))
        return out


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


# --------------------------------------------------------------------------------------
# Planning


def plan(report: Report, ctx) -> Plan:
    """Measure every block and decide what goes where; ContentError when the minimum does not fit."""
    return _plan(report, ctx)[0]


def _plan(report: Report, ctx) -> "tuple[Plan, Template, Fonts, IndicatorTable]":
    """The plan, with the template, fonts and measured table it was made with (for the drawing)."""
    t = Template(ctx.config)
    review = ctx.review if ctx.review is not None and ctx.review.pairs else None
    inds = list(report.indicators.values()) + (list(review.previous.indicators.values()) if review else [])
    fonts = Fonts(t, report.characters() + (review.characters() if review else ""), textfit.units_of(inds))
    f = fields(report, ctx)
    fmt = lambda s: s.format(**f)  # noqa: E731
    source = str(ctx.source)

    pw, ph = t.mm("page", "width"), t.mm("page", "height")
    margin = t.mm("page", "margin")
    gap = t.mm("page", "gap")
    cw = pw - 2 * margin
    x0 = margin

    # What is shown: the rules the deck and lint apply too (govreport.selection).
    rules = selection.Rules.of(ctx.config)
    tiles_src, rest = selection.tiles(report, rules.tiles)
    max_tiles = rules.tiles
    notes = []
    if rest:
        notes.append(
            f"{len(rest)} headline indicator(s) beyond the {max_tiles} tiles are shown in the chart and table only: "
            + "、".join(i.display_label for i in rest)
        )
    tile_labels = selection.distinct_labels(report, tiles_src)
    tiles = [replace(make_tile(i, t.text("change_only")), label=tile_labels[i.id]) for i in tiles_src]
    if tiles:
        ncol = min(int(t.num("tiles", "columns")), len(tiles))
        tile_w = (cw - (ncol - 1) * t.mm("tiles", "gap")) / ncol
        tiles = [fit_tile(x, t, fonts, tile_w, notes, source, report.indicators[x.id]) for x in tiles]
    bars = chart_bars(report, rules)
    max_bars = int(t.num("chart", "max_bars"))
    if len(bars) > max_bars:
        notes.append(f"chart: {len(bars) - max_bars} growth rate(s) beyond {max_bars} bars left out: "
                     + "、".join(b.label for b in bars[max_bars:]))
        bars = bars[:max_bars]
    label_max = _table_col_width(t, cw) * t.num("chart", "label_max_share")
    ls = t.num("chart", "label_size")
    for n, b in enumerate(bars):
        if fonts.width("text", b.label, ls) > label_max:
            short = selection.fit_label(report.indicators[b.id], lambda s: fonts.width("text", s, ls) <= label_max,
                                        notes.append, "chart", label=b.label)
            if short is None:
                raise ContentError(f"brief: chart: the label {b.label!r} of indicator {b.id} does not fit the chart "
                                   "(chart.label_max_share): give the indicator a short: label", source)
            bars[n] = replace(b, label=short)
    targets = target_items(report)
    rows = table_rows(report)
    head = [fmt(s) for s in t.text("table_head")]
    continued = fmt(t.text("continued"))

    # Every character to be drawn, by font slot, checked before anything is drawn: never a box.
    fonts.check(
        {
            "title": [fmt(t.text("title"))],
            "strong": [fmt(t.text("kicker"))]
            + [fmt(t.text(k)) for k in ("chart_heading", "targets_heading", "table_heading")]
            + head + [g + continued for g, _ in report.grouped_indicators()]
            + [x.number for x in tiles] + [r.number for r in rows if r.headline] + [x.figure for x in targets]
            + [b.text for b in bars],
            "text": [fmt(t.text("subtitle")), fmt(t.text("source")), fmt(t.text("hash")), fmt(t.text("page")),
                     fmt(t.text("chart_axis")), "0123456789.-%"]
            + [fmt(s) for s in t.text("meta")]
            + [x.label_text + x.prefix + x.suffix + x.change for x in tiles]
            + [b.label + b.text for b in bars]
            + [x.label + x.words for x in targets]
            + [r.label + r.number + r.unit + r.change for r in rows],
        },
        source,
    )
    if review is not None:
        from .review import brief_strings

        fonts.check({"strong": brief_strings(review), "text": brief_strings(review)}, source)

    # Header ------------------------------------------------------------------------
    hh = t.mm("header", "height")
    header = Box(x0, margin, cw, hh)
    hpad = t.mm("header", "padding")
    meta_lines = [fmt(s) for s in t.text("meta")]
    meta_w = max(fonts.width("text", s, t.num("header", "meta_size")) for s in meta_lines)
    title = fmt(t.text("title"))
    kicker = fmt(t.text("kicker"))
    title_room = cw - 2 * hpad - meta_w - 6 * MM
    title_size = t.num("header", "title_size")
    floor = t.num("header", "title_min_size")
    while fonts.width("title", title, title_size) > title_room and title_size > floor:
        title_size = max(floor, title_size - 0.5)
    if fonts.width("title", title, title_size) > title_room:
        raise ContentError(f"brief: the title {title!r} does not fit the header even at {floor:g} pt", source)

    # Footer ------------------------------------------------------------------------
    fh = t.mm("footer", "height")
    fs = t.num("footer", "size")
    left, right = fmt(t.text("source")), fmt(t.text("hash")) + "　" + fmt(t.text("page"))
    if fonts.width("text", left + "　" + right, fs) <= cw:
        footer_lines = [(left, right)]
    else:
        footer_lines = [(left, ""), (fmt(t.text("hash")), fmt(t.text("page")))]
        fh = max(fh, fs * 2.9)
    footer = Box(x0, ph - margin - fh, cw, fh)

    # Optional blocks and the drop sequence ----------------------------------------------
    prio = {k: float(v) for k, v in t["priorities"].items()}
    minimum = prio["minimum"]
    min_rows = min(int(t.num("table", "min_rows")), len(rows))
    if review is not None:  # the review box's rows (and its heading and head) stand in for as many table rows
        from .review import brief_min_rows

        min_rows = brief_min_rows(review, min_rows)
    blocks = [b for b, present in (("tiles", bool(tiles)), ("chart", bool(bars)), ("targets", bool(targets))) if present]
    units: list[tuple[float, int, str, object]] = []
    for b in blocks:
        if prio.get(b, 100) < minimum:
            units.append((prio[b], 0, "block", b))
    for n, r in enumerate(drop_order(rows, t, report)[: len(rows) - min_rows]):
        units.append((prio["headline_rows" if r.headline else "rows"], n, "row", r))
    units.sort(key=lambda u: (u[0], u[1]))

    table = IndicatorTable(t, fonts, rows, _table_col_width(t, cw), head, continued)
    top, bottom = header.bottom + gap, footer.top - gap

    def attempt(k: int):
        """The page with the first ``k`` units left out: (layout, rows placed per frame, height of
        what did not fit); None when the blocks themselves do not fit."""
        gone_blocks = {u[3] for u in units[:k] if u[2] == "block"}
        gone_rows = {u[3].id for u in units[:k] if u[2] == "row"}
        kept = [r for r in rows if r.id not in gone_rows]
        geo = layout(t, fonts, x0, cw, top, bottom,
                     tiles if "tiles" not in gone_blocks else [],
                     bars if "chart" not in gone_blocks else [],
                     targets if "targets" not in gone_blocks else [],
                     table, bool(kept), fmt, review)
        if geo is None:
            return None
        left, placed = flow(geo["frames"], table.story(kept), ph)
        return geo, placed, sum(f.wrap(table.width, 1e6)[1] for f in left)

    # The one loop: leave out the lowest-priority units until the page fits. The height of what
    # did not fit says how many of the next units must go (as many as are that tall together),
    # so the loop takes a few steps, not one per row; then it checks that one unit fewer would
    # not have done (a group that loses its last row frees its title row too).
    def unit_height(u) -> float:
        return table.row_height(u[3]) if u[2] == "row" else 0.0

    k, failed = 0, -1
    while True:
        got = attempt(k)
        if got is not None and got[2] == 0:
            break
        failed = k
        if k >= len(units):
            raise ContentError(_overfull_message(len(tiles), len(bars), len(targets), len(rows), min_rows), source)
        need, step = (got[2] if got is not None else 0.0), 1
        freed = unit_height(units[k])
        while freed < need and k + step < len(units):
            freed += unit_height(units[k + step])
            step += 1
        k = min(len(units), k + step)
    while k - 1 > failed:
        fewer = attempt(k - 1)
        if fewer is None or fewer[2] > 0:
            break
        k, got = k - 1, fewer
    best, placed, _ = got
    dropped = [u[3] for u in units[:k] if u[2] == "row"]
    dropped_blocks = [u[3] for u in units[:k] if u[2] == "block"]
    dropped_ids = {r.id for r in dropped}
    kept = [r for r in rows if r.id not in dropped_ids]
    if dropped:
        dropped_in_order = [r for r in rows if r.id in dropped_ids]
        by_group: dict[str, list[str]] = {}
        for r in dropped_in_order:
            by_group.setdefault(r.group, []).append(r.label)
        notes.append(
            f"table: {len(dropped)} of {len(rows)} rows left out to keep the brief on one page:"
            + "".join(f"\n    {g} ({len(labels)}): " + "、".join(labels) for g, labels in by_group.items())
        )
    for b in dropped_blocks:
        notes.append(f"{b}: left out to keep the brief on one page (priority {prio[b]:g})")

    m = report.meta
    p = Plan(
        page=(pw, ph), header=header, title=title, title_size=title_size, kicker=kicker,
        subtitle=fmt(t.text("subtitle")), meta_lines=meta_lines,
        tiles=best["tiles"], chart=best["chart"], bars=bars if best["chart"] else [], targets_box=best["targets_box"],
        targets=targets if best["targets_box"] else [], targets_row_pad=best["targets_row_pad"], table=best["table"],
        frames=best["frames"], columns=[(box, here) for box, here in zip(best["frames"], placed) if here],
        table_widths=list(table.col_widths), rows=kept, dropped=dropped,
        dropped_blocks=dropped_blocks, footer=footer, footer_lines=footer_lines, headings=best["headings"],
        notes=notes, review_box=best.get("review_box"),
        info=dict(title=f"{figures.dated_title(m.title, m.date.year)} {kicker}", author=m.issuer, subject=f"{m.session} {m.subtitle}",
                  keywords=f"sha256:{ctx.short_hash}", date=m.date.strftime("D:%Y%m%d000000+08'00'")),
    )
    return p, t, fonts, table


def review_shown(report: Report, ctx) -> bool:
    """Whether the brief shows last year's targets against this year's results (for ``--verify``)."""
    from .review import shown

    return shown("brief", report, ctx)


def quotes(report: Report, ctx) -> list[str]:
    """Indicators the brief shows with their figures: the tiles, the table rows kept, the targets."""
    p = plan(report, ctx)
    ids = {tile.id for tile, _ in p.tiles} | {r.id for r in p.rows} | {x.id for x in p.targets}
    return [i for i in report.indicators if i in ids]


def _table_col_width(t: Template, cw: float) -> float:
    n = int(t.num("table", "columns"))
    return (cw - (n - 1) * t.mm("table", "column_gap")) / n


def _overfull_message(n_tiles: int, n_bars: int, n_targets: int, n_rows: int, min_rows: int) -> str:
    return (
        f"brief: the content does not fit one page even at its minimum: the header, {n_tiles} tiles, "
        f"a chart of {n_bars} bars, {n_targets} targets and {min_rows} of {n_rows} table rows "
        f"(table.min_rows in templates/brief.yaml). Shorten the content (fewer targets or headline "
        f"indicators, shorter labels) or lower table.min_rows."
    )


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
        from .review import BRIEF_HEADING, brief_flowable

        y = max(tops)
        h = brief_flowable(review, fonts, t, cw).wrap(cw, 1e6)[1]
        out["headings"]["review"] = (BRIEF_HEADING.format(year=review.year), Box(x0, y, cw, hd_h))
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


# --------------------------------------------------------------------------------------
# Drawing


def build(report: Report, ctx) -> bytes:
    """The brief as PDF bytes: one A4 page, fonts embedded as subsets, same input same bytes.

    One ``PageTemplate``: the header, tiles, chart, targets box and footer are drawn on the page,
    the table's column ``Frame``s take the group Tables, which platypus splits from column to
    column as the plan found they fit."""
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer

    p, t, fonts, table = _plan(report, ctx)
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
            from .review import brief_flowable

            box = p.review_box
            tbl = brief_flowable(ctx.review, fonts, t, box.w)
            tbl.wrapOn(c, box.w, box.h)
            tbl.drawOn(c, box.x, ph - box.bottom)
        draw_footer(c, t, fonts, p, ph)

    def column_heads(c, doc):
        for i, box in enumerate(p.frames):
            if f"table-{i}" in used:
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
    doc.build(table.story(p.rows) if p.frames else [Spacer(0, 0)])
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
    size = t.num("headings", "size")
    bw = t.num("headings", "bar_width_pt")
    base = y0 + (box.h - size) / 2 + size * 0.12
    c.setFillColor(t.colour("accent"))
    c.rect(x0, base - size * 0.08, bw, size * 0.95, stroke=0, fill=1)
    c.setFont(fonts.names["strong"], size)
    c.setFillColor(t.colour("ink"))
    c.drawString(x0 + bw + t.num("headings", "text_gap_pt"), base, text)


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
