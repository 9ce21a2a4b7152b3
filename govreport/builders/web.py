"""The web page: the whole report as one accessible, self-contained HTML file (``report.html``).

What a government portal publishes, made from the same content as the other outputs: the title
block; the review year's key figures as tiles; the whole text, its parts and areas as headings
(``h2``/``h3`` under the one ``h1``, the title) with anchors and a table of contents; every figure
the text quotes marked up with its value (``<data value="2286.2">2286.2亿元</data>``) so a reader
or a program tells a figure from the words around it; the growth-rate chart as inline SVG with a
title and a description, followed by the same figures as a table; the targets table; the
indicator table (``settings.appendix``); annexes and the glossary (``<dfn>``) when the content has
them; the source and the content's hash in the footer, as the brief has them. With last year's file
(``settings.previous`` / ``--previous``) the review of the year carries, after its overview, the
table of last year's targets against this year's results (``builders/review.py``), its assessment in
words, listed in the contents under the review's part.

Self-contained: the stylesheet (``templates/web.css``, its colours and fonts from
``templates/web.yaml``) is copied in, the chart is SVG in the page, no script, nothing fetched.
Accessible as WCAG 2.1 AA asks (GB/T 37668-2019 builds on it): ``lang``, landmarks, one ``h1``,
headings in order, tables with captions and header cells with ``scope``, text colours checked
against their backgrounds (``contrast`` in the template), text that reflows at 320 CSS px, print
styles for A4. Same content, same bytes: nothing here reads the clock.

The figures the page picks are the brief's: tiles of the headline indicators, the chart of their
growth rates (``brief.chart_bars``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from . import FILENAMES
from .. import figures, selection
from ..errors import ContentError, Problem
from ..model import Indicator, Paragraph, Report
from ..paths import template_path
from ..references import PARTS, REF, TOKEN
from .review import shown

FILENAME = FILENAMES["web"]
TEMPLATE = "web.yaml"
STYLESHEET = "web.css"
NUM = ' class="num"'  # a figures column: right-aligned, its head too

# What a stylesheet copied into the page must not hold: anything that fetches (url(), @import)
# or that ends the <style> element early.
_FETCHES = re.compile(r"@import|url\s*\(|</|expression\s*\(|-moz-binding|behavior\s*:", re.I)


def _t(text: str) -> str:
    """Text content, escaped."""
    return escape(text, quote=False)


def _words(text: str) -> str:
    """Text escaped with a ``<wbr>`` between its words (rjieba), for lines set ``word-break:
    keep-all`` (tile labels, headings, the contents): a narrow screen breaks them between words,
    never 公/共预算."""
    import rjieba

    return "<wbr>".join(_t(w) for w in rjieba.cut(text))


def _a(value: str) -> str:
    """An attribute value, escaped (quotes included)."""
    return escape(str(value), quote=True)


# ------------------------------------------------------------------ the plan (plain data)


@dataclass(frozen=True)
class Tile:
    id: str
    label: str
    prefix: str  # 超过, or the change word of a change-only figure (增长)
    number: str  # 2286.2
    suffix: str  # 亿元, %左右 …
    value: str  # the data value of the big figure
    ref: str  # what the big figure is: gdp (its value) or retail_sales.change (a change-only figure)
    word: str  # the change line's word (增长), '' for none
    change: str  # the change line's figure (12.8%), '' for none
    change_value: str
    direction: int


@dataclass(frozen=True)
class Bar:
    id: str
    label: str
    value: float  # signed: 12.8, -3.2
    text: str  # as the report says it: 12.8%, 下降3.2%


@dataclass(frozen=True)
class Heading:
    anchor: str
    text: str  # plain, for the table of contents
    children: tuple["Heading", ...] = ()


@dataclass
class Page:
    tiles: list[Tile]
    bars: list[Bar]
    targets: list[Indicator]
    indicators: list[tuple[str, list[Indicator]]]  # the indicator table's groups (settings.appendix)
    toc: list[Heading]
    notes: list[str] = field(default_factory=list)
    review: object = None  # govreport.review.Review shown (with pairs), or None


def make_tile(ind: Indicator) -> Tile:
    """A tile's parts from ``figures.tile``: the big number with its words, the change line."""
    t = figures.tile(ind)
    if t.change_only:
        value, ref, word, change, change_value = value_of(ind.change), f"{ind.id}.change", "", "", ""
    else:
        value, ref = value_of(ind), ind.id
        word = figures.change_words(ind.change) if ind.change else ""
        change = figures.change_text(ind.change)
        change_value = value_of(ind.change) if ind.change else ""
    return Tile(ind.id, ind.display_label, t.prefix, t.number, t.suffix, value, ref, word, change, change_value,
                t.direction)


