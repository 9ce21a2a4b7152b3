"""How a figure is written: the one place every builder and ``--verify`` take their wording from.

An indicator is printed in a handful of ways, and the three outputs must print them alike:

=====================  ==============================  ============================================
function               example                         used for
=====================  ==============================  ============================================
``number``             2286.2                          a bare number, exactly as typed
``value_text``         2286.2亿元 · 超过600家 · 5%左右    ``{id}`` in the text, tables, tiles
                       5%—5.5% · 4.5-5% · 2—4家          a range, as the source writes it
``bare``               2286.2 · 5—5.5                   ``{id.value}``
``change_text``        12.8% · 2.4个百分点 · 20%以上       ``{id.change}``
``change_phrase``      增长12.8% · 下降3.2% · 提高2.4个百分点  table cells, the change line of a tile
                       比2020年下降25% · 年均增长5.9%
``row_change``         ('PM2.5年均浓度（比2020年下降25%）', '')  an indicator table's label and change cell:
                       ('地区生产总值', '增长12.8%')        under 比上年 only a change against last year
``signed_change``      12.8% · -3.2%                   a chart's value label
``bar_value``          12.8 · -3.2                     a chart's bar
``target_phrase``      5%左右，增长8% · 控制在…以内        a plan-year target: its value AND its change, or its words
``quoted``             2286.2亿元 · 城镇登记失业人数控制在…   ``{id}``: the figure, or a target's words
``spoken``             地区生产总值2286.2亿元，增长12.8%。  a sentence for the speaker notes
``date_text``          2024年1月16日                     every date an output prints
``item_number``        1. · （12） · 十二、 · ［2］          an annex's items, the glossary's terms
``split_value``        ('超过', '600', '家')             a tile: the big number apart from its words
``tile``               ('超过','600','家','增长12.8%',1)  a tile: big number, words, change line
                       ('增长','14','%','',1)            a change-only tile: the change is the figure
``columns``            ('600余', '家')                  a table's figure column and unit column
=====================  ==============================  ============================================

Nothing here imports an output library; the model's ``value_text`` / ``change_text`` properties
are these functions.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple, Optional

if TYPE_CHECKING:  # the model imports this module; only type names from it here
    from .model import Change, Indicator

# The vocabulary: every word the model accepts, the JSON Schema offers, lint checks and the importer
# looks for is listed here once (``vocabulary()`` gives the importer its lists).

# Where a qualifier stands relative to the figure: 超过600家, 600余家, 5%左右.
PREFIX_QUALIFIERS = ("超过", "约", "近", "达", "逾", "超", "共", "累计", "达到", "突破", "不低于", "不少于", "不超过")
INFIX_QUALIFIERS = ("余", "多")
SUFFIX_QUALIFIERS = ("左右", "以上", "以内", "以下")
QUALIFIERS = PREFIX_QUALIFIERS + INFIX_QUALIFIERS + SUFFIX_QUALIFIERS
# What each qualifier says a target's figure binds, for judging last year's targets against this
# year's results (``govreport.review``): a floor the result must reach (at_least), one it must pass
# (above), a ceiling (at_most), or a figure the result must come near (about).
QUALIFIER_SENSE = {
    "超过": "above", "超": "above", "逾": "above", "突破": "above",
    "达": "at_least", "达到": "at_least", "共": "at_least", "累计": "at_least", "不低于": "at_least",
    "不少于": "at_least", "余": "at_least", "多": "at_least", "以上": "at_least",
    "不超过": "at_most", "以内": "at_most", "以下": "at_most",
    "约": "about", "近": "about", "左右": "about",
}
# Prefix words the content may put in a figure but the importer leaves in the text: verbs there (达到600家).
VERB_QUALIFIERS = ("达", "共", "累计", "达到")
CHANGE_UNITS = ("%", "个百分点")
RISE_WORDS = ("增长", "提高", "提升", "增加", "上涨", "上升", "涨幅")
FALL_WORDS = ("下降", "减少", "降低", "缩小", "下滑", "回落")
# Schema order (the first seven as they were, the new ones after).
CHANGE_WORDS = ("增长", "提高", "提升", "下降", "减少", "增加", "降低", "上涨", "上升", "涨幅", "缩小", "下滑", "回落")
# How firmly the text commits a plan-year figure (力争100%): builders mark the figure with it; {id} does not print it.
AIMS = ("力争", "争取", "确保")
# Between the two bounds of a range, as reports write it: 5%—5.5%, 5%-5.5%, 4.5-5%, 5%到5.5%.
RANGE_SEPARATORS = ("—", "–", "-", "－", "~", "～", "〜", "到", "至")
DEFAULT_RANGE = "—"
# The first item number of a numbered list as the source writes it: 1. 1． （1） (1) 一、 ［1］.
DEFAULT_NUMBERING = "1."

# A figure as typed: plain decimal digits, no leading zeros (007), exponent (1e3), separators
# (13,600, 1_000) or sexagesimal (1:30) that YAML would silently turn into another number.
NUMBER_PATTERN = r"^[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?$"
_NUMBER = re.compile(NUMBER_PATTERN)
MAX_DIGITS = 20  # a report's figure never has more; Python refuses ints of 4,300 digits


def number_problem(raw: str, quoted: bool = False) -> Optional[str]:
    """Why ``raw`` is not a figure a report can mean (the message), or None when it is one.
    ``quoted``: written as text ("168.50"), not as a YAML number (0123, 1e3)."""
    raw = raw.strip()
    if not _NUMBER.match(raw):
        if quoted:
            return f"expected a number in plain digits (like 168.53), not {raw!r}"
        return f"write the number as plain digits (like 168.53), not {raw!r}"
    digits = sum(c.isdigit() for c in raw)
    if digits > MAX_DIGITS:
        return f"a figure of {digits:,} digits; a report's figures have at most {MAX_DIGITS}"
    if raw.startswith("-") and Decimal(raw) == 0:
        return f"write 0, not {raw!r}: zero has no sign (and a fall is said with word: 下降)"
    return None


def vocabulary() -> dict:
    """The word lists the importer looks for, as ``data/import.yaml`` used to hold them."""
    return {
        "prefix_qualifiers": [q for q in PREFIX_QUALIFIERS if q not in VERB_QUALIFIERS],
        "infix_qualifiers": list(INFIX_QUALIFIERS),
        "suffix_qualifiers": list(SUFFIX_QUALIFIERS),
        "change_words": list(CHANGE_WORDS),
        "change_units": list(CHANGE_UNITS),
        "range_separators": list(RANGE_SEPARATORS),
        "aims": list(AIMS),
    }


TARGET_JOINER = "，"  # between a target's value and its change: 5%左右，增长8%

_MAGNITUDE = re.compile(r"^([万亿千百]?)(.*)$")


def number(value: Optional[Decimal]) -> str:
    """A figure exactly as typed: no exponent, no digits added or dropped; '' for none."""
    return "" if value is None else format(value, "f")


def value_text(ind: "Indicator") -> str:
    """The figure with unit and qualifier as the source writes it: 2286.2亿元, 超过600家, 5%左右,
    2.3万余次 (an infix qualifier goes after the number and any 万/亿 magnitude), 5%—5.5%, 4.5-5%."""
    if ind.value is None:
        return ""
    return "".join(_parts(ind))


def lower_unit(fig) -> str:
    """What a range writes after its lower bound: ``lower_unit`` when given, else GB/T 15835's rule:
    a percent sign repeats (5%—5.5%), a 万/亿 magnitude repeats (20万—30万人), other units do not
    (2—4家, 1—2个百分点)."""
    given = getattr(fig, "lower_unit", None)
    if given is not None:
        return given
    if fig.unit in ("%", "‰"):
        return fig.unit
    m = re.match(r"[万亿]+", fig.unit)
    return m.group(0) if m else ""


def bounds(fig) -> str:
    """The number of an indicator or a change as written, without its unit: '5', or a range's
    '5%—5.5' (lower bound, what follows it, separator, upper bound)."""
    upper = getattr(fig, "upper", None)
    if upper is None:
        return number(fig.value)
    return number(fig.value) + lower_unit(fig) + (getattr(fig, "range", None) or DEFAULT_RANGE) + number(upper)


def bare(fig) -> str:
    """``{id.value}``: the bare number, or a range's bare bounds ('5—5.5')."""
    if fig.value is None:
        return ""
    upper = getattr(fig, "upper", None)
    if upper is None:
        return number(fig.value)
    return number(fig.value) + (getattr(fig, "range", None) or DEFAULT_RANGE) + number(upper)


