"""What the builders pick: one set of rules that the deck, the brief (and the web page, which shows
the brief's picks) and lint call, so the outputs never disagree about what a reader sees first.

=========================  ===================================================================
rule                       what it decides
=========================  ===================================================================
``tile_count``             how many headline figures are tiles: the smaller of the deck's and the
                           brief's ``tiles.max`` (lint warns past it; the importer proposes no more)
``tiles``                  which figures are tiles: headline figures of the review year, in table
                           order; a target (the targets table has it) or a five-year, 2020 or 2030
                           figure never stands as the review year's. Every one is shown large
                           outside the areas: fewer than ``least`` are still tiles (the deck sets
                           them larger, with the report's sentence stating them when it says more),
                           never left to their areas
``growth_rates``           the growth chart: changes in % of amounts of the review year, the
                           headline ones first (never dropped for a group's); when they are fewer
                           than ``least``, filled from the one group with the most; at most
                           ``bars`` (the smaller of the deck's ``max_categories`` and the brief's
                           ``max_bars``), the headline ones kept first, then the largest
``shares``                 the share chart: shares in % of the review year of one measure
                           (税收占…比重 with 税收占…比重, never with a 小区占比)
``mark``                   the word a figure that is not the review year's achievement carries:
                           目标 / 力争 / 预期 (targets and plan-year task figures), its span or year
``distinct_labels``        labels of figures shown side by side, told apart when two read alike
``fit_label``              an over-long label: the ``short:`` label, else one derived from the
                           label (its last whole words), with a note; never cut with …
``kind`` / ``rank``        amount, change, share, rate (a concentration), count; rows and figures
                           ranked by what a reader needs first (amounts and their changes, shares
                           and rates, then counts by size)
``worth_a_tile``           a figure shown large (amount, change, share, headline, a count of 100
                           or more); a small count (1个, 6家) goes to a table or the notes
=========================  ===================================================================

Nothing here imports an output library or reads a template file itself: a builder passes what
its templates say (``Rules.of(config)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Optional

from . import config as templates, figures, paths, references
from .errors import ContentError
from .model import Indicator, Report

TILES = 8  # tiles when the templates say nothing (a restyled template without tiles.max)
LEAST_BARS = 3  # a chart of fewer bars says nothing a sentence would not
# growth-chart bars when the templates say nothing (deck.yaml chart.max_categories, brief.yaml chart.max_bars)
BARS = 10
SHARE_WORDS = ("比重", "占比")
# A count below this is an item of a list (1所, 6家, 41户), not a figure a room remembers: it goes to a
# table or the notes, never to a tile of its own.
SMALL_COUNT = 100
# Units of an amount (money, mass, energy, area, length, volume): 亿元, 元/平方米, 万吨, 亿斤, 万千瓦 …
AMOUNT_UNITS = ("元", "吨", "斤", "千克", "瓦", "平方米", "平方公里", "立方米", "公里", "千米", "亩", "标箱", "标准箱")
SHARE_UNITS = ("%", "‰")
# A concentration (PM2.5 36.2微克/立方米) is no amount of volume though its unit ends in 立方米: a rate,
# ranked with the shares.
CONCENTRATION = re.compile(r"^[微毫]?克/(立方米|升)$")


@dataclass(frozen=True)
class Rules:
    """The rules' parameters, as the templates set them (deck.yaml's chart, both tiles.max, both
    charts' most bars)."""

    tiles: int = TILES
    least: int = LEAST_BARS
    bars: int = BARS
    not_growth_units: tuple[str, ...] = figures.NOT_GROWTH_UNITS
    share_words: tuple[str, ...] = SHARE_WORDS

    @classmethod
    def of(cls, config) -> "Rules":
        """From a loaded template folder (``config.Templates``, what ``ctx.config`` is)."""
        plain = getattr(config, "plain", {}) or {}
        chart = (plain.get("deck.yaml") or {}).get("chart") or {}
        units = chart.get("not_growth_units")
        return cls(
            tiles=tile_count(config),
            least=int(chart.get("min_bars", LEAST_BARS)),
            bars=bar_count(config),
            not_growth_units=tuple(str(u) for u in units) if units else figures.NOT_GROWTH_UNITS,
            share_words=tuple(str(w) for w in chart.get("share_words") or SHARE_WORDS),
        )


