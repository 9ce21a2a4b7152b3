"""Figures found in a paragraph's text and typed (value, unit, qualifier, change).

What counts as a figure: Arabic digits followed by a unit of ``govreport/data/import.yaml``
(``2286.2亿元``, ``600余人``, ``5%左右``), with a qualifier before, inside or after it (超过 / 余 /
左右), or a change phrase (``增长12.8%``, ``提高9个百分点``). A change right after a figure
(``，同比增长12.8%``, ``，较上年提高了9个百分点``) is that figure's change; one with no figure of its
own before it (``营收同比增长52%``) is a change-only figure. Years, dates and ordinals carry no unit
of the list (2023年, 1月16日, 第5次 is refused by its 第) and numbers inside ``3+3`` or ``5G`` are
skipped, so they are not figures.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .labels import (
    COUNTED,
    SENTENCE_END,
    _clause_before,
    _is_word,
    _leading_verb,
    noun_after,
    subject_before,
    tidy_label,
    verb_after,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "import.yaml"

COMPARATIVES = {"", "同比", "较上年", "比上年", "较去年", "比去年", "较上年同期", "比上年同期", "同比分别", "分别"}


@functools.lru_cache(maxsize=1)
def data() -> dict:
    from ..loader import load_template

    return load_template(DATA)


@functools.lru_cache(maxsize=1)
def _patterns():
    d = data()
    units = set(d["units"])
    change_units = ["个百分点", "%"]
    num = r"(?<![0-9.A-Za-z+＋第/／])(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?![0-9.]*[+＋A-Za-z0-9])"
    alt = lambda xs: "|".join(re.escape(x) for x in sorted(xs, key=len, reverse=True))
    words = alt(d["change_words"])
    change = re.compile(
        rf"(?P<word>{words})(?P<le>了)?(?P<num>{num})(?P<unit>{alt(change_units)})(?P<suffix>{alt(d['suffix_qualifiers'])})?"
    )
    value = re.compile(
        rf"(?P<pre>{alt(d['prefix_qualifiers'])})?(?P<num>{num})(?P<mag>[万亿])?(?P<inf>{alt(d['infix_qualifiers'])})?"
        rf"(?P<unit>{alt(units)})(?P<suffix>{alt(d['suffix_qualifiers'])})?"
    )
    return units, change, value


@dataclass
class Figure:
    """One indicator the importer proposes."""

    id: str = ""
    label: str = ""
    value: str | None = None
    unit: str = ""
    qualifier: str | None = None
    change: dict | None = None  # {value, unit, word}
    period: int = 0
    group: str = ""
    headline: bool = False
    target: bool = False
    text: str | None = None  # a target stated in words
    checks: list[str] = field(default_factory=list)
    where: tuple = ()  # (part index or -1, area index or -1)
    verb_after: str = ""  # 2个经济楼宇开工建设 -> 开工: tells two figures of one label apart
    # spans in the paragraph text, filled when the references are put in
    value_span: str = ""
    change_span: str = ""


@dataclass
class Hit:
    start: int
    end: int
    kind: str  # value | change | list (a bare figure after 、 continuing a change list)
    m: re.Match
    fig: Figure | None = None



def _change_dict(m: re.Match) -> dict:
    return {"value": m.group("num"), "unit": m.group("unit"), "word": m.group("word")}


def find_figures(text: str) -> list[Hit]:
    """Every figure and change phrase in ``text``, in order, with figures typed but not yet named."""
    units, change_re, value_re = _patterns()
    hits: list[Hit] = []
    for m in change_re.finditer(text):
        if text.count("“", 0, m.start()) > text.count("”", 0, m.start()):
            continue
        hits.append(Hit(m.start(), m.end(), "change", m))
    taken = [(h.start, h.end) for h in hits]
    for m in value_re.finditer(text):
        unit = (m.group("mag") or "") + m.group("unit")
        if m.group("mag") and unit not in units and m.group("unit") not in units:
            continue
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if text.count("“", 0, m.start()) > text.count("”", 0, m.start()):
            continue  # inside a quoted name: “15分钟社区美好生活圈”, “3+3”
        if m.group("pre") and m.start() > 0 and _is_word(text[m.start() - 1] + m.group("pre")):
            m = value_re.match(text, m.start("num"))  # 签约2.5亿美元: 约 ends the word 签约
            if m is None:
                continue
        # 2023年, 第5次: a year or an ordinal is not a figure; so is a number glued to Latin text.
        if text[m.end() : m.end() + 1] in ("年", "月", "日", "届", "号", "版", "期") and m.group("unit") in ("个", "次"):
            continue
        hits.append(Hit(m.start(), m.end(), "value", m))
    hits.sort(key=lambda h: h.start)
    return hits


def type_figures(text: str, period: int, where: tuple) -> list[Hit]:
    """The figures of one paragraph text, each with a Figure (label, value, unit, change)."""
    hits = find_figures(text)
    last_value: Hit | None = None
    last_change: Hit | None = None
    labels_left: list[str] = []  # 商品销售总额、社会消费品零售总额分别同比增长1%、14%
    for h in hits:
        between_prev = text[(last_value.end if last_value else 0) : h.start]
        if any(c in between_prev for c in SENTENCE_END):
            last_value = None
        if h.kind == "change":
            m = h.m
            # The change's own clause, from the figure before it or the last comma: a change whose
            # clause names nothing but the comparison (，同比增长 / ，较上年提高了) is that figure's.
            own = _clause_before(text, h.start)
            if last_value is not None and last_value.end > h.start - len(own):
                own = text[last_value.end : h.start]
            if (
                last_value is not None
                and last_value.fig.change is None
                and not any(c in text[last_value.end : h.start] for c in SENTENCE_END)
                and own.strip("，, ") in COMPARATIVES
                and not (m.group("unit") == "个百分点" and last_value.fig.unit != "%")
            ):
                last_value.fig.change = _change_dict(m)
                last_value.fig.change_span = text[m.start("num") : m.end("unit")]
                h.fig = last_value.fig
                h.kind = "attached"
                last_change = h
                continue
            floor = last_value.end if last_value else 0
            clause = _clause_before(text, m.start())
            list_clause = "分别" in clause and "、" in clause
            subject = subject_before(text, m.start(), floor, list_items=not list_clause)
            labels_left = []
            if list_clause and "、" in subject:
                labels_left = [s for s in subject.split("、") if s]
                subject = labels_left.pop(0)
            fig = Figure(label=subject, change=_change_dict(m), period=period, where=where)
            fig.change_span = text[m.start("num") : m.end("unit")]
            if m.group("suffix"):  # 增长5%左右 outside the targets: the change cannot hold it
                fig.change_span = ""
                h.kind = "skip"
                continue
            fig.checks.append("label")
            h.fig = fig
            last_change = h
            continue
        m = h.m
        unit = (m.group("mag") or "") + m.group("unit")
        # 分别同比增长1%、14%: a bare percentage after 、 continues the list of changes.
        if (
            unit in ("%", "个百分点")
            and last_change is not None
            and last_change.kind == "change"
            and text[last_change.end : h.start] == "、"
            and not m.group("pre")
            and not m.group("suffix")
        ):
            first = last_change.fig.change
            label = labels_left.pop(0) if labels_left else last_change.fig.label
            fig = Figure(label=label, change={"value": m.group("num"), "unit": unit, "word": first["word"]}, period=period, where=where)
            fig.change_span = text[m.start("num") : m.end("unit")]
            fig.checks.append("label")
            h.fig, h.kind = fig, "change"
            last_change = h
            continue
        qualifier = m.group("pre") or m.group("inf") or m.group("suffix")
        if sum(1 for g in ("pre", "inf", "suffix") if m.group(g)) > 1:
            continue  # two qualifiers on one figure: the model holds one; leave it in the text
        fig = Figure(value=m.group("num"), unit=unit, qualifier=qualifier, period=period, where=where)
        fig.value_span = text[h.start : h.end]
        label = ""
        if m.group("unit") in COUNTED:
            label = noun_after(text, h.end)
            if label:
                fig.verb_after = verb_after(text, h.end + len(label))
                verb = _leading_verb(_clause_before(text, h.start))
                label = verb + label if verb and not label.startswith(verb) else label
        if not label and unit == "%" and text[h.end : h.end + 1] == "的":
            label = noun_after(text, h.end + 1)
            label = label + "比例" if label else ""
        if not label:
            label = subject_before(text, h.start, last_value.end if last_value else 0)
        if not label and last_value is not None:
            label = last_value.fig.label + "（累计）" if "累计" in _clause_before(text, h.start) else last_value.fig.label
        if not label:
            label = noun_after(text, h.end) or fig.value_span
        fig.label = tidy_label(label) or fig.value_span
        fig.checks.append("label")
        h.fig = fig
        last_value = h
        last_change = None
    return [h for h in hits if h.fig is not None and h.kind != "skip"]


