"""The targets of the 主要预期目标 sentence: one figure (or words) per item, in order.

The sentence is the year's (``今年经济社会发展主要预期目标是：…``, ``主要目标是：…`` without 预期 too), not
the five-year plan's (``“十五五”时期经济社会发展的主要目标是…``). Its list runs to the full stop, and on
into the sentences after it that are targets too (``…位次前移。CPI涨幅2%左右，…。``, ``…指标增长高于经济增速。``),
stopping at one that speaks about the targets (``这些目标…``, ``重点做好…``). Items are split at ，； and at
、 before a rider. A rider (``在实际工作中努力争取更好结果``, ``争取更优水平``) belongs to the target before it
and is no target of its own; a clause with several figures (``城镇、农村居民人均可支配收入分别增长4.5%、5.5%左右``)
gives one target per figure.
"""

from __future__ import annotations

import re

from .figures import Figure, Hit, _patterns, bounds
from .labels import _tag_quoted, list_labels, tidy_label

# The sentence's head: 主要预期目标是： / 主要预期目标为： / 主要目标是： (the list follows).
HEAD = re.compile(r"主要(?P<expected>预期)?目标(?:是|为)[：:，,]?|主要(?P<colon>预期)?目标[：:]")
# Words before the head that say it is the five-year plan's, or another period's.
NOT_THE_YEAR = re.compile(r"十[四五六]五|五年|时期|规划|20[3-9]0年|远景")
# For a head without 预期: words that say it is the year's economy and society.
THE_YEAR = re.compile(r"今年|本年|年度|经济社会发展|[0-9]{4}年")
# A sentence after the list that speaks about the targets rather than stating one.
ABOUT = re.compile(r"^(这些|上述|以上|这一|该|实现|做好|重点|提出|确定|综合|为此|为了|我们|要|必须|今年|围绕|具体|各位)")
# A sentence without figures that is still a target (反映…的预期性指标增长高于经济增速).
TARGET_WORDS = re.compile(r"指标|同步|国家下达|高于|低于|保持|稳定|完成")
# Words that open a rider: striving, not a target of its own.
RIDER = re.compile(r"^(在实际工作中|实际工作中|争取|努力|力争|加快|对标|在全国|全力|奋力|进一步|并力争|积极)")
TARGET_VERBS = re.compile(r"(控制在|保持在|保持|完成|达到|实现|确保|力争|低于|高于|不低于|不超过|稳定在|降低|下降|提高|提升|增长)")
# Words between a target's subject and its figure that belong to neither (控制在5%以内, 按增长5%安排).
LABEL_TRAIL = re.compile(r"(控制在|保持在|稳定在|达到|达|为|在|力争|争取|确保)+$")


def target_sentence(text: str) -> tuple[int, int] | None:
    """(start, end) of the year's target list in ``text`` (after its head, up to and without the
    last full stop), or None."""
    for m in HEAD.finditer(text):
        before = re.split(r"[。！？]", text[: m.start()])[-1]
        if NOT_THE_YEAR.search(before):
            continue
        if not (m.group("expected") or m.group("colon")) and not THE_YEAR.search(before):
            continue
        start = m.end()
        end = _sentence_end(text, start)
        while end < len(text):
            nxt = _sentence_end(text, end + 1)
            sentence = text[end + 1 : nxt]
            if not sentence.strip() or not _is_target_sentence(sentence):
                break
            end = nxt
        return start, end
    return None


def _sentence_end(text: str, pos: int) -> int:
    m = re.compile(r"[。！？]").search(text, pos)
    return m.start() if m else len(text)


def _is_target_sentence(sentence: str) -> bool:
    if ABOUT.match(sentence):
        return False
    _, change_re, value_re = _patterns()
    clauses = [c for c in re.split(r"[，；,;]", sentence) if c.strip()]
    if not clauses:
        return False
    if all(change_re.search(c) or value_re.search(c) for c in clauses):
        return True
    return len(clauses) == 1 and len(sentence) <= 60 and bool(TARGET_WORDS.search(sentence))


def _pieces(items: str) -> list[tuple[int, str]]:
    """(offset, text) of each item: split at ，；。 and at a 、 that opens a rider or another target
    with a figure of its own (not within a 分别 list: 分别增长4.5%、5.5%左右)."""
    out: list[tuple[int, str]] = []
    pos = 0
    for piece in re.split(r"([，；,;。])", items):
        if piece and piece in "，；,;。":
            pos += len(piece)
            continue
        group: list[str] = []
        start = pos
        for part in piece.split("、"):
            joined = "、".join(group)
            if group and (
                (RIDER.match(part) and not _has_figure(part))
                or (_has_figure(joined) and _has_figure(part) and "分别" not in joined)
            ):
                out.append((start, joined))
                start += len(joined) + 1
                group = []
            group.append(part)
        if "".join(group):
            out.append((start, "、".join(group)))
        pos += len(piece)
    return out


def _has_figure(text: str) -> bool:
    _, change_re, value_re = _patterns()
    return bool(change_re.search(text) or value_re.search(text))


