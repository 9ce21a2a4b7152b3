"""Text measurement for the deck: how many lines a text takes in a box, from real font metrics.

PowerPoint does not autofit a generated file, so the planner decides every size and split
itself. The measuring and line breaking are ``govreport.textfit``'s (the one measurer of the
three outputs): widths from the advance widths of the configured font of each role, lines broken
as PowerPoint breaks East Asian text — anywhere between CJK characters, never inside a Latin word
or number, never before closing punctuation nor after opening punctuation (``textfit.kinsoku``),
and never between a number and %, ‰ or 个百分点. Ambiguous-width marks (“”—…·) count a full em,
as PowerPoint sets them beside Chinese.

Frames are measured the way they are drawn: every paragraph has an exact line pitch (points)
and a space before it (none for the first), so a frame's height is

    top inset + bottom inset + sum(space before) + sum(lines x pitch).
"""

from __future__ import annotations

from dataclasses import dataclass

from ... import textfit
from ...fonts import load_config

_LAST: list = [None, None]  # (font config, its measurer): one lookup per build, not per text


def measurer() -> textfit.Measurer:
    """The measurer of the build's fonts (``fonts.using``), counting ambiguous marks a full em."""
    cfg = load_config()
    if _LAST[0] is not cfg:
        _LAST[:] = [cfg, textfit.measurer(cfg, ambiguous_full=True)]
    return _LAST[1]


@dataclass(frozen=True)
class Token:
    width: float
    size: float
    space: bool = False


def tokens(runs, factor: float = 1.0, gap: float = 0.0) -> list[Token]:
    """Unbreakable pieces of a paragraph made of runs (text, role, size).

    ``gap`` (in ems) is added where CJK and Latin letters or digits meet: LibreOffice puts a
    little space there ("spacing between Asian and non-Asian text"), PowerPoint does not; the
    measure takes the wider of the two.
    """
    return [Token(p.width, p.size, p.space) for p in measurer().pieces(runs, factor, gap)]


def wrap(runs, width: float, factor: float = 1.0, gap: float = 0.0) -> list[float]:
    """The lines a paragraph takes in ``width``: one entry per line, its largest font size."""
    return [ln.size for ln in measurer().lines(runs, width, factor, gap)]


def line_count(runs, width: float, factor: float = 1.0, gap: float = 0.0) -> int:
    return len(measurer().lines(runs, width, factor, gap))


def frame_height(paragraphs, width: float, inset, factor: float = 1.0, gap: float = 0.0) -> float:
    """Height a frame needs; paragraphs are dicts with runs, line (pitch), before, indent."""
    h = inset[1] + inset[3]
    m = measurer()
    for i, p in enumerate(paragraphs):
        runs = [(r["text"], r["role"], r["size"]) for r in p["runs"]]
        avail = width - inset[0] - inset[2] - p.get("indent", 0.0)
        n = len(m.lines(runs, avail, factor, gap))
        p["lines"] = n
        h += (p.get("before", 0.0) if i else 0.0) + n * p["line"]
    return h
