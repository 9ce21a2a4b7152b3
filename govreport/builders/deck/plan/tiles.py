"""Figures on slides: a tile (at a glance) or a callout (beside, under or in a grid on an area
slide) shows a figure large, its label and its change, at the largest size that fits its box."""

from __future__ import annotations

from .... import figures, selection
from ....model import Indicator
from ..shapes import Cell, Frame, Row, Run, Table, replace
from .base import Base, box_of


def value_size(f: Frame) -> float:
    """The figure's size of a tile or callout frame."""
    return f.paragraphs[0].size


class Tiles(Base):
    def figure_runs(self, ind: Indicator, size: float, small: float, color: str | None) -> list[Run]:
        """The figure as number (large) and qualifier/unit (small): 超过 600 家 (``figures.tile``). A
        figure that is only a change reads as the report says it, never as a level: ▲增长 14 % (▼下降
        in the fall colour)."""
        t = figures.tile(ind)
        prefix = t.prefix
        if t.change_only:
            prefix = self.word("rise" if t.direction > 0 else "fall") + prefix
            color = self.color("rise" if t.direction > 0 else "fall")
        runs = [self.run(prefix, "figure", small, color)] if prefix else []
        runs.append(self.run(t.number, "figure", size, color))
        if t.suffix:
            runs.append(self.run(t.suffix, "figure", small, color))
        return runs

    def change_runs(self, ind: Indicator, size: float) -> list[Run]:
        """The change line under a figure, ▲ 增长12.8% (``figures.tile``); none for a change-only
        figure, which says its change in the figure itself."""
        t = figures.tile(ind)
        if not t.change:
            return []
        up = t.direction > 0
        return [self.run(self.word("rise" if up else "fall") + " ", "text", size, self.color("rise" if up else "fall")),
                self.run(t.change, "text", size, self.color("ink"))]

    def figure_frame(self, ind: Indicator, box, spec, value_size: float, name: str, *,
                     split: bool = False, label: str | None = None, split_change: bool = False) -> Frame:
        """A tile or callout: the figure, its label (wrapped), its change. ``split`` puts the unit
        after the number on a line of its own (a long unit: 元/平方米/年). ``spec``: the template's
        tiles or callouts."""
        unit_min = float(getattr(spec, "unit_min", 18))
        unit_ratio = float(getattr(spec, "unit_ratio", 0.56))
        small = max(unit_min, round(value_size * unit_ratio))
        small = min(small, value_size)
        runs = self.figure_runs(ind, value_size, small, self.color("accent"))
        if split and len(runs) > 1 and runs[-1].size < value_size:
            paras = [self.para(runs[:-1]), self.para(runs[-1:])]
        else:
            paras = [self.para(runs)]
        label_at = len(paras)
        # a wrapped label in even lines, never one character alone; a figure that is not the review
        # year's achievement says so first (力争：…, 目标：…, 2021—2025年：…)
        mark = selection.mark(self.report, ind)
        runs = [self.run(mark + "：", "title", spec.label_size, self.color("accent"), bold=True)] if mark else []
        runs.append(self.run(ind.display_label if label is None else label, "text", spec.label_size, self.color("muted")))
        paras.append(self.para(runs, before=spec.space, balanced=True))
        ch = self.change_runs(ind, spec.change_size)
        if ch and split_change and ind.value is not None:
            # ▲ 提高 / 27.59个百分点: the change's word and its figure on lines of their own.
            word, figure = ind.change.word, figures.change_text(ind.change)
            paras.append(self.para([ch[0], replace(ch[1], text=word)], before=spec.space))
            paras.append(self.para([replace(ch[1], text=figure)]))
        elif ch:
            paras.append(self.para(ch, before=spec.space))
        return self.frame(name, box, paras, inset=spec.inset, fill=self.color("tile"), geometry="rect",
                          anchor="middle", label_paragraph=label_at)

    @staticmethod
    def figure_fits(f: Frame, spec) -> bool:
        p = f.paragraphs
        k = f.label_paragraph if f.label_paragraph is not None else 1
        return (f.fits and all(q.lines == 1 for q in p[:k])
                and p[k].lines <= spec.label_max_lines and all(q.lines == 1 for q in p[k + 1:]))

    def fit_figure(self, ind: Indicator, box, spec, name: str, label: str | None = None,
                   sizes=None, splits=(False, True)) -> Frame | None:
        """The tile or callout at the largest figure size that fits (of ``sizes``, by default the
        template's): unit beside the number, else (a long unit; ``splits``) on its own line; a
        change too long for one line (▲ 提高27.59个百分点) puts its figure on a line of its own.
        None when nothing fits at the smallest size."""
        for split_change in (False, True):
            for split in splits:
                for size in (spec.value_sizes if sizes is None else sizes):
                    f = self.figure_frame(ind, box, spec, size, name, split=split, label=label,
                                          split_change=split_change)
                    if self.figure_fits(f, spec):
                        return f
        return None

    def fit_tile(self, ind: Indicator, box, spec, name: str, label: str | None = None, where: str = "") -> Frame | None:
        """``fit_figure`` under the one label policy (``selection.fit_label``): the label, else one
        derived from it with a note; None when the figure, or every label, does not fit."""
        label = ind.display_label if label is None else label
        f = self.fit_figure(ind, box, spec, name, label=label)
        if f is not None or self.fit_figure(ind, box, spec, "probe", label="") is None:
            return f
        shown = selection.fit_label(ind, lambda s: self.fit_figure(ind, box, spec, "probe", label=s) is not None,
                                    self.note, where or name, label=label)
        return None if shown is None else self.fit_figure(ind, box, spec, name, label=shown)

    def figure_advice(self, ind: Indicator, box, spec, what: str) -> str:
        """Why an indicator's tile or callout cannot fit, and what the author can change."""
        shown = ind.display_label
        if self.fit_figure(ind, box, spec, "probe", label="") is None:
            return (f"{what}: the figure {ind.value_text or ind.change_text!r} of indicator {ind.id} does not fit "
                    f"even at {spec.value_sizes[-1]:g} pt with its unit on a line of its own: use a shorter unit "
                    f"or qualifier")
        # The longest label that fits: a binary search (a longer label never fits where a shorter
        # one does not), so a 1,000-character label costs ~10 tries, not 1,000.
        lo, hi = 1, len(shown)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.fit_figure(ind, box, spec, "probe", label="国" * mid) is not None:
                lo = mid
            else:
                hi = mid - 1
        n = lo
        if len(shown) > 60:
            shown = shown[:40] + "…" + shown[-10:]
        if ind.short:
            return (f"{what}: the short label {shown!r} of indicator {ind.id} ({len(ind.display_label)} characters) "
                    f"does not fit in {spec.label_max_lines} lines: shorten its short: label to at most {n} characters")
        return (f"{what}: the label {shown!r} of indicator {ind.id} ({len(ind.display_label)} characters) does not fit "
                f"in {spec.label_max_lines} lines: give indicator {ind.id} a short: label of at most {n} characters")

    # Callouts on area slides -----------------------------------------------------------

    def callout_frames(self, ids: list[str], extra: float = 0.0, where: str = "") -> list[Frame]:
        """Up to ``callouts.max`` figures beside the bullets, most important first; an indicator whose
        callout does not fit even alone at the smallest size is left out (a note says what to change)."""
        spec = self.t.callouts
        inds = [self.report.indicators[i] for i in ids if i in self.report.indicators]
        order = {ind.id: k for k, ind in enumerate(inds)}
        ranked = sorted(inds, key=lambda i: (not i.headline, i.change is None, order[i.id]))
        cx, cy, cw, ch = self.below(spec.column, extra)
        fitting = []
        for ind in ranked:
            if len(fitting) == spec.max:
                break
            if self.fit_figure(ind, (cx, 0, cw, ch), spec, "probe", label=self.labels_of(inds)[ind.id]) is None:
                self.note(self.figure_advice(ind, (cx, 0, cw, ch), spec, f"{where}: no callout for {ind.id}"))
                continue
            fitting.append(ind)
        chosen = sorted(fitting, key=lambda i: order[i.id])
        gap = float(spec.gap)
        while chosen:
            frames = None
            labels = selection.distinct_labels(self.report, chosen)
            for split in (False, True):
                for size in spec.value_sizes:
                    frames = [self.figure_frame(ind, (cx, 0, cw, ch), spec, size, f"callout {ind.id}", split=split,
                                                label=labels[ind.id])
                              for ind in chosen]
                    if all(self.figure_fits(f, spec) for f in frames):
                        break
                else:
                    continue
                break
            need = max(f.height for f in frames)
            total = need * len(frames) + gap * (len(frames) - 1)
            if total <= ch and all(self.figure_fits(f, spec) for f in frames):
                out = []
                y = cy
                for f, ind in zip(frames, chosen):
                    box = (cx, round(y, 2), cw, round(need + 0.5, 2))
                    out.append(self.figure_frame(ind, box, spec, value_size(f), f"callout {ind.id}", split=split,
                                                 label=labels[ind.id]))
                    y += need + 0.5 + gap
                return out
            drop = max(chosen, key=lambda i: (not i.headline, i.change is None, order[i.id]))
            chosen = [c for c in chosen if c is not drop]
        return []

    def figure_grid(self, inds: list[Indicator], box, where: str) -> list[Frame]:
        """Figures as callouts in a grid of ``callouts.grid_columns`` (a （续） slide of an area's
        figures); a figure that does not fit its cell is left out with a note."""
        spec = self.t.callouts
        cols = min(int(spec.grid_columns), max(1, len(inds)))
        rows = -(-len(inds) // cols)
        bx, by, bw, bh = box_of(box)
        gap = float(spec.gap)
        cw = (bw - gap * (cols - 1)) / cols
        chh = min(float(spec.grid_height), (bh - gap * (rows - 1)) / rows)
        out = []
        labels = selection.distinct_labels(self.report, inds)
        for k, ind in enumerate(inds):
            r, c = divmod(k, cols)
            cell = (round(bx + c * (cw + gap), 2), round(by + r * (chh + gap), 2), round(cw, 2), round(chh, 2))
            f = self.fit_figure(ind, cell, spec, f"callout {ind.id}", label=labels[ind.id])
            if f is None:
                self.note(self.figure_advice(ind, cell, spec, f"{where}: no callout for {ind.id}"))
                continue
            out.append(f)
        return out

    def row_callouts(self, ids: list[str], box, where: str) -> list[Frame]:
        """Up to ``callouts.max`` figures side by side in ``box`` (the row under an area's points)."""
        spec = self.t.callouts
        inds = [self.report.indicators[i] for i in ids][: int(spec.max)]
        if not inds:
            return []
        bx, by, bw, bh = box_of(box)
        gap = float(spec.gap)
        n = len(inds)
        cw = min((bw - gap * (n - 1)) / n, float(spec.column[2]) * 1.2)
        left = bx + (bw - (n * cw + gap * (n - 1))) / 2
        frames = []
        labels = selection.distinct_labels(self.report, inds)
        for k, ind in enumerate(inds):
            cell = (round(left + k * (cw + gap), 2), by, round(cw, 2), bh)
            f = self.fit_figure(ind, cell, spec, f"callout {ind.id}", label=labels[ind.id])
            if f is None:
                return []
            frames.append(f)
        return frames

    def counts_table(self, inds: list[Indicator], box) -> Table | None:
        """Small counts as a table of two label/figure pairs a row (新增市示范性幼儿园 | 1所), as many
        rows as ``box`` holds, in ``inds``' order (the rest stay in the notes); None for none."""
        if not inds:
            return None
        spec = self.t.targets
        bx, by, bw, bh = box_of(box)
        share = float(spec.columns[0])
        half = bw / 2
        widths = (round(half * share, 2), round(half * (1 - share), 2)) * 2
        inset = box_of(spec.cell_inset)
        ink = self.color("ink")
        size = float(spec.size) - 4
        labels = selection.distinct_labels(self.report, inds)

        def cell(text, width, fill, align="left") -> Cell:
            f = self.frame("cell", (0, 0, width, 10_000), [self.para([self.run(text, "text", size, ink)], align=align)],
                           inset=inset)
            return Cell(paragraphs=f.paragraphs, fill=fill, height=f.height, inset=inset)

        rows, ids, used = [], [], 0.0
        for k in range(0, len(inds), 2):
            pair = inds[k:k + 2]
            fill = self.color("table_band" if (k // 2) % 2 else "table_plain")
            cells = []
            for c in range(2):
                ind = pair[c] if c < len(pair) else None
                cells.append(cell(labels[ind.id] if ind else "", widths[2 * c], fill))
                cells.append(cell(figures.quoted(ind) if ind else "", widths[2 * c + 1], fill, "center"))
            row = Row(height=round(max(x.height for x in cells) + 1, 2), cells=tuple(cells))
            if used + row.height > bh:
                break
            rows.append(row)
            ids += [i.id for i in pair]
            used += row.height
        if not rows:
            return None
        return Table(box=(bx, by, bw, round(used, 2)), columns=widths, rows=tuple(rows), ids=tuple(ids))

    def labels_of(self, inds) -> dict[str, str]:
        return selection.distinct_labels(self.report, inds)

    def rank(self, ids: list[str], quoted: set[str]) -> list[str]:
        """The figures worth a callout (``selection.worth_a_tile``: no small count), most important first."""
        order = {x: k for k, x in enumerate(ids)}
        inds = [self.report.indicators[x] for x in ids
                if x in self.report.indicators and selection.worth_a_tile(self.report.indicators[x])]
        return [i.id for i in sorted(inds, key=lambda i: (not i.headline, i.id in quoted, i.change is None,
                                                          order[i.id]))]
