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

A measurer made with ``words=True`` (the deck: read from the back of a room, a line ends at a word)
also keeps together what the segmenter (rjieba, jieba's dictionary, no HMM guesses: the same words
on every machine) calls one word, a number with the measure word after it (6.0版, 18个, 9700余次), a
range (5%—5.5%) and a short quoted name (“十四五”, 《规划》); a word longer than the line is broken
at its parts' boundaries, then anywhere. Its paragraphs never end on a line of one or two
characters: the last line takes the words before it (the line count stays). Every text is
segmented once (``words_of`` is cached).

Text comes as *runs*: ``(text, role, size)`` triples, so one paragraph may mix sizes and fonts
(a tile's big number and small unit). Widths are multiplied by ``factor`` (room for a renderer
whose digits are wider) and ``gap`` ems are added where CJK meets a Latin letter or digit
(LibreOffice's "space between Asian and non-Asian text").
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from itertools import accumulate, compress
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

# A quoted name up to this many characters inside its marks stays on one line (words=True).
QUOTED_MAX = 8
# A number and the word after it of up to this many characters (its measure word) stay together.
MEASURE_MAX = 3
# A last line of this many characters or fewer (punctuation not counted) takes words from the line before.
SHORT_LAST = 2

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


class _Pieces(NamedTuple):
    """A paragraph's pieces as parallel lists (texts, widths, sizes, is-a-space) and the running
    sum of the widths (``prefix[k]``: the first k pieces)."""

    texts: Sequence[str]
    widths: Sequence[float]
    sizes: Sequence[float]
    spaces: Sequence[bool]
    prefix: Sequence[float]
    # words=True: per piece, its parts (text, width) where it may break when wider than a line (the
    # words of a quoted name), or None; () without words.
    parts: Sequence = ()


# The characters of a Latin word or number, two or more in a row (no break inside).
_WORD = re.compile("[" + re.escape("".join(sorted(WORD_CHARS))) + "]{2,}")
# Latin letters and digits in a row (``gap`` is added where they meet CJK).
_LATIN_RUN = re.compile("[A-Za-z0-9]+")
_SPACE = re.compile(r"\s")
# words=True: a quoted name, a number (its measure word follows), a range's dash before a digit.
_QUOTED = re.compile("|".join(f"{a}[^{a}{b}\\s]{{1,{QUOTED_MAX}}}{b}" for a, b in ("“”", "‘’", "《》", "「」", "『』")))
# (a number ending a Latin name, PM2.5 or PM_2.5, is no count: the word after it is not its measure word)
_NUMBER = re.compile(r"(?<![A-Za-z_0-9.,])[0-9](?:[0-9.,]*[0-9])?")
_RANGE_DASH = re.compile(r"(?<=[0-9%‰])[—～~–](?=[0-9])")
_FLIP = bytes([1, 0]) + bytes(254)  # glue flags -> piece starts


class Line(NamedTuple):
    """One set line: its text, its width (trailing spaces included) and its largest font size."""

    text: str
    width: float
    size: float


@functools.lru_cache(maxsize=8192)
def words_of(text: str) -> tuple[str, ...]:
    """The words of ``text`` as the segmenter cuts it (rjieba, dictionary only: no HMM guesses), in
    order; they join to ``text``. Cached: a planner measuring a text at many sizes segments it once."""
    import rjieba

    got = tuple(rjieba.cut(text, False))
    return got if "".join(got) == text else tuple(text)


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

    def __init__(self, fonts, units: Iterable[str] = (), *, ambiguous_full: bool = False, words: bool = False):
        self.fonts = fonts
        self.ambiguous_full = ambiguous_full
        self.words = words
        self.units = tuple(sorted(set(UNITS) | {u for u in units if u}, key=len, reverse=True))
        self._unit_widths: dict[str, dict[str, float]] = {}  # role -> character -> width at size 1
        self._tables: dict[str, tuple[dict, int]] = {}
        self._pieces: dict[tuple, _Pieces] = {}
        self._lines: dict[tuple, tuple[Line, ...]] = {}
        self._with_units: dict[frozenset, Measurer] = {}
        self._with_words: Measurer | None = None
        self.cannot_start, self.cannot_end = kinsoku()

    def with_units(self, units: Iterable[str]) -> "Measurer":
        """A measurer that also keeps these units with their numbers (shares nothing mutable with
        this one). The same units give the same measurer, so a batch or a ``--watch`` rebuild of a
        report measures what it measured before from memory."""
        key = frozenset(units) | frozenset(self.units)
        got = self._with_units.get(key)
        if got is None:
            if len(self._with_units) >= 8:
                self._with_units.clear()
            got = self._with_units[key] = Measurer(self.fonts, key, ambiguous_full=self.ambiguous_full,
                                                   words=self.words)
        return got

    def with_words(self, words: bool) -> "Measurer":
        """This measurer with its units, breaking at words (``words=True``) or anywhere between CJK
        characters as Word and PowerPoint do (text the renderer wraps itself: speaker notes)."""
        if words == self.words:
            return self
        if self._with_words is None:
            self._with_words = Measurer(self.fonts, self.units, ambiguous_full=self.ambiguous_full, words=words)
        return self._with_words

    # Widths ---------------------------------------------------------------------------

    def char_width(self, role: str, ch: str) -> float:
        """Advance width of one character at size 1, in ems."""
        by_char = self._unit_widths.setdefault(role, {})
        w = by_char.get(ch)
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
            by_char[ch] = w
        return w

    def _widths_of(self, role: str, text: str) -> dict[str, float]:
        """The role's width table (character -> width at size 1), holding every character of ``text``."""
        by_char = self._unit_widths.setdefault(role, {})
        for ch in set(text).difference(by_char):
            self.char_width(role, ch)
        return by_char

    def width(self, text: str, role: str, size: float) -> float:
        """Advance width of ``text`` in ``role`` at ``size`` (the unit of ``size``; no factor, no gap)."""
        cw = self.char_width
        return sum(cw(role, ch) for ch in text) * size

    def runs_width(self, runs: Sequence[Run], factor: float = 1.0, gap: float = 0.0) -> float:
        """Width of runs set on one line."""
        return sum(self._pieces_of(_key(runs), factor, gap).widths)

    # Pieces ---------------------------------------------------------------------------

    def pieces(self, runs: Sequence[Run], factor: float = 1.0, gap: float = 0.0) -> tuple[Piece, ...]:
        """The unbreakable pieces of a paragraph made of runs."""
        ps = self._pieces_of(_key(runs), factor, gap)
        return tuple(map(Piece._make, zip(ps.texts, ps.widths, ps.sizes, ps.spaces)))

    def _pieces_of(self, rkey: tuple, factor: float, gap: float) -> "_Pieces":
        key = (rkey, factor, gap)
        got = self._pieces.get(key)
        if got is None:
            got = self._make_pieces(rkey, factor, gap)
            if sum(len(t) for t, _, _ in rkey) <= CACHE_CHARS:
                if len(self._pieces) >= CACHE_ENTRIES:
                    self._pieces.clear()
                self._pieces[key] = got
        return got

    def _make_pieces(self, runs: tuple, factor: float, gap: float) -> "_Pieces":
        """The paragraph cut where a line may break, by regular expressions over the whole text
        rather than a loop over its characters. A character joins the piece before it (no break
        between them) when: both are letters or digits of a Latin word or number; it cannot start
        a line (closing punctuation); the one before cannot end a line (an opening bracket); it
        begins a unit after a digit (the whole unit joins: 12.8|个百分点). A space is a piece of
        its own and nothing joins it. Widths are the characters' advances times size and
        ``factor``, plus ``gap`` ems where CJK meets a Latin letter or digit."""
        text = "".join(t for t, _, _ in runs)
        norm = text.replace("\n", " ")
        n = len(norm)
        if not n:
            return _Pieces((), (), (), (), (0.0,))
        ws: list[float] = []
        one_size = len(runs) == 1
        sizes: list[float] = []
        for t, role, size in runs:
            t = t.replace("\n", " ")
            table = self._widths_of(role, t)
            scale = size * factor
            ws += map(table.__getitem__, t) if scale == 1.0 else [table[ch] * scale for ch in t]
            if not one_size:
                sizes += [size] * len(t)
        if gap:  # the first letter or digit of a Latin run after CJK, and the CJK character after it
            for m in _LATIN_RUN.finditer(norm):
                a, b = m.span()
                for i in (a, b):
                    if 0 < i < n and (ord(norm[i - 1]) if i == a else ord(norm[i])) >= 0x2E80:
                        ws[i] += gap * (runs[0][2] if one_size else sizes[i])

        glue = bytearray(n)  # 1: the character joins the piece before it
        for m in _WORD.finditer(norm):
            a, b = m.span()
            glue[a + 1:b] = b"\x01" * (b - a - 1)
        start_re, end_re, unit_re = self._patterns()
        for m in start_re.finditer(norm):
            glue[m.start()] = 1
        for m in end_re.finditer(norm):
            if m.end() < n:
                glue[m.end()] = 1
        if unit_re is not None:
            pair = bytes(glue)
            until = -1
            for m in unit_re.finditer(text):
                i = m.start()
                if i <= until or pair[i] or norm[i].isspace():
                    continue  # inside a unit already, joined anyway, or a space
                until = i + len(m.group(1)) - 1
                glue[i:until + 1] = b"\x01" * (until + 1 - i)
        phrase = None
        if self.words:
            phrase = self._glue_words(norm, glue)
        for m in _SPACE.finditer(norm):
            i = m.start()
            glue[i] = 0
            if i + 1 < n:
                glue[i + 1] = 0
        glue[0] = 0
        inner = None
        if phrase is not None:  # a quoted name is one piece; where only it joined, the piece's parts part
            inner = bytes(glue)
            for i in compress(range(n), phrase):
                glue[i] = 1  # (a quoted name holds no space: see _QUOTED)
        starts = list(compress(range(n), glue.translate(_FLIP)))
        bounds = list(zip(starts, starts[1:] + [n]))
        texts = [norm[a:b] for a, b in bounds]
        widths = [ws[a] if b - a == 1 else sum(ws[a:b]) for a, b in bounds]
        if one_size:
            piece_sizes = [float(runs[0][2])] * len(texts)
        else:
            piece_sizes = [sizes[a] if b - a == 1 else max(sizes[a:b]) for a, b in bounds]
        spaces = [t.isspace() for t in texts]
        parts: list = []
        if inner is not None:
            for a, b in bounds:
                cuts = [i for i in range(a + 1, b) if not inner[i]]
                if not cuts:
                    parts.append(None)
                    continue
                edges = [a] + cuts + [b]
                parts.append(tuple((norm[x:y], sum(ws[x:y])) for x, y in zip(edges, edges[1:])))
        return _Pieces(texts, widths, piece_sizes, spaces, list(accumulate(widths, initial=0.0)), parts)

    def _glue_words(self, norm: str, glue: bytearray) -> bytearray:
        """words=True: join the characters of each word of the segmenter (CJK words of two or more
        characters), a number and its measure word (the word after it, up to ``MEASURE_MAX``
        characters: 6.0版, 18个, 3.5万人次) and a range across its dash (5%—5.5%) in ``glue``;
        returns the joins of short quoted names (“十四五”), kept apart so an over-long one still
        breaks between its words."""
        n = len(norm)
        at = 0
        word_at: dict[int, str] = {}
        for w in words_of(norm):
            word_at[at] = w
            if len(w) > 1 and _cjk(w[0]) and not any(c.isspace() or c.isascii() for c in w):
                glue[at + 1:at + len(w)] = b"\x01" * (len(w) - 1)
            at += len(w)
        for m in _NUMBER.finditer(norm):
            a, b = m.span()
            w = word_at.get(b)
            if w and len(w) <= MEASURE_MAX and _cjk(w[0]) and all(_cjk(c) and c not in self.cannot_end for c in w):
                glue[a + 1:b + len(w)] = b"\x01" * (b + len(w) - a - 1)
        for m in _RANGE_DASH.finditer(norm):
            glue[m.start()] = 1
            glue[m.end()] = 1
        phrase = bytearray(n)
        for m in _QUOTED.finditer(norm):
            a, b = m.span()
            phrase[a + 1:b] = b"\x01" * (b - a - 1)
        return phrase

    def _patterns(self):
        """(cannot start, cannot end, unit after a digit) as compiled expressions, made once."""
        got = self.__dict__.get("_compiled")
        if got is None:
            def cls(chars) -> str:
                return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"

            unit_re = None
            if self.units:  # longest first, as the loop over units tried them
                unit_re = re.compile(r"(?<=[0-9])(?=(" + "|".join(map(re.escape, self.units)) + "))")
            got = self._compiled = (re.compile(cls(self.cannot_start)), re.compile(cls(self.cannot_end)), unit_re)
        return got

    # Lines ----------------------------------------------------------------------------

    def lines(self, runs: Sequence[Run], width: float, factor: float = 1.0, gap: float = 0.0, *,
              balanced: bool = False) -> list[Line]:
        """The lines a paragraph takes in ``width``. ``balanced``: as many lines as the greedy break
        gives, but as even as they can be (the narrowest width that still gives that many)."""
        rkey = _key(runs)
        key = (rkey, float(width), factor, gap, balanced)
        got = self._lines.get(key)
        if got is not None:
            return list(got)
        rkey_set, width, scale = _at_size_one(rkey, width)
        pieces = self._pieces_of(rkey_set, factor, gap)
        spans: list = []
        out = self._greedy(pieces, width, rkey_set, spans)
        if balanced and len(out) > 1:
            n, lo, hi = len(out), max(pieces.widths), float(width)
            lo = max(lo, sum(pieces.widths) / n)
            if lo < hi:
                for _ in range(16):
                    mid = (lo + hi) / 2
                    if self._fill(pieces, mid) <= n:
                        hi = mid
                    else:
                        lo = mid
                spans = []
                out = self._greedy(pieces, hi, rkey_set, spans)
        if self.words and len(out) > 1 and self._short(out[-1].text):
            out = self._lift(pieces, out, spans, float(width))
        if scale != 1.0:
            out = tuple(Line(t, w * scale, z * scale) for t, w, z in out)
        if sum(len(t) for t, _, _ in rkey) <= CACHE_CHARS:
            if len(self._lines) >= CACHE_ENTRIES:
                self._lines.clear()
            self._lines[key] = out
        return list(out)

    def line_count(self, runs: Sequence[Run], width: float, factor: float = 1.0, gap: float = 0.0) -> int:
        """How many lines ``lines`` gives, counted without making them (speaker notes try sizes)."""
        rkey_set, width, _ = _at_size_one(_key(runs), width)
        return self._fill(self._pieces_of(rkey_set, factor, gap), width)

    def _greedy(self, pieces: "_Pieces", width: float, runs, spans: list | None = None) -> tuple[Line, ...]:
        """Lines filled greedily (see ``_fill``)."""
        lines: list[Line] = []
        self._fill(pieces, width, lines, runs, spans)
        return tuple(lines)

    def _short(self, text: str) -> bool:
        """A line of ``SHORT_LAST`` characters or fewer, punctuation and spaces not counted."""
        skip = self.cannot_start | self.cannot_end
        return sum(1 for c in text if not c.isspace() and c not in skip) <= SHORT_LAST

    def _lift(self, pieces: "_Pieces", lines: tuple[Line, ...], spans: list, width: float) -> tuple[Line, ...]:
        """words=True: a paragraph's last line of one or two characters takes the words at the end
        of the line before it, one at a time, until it is longer (the line count stays; every line
        still fits ``width``); a quoted name too wide to move whole gives its last words. Left as it
        is when the line before would become as short, or either line holds part of a cut word."""
        (b, end_prev, cut_prev), (a, end, cut_last) = spans[-2], spans[-1]
        if cut_prev or cut_last or end_prev > a:
            return lines
        texts, ws, sizes, spaces = pieces.texts, pieces.widths, pieces.sizes, pieces.spaces
        j = a
        while True:
            k = j - 1
            while k > b and spaces[k]:
                k -= 1  # the spaces at the end of the line before stay there
            if k < b or spaces[k]:
                return lines
            if k > b and sum(ws[k:end]) <= width and not self._short("".join(texts[b:k])):
                j = k
                if not self._short("".join(texts[j:end])):
                    break
                continue
            # Too wide to move whole (a quoted name), or the line before would be left empty or
            # short: the last words of that piece move.
            subs = pieces.parts[k] if pieces.parts else None
            if not subs:
                return lines
            rest_t, rest_w = "".join(texts[k + 1:end]), sum(ws[k + 1:end])
            for t in range(len(subs) - 1, 0, -1):
                tail_t, tail_w = "".join(x for x, _ in subs[t:]), sum(w for _, w in subs[t:])
                prev_t = "".join(texts[b:k]) + "".join(x for x, _ in subs[:t])
                if tail_w + rest_w > width or self._short(prev_t):
                    return lines
                if not self._short(tail_t + rest_t):
                    prev = Line(prev_t, sum(ws[b:k]) + sum(w for _, w in subs[:t]), max(sizes[b:k + 1]))
                    last = Line(tail_t + rest_t, tail_w + rest_w, max(max(sizes[k:end]), lines[-1].size))
                    return lines[:-2] + (prev, last)
            return lines
        prev = Line("".join(texts[b:j]), sum(ws[b:j]), max(sizes[b:j]))
        last = Line("".join(texts[j:end]), sum(ws[j:end]), max(max(sizes[j:end]), lines[-1].size))
        return lines[:-2] + (prev, last)

    def _fill(self, pieces: "_Pieces", width: float, lines: list | None = None, runs=(),
              spans: list | None = None) -> int:
        """How many lines the pieces take in ``width``, filled greedily: a line takes pieces while
        its width (summed piece by piece from the line's start) stays within ``width``; spaces at a
        line's start take no room and a space that does not fit is dropped; a piece wider than a
        line is cut (``_cut``). The prefix sums find each line's end by bisection; the width is then
        summed as a loop over the pieces would, and the end moved by a piece if rounding put it on
        the wrong side. With ``lines``, the lines are appended to it (the last at least the size
        of ``runs``); without, they are only counted (a balanced break tries many widths). With
        ``spans``, each line's (first piece, end piece, whether it holds part of a cut piece) is
        appended to it."""
        texts, ws, sizes, spaces, prefix, parts = pieces
        n = len(texts)
        count = 0
        i = 0
        while True:
            while i < n and spaces[i]:
                i += 1  # a space at a line start takes no room
            if i >= n:
                break
            head, head_w, head_size = "", 0.0, 0.0
            if ws[i] > width:
                # A word longer than the line: the renderers break it anywhere.
                cut = self._cut(texts[i], ws[i], width, parts[i] if parts else None)
                count += len(cut) - 1
                if lines is not None:
                    lines += [Line(t, w, sizes[i]) for t, w in cut[:-1]]
                if spans is not None:
                    spans += [(i, i + 1, True)] * (len(cut) - 1)
                (head, head_w), head_size = cut[-1], sizes[i]
                i += 1
                first = i  # the pieces after the cut part fit only if they fit
            else:
                first = i + 1  # the line's first piece goes on it whatever its width
            # The last end whose prefix width fits, then as the loop summed: left to right from head_w.
            e = bisect_right(prefix, prefix[i] + (width - head_w), i) - 1
            if e < first:
                e = first
            cur = sum(ws[i:e], head_w)
            while e > first and cur > width:
                e -= 1
                cur = sum(ws[i:e], head_w)
            while e < n and cur + ws[e] <= width:
                cur += ws[e]
                e += 1
            count += 1
            if spans is not None:
                spans.append((i - 1, e, True) if head else (i, e, False))
            if lines is not None:
                size = max(sizes[i:e], default=0.0)
                if head_size > size:
                    size = head_size
                if e >= n and not size:  # the paragraph's last line has at least the runs' size
                    size = max((float(z) for _, _, z in runs), default=0.0)
                lines.append(Line(head + "".join(texts[i:e]), cur, size))
            i = e
        if not count:
            count = 1
            if lines is not None:
                lines.append(Line("", 0.0, max((float(z) for _, _, z in runs), default=0.0)))
        return count

    def _cut(self, text: str, piece_width: float, width: float, parts=None) -> list[tuple[str, float]]:
        """An over-long piece cut into line-wide parts (widths shared out evenly per character);
        closing punctuation hangs at the end of a part rather than start the next one, and an
        opening bracket never ends one. words=True: the piece is cut between its ``parts`` (the
        words of a quoted name) where it has them, a part wider than a line between characters,
        and the parts are as even as they can be (no character alone on the last)."""
        if not self.words:
            return self._cut_chars(text, piece_width, width)
        if not parts:
            per = piece_width / max(len(text), 1)
            parts = [(ch, per) for ch in text]
            joined: list[tuple[str, float]] = []
            for t, w in parts:  # 禁则 inside the piece: the cut never starts or ends where a line may not
                if joined and (t in self.cannot_start or joined[-1][0][-1] in self.cannot_end):
                    joined[-1] = (joined[-1][0] + t, joined[-1][1] + w)
                else:
                    joined.append((t, w))
            parts = joined
        out = self._pack(parts, width)
        lo, hi = max(max(w for _, w in parts), piece_width / len(out)), float(width)
        if len(out) > 1 and lo < hi:
            for _ in range(16):
                mid = (lo + hi) / 2
                if len(self._pack(parts, mid)) <= len(out):
                    hi = mid
                else:
                    lo = mid
            out = self._pack(parts, hi)
        return out

    def _pack(self, parts, width: float) -> list[tuple[str, float]]:
        """Parts (text, width) filled greedily into lines of ``width``; a part wider than a line
        is cut between its characters."""
        out: list[tuple[str, float]] = []
        cur, w = "", 0.0
        for t, tw in parts:
            if tw > width:
                if cur:
                    out.append((cur, w))
                *done, (cur, w) = self._cut_chars(t, tw, width)
                out += done
            elif cur and w + tw > width:
                out.append((cur, w))
                cur, w = t, tw
            else:
                cur, w = cur + t, w + tw
        out.append((cur, w))
        return out

    def _cut_chars(self, text: str, piece_width: float, width: float) -> list[tuple[str, float]]:
        """An over-long piece cut between characters, as the renderers cut it."""
        per = piece_width / max(len(text), 1)
        parts, cur, w = [], "", 0.0
        for ch in text:
            if cur and w + per > width and ch not in self.cannot_start and cur[-1] not in self.cannot_end:
                parts.append((cur, w))
                cur, w = "", 0.0
            cur += ch
            w += per
        parts.append((cur, w))
        return parts


def _key(runs: Sequence[Run]) -> tuple:
    """Runs as a hashable key, sizes as floats."""
    return tuple((t, r, float(z)) for t, r, z in runs)


def _at_size_one(rkey: tuple, width: float) -> tuple[tuple, float, float]:
    """(runs to split, width to fill, scale of the result). One run (most text) is split at size 1
    and set in ``width / size``: its pieces are the same at any size, scaled (gap included), so a
    planner trying sizes splits the text once."""
    if len(rkey) == 1 and rkey[0][2] > 0:
        (text, role, size), = rkey
        return ((text, role, 1.0),), float(width) / size, size
    return rkey, float(width), 1.0


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


def measurer(fonts, *, ambiguous_full: bool = False, words: bool = False) -> Measurer:
    """The measurer of a ``FontConfig``, shared between builds while the fonts stay the same:
    keyed by role, font file and the file's fingerprint, so an edited fonts.yaml or a replaced
    font file gives a new one. ``ambiguous_full``: count “”‘’—…· at least one em (a file another
    program renders with its own fonts). ``words``: lines end at words (see the module's notes)."""
    key = (_fonts_key(fonts), ambiguous_full, words)
    m = _MEASURERS.get(key)
    if m is None:
        if len(_MEASURERS) >= 8:
            _MEASURERS.clear()
        m = _MEASURERS[key] = Measurer(fonts, ambiguous_full=ambiguous_full, words=words)
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
