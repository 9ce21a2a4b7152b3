"""The plan: every block measured with the embedded fonts, what goes where decided, and the one
loop that leaves out the lowest-priority rows until the page fits."""

from __future__ import annotations

from dataclasses import replace

from ...errors import ContentError
from ... import figures, selection, textfit
from ...model import Report
from .data import Box, Plan
from .flowables import IndicatorTable, flow
from .fonts import Fonts
from .items import chart_bars, drop_order, fields, fit_tile, make_tile, review_span, span_rows, table_rows, target_items
from .layout import layout, table_column_width
from .template import MM, Template


def plan(report: Report, ctx) -> Plan:
    """Measure every block and decide what goes where; ContentError when the minimum does not fit."""
    return _plan(report, ctx)[0]


def _plan(report: Report, ctx) -> "tuple[Plan, Template, Fonts, IndicatorTable, IndicatorTable | None]":
    """The plan, with the template, fonts and measured tables it was made with (for the drawing):
    the year's, and the span's when it is shown (``_span``)."""
    t = Template(ctx.config)
    review = ctx.review if ctx.review is not None and ctx.review.pairs else None
    inds = list(report.indicators.values()) + (list(review.previous.indicators.values()) if review else [])
    if review is not None:
        from ..review import brief_words
    fonts = Fonts(t, report.characters() + (review.characters(brief_words(t)) if review else ""), textfit.units_of(inds))
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
    label_max = table_column_width(t, cw) * t.num("chart", "label_max_share")
    ls = t.num("chart", "label_size")
    fitted = []
    for b in bars:
        if fonts.width("text", b.label, ls) > label_max:
            short = selection.fit_label(report.indicators[b.id], lambda s: fonts.width("text", s, ls) <= label_max,
                                        notes.append, "chart", label=b.label)
            if short is None:  # no words of it fit: the bar goes, the figure stays in the table
                notes.append(f"chart: the label {b.label!r} of indicator {b.id} does not fit the chart "
                             "(chart.label_max_share) and no words of it do: left out of the chart; give the "
                             "indicator a short: label")
                continue
            b = replace(b, label=short)
        fitted.append(b)
    bars = fitted
    targets = target_items(report)
    head = [fmt(s) for s in t.text("table_head")]
    rows = table_rows(report, head[2])
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
        from ..review import brief_strings

        fonts.check({"strong": brief_strings(t, review), "text": brief_strings(t, review)}, source)

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
        from ..review import brief_min_rows

        min_rows = brief_min_rows(review, min_rows)
    blocks = [b for b, present in (("tiles", bool(tiles)), ("chart", bool(bars)), ("targets", bool(targets))) if present]
    units: list[tuple[float, int, str, object]] = []
    for b in blocks:
        if prio.get(b, 100) < minimum:
            units.append((prio[b], 0, "block", b))
    for n, r in enumerate(drop_order(rows, t, report)[: len(rows) - min_rows]):
        units.append((prio["headline_rows" if r.headline else "rows"], n, "row", r))
    units.sort(key=lambda u: (u[0], u[1]))

    table = IndicatorTable(t, fonts, rows, table_column_width(t, cw), head, continued)
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

    columns = [(box, here) for box, here in zip(best["frames"], placed) if here]
    headings = dict(best["headings"])
    span_table, shown_span, head_frames = None, [], None
    if not dropped and not dropped_blocks and kept and best["frames"]:
        got_span = _span(report, t, fonts, table, kept, best["frames"], ph, f, continued, notes, source)
        if got_span is not None:
            span_table, shown_span, span_placed = got_span
            head_frames = len(columns)
            columns = [(box, here) for box, here in zip(best["frames"], span_placed) if here]
            hd = headings.get("table")
            if hd is not None and len(columns) > head_frames and hd[1].w > table.width:
                # the year's heading over its own columns only: the span's stand under their own
                headings["table"] = (hd[0], Box(hd[1].x, hd[1].top, table.width, hd[1].h))

    m = report.meta
    p = Plan(
        page=(pw, ph), header=header, title=title, title_size=title_size, kicker=kicker,
        subtitle=fmt(t.text("subtitle")), meta_lines=meta_lines,
        tiles=best["tiles"], chart=best["chart"], bars=bars if best["chart"] else [], targets_box=best["targets_box"],
        targets=targets if best["targets_box"] else [], targets_row_pad=best["targets_row_pad"], table=best["table"],
        frames=best["frames"], columns=columns,
        table_widths=list(table.col_widths), rows=kept, dropped=dropped,
        dropped_blocks=dropped_blocks, footer=footer, footer_lines=footer_lines, headings=headings,
        notes=notes, review_box=best.get("review_box"), span_rows=shown_span, head_frames=head_frames,
        info=dict(title=f"{figures.dated_title(m.title, m.date.year)} {kicker}", author=m.issuer, subject=f"{m.session} {m.subtitle}",
                  keywords=f"sha256:{ctx.short_hash}", date=m.date.strftime("D:%Y%m%d000000+08'00'")),
    )
    return p, t, fonts, table, span_table