def _parts(fig) -> tuple[str, str, str]:
    """(prefix, number, suffix) of an indicator's value or a change: ('超过', '600', '家'),
    ('', '600', '余家'), ('', '5%—5.5', '%左右')."""
    num, unit, q = bounds(fig), fig.unit, getattr(fig, "qualifier", None) or ""
    if q in PREFIX_QUALIFIERS:
        return q, num, unit
    if q in INFIX_QUALIFIERS:
        m = _MAGNITUDE.match(unit)
        magnitude, rest = (m.group(1), m.group(2)) if m and m.group(2) else ("", unit)
        return "", num, magnitude + q + rest
    return "", num, unit + q


def split_value(ind: "Indicator") -> tuple[str, str, str]:
    """'超过600家' -> ('超过', '600', '家'): the number apart from the words around it (a tile
    prints the number large); ('', '', '') when the indicator has no value."""
    if ind.value is None:
        return "", "", ""
    return _parts(ind)


def change_text(change: "Optional[Change]") -> str:
    """'12.8%', '2.4个百分点', '20%以上', '5%—5.5%' (the size of the change with its qualifier,
    without its word); '' for none."""
    return "" if change is None else "".join(_parts(change))


def direction(change: "Optional[Change]") -> int:
    """+1 for a rise, -1 for a fall, 0 when there is no change."""
    if change is None:
        return 0
    return -1 if change.word in FALL_WORDS else 1


