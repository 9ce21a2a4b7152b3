"""The draft written as a content file, by hand, so it reads like the file a person edits:
meta, groups, the figures as indicators, the body with ``{id}`` references."""

from __future__ import annotations

import functools
import json
import string

import yaml

from . import draft as typed
from .draft import headline_max
from .meta import NOT_FOUND, _meta
from .structure import Draft


NUMBER_KEYS = ("value", "upper")  # a figure's number, written as the report writes it: value: 5.5


# A plain scalar of one line that YAML reads back as the same string whatever it says, told without
# parsing it (``_plain``): it holds a CJK ideograph (no implicit type — number, boolean, null, date —
# matches a string with one: those are ASCII), starts with a letter, a digit or a character beyond
# ASCII (no indicator), and of ASCII holds only letters, digits, spaces and ``_.%+-/()=`` (so no ':'
# or '#': ': ' and ' #' end a plain scalar; no tab) and, outside a flow mapping, ``,{}[]``; beyond
# ASCII nothing YAML reads as a line break (\x85 \u2028 \u2029) or cannot print, no BOM.
_ASCII = set(map(chr, range(128)))
_ALLOWED = set(string.ascii_letters + string.digits + " _.%+-/()=")
_NOT_BEYOND_ASCII = {chr(c) for c in range(0x80, 0xA1)} | {chr(c) for c in range(0xD800, 0xE000)} | set("\u2028\u2029\ufeff\ufffe\uffff")
_NOT_PLAIN = {False: frozenset(_ASCII - _ALLOWED - set(",{}[]") | _NOT_BEYOND_ASCII),
              True: frozenset(_ASCII - _ALLOWED | _NOT_BEYOND_ASCII)}  # by flow


