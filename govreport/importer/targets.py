"""The targets of the 主要预期目标 sentence: one figure (or words) per item, in order."""

from __future__ import annotations

import re

from .figures import Figure, Hit, _patterns
from .labels import subject_before, tidy_label

TARGET_SENTENCE = re.compile(r"主要预期目标[^。]*?[是为：:]+(?P<items>[^。]*)。?")
TARGET_VERBS = re.compile(r"(控制在|保持在|保持|完成|达到|实现|确保|力争|低于|高于|不低于|不超过|稳定在|降低|下降|提高|提升|增长)")


def _targets(text: str, plan: int) -> tuple[int, int, list[Hit]] | None:
    """The sentence stating the 主要预期目标 in ``text``: (start, end, hits for its items)."""
    m = TARGET_SENTENCE.search(text)
    if not m:
        return None
    units, change_re, value_re = _patterns()
    start = m.start("items")
    hits: list[Hit] = []
    pos = start
    for item in re.split(r"([，；,;])", m.group("items")):
        if item in "，；,;" or not item.strip():
            pos += len(item)
            continue
        c = change_re.search(item)
        v = value_re.search(item)
        if c:
            fig = Figure(label=tidy_label(item[: c.start("num")]) or item, value=c.group("num"), unit=c.group("unit"),
                         qualifier=c.group("suffix"), period=plan, target=True)
            a, b = pos + c.start("num"), pos + c.end()
        elif v and not (v.group("pre") and v.group("inf")):
            fig = Figure(label=tidy_label(subject_before(item, v.start())) or item[: v.start()] or item, value=v.group("num"),
                         unit=(v.group("mag") or "") + v.group("unit"),
                         qualifier=v.group("pre") or v.group("inf") or v.group("suffix"), period=plan, target=True)
            a, b = pos + v.start(), pos + v.end()
        else:
            verb = TARGET_VERBS.search(item)
            head = re.sub(r"^(全面|确保|力争|努力|坚决|基本|圆满)", "", item)
            if verb and verb.start() > 0 and not TARGET_VERBS.match(head):
                label = item[: verb.start()]  # 城镇登记失业人数 | 控制在市下达指标以内
            else:  # 全面完成 | 区为民办实事项目…目标任务
                label = head[TARGET_VERBS.match(head).end():] if TARGET_VERBS.match(head) else item
            fig = Figure(label=tidy_label(label) or item, text=item, period=plan, target=True)
            a, b = pos, pos + len(item)
        fig.value_span = text[a:b]
        fig.checks += ["label", "target"]
        hits.append(Hit(a, b, "target", None, fig))
        pos += len(item)
    return m.start(), m.end(), hits
