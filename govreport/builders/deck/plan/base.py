"""The planner's measuring tools: runs, paragraphs and frames measured with the configured fonts
(``textfit``), titles that fit, the footer and the notes' size. Every slide kind is planned with these."""

from __future__ import annotations

from .... import figures, references, selection, textfit
from ....errors import Problem
from ....fonts import load_config
from ....model import Indicator, Report
from ..shapes import Box, Bullet, Frame, Paragraph, Rect, Run, Slide, replace

SENTENCE_END = "。；！？"
BALANCED = frozenset({"title", "closing", "subtitle", "cell"})  # frames whose lines are balanced
CLAUSE_END = "，：、"

date_text = figures.date_text

# Substance: what a content slide must carry. A slide is shown for the minute or so the speaker
# takes for its part; at the bullets' 24 pt a line of the full-width body holds about 34
# characters, so fewer than 120 characters (3-4 lines) leave two thirds of the body empty: the
# slide says less than its title promises. A figure shown large (a tile, a callout, a bar, a table
# row) carries what a line of text would: it counts as 30 characters. Title slides, dividers and
# the closing carry headings, not content: no floor; a divider needs content slides after it.
# Text set larger than the bullets' 24 pt covers more of the slide: a character of it counts
# (size / 24)² (a short area's few points at 32 pt fill the slide as ~1.8 times as many at 24 pt).
SUBSTANCE_FLOOR = 120
FIGURE_WEIGHT = 30
REFERENCE_SIZE = 24.0
# An area whose points come to fewer characters than this says more: more sentences, longer points.
FILL_CHARS = 200
# Fill: how much of the body box (under the title, down to ``body_bottom``) a content slide covers
# as drawn, top to bottom: its text's lines at their pitch, its tiles, callouts, tables and charts.
# A slide covering less than FILL_FLOOR reads as half empty from the back of a room (the issue's
# "never two thirds empty", with a margin: 45% is what one row of tiles or the shortest chart, 170
# pt of 368, covers). An area's cut aims at SPLIT_FILL on each of its slides when it needs several:
# a split of 3+3 points that leaves both halves at 50% is not taken when longer points (more of
# what the report says) or another cut fill both; a lone slide below it takes longer points when
# they still fit.
FILL_FLOOR = 0.45
SPLIT_FILL = 0.6


def substance(s: Slide) -> int:
    """Characters of a slide's text (not its title, footer or number; table cells and chart
    categories included) plus ``FIGURE_WEIGHT`` per figure shown large."""
    chars = 0.0
    for f in s.frames:
        if f.name in ("title", "footer", "slide number"):
            continue
        for p in f.paragraphs:
            for r in p.runs:
                n = len("".join(r.text.split()))
                chars += n if f.indicator else n * max(1.0, (r.size / REFERENCE_SIZE) ** 2)
    chars += sum(len("".join(c.text.split())) for t in s.tables for r in t.rows for c in r.cells)
    chars += sum(len(x) for c in s.charts for x in c.categories)
    chars += sum(len(f"{v:g}") + 1 for c in s.charts for ser in c.series for v in ser.values)  # the data labels
    figs = sum(1 for f in s.frames if f.indicator) + sum(len(c.ids) for c in s.charts) + sum(len(t.ids) for t in s.tables)
    return int(chars) + FIGURE_WEIGHT * figs


def strip_end(text: str) -> str:
    return text.strip().rstrip("。；，：、 ")


def ref_ids(text: str) -> list[str]:
    """Indicator ids referenced in a text, in order, once each."""
    out: list[str] = []
    for r in references.find(text or ""):
        if not r.error and r.id not in out:
            out.append(r.id)
    return out


def box_of(values) -> Box:
    x, y, w, h = (float(v) for v in values)
    return (x, y, w, h)


def shown_text(text: str) -> str:
    """A text quoted in a message: whole when short, else its start and end."""
    return text if len(text) <= 60 else text[:40] + "…" + text[-10:]