def tile_count(config=None) -> int:
    """How many headline figures the outputs show as tiles: the smaller of deck.yaml's and
    brief.yaml's ``tiles.max``. ``config``: a loaded template folder; None: the templates a build
    would load (templates that do not load say ``TILES``: the build reports their problems)."""
    if config is None:
        try:
            config = templates.load(paths.overlay() or paths.builtin_templates())
        except ContentError:
            return TILES
    return _smallest(config, (("deck.yaml", "tiles", "max"), ("brief.yaml", "tiles", "max")), TILES)


def _smallest(config, settings, default: int) -> int:
    """The smallest of the templates' ``settings`` ((file, block, key) each) that are set, else
    ``default`` (a restyled template without them)."""
    plain = getattr(config, "plain", {}) or {}
    n = None
    for name, block, key in settings:
        try:
            v = int(plain[name][block][key])
        except (KeyError, TypeError, ValueError):
            continue
        n = v if n is None else min(n, v)
    return n if n is not None else default


def bar_count(config) -> int:
    """How many growth rates the growth chart shows at most: the smaller of deck.yaml's
    ``chart.max_categories`` and brief.yaml's ``chart.max_bars`` (so the deck and the brief show
    the same bars); ``BARS`` when neither says."""
    return _smallest(config, (("deck.yaml", "chart", "max_categories"), ("brief.yaml", "chart", "max_bars")), BARS)


# What is shown as the review year's ------------------------------------------------------

def of_the_year(report: Report, ind: Indicator) -> bool:
    """A figure of the review year whose change, if any, is the year's (not 比2020年下降25%, not 年均):
    what a tile or a growth bar shows as the year's."""
    return report.is_review(ind) and figures.of_last_year(ind.change)


def tiles(report: Report, n: int) -> tuple[list[Indicator], list[Indicator]]:
    """(the tiles, the headline figures left over): headline figures of the review year (its own
    change: ``of_the_year``) with a figure to show, in table order, at most ``n``; a change stated
    apart from its level is one tile with it (``with_level``)."""
    heads = [i for i in report.indicators.values()
             if i.headline and of_the_year(report, i) and (i.value is not None or i.change is not None)]
    heads = with_level(report, heads)
    return heads[:n], heads[n:]


def with_level(report: Report, inds: list[Indicator]) -> list[Indicator]:
    """A change stated apart from its level (河南省: 进出口总值9356.7亿元 in one sentence, 进出口总值
    增长14.1% in another: two figures of one label) is one figure with it, where the first of the
    two stood: the level's indicator with the change, so two tiles never read the same label with
    one's level and the other's change. Only where the review year has one such level (same
    label, a value, no change of its own). Either may be the one picked: a level picked alone
    takes the year's one change of its label (河北省: 全省生产总值4.93万亿元 and, apart,
    全省生产总值增长5.6%)."""
    levels: dict[str, list[Indicator]] = {}
    changes: dict[str, list[Indicator]] = {}
    for i in report.review_indicators:
        if i.value is not None and i.change is None and of_the_year(report, i):
            levels.setdefault(i.label, []).append(i)
        elif i.value is None and i.change is not None and of_the_year(report, i):
            changes.setdefault(i.label, []).append(i)
    picked = {i.id for i in inds}
    out: list[Indicator] = []
    merged: set[str] = set()
    for i in inds:
        if i.id in merged:
            continue
        alone = changes.get(i.label, [])
        if (i.value is not None and i.change is None and len(levels.get(i.label, [])) == 1
                and len(alone) == 1 and alone[0].id not in picked):
            merged.add(alone[0].id)
            out.append(i.model_copy(update={"change": alone[0].change}))
            continue
        if i.value is None and i.change is not None and len(levels.get(i.label, [])) == 1:
            level = levels[i.label][0]
            if level.id not in merged:
                merged.add(level.id)
                joined = level.model_copy(update={"change": i.change, "headline": True})
                at = next((k for k, o in enumerate(out) if o.id == level.id), None)
                if at is None:
                    out.append(joined)
                else:
                    out[at] = joined
                continue
        out.append(i)
    return out


