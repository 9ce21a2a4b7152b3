"""The draft written as a content file, by hand, so it reads like the file a person edits:
meta, groups, the figures as indicators, the body with ``{id}`` references."""

from __future__ import annotations

import json

import yaml

from . import draft as typed
from .figures import Figure
from .draft import _fields, headline_max
from .meta import NOT_FOUND, _meta
from .structure import Draft


NUMBER_KEYS = ("value", "upper")  # a figure's number, written as the report writes it: value: 5.5


def scalar(value, flow: bool = False) -> str:
    """A YAML scalar: plain when it reads back as the same string, else double-quoted. ``flow``: inside
    a flow mapping ({value: 5, unit: "%"}), where a comma or brace ends it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) or value is None:
        return "null" if value is None else str(value)
    s = str(value)
    if s and s == s.strip() and "\n" not in s and not s.startswith(("{", "[", "*", "&", "!", "|", ">", "'", '"', "%", "@", "`")):
        try:
            if flow and yaml.safe_load(f"k: {{v: {s}}}") == {"k": {"v": s}}:
                return s
            if not flow and yaml.safe_load(f"k: {s}") == {"k": s}:
                return s
        except yaml.YAMLError:
            pass
    return json.dumps(s, ensure_ascii=False)


def field(key: str, value, flow: bool = False) -> str:
    """``key: value`` as the content file writes it: a figure's number bare (the loader reads it exactly
    as typed: 2286.20 stays 2286.20), every other value through ``scalar``."""
    from ..figures import number_problem

    if key in NUMBER_KEYS and isinstance(value, str) and number_problem(value) is None:
        return f"{key}: {value}"
    return f"{key}: {scalar(value, flow)}"


def _paragraphs(items: list, indent: str) -> list[str]:
    out = []
    for p in items:
        check = f"  # check: {p['check']}" if p.get("check") else ""
        if "lead" in p:
            out.append(f"{indent}- lead: {scalar(p['lead'])}{check}")
            out.append(f"{indent}  text: {scalar(p['text'])}")
        else:
            out.append(f"{indent}- {scalar(p['text'])}{check}")
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
    if draft.figures:
        lines += ["", "indicators:"]
        for f in draft.figures:
            lines += indicator_yaml(f)
    else:
        lines += ["", "indicators: {}"]
    lines += ["", "body:", "  opening:", *_paragraphs(draft.opening, "    "), "  parts:"]
    for part in draft.parts:
        lines.append(f"    - heading: {scalar(part['heading'])}")
        if part["intro"]:
            lines += ["      intro:", *_paragraphs(part["intro"], "        ")]
        if part["areas"]:
            lines.append("      areas:")
            for a in part["areas"]:
                lines.append(f"        - heading: {scalar(a['heading'])}")
                if a["run_in"]:
                    lines.append("          run_in: true")
                lines += ["          paragraphs:", *_paragraphs(a["paragraphs"], "            ")]
        if part["closing"]:
            lines += ["      closing:", *_paragraphs(part["closing"], "        ")]
    if draft.closing:
        lines += ["  closing:", *_paragraphs(draft.closing, "    ")]
    lines += _annexes_yaml(draft.annexes, draft.glossary)
    return "\n".join(lines) + "\n"


def _annexes_yaml(annexes: list, glossary: dict | None) -> list[str]:
    """The annexes after the closing (附件1 …) and the glossary (名词解释 / 注释), as the model holds them."""
    from ..figures import DEFAULT_NUMBERING

    lines: list[str] = []
    if annexes:
        lines += ["", "annexes:"]
        for a in annexes:
            lines.append(f"  - label: {scalar(a['label'])}")
            lines.append(f"    title: {scalar(a['title'])}")
            if a.get("numbering", DEFAULT_NUMBERING) != DEFAULT_NUMBERING:
                lines.append(f"    numbering: {scalar(a['numbering'])}")
            kind = "items" if a.get("items") else "paragraphs"
            lines += [f"    {kind}:", *_paragraphs(a[kind], "      ")]
    if glossary:
        lines += ["", "glossary:"]
        if glossary.get("label"):
            lines.append(f"  label: {scalar(glossary['label'])}")
        lines.append(f"  title: {scalar(glossary['title'])}")
        if glossary["numbering"] != DEFAULT_NUMBERING:
            lines.append(f"  numbering: {scalar(glossary['numbering'])}")
        lines.append("  terms:")
        for t in glossary["terms"]:
            lines += [f"    - term: {scalar(t['term'])}", f"      text: {scalar(t['text'])}"]
    return lines




def indicator_yaml(f: Figure) -> list[str]:
    """The indicator as YAML lines, each guess to check marked with a comment."""
    out = [f"  {f.id}:"]
    out.append(f"    label: {scalar(f.label)}" + ("  # check: label" if "label" in f.checks else ""))
    if f.text is not None:
        out.append(f"    text: {scalar(f.text)}")
    fields = _fields(f)
    if f.value is not None:
        out += [f"    {field(k, fields[k])}" for k in ("value", "upper", "range", "lower_unit", "unit") if k in fields]
    out += [f"    {field(k, fields[k])}" for k in ("qualifier", "aim") if k in fields]
    out.append(f"    {field('period', f.period)}")
    if f.change:
        inner = ", ".join(field(k, v, flow=True) for k, v in fields["change"].items())
        out.append(f"    change: {{{inner}}}")
    out.append(f"    {field('group', f.group)}")
    if f.headline:
        out.append("    headline: true  # check: headline (the review's summary and first area; the outputs show up to "
                   f"{headline_max()})")
    if f.target:
        out.append("    target: true  # check: target (from the sentence stating the 主要预期目标)")
    if f.rider:
        out.append(f"    {field('rider', f.rider)}")
    return out