def chart_bars(report: Report, rules: "selection.Rules" = selection.Rules()) -> list[Bar]:
    """The brief's chart: the year's growth rates, largest first (``brief.chart_bars``)."""
    from .brief import chart_bars as brief_bars

    return [Bar(b.id, b.label, b.value, b.text) for b in brief_bars(report, rules)]


def plan(report: Report, ctx) -> Page:
    """What the page shows, as data: tiles, bars, targets, indicator table, table of contents."""
    t = ctx.config.web
    rules = selection.Rules.of(ctx.config)
    tiles = [make_tile(i) for i in selection.tiles(report, rules.tiles)[0]]  # the brief's and the deck's
    bars = chart_bars(report, rules)
    notes = []
    if len(bars) > t.chart.max_bars:
        rest = bars[t.chart.max_bars:]
        notes.append(f"web: chart: {len(rest)} growth rate(s) beyond {t.chart.max_bars} bars left out: "
                     f"{', '.join(b.id for b in rest)} (they stay in the text and the tables)")
        bars = bars[: t.chart.max_bars]
    targets = [i for i in report.target_indicators]
    indicators = report.grouped_indicators(targets=False) if report.settings.appendix else []
    fmt = _fields(report, ctx)
    review = ctx.review if shown("web", report, ctx) else None
    toc: list[Heading] = []
    if tiles or bars:
        toc.append(Heading("figures", t.text.key_figures.format(**fmt)))
    for n, part in enumerate(report.body.parts, 1):
        areas = tuple(Heading(f"part-{n}-{k}", report.render(a.heading)) for k, a in enumerate(part.areas, 1))
        if n == 1 and review is not None:  # with the review of the year, as the deck's slide after its divider
            areas = (Heading(REVIEW_ANCHOR, t.text.review.title.format(year=review.year)),) + areas
        toc.append(Heading(f"part-{n}", report.render(part.heading), areas))
    if targets:
        toc.append(Heading("targets", t.text.targets.format(**fmt)))
    if indicators:
        toc.append(Heading("indicators", t.text.indicators.format(**fmt)))
    for k, annex in enumerate(report.annexes, 1):
        toc.append(Heading(f"annex-{k}", annex_title(annex.label, report.render(annex.title))))
    if report.glossary is not None:
        toc.append(Heading("glossary", annex_title(report.glossary.label, report.glossary.title)))
    return Page(tiles, bars, targets, indicators, toc, notes, review)


REVIEW_ANCHOR = "review"


def annex_title(label: "str | None", title: str) -> str:
    """An annex's heading: its label and its title (附件1　2026年省十件民生实事), or the title alone."""
    return f"{label}　{title}" if label else title


def _fields(report: Report, ctx) -> dict:
    m = report.meta
    return dict(title=m.title, dated_title=figures.dated_title(m.title, m.date.year), subtitle=m.subtitle, issuer=m.issuer, session=m.session, speaker=m.speaker,
                date=figures.date_text(m.date), year=m.date.year, review_year=m.review_year,
                plan_year=m.plan_year, hash=ctx.short_hash)


# ------------------------------------------------------------------ checks of the templates