def _span(report: Report, t: Template, fonts: Fonts, table: IndicatorTable, kept: list, frames: list, ph: float,
          f: dict, continued: str, notes: list[str], source: str):
    """The review span's figures (a 十四五 review's 2021—2025, ``items.review_span``) in the room the
    year's rows leave, under a heading of their own (``text.span_heading``: 2021—2025年主要指标) and a
    column head of their own (``text.span_head``: their change as the report writes it, 年均增长5.9%,
    never under 比上年), after the year's rows in the table's flow: as many as fit, the least needed
    giving way first (``drop_order``); none unless ``table.span_min_rows`` of them fit (or all there
    are). (table, rows shown, flowables placed per frame), or None."""
    span = review_span(report)
    if span is None:
        return None
    fmt = lambda s: s.format(**f, start=span.start, end=span.end)  # noqa: E731
    head = [fmt(s) for s in t.text("span_head")]
    heading = fmt(t.text("span_heading"))
    rows = span_rows(report, span, head[2])
    if not rows:
        return None
    fonts.check({"strong": [heading] + head + [r.group + continued for r in rows],
                 "text": [r.label + r.number + r.unit + r.change for r in rows]}, source)
    stable = IndicatorTable(t, fonts, rows, table.width, head, continued, heading=heading)
    order = drop_order(rows, t, report)
    year = table.story(kept)

    def fitting(n: int):
        gone = {r.id for r in order[: len(rows) - n]}
        keep = [r for r in rows if r.id not in gone]
        left, placed = flow(frames, year + stable.story(keep), ph)
        return None if left else (keep, placed)

    lo = min(int(t.num("table", "span_min_rows")), len(rows))
    best = fitting(lo)
    if best is None:
        return None
    hi = len(rows)
    while lo < hi:  # the most rows that fit
        mid = (lo + hi + 1) // 2
        got = fitting(mid)
        if got is None:
            hi = mid - 1
        else:
            lo, best = mid, got
    keep, placed = best
    notes.append(f"table: the {report.meta.review_year} rows leave room: {heading} shows {len(keep)} of the "
                 f"span's {len(rows)} figures" + ("" if len(keep) == len(rows) else
                                                  " (the least needed left out, as the year's rows would be)"))
    return stable, keep, placed


def _overfull_message(n_tiles: int, n_bars: int, n_targets: int, n_rows: int, min_rows: int) -> str:
    return (
        f"brief: the content does not fit one page even at its minimum: the header, {n_tiles} tiles, "
        f"a chart of {n_bars} bars, {n_targets} targets and {min_rows} of {n_rows} table rows "
        f"(table.min_rows in templates/brief.yaml). Shorten the content (fewer targets or headline "
        f"indicators, shorter labels) or lower table.min_rows."
    )