def growth_rates(report: Report, rules: Rules = Rules()) -> list[Indicator]:
    """The growth chart's figures: changes in % of amounts of the review year (not of a share, a
    rate or a concentration). The headline ones first, every one of them: when there are
    ``rules.least``, they alone; else with those of the one group with the most of the others
    (never two groups filling), when together they come to ``least``; else the headline ones
    alone (a builder draws no chart of fewer than it allows: they stand as tiles). At most
    ``rules.bars``: the headline ones kept first, then the largest. In table order."""
    pool = [i for i in report.review_indicators
            if figures.is_growth_rate(i, rules.not_growth_units) and of_the_year(report, i)]
    heads = [i for i in pool if i.headline]
    chosen = heads
    if len(heads) < rules.least and pool:
        best = _largest([i for i in pool if not i.headline], lambda i: i.group)
        if len(heads) + len(best) >= rules.least:
            chosen = heads + best
    if len(chosen) > rules.bars:
        order = {i.id: k for k, i in enumerate(chosen)}
        kept = {i.id for i in sorted(chosen, key=lambda i: (not i.headline, -figures.bar_value(i), order[i.id]))
                [: rules.bars]}
        chosen = [i for i in chosen if i.id in kept]
    order = {k: n for n, k in enumerate(report.indicators)}
    return sorted(chosen, key=lambda i: order.get(i.id, len(order)))


def share_measure(label: str) -> str:
    """What a share is a share of: the last word before 占 (税收占全区比重 -> 税收), or, for a label
    ending in 占比/比重 without 占, the last word before it (小区占比 -> 小区)."""
    head = label.split("占", 1)[0] if "占" in label else re.sub(r"(占比|比重|比例)$", "", label)
    head = re.sub(r"[“”\"'（）()]", "", head)
    words = [w for w in _words(head) if w.strip()]
    return words[-1] if words else head


def shares(report: Report, rules: Rules = Rules()) -> list[Indicator]:
    """The share chart's figures: shares in % of the review year (their label names a share) of
    one measure, the measure with the most; in table order. A chart never puts a crime share
    (电信网络诈骗“零发案”居民小区占比) beside tax shares."""
    pool = [i for i in report.review_indicators
            if i.value is not None and i.upper is None and i.unit == "%" and any(w in i.label for w in rules.share_words)]
    return _largest(pool, lambda i: share_measure(i.label))


def _largest(inds: list[Indicator], key: Callable[[Indicator], str]) -> list[Indicator]:
    """The largest class of ``inds`` by ``key`` (the first on a tie), in their order."""
    classes: dict[str, list[Indicator]] = {}
    for i in inds:
        classes.setdefault(key(i), []).append(i)
    return max(classes.values(), key=len) if classes else []


def is_plan(report: Report, ind: Indicator) -> bool:
    """A target or a plan-year (or later) figure: what the report sets out to do, not what it did."""
    return ind.target or ind.period.start >= report.meta.plan_year


_AIMS_SEEN: dict = {}  # id(report) -> (report, {id: aim}): a few reports of a build, kept alive while cached


def text_aims(report: Report) -> dict[str, str]:
    """The aim the text commits a plan-year figure with when the content gives none: 力争, 争取 or
    确保 in the clause before its ``{id}`` (力争国控断面水质优良比例达到{water_quality})."""
    got = _AIMS_SEEN.get(id(report))
    if got is not None and got[0] is report:
        return got[1]
    out: dict[str, str] = {}
    for _, _, p in report.paragraphs():
        for text in (p.lead or "", p.text):
            for r in references.find(text):
                ind = report.indicators.get(r.id) if not r.error else None
                if ind is None or ind.aim or r.id in out or not is_plan(report, ind):
                    continue
                clause = re.split(r"[，；。！？：]", text[: r.start])[-1]
                found = [a for a in figures.AIMS if a in clause]
                if found:
                    out[r.id] = found[0]
    if len(_AIMS_SEEN) > 8:
        _AIMS_SEEN.clear()
    _AIMS_SEEN[id(report)] = (report, out)
    return out


