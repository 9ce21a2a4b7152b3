"""The one text measurer and line breaker, for every builder that has to know how text sets.

Widths come from the advance widths of the font a role of ``templates/fonts.yaml`` embeds (the
metrics ``fonts.py`` caches by the font file's fingerprint); nothing here guesses from code points.

Lines break the way Word, PowerPoint and WPS break Chinese text:

- anywhere between CJK characters, never inside a Latin word or a number;
- 禁则 (kinsoku): no line starts with closing punctuation (，。、）》” … ``ALL_CANNOT_START`` of
  ``reportlab.lib.textsplit`` and the Chinese full-width marks it lacks) and no line ends with
  opening punctuation (（《“ … ``ALL_CANNOT_END``);
- a number is never parted from its unit: ``%``, ``‰``, ``个百分点`` always, and any unit the
  caller names (the units of the report's indicators: 亿元, 万余次, 元/平方米 …);
- a word longer than the line is broken anywhere, as the renderers do.

``lines(..., balanced=True)`` gives the same number of lines with lengths as even as they can be
(a title or closing line without a lone last character).

Text comes as *runs*: ``(text, role, size)`` triples, so one paragraph may mix sizes and fonts
(a tile's big number and small unit). Widths are multiplied by ``factor`` (room for a renderer
whose digits are wider) and ``gap`` ems are added where CJK meets a Latin letter or digit
(LibreOffice's "space between Asian and non-Asian text").
"""

from __future__ import annotations

import functools
from typing import Iterable, NamedTuple, Sequence

# ReportLab's sets are made for Japanese; the Chinese full-width marks they lack are added here.
EXTRA_CANNOT_START = "，。、；：！？）》」』】〉”’%‰·…—～,.;:!?)]}"
EXTRA_CANNOT_END = "（《「『【〈“‘([{"


@functools.lru_cache(maxsize=1)
def kinsoku() -> tuple[frozenset, frozenset]:
    """(no line starts with, no line ends with): ``reportlab.lib.textsplit``'s ALL_CANNOT_START /
    ALL_CANNOT_END and the Chinese marks they lack. Imported on first use (ReportLab's metrics
    module costs ~50 ms, which a report-only build need not pay)."""
    from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START

    return (frozenset(ALL_CANNOT_START) | frozenset(EXTRA_CANNOT_START),
            frozenset(ALL_CANNOT_END) | frozenset(EXTRA_CANNOT_END))


def __getattr__(name: str):
    if name == "CANNOT_START":
        return kinsoku()[0]
    if name == "CANNOT_END":
        return kinsoku()[1]
    raise AttributeError(name)

# Units that always stay with the number before them.
UNITS = ("个百分点", "%", "‰", "％")
# East Asian "ambiguous width" characters: full width in 黑体/微软雅黑 when the run is Chinese,
# narrow in some free fonts. A measurer for a file another program renders (.pptx, .docx) counts
# them at least one em (``ambiguous_full``); one for the PDF, which draws with the measured font,
# takes the font's own advance.
AMBIGUOUS = frozenset("“”‘’—…·")
# Characters that make up a Latin word or a number (no break inside).
WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,%+-/'_&#@")
DIGITS = frozenset("0123456789")

Run = tuple  # (text, role, size)
# Paragraphs up to this many characters are remembered (titles, labels, bullets: what a planner
# measures again and again while it tries sizes); a longer text is measured each time, so a
# 20,000-character heading cannot fill the memory.
CACHE_CHARS = 2000
CACHE_ENTRIES = 4096


class Piece(NamedTuple):
    """An unbreakable piece of a paragraph: its text, width, largest size, and whether it is a space."""

    text: str
    width: float
    size: float
    space: bool = False


class Line(NamedTuple):
    """One set line: its text, its width (trailing spaces included) and its largest font size."""

    text: str
    width: float
    size: float


def em_width(text: str, half: float = 0.5) -> float:
    """Width of ``text`` counted in ems, not measured: CJK and full-width forms 1, Latin letters,
    digits and ASCII ``half``. For a file another program sets with fonts we cannot know (the
    .docx): the count is the same on every machine, so the file is too."""
    return sum(half if ord(c) < 0x2000 else 1.0 for c in text)


