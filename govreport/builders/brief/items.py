"""From the report to what the brief shows: tiles, table rows (and the order they give way), the
chart's bars and the plan year's targets (the rules the deck shares are ``govreport.selection``)."""

from __future__ import annotations

from dataclasses import replace

from ...errors import ContentError
from ... import figures, selection
from ...model import Indicator, Report
from .data import Bar, Row, Target, Tile
from .fonts import Fonts
from .template import Template


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


def table_rows(report: Report, change_head: str = "比上年") -> list[Row]:
    """The review year's figures by group, ranked within it by what a reader needs first
    (``selection.rank``: amounts with their changes, other changes, amounts, shares, then counts
    by size), each row with its whole label: two rows of a group whose label names two things at
    once read one each (``selection.member_labels``); under a change column headed
    ``change_head`` (比上年) only a change against last year, another (比2020年下降25%) with the
    label (``figures.row_change``); a level and its change stated apart are one row, as one tile
    (``selection.with_level``)."""
    rows = []
    for title, items in report.grouped_indicators(targets=False):
        rows += group_rows(report, title, selection.with_level(report, items), change_head)
    return rows


def group_rows(report: Report, title: str, items: list, change_head: str, headline: bool = True) -> list[Row]:
    """A group's rows, ranked (``selection.rank``), each with its whole label and its change as a
    column headed ``change_head`` holds it (``figures.row_change``); ``headline``: a headline
    figure's number set strong."""
    labels = selection.member_labels(report, items)
    rows = []
    for rank, ind in enumerate(selection.rank(items)):
        figure, unit = figures.columns(ind)
        label = labels[ind.id] if labels[ind.id] != ind.display_label else ind.label
        shown, change, aside = figures.row_change(ind, change_head, label)
        rows.append(Row(ind.id, title, shown, figure, unit, change, headline and ind.headline, rank,
                        shown[len(label):] if aside else ""))
    return rows


def review_span(report: Report):
    """The span of years the review part looks back on (2021-2025 for a 十四五 review): the span of
    most figures that end in the review year (not targets, not results in words); None for none."""
    count: dict = {}
    for ind in report.indicators.values():
        p = ind.period
        if p.span and p.end == report.meta.review_year and not ind.target and not figures.qualitative(ind):
            count[p] = count.get(p, 0) + 1
    return max(count, key=lambda p: (count[p], p.start)) if count else None


def span_rows(report: Report, span, change_head: str = "变化") -> list[Row]:
    """The span's figures (``review_span``: 一般公共预算收入 4398.6亿元, 规上工业增加值 年均增长6.5%), by
    group (not in a group of mostly later years', the plan's), ranked as the year's rows (``selection.rank``), each as the report writes it: its figure
    with its qualifier (突破1.5万亿元, 累计…) and its change in the span's own change column headed
    ``change_head`` (年均增长6.5%, 比2020年下降25%; ``figures.row_change``), never under 比上年."""
    rows = []
    for gid, title in report.groups.items():
        inds = [i for i in report.indicators.values() if i.group == gid and not i.target]
        items = [i for i in inds if i.period == span and not figures.qualitative(i)]
        later = [i for i in inds if i.period.start > report.meta.review_year]
        if not items or len(later) > len(items):  # a group of the plan's years (十五五): what it holds is theirs
            continue
        rows += group_rows(report, title, items, change_head, headline=False)
    return rows


def chart_bars(report: Report, rules: selection.Rules = selection.Rules()) -> list[Bar]:
    """The year's growth rates (``selection.growth_rates``: changes in % of amounts, the headline
    ones first, filled from one group's when they are few; the deck's chart's bars), largest
    first; a fall labelled as the report says it (下降3.2%)."""
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
