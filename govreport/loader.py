"""Content files: ``load(path)`` returns a validated ``Report`` or raises ``ContentError``
carrying every problem found, each located at the line and column of the YAML node that is wrong.

The YAML itself is read by ``govreport.safeyaml`` (safe node walk, no constructed tags, duplicate
keys refused, alias budget, figures as ``Decimal`` of the digits typed, every node's position);
this module adds what only content has: references, field lengths, the model's checks, lint.
What lint needs from the templates (how many headline figures are tiles) comes in as an
argument: loading content reads no template.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import lint, references
from .errors import ContentError, Problem
from .model import Report
from .safeyaml import (  # noqa: F401  (re-exported: the loader's API before the YAML floor was its own module)
    MAX_BYTES,
    MAX_CHAR_PROBLEMS,
    MAX_DIGITS,
    MAX_NODES,
    RAW_BAD,
    SCALAR_TAGS,
    SEPARATORS,
    TAG,
    VALUE_BAD,
    PathT,
    _Builder,
    char_message,
    char_name,
    dotted,
    load_template,
    parse,
    plain,
    read_bytes,
    read_text,
    scan_text,
)
from .safeyaml import message as _message

FULLWIDTH_REF = re.compile(r"｛[a-z][a-z0-9_]*(?:\.[a-z_]+)?｝")

# Longest text of each field (dotted key path pattern -> characters); any other text: TEXT_LIMIT.
# Far above what the outputs can lay out (the builders say what to shorten); they bound the work.
LENGTH_LIMITS = [
    (re.compile(r"meta\.(title|speaker|issuer)"), 200),
    (re.compile(r"meta\.(subtitle|session)"), 500),
    (re.compile(r"groups\.[^.]+"), 200),
    (re.compile(r"indicators\.[^.]+\.label"), 1000),
    (re.compile(r"indicators\.[^.]+\.short"), 100),
    (re.compile(r"indicators\.[^.]+\.unit"), 50),
    (re.compile(r"body\.parts\[\d+\](\.areas\[\d+\])?\.heading"), 1000),
    (re.compile(r"(annexes\[\d+\]|glossary)\.label"), 200),
    (re.compile(r"(annexes\[\d+\]|glossary)\.title|glossary\.terms\[\d+\]\.term"), 1000),
    (re.compile(r"(annexes\[\d+\]|glossary)\.numbering|indicators\.[^.]+\.(change\.)?lower_unit"), 50),
    (re.compile(r".*\.lead"), 5000),
]
TEXT_LIMIT = 20_000
ID_LIMIT = 64
# Printed as typed by every output: a {reference} here would reach the reader as braces.
NOT_RENDERED = re.compile(r"meta\.[a-z_]+|groups\.[^.]+|indicators\.[^.]+\.(label|short|unit|rider|lower_unit|assessment)"
                          r"|annexes\[\d+\]\.(label|title|numbering)|glossary\.(label|title|numbering)"
                          r"|glossary\.terms\[\d+\]\.(term|text)")
# Where the text may quote indicators ({id}): the body, and the annexes' items and paragraphs.
QUOTING = ("body", "annexes")


def _locate(b: _Builder, loc: tuple) -> tuple[PathT, tuple[int, int]]:
    """Map a pydantic error location to the longest key path we have a mark for."""
    path = tuple(p for p in loc if isinstance(p, int) or not (str(p).startswith(("function-", "json-")) or "[" in str(p)))
    for n in range(len(path), -1, -1):
        if path[:n] in b.marks:
            return path, b.marks[path[:n]]
    return path, (0, 0)


def _ref_position(b: _Builder, text_path: PathT, ref: references.Ref, source: str) -> tuple[int, int]:
    """Line and column of a reference token inside a scalar, found in the source text."""
    node = b.nodes.get(text_path)
    if node is None:
        return b.marks.get(text_path, (0, 0))
    start, end = node.start_mark.index, node.end_mark.index
    span = source[start:end]
    value: str = node.value
    # Which occurrence of this token in the value is ours?
    nth = value[: ref.start].count(ref.token)
    pos = -1
    for _ in range(nth + 1):
        pos = span.find(ref.token, pos + 1)
        if pos < 0:
            return b.marks.get(text_path, (0, 0))
    return b.position(start + pos)


def _text_fields(data: Any, path: PathT = ()):
    """(path, text) for every string under the body."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _text_fields(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _text_fields(v, path + (i,))
    elif isinstance(data, str):
        yield path, data


def _quotes(tpath: PathT) -> bool:
    """A text that may quote indicators: anything in the body; an annex's items and paragraphs."""
    return tpath[0] == "body" or (len(tpath) > 2 and tpath[2] in ("items", "paragraphs"))


def field_problems(data: dict, b: _Builder) -> list[Problem]:
    """Texts longer than their field can mean (LENGTH_LIMITS), ids too long, and braces in
    fields every output prints as typed (meta, group titles, labels, units)."""
    problems: list[Problem] = []

    def walk(v: Any, path: PathT) -> None:
        if isinstance(v, dict):
            for k, item in v.items():
                if path in (("groups",), ("indicators",)) and len(str(k)) > ID_LIMIT:
                    line, col = b.marks.get(path + (k,), (0, 0))
                    problems.append(Problem(b.file, line, col, dotted(path), f"an id of {len(str(k)):,} characters; at most {ID_LIMIT}"))
                    continue
                walk(item, path + (k,))
        elif isinstance(v, list):
            for i, item in enumerate(v):
                walk(item, path + (i,))
        elif isinstance(v, str):
            where = dotted(path)
            limit = next((n for pat, n in LENGTH_LIMITS if pat.fullmatch(where)), TEXT_LIMIT)
            line, col = b.marks.get(path, (0, 0))
            if len(v) > limit:
                problems.append(Problem(b.file, line, col, where, f"{len(v):,} characters; this field takes at most {limit:,}: shorten it"))
            elif NOT_RENDERED.fullmatch(where) and ("{" in v or "}" in v):
                ref = next((r for r in references.find(v) if not r.error), None)
                if ref is not None:
                    problems.append(Problem(b.file, line, col, where, f"{ref.token} would be printed as typed: references "
                                                                      "are rendered only in the body; write the figure or the words out"))
                elif "{{" in v or "}}" in v:
                    problems.append(Problem(b.file, line, col, where, "{{ and }} would be printed as typed here (only the body "
                                                                      "makes them single braces); write one brace"))

    walk(data, ())
    return problems