def _cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class Measurer:
    """Widths and line breaks with the fonts of one ``FontConfig``.

    Character widths and broken paragraphs are memoised on this object; get one per font set
    with ``measurer(fonts)`` (keyed by the font files' fingerprints, so a changed template or
    font gives a new one).
    """

    def __init__(self, fonts, units: Iterable[str] = (), *, ambiguous_full: bool = False):
        self.fonts = fonts
        self.ambiguous_full = ambiguous_full
        self.units = tuple(sorted(set(UNITS) | {u for u in units if u}, key=len, reverse=True))
        self._unit_widths: dict[tuple[str, str], float] = {}
        self._tables: dict[str, tuple[dict, int]] = {}
        self._pieces: dict[tuple, tuple[Piece, ...]] = {}
        self._lines: dict[tuple, tuple[Line, ...]] = {}
        self.cannot_start, self.cannot_end = kinsoku()

    def with_units(self, units: Iterable[str]) -> "Measurer":
        """A measurer that also keeps these units with their numbers (shares nothing mutable)."""
        return Measurer(self.fonts, set(self.units) | set(units), ambiguous_full=self.ambiguous_full)

    # Widths ---------------------------------------------------------------------------

    def char_width(self, role: str, ch: str) -> float:
        """Advance width of one character at size 1, in ems."""
        key = (role, ch)
        w = self._unit_widths.get(key)
        if w is None:
            table = self._tables.get(role)
            if table is None:  # the role's advance widths, looked up once (fonts caches them by fingerprint)
                from .fonts import _advances

                f = self.fonts[role].file
                table = self._tables[role] = _advances(f.path, f.index)
            widths, upem = table
            w = widths.get(ord(ch), upem) / upem  # as Role.width: full width for an unknown character
            if self.ambiguous_full and ch in AMBIGUOUS:
                w = max(w, 1.0)
            self._unit_widths[key] = w
        return w

    def width(self, text: str, role: str, size: float) -> float:
        """Advance width of ``text`` in ``role`` at ``size`` (the unit of ``size``; no factor, no gap)."""
        cw = self.char_width
        return sum(cw(role, ch) for ch in text) * size

    def runs_width(self, runs: Sequence[Run], factor: float = 1.0, gap: float = 0.0) -> float:
        """Width of runs set on one line."""
        return sum(p.width for p in self.pieces(runs, factor, gap))

    # Pieces ---------------------------------------------------------------------------

    def pieces(self, runs: Sequence[Run], factor: float = 1.0, gap: float = 0.0) -> tuple[Piece, ...]:
        """The unbreakable pieces of a paragraph made of runs."""
        return self._pieces_of(tuple((t, r, float(z)) for t, r, z in runs), factor, gap)

    def _pieces_of(self, rkey: tuple, factor: float, gap: float) -> tuple[Piece, ...]:
        key = (rkey, factor, gap)
        got = self._pieces.get(key)
        if got is None:
            got = self._make_pieces(rkey, factor, gap)
            if sum(len(t) for t, _, _ in rkey) <= CACHE_CHARS:
                if len(self._pieces) >= CACHE_ENTRIES:
                    self._pieces.clear()
                self._pieces[key] = got
        return got

    def _make_pieces(self, runs: tuple, factor: float, gap: float) -> tuple[Piece, ...]:
        text = "".join(t for t, _, _ in runs)
        cannot_start, cannot_end = self.cannot_start, self.cannot_end
        widths, char_width, units = self._unit_widths, self.char_width, self.units
        glue_until = -1  # characters up to this index are glued to the piece before (a unit)
        out: list[list] = []  # [text, width, size, space]
        prev: list | None = None  # the last piece when it is not a space
        prev_ch = ""
        i = -1
        for t, role, size in runs:
            scale = size * factor
            for ch in t:
                i += 1
                if ch == "\n":
                    ch = " "
                w = widths.get((role, ch))
                if w is None:
                    w = char_width(role, ch)
                w *= scale
                if gap and prev_ch and ((_cjk(prev_ch) and _latin(ch)) or (_cjk(ch) and _latin(prev_ch))):
                    w += gap * size
                last = prev_ch
                prev_ch = ch
                if ch.isspace():
                    out.append([ch, w, size, True])
                    prev = None
                    continue
                glue = False
                if prev is not None:
                    if i <= glue_until:
                        glue = True  # the rest of a unit
                    elif ch in WORD_CHARS and last in WORD_CHARS:
                        glue = True  # inside a Latin word or a number
                    elif ch in cannot_start:
                        glue = True  # closing punctuation stays with what it closes
                    elif last in cannot_end:
                        glue = True  # opening punctuation stays with what it opens
                    elif last in DIGITS:
                        for u in units:
                            if text.startswith(u, i):
                                glue, glue_until = True, i + len(u) - 1
                                break
                if glue:
                    prev[0] += ch
                    prev[1] += w
                    if size > prev[2]:
                        prev[2] = size
                else:
                    prev = [ch, w, size, False]
                    out.append(prev)
        return tuple(map(Piece._make, out))

    # Lines ----------------------------------------------------------------------------

    def lines(self, runs: Sequence[Run], width: float, factor: float = 1.0, gap: float = 0.0, *,
              balanced: bool = False) -> list[Line]:
        """The lines a paragraph takes in ``width``. ``balanced``: as many lines as the greedy break
        gives, but as even as they can be (the narrowest width that still gives that many)."""
        rkey = tuple((t, r, float(z)) for t, r, z in runs)
        key = (rkey, float(width), factor, gap, balanced)
        got = self._lines.get(key)
        if got is not None:
            return list(got)
        scale = 1.0
        if len(rkey) == 1 and rkey[0][2] > 0:
            # One run (most text): its pieces set at size 1 are the same at any size, scaled, so a
            # planner trying sizes splits the text once. Widths scale with the size, gap included.
            (text, role, scale), = rkey
            rkey_set, width = ((text, role, 1.0),), float(width) / scale
        else:
            rkey_set = rkey
        pieces = self._pieces_of(rkey_set, factor, gap)
        out = self._greedy(pieces, float(width), rkey_set)
        if balanced and len(out) > 1:
            n, lo, hi = len(out), max(p.width for p in pieces), float(width)
            lo = max(lo, sum(p.width for p in pieces) / n)
            if lo < hi:
                for _ in range(16):
                    mid = (lo + hi) / 2
                    if len(self._greedy(pieces, mid, rkey_set)) <= n:
                        hi = mid
                    else:
                        lo = mid
                out = self._greedy(pieces, hi, rkey_set)
        if scale != 1.0:
            out = tuple(Line(t, w * scale, z * scale) for t, w, z in out)
        if sum(len(t) for t, _, _ in rkey) <= CACHE_CHARS:
            if len(self._lines) >= CACHE_ENTRIES:
                self._lines.clear()
            self._lines[key] = out
        return list(out)

    def line_count(self, runs: Sequence[Run], width: float, factor: float = 1.0, gap: float = 0.0) -> int:
        return len(self.lines(runs, width, factor, gap))

    def _greedy(self, pieces: tuple[Piece, ...], width: float, runs) -> tuple[Line, ...]:
        lines: list[Line] = []
        cur: list[str] = []
        cur_w = cur_size = 0.0
        started = False
        for p in pieces:
            text, w, size, space = p
            if space and not started:
                continue  # a space at a line start takes no room
            if started and cur_w + w > width:
                lines.append(Line("".join(cur), cur_w, cur_size))
                cur, cur_w, cur_size, started = [], 0.0, 0.0, False
                if space:
                    continue
            if w > width and not space:
                # A word longer than the line: the renderers break it anywhere.
                for part, pw in self._cut(p, width):
                    if started:
                        lines.append(Line("".join(cur), cur_w, cur_size))
                    cur, cur_w, cur_size, started = [part], pw, size, True
            else:
                cur.append(text)
                cur_w += w
                if size > cur_size:
                    cur_size = size
                started = True
        if started or not lines:
            lines.append(Line("".join(cur), cur_w, cur_size or max((float(z) for _, _, z in runs), default=0.0)))
        return tuple(lines)

    def _cut(self, p: Piece, width: float) -> list[tuple[str, float]]:
        """An over-long piece cut into line-wide parts (widths shared out evenly per character);
        closing punctuation hangs at the end of a part rather than start the next one, and an
        opening bracket never ends one."""
        per = p.width / max(len(p.text), 1)
        parts, cur, w = [], "", 0.0
        for ch in p.text:
            if cur and w + per > width and ch not in self.cannot_start and cur[-1] not in self.cannot_end:
                parts.append((cur, w))
                cur, w = "", 0.0
            cur += ch
            w += per
        parts.append((cur, w))
        return parts