class Base:
    """What every slide is planned with. ``theme`` is the typed deck.yaml (``config.DeckTemplate``),
    read only."""

    def __init__(self, report: Report, theme, *, user_template: bool = False, note=None, source: str = "",
                 rules: "selection.Rules | None" = None, review=None, fonts=None):
        self.report = report
        self.review = review  # last year's targets against this report's results (govreport.review), or None
        chart = theme.chart
        self.rules = rules or selection.Rules(
            tiles=int(theme.tiles.max), least=int(chart.min_bars), bars=int(chart.max_categories),
            share_words=tuple(str(w) for w in chart.share_words),
            not_growth_units=tuple(str(u) for u in chart.not_growth_units) if "not_growth_units" in chart.model_fields_set
            else figures.NOT_GROWTH_UNITS)
        self.t = theme
        self.user = user_template
        self.note = note or (lambda msg: None)
        self.source = str(source)
        self.problems: list[Problem] = []
        self.factor = float(theme.measure.width_factor)
        self.spacing = float(theme.measure.line_spacing)
        self.gap = float(theme.measure.script_gap)
        self.placed: set[str] = set()
        # a figure as a tile shows it when it is not the report's own (a level with its change stated
        # apart, ``selection.with_level``): id -> that figure; what a refit (``look``) draws
        self.shown_as: dict[str, Indicator] = {}
        self.points_made: dict[int, tuple] = {}  # id(area) -> (area, its points): see Areas.full_points
        self.palette = {name: getattr(theme.colors, name) for name in type(theme.colors).model_fields}
        # The one measurer (textfit), told the report's units so no number is parted from its unit;
        # a line on a slide ends at a word (``words``).
        # ``fonts``: the build's font roles (``Session.fonts()``); None: ``fonts.load_config()``'s.
        self.fit = textfit.measurer(fonts or load_config(), ambiguous_full=True, words=True).with_units(
            textfit.units_of(report.indicators.values()))
        m = report.meta
        self.words = {
            "review_year": m.review_year,
            "plan_year": m.plan_year,
            "issuer": m.issuer,
            "title": m.title,
        }

    # Small helpers -------------------------------------------------------------------

    def problem(self, path: str, message: str) -> None:
        """Something that cannot be drawn without overflowing: collected, raised after planning."""
        pr = Problem(self.source, path=path, message=message)
        if pr not in self.problems:
            self.problems.append(pr)

    def word(self, key: str) -> str:
        return str(getattr(self.t.text, key)).format(**self.words)

    def role(self, usage: str) -> str:
        return getattr(self.t.fonts, usage)

    def color(self, name: str | None, *, placeholder: bool = False) -> str | None:
        """Hex colour of a theme colour name; None (inherit) for placeholders in a user's template."""
        if name is None or (placeholder and self.user):
            return None
        if self.user:
            # No red band under a user's template: text meant for the band takes a plain colour.
            name = self.t.user_template_colors.get(name, name)
        return self.palette.get(name, name)

    def layout(self, kind: str) -> str:
        return getattr(self.t.layouts, kind)

    def run(self, text: str, usage: str, size: float, color: str | None = None, bold: bool = False) -> Run:
        return Run(text=text, role=self.role(usage), size=float(size), color=color, bold=bold)

    def para(self, runs: list[Run], *, align: str = "left", before: float = 0.0, indent: float = 0.0,
             bullet: Bullet | None = None, field: str | None = None, balanced: bool = False) -> Paragraph:
        size = max(r.size for r in runs)
        return Paragraph(runs=tuple(runs), align=align, line=round(size * self.spacing, 1), before=float(before),
                         indent=float(indent), bullet=bullet, field=field, balanced=balanced)

    def frame(self, name: str, box, paragraphs: list[Paragraph], *, placeholder: str | None = None,
              anchor: str = "top", inset=None, fill: str | None = None, geometry: str | None = None,
              label_paragraph: int | None = None) -> Frame:
        inset = box_of(inset or self.t.inset)
        box = box_of(box)
        measured, height = self.measure(paragraphs, box[2], inset, balanced=name in BALANCED)
        return Frame(name=name, box=box, inset=inset, paragraphs=measured, height=round(height, 2), anchor=anchor,
                     placeholder=placeholder, fill=fill, geometry=geometry, label_paragraph=label_paragraph)

    def measure(self, paragraphs, width: float, inset, balanced: bool = False) -> tuple[tuple[Paragraph, ...], float]:
        """The paragraphs with their lines measured, and the height a frame needs for them: its
        insets, each paragraph's space before (none for the first) and its lines at its exact
        pitch. Lines are broken by ``textfit`` (CJK 禁则, a number kept with its unit); each
        paragraph keeps its lines (``breaks``) and the drawing writes them as line breaks, so
        PowerPoint and LibreOffice set the lines measured here. ``balanced`` (titles, the closing
        line, labels): lines of even length, no lone last character."""
        h = inset[1] + inset[3]
        out = []
        for i, p in enumerate(paragraphs):
            runs = [(r.text, r.role, r.size) for r in p.runs]
            avail = width - inset[0] - inset[2] - p.indent
            lines = self.fit.lines(runs, avail, self.factor, self.gap, balanced=balanced or p.balanced)
            texts = tuple(ln.text for ln in lines)
            breaks = texts if len(texts) > 1 and "".join(texts) == "".join(r[0] for r in runs) else ()
            out.append(replace(p, lines=len(lines), breaks=breaks))
            h += (p.before if i else 0.0) + len(lines) * p.line
        return tuple(out), h

    @staticmethod
    def fits(f: Frame, max_lines: int | None = None) -> bool:
        if not f.fits:
            return False
        if max_lines is not None and any(p.lines > max_lines for p in f.paragraphs):
            return False
        return True

    def fitted(self, name: str, text: str, spec, usage: str, *, max_lines: int | None = None,
               align: str = "left", anchor: str = "top", placeholder: str | None = None, what: str = "",
               path: str = "") -> Frame:
        """A one-paragraph frame at the largest of spec.sizes that fits spec.box (else a problem)."""
        color = self.color(spec.color, placeholder=placeholder is not None)
        f = None
        for size in spec.sizes:
            f = self.frame(name, spec.box, [self.para([self.run(text, usage, size, color)], align=align)],
                           anchor=anchor, placeholder=placeholder)
            if self.fits(f, max_lines):
                return f
        self.problem(path, f"{what or name} {shown_text(text)!r} ({len(text)} characters) does not fit its box "
                           f"in {max_lines or 'any number of'} line(s) even at {spec.sizes[-1]:g} pt: shorten it")
        return f

    def rect(self, spec, decor: bool = True, down: float = 0.0) -> Rect:
        x, y, w, h = box_of(spec.box)
        return Rect(box=(x, round(y + down, 2) if down else y, w, h), color=self.color(spec.color), decor=decor)

    def title_frame(self, text: str, path: str = "", sizes: list | None = None) -> Frame:
        """The slide title at the largest size that fits the title box in one line, else in
        ``max_lines``; else at the minimum size in up to ``grow_lines`` lines, the box grown
        downwards (``title_extra`` tells how much the content below moves). Never cut."""
        spec = self.t.title
        color = self.color(spec.color, placeholder=True)
        sizes = sizes or [s for s in spec.sizes if s >= spec.min]
        for max_lines in (1, spec.max_lines):
            for size in sizes:
                f = self.frame("title", spec.box, [self.para([self.run(text, "title", size, color)])],
                               anchor="middle", placeholder="title")
                if self.fits(f, max_lines):
                    return f
        grow = int(spec.grow_lines)
        x, y, w, h = box_of(spec.box)
        f = self.frame("title", (x, y, w, h), [self.para([self.run(text, "title", sizes[-1], color)])],
                       anchor="middle", placeholder="title")
        lines = f.paragraphs[0].lines
        if lines <= grow:
            # whole points, never smaller than the box
            return replace(f, box=(x, y, w, max(h, float(-(-f.height // 1)))))

        # The longest start of the title that fits in ``grow`` lines: a binary search (a longer
        # start never takes fewer lines), so a 20,000-character heading costs ~15 measurements.
        def fits_grow(n: int) -> bool:
            p = self.para([self.run(text[:n], "title", sizes[-1], color)])
            return self.frame("t", (x, y, w, h), [p]).paragraphs[0].lines <= grow

        lo, hi = 1, len(text) - 1  # fits_grow(len(text)) is False
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits_grow(mid):
                lo = mid
            else:
                hi = mid - 1
        self.problem(path, f"slide title {shown_text(text)!r} ({len(text)} characters) needs {lines} lines at the "
                           f"minimum title size {sizes[-1]:g} pt; a title may take {grow}: shorten it to at most "
                           f"{lo} characters")
        return f

    def title_extra(self, f: Frame) -> float:
        """How far a grown title pushes the content below it."""
        return round(max(0.0, f.box[3] - float(self.t.title.box[3])), 2)

    def title_decor(self, extra: float = 0.0) -> tuple[Rect, ...]:
        """The hairline and red bar under a content slide's title (none under a user's template)."""
        if self.user:
            return ()
        spec = self.t.title
        return (self.rect(spec.hairline, down=extra), self.rect(spec.rule, down=extra))

    @staticmethod
    def below(box, extra: float) -> Box:
        """A content box with its top moved down by ``extra`` (its bottom stays)."""
        x, y, w, h = box_of(box)
        return (x, round(y + extra, 2), w, round(h - extra, 2))

    def fill(self, s: Slide) -> float:
        """The share of the body box (``body_top`` to ``body_bottom``, under the title as drawn: a
        grown title moves the top down) that a slide's content covers as drawn, top to bottom:
        text frames to their text's height (anchored at the top), tiles, callouts, tables and
        charts to their boxes (``FILL_FLOOR``)."""
        top, bottom = float(self.t.body_top), float(self.t.body_bottom)
        title = next((f for f in s.frames if f.name == "title"), None)
        if title is not None:
            top += self.title_extra(title)
        spans = []
        for f in s.frames:
            if f.name in ("title", "footer", "slide number") or not f.text.strip():
                continue
            y, h = f.box[1], f.box[3]
            spans.append((y, y + (h if f.indicator else min(h, f.height))))
        spans += [(t.box[1], t.box[1] + t.box[3]) for t in s.tables]
        spans += [(c.box[1], c.box[1] + c.box[3]) for c in s.charts]
        covered, end = 0.0, top
        for a, b in sorted(spans):
            a, b = max(a, end), min(b, bottom)
            if b > a:
                covered, end = covered + b - a, b
        return covered / max(1.0, bottom - top)

    def spoken(self, ind: Indicator) -> str:
        """One indicator as a sentence for the notes: 地区生产总值2286.2亿元，增长12.8%。"""
        return figures.spoken(ind)

    def paragraph_text(self, p) -> str:
        return self.report.render(p.lead or "") + self.report.render(p.text)

    # Footer and notes -----------------------------------------------------------------

    def footer(self, s: Slide, number: int) -> tuple[Frame, Frame]:
        f = self.t.footer
        color = self.color(f.on_accent if s.accent and not self.user else f.color)
        frame = None
        # The footer is ours, not the author's: a long title leaves it, then the issuer is cut short.
        for text in (self.word("footer"), self.report.meta.issuer):
            frame = self.frame("footer", f.text_box, [self.para([self.run(text, "text", f.size, color)])],
                               anchor="middle")
            if self.fits(frame, 1):
                break
        number_frame = self.frame("slide number", f.number_box,
                                  [self.para([self.run(str(number), "text", f.number_size, color)],
                                             align="right", field="slidenum")], anchor="middle")
        return frame, number_frame

    def notes_size(self, s: Slide) -> float:
        """The notes' type size: the largest of ``notes.sizes`` at which the whole text fits the
        notes box of a printed notes page (PowerPoint prints what fits the box and cuts the rest)."""
        spec = self.t.notes
        # PowerPoint wraps the notes itself (anywhere between CJK characters): measured as it breaks.
        fit = self.fit.with_words(False)
        x, y, w, h = box_of(spec.box)
        inset = box_of(spec.inset)
        role = self.role("text")
        # A template that names one size only has that one.
        sizes = [float(v) for v in (spec.sizes if "sizes" in spec.model_fields_set else [spec.size])]
        for size in sizes:
            need = inset[1] + inset[3]
            for line in (s.notes or "").split("\n"):
                need += fit.line_count([(line, role, size)], w - inset[0] - inset[2], self.factor) * size * 1.2
            if need <= h:
                return size
        self.note(f"slide {s.number}: the speaker notes need more than the notes box even at {sizes[-1]:g} pt")
        return sizes[-1]