def luminance(hex_colour: str) -> float:
    """Relative luminance of ``#RRGGBB`` (WCAG 2.1)."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def check_template(ctx) -> str:
    """The stylesheet's rules; ContentError listing every problem: a colour pair below the
    template's minimum contrast, a pair naming no colour, a stylesheet that would fetch."""
    cfg = ctx.config
    t = cfg.web
    colours = t.colours.model_dump()
    problems = []
    for k, (fg, bg) in enumerate(t.contrast.pairs):
        path = f"contrast.pairs[{k}]"
        unknown = [c for c in (fg, bg) if c not in colours]
        if unknown:
            problems.append(cfg.problem(TEMPLATE, path, f"no colour named {', '.join(map(repr, unknown))} "
                                                        f"(colours: {', '.join(colours)})"))
            continue
        ratio = contrast(colours[fg], colours[bg])
        if ratio < t.contrast.min:
            problems.append(cfg.problem(
                TEMPLATE, path, f"{fg} {colours[fg]} on {bg} {colours[bg]} has a contrast of {ratio:.2f}:1, "
                                f"less than {t.contrast.min:g}:1 (WCAG 2.1 AA); darken the text or lighten the background"))
    css_path = template_path(STYLESHEET, ctx.templates)
    shown = cfg.shown.get(TEMPLATE, TEMPLATE).rsplit("/", 1)[0]
    shown = f"{shown}/{STYLESHEET}" if shown != TEMPLATE else STYLESHEET
    try:
        css = css_path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError(Problem(shown, 0, 0, "", "not UTF-8; re-save as UTF-8"))
    except OSError as e:
        raise ContentError(Problem(shown, 0, 0, "", f"cannot read the stylesheet: {e.strerror or e}"))
    # Comments fetch nothing: blanked (same length, so lines and columns stay) before the search.
    rules = re.sub(r"/\*.*?\*/", lambda c: re.sub(r"[^\n]", " ", c.group(0)), css, flags=re.S)
    for m in _FETCHES.finditer(rules):
        line = css.count("\n", 0, m.start()) + 1
        col = m.start() - (css.rfind("\n", 0, m.start()) + 1) + 1
        problems.append(Problem(shown, line, col, "", f"{m.group(0)!r}: the page is one self-contained file; "
                                                      "a stylesheet may not fetch anything or end the <style> element"))
    if problems:
        raise ContentError(problems)
    # The page carries the rules, not the comments written for whoever restyles the file.
    plain = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return "\n".join(line.rstrip() for line in plain.splitlines() if line.strip())


# ------------------------------------------------------------------ markup of text and figures


def value_of(fig) -> str:
    """A ``<data>`` value: the number as typed (2286.2), a range as lower/upper (5/5.5)."""
    upper = getattr(fig, "upper", None)
    return figures.number(fig.value) + (f"/{figures.number(upper)}" if upper is not None else "")


def _data(value: str, text: str, ref: str) -> str:
    return f'<data class="fig" value="{_a(value)}" data-ref="{_a(ref)}">{_t(text)}</data>'


def marked(report: Report, text: str) -> str:
    """A body text as HTML: every ``{id}`` figure in a ``<data>`` element carrying its value."""
    out = []
    pos = 0
    for m in TOKEN.finditer(text):
        out.append(_t(text[pos:m.start()]))
        pos = m.end()
        tok = m.group(0)
        if tok in ("{{", "}}"):
            out.append(_t(tok[0]))
            continue
        r = REF.match(m.group(1).strip())
        iid, part = r.group(1), r.group(2) or ""
        ind = report.indicators[iid]
        piece = PARTS[part](ind)
        if not piece:
            continue
        ref = iid if not part else f"{iid}.{part}"
        if part in ("", "value") and ind.value is not None:
            out.append(_data(value_of(ind), piece, ref))
        elif part == "change" and ind.change is not None:
            out.append(_data(value_of(ind.change), piece, ref))
        elif part == "":  # a target stated in words: marked as a figure, it has no value
            out.append(f'<span class="fig" data-ref="{_a(ref)}">{_t(piece)}</span>')
        else:  # a label or a unit: words
            out.append(_t(piece))
    out.append(_t(text[pos:]))
    return "".join(out)


def target_html(ind: Indicator, prefix: str = "") -> str:
    """A target as ``figures.target_phrase`` writes it, its figures marked: 5%左右，增长8%.
    ``prefix`` before the ids it refers to (``previous.`` for last year's targets)."""
    if figures.qualitative(ind):
        return f'<span class="fig" data-ref="{_a(prefix + ind.id)}">{_t(figures.target_phrase(ind))}</span>'
    bits = []
    if ind.value is not None:
        bits.append(_data(value_of(ind), figures.value_text(ind), prefix + ind.id))
    if ind.change is not None:
        bits.append(change_html(ind, prefix))
    return _t(figures.TARGET_JOINER).join(bits)


def change_html(ind: Indicator, prefix: str = "") -> str:
    """``figures.change_phrase`` with its figure marked: 增长<data value="12.8">12.8%</data>, 比2020年下降…"""
    return _t(figures.change_words(ind.change)) + _data(value_of(ind.change), figures.change_text(ind.change),
                                                       f"{prefix}{ind.id}.change")