def load(path: "str | os.PathLike[str]", *, strict: bool = False, tiles: int | None = None) -> Report:
    """Read, check and return the report in ``path``; ContentError lists every problem.

    ``tiles``: how many headline figures the build's templates show as tiles (``selection.tile_count``),
    for lint's warning; None: the built-in templates' count."""
    report, warnings = load_with_warnings(path, tiles=tiles)
    if strict and warnings:
        raise ContentError([Problem(w.file, w.line, w.col, w.path, w.message + " (--strict)") for w in warnings])
    return report


def load_with_warnings(path: "str | os.PathLike[str]", data: bytes | None = None, *,
                       tiles: int | None = None) -> tuple[Report, list[Problem]]:
    """As ``load``, also returning the warnings (indicators never referenced …).

    ``data``: the file's bytes when the caller has read them already (to hash exactly what was loaded).
    """
    p = Path(path)
    shown = str(path)
    source = read_text(p, shown, data)
    data, b = parse(source, shown)
    problems = list(b.problems)
    warnings: list[Problem] = []

    # References, checked on the raw data so they are found even when other fields are wrong.
    ind_ids = set(data.get("indicators") or {}) if isinstance(data.get("indicators"), dict) else set()
    referenced: set[str] = set()
    refs_at: list = []
    quoting = [(key, data.get(key)) for key in QUOTING]
    for tpath, text in (t for key, part in quoting for t in _text_fields(part, (key,)) if _quotes(t[0])):
        for ref in references.find(text):
            line, col = _ref_position(b, tpath, ref, source)
            if ref.error:
                problems.append(Problem(shown, line, col, dotted(tpath), ref.error))
            elif ref.id not in ind_ids:
                problems.append(Problem(shown, line, col, dotted(tpath), f"unknown indicator {ref.id!r} in {ref.token}"))
            else:
                referenced.add(ref.id)
                refs_at.append((ref, line, col, tpath))
        for m in FULLWIDTH_REF.finditer(text):
            line, col = _ref_position(b, tpath, references.Ref(m.start(), m.group(0), "", ""), source)
            warnings.append(Problem(shown, line, col, dotted(tpath), f"{m.group(0)} has full-width braces ｛｝ and is printed as it stands; write {{…}} for a reference", warning=True))
        for pos, ch in references.stray_braces(text):
            line, col = _ref_position(b, tpath, references.Ref(pos, ch, "", ""), source)
            problems.append(Problem(shown, line, col, dotted(tpath), f"unmatched {ch!r}: write {ch * 2} for a literal brace"))

    problems += field_problems(data, b)

    report = None
    try:
        report = Report.model_validate(data)
    except ValidationError as e:
        flagged = {p.path for p in b.problems}  # a refused tag already says what is wrong there
        for err in e.errors():
            kpath, (line, col) = _locate(b, tuple(err["loc"]))
            if dotted(kpath) not in flagged:
                problems.append(Problem(shown, line, col, dotted(kpath), _message(err)))

    if report is not None:
        flagged_inds = {p.path.split(".")[1] for p in b.problems if p.path.startswith("indicators.") and "." in p.path}
        for ref, line, col, tpath in refs_at:
            if ref.id in flagged_inds:
                continue  # its value was refused above; one message is enough
            ind = report.indicators[ref.id]
            if ref.part == "change" and ind.change is None:
                problems.append(Problem(shown, line, col, dotted(tpath), f"{ref.token}: indicator {ref.id!r} has no change"))
            elif ref.part == "" and ind.value is None and ind.text is not None:
                pass  # a target stated in words: {id} quotes its words
            elif ref.part in ("", "value") and ind.value is None:
                problems.append(Problem(shown, line, col, dotted(tpath), f"{ref.token}: indicator {ref.id!r} has no value (use {{{ref.id}.change}})"))
        # (an indicator's id, group and a target's period are checked by the model: Report._cross_fields)
        for key, ind in report.indicators.items():
            ipath = ("indicators", key)
            line, col = b.marks.get(ipath, (0, 0))
            if key not in referenced:
                if ind.headline or ind.target:
                    what = "headline" if ind.headline else "target"
                    problems.append(Problem(shown, line, col, dotted(ipath), f"{what} indicator is never referenced from the body"))
                else:
                    warnings.append(Problem(shown, line, col, dotted(ipath), "never referenced from the body", warning=True))
        for key in ("deck_template", "report_template", "previous"):
            name = getattr(report.settings, key)
            if name and not (p.parent / name).is_file():
                line, col = b.marks.get(("settings", key), (0, 0))
                problems.append(Problem(shown, line, col, f"settings.{key}", f"no such file: {p.parent / name}"))

    if report is not None and not problems:
        warnings += lint.check(report, data, refs_at, b.marks, shown, tiles)
    if problems:
        raise ContentError(problems)
    assert report is not None
    report._marks = {dotted(k): v for k, v in b.marks.items()}
    return report, sorted(warnings)
