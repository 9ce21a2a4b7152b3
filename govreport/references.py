"""Indicator references in the narrative: ``{id}``, ``{id.change}``, ``{id.value}`` ….

The syntax, in every text field of the body (leads and texts):

- ``{id}``          the figure as the source writes it, with qualifier and unit: ``2286.2亿元``
- ``{id.value}``    the bare number: ``2286.2`` (a range's bounds: ``5—5.5``)
- ``{id.unit}``     the unit: ``亿元``
- ``{id.change}``   the change with its unit: ``12.8%``, ``9个百分点``
- ``{id.label}``    the Chinese label: ``地区生产总值``
- ``{{`` and ``}}`` a literal brace

Ids are lower-case ASCII (``[a-z][a-z0-9_]*``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Mapping

from . import figures

if TYPE_CHECKING:  # the model imports this module; only the type name from it here
    from .model import Indicator

PARTS = {
    "": figures.quoted,
    "value": figures.bare,
    "unit": lambda i: i.unit,
    "change": lambda i: figures.change_text(i.change),
    "label": lambda i: i.label,
}

TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
REF = re.compile(r"^([a-z][a-z0-9_]*)(?:\.([a-z_]+))?$")


@dataclass(frozen=True)
class Ref:
    """One ``{…}`` found in a text: where it starts and what it names."""

    start: int
    token: str
    id: str
    part: str
    error: str = ""


def find(text: str) -> Iterator[Ref]:
    """Every reference in ``text``, malformed ones carrying an ``error``."""
    for m in TOKEN.finditer(text):
        if m.group(0) in ("{{", "}}"):
            continue
        inner = m.group(1).strip()
        r = REF.match(inner)
        if not r:
            yield Ref(m.start(), m.group(0), inner, "", f"malformed reference {m.group(0)!r}: use {{id}} or {{id.part}}")
            continue
        part = r.group(2) or ""
        if part not in PARTS:
            known = ", ".join(p for p in PARTS if p)
            yield Ref(m.start(), m.group(0), r.group(1), part, f"unknown part .{part} in {m.group(0)} (known: {known})")
            continue
        yield Ref(m.start(), m.group(0), r.group(1), part)


def stray_braces(text: str) -> Iterator[tuple[int, str]]:
    """Positions of braces that are neither part of a reference nor doubled."""
    covered = [False] * len(text)
    for m in TOKEN.finditer(text):
        for i in range(m.start(), m.end()):
            covered[i] = True
    for i, ch in enumerate(text):
        if ch in "{}" and not covered[i]:
            yield i, ch


def segments(text: str, indicators: Mapping[str, Indicator]) -> list[tuple[str, str | None]]:
    """Split ``text`` into (piece, indicator id or None) so a builder can style figures."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for m in TOKEN.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], None))
        tok = m.group(0)
        if tok in ("{{", "}}"):
            out.append((tok[0], None))
        else:
            r = REF.match(m.group(1).strip())
            if not r or (r.group(2) or "") not in PARTS or r.group(1) not in indicators:
                raise KeyError(f"unresolved reference {tok}")  # the loader has refused these already
            out.append((PARTS[r.group(2) or ""](indicators[r.group(1)]), r.group(1)))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], None))
    # Merge neighbouring plain pieces.
    merged: list[tuple[str, str | None]] = []
    for piece, ref in out:
        if merged and ref is None and merged[-1][1] is None:
            merged[-1] = (merged[-1][0] + piece, None)
        elif piece:
            merged.append((piece, ref))
    return merged


def render(text: str, indicators: Mapping[str, Indicator]) -> str:
    """The text as a reader sees it, every reference replaced by its figure."""
    return "".join(piece for piece, _ in segments(text, indicators))


def referenced_ids(report) -> list[str]:
    """Ids of the indicators the body quotes, in order of first appearance."""
    seen: dict[str, None] = {}
    for part in report.body.parts:
        for text in [part.heading] + [a.heading for a in part.areas]:
            for ref in find(text):
                seen.setdefault(ref.id, None)
    for _, _, p in list(report.paragraphs()) + list(report.annex_paragraphs()):
        for text in (p.lead or "", p.text):
            for ref in find(text):
                if not ref.error:
                    seen.setdefault(ref.id, None)
    return list(seen)