def _figure(item: str, plan: int) -> tuple[Figure, int, int] | None:
    """The target of one item with a figure: (figure, start, end of its figure in ``item``)."""
    _, change_re, value_re = _patterns()
    c, v = change_re.search(item), value_re.search(item)
    m = c if c and (not v or c.start("num") <= v.start("num")) else v
    if m is None or (m.group("pre") and m.group("suffix")) or (m.re is value_re and m.group("inf") and m.group("pre")):
        return None
    b = bounds(m)
    start = m.start("pre") if m.group("pre") else m.start("num")
    label = item[:start]
    label = LABEL_TRAIL.sub("", label)
    label = re.sub(r"按(?=" + (re.escape(m.group("word")) if m.re is change_re else "$^") + ")", "", label)
    unit = m.group("unit") if m.re is change_re else (m.group("mag") or "") + m.group("unit")
    q = m.group("pre") or m.group("suffix") or (m.group("inf") if m.re is value_re else None)
    fig = Figure(label=tidy_label(label) or item, value=m.group("num"), unit=unit, qualifier=q, period=plan, target=True,
                 upper=b.get("upper"), range=b.get("range"), lower_unit=b.get("lower_unit"))
    return fig, start, m.end()


# 居民收入增长和经济增长（基本）同步: the thing is what grows in step with the other (居民收入).
IN_STEP = re.compile(r"^(?P<thing>.+?)(?:增长|增速)?[与和同](?:.{1,8})(?:基本)?同步$")


def _predicate_split(item: str) -> int | None:
    """Where a statement without a target verb puts its predicate: a closing four characters of two
    two-character words after the thing (固定资产投资 | 提质增效, 进出口 | 稳量提质), else None."""
    words = [w for w, _ in _tag_quoted(item)]
    if len(words) >= 3 and len(words[-1]) == len(words[-2]) == 2 and len(item) - 4 >= 2:
        return len(item) - 4
    return None


def _words(item: str, plan: int) -> Figure:
    """A target stated in words: its label the subject before its verb (城镇登记失业人数 | 控制在…),
    before the words it grows in step with (居民收入 | 增长和经济增长同步), or before a closing
    four-character predicate (固定资产投资 | 提质增效): never the whole statement again."""
    step = IN_STEP.match(item.rstrip("。；，"))
    verb = TARGET_VERBS.search(item)
    head = re.sub(r"^(全面|确保|力争|努力|坚决|基本|圆满)", "", item)
    if step:
        label = step.group("thing")
    elif verb and verb.start() > 0 and not TARGET_VERBS.match(head):
        label = item[: verb.start()]
    elif TARGET_VERBS.match(head):  # 全面完成 | 区为民办实事项目…目标任务
        label = head[TARGET_VERBS.match(head).end():]
    else:
        cut = _predicate_split(item)
        label = item[:cut] if cut else item
    return Figure(label=tidy_label(label) or item, text=item, period=plan, target=True)


def _targets(text: str, plan: int) -> tuple[int, int, list[Hit]] | None:
    """The sentence stating the 主要预期目标 in ``text``: (start, end, hits for its items)."""
    found = target_sentence(text)
    if not found:
        return None
    start, end = found
    hits: list[Hit] = []
    for off, item in _pieces(text[start:end]):
        pos = start + off
        if RIDER.match(item) and not _has_figure(item):
            if hits:
                prev = hits[-1].fig
                prev.rider = item if prev.rider is None else prev.rider + "，" + item
            continue
        if "分别" in item and len(re.findall(r"[0-9]+(?:\.[0-9]+)?(?:%|个百分点)", item)) > 1:
            hits += _each(text, pos, item, plan)
            continue
        got = _figure(item, plan) if _has_figure(item) else None
        if got:
            fig, a, b = got
        elif _has_figure(item):
            continue  # a figure no target reading fits (two qualifiers): the item stays text
        else:
            fig, a, b = _words(item, plan), 0, len(item)
        fig.value_span = text[pos + a : pos + b]
        fig.checks += ["label", "target"]
        hits.append(Hit(pos + a, pos + b, "target", None, fig))
    return start, end, hits


def _each(text: str, pos: int, item: str, plan: int) -> list[Hit]:
    """城镇、农村居民人均可支配收入分别增长4.5%、5.5%左右: one target per figure, each its own label."""
    _, change_re, value_re = _patterns()
    head = item.index("分别")
    subject = item[:head]
    word = re.match(r"分别(?P<w>[^0-9]*)", item[head:]).group("w")
    labels = list_labels(subject)
    figs = []
    rest = head
    while True:
        m = value_re.search(item, rest)
        if m is None:
            break
        figs.append(m)
        rest = m.end()
    if len(figs) != len(labels):
        return []
    out = []
    for label, m in zip(labels, figs):
        b = bounds(m)
        fig = Figure(label=tidy_label(label + word), value=m.group("num"), unit=(m.group("mag") or "") + m.group("unit"),
                     qualifier=m.group("pre") or m.group("inf") or m.group("suffix"), period=plan, target=True,
                     upper=b.get("upper"), range=b.get("range"), lower_unit=b.get("lower_unit"))
        a = pos + m.start()
        fig.value_span = text[a : pos + m.end()]
        fig.checks += ["label", "target"]
        out.append(Hit(a, pos + m.end(), "target", None, fig))
    return out
