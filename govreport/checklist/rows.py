"""The rows of the figures list: one per indicator, with every sentence that quotes it.

A row holds what a checker compares with the statistics: the figure as the report writes it
(its bounds, unit, qualifier), its change (word, size, unit), its period (a year or a span), and
each sentence of the text that quotes it with the figure's pieces marked. Rows come in table
order (the groups' order, then the file's); ``number`` (序号) counts them from 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import figures
from ..model import Indicator, Report

# A sentence ends after 。！？ (and a closing quotation mark or bracket right after it); a clause
# after ； stands as a sentence of its own (a review's sentence lists a dozen figures by ；).
_SENTENCE_END = re.compile(r"[。！？；!?;][”’」』）)]*")


@dataclass(frozen=True)
class Quote:
    """One sentence quoting a figure: (piece, is the figure) pieces, in order."""

    pieces: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(p for p, _ in self.pieces)


@dataclass(frozen=True)
class Row:
    """One indicator as the list shows it."""

    number: int  # 序号, from 1
    group: str  # the group's title (分组)
    id: str
    label: str
    value: str  # the bare bounds: 2286.2, 5—5.5; '' when the figure has none
    unit: str
    qualifier: str
    change: str  # 增长12.8%, 比2020年下降25%, 年均增长5.9%
    period: str  # 2023年, 2021—2025年
    quotes: tuple[Quote, ...]
    has_value: bool
    has_change: bool
    value_range: bool  # the value is a range (upper)
    change_range: bool


def period_text(ind: Indicator) -> str:
    """'2023年', or a span '2021—2025年'."""
    p = ind.period
    return f"{p.start}—{p.end}年" if p.span else f"{p.start}年"


def value_cell(ind: Indicator) -> str:
    """The figure's bounds as the list shows them: '2286.2', a range '5—5.5' (``figures.bare``)."""
    return figures.bare(ind)


def change_cell(ind: Indicator) -> str:
    """The change in words: '增长12.8%', '比2020年下降25%' (``figures.change_phrase``)."""
    return figures.change_phrase(ind)


def texts(report: Report):
    """Every text of the report that may quote a figure, in reading order (a part's heading before
    its paragraphs, the annexes last), as the raw strings of one text (a paragraph's lead and text)."""
    def para(p):
        return [p.lead or "", p.text]

    for p in report.body.opening:
        yield para(p)
    for part in report.body.parts:
        yield [part.heading]
        for p in part.intro:
            yield para(p)
        for area in part.areas:
            yield [area.heading]
            for p in area.paragraphs:
                yield para(p)
        for p in part.closing:
            yield para(p)
    for p in report.body.closing:
        yield para(p)
    for _, _, p in report.annex_paragraphs():
        yield para(p)


def sentences(pieces: list[tuple[str, str | None]]) -> list[list[tuple[str, str | None]]]:
    """Rendered (piece, indicator id) pieces cut into sentences (a figure is never cut)."""
    out: list[list[tuple[str, str | None]]] = [[]]
    for piece, ref in pieces:
        if ref is not None:
            out[-1].append((piece, ref))
            continue
        pos = 0
        for m in _SENTENCE_END.finditer(piece):
            out[-1].append((piece[pos:m.end()], None))
            out.append([])
            pos = m.end()
        if pos < len(piece):
            out[-1].append((piece[pos:], None))
    return [s for s in out if "".join(p for p, _ in s).strip()]


def quotes(report: Report) -> dict[str, list[Quote]]:
    """For each indicator id, every sentence quoting it (in reading order), its pieces marked."""
    found: dict[str, list[Quote]] = {}
    for raw in texts(report):
        pieces = [seg for text in raw if text for seg in report.segments(text)]
        for sentence in sentences(pieces):
            ids = list(dict.fromkeys(ref for _, ref in sentence if ref is not None))
            for ind_id in ids:
                found.setdefault(ind_id, []).append(Quote(_merge((p, ref == ind_id) for p, ref in sentence)))
    return found


def _merge(pieces) -> tuple[tuple[str, bool], ...]:
    """Neighbouring pieces of the same marking as one; no empty piece; the sentence's spaces and
    line breaks around it dropped."""
    out: list[list] = []
    for text, marked in pieces:
        if not text:
            continue
        if out and out[-1][1] == marked:
            out[-1][0] += text
        else:
            out.append([text, marked])
    for end, strip in ((0, str.lstrip), (-1, str.rstrip)):
        if out and not out[end][1]:
            out[end][0] = strip(out[end][0])
            if not out[end][0]:
                out.pop(end)
    return tuple((t, m) for t, m in out)


def ordered(report: Report) -> list[Indicator]:
    """Every indicator in table order: the groups' order, then the file's."""
    rank = {g: n for n, g in enumerate(report.groups)}
    inds = list(report.indicators.values())
    return sorted(inds, key=lambda i: rank.get(i.group, len(rank)))


def rows(report: Report) -> list[Row]:
    """The list's rows, numbered from 1, in table order."""
    q = quotes(report)
    out = []
    for n, ind in enumerate(ordered(report), 1):
        out.append(Row(
            number=n,
            group=report.groups.get(ind.group, ind.group),
            id=ind.id,
            label=ind.label,
            value=value_cell(ind),
            unit=ind.unit if ind.value is not None else "",
            qualifier=ind.qualifier or "",
            change=change_cell(ind),
            period=period_text(ind),
            quotes=tuple(q.get(ind.id, ())),
            has_value=ind.value is not None,
            has_change=ind.change is not None,
            value_range=ind.upper is not None,
            change_range=ind.change is not None and ind.change.upper is not None,
        ))
    return out
