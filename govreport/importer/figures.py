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

from .labels import (
    CLAUSE_END,
    COUNTED,
    SENTENCE_END,
    _clause_before,
    _is_word,
    _leading_verb,
    _tag,
    bad_label,
    cut,
    list_labels,
    noun_after,
    noun_core,
    relative_label,
    subject_before,
    tidy_label,
    verb_after,
    verb_only,
    word_lists,
)
from .vocab import data

# Words between a figure and its change that name nothing but the comparison (，同比增长 / 、较上年提高了):
# the change is that figure's. 比2020年 and 年均 are kept on the change (base, per_year).
COMPARATIVES = {"", "同比", "较上年", "比上年", "较去年", "比去年", "较上年同期", "比上年同期", "同比分别", "分别"}
BASE = re.compile(r"[比较](?P<year>(?:19|20)[0-9]{2})年(?:同期)?(?:的)?$")
PER_YEAR = "年均"
# Before a number, a name or a list marker, not a figure: 附件2名词解释, 附表1, 图3.
MARKER_BEFORE = ("附件", "附表", "附图", "图", "表", "注", "第", "其")
# After a figure's unit, a name: 30万吨级航道, 万亿级产业集群, 5A级, 3级.
NAME_AFTER = ("级",)


NUM = r"(?<![0-9.A-Za-z+＋第/／])(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?![0-9.]*[+＋A-Za-z0-9])"


