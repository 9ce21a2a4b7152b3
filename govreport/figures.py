"""How a figure is written: the one place every builder and ``--verify`` take their wording from.

An indicator is printed in a handful of ways, and the three outputs must print them alike:

=====================  ==============================  ============================================
function               example                         used for
=====================  ==============================  ============================================
``number``             2286.2                          a bare number, exactly as typed
``value_text``         2286.2亿元 · 超过600家 · 5%左右    ``{id}`` in the text, tables, tiles
``change_text``        12.8% · 2.4个百分点               ``{id.change}``
``change_phrase``      增长12.8% · 下降3.2% · 提高2.4个百分点  table cells, the change line of a tile
``signed_change``      12.8% · -3.2%                   a chart's value label
``bar_value``          12.8 · -3.2                     a chart's bar
``target_phrase``      5%左右，增长8% · 控制在…以内        a plan-year target: its value AND its change, or its words
``quoted``             2286.2亿元 · 城镇登记失业人数控制在…   ``{id}``: the figure, or a target's words
``spoken``             地区生产总值2286.2亿元，增长12.8%。  a sentence for the speaker notes
``date_text``          2024年1月16日                     every date an output prints
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

# Where a qualifier stands relative to the figure: 超过600家, 600余家, 5%左右.
PREFIX_QUALIFIERS = ("超过", "约", "近", "达", "逾", "超", "共", "累计", "达到")
INFIX_QUALIFIERS = ("余", "多")
SUFFIX_QUALIFIERS = ("左右", "以上", "以内", "以下")
QUALIFIERS = PREFIX_QUALIFIERS + INFIX_QUALIFIERS + SUFFIX_QUALIFIERS
CHANGE_UNITS = ("%", "个百分点")
RISE_WORDS = ("增长", "提高", "提升", "增加")
FALL_WORDS = ("下降", "减少", "降低")
CHANGE_WORDS = ("增长", "提高", "提升", "下降", "减少", "增加", "降低")  # schema order, kept

TARGET_JOINER = "，"  # between a target's value and its change: 5%左右，增长8%

_MAGNITUDE = re.compile(r"^([万亿千百]?)(.*)$")


def number(value: Optional[Decimal]) -> str:
    """A figure exactly as typed: no exponent, no digits added or dropped; '' for none."""
    return "" if value is None else format(value, "f")


def value_text(ind: "Indicator") -> str:
    """The figure with unit and qualifier as the source writes it: 2286.2亿元, 超过600家, 5%左右,
    2.3万余次 (an infix qualifier goes after the number and any 万/亿 magnitude)."""
    if ind.value is None:
        return ""
    prefix, num, suffix = _parts(number(ind.value), ind.unit, ind.qualifier or "")
    return prefix + num + suffix


def _parts(num: str, unit: str, q: str) -> tuple[str, str, str]:
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
    return _parts(number(ind.value), ind.unit, ind.qualifier or "")


def change_text(change: "Optional[Change]") -> str:
    """'12.8%' or '2.4个百分点' (the size of the change, without its word); '' for none."""
    return "" if change is None else number(change.value) + change.unit


def direction(change: "Optional[Change]") -> int:
    """+1 for a rise, -1 for a fall, 0 when there is no change."""
    if change is None:
        return 0
    return -1 if change.word in FALL_WORDS else 1


def change_phrase(ind: "Indicator") -> str:
    """'增长12.8%', '下降3.2%', '提高2.4个百分点'; '' when the indicator has no change."""
    return ind.change.word + change_text(ind.change) if ind.change else ""


def signed_change(ind: "Indicator") -> str:
    """The change as a signed figure, for a chart's value label: '12.8%', '-3.2%'."""
    if ind.change is None:
        return ""
    return ("-" if direction(ind.change) < 0 else "") + change_text(ind.change)


def bar_value(ind: "Indicator") -> float:
    """A growth chart's bar: the change as a signed number (12.8, -3.2); 0.0 for none."""
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


def is_growth_rate(ind: "Indicator", not_units=NOT_GROWTH_UNITS) -> bool:
    """A change in % of an amount (地区生产总值 增长12.8%, 社零总额 增长14%)."""
    return ind.change is not None and ind.change.unit == "%" and ind.unit not in set(not_units)


def bar_label(ind: "Indicator") -> str:
    """A growth chart's label: '12.8%' for a rise, '下降3.2%' for a fall (as the report says it)."""
    return change_phrase(ind) if direction(ind.change) < 0 else change_text(ind.change)


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
        return Tile(ind.change.word, number(ind.change.value), ind.change.unit, "", d)
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


def date_text(d: _dt.date) -> str:
    """'2024年1月16日': no leading zeros, as documents print a date."""
    return f"{d.year}年{d.month}月{d.day}日"
