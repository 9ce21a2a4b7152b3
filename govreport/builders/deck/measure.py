"""Text measurement for the deck: how many lines a text takes in a box, from real font metrics.

PowerPoint does not autofit a generated file, so the planner decides every size and split
itself. Widths come from the advance widths of the configured font (``Role.width``,
fontTools); lines are broken the way PowerPoint breaks East Asian text: anywhere between CJK
characters, never inside a Latin word or number, never before closing punctuation (，。、）…)
nor after opening punctuation (（“…).

Frames are measured the way they are drawn: every paragraph has an exact line pitch (points)
and a space before it (none for the first), so a frame's height is

    top inset + bottom inset + sum(space before) + sum(lines x pitch).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from ...fonts import load_config

NO_LINE_START = set("，。、；：！？）》」』】〉”’%‰·…—～,.;:!?)]}")
NO_LINE_END = set("（《「『【〈“‘([{")
# East Asian "ambiguous width" characters: full width in 黑体/微软雅黑 when the run is Chinese,
# narrow in some free fonts; measured at least one em so PowerPoint never needs more room.
AMBIGUOUS = set("“”‘’—…·")
WORD_CHAR = re.compile(r"[A-Za-z0-9.,%+\-/'_&#@]")
WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,%+-/'_&#@")  # WORD_CHAR's


@functools.lru_cache(maxsize=None)
def _unit_width(role: str, ch: str) -> float:
    """Advance width of one character at size 1."""
    w = load_config()[role].width(ch, 1.0)
    return max(w, 1.0) if ch in AMBIGUOUS else w


@dataclass(frozen=True)
class Token:
    width: float
    size: float
    space: bool = False


def _cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def tokens(runs, factor: float = 1.0, gap: float = 0.0) -> list[Token]:
    """Unbreakable pieces of a paragraph made of runs (text, role, size).

    ``gap`` (in ems) is added where CJK and Latin letters or digits meet: LibreOffice puts a
    little space there ("spacing between Asian and non-Asian text"), PowerPoint does not; the
    measure takes the wider of the two.
    """
    key = tuple((t, r, z) for t, r, z in runs)
    pieces = _pieces(key, factor, gap) if _cacheable(key) else _pieces.__wrapped__(key, factor, gap)
    return [Token(w, s, sp) for w, s, sp in pieces]


# The caches hold short texts only (titles, labels, bullets: what the planner measures again and
# again); a long text is measured each time, so a 20,000-character heading cannot fill the memory.
CACHE_CHARS = 2000


def _cacheable(runs: tuple) -> bool:
    return sum(len(t) for t, _, _ in runs) <= CACHE_CHARS


@functools.lru_cache(maxsize=1024)
def _pieces(runs: tuple, factor: float, gap: float) -> tuple[tuple[float, float, bool], ...]:
    """(width, size, space) of each unbreakable piece; see ``tokens``. The planner measures the
    same paragraph many times while it tries sizes and splits, hence the cache."""
    pieces: list[list] = []  # [last character, width, size, space]
    prev_ch = ""
    for text, role, size in runs:
        for ch in text:
            if ch == "\n":
                ch = " "
            w = _unit_width(role, ch) * size * factor
            if gap and prev_ch and ((_cjk(prev_ch) and _latin(ch)) or (_cjk(ch) and _latin(prev_ch))):
                w += gap * size
            prev_ch = ch
            if ch.isspace():
                pieces.append([ch, w, size, True])
                continue
            prev = pieces[-1] if pieces else None
            glue = False
            if prev is not None and not prev[3]:
                last = prev[0]
                if ch in WORD_CHARS and last in WORD_CHARS:
                    glue = True  # inside a Latin word or a number
                elif ch in NO_LINE_START:
                    glue = True  # closing punctuation stays with what it closes
                elif last in NO_LINE_END:
                    glue = True  # opening punctuation stays with what it opens
            if glue:
                prev[0] = ch
                prev[1] += w
                prev[2] = max(prev[2], size)
            else:
                pieces.append([ch, w, size, False])
    return tuple((w, z, sp) for _, w, z, sp in pieces)


def wrap(runs, width: float, factor: float = 1.0, gap: float = 0.0) -> list[float]:
    """The lines a paragraph takes in ``width``: one entry per line, its largest font size."""
    key = tuple((t, r, z) for t, r, z in runs)
    if not _cacheable(key):
        return list(_wrap.__wrapped__(key, width, factor, gap))
    return list(_wrap(key, width, factor, gap))


@functools.lru_cache(maxsize=4096)
def _wrap(runs: tuple, width: float, factor: float, gap: float) -> tuple[float, ...]:
    lines: list[float] = []
    cur_w = 0.0
    cur_size = 0.0
    started = False
    pieces = _pieces(runs, factor, gap) if _cacheable(runs) else _pieces.__wrapped__(runs, factor, gap)
    for tok_width, tok_size, tok_space in pieces:
        if tok_space and not started:
            continue  # a space at a line start takes no room
        if started and cur_w + tok_width > width:
            lines.append(cur_size)
            cur_w, cur_size, started = 0.0, 0.0, False
            if tok_space:
                continue
        if tok_width > width:
            # A word longer than the line: PowerPoint breaks it anywhere.
            extra = math.ceil(tok_width / width) - 1
            lines.extend([tok_size] * extra)
            cur_w = tok_width - extra * width
        else:
            cur_w += tok_width
        cur_size = max(cur_size, tok_size)
        started = True
    if started or not lines:
        lines.append(cur_size or max((s for _, _, s in runs), default=0.0))
    return tuple(lines)


def line_count(runs, width: float, factor: float = 1.0, gap: float = 0.0) -> int:
    return len(wrap(runs, width, factor, gap))


def frame_height(paragraphs, width: float, inset, factor: float = 1.0, gap: float = 0.0) -> float:
    """Height a frame needs; paragraphs are dicts with runs, line (pitch), before, indent."""
    h = inset[1] + inset[3]
    for i, p in enumerate(paragraphs):
        runs = [(r["text"], r["role"], r["size"]) for r in p["runs"]]
        avail = width - inset[0] - inset[2] - p.get("indent", 0.0)
        n = line_count(runs, avail, factor, gap)
        p["lines"] = n
        h += (p.get("before", 0.0) if i else 0.0) + n * p["line"]
    return h