def mark(report: Report, ind: Indicator) -> str:
    """What a figure on a slide or in the brief carries when it is not the review year's
    achievement: its aim (力争, 争取, 确保: ``aim:``, else the word its text commits it with) or 预期 for a target, 目标 for another plan-year or
    later figure (a task's 100%, a 2030 goal, with its year when later), the span of a five-year
    figure (2021—2025年), the year of another year's (2020年); '' for a review-year figure."""
    m = report.meta
    p = ind.period
    if is_plan(report, ind):
        aim = ind.aim or text_aims(report).get(ind.id)
        if aim:
            return aim
        if ind.target:
            return "预期"
        return "目标" if p.start == m.plan_year else f"{p.start}年目标"
    if p.span:
        return f"{p.start}—{p.end}年"
    if p != m.review_year:
        return f"{p.start}年"
    return ""


# Labels ----------------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    import rjieba

    return list(rjieba.cut(text))


def distinct_labels(report: Report, inds: Iterable[Indicator]) -> dict[str, str]:
    """The label each figure shown side by side gets, two alike told apart: 城镇和农村居民人均可支配
    收入 twice reads 城镇居民… and 农村居民…; else by the year, the unit, the change word, or the
    group; a number only when nothing else differs."""
    out, rest = _alike(report, inds)
    for label, same in rest.items():
        for tell in (lambda i: mark(report, i), lambda i: i.unit, lambda i: figures.change_words(i.change) if i.change else "",
                     lambda i: report.groups.get(i.group, "")):
            told = [tell(i) for i in same]
            if len(set(told)) == len(told) and all(told):
                for i, t in zip(same, told):
                    out[i.id] = f"{label}（{t}）"
                break
        else:
            for k, i in enumerate(same, 1):
                out[i.id] = f"{label}（{k}）"
    return out


def member_labels(report: Report, inds: Iterable[Indicator]) -> dict[str, str]:
    """The label of each row of a table: its own, but two rows alike whose label names two things
    at once read one each (城镇和农村居民人均可支配收入 twice: 城镇居民…, 农村居民…). Rows alike
    otherwise are told apart by their figures, in the table's columns beside them."""
    return _alike(report, inds)[0]


def _alike(report: Report, inds: Iterable[Indicator]) -> tuple[dict[str, str], dict[str, list[Indicator]]]:
    """(label per figure, the labels still shared by two or more: label -> figures), after
    reading a label that names two things as its members (``_members``)."""
    order = {k: n for n, k in enumerate(report.indicators)}
    inds = sorted(inds, key=lambda i: order.get(i.id, len(order)))  # members are named in the report's order
    out = {i.id: i.display_label for i in inds}
    by: dict[str, list[Indicator]] = {}
    for i in inds:
        by.setdefault(out[i.id], []).append(i)
    rest = {}
    for label, same in by.items():
        if len(same) < 2:
            continue
        parts = _members(label, len(same))
        if parts:
            for i, text in zip(same, parts):
                out[i.id] = text
        else:
            rest[label] = same
    return out, rest


_JOIN = re.compile(r"和|及|与|、")


def _members(label: str, n: int) -> Optional[list[str]]:
    """A label naming two things at once, each read on its own: 城镇和农村居民人均可支配收入 ->
    [城镇居民人均可支配收入, 农村居民人均可支配收入] (the members share what follows them);
    生产安全事故起数和死亡人数 -> [生产安全事故起数, 生产安全事故死亡人数] (both end alike: they share
    what goes before). None when the label does not read so."""
    if n != 2:
        return None
    found = [m for m in _JOIN.finditer(label)]
    if len(found) != 1:
        return None
    left, right = label[: found[0].start()], label[found[0].end():]
    lw = [w for w in _words(left) if w.strip()]
    if not lw or not right:
        return None
    member = lw[-1]
    if right[-1] == left[-1] and len(lw) > 1:  # 事故起数和死亡人数: the head is shared
        return [left, "".join(lw[:-1]) + right]
    if len(right) <= len(member):
        return None
    head = "".join(lw[:-1])
    tail = right[len(member):]
    return [head + member + tail, head + right]


