"""What a reader checks of an imported draft's labels, read back from the draft and its text.

    from label_checks import label_problems

    label_problems(data, report) -> ["gdp_2: '高于全国' starts with a comparison word in 增速高于全国0.5个百分点…", …]

A label is the noun phrase the text gives what is counted. It is never empty, never a bare verb
(``培育``, ``新建提升``), never a comparison (``高于全国``, ``较“十三五”末改善``), never starts mid-word (the
character before it in its sentence and its first character are one word: ``级航道里程`` of
``三级航道里程``), never ends on a comparison or function word (``…较``, ``…的``, ``…等``), and never a
single generic word (``材料``, ``规模``); two different figures of one sentence never share a label.
The word lists here are the test's own, written from reading the drafts, not the importer's.
"""

from __future__ import annotations

import re

from corpus_targets import REF, body_texts

# Words that name no counted thing on their own (a measure, a class, a level): a label of one of these
# alone is a fragment. Names of things (城市, 学校, 道路) are what is counted where the text says no more.
GENERIC = {
    "规模", "总量", "数量", "总额", "金额", "面积", "比重", "占比", "比例", "人数", "产量", "增速", "增幅", "增量",
    "总数", "水平", "能力", "指数", "总值", "产值", "投资", "总投资", "收入", "利润", "市值", "总市值", "材料", "项目",
    "企业", "任务", "措施", "举措", "政策", "政策措施", "指标", "成果", "经验", "平台", "方面", "体系", "领域", "行业",
    "专业", "部件", "路径", "布局", "维度", "重点", "现代化", "职业", "满意率", "考验", "合计", "区域", "国家级",
    "省级", "市级", "区级", "县级", "世界级", "全球", "全国", "全省", "全市", "全区", "其中", "以上", "累计", "分别",
    "同比", "年均",
}
# Verbs (and verbal words the tagger calls nouns: 新建 ns, 并网 n): a label of these alone names no thing.
VERBS = {
    "培育", "新建", "配售", "并网", "建设", "升级", "开工", "新开工", "改造", "培训", "治理", "实施", "完成", "新增",
    "推进", "开展", "提升", "落地", "推出", "出台", "打造", "创建", "建成", "引进", "布局", "提高到", "增加到",
    "提升至", "增长到", "增至", "降至", "达到", "实现", "增长", "提高", "下降", "减少", "累计", "突破", "超过",
    "整合", "推动", "保持", "支持", "新改建", "改扩建", "建立", "组织", "举办", "惠及", "供应", "覆盖", "提供",
    "帮助", "带动", "拉动", "实施", "认定", "获评", "入选", "落户", "提质", "扩容", "压减", "释放", "抓好", "争取",
    "力争", "确保", "培育形成", "新建提升", "落地实施", "精准帮扶", "攻坚突破", "重组", "转化", "发放", "投放",
    "交付", "办理", "制定", "修改", "废止", "启动", "整治", "修复", "改善", "盘活", "筹集", "新培育", "新认定",
}
# Words that compare a figure to another (its base), not what is counted: never part of a label.
COMPARE = ("高于", "低于", "快于", "慢于", "高出", "低出", "较", "比")
# Words a label may not start with: a comparison, a striving (力争, 确保), a list's or clause's joint.
BAD_START = COMPARE + ("优于", "好于", "超过", "超出", "力争", "争取", "确保", "努力", "和", "与", "及", "并", "等",
                       "的", "为", "了", "在", "对", "从", "由", "到", "至")
# 超 before what is exceeded (超计划19家, 超序时进度): a comparison, not a name (超级, 超市, 超高清).
OVER = re.compile(r"超(?!级|市|高|大|低|导|声|算|长|短|重|薄|净|临界)")
# Words a label may not end on: a comparison's, a function word, the verb that brings the figure.
BAD_END = COMPARE + ("优于", "好于", "超过", "超", "的", "等", "和", "与", "及", "或", "从", "由", "对", "为", "在",
                     "了", "于", "占", "到", "至", "将", "并", "约", "近", "逾", "达", "分别", "同比", "均", "共",
                     "累计", "连续", "接近", "跨越", "迈上", "跨过", "跃上", "预计", "全部", "各",
                     # how it moves, not what it is (民间投资逆势|增长, 收入实际|增长, 任务基本|完成)
                     "逆势", "稳步", "持续", "较快", "快速", "大幅", "基本", "实际", "如期", "不折不扣")