def change_words(change: "Change") -> str:
    """The words a builder writes before a change's figure: '增长', '比2020年下降', '年均增长'."""
    base = getattr(change, "base", None)
    return (f"比{base}年" if base is not None else "") + ("年均" if getattr(change, "per_year", False) else "") + change.word


def change_phrase(ind: "Indicator") -> str:
    """'增长12.8%', '下降3.2%', '提高2.4个百分点', '比2020年下降25%', '年均增长5.9%'; '' when the
    indicator has no change."""
    return change_words(ind.change) + change_text(ind.change) if ind.change else ""


# A table column head of the change against the year before (比上年, 较上年, 比去年, 同比): only such a
# change stands under it (``row_change``).
LAST_YEAR_HEAD = re.compile(r"上年|去年|同比")


def of_last_year(change: "Optional[Change]") -> bool:
    """A change against the year before, or none: not 比2020年下降25% (a base year), not
    年均增长5.9% (a yearly average over a span)."""
    return change is None or (getattr(change, "base", None) is None and not getattr(change, "per_year", False))


# A change a table's change column cannot hold, beside the row's label: PM2.5年均浓度（比2020年下降25%）.
ASIDE = "{label}（{aside}）"


class RowChange(NamedTuple):
    """An indicator table's row (``row_change``): ``label`` as shown, ``change`` for its change
    column, ``aside`` the change the column cannot hold, shown with the label ('' for none)."""
    label: str
    change: str
    aside: str