def _plain(s: str, flow: bool) -> bool:
    """Whether ``s`` (not empty) is such a plain scalar."""
    if s[0].isascii() and not s[0].isalnum():
        return False
    chars = set(s)
    return chars.isdisjoint(_NOT_PLAIN[flow]) and any("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in chars)


def scalar(value, flow: bool = False) -> str:
    """A YAML scalar: plain when it reads back as the same string, else double-quoted. ``flow``: inside
    a flow mapping ({value: 5, unit: "%"}), where a comma or brace ends it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) or value is None:
        return "null" if value is None else str(value)
    s = str(value)
    if s and s == s.strip() and "\n" not in s and not s.startswith(("{", "[", "*", "&", "!", "|", ">", "'", '"', "%", "@", "`")):
        if _plain(s, flow) or _reads_back(s, flow):
            return s
    # json.dumps leaves YAML's own line breaks (NEL, LS, PS) as they are; inside double quotes YAML
    # folds them, so they are written as escapes.
    return json.dumps(s, ensure_ascii=False).translate(_YAML_BREAKS)


_YAML_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


@functools.lru_cache(maxsize=4096)
def _reads_back(s: str, flow: bool) -> bool:
    """Whether the YAML parser reads ``s`` written plain as ``s`` (a group id, a unit or a period
    comes again and again: asked once)."""
    try:
        if flow:
            return yaml.safe_load(f"k: {{v: {s}}}") == {"k": {"v": s}}
        return yaml.safe_load(f"k: {s}") == {"k": s}
    except yaml.YAMLError:
        return False


def field(key: str, value, flow: bool = False) -> str:
    """``key: value`` as the content file writes it: a figure's number bare (the loader reads it exactly
    as typed: 2286.20 stays 2286.20), every other value through ``scalar``."""
    from ..figures import number_problem

    if key in NUMBER_KEYS and isinstance(value, str) and number_problem(value) is None:
        return f"{key}: {value}"
    return f"{key}: {scalar(value, flow)}"


def _paragraphs(items, indent: str, where: tuple = (), checks: dict | None = None) -> list[str]:
    """Paragraphs (model.Paragraph) as YAML lines; ``checks`` the comments by path (``where`` + (i,))."""
    out = []
    for i, p in enumerate(items):
        comment = (checks or {}).get(where + (i,))
        check = f"  # check: {comment}" if comment else ""
        if p.lead:
            out.append(f"{indent}- lead: {scalar(p.lead)}{check}")
            out.append(f"{indent}  text: {scalar(p.text)}")
        else:
            out.append(f"{indent}- {scalar(p.text)}{check}")
    return out



def to_yaml(d: Draft, *, source_name: str = "", schema: str = "report.schema.json", figures: bool = True) -> str:
    """The draft as a content file: meta, groups, the figures as indicators, the body with
    ``{id}`` references. ``figures=False``: structure only (no indicators, text as it stands)."""
    meta = _meta(d)
    review = meta["review_year"] or 0
    plan = meta["plan_year"] or 0
    draft = typed.type_report(d, review, plan) if figures else typed.plain_report(d)
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# Drafted by build.py import from {source_name or 'the source'}: every line marked '# check:' is a guess",
        "# to check against the source; then: python build.py THIS_FILE --check",
        "meta:",
    ]
    for key in ("title", "subtitle", "speaker", "issuer", "session", "date", "review_year", "plan_year"):
        v = meta[key]
        if v is None:
            lines.append(f"  {key}:   # check: {NOT_FOUND[key]}" if key in ("date", "review_year", "plan_year") else f'  {key}: ""  # check: {NOT_FOUND[key]}')
        else:
            lines.append(f"  {key}: {v if key == 'date' else scalar(v)}")
    lines.append(f"  source: {scalar('导入自 ' + source_name if source_name else '导入稿')}  # check: say where the text comes from")
    lines += ["", "groups:"]
    lines += [f"  {gid}: {scalar(title)}" for gid, title in draft.groups.items()]
    if draft.indicators:
        lines += ["", "indicators:"]
        for ind in draft.indicators.values():
            lines += indicator_yaml(ind, ind.id in draft.guessed_labels)
    else:
        lines += ["", "indicators: {}"]
    body, checks = draft.body, draft.checks
    lines += ["", "body:", "  opening:", *_paragraphs(body.opening, "    ", ("opening",), checks), "  parts:"]
    for pi, part in enumerate(body.parts):
        lines.append(f"    - heading: {scalar(part.heading)}")
        if part.intro:
            lines += ["      intro:", *_paragraphs(part.intro, "        ", ("parts", pi, "intro"), checks)]
        if part.areas:
            lines.append("      areas:")
            for ai, a in enumerate(part.areas):
                lines.append(f"        - heading: {scalar(a.heading)}")
                if a.run_in:
                    lines.append("          run_in: true")
                lines += ["          paragraphs:", *_paragraphs(a.paragraphs, "            ", ("parts", pi, "areas", ai), checks)]
        if part.closing:
            lines += ["      closing:", *_paragraphs(part.closing, "        ", ("parts", pi, "closing"), checks)]
    if body.closing:
        lines += ["  closing:", *_paragraphs(body.closing, "    ", ("closing",), checks)]
    lines += _annexes_yaml(draft.annexes, draft.glossary, checks)
    return "\n".join(lines) + "\n"


def _annexes_yaml(annexes, glossary, checks: dict | None = None) -> list[str]:
    """The annexes after the closing (附件1 …) and the glossary (名词解释 / 注释), as the model holds them."""
    from ..figures import DEFAULT_NUMBERING

    lines: list[str] = []
    if annexes:
        lines += ["", "annexes:"]
        for ai, a in enumerate(annexes):
            lines.append(f"  - label: {scalar(a.label)}")
            lines.append(f"    title: {scalar(a.title)}")
            if a.numbering != DEFAULT_NUMBERING:
                lines.append(f"    numbering: {scalar(a.numbering)}")
            if not a.items and not a.paragraphs:  # only its title was found
                lines.append("    paragraphs: []  # check: no text after the annex's title: add its paragraphs (or items:), "
                             "or delete the annex")
                continue
            kind = "items" if a.items else "paragraphs"
            lines += [f"    {kind}:", *_paragraphs(getattr(a, kind), "      ", ("annexes", ai, kind), checks)]
    if glossary:
        lines += ["", "glossary:"]
        if glossary.label:
            lines.append(f"  label: {scalar(glossary.label)}")
        lines.append(f"  title: {scalar(glossary.title)}")
        if glossary.numbering != DEFAULT_NUMBERING:
            lines.append(f"  numbering: {scalar(glossary.numbering)}")
        lines.append("  terms:")
        for t in glossary.terms:
            lines += [f"    - term: {scalar(t.term)}", f"      text: {scalar(t.text)}"]
    return lines


# The order a change's fields are written in, each only where the text gives it (word always).
CHANGE_FIELDS = ("value", "upper", "unit", "word", "qualifier", "base", "per_year", "range", "lower_unit")


def _written(value):
    """A field's value as the content file writes it: a number as typed (model Decimal -> its digits), a
    period as a year or a span."""
    from decimal import Decimal

    from .. import figures
    from ..model import Period

    if isinstance(value, Decimal):
        return figures.number(value)
    if isinstance(value, Period):
        return value.year if not value.span else str(value)
    return value


def change_fields(change) -> dict:
    """A change's fields as the draft writes them, in ``CHANGE_FIELDS`` order: those with a value (per_year
    only when true), and its word always."""
    out = {}
    for k in CHANGE_FIELDS:
        v = getattr(change, k)
        if k == "word" or (v is not None and v is not False):
            out[k] = _written(v)
    return out


def indicator_yaml(ind, label_guessed: bool = True) -> list[str]:
    """The indicator (model.Indicator) as YAML lines, each guess to check marked with a comment."""
    out = [f"  {ind.id}:"]
    out.append(f"    label: {scalar(ind.label)}" + ("  # check: label" if label_guessed else ""))
    if ind.text is not None:
        out.append(f"    text: {scalar(ind.text)}")
    if ind.value is not None:
        out += [f"    {field(k, _written(getattr(ind, k)))}" for k in ("value", "upper", "range", "lower_unit", "unit")
                if getattr(ind, k) is not None]
    out += [f"    {field(k, getattr(ind, k))}" for k in ("qualifier", "aim") if getattr(ind, k) is not None]
    if ind.period == 0:  # no year found in the text (meta.review_year left for you too): never a year 0
        out.append("    period:   # check: the year of the figure (none found: review_year or plan_year, or a span 2021-2025)")
    else:
        out.append(f"    {field('period', _written(ind.period))}")
    if ind.change is not None:
        inner = ", ".join(field(k, v, flow=True) for k, v in change_fields(ind.change).items())
        out.append(f"    change: {{{inner}}}")
    out.append(f"    {field('group', ind.group)}")
    if ind.headline:
        out.append("    headline: true  # check: headline (the review's summary and key figures; the outputs show up to "
                   f"{headline_max()})")
    if ind.target:
        out.append("    target: true  # check: target (from the sentence stating the 主要预期目标)")
    if ind.rider is not None:
        out.append(f"    {field('rider', ind.rider)}")
    return out