@functools.lru_cache(maxsize=1)
def _patterns():
    d = data()
    units = set(d["units"])
    alt = lambda xs: "|".join(re.escape(x) for x in sorted(xs, key=len, reverse=True))
    seps = alt(d["range_separators"])
    change_units = alt(d["change_units"])
    upper = rf"(?:(?P<lunit>%|‰|[万亿])?(?P<sep>{seps})(?P<upper>{NUM}))?"
    change = re.compile(
        rf"(?P<word>{alt(d['change_words'])})(?P<le>了)?(?P<pre>{alt(d['prefix_qualifiers'])})?(?P<num>{NUM}){upper}"
        rf"(?P<unit>{change_units})(?P<suffix>{alt(d['suffix_qualifiers'])})?"
    )
    value = re.compile(
        rf"(?P<pre>{alt(d['prefix_qualifiers'])})?(?P<num>{NUM}){upper}(?P<mag>[万亿])?(?P<inf>{alt(d['infix_qualifiers'])})?"
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
    change: dict | None = None  # {value, unit, word} and, where the text has them, qualifier, base, per_year, upper …
    period: int | str = 0  # a year, or a span "2021-2025"
    group: str = ""
    headline: bool = False
    target: bool = False
    text: str | None = None  # a target stated in words
    upper: str | None = None  # a range's upper bound (5%—5.5%)
    range: str | None = None  # the range's separator when not the model's default
    lower_unit: str | None = None  # what follows the lower bound, when not the model's default
    aim: str | None = None  # 力争 / 争取 / 确保 before the figure
    rider: str | None = None  # words after a target that belong to it (在实际工作中努力争取更好结果)
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
    kind: str  # value | change | attached | target | skip
    m: re.Match | None
    fig: Figure | None = None


def bounds(m: re.Match) -> dict:
    """The number of a match as the model holds it: value, and a range's upper bound, separator and
    what follows the lower bound (only where they differ from the model's defaults)."""
    out = {"value": m.group("num")}
    if m.group("upper") is not None:
        out["upper"] = m.group("upper")
        if m.group("sep") != "—":
            out["range"] = m.group("sep")
        out["lower_unit"] = m.group("lunit") or ""
    return out


def _change_dict(m: re.Match, text: str = "") -> dict:
    out = {**bounds(m), "unit": m.group("unit"), "word": m.group("word")}
    q = m.group("pre") or m.group("suffix")
    if q:
        out["qualifier"] = q
    before = text[: m.start()]
    base = BASE.search(before[-12:])
    if base:
        out["base"] = int(base.group("year"))
    if before.endswith(PER_YEAR) or (base and before[: len(before) - len(base.group(0))].endswith(PER_YEAR)):
        out["per_year"] = True
    return out


def _is_range(text: str, m: re.Match) -> bool:
    """A range reads lower < upper, and 从3%到5% is a change from one figure to another, not a range."""
    if m.group("upper") is None:
        return True
    from decimal import Decimal

    if Decimal(m.group("upper")) <= Decimal(m.group("num")):
        return False
    if m.group("sep") in ("到", "至"):
        clause = text[max(0, m.start() - 16) : m.start()]
        if re.search(r"[从由]", re.split(r"[，。；：、]", clause)[-1]):
            return False
    return True


def _in_quotes(text: str, pos: int) -> bool:
    return text.count("“", 0, pos) > text.count("”", 0, pos)


def find_figures(text: str) -> list[Hit]:
    """Every figure and change phrase in ``text``, in order, with figures typed but not yet named."""
    units, change_re, value_re = _patterns()
    hits: list[Hit] = []
    for m in change_re.finditer(text):
        if _in_quotes(text, m.start()):
            continue
        if not _is_range(text, m):
            continue
        if m.group("pre") and m.group("suffix"):
            continue  # 增长超20%以上: two qualifiers; the model holds one
        hits.append(Hit(m.start(), m.end(), "change", m))
    taken = [(h.start, h.end) for h in hits]
    for m in value_re.finditer(text):
        unit = (m.group("mag") or "") + m.group("unit")
        if m.group("mag") and unit not in units and m.group("unit") not in units:
            continue
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if _in_quotes(text, m.start()):
            continue  # inside a quoted name: “15分钟社区美好生活圈”, “3+3”
        if m.group("pre") and m.start() > 0 and _is_word(text[m.start() - 1] + m.group("pre")):
            m = value_re.match(text, m.start("num"))  # 签约2.5亿美元: 约 ends the word 签约
            if m is None:
                continue
        if not _is_range(text, m):
            continue
        # 2023年, 第5次: a year or an ordinal is not a figure; so is a number glued to Latin text.
        if text[m.end() : m.end() + 1] in ("年", "月", "日", "届", "号", "版", "期") and m.group("unit") in ("个", "次"):
            continue
        # 附件2名词解释, 图3: a list marker; 30万吨级航道: a name.
        if any(text[: m.start("num")].endswith(w) for w in MARKER_BEFORE) and not m.group("pre"):
            continue
        if text[m.end("unit") : m.end("unit") + 1] in NAME_AFTER:
            continue
        hits.append(Hit(m.start(), m.end(), "value", m))
    hits.sort(key=lambda h: h.start)
    return hits


def _comparison_only(words: str) -> bool:
    """True when the words between a figure and a change name only the comparison (同比, 比2020年, 年均)."""
    words = words.strip("，,、 ")
    words = re.sub(r"[比较](?:19|20)[0-9]{2}年(?:同期)?的?", "", words)
    words = words.replace(PER_YEAR, "")
    return words in COMPARATIVES


AIM_BEFORE = re.compile(r"(?P<aim>力争|争取|确保)(?:达到|突破|实现|完成|超过|保持在?|稳定在|控制在)?$")


def aim_before(text: str, pos: int) -> str | None:
    """力争 / 争取 / 确保 right before a figure (or its verb): how firmly the text commits it."""
    m = AIM_BEFORE.search(_clause_before(text, pos))
    return m.group("aim") if m else None


def _from_figure(text: str, h: Hit, nxt: Hit | None) -> bool:
    """从75.6%提升至76.5%, 由51家整合为33家: the first figure is where the change started (another
    year's), named by the same words as the second; it stays text."""
    clause = _clause_before(text, h.start, CLAUSE_END + "、")
    if not re.search(r"(?:^|[^自])[从由](?:(?:19|20)[0-9]{2}年(?:底|末)?的?)?$", clause):
        return False
    return nxt is not None and re.match(r"^[^，。；、]{0,8}?(?:到|至|为)", text[h.end : nxt.start]) is not None


YEAR_OF = re.compile(r"(?<![0-9])(?P<year>20[0-9]{2})年(?!以来|来|度|前|以前|起|[0-9一二三四五六七八九十]+月)")
AHEAD = re.compile(r"未来五年|今后五年|十五五")
BEHIND = re.compile(r"五年来|这五年|五年间|过去五年|十四五|近五年")
# Words that name the review year without its number (全年GDP增长4%, 去年…): in a part or paragraph of
# the five years behind, a figure after them in its sentence is the year's.
THE_YEAR = re.compile(r"全年|去年|过去一年|刚刚过去的一年")


def behind(review: int) -> str:
    """The five years a review looks back on, as a draft writes them: 2021-2025."""
    return f"{review - 4}-{review}"


def ahead(plan: int) -> str:
    """The five years a plan looks ahead to: 2026-2030."""
    return f"{plan}-{plan + 4}"


def period_of(text: str, pos: int, default, years: tuple | None, change: dict | None = None):
    """The period a figure at ``pos`` is for: a year its clause names (到2030年…, 2025年的7.4万元), the
    five years its sentence speaks of (年均增长5.9%, 这五年…: 2021-2025; 未来五年, 十五五: 2026-2030),
    else ``default`` (the part's year)."""
    if not years or not years[0]:
        return default
    review, plan = years
    start = max(text.rfind(c, 0, pos) for c in "。！？；") + 1
    before = text[start:pos]
    clause = _clause_before(text, pos)
    year = None
    for m in YEAR_OF.finditer(clause):
        year = int(m.group("year"))
    if year is None:  # the year the sentence opens with: 2025年，… / 到2030年，…
        m = YEAR_OF.match(before, re.match(r"(?:到|至|截至|截止|在)?", before).end())
        year = int(m.group("year")) if m else None
    if year is not None and not re.search(r"[比较从由]$", clause[: clause.find(str(year))]):
        return year
    if default == behind(review) and THE_YEAR.search(before):
        return review
    end = min((i for i in (text.find(c, pos) for c in "。！？；") if i >= 0), default=len(text))
    sentence = text[start:end]
    if AHEAD.search(sentence):
        return ahead(plan)
    if (change and change.get("per_year")) or BEHIND.search(sentence):
        return behind(review) if default == review or not AHEAD.search(sentence) else ahead(plan)
    return default


def type_figures(text: str, period, where: tuple, years: tuple | None = None) -> list[Hit]:
    """The figures of one paragraph text, each with a Figure (label, value, unit, change); ``years``
    (review, plan) lets a figure carry the year or span its sentence names."""
    hits = find_figures(text)
    last_value: Hit | None = None
    last_change: Hit | None = None
    labels_left: list[str] = []  # 商品销售总额、社会消费品零售总额分别同比增长1%、14%
    to_end: set[int] = set()  # hits that end a from-to (从…到…): the level reached
    values_left: list[str] = []  # 普及率、覆盖率分别达到88%、83.6%
    for n, h in enumerate(hits):
        between_prev = text[(last_value.end if last_value else 0) : h.start]
        if any(c in between_prev for c in SENTENCE_END):
            last_value = None
        if h.kind == "change":
            m = h.m
            change = _change_dict(m, text)
            # The change's own clause, from the figure before it or the last comma: a change whose
            # clause names nothing but the comparison (，同比增长 / 、比2020年下降) is that figure's.
            own = _clause_before(text, h.start)
            if last_value is not None and last_value.end > h.start - len(own) - 1:
                own = text[last_value.end : h.start]
            if (
                last_value is not None
                and last_value.fig.change is None
                and not any(c in text[last_value.end : h.start] for c in SENTENCE_END)
                and _comparison_only(own)
                and not (m.group("unit") == "个百分点" and last_value.fig.unit != "%")
            ):
                last_value.fig.change = change
                if change.get("per_year"):
                    last_value.fig.period = period_of(text, m.start(), period, years, change)
                last_value.fig.change_span = text[m.start("pre") if m.group("pre") else m.start("num") : m.end()]
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
                labels_left = list_labels(subject)
                subject = labels_left.pop(0)
            fig = Figure(label=subject, change=change, period=period_of(text, m.start(), period, years, change), where=where,
                         aim=aim_before(text, m.start()))
            fig.change_span = text[m.start("pre") if m.group("pre") else m.start("num") : m.end()]
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
        ):
            first = last_change.fig.change
            change = {**bounds(m), "unit": unit, "word": first["word"]}
            if m.group("suffix"):
                change["qualifier"] = m.group("suffix")
            label = labels_left.pop(0) if labels_left else last_change.fig.label
            fig = Figure(label=label, change=change, period=last_change.fig.period, where=where)
            fig.change_span = text[m.start("num") : m.end()]
            fig.checks.append("label")
            h.fig, h.kind = fig, "change"
            last_change = h
            continue
        qualifier = m.group("pre") or m.group("inf") or m.group("suffix")
        if sum(1 for g in ("pre", "inf", "suffix") if m.group(g)) > 1:
            continue  # two qualifiers on one figure: the model holds one; leave it in the text
        if _from_figure(text, h, hits[n + 1] if n + 1 < len(hits) else None):
            to_end.add(n + 1)
            continue
        rng = bounds(m)
        at = period_of(text, h.start, period, years)
        if n in to_end and years and years[0] and at == behind(years[0]):
            at = years[0]  # 从1000亿元增长到1500亿元 over the five years: where they ended, the review year's level
        fig = Figure(value=m.group("num"), unit=unit, qualifier=qualifier, period=at,
                     where=where,
                     upper=rng.get("upper"), range=rng.get("range"), lower_unit=rng.get("lower_unit"),
                     aim=aim_before(text, h.start))
        fig.value_span = text[h.start : h.end]
        label = ""
        # 普及率、覆盖率、治理率分别提高到88%、83.6%、87.5%: one label of the list per figure.
        if text[last_value.end : h.start] == "、" if last_value else False:
            if values_left:
                label = values_left.pop(0)
        elif "分别" in _clause_before(text, h.start)[-8:]:
            subject = subject_before(text, h.start, last_value.end if last_value else 0, list_items=False)
            items = list_labels(subject) if "、" in subject else []
            if len(items) == 1 + _list_after(text, h, hits[n + 1 :]):
                label, values_left = items[0], items[1:]
            else:
                values_left = []
        if not label and m.group("unit") in COUNTED:
            label = noun_after(text, h.end)
            if label:
                fig.verb_after = verb_after(text, h.end + len(label))
                verb = _leading_verb(_clause_before(text, h.start))
                # 新增5家企业 -> 新增企业: the verb right before the figure names it too (实施杜家坎等12项市级疏堵工程: not)
                if (verb and verb not in word_lists()["light_verbs"] and not label.startswith(verb)
                        and _clause_before(text, h.start).endswith(verb)):
                    label = verb + label
                elif bad_label(label) or len(cut(label)) == 1:
                    label = relative_label(text, h.end + len(label), label) or label
        if not label and unit == "%" and text[h.end : h.end + 1] == "的":
            label = noun_after(text, h.end + 1)  # 85%的居民: a share of them (4.5%左右的增长目标: no share)
            label = label + "比例" if label and not _tag(label)[0][1].startswith("v") else ""
        if not label:
            label = subject_before(text, h.start, last_value.end if last_value else 0)
        if not label and last_value is not None and text[last_value.end : h.start].strip("，、") == "":
            label = ""  # 、5.5%: a list whose labels were not found
        elif not label and last_value is not None:
            label = last_value.fig.label + "（累计）" if "累计" in _clause_before(text, h.start) else ""
        if not label:
            label = noun_after(text, h.end)
        label = tidy_label(label)
        if (last_value is not None and verb_only(label) and len(_tag(label)) == 1
                and text[last_value.end : h.start].lstrip("，、") == label):
            # 筹措建设1765套、供应4400套 / 发放…资金2.14亿元，惠及31.62万人次: the verb's thing is the figure's before
            core = noun_core(last_value.fig.label)
            label = core + label if core else label
        fig.label = label
        fig.checks.append("label")
        h.fig = fig
        last_value = h
        last_change = None
    return [h for h in hits if h.fig is not None and h.kind != "skip"]


def _list_after(text: str, h: Hit, rest: list[Hit]) -> int:
    """How many figures follow ``h`` as a list (、88%、83.6%)."""
    n, end = 0, h.end
    for r in rest:
        if r.kind != "value" or text[end : r.start] != "、":
            break
        n, end = n + 1, r.end
    return n