def review_cells(pair, words) -> list[str]:
    """A review row's four cells as HTML, reading as ``pair.row_in(words)``: the target's figures
    marked (refs ``previous.<id>``), the result's as this report's figures, the assessment in words
    (one other than met in ``<strong>``: told by its word and its weight, not by a colour)."""
    from ..review import PREFIX, compared

    label, target_text, result_text, word = pair.row_in(words)
    target, result = target_html(pair.target, PREFIX), _t(result_text)
    if pair.result is not None:
        what = compared(pair.target, pair.result)[0]
        if what == "change":
            result = change_html(pair.result)
        elif what == "value":
            result = _data(value_of(pair.result), figures.value_text(pair.result), pair.result.id)
    # the marked cells must read as the row --verify checks; a figure marked otherwise is shown plain
    target = target if _plain(target) == target_text else _t(target_text)
    result = result if _plain(result) == result_text else _t(result_text)
    assessment = _t(word) if pair.met_in(words) else f"<strong>{_t(word)}</strong>"
    return [_t(label), target, result, assessment]


def _plain(html: str) -> str:
    """The text of a cell's HTML (tags dropped, entities read)."""
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", html))


def _is_salutation(p: Paragraph) -> bool:
    from .report import _is_salutation as report_rule  # the report's rule, so both outputs agree

    return report_rule(p)


# ------------------------------------------------------------------ the page