def row_change(ind: "Indicator", head: str, label: Optional[str] = None) -> RowChange:
    """The row of an indicator table whose change column is headed ``head``: its label (``label``,
    else the indicator's) and its change cell. Under a head of the year before (``LAST_YEAR_HEAD``:
    比上年) only a change against it stands (增长12.8%); another (比2020年下降25%, 年均增长5.9%) is
    written as the report writes it beside the label (``ASIDE``: PM2.5年均浓度（比2020年下降25%）), its
    cell empty. A head that allows any change (变化) takes every change as the report writes it."""
    label = ind.label if label is None else label
    phrase = change_phrase(ind)
    if not phrase or of_last_year(ind.change) or not LAST_YEAR_HEAD.search(head):
        return RowChange(label, phrase, "")
    return RowChange(ASIDE.format(label=label, aside=phrase), "", phrase)


def signed_change(ind: "Indicator") -> str:
    """The change as a signed figure, for a chart's value label: '12.8%', '-3.2%'."""
    if ind.change is None:
        return ""
    return ("-" if direction(ind.change) < 0 else "") + change_text(ind.change)


def bar_value(ind: "Indicator") -> float:
    """A growth chart's bar: the change as a signed number (12.8, -3.2; a range's lower bound); 0.0 for none."""
    return 0.0 if ind.change is None else float(ind.change.value) * direction(ind.change)


def qualitative(ind: "Indicator") -> bool:
    """A target stated in words only (城镇登记失业人数控制在市下达指标以内): no value, no change."""
    return getattr(ind, "text", None) is not None and ind.value is None and ind.change is None


def quoted(ind: "Indicator") -> str:
    """What ``{id}`` reads: the figure, or the words of a target stated in words."""
    if ind.value is None and getattr(ind, "text", None):
        return ind.text
    return value_text(ind)


# A change in % of a figure in these units is not a growth rate of an amount (a share, a rate, a
# concentration: PM2.5 微克/立方米 下降6.7%); growth-rate charts leave them out.
NOT_GROWTH_UNITS = ("%", "‰", "微克/立方米", "毫克/立方米", "分贝", "天")


# A change in % of these is no growth of an amount: an intensity (碳排放强度, 单位地区生产总值能耗,
# 万元生产总值用水量: a quantity per unit of output), a price (居民消费价格 上涨0.8%) or an index.
NOT_AMOUNT_LABEL = re.compile(r"强度|价格|指数|^单位|^万元|^每")


def is_growth_rate(ind: "Indicator", not_units=NOT_GROWTH_UNITS) -> bool:
    """A change in % of an amount (地区生产总值 增长12.8%, 社零总额 增长14%); not of a share, a rate or
    a concentration (``NOT_GROWTH_UNITS``), nor of an intensity or a price (``NOT_AMOUNT_LABEL``):
    a growth chart holds one kind of figure."""
    return (ind.change is not None and ind.change.unit == "%" and ind.unit not in set(not_units)
            and not NOT_AMOUNT_LABEL.search(ind.label))


def bar_label(ind: "Indicator") -> str:
    """A growth chart's label: '12.8%' for a rise, '下降3.2%' for a fall (as the report says it)."""
    return change_phrase(ind) if direction(ind.change) < 0 else change_text(ind.change)


def target_line(ind: "Indicator") -> str:
    """A target's phrase with the words that belong to it: '5%左右，在实际工作中努力争取更好结果'."""
    phrase = target_phrase(ind)
    rider = getattr(ind, "rider", None)
    return phrase + TARGET_JOINER + rider if rider and phrase else phrase or (rider or "")


def target_phrase(ind: "Indicator") -> str:
    """A target as every output writes it: value and change both when it has both
    ('5%左右，增长8%'), else whichever it has; a target stated in words, its words without the
    label they repeat (控制在市下达指标以内, 全面完成)."""
    if qualitative(ind):
        text = ind.text.strip().rstrip("。；，")
        if text.startswith(ind.label) and len(text) > len(ind.label):
            return text[len(ind.label):].lstrip("，、 ")
        if text.endswith(ind.label) and len(text) > len(ind.label):
            return text[: -len(ind.label)].rstrip("，、 ")
        return text
    return TARGET_JOINER.join(t for t in (value_text(ind), change_phrase(ind)) if t)