def _cut(text: str) -> list[str]:
    """The words of ``text`` as the segmenter's dictionary cuts them (占比 and 收入比 kept whole:
    a share and a ratio, no comparison)."""
    import rjieba

    out: list[str] = []
    for w in rjieba.cut(text, False):
        if w == "比" and out and out[-1] in ("占", "收入", "之"):
            out[-1] += w
        else:
            out.append(w)
    return out


def _tag_of(word: str) -> str:
    import rjieba

    tags = rjieba.tag(word)
    return tags[0][1] if len(tags) == 1 else ""


def one_word(a: str, b: str) -> bool:
    """True when the segmenter's dictionary holds ``a + b`` as one word (级 after 三: 三级)."""
    import rjieba

    return bool(rjieba.has_word(a + b))


def _comparison_inside(label: str) -> str | None:
    for w in _cut(label):
        if w in COMPARE:
            return w
    for w in COMPARE:
        if len(w) > 1 and w in label:
            return w
    m = re.search(r"(优于|好于|超过)(?!Ⅲ|III|[ⅠⅡⅢⅣⅤ]|[一二三四五]类)", label)
    return m.group(1) if m and m.start() > 0 else None


def problem(label) -> str | None:
    """Why ``label`` names nothing a reader can take for what is counted, or None (its place in
    its sentence aside: ``mid_word``)."""
    label = (label or "").strip() if isinstance(label, str) else ""
    if not label:
        return "empty"
    words = _cut(label)
    if label in GENERIC:
        return "a single generic word"
    if label in VERBS or all(w in VERBS for w in words):
        return "a bare verb"
    if words[0] in BAD_START or label.startswith(COMPARE) or OVER.match(label):
        return "starts with a comparison or function word"
    if re.search(r"[。，；：]", label):
        return "holds a clause break"
    inside = _comparison_inside(label)
    if inside:
        return f"holds the comparison {inside}"
    if "分别" in label:
        return "holds 分别 (a list's figures, each its own)"
    if words[-1] in BAD_END or "".join(words[-2:]) in BAD_END \
            or _tag_of(words[-1]) in ("d", "vd", "p", "c", "u", "uj", "ul", "r", "f"):
        return "ends on a comparison or function word"
    if re.search(r"(?<![A-Za-z0-9.])[0-9]+(?:\.[0-9]+)?(?:%|万|亿|家|个|项|公里|张|户|倍|元)", label):
        return "holds a figure"
    return None


def mid_word(label: str, sentence: str, at: int) -> bool:
    """True when ``label``, at ``at`` in ``sentence``, starts inside a word: the segmenter cuts the
    sentence with no break there and holds the character before and the label's first as one word
    (三|级航道: 高等级 and 等级)."""
    if at <= 0 or not one_word(sentence[at - 1], label[0]):
        return False
    pos = 0
    for w in _cut(sentence):
        if pos < at < pos + len(w):
            return True
        pos += len(w)
    return False


def references(data: dict, report) -> list[tuple[str, str, str]]:
    """(indicator id, the plain sentence, the plain sentence up to the reference) for every
    reference of the draft's body."""
    out = []
    for text in body_texts(data):
        for sentence in re.split(r"(?<=[。！？；])", text):
            for m in REF.finditer(sentence):
                out.append((m.group(1), report.render(sentence), report.render(sentence[: m.start()])))
    return out


def _place(label: str, sentence: str, prefix: str) -> int:
    """Where the sentence holds ``label``: its last place before the figure, else its first
    after; -1 where it is not there."""
    at = prefix.rfind(label)
    return at if at >= 0 else sentence.find(label, len(prefix))


def label_problems(data: dict, report) -> list[str]:
    """One line per label no reader can take for what is counted, and per sentence whose figures
    share one label."""
    inds = (data or {}).get("indicators") or {}
    out, seen = [], set()
    by_sentence: dict[tuple, set] = {}
    for i, sentence, prefix in references(data, report):
        if i not in inds:
            continue
        label = inds[i].get("label")
        why = problem(label)
        if not why and mid_word(label, sentence, _place(label, sentence, prefix)):
            at = _place(label, sentence, prefix)
            why = f"starts mid-word ({sentence[at - 1]}|{label[0]})"
        if why and i not in seen:
            seen.add(i)
            out.append(f"{i}: {label!r} {why} in {sentence[:70]}")
        by_sentence.setdefault((sentence, label), set()).add(i)
    out += [f"{sorted(ids)} share the label {label!r} in {sentence[:70]}" for (sentence, label), ids in by_sentence.items()
            if len(ids) > 1]
    return out