class _Writer:
    def __init__(self, report: Report, ctx, css: str):
        self.report, self.ctx, self.css = report, ctx, css
        self.t = ctx.config.web
        self.fmt = _fields(report, ctx)
        self.page = plan(report, ctx)
        self.out: list[str] = []

    def w(self, *lines: str) -> None:
        self.out.extend(lines)

    def text(self, key: str, **more) -> str:
        return getattr(self.t.text, key).format(**self.fmt, **more)

    # ---- head

    def head(self) -> None:
        m = self.report.meta
        c = self.t.colours.model_dump()
        f = self.t.fonts
        variables = "".join(f"--{k.replace('_', '-')}:{v};" for k, v in c.items())
        variables += f"--font-text:{f.text};--font-heading:{f.heading};--font-title:{f.title};"
        self.w("<!DOCTYPE html>",
               f'<html lang="{_a(m.language or "zh-CN")}">',
               "<head>",
               '<meta charset="utf-8">',
               '<meta name="viewport" content="width=device-width, initial-scale=1">',
               f"<title>{_t(self.text('page_title'))}</title>",
               f'<meta name="author" content="{_a(m.issuer)}">',
               f'<meta name="dcterms.date" content="{m.date.isoformat()}">',
               f'<meta name="dcterms.identifier" content="sha256:{_a(self.ctx.short_hash)}">',
               '<meta name="generator" content="govreport">',
               f"<style>\n:root{{{_t(variables)}}}\n{self.css.strip()}\n</style>",
               "</head>",
               "<body>",
               f'<a class="skip" href="#main">{_t(self.text("skip"))}</a>')

    def masthead(self) -> None:
        m = self.report.meta
        self.w('<header class="masthead"><div class="wrap">',
               f'<p class="issuer">{_t(m.issuer)}</p>',
               f"<h1>{_t(m.title)}</h1>",
               f'<p class="subtitle">{self.segmented(m.subtitle)}</p>',
               f'<p class="speaker">{self.segmented(m.speaker)}</p>',
               "</div></header>")

    def segmented(self, text: str) -> str:
        """A title-block line in pieces that break only after a ``line_breaks`` character that ends
        a word, so a narrow screen breaks it where the printed report does (…第十七届 / 人民代表大会 /
        第五次会议上), never inside 会议."""
        import rjieba

        marks = set(self.t.line_breaks)
        pieces, start, end = [], 0, 0
        for word in rjieba.cut(text):
            end += len(word)
            if word[-1] in marks and end < len(text):
                pieces.append(text[start:end])
                start = end
        pieces.append(text[start:])
        if len(pieces) == 1:
            return _t(text)
        return "".join(f'<span class="seg">{_t(p)}</span>' for p in pieces)

    def toc(self) -> None:
        self.w('<div class="wrap">', '<nav class="toc" aria-labelledby="toc-title">',
               f'<h2 id="toc-title">{_t(self.text("toc"))}</h2>', "<ol>")
        for h in self.page.toc:
            link = f'<a href="#{h.anchor}">{_words(h.text)}</a>'
            if h.children:
                self.w(f"<li>{link}<ol>")
                self.w(*(f'<li><a href="#{c.anchor}">{_words(c.text)}</a></li>' for c in h.children))
                self.w("</ol></li>")
            else:
                self.w(f"<li>{link}</li>")
        self.w("</ol>", "</nav>", "</div>")

    # ---- key figures

    def key_figures(self) -> None:
        p = self.page
        if not (p.tiles or p.bars):
            return
        self.w('<section aria-labelledby="figures">', f'<h2 id="figures">{_t(self.text("key_figures"))}</h2>')
        if p.tiles:
            self.w(f'<ul class="tiles" aria-label="{_a(self.text("tiles_label"))}">')
            for tile in p.tiles:
                self.w(self.tile(tile))
            self.w("</ul>")
        if p.bars:
            self.chart(p.bars)
        self.w("</section>")

    def tile(self, x: Tile) -> str:
        figure = "".join(
            f'<span class="{cls}">{_t(s)}</span>' for cls, s in (("q", x.prefix), ("num", x.number), ("unit", x.suffix)) if s)
        html = [f'<li class="tile"><p class="tile-label">{_words(x.label)}</p>',
                f'<p class="tile-figure"><data class="fig" value="{_a(x.value)}" data-ref="{_a(x.ref)}">{figure}</data></p>']
        if x.change:
            cls = "up" if x.direction > 0 else "down"
            mark = self.t.text.rise_mark if x.direction > 0 else self.t.text.fall_mark
            html.append(f'<p class="tile-change {cls}"><span aria-hidden="true">{_t(mark)}</span>{_t(x.word)}'
                        f'<data value="{_a(x.change_value)}" data-ref="{_a(x.id)}.change">{_t(x.change)}</data></p>')
        html.append("</li>")
        return "".join(html)

    def chart(self, bars: list[Bar]) -> None:
        from .. import textfit

        c = self.t.chart
        title, desc = self.text("chart"), self.text("chart_desc", count=len(bars))
        desc += "；".join(b.label + figures.change_phrase(self.report.indicators[b.id]) for b in bars) + "。"
        pad, w = c.padding, c.width
        vs, ls = c.value_size, c.label_size

        def width(s: str, size: float) -> float:
            return textfit.em_width(s, 0.6) * size

        pos = [b for b in bars if b.value >= 0]
        neg = [b for b in bars if b.value < 0]
        right = max((width(b.text, vs) for b in pos), default=0) + 6
        left = max((width(b.text, vs) for b in neg), default=0) + 6 if neg else 0
        hi = max((b.value for b in pos), default=0)
        lo = -min((b.value for b in neg), default=0)
        span = (hi + lo) or 1
        scale = (w - 2 * pad - right - left) / span
        x0 = pad + left + lo * scale
        row = ls * 1.3 + c.bar_height + c.row_gap
        height = pad * 2 + row * len(bars)
        svg = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {w:g} {height:g}" '
               f'aria-labelledby="chart-title chart-desc" focusable="false">',
               f'<title id="chart-title">{_t(title)}</title>', f'<desc id="chart-desc">{_t(desc)}</desc>']
        for k, b in enumerate(bars):
            top = pad + k * row
            base = top + ls * 1.05
            bar_y = top + ls * 1.3
            length = abs(b.value) * scale
            x = x0 if b.value >= 0 else x0 - length
            cls = "bar" if b.value >= 0 else "bar neg"
            svg.append(f'<text x="{pad:g}" y="{base:.1f}" font-size="{ls:g}">{_t(b.label)}</text>')
            svg.append(f'<rect class="{cls}" x="{x:.1f}" y="{bar_y:.1f}" width="{max(length, 0.5):.1f}" '
                       f'height="{c.bar_height:g}"/>')
            if b.value >= 0:
                tx, anchor = x0 + length + 4, "start"
            else:
                tx, anchor = x0 - length - 4, "end"
            svg.append(f'<text x="{tx:.1f}" y="{bar_y + c.bar_height * 0.8:.1f}" font-size="{vs:g}" '
                       f'text-anchor="{anchor}">{_t(b.text)}</text>')
            # the zero line beside each bar only, so it never crosses a label
            svg.append(f'<line class="axis" x1="{x0:.1f}" y1="{bar_y - 2:.1f}" x2="{x0:.1f}" '
                       f'y2="{bar_y + c.bar_height + 2:.1f}"/>')
        svg.append("</svg>")
        head = self.t.text.chart_head
        self.w('<section aria-labelledby="chart">', f'<h3 id="chart">{_t(title)}</h3>',
               '<figure class="chart">', "".join(svg), "</figure>",
               '<table class="chart-data">', f"<caption>{_t(self.text('chart_table'))}</caption>",
               f'<thead><tr><th scope="col">{_t(head[0])}</th><th scope="col" class="num">{_t(head[1])}</th></tr></thead>',
               "<tbody>")
        for b in bars:
            ind = self.report.indicators[b.id]
            cell = b.text.replace(figures.change_text(ind.change), "\0", 1)
            before, _, after = cell.partition("\0")
            value = value_of(ind.change)
            self.w(f'<tr><th scope="row">{_t(b.label)}</th><td class="num">{_t(before)}'
                   f'{_data(value, figures.change_text(ind.change), b.id + ".change")}{_t(after)}</td></tr>')
        self.w("</tbody>", "</table>", "</section>")

    # ---- the text

    def paragraph(self, p: Paragraph) -> None:
        r = self.report
        if _is_salutation(p):
            self.w(f'<p class="salutation">{marked(r, p.text)}</p>')
            return
        lead = f'<strong class="lead">{marked(r, p.lead)}</strong>' if p.lead else ""
        self.w(f"<p>{lead}{marked(r, p.text)}</p>")

    def heading(self, text: str) -> str:
        """A heading's HTML: its figures marked; one without figures broken between words."""
        return marked(self.report, text) if TOKEN.search(text) else _words(text)

    def body(self) -> None:
        r = self.report
        for p in r.body.opening:
            self.paragraph(p)
        for n, part in enumerate(r.body.parts, 1):
            self.w(f'<section aria-labelledby="part-{n}">', f'<h2 id="part-{n}">{self.heading(part.heading)}</h2>')
            for p in part.intro:
                self.paragraph(p)
            if n == 1:
                self.review()
            for k, area in enumerate(part.areas, 1):
                self.w(f'<section aria-labelledby="part-{n}-{k}">', f'<h3 id="part-{n}-{k}">{self.heading(area.heading)}</h3>')
                for p in area.paragraphs:
                    self.paragraph(p)
                self.w("</section>")
            for p in part.closing:
                self.paragraph(p)
            self.w("</section>")
        for p in r.body.closing:
            self.paragraph(p)

    # ---- tables, annexes, glossary

    def review(self) -> None:
        """Last year's targets against this year's results, in the review of the year after its
        overview (web.yaml ``text.review``)."""
        review = self.page.review
        if review is None:
            return
        w = self.t.text.review
        title = w.title.format(year=review.year)
        self.w(f'<section aria-labelledby="{REVIEW_ANCHOR}">', f'<h3 id="{REVIEW_ANCHOR}">{_words(title)}</h3>',
               '<table class="review">', f"<caption>{_t(title)}</caption>",
               "<thead><tr>" + "".join(f'<th scope="col">{_t(h)}</th>' for h in w.head) + "</tr></thead>", "<tbody>")
        for pair in review.pairs:
            label, target, result, assessment = review_cells(pair, w)
            self.w(f'<tr><th scope="row">{label}</th><td>{target}</td><td>{result}</td><td>{assessment}</td></tr>')
        self.w("</tbody>", "</table>", "</section>")

    def targets(self) -> None:
        if not self.page.targets:
            return
        head = self.t.text.targets_head
        title = self.text("targets")
        self.w('<section aria-labelledby="targets">', f'<h2 id="targets">{_t(title)}</h2>',
               '<table class="targets">', f"<caption>{_t(title)}</caption>",
               f'<thead><tr><th scope="col">{_t(head[0])}</th><th scope="col">{_t(head[1])}</th></tr></thead>', "<tbody>")
        for ind in self.page.targets:
            self.w(f'<tr><th scope="row">{_t(ind.label)}</th><td>{target_html(ind)}</td></tr>')
        self.w("</tbody>", "</table>", "</section>")

    def indicators(self) -> None:
        if not self.page.indicators:
            return
        head = [h.format(**self.fmt) for h in self.t.text.indicators_head]
        title = self.text("indicators")
        self.w('<section aria-labelledby="indicators">', f'<h2 id="indicators">{_t(title)}</h2>',
               '<table class="indicators">', f"<caption>{_t(title)}</caption>",
               "<thead><tr>" + "".join(f'<th scope="col"{NUM if k else ""}>{_t(h)}</th>'
                                       for k, h in enumerate(head)) + "</tr></thead>")
        for group, inds in self.page.indicators:
            self.w("<tbody>", f'<tr class="group"><th scope="rowgroup" colspan="3">{_t(group)}</th></tr>')
            for ind in inds:
                value = _data(value_of(ind), figures.value_text(ind), ind.id) if ind.value is not None else ""
                # under 比上年 only a change against last year; another goes with the label (figures.row_change)
                row = figures.row_change(ind, head[2])
                change = change_html(ind) if row.change else ""
                label = figures.ASIDE.format(label=_t(ind.label), aside=change_html(ind)) if row.aside else _t(ind.label)
                self.w(f'<tr><th scope="row">{label}</th><td class="num">{value}</td><td class="num">{change}</td></tr>')
            self.w("</tbody>")
        self.w("</table>", "</section>")

    def annexes(self) -> None:
        """Each annex after the text, as the report prints them: its label and title as a heading,
        its items numbered as the annex numbers them (the numbers printed, as in the report), or
        its paragraphs."""
        r = self.report
        for k, annex in enumerate(r.annexes, 1):
            self.w(f'<section aria-labelledby="annex-{k}">', f'<h2 id="annex-{k}">{self.annex_heading(annex.label, annex.title)}</h2>')
            if annex.items:
                self.w('<ol class="annex-items">')
                for n, p in enumerate(annex.items, 1):
                    lead = f'<strong class="lead">{marked(r, p.lead)}</strong>' if p.lead else ""
                    self.w(f'<li><span class="item-number">{_t(annex.number(n))}</span>{lead}{marked(r, p.text)}</li>')
                self.w("</ol>")
            for p in annex.paragraphs:
                self.paragraph(p)
            self.w("</section>")

    def annex_heading(self, label: "str | None", title: str) -> str:
        """附件1　2026年省十件民生实事: the label and the title, each its own piece."""
        title_html = f'<span class="annex-title">{self.heading(title)}</span>'
        return f'<span class="annex-label">{_t(label)}</span>　{title_html}' if label else title_html

    def glossary(self) -> None:
        """The glossary as the last annex: each term a ``<dfn>`` with its number, then its explanation."""
        g = self.report.glossary
        if g is None:
            return
        self.w('<section aria-labelledby="glossary">',
               f'<h2 id="glossary">{self.annex_heading(g.label, g.title)}</h2>', '<dl class="glossary">')
        for n, t in enumerate(g.terms, 1):
            self.w(f'<dt id="term-{n}"><span class="item-number">{_t(g.marker(n))}</span><dfn>{_t(t.term)}</dfn></dt>',
                   f"<dd>{_t(t.text)}</dd>")
        self.w("</dl>", "</section>")

    def footer(self) -> None:
        m = self.report.meta
        self.w('<footer class="colophon"><div class="wrap">', f"<p>{_t(self.text('source'))}</p>")
        if m.source:
            self.w(f"<p>{_t(m.source)}</p>")
        hash_line = _t(self.text("hash")).replace(_t(self.ctx.short_hash), f"<code>{_t(self.ctx.short_hash)}</code>")
        self.w(f"<p>{hash_line}</p>", "</div></footer>", "</body>", "</html>")

    def build(self) -> bytes:
        self.head()
        self.masthead()
        self.toc()
        self.w('<main id="main" class="wrap">')
        self.key_figures()
        self.body()
        self.targets()
        self.indicators()
        self.annexes()
        self.glossary()
        self.w("</main>")
        self.footer()
        self.ctx.notes.extend(self.page.notes)
        return ("\n".join(self.out) + "\n").encode("utf-8")


def build(report: Report, ctx) -> bytes:
    """The page as UTF-8 bytes."""
    css = check_template(ctx)
    writer = _Writer(report, ctx, css)
    ctx.quoted = _shown(report, writer.page)
    return writer.build()


def quotes(report: Report, ctx) -> list[str]:
    """Indicators the page shows with their figures: every one the text quotes, the tiles, the
    chart, the targets and the indicator table."""
    return _shown(report, plan(report, ctx))


def _shown(report: Report, p: Page) -> list[str]:
    from ..references import referenced_ids

    ids = referenced_ids(report)
    more = [x.id for x in p.tiles] + [b.id for b in p.bars] + [i.id for i in p.targets]
    more += [i.id for _, inds in p.indicators for i in inds]
    return ids + [i for i in dict.fromkeys(more) if i not in ids]
