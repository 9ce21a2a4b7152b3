"""One look across the deck, once every slide is planned: one bullet size per kind of area slide,
and the figures of a row (tiles at a glance, callouts in a row or a grid) on one baseline."""

from __future__ import annotations

from ..shapes import Frame, Slide, replace
from .tiles import Tiles, value_size

LONG_UNIT = 2  # a unit of more characters may stand under its number in a row of figures


def one_look(p: Tiles, slides: list[Slide]) -> list[Slide]:
    """The slides with one bullet size per kind (``one_bullet_size``) and rows of figures on one
    baseline (``row_baseline``)."""
    return [row_baseline(p, s) for s in one_bullet_size(p, slides)]


def one_bullet_size(p: Tiles, slides: list[Slide]) -> list[Slide]:
    """One bullet size per kind of area slide (``layout_name``: points across the slide, above a
    row of figures, beside a column of them), the deck over: the smallest any slide of that kind
    took, which is the largest at which every one of them fits (each took the largest its points
    fit at). A slide's points are set again at it, in the same box: smaller text, the same slides."""
    least: dict[str | None, float] = {}
    for s in slides:
        f = s.frame("bullets")
        if f is not None:
            size = min(r.size for q in f.paragraphs for r in q.runs)
            least[s.layout_name] = min(least.get(s.layout_name, size), size)
    out = []
    for s in slides:
        f = s.frame("bullets")
        size = least.get(s.layout_name)
        if f is None or all(r.size == size for q in f.paragraphs for r in q.runs):
            out.append(s)
            continue
        paras = [p.para([replace(r, size=size) for r in q.runs], align=q.align, before=q.before, indent=q.indent,
                        bullet=q.bullet) for q in f.paragraphs]
        g = p.frame(f.name, f.box, paras, placeholder=f.placeholder, anchor=f.anchor, inset=f.inset)
        out.append(replace(s, frames=tuple(g if x is f else x for x in s.frames)) if g.fits else s)
    return out


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
                got = [p.fit_figure(p.report.indicators[f.indicator], f.box, spec, f.name,
                                    label=f.paragraphs[f.label_paragraph].runs[-1].text, sizes=[size],
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