_MEASURERS: dict[tuple, Measurer] = {}


def _fonts_key(fonts) -> tuple:
    from .errors import ContentError
    from .fonts import fingerprint

    key = []
    for name, role in sorted(fonts.roles.items()):
        try:
            f = role.file
        except ContentError:  # no installed font: the build says so when the role is used
            key.append((name, role.embed, None))
            continue
        key.append((name, f.key, fingerprint(f.path)))
    return tuple(key)


def measurer(fonts, *, ambiguous_full: bool = False) -> Measurer:
    """The measurer of a ``FontConfig``, shared between builds while the fonts stay the same:
    keyed by role, font file and the file's fingerprint, so an edited fonts.yaml or a replaced
    font file gives a new one. ``ambiguous_full``: count “”‘’—…· at least one em (a file another
    program renders with its own fonts)."""
    key = (_fonts_key(fonts), ambiguous_full)
    m = _MEASURERS.get(key)
    if m is None:
        if len(_MEASURERS) >= 8:
            _MEASURERS.clear()
        m = _MEASURERS[key] = Measurer(fonts, ambiguous_full=ambiguous_full)
    return m


def units_of(indicators: Iterable) -> set[str]:
    """What follows the number in each indicator's figure (亿元, 万余次, %左右, 个百分点 …): the units
    a line break must not part from their numbers."""
    from .figures import split_value

    out: set[str] = set()
    for ind in indicators:
        _, _, suffix = split_value(ind)
        if suffix:
            out.add(suffix)
            if ind.unit:
                out.add(ind.unit)
        if ind.change is not None:
            out.add(ind.change.unit)
    return out