def spoken(ind: "Indicator") -> str:
    """One indicator as a sentence: '地区生产总值2286.2亿元，增长12.8%。'; a target stated in words
    as the report words it."""
    if qualitative(ind):
        return ind.text.strip().rstrip("。；，") + "。"
    return ind.label + target_phrase(ind) + "。"


class Tile(NamedTuple):
    """A tile's figure in parts: ``prefix`` and ``suffix`` in small type around the large ``number``,
    ``change`` on its own line under it, ``direction`` for its colour and mark."""
    prefix: str
    number: str
    suffix: str
    change: str
    direction: int

    @property
    def change_only(self) -> bool:
        """True when the figure is a change (增长 14 %) and there is no change line."""
        return self.direction != 0 and not self.change


def tile(ind: "Indicator") -> Tile:
    """A tile: ('超过', '600', '家', '增长12.8%', +1). For an indicator that is only a change (社零总额
    增长14%) the change is the big figure with its word before it, ('增长', '14', '%', '', +1), so it
    never reads as a level (14%), and there is no change line."""
    d = direction(ind.change)
    if ind.value is None and ind.change is not None:
        prefix, num, suffix = _parts(ind.change)
        return Tile(change_words(ind.change) + prefix, num, suffix, "", d)
    return Tile(*split_value(ind), change_phrase(ind), d)


def columns(ind: "Indicator") -> tuple[str, str]:
    """A table's figure and unit columns, the qualifier with the figure wherever the phrase puts it:
    ('超过600', '家'), ('600余', '家'), ('2.3万余', '次'); a qualifier after the unit stays with it
    ('5', '%左右')."""
    prefix, num, suffix = split_value(ind)
    q = ind.qualifier or ""
    if q in INFIX_QUALIFIERS and q in suffix:
        k = suffix.index(q) + len(q)
        num, suffix = num + suffix[:k], suffix[k:]
    return prefix + num, suffix


_CN_DIGITS = "〇一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (how a list numbers its items)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return _CN_DIGITS[hundreds] + "百"
    if rest < 10:
        return _CN_DIGITS[hundreds] + "百零" + _CN_DIGITS[rest]
    tail = chinese_numeral(rest)
    return _CN_DIGITS[hundreds] + "百" + ("一" + tail if rest < 20 else tail)


_NUMBERING = re.compile(r"1|１|一")


def item_number(numbering: str, n: int) -> str:
    """Item ``n``'s number in the style of a list's first number: ('1.', 3) -> '3.', ('（1）', 12) ->
    '（12）', ('一、', 12) -> '十二、', ('［1］', 2) -> '［2］', ('１．', 10) -> '１０．'."""
    m = _NUMBERING.search(numbering)
    if m is None:
        return numbering
    one = m.group(0)
    if one == "1":
        num = str(n)
    elif one == "１":
        num = "".join(chr(ord(c) - ord("0") + ord("０")) for c in str(n))
    else:
        num = chinese_numeral(n)
    return numbering[: m.start()] + num + numbering[m.end():]


def numbering_problem(numbering: str) -> Optional[str]:
    """Why ``numbering`` is no list's first number (the message), or None."""
    if not _NUMBERING.search(numbering):
        return f"write the first item's number as the report writes it (1. （1） 一、 ［1］), not {numbering!r}"
    return None


def date_text(d: _dt.date) -> str:
    """'2024年1月16日': no leading zeros, as documents print a date."""
    return f"{d.year}年{d.month}月{d.day}日"


# A year written in a title: 2026年, ２０２６年, 二〇二六年.
TITLE_YEAR = re.compile(r"[0-9０-９]{4}年|[〇零一二三四五六七八九]{4}年")


def dated_title(title: str, year: int) -> str:
    """The title with the report's year once: 2024年政府工作报告 from 政府工作报告, 2026年北京市政府工作报告
    from 北京市政府工作报告, and a title that already names a year (2026年北京市政府工作报告,
    政府工作报告（二〇二六年）) as it is."""
    return title if TITLE_YEAR.search(title) else f"{year}年{title}"
