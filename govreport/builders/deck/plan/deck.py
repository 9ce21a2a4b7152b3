"""The deck's slides in order: the title slide, at a glance, the charts, each part's divider, the
targets and the part's areas, the closing; then numbers, footers and the notes' size."""

from __future__ import annotations

import re

from .... import figures, selection
from ....errors import ContentError
from ....model import Area, Indicator
from ..shapes import Cell, Chart, Frame, Row, Series, Slide, Table, replace
from .areas import Areas, Point, cut, sentences
from .base import FILL_FLOOR, SPLIT_FILL, SUBSTANCE_FLOOR, box_of, date_text, ref_ids, strip_end, substance
from .look import one_look


# Fewer characters than this left of the sentence stating one or two tiles, without their labels
# and figures, say nothing the tiles do not (过去一年，全区…达到): the slide shows the tiles alone.
SAYS_MORE = 10


class _Spec:
    """A box and sizes for ``fitted`` (the targets' sentence: the room under the table)."""

    def __init__(self, box, sizes, color: str = "ink"):
        self.box, self.sizes, self.color = box, sizes, color


class Planner(Areas):
    # Opening slides ---------------------------------------------------------------------

    def title_slide(self) -> Slide:
        m = self.report.meta
        ts = self.t.title_slide
        frames = (
            self.fitted("issuer", m.issuer, ts.issuer, "text", max_lines=1, align="center", anchor="bottom",
                        what="title slide: issuer", path="meta.issuer"),
            self.fitted("title", m.title, ts.title, "title", max_lines=1, align="center", anchor="middle",
                        placeholder="title", what="title slide: title", path="meta.title"),
            self.fitted("subtitle", self.report.render(m.subtitle), ts.subtitle, "text", max_lines=2,
                        align="center", placeholder="subtitle", what="title slide: subtitle", path="meta.subtitle"),
            self.fitted("speaker", m.speaker, ts.speaker, "title", max_lines=1, align="center", anchor="middle",
                        what="title slide: speaker", path="meta.speaker"),
            self.fitted("date", date_text(m.date), ts.date, "text", max_lines=1, align="center",
                        what="title slide: date", path="meta.date"),
        )
        notes = "\n".join(self.report.render(p.lead or "") + self.report.render(p.text)
                          for p in self.report.body.opening)
        shapes = () if self.user else (self.rect(ts.band), self.rect(ts.rule))
        return Slide(kind="title", layout=self.layout("title"), title=m.title, frames=frames, shapes=shapes,
                     notes=notes)

    def glance_slide(self) -> Slide | None:
        """The review year's headline figures as tiles (``selection.tiles``), every one of them:
        the review's summary is no area, so a headline figure left off here is shown large nowhere.
        Fewer than ``chart.min_bars`` (one or two) stand in one row, centred, each as wide as a tile
        of a row of that many and ``tiles.few_scale`` larger where they fit; under them the
        report's sentence stating them, when it says more than the tiles (``says_more``)."""
        spec = self.t.tiles
        inds, left = selection.tiles(self.report, self.rules.tiles)
        if not inds:
            return None
        if left:
            self.note("at a glance shows the first %d headline indicators; not as tiles: %s"
                      % (self.rules.tiles, ", ".join(i.id for i in left)))
        # a level with its change stated apart is one tile with it (selection.with_level)
        self.shown_as.update({i.id: i for i in inds if i != self.report.indicators.get(i.id)})
        title = self.word("glance")
        tf = self.title_frame(title, "templates/deck.yaml: text.glance")
        extra = self.title_extra(tf)
        labels = selection.distinct_labels(self.report, inds)
        if len(inds) < self.rules.least:
            few = self.few_tiles(inds, labels, extra)
            if few is not None:
                return Slide(kind="glance", layout=self.layout("plain"), title=title, frames=(tf,) + few,
                             shapes=self.title_decor(extra), callouts=tuple(i.id for i in inds),
                             notes="\n".join(self.spoken(i) for i in inds))
        n = len(inds)
        cols = 3 if n in (5, 6, 9) else min(n, 4)
        width_of = max(cols, self.rules.least)  # one or two tiles that do not fit larger: as wide as a row of least
        rows = -(-n // cols)
        bx, by, bw, bh = self.below(spec.box, extra)
        gap = float(spec.gap)
        tw = (bw - gap * (width_of - 1)) / width_of
        th = min(float(spec.height), (bh - gap * (rows - 1)) / rows)
        top = by + (bh - (rows * th + gap * (rows - 1))) / 2
        boxes = self.tile_boxes(n, cols, (bx, bw), top, tw, th, gap)
        # Each tile takes the largest figure size at which it fits (a long unit does not shrink the rest).
        tiles = []
        for k, ind in enumerate(inds):
            f = self.fit_tile(ind, boxes[k], spec, f"tile {ind.id}", labels[ind.id], f"slide {title!r}, tile {ind.id}")
            if f is None:
                where = f"slide {title!r}, tile {ind.id}"
                self.problem(f"indicators.{ind.id}", self.figure_advice(ind, boxes[k], spec, where))
                f = self.figure_frame(ind, boxes[k], spec, spec.value_sizes[-1], f"tile {ind.id}")
            tiles.append(f)
        self.placed.update(i.id for i in inds)
        return Slide(kind="glance", layout=self.layout("plain"), title=title, frames=(tf,) + tuple(tiles),
                     shapes=self.title_decor(extra), callouts=tuple(i.id for i in inds),
                     notes="\n".join(self.spoken(i) for i in inds))

    @staticmethod
    def tile_boxes(n: int, cols: int, across, top: float, tw: float, th: float, gap: float) -> list:
        """Boxes of ``n`` tiles in rows of ``cols`` from ``top``, each row centred in ``across`` (x, w)."""
        bx, bw = across
        boxes = []
        for k in range(n):
            r, c = divmod(k, cols)
            in_row = min(cols, n - r * cols)
            left = bx + (bw - (in_row * tw + gap * (in_row - 1))) / 2  # centre a short last row
            boxes.append((round(left + c * (tw + gap), 2), round(top + r * (th + gap), 2), round(tw, 2), round(th, 2)))
        return boxes

    def few_tiles(self, inds: list[Indicator], labels: dict[str, str], extra: float) -> tuple[Frame, ...] | None:
        """One or two tiles in a row, centred with the sentence stating them (when it says more
        than they do) under them, the block centred in the tiles' box: at ``tiles.few_scale`` if
        they and the sentence fit so, else at the template's sizes; every tile at one figure size,
        its whole label. None when they fit neither way (the grid then plans them as any tiles)."""
        base = self.t.tiles
        k = float(base.few_scale)
        big = base.model_copy(update={
            "value_sizes": [round(v * k) for v in base.value_sizes], "unit_min": round(float(base.unit_min) * k),
            "label_size": round(float(base.label_size) * k), "change_size": round(float(base.change_size) * k),
            "height": round(float(base.height) * k), "space": round(float(base.space) * k, 1)})
        ids = {i.id for i in inds}
        said = self.stating_sentence(ids)
        if said and not self.says_more(said, inds):
            said = ""
        bx, by, bw, bh = self.below(base.box, extra)
        gap = float(base.gap)
        least = max(self.rules.least, len(inds))
        tw = (bw - gap * (least - 1)) / least
        sizes = [float(x) for x in self.t.bullets.sizes]
        # larger tiles only where the sentence keeps the size of the deck's points beside them
        at_least = float(getattr(self, "bullet_size", sizes[0]) or sizes[0])
        for spec in ((big, base) if k > 1 else (base,)):
            th = min(float(spec.height), bh)
            sentence = None
            if said:
                space = 2 * gap
                room = (bx, 0.0, bw, round(bh - th - space, 2))
                sentence = self.sentence_frame(said, room, [x for x in sizes if spec is base or x >= at_least])
                if sentence is None:
                    continue
                block = th + space + sentence.height
            else:
                block = th
            top = round(by + (bh - block) / 2, 2)
            boxes = self.tile_boxes(len(inds), len(inds), (bx, bw), top, tw, th, gap)
            tiles = None
            # one figure size for the row, the largest at which all fit, a unit beside its number first
            for splits, size in [(sp, v) for sp in ((False,), (False, True)) for v in spec.value_sizes]:
                tiles = [self.fit_figure(ind, box, spec, f"tile {ind.id}", label=labels[ind.id], sizes=[size],
                                         splits=splits) for ind, box in zip(inds, boxes)]
                if all(t is not None for t in tiles):
                    break
            if tiles is None or not all(t is not None for t in tiles):
                continue
            out = tuple(tiles)
            if sentence is not None:
                y = round(top + th + space, 2)
                sentence = self.sentence_frame(said, (bx, y, bw, round(sentence.height + 1, 2)),
                                               [sentence.paragraphs[0].size])
                out += (sentence,)
            self.placed.update(i.id for i in inds)
            return out
        return None

    def sentence_frame(self, text: str, room, sizes: list[float]) -> Frame | None:
        """The report's sentence in ``room`` at the largest of ``sizes`` that fits (centred when it
        takes one line), its height that of its lines; None when it does not fit."""
        for size in sizes:
            for align in ("center", "left"):
                f = self.frame("statement", room, [self.para([self.run(text, "text", size, self.color("ink"))],
                                                             align=align)])
                if not f.fits:
                    break
                if align == "center" and f.paragraphs[0].lines > 1:
                    continue
                return f
        return None

    def says_more(self, sentence: str, inds: list[Indicator]) -> bool:
        """Whether the sentence stating the tiles' figures says more than the tiles do: what is
        left of it without their labels, figures and changes, and punctuation, is at least
        ``SAYS_MORE`` characters (全市地区生产总值增长4.8%，一般公共预算收入增长4.1%: no)."""
        rest = sentence
        for ind in inds:
            for text in sorted({ind.label, ind.display_label, figures.quoted(ind), figures.change_phrase(ind),
                                figures.change_text(ind.change), ind.change.word if ind.change else ""},
                               key=len, reverse=True):
                if text:
                    rest = rest.replace(text, "", 1)
        rest = re.sub(r"[\s，。；：、！？“”（）()]", "", rest)
        return len(rest) >= SAYS_MORE

    def chart_slide(self, name: str, inds: list[Indicator], values: list[float], *, title: str, series: str,
                    color: str, maximum: float | None = None) -> Slide:
        """A bar chart of figures of one kind, largest first. A fall is a bar below zero in the fall
        colour, labelled as the report says it (下降3.2%), and the category labels then stand at the
        low end of the axis, clear of the bars."""
        spec = self.t.chart
        order = sorted(range(len(inds)), key=lambda k: -values[k])
        inds, values = [inds[k] for k in order], [values[k] for k in order]
        if len(inds) > spec.max_categories:
            self.note(f"chart {title!r} shows the first {spec.max_categories} of {len(inds)} indicators")
            inds, values = inds[: spec.max_categories], values[: spec.max_categories]
        tf = self.title_frame(title, "templates/deck.yaml: text")
        extra = self.title_extra(tf)
        bx, by, bw, bh = self.below(spec.box, extra)
        h = min(bh, max(float(spec.min_height), len(inds) * float(spec.bar_pitch) + 40))
        box = (bx, round(by + (bh - h) / 2, 2), bw, h)
        falls = [v < 0 for v in values]
        labels = selection.distinct_labels(self.report, inds)
        chart = Chart(
            name=name,
            box=box,
            title=title,
            categories=tuple(labels[i.id] for i in inds),
            series=(Series(name=series, values=tuple(values)),),
            ids=tuple(i.id for i in inds),
            number_format=spec.number_format,
            max=maximum,
            color=self.color(color),
            # per bar: the fall colour and the report's words for a fall (None: the number format)
            point_colors=tuple(self.color("fall") if f else None for f in falls),
            point_labels=tuple(figures.bar_label(i) if f else None for i, f in zip(inds, falls)),
            labels_low=any(falls),
            label_size=float(spec.label_size),
            data_label_size=float(spec.data_label_size),
            gap_width=int(spec.gap_width),
            label_role=self.role("text"),
            figure_role=self.role("figure"),
            label_color=self.color("ink"),
            axis_color=self.color("chart_axis"),
        )
        self.placed.update(i.id for i in inds)
        return Slide(kind="chart", layout=self.layout("plain"), title=title, frames=(tf,),
                     shapes=self.title_decor(extra), charts=(chart,), notes="\n".join(self.spoken(i) for i in inds))

    def growth_chart(self) -> Slide | None:
        """The year's growth rates (``selection.growth_rates``: changes in % of amounts, the headline
        ones first, filled from one group's when they are few), when there are ``chart.min_bars``."""
        inds = selection.growth_rates(self.report, self.rules)
        least = self.rules.least
        if len(inds) < least:
            self.note(f"{len(inds)} growth rate(s) (changes in % of amounts): no growth chart (it needs {least})")
            return None
        values = [figures.bar_value(i) for i in inds]
        return self.chart_slide("growth", inds, values, title=self.word("growth_chart"),
                                series=self.word("growth_series"), color="chart_bar")

    def share_chart(self) -> Slide | None:
        """The year's shares of one measure (``selection.shares``), when there are ``chart.min_bars``."""
        inds = selection.shares(self.report, self.rules)
        least = self.rules.least
        if len(inds) < least:
            if inds:
                self.note(f"{len(inds)} share(s) in %: no share chart (it needs {least}); they stay on their area slides")
            return None
        values = [float(i.value) for i in inds]
        return self.chart_slide("shares", inds, values, title=self.word("share_chart"),
                                series=self.word("share_series"), color="chart_share", maximum=100.0)

    def divider(self, part) -> Slide:
        d = self.t.divider
        title = self.report.render(part.heading)
        k = self.report.body.parts.index(part)
        frame = self.fitted("title", title, d.title, "title", max_lines=2, anchor="bottom",
                            placeholder="title", what="part heading", path=f"body.parts[{k}].heading")
        return Slide(kind="divider", layout=self.layout("divider"), title=title, accent=True, frames=(frame,),
                     shapes=() if self.user else (self.rect(d.band), self.rect(d.rule)),
                     notes="\n".join(self.paragraph_text(p) for p in part.intro))

    # Targets and closing --------------------------------------------------------------

    def target_slides(self) -> list[Slide]:
        inds = self.report.target_indicators
        if not inds:
            return []
        # 力争5%: the aim the text commits it with
        rows = [(ind.label, (ind.aim or "") + figures.target_phrase(ind)) for ind in inds]
        slides = self.table_slides(self.word("targets"), "templates/deck.yaml: text.targets",
                                   [str(x) for x in self.t.text.targets_head], rows,
                                   [(ind.id,) for ind in inds], [self.spoken(i) for i in inds], self.t.targets.columns)
        self.placed.update(i.id for i in inds)
        return slides

    def table_slides(self, title0: str, title_source: str, head_texts: list[str], texts: list[tuple[str, ...]],
                     ids: list[tuple[str, ...]], notes: list[str], columns, *, kind: str = "targets",
                     size: float | None = None, head_size: float | None = None) -> list[Slide]:
        """A table of text rows (the first column left, the others centred) on as few slides as its
        rows, measured as drawn (each row as tall as its wrapped cells), allow at one of the table's
        sizes (``targets.sizes``: the largest that needs that few), split evenly (row counts one
        apart at most), its head on each, the title's slides after the first with （续）; each body
        row's indicators (``ids``) and notes line go with it. A two-column table moves its column
        split from ``columns`` when that wraps fewer lines. ``size``: one size (no other tried)."""
        spec = self.t.targets
        if size is None:
            sizes = [float(x) for x in (spec.sizes or [spec.size])]
            head_sizes = [float(spec.head_size) - (sizes[0] - x) for x in sizes]
        else:
            sizes, head_sizes = [float(size)], [float(spec.head_size if head_size is None else head_size)]
        bx, by, bw, bh = box_of(spec.box)
        inset = box_of(spec.cell_inset)
        ink = self.color("ink")
        head_color = self.color("on_accent")

        def cell(text, usage, size, color, fill, width, align="left") -> Cell:
            f = self.frame("cell", (0, 0, width, 10_000), [self.para([self.run(text, usage, size, color)], align=align)],
                           inset=inset)
            return Cell(paragraphs=f.paragraphs, fill=fill, height=f.height, inset=inset)

        def row(texts, usage, size, color, fill, widths) -> Row:
            cells = tuple(cell(t, usage, size, color, fill, w, "left" if c == 0 else "center")
                          for c, (t, w) in enumerate(zip(texts, widths)))
            return Row(height=round(max(c.height for c in cells) + 1, 2), cells=cells)

        def table_at(z: float, hz: float, widths) -> tuple[Row, list[Row]]:
            body = [row(list(line), "text", z, ink, self.color("table_band" if k % 2 else "table_plain"), widths)
                    for k, line in enumerate(texts)]
            return row(head_texts, "title", hz, head_color, self.color("table_head"), widths), body

        def splits(z: float) -> list[tuple[float, ...]]:
            """The column widths to try: the template's, and for two columns the splits at which the
            widest label, or the widest figure, just takes one line."""
            out = [tuple(round(bw * float(c), 2) for c in columns)]
            if len(columns) == 2:
                pad = inset[0] + inset[2] + 1
                for c in (0, 1):
                    need = max([self.fit.width(t[c], self.role("text"), z) * self.factor for t in texts
                                if len(t) > c] or [0.0]) + pad
                    first = need if c == 0 else bw - need
                    if 0.3 * bw <= first <= 0.7 * bw:
                        out.append((round(first, 2), round(bw - first, 2)))
            return out

        def fewest(head: Row, rows: list[Row], height: float) -> int:
            """The fewest slides the rows take in order (as many on each as fit: the least count)."""
            n, used = 1, head.height
            for r in rows:
                if used > head.height and used + r.height > height:
                    n, used = n + 1, head.height
                used += r.height
            return n

        def even(head: Row, rows: list[Row], height: float, n: int) -> list[list[Row]]:
            """The rows in ``n`` runs, each fitting ``height``, their counts as close as can be."""
            total = len(rows)
            for spread in range(total + 1):
                for lo in range(max(1, total // n - spread), total // n + 1):
                    hi = lo + spread
                    got = cuts(0, n, lo, hi, head, rows, height)
                    if got is not None:
                        return [rows[a:b] for a, b in zip([0] + got, got + [total])]
            return [rows]

        def cuts(start: int, n: int, lo: int, hi: int, head: Row, rows: list[Row], height: float):
            if n == 1:
                k = len(rows) - start
                ok = lo <= k <= hi and head.height + sum(r.height for r in rows[start:]) <= height + 0.01
                return [] if ok else None
            for k in range(lo, hi + 1):
                end = start + k
                if end >= len(rows) or head.height + sum(r.height for r in rows[start:end]) > height + 0.01:
                    break
                rest = cuts(end, n - 1, lo, hi, head, rows, height)
                if rest is not None:
                    return [end] + rest
            return None

        def plan(height: float):
            """(slides, size, widths, head, rows) of the fewest slides at the largest size; for as
            many slides, the widths that wrap the least."""
            best = None
            for z, hz in zip(sizes, head_sizes):
                for widths in splits(z):
                    head, rows = table_at(z, hz, widths)
                    n = fewest(head, rows, height)
                    key = (n, -z, head.height + sum(r.height for r in rows))
                    if best is None or key < best[0]:
                        best = (key, widths, head, rows)
            (n, _, _), widths, head, rows = best
            return even(head, rows, height, n), widths, head

        titles = [self.title_frame(title0, title_source)]
        extra = self.title_extra(titles[0])
        groups, widths, head = plan(bh - extra)
        if len(groups) > 1:
            titles.append(self.title_frame(title0 + self.word("continued"), title_source))
            if self.title_extra(titles[1]) > extra:
                extra = self.title_extra(titles[1])
                groups, widths, head = plan(bh - extra)
        by += extra
        slides = []
        k0 = 0
        for g, group in enumerate(groups):
            title = title0 + (self.word("continued") if g else "")
            table_rows = (head,) + tuple(group)
            th = sum(r.height for r in table_rows)
            shown = range(k0, k0 + len(group))
            table = Table(box=(bx, by, bw, round(th, 2)), columns=widths, rows=table_rows,
                          ids=tuple(x for k in shown for x in ids[k]))
            s = Slide(kind=kind, layout=self.layout("plain"), title=title,
                      frames=(titles[1 if g else 0],), shapes=self.title_decor(extra), tables=(table,),
                      notes="\n".join(notes[k] for k in shown))
            if kind == "targets" and len(groups) == 1 and (substance(s) < SUBSTANCE_FLOOR
                                                            or self.fill(s) < FILL_FLOOR):
                # A few targets: the sentence of the report that states them, under the table.
                said = self.stating_sentence({i.id for i in self.report.target_indicators})
                top = round(by + th + float(self.t.bullets.space_before), 2)
                room = (bx, top, bw, round(float(self.t.body_bottom) - top, 2))
                if said:
                    f = self.fitted("statement", said, _Spec(room, [float(x) for x in self.t.bullets.sizes]), "text",
                                    what="targets: the sentence stating them", path="body")
                    if f.fits:
                        s = replace(s, frames=s.frames + (f,))
            slides.append(s)
            k0 += len(group)
        return slides

    def divider_targets(self, divider: Slide) -> Slide:
        """A divider with the year's targets under its heading (when there are too few for a
        table slide): the sentence of the report stating them, else each target's phrase."""
        inds = self.report.target_indicators
        # as the targets table writes each (figures.target_phrase: value and change alike everywhere)
        said = self.word("targets") + "：" + "；".join(
            i.label + (i.aim or "") + figures.target_phrase(i) if not figures.qualitative(i) else strip_end(i.text)
            for i in inds) + "。"
        d = self.t.divider
        x, y, w, h = box_of(d.title.box)
        ry, rh = float(d.rule.box[1]), float(d.rule.box[3])
        top = round(ry + rh + 16, 2)
        room = (x, top, w, round(float(self.t.body_bottom) - top, 2))
        sizes = [float(v) for v in self.t.bullets.sizes]
        f = self.fitted("statement", said, _Spec(room, sizes, "on_accent_soft"), "text",
                        what="divider: the targets' sentence", path="body")
        return replace(divider, frames=divider.frames + (f,), quoted=tuple(i.id for i in inds),
                       notes=divider.notes + ("\n" if divider.notes else "") + "\n".join(self.spoken(i) for i in inds))

    def stating_sentence(self, ids: set[str]) -> str:
        """The report's sentence quoting most of the figures ``ids`` (the targets, a few headline
        figures), as read, about ``bullets.point_max_chars`` x 2 long (whole clauses); '' when none
        quotes one."""
        best, n = "", 0
        for _, _, p in self.report.paragraphs():
            for x in sentences(p.text):
                k = len(ids & set(ref_ids(x)))
                if k > n:
                    best, n = x, k
        if not best:
            return ""
        return strip_end(self.report.render(self.shorten(best, 2 * int(self.t.bullets.point_max_chars)))) + "。"

    def closing_slide(self) -> Slide:
        c = self.t.closing
        m = self.report.meta
        closing = self.report.body.closing
        text = ""
        if closing:
            last = self.paragraph_text(closing[-1]).strip()
            sentences = [x for x in re.split(r"(?<=[。！？])", last) if x.strip()]
            text = sentences[-1].strip() if sentences else last
        if not text:
            text = self.word("closing_fallback")
        # A closing slide carries a line, not a paragraph: the last clause (with the one before it
        # when it is very short), the rally call that ends a report.
        clauses = [x for x in re.split(r"(?<=[，；：])", text) if x.strip()]
        keep = clauses[-1:] if clauses else [text]
        while len("".join(keep)) < int(c.min_chars) and len(keep) < len(clauses):
            keep = clauses[-len(keep) - 1:]
        text = "".join(keep).strip()
        frames = (
            self.fitted("closing", text, c.text, "title", max_lines=3, align="center", anchor="middle",
                        placeholder="title", what="closing slide: the report's last clause",
                        path="body.closing"),
            self.fitted("issuer", m.issuer, c.issuer, "text", max_lines=1, align="center", placeholder="subtitle",
                        what="closing slide: issuer", path="meta.issuer"),
            self.fitted("date", date_text(m.date), c.date, "text", max_lines=1, align="center",
                        what="closing slide: date", path="meta.date"),
        )
        return Slide(kind="closing", layout=self.layout("title"), title=text, accent=True, frames=frames,
                     shapes=() if self.user else (self.rect(c.band), self.rect(c.rule)),
                     notes="\n".join(self.paragraph_text(p) for p in closing))

    # The whole deck -------------------------------------------------------------------

    def slides(self) -> tuple[Slide, ...]:
        self.area_title_sizes = self.one_title_size()
        self.bullet_size = self.deck_bullet_size()
        out = [self.title_slide()]
        for s in (self.glance_slide(), self.growth_chart(), self.share_chart()):
            if s is not None:
                out.append(s)
        parts = self.report.body.parts
        for k, part in enumerate(parts):
            content = self.part_slides(k, part)
            targets = self.target_slides() if k == self.targets_part() else []
            few = targets and len(self.report.target_indicators) < self.rules.least
            review = []
            if k == 0 and self.review is not None:  # last year's targets, after the review's overview
                from ...review import deck_slides

                review = deck_slides(self, self.review)
            if not (content or review or (targets and not few)):
                continue  # a part with nothing to show: no divider without slides after it
            divider = self.divider(part)
            if few:
                # One or two targets make no table slide: the part's divider states them.
                divider = self.divider_targets(divider)
                targets = []
            out.append(divider)
            out += review + targets + content
        out += self.annex_slides()
        out.append(self.closing_slide())
        out = self.explain_terms(out)
        out = one_look(self, out)  # a row of figures on one baseline
        done = []
        for n, s in enumerate(out, start=1):
            s = replace(s, number=n)
            s = replace(s, notes_size=self.notes_size(s), notes_box=box_of(self.t.notes.box))
            if n > 1:
                s = replace(s, frames=s.frames + self.footer(s, n))
            done.append(s)
        self.check(done)
        # What the deck shows, from the slides kept (a short area's own slides, planned and then
        # shared with its neighbours', show nothing)
        self.placed = {x for s in done for x in s.callouts + s.quoted}
        self.placed |= {x for s in done for c in s.charts for x in c.ids}
        self.placed |= {x for s in done for t in s.tables for x in t.ids}
        missing = [i.id for i in self.report.indicators.values() if i.id not in self.placed]
        if missing:
            shown = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
            self.note(f"{len(missing)} of {len(self.report.indicators)} indicators are in the speaker notes only "
                      f"(no tile, chart, callout or table): {shown}")
        return tuple(done)

    def part_slides(self, k: int, part) -> list[Slide]:
        """A part's content slides: its areas' (short areas sharing slides, ``digest``), or, for a
        part of intro paragraphs only (a review in run-on paragraphs, a five-year plan's part), its
        intro as points under the part's heading."""
        path = f"body.parts[{k}].heading"
        if not part.areas:
            if not part.intro:
                return []
            heading = strip_end(self.report.render(part.heading))
            pseudo = Area(heading=part.heading, paragraphs=part.intro)
            return self.area_slides(part, pseudo, path=path, last=True)
        per_area = [self.area_slides(part, a) for a in part.areas]
        # short: one slide below the substance floor, or covering less than ``FILL_FLOOR`` of its
        # body; two neighbours of one slide each below ``SPLIT_FILL`` (their whole text shown: two
        # half-empty slides in a row) share one too
        fills = [self.fill(sl[0]) if len(sl) == 1 else 1.0 for sl in per_area]
        short = [len(sl) == 1 and (substance(sl[0]) < SUBSTANCE_FLOOR or f < FILL_FLOOR)
                 for sl, f in zip(per_area, fills)]
        half = [f < SPLIT_FILL for f in fills]
        short = [s or (h and ((j and half[j - 1]) or (j + 1 < len(half) and half[j + 1])))
                 for j, (s, h) in enumerate(zip(short, half))]
        # A lone short area shares a slide with a neighbour of one slide (the one before it first).
        for j, is_short in enumerate(short):
            alone = is_short and not (j and short[j - 1]) and not (j + 1 < len(short) and short[j + 1])
            if alone:
                for nb in (j - 1, j + 1):
                    if 0 <= nb < len(per_area) and len(per_area[nb]) == 1:
                        short[nb] = True
                        break
        out: list[Slide] = []
        j = 0
        while j < len(part.areas):
            run = [j]
            while short[j] and j + 1 < len(part.areas) and short[j + 1]:
                j += 1
                run.append(j)
            if len(run) > 1:
                out += self.digest(part, [part.areas[r] for r in run], path, last=run[-1] == len(part.areas) - 1)
            else:
                out += per_area[j]
            j += 1
        return out

    def digest(self, part, areas, path: str, last: bool) -> list[Slide]:
        """Short areas on shared slides: one point per area, its heading as the lead and what it
        says after it (longer when the shared slides would stand half empty: ``fullest``);
        titled by the part's heading, the areas' figures beside them."""
        pm = int(self.t.bullets.point_max_chars)

        def items_of(limit: int, points) -> list[Point]:
            """One point per area, ``limit`` characters of what it says at most (``points``: its points)."""
            items = []
            for area in areas:
                pts = points(area)
                lead = strip_end(self.report.render(area.heading))
                body = "；".join(p.bullet for p in pts)
                text = body if len(body) <= limit else strip_end(self.shorten_text(body, limit))
                ids: list[str] = []
                quoted: list[str] = []
                for p in pts:
                    ids += [x for x in p.ids if x not in ids]
                    quoted += [x for x in p.quoted if x not in quoted]
                paras = tuple(q for p in pts for q in p.paras)
                items.append(Point(lead=lead, text=text or None, bullet=lead + ("：" + text if text else ""),
                                   quoted=tuple(quoted), paras=paras, ids=tuple(ids),
                                   head=self.report.render(area.heading), run_in=area.run_in))
            return items

        heading = strip_end(self.report.render(part.heading))
        # one point stands for a whole area: about two points' length; shorter to share one slide
        # fewer, longer when the shared slides would stand half empty
        items = self.fullest(heading, path, items_of(2 * pm, self.full_points), lambda: (
            [items_of(3 * pm // 2, self.full_points)]
            + [items_of(k * pm, lambda a: self.area_points(a, limit=k * pm, least=4, on=True)) for k in (3, 4)]))
        slides = self.point_slides(heading, path, items, part)
        if part.closing and last:
            slides[-1] = replace(slides[-1], notes=slides[-1].notes + "\n"
                                 + "\n".join(self.paragraph_text(p) for p in part.closing))
        return slides

    def shorten_text(self, text: str, limit: int) -> str:
        """A plain text cut at a clause boundary (，；：) to about ``limit`` characters: whole clauses."""
        out = ""
        for clause in cut(text, "，；："):
            if out and len(out) + len(clause) > limit:
                break
            out += clause
        return out

    # Annexes and the glossary ----------------------------------------------------------

    def annex_slides(self) -> list[Slide]:
        """Each annex after the closing part: a numbered list (民生实事) as numbered points, its
        label and title as the slide's title; an annex of paragraphs as points."""
        out = []
        for k, annex in enumerate(self.report.annexes):
            title = f"{annex.label}　{annex.title}"
            path = f"annexes[{k}].title"
            out += self.point_slides(title, path, self.annex_points(annex, title), None, kind="annex")
        return out

    def explain_terms(self, slides: list[Slide]) -> list[Slide]:
        """The glossary's terms explained in the speaker notes of the slide where each is first
        used (its notes or its points say it): 名词解释：term：text."""
        g = self.report.glossary
        if g is None:
            return slides
        left = list(enumerate(g.terms, 1))
        out = []
        for s in slides:
            said = s.notes + "".join(s.bullets)
            here = [(n, t) for n, t in left if t.term.strip("“”\"") in said or g.marker(n) in said]
            if here:
                left = [x for x in left if x not in here]
                lines = [f"{g.title}：{t.term}：{t.text}" for _, t in here]
                s = replace(s, notes=(s.notes + "\n" if s.notes else "") + "\n".join(lines))
            out.append(s)
        return out

    def check(self, slides) -> None:
        """Every frame fits its box (the last guard: a deck with overflowing text is never written).
        Raises ContentError with the problems found while planning, else with any frame still too tall."""
        for s in ([] if self.problems else slides):
            for f in s.frames:
                if not f.fits:
                    self.problem("", f"slide {s.number} ({s.title!r}): {f.name} {f.text!r} needs "
                                     f"{f.height:.0f} pt in a {f.box[3]:.0f} pt frame: shorten it")
        if self.problems:
            raise ContentError(self.problems)

    def targets_part(self) -> int:
        """The part whose intro states the targets (the one referencing them), else the last part."""
        ids = {i.id for i in self.report.target_indicators}
        for k, part in enumerate(self.report.body.parts):
            for p in part.intro:
                if ids & set(ref_ids((p.lead or "") + "\n" + p.text)):
                    return k
        return len(self.report.body.parts) - 1


__all__ = ["Planner", "Frame"]