def derive_label(label: str, fits: Callable[[str], bool]) -> Optional[str]:
    """A short label for a figure: the label's last whole words that fit (a Chinese label names
    what is counted last: 重点商务楼宇平均单位面积产税 -> 楼宇平均单位面积产税), at least two
    characters; None when not even its last words fit. A binary search over where the kept words
    start (fewer words never fit worse), so a label of 1,000 characters costs ~10 tries."""
    words = [w for w in _words(label) if w.strip()]

    def tail(k: int) -> str:
        return "".join(words[k:]).lstrip("的和及与、，")

    ks = [k for k in range(1, len(words)) if len(tail(k)) >= 2]
    if not ks or not fits(tail(ks[-1])):
        return None
    lo, hi = 0, len(ks) - 1  # fits(tail(ks[hi])) holds
    while lo < hi:
        mid = (lo + hi) // 2
        if fits(tail(ks[mid])):
            hi = mid
        else:
            lo = mid + 1
    return tail(ks[lo])


def fit_label(ind: Indicator, fits: Callable[[str], bool], note: Callable[[str], None], where: str,
              label: Optional[str] = None) -> Optional[str]:
    """The one policy for an over-long label, in every output: the indicator's label (its
    ``short:`` one when given, or ``label``: as ``distinct_labels`` tells it from its neighbours)
    when it fits; else one derived from it (``derive_label``) with a note naming the indicator, so
    the author can give a ``short:``; None when nothing fits (the builder then says what length a
    ``short:`` label may have). Never a label cut with …"""
    label = ind.display_label if label is None else label
    if fits(label):
        return label
    derived = derive_label(label, fits)
    if derived is not None:
        shown = label if len(label) <= 60 else label[:40] + "…" + label[-10:]  # (a message, not a label)
        note(f"{where}: label {shown!r} ({len(label)} characters) of indicator {ind.id} shown as {derived!r}; "
             "give it a short: label")
    return derived


# Ranking --------------------------------------------------------------------------------

def kind(ind: Indicator) -> str:
    """'amount' (亿元, 万吨, 亿斤, 元/平方米 …), 'change' (a change only: 增长14%), 'share' (%, ‰), 'rate'
    (a concentration: 微克/立方米) or 'count' (家, 个, 人次 …; a target stated in words is a 'count'
    with no size)."""
    if ind.value is None:
        return "change" if ind.change is not None else "count"
    if ind.unit in SHARE_UNITS:
        return "share"
    if CONCENTRATION.match(ind.unit):
        return "rate"
    if any(u in ind.unit for u in AMOUNT_UNITS):
        return "amount"
    return "count"


def size(ind: Indicator) -> Decimal:
    """A count's size for ranking, its 万/亿 magnitude included (2.3万次 > 9700次)."""
    if ind.value is None:
        return Decimal(0)
    m = re.match(r"([万亿]*)", ind.unit)
    scale = Decimal(1)
    for c in m.group(1) if m else "":
        scale *= Decimal(10000) if c == "万" else Decimal(100000000)
    return ind.value * scale


def rank_key(ind: Indicator) -> tuple:
    """What a reader needs first: amounts with their change (地区生产总值 2286.2亿元 增长12.8%), then
    any other figure with a change (增长14%, 接待游客 增长10.4%), amounts without one, shares (and
    concentrations), then counts, the larger first (跨国公司地区总部 85家 before 外聘法律顾问 17名); the headline first
    within each."""
    k = kind(ind)
    if ind.change is not None:
        tier = 0 if k == "amount" else 1
    else:
        tier = {"amount": 2, "share": 3, "rate": 3}.get(k, 4)
    return (tier, not ind.headline, -size(ind) if tier == 4 else 0)


def rank(inds: Iterable[Indicator]) -> list[Indicator]:
    """``inds`` by what a reader needs first (``rank_key``), table order within a rank."""
    inds = list(inds)
    order = {i.id: n for n, i in enumerate(inds)}
    return sorted(inds, key=lambda i: rank_key(i) + (order[i.id],))


def small_count(ind: Indicator) -> bool:
    """A count of less than ``SMALL_COUNT`` without a change (1个, 6家, 41户)."""
    return kind(ind) == "count" and ind.change is None and (ind.value is None or size(ind) < SMALL_COUNT)


def worth_a_tile(ind: Indicator) -> bool:
    """A figure to show large: a headline one, an amount, a change, a share, a count of 100 or more."""
    return ind.headline or not small_count(ind)
