"""A checker's corrections written into the content file: a round trip of its YAML (ruamel.yaml),
not a rewrite: every comment, the keys' order, quotes, flow mappings and blank lines stay as they
are, and only the corrected figures' lines change (checked: a file whose layout the YAML writer
would change anywhere else is refused, never rewritten).

The result must pass ``--check`` (built in memory, as ``build.py FILE --check`` does) before
anything is written; then the old file is kept as ``FILE.bak`` and FILE replaced in one rename.
"""

from __future__ import annotations

import difflib
import io
import os
from decimal import Decimal
from pathlib import Path

from .. import figures
from ..errors import ContentError
from ..model import Report
from .read import Correction

# The layouts the YAML writer is tried with (mapping, sequence, offset): the seed's and the
# importer's first; the one that gives the file back byte for byte is used.
INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 4, 0), (3, 3, 0))
WIDTH = 1 << 30  # never fold a long line


def _yaml(indent):
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = WIDTH
    y.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])

    def decimal(representer, d: Decimal):
        text = figures.number(d)
        return representer.represent_scalar("tag:yaml.org,2002:" + ("float" if "." in text else "int"), text)

    y.representer.add_representer(Decimal, decimal)
    return y


def _dump(y, doc) -> str:
    buf = io.StringIO()
    y.dump(doc, buf)
    return buf.getvalue()


def _load(text: str, shown: str):
    """(the YAML object, the document) of a layout that writes ``text`` back unchanged."""
    from ruamel.yaml.error import YAMLError

    for indent in INDENTS:
        y = _yaml(indent)
        try:
            doc = y.load(text)
        except YAMLError as e:  # the loader read it; ruamel.yaml (YAML 1.2) may still differ
            raise ContentError(f"the YAML round trip cannot read it ({e.__class__.__name__}): correct it by hand",
                               shown) from None
        if _dump(y, doc) == text:
            return y, doc
    raise ContentError("its layout cannot be kept by the YAML writer (indentation or line folding of its own): correct "
                       "the figures by hand, or format the file as the seed is (2 spaces a level)", shown)


def _number(old, new: Decimal):
    """``new`` written as ``old`` was: quoted when it was quoted."""
    if isinstance(old, str):
        return type(old)(figures.number(new))
    return new


def _set(mapping, key: str, value, after: str) -> None:
    """Set ``key`` in a round-trip mapping, a new key right after ``after``."""
    if key in mapping:
        mapping[key] = _number(mapping[key], value) if isinstance(value, Decimal) else value
    else:
        keys = list(mapping)
        mapping.insert(keys.index(after) + 1 if after in keys else len(keys), key, value)


def _correct(mapping, fig) -> None:
    """A value or change mapping given the checker's figure: its bounds, and for a change its word/unit."""
    _set(mapping, "value", fig.value, "value")
    if fig.upper is not None:
        _set(mapping, "upper", fig.upper, "value")
    else:
        for key in ("upper", "range", "lower_unit"):  # a single figure now: a range's keys go
            if key in mapping:
                del mapping[key]
    if getattr(fig, "unit", None) is not None and mapping.get("unit") != fig.unit:
        _set(mapping, "unit", fig.unit, "upper" if "upper" in mapping else "value")
    if getattr(fig, "word", None) is not None and mapping.get("word", "增长") != fig.word:
        _set(mapping, "word", fig.word, "unit")


def corrected(text: str, corrections: list[Correction], shown: str) -> str:
    """``text`` (a content file, '\\n' line ends) with the corrections made; every other line as it was."""
    y, doc = _load(text, shown)
    inds = doc["indicators"]
    for c in corrections:
        entry = inds[c.id]
        if c.part == "value":
            _correct(entry, c.figure)
        else:
            _correct(entry["change"], c.figure)
    new = _dump(y, doc)
    _check_layout(text, new, inds, {c.id for c in corrections}, shown)
    return new


def _check_layout(old: str, new: str, inds, edited: set[str], shown: str) -> None:
    """Every line that changed is one of a corrected indicator's."""
    keys = list(inds)
    lines = old.splitlines()
    spans = []
    for n, key in enumerate(keys):
        start = inds.lc.key(key)[0]
        end = inds.lc.key(keys[n + 1])[0] if n + 1 < len(keys) else len(lines)
        if key in edited:
            spans.append((start, end))
    sm = difflib.SequenceMatcher(None, lines, new.splitlines(), autojunk=False)
    for op, i1, i2, _, _ in sm.get_opcodes():
        if op == "equal":
            continue
        inside = (lambda s, e: s < i1 <= e) if i1 == i2 else (lambda s, e: s <= i1 and i2 <= e)
        if not any(inside(s, e) for s, e in spans):
            raise ContentError(f"the YAML writer would change line {i1 + 1}, which no correction is about: nothing "
                               f"written; correct the figures by hand", shown)


def change_line(report: Report, c: Correction) -> str:
    """One line saying what a correction changes: 'gdp: 2286.2 → 2287.1 亿元 (分组 经济发展, row 2, 统计局 张三)'."""
    ind = report.indicators[c.id]
    fig = c.figure
    if c.part == "value":
        old = figures.bare(ind)
        new = figures.number(fig.value) + ("" if fig.upper is None else (ind.range or figures.DEFAULT_RANGE)
                                           + figures.number(fig.upper))
        what = f"{c.id}: {old} → {new} {ind.unit}"
    else:
        ch = ind.change
        new_unit = fig.unit or ch.unit
        sep = ch.range or figures.DEFAULT_RANGE
        new = figures.number(fig.value) + ("" if fig.upper is None else sep + figures.number(fig.upper))
        what = (f"{c.id}.change: {figures.change_words(ch)}{figures.bare(ch)}{ch.unit} → "
                f"{figures.change_words(ch).replace(ch.word, fig.word or ch.word)}{new}{new_unit}")
    who = ", ".join(t for t in (f"分组 {c.group}" if c.group else "", f"row {c.row}", c.checker) if t)
    return f"{what} ({who}{': ' + c.remark if c.remark else ''})"


def check(path: Path, data: bytes, shown: str, build_one, session) -> list[str]:
    """The problems ``build.py FILE --check`` would print for ``data`` as the content of ``path``
    (built in memory from a temp file beside it, so relative templates resolve; nothing kept).
    ``build_one``: the build's own (``cli.build_one``, handed down: this package never imports the
    command line); ``session``: the command's (``govreport.session``: its templates)."""
    from .. import builders

    tmp = path.with_name(f".{path.name}.checking-{os.getpid()}.yaml")
    try:
        tmp.write_bytes(data)
        res = build_one(tmp, session.with_options(check=True, strict=False, wanted=tuple(builders.BUILDERS),
                                                  deck_template=None, report_template=None, force=False, out="",
                                                  previous=None))
    finally:
        try:
            tmp.unlink()
        except OSError:
            pass
    fix = lambda line: line.replace(str(tmp), f"{shown} (as corrected)")  # noqa: E731
    return [fix(line) for line in res.errors]


def replace(path: Path, data: bytes) -> None:
    """``path`` holds ``data``: written to a temp file beside it, renamed over it (never half written)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write(path: Path, old: bytes, new: bytes) -> Path:
    """FILE.bak holds ``old``; FILE is ``new``. Returns the .bak path."""
    bak = path.with_name(path.name + ".bak")
    bak.write_bytes(old)
    replace(path, new)
    return bak
