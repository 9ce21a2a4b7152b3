"""Checks of content that loads but reads wrong, and hints for the commonest YAML slips.

Run by the loader on every content file, imported or written by hand; each finding is a
warning at the line it concerns (an error with ``--strict``):

- the word written before ``{id.change}`` must agree with the indicator's change word:
  ``同比增长{revenue.change}`` with ``word: 下降`` reads 增长3.2% in the report and ▼下降3.2% in the deck;
- more headline figures than the deck and the brief show as tiles: the ones left out are named;
- a headline figure of another year or a span (2021-2025), which no output shows as a tile;
- a group defined and never used.

What it needs from the templates (how many headline figures are tiles) is an argument: lint
reads no template. (``yaml_hint``, the hints for the commonest YAML slips, lives with the YAML
reader, ``govreport.safeyaml``; re-exported here.)
"""

from __future__ import annotations

import re
from typing import Any, Callable

from . import figures, selection
from .errors import Problem
from .model import Report
from .safeyaml import dotted, yaml_hint  # noqa: F401  (yaml_hint: re-exported)

# Words that say which way a change went, as a text writes them before the figure (figures.py's vocabulary).
RISE = figures.RISE_WORDS
FALL = figures.FALL_WORDS
WORD_BEFORE = re.compile("(" + "|".join(sorted(map(re.escape, RISE + FALL), key=len, reverse=True)) + ")$")
LIST_REF = re.compile(r"\{[a-z][a-z0-9_]*(?:\.[a-z_]+)?\}、$")


def direction(word: str) -> int:
    return -1 if word in FALL else 1


def word_before(text: str, start: int) -> str:
    """The change word a text writes before the reference at ``start`` ('' if none):
    同比增长{x.change} -> 增长; 较上年提高了{x.change} -> 提高; 分别增长{a.change}、{b.change} -> 增长."""
    before = text[:start]
    for _ in range(20):
        before = before.rstrip(" 了")
        m = LIST_REF.search(before)
        if not m:
            break
        before = before[: m.start()]
    m = WORD_BEFORE.search(before)
    return m.group(1) if m else ""


def change_words(report: Report, refs: list, texts: Callable[[tuple], str], shown: str) -> list[Problem]:
    """``refs``: (Ref, line, col, key path) of every reference in the body, as the loader found them."""
    out = []
    for ref, line, col, tpath in refs:
        if ref.part != "change":
            continue
        ind = report.indicators.get(ref.id)
        if ind is None or ind.change is None:
            continue
        said = word_before(texts(tpath), ref.start)
        if not said or said == ind.change.word:
            continue
        if direction(said) != ind.change.direction:
            msg = (
                f"the text says {said} before {ref.token} but indicators.{ref.id}.change.word is {ind.change.word}: "
                f"the report would read {said}{ind.change_text}, the deck and the brief {ind.change.word}"
                f"{ind.change_text}; make them agree"
            )
        else:
            msg = (
                f"the text says {said} before {ref.token}, the indicator's change.word is {ind.change.word}: "
                f"the deck and the brief will say {ind.change.word}; write the same word in both if that is not meant"
            )
        out.append(Problem(shown, line, col, dotted(tpath), msg, warning=True))
    return out


def headlines(report: Report, locate: Callable[[str], tuple[int, int]], shown: str,
              tiles: int = selection.TILES) -> list[Problem]:
    """``tiles``: how many headline figures the outputs show as tiles (``selection.tile_count`` of
    the build's templates: the smaller of the deck's and the brief's ``tiles.max``)."""
    shown_max = tiles
    heads, left = selection.tiles(report, shown_max)
    if not left:
        return []
    line, col = locate(f"indicators.{left[0].id}.headline")
    names = ", ".join(f"{i.id} ({i.display_label})" for i in left)
    return [
        Problem(
            shown, line, col, f"indicators.{left[0].id}.headline",
            f"{len(heads) + len(left)} headline figures, but the deck and the brief show {shown_max} as tiles; left out: {names} "
            "(drop headline: true from the least important)",
            warning=True,
        )
    ]


def other_years(report: Report, locate: Callable[[str], tuple[int, int]], shown: str) -> list[Problem]:
    """A headline figure that is not the review year's (a span, 2020, 2030): no output shows it as one."""
    out = []
    for ind in report.indicators.values():
        if ind.headline and not ind.target and not report.is_review(ind):
            path = f"indicators.{ind.id}.headline"
            line, col = locate(path)
            out.append(Problem(shown, line, col, path,
                               f"headline figure of {ind.period}, not of the review year {report.meta.review_year}: tiles "
                               "show the review year's figures only, so it is not shown as one (drop headline: true)",
                               warning=True))
    return out


def unused_groups(report: Report, locate: Callable[[str], tuple[int, int]], shown: str) -> list[Problem]:
    used = {i.group for i in report.indicators.values()}
    out = []
    for gid, title in report.groups.items():
        if gid not in used:
            line, col = locate(f"groups.{gid}")
            out.append(Problem(shown, line, col, f"groups.{gid}", f"group {gid} ({title}) is defined but no indicator uses it", warning=True))
    return out


def check(report: Report, data: Any, refs: list, marks: dict, shown: str, tiles: int | None = None) -> list[Problem]:
    """Every lint warning of a loaded report. ``data``: the parsed YAML; ``marks``: key path -> (line, col);
    ``tiles``: the templates' tile count (``selection.tile_count``; None: ``selection.TILES``, the
    built-in templates')."""
    by_dotted = {dotted(k): v for k, v in marks.items()}

    def locate(path: str) -> tuple[int, int]:
        while path:
            if path in by_dotted:
                return by_dotted[path]
            path = path.rsplit(".", 1)[0] if "." in path else ""
        return (0, 0)

    def texts(tpath: tuple) -> str:
        node = data
        for k in tpath:
            node = node[k]
        return node if isinstance(node, str) else ""

    return (change_words(report, refs, texts, shown) + headlines(report, locate, shown, selection.TILES if tiles is None else tiles) + other_years(report, locate, shown)
            + unused_groups(report, locate, shown))
