"""One look across the deck, once every slide is planned: the figures of a row (tiles at a glance,
callouts in a row or a grid) on one baseline. (One bullet size the deck over is planned before the
slides are cut: ``areas.Areas.deck_bullet_size``.)"""

from __future__ import annotations

from ..shapes import Frame, Slide, replace
from .tiles import Tiles, value_size

LONG_UNIT = 2  # a unit of more characters may stand under its number in a row of figures


def one_look(p: Tiles, slides: list[Slide]) -> list[Slide]:
    """The slides with their rows of figures on one baseline (``row_baseline``)."""
    return [row_baseline(p, s) for s in slides]


def long_unit(f: Frame) -> bool:
    """A figure whose unit may go under its number: one of more than two characters (元/平方米,
    万人次), not % or 亿元, which a row rather takes at a smaller size."""
    runs = [r for q in f.paragraphs[: f.label_paragraph] for r in q.runs]
    return len(runs) > 1 and runs[-1].size < value_size(f) and len(runs[-1].text) > LONG_UNIT


def row_baseline(p: Tiles, s: Slide) -> Slide:
    """The figures side by side on a slide (tiles or callouts whose boxes share a top) at one
    figure size, the largest at which each fits its box (a long unit beside its number or under it),
    and their text set from the same height: anchored at the top, the tallest centred in the row.
    The numbers of a row then share a baseline. A column of callouts (one a row) is left as it is."""
    spec = p.t.tiles if s.kind == "glance" else p.t.callouts
    rows: dict[float, list[Frame]] = {}
    for f in s.frames:
        if f.indicator and f.label_paragraph is not None:
            rows.setdefault(round(f.box[1], 1), []).append(f)
    new: dict[int, Frame] = {}
    for row in rows.values():
        if len(row) < 2 or len({f.box[3] for f in row}) > 1:
            continue
        frames = row
        if len({value_size(f) for f in row}) > 1:
            for size in spec.value_sizes:
                if size > max(value_size(f) for f in row):
                    continue
                # the figure the tile shows (a level with its change stated apart: both)
                got = [p.fit_figure(p.shown_as.get(f.indicator) or p.report.indicators[f.indicator], f.box, spec,
                                    f.name, label=f.paragraphs[f.label_paragraph].runs[-1].text, sizes=[size],
                                    splits=(False, True) if long_unit(f) else (False,)) for f in row]
                if all(g is not None for g in got):
                    frames = got
                    break
        tallest = max(f.height for f in frames)
        for old, f in zip(row, frames):
            pad = round((f.box[3] - tallest) / 2, 2)
            left, top, right, bottom = f.inset
            new[id(old)] = replace(f, anchor="top", inset=(left, round(top + pad, 2), right, bottom),
                                   height=round(f.height + pad, 2))
    if not new:
        return s
    return replace(s, frames=tuple(new.get(id(f), f) for f in s.frames))
