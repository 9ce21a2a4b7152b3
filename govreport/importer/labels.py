"""A figure's label: the noun phrase the text gives what is counted.

The noun phrase after a counted figure (``2家平台企业``, ``58条重要道路``, ``7家社区“宝宝屋”``), a plain
noun told by what it does (``5个项目入选…示范场景`` -> 入选…示范场景的项目), else the words before it in
its clause, trimmed of time words, striving words and verbs (``全年地区生产总值达到`` -> 地区生产总值,
``力争交易额达到`` -> 交易额, ``由51家整合为`` -> the words before 由); the words are cut and tagged by
rjieba (jieba's dictionary and tagger, compiled: no cache to build, ~0.1 s to load).

``bad_label`` says when no reader can take a label for what is counted (a generic word alone, verbs
only, a comparison, a list's ``等``/``分别``, a figure inside it): such a figure stays text. The word
lists are import.yaml's (``word_lists``).
"""

from __future__ import annotations

import functools
import re

from .vocab import data

SENTENCE_END = "。；！？"
CLAUSE_END = "。；！？，：,;:"
NOUN_TAGS = ("n", "j", "vn", "eng", "nr", "ns", "nt", "nz", "l", "i", "b", "an")
# Words at the start of a clause that are not part of a figure's subject.
LEAD_DROP = {"全年", "今年", "去年", "其中", "共", "累计", "实现", "我区", "并", "同时", "还", "已", "分别", "全面",
             "顺利", "成功", "当年", "年内", "上", "目前", "力争", "确保", "争取", "努力"}
# Words at the end of a subject, before the figure.
TRAIL_DROP = {"达到", "达", "为", "共", "累计", "累计达", "约", "超过", "分别", "分别为", "超", "近", "逾", "同比",
              "较上年", "比上年", "较去年", "了", "是", "保持", "控制在", "突破", "增至", "提高到", "提升至", "达至",
              "同比分别", "分别同比", "实现", "完成率达"}
INNER_VERBS = {"完成", "实现"}
# Verbs that may stand inside a noun phrase after a counted figure (政企联合招商服务站).
MODIFIER_VERBS = {"联合", "示范", "停车", "治理", "照明", "近视", "生活", "服务", "创新", "保障", "管理", "监测", "养老"}
COUNTED = {"家", "个", "项", "件", "人", "名", "位", "户", "套", "间", "幢", "栋", "座", "处", "所", "条", "块", "台",
           "张", "辆", "艘", "架", "场", "批", "部", "支", "本", "株", "棵", "只", "头", "床"}


def _is_word(w: str) -> bool:
    import rjieba

    return bool(rjieba.has_word(w)) if hasattr(rjieba, "has_word") else False


def _tag(text: str) -> list[tuple[str, str]]:
    import rjieba

    return [(w, t) for w, t in rjieba.tag(text)]


def _clause_before(text: str, pos: int, stops: str = CLAUSE_END) -> str:
    i = pos
    while i > 0 and text[i - 1] not in stops:
        i -= 1
    return text[i:pos]


def _punct(word: tuple[str, str]) -> bool:
    """A tagged word that is punctuation (tagged x, as Ⅲ and PM are too: those are kept)."""
    return word[1] == "x" and not word[0].isalnum()


def _trim_subject(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    while words and (
        words[0][0] in LEAD_DROP
        or words[0][1] in ("p", "c", "d", "t", "uj")
        or _punct(words[0])
        or (words[0][1] == "m" and re.search(r"[0-9年]", words[0][0]))
        or words[0][0] in "，、：；（）”"
    ):
        words = words[1:]
    while words and (words[-1][0] in TRAIL_DROP or words[-1][1] in ("d", "p", "uj", "ul", "c", "m") or _punct(words[-1])
                     or words[-1][0] in "，、：；"):
        words = words[:-1]
    return words


def balance_quotes(label: str) -> str:
    """“上海品牌 -> “上海品牌”; 随申办”长宁旗舰店 -> “随申办”长宁旗舰店."""
    opened = 0
    for ch in label:
        if ch == "“":
            opened += 1
        elif ch == "”":
            if opened:
                opened -= 1
            else:
                label = "“" + label
    return label + "”" * opened


# Verbs and words of comparison a subject may end with before its figure (普及率分别提高到88%).
TRAIL_WORDS = re.compile(
    r"(?:分别|同比|均|已|都|将|稳定|连续|累计|共|约|为|是|了|达到|达|超过|突破|实现|保持在|保持|稳定在|控制在|增至|降至|"
    r"(?:提高|提升|增加|增长|下降|降低|减少|扩大|缩小|上升)(?:到|至)|达至|完成率达|较|[比较](?:19|20)[0-9]{2}年(?:同期)?的?|"
    r"[比较](?:上年|去年)(?:同期)?|预计(?:达到|达)?|接近|跨越|跨过|连跨|迈上|跃上|全部|各|五年|5年|累计完成|完成|力争|争取)+$"
)
KEPT_TAILS = ("占比", "比重", "比例")
# A figure that starts where the comparison's base is (从75.6%提升至76.5%, 由51家整合为33家): the label ends before it.
# 超 before what is exceeded (超计划19家): the figure is the excess, a comparison (超级, 超市: names).
OVER = re.compile(r"超(?!级|市|高|大|低|导|声|算|长|短|重|薄|净|临界)")
FROM_FIGURE = re.compile(r"[从由](?:(?:19|20)[0-9]{2}年(?:底|末)?的?)?[0-9].*$")
# Tags of words that can stand for what is counted (nouns, noun-verbs, names, idioms); a label needs one.
NOUNISH_TAGS = ("n", "vn", "j", "eng", "nz", "nt", "ns", "nr", "l", "i", "an", "b", "g")


@functools.lru_cache(maxsize=1)
def word_lists() -> dict:
    """import.yaml's word lists for labels: generic words, comparison words, verbs the tagger takes for nouns."""
    d = data()
    keys = ("generic_labels", "comparison_words", "verbs", "nouns", "predicate_verbs", "light_verbs", "list_heads",
            "manner_words")
    return {k: frozenset(d.get(k) or ()) for k in keys}


# A run-in list's ordinal before a label (十一是大型农贸批发市场…): the list's, not the label's.
ORDINAL = re.compile(r"^[一二三四五六七八九十]+是")


# What the change happened against, after the thing (外贸进出口在对美贸易下降超3成的情况下 | 增长12%).
CIRCUMSTANCE = re.compile(r"在[^，。；“”]*?(?:情况|背景|形势|基础|前提)下$")
CONDITION = re.compile(r"^[^，。；“”]{0,10}?(?:情况|背景|形势|条件|年景|前提)下")


def tidy_label(label: str) -> str:
    label = ORDINAL.sub("", FROM_FIGURE.sub("", label.strip()))
    m = CIRCUMSTANCE.search(label)
    label = label[: m.start()] if m and m.start() else label
    m = CONDITION.match(label)  # 正常年景下|粮食产量
    label = label[m.end() :] if m and m.end() < len(label) - 1 else label
    for _ in range(3):
        label = TRAIL_WORDS.sub("", label).strip("，、：；（ ")
        label = _trim_adverbs(label)
    # 新能源装机同比|增加1829万千瓦, 实验室再|增加, 箱量和货值均|增长: the manner of an increase is not its thing
    m = CHANGE_END.search(label)
    if m:
        # (…分别增加: a list's, each its own figure; it stays as it is)
        manner = sorted((word_lists()["manner_words"] | {"再", "均", "都", "总体"}) - {"分别"}, key=len, reverse=True)
        head = label[: m.start()]
        cut_at = next((len(head) - len(w) for w in manner if head.endswith(w) and len(head) > len(w) + 1
                       and not (w == "均" and head[-2:-1] in "人年")), None)
        label = head[:cut_at] + m.group(0) if cut_at is not None else label
    return balance_quotes(label)


CHANGE_END = re.compile(r"(?:增长|增加|下降|提升|提高|减少|降低|上调|调增|净增|回升)$")


def _trim_adverbs(label: str) -> str:
    """稳步, 持续, 逆势 at a label's end say how it moves, not what it is (…产值稳步 | 提升, 民间投资逆势 |
    增长): the tagger's adverbs (d, ad, vd) and import.yaml's ``manner_words``."""
    manner = word_lists()["manner_words"]
    tagged = _tag_quoted(label) if label else []
    while len(tagged) > 1:
        if tagged[-1][1] in ("d", "ad", "vd") or tagged[-1][0] in manner:
            tagged = tagged[:-1]
        elif len(tagged) > 2 and tagged[-2][0] + tagged[-1][0] in manner:
            tagged = tagged[:-2]  # 较|快: a manner word the tagger cuts in two
        else:
            break
    return "".join(w for w, _ in tagged) if tagged else label


def cut(text: str) -> list[str]:
    """The words of ``text`` as the dictionary cuts them (no guessing of new words), 占比 kept whole."""
    import rjieba

    out: list[str] = []
    for w in rjieba.cut(text, False):
        if w == "比" and out and out[-1] in ("占", "收入"):
            out[-1] += w
        else:
            out.append(w)
    return out


def _only_verbs(label: str) -> bool:
    w = word_lists()
    if label in w["verbs"]:
        return True
    parts = [p for p in cut(label) if p.strip()]
    if not parts or parts[-1] in w["nouns"]:
        return False  # 新增就业, 拆除违建: what is counted, though tagged a verb
    return all(p in w["verbs"] or _tag_one(p) in ("v", "vd", "vi", "d", "ad") for p in parts)


def _tag_one(word: str) -> str:
    tags = _tag(word)
    return tags[0][1] if len(tags) == 1 else ""


# Endings that make a noun of what comes before (诉求解决率: the tagger calls every word of it a verb).
MEASURES = ("率", "量", "额", "数", "比例", "占比", "比重", "面积", "规模", "指数", "总值", "产值")


def bad_label(label: str) -> bool:
    """A label no reader can take for what is counted: empty, a generic word alone (规模, 材料), a
    bare verb (提高到, 完成, 新建), a comparison (高于全国, 较“十三五”时期), a list's (…分别, …等), a
    figure in it (由51家整合), or words without a noun."""
    label = (label or "").strip()
    w = word_lists()
    if len(label) < 2 or label in w["generic_labels"] or re.search(r"(到|至|为|占|的|等)$", label):
        return True
    if re.fullmatch(r"[0-9.]+[^0-9A-Za-z]{0,2}", label):
        return True  # the figure itself (2个)
    measured = len(label) > 2 and label.endswith(MEASURES)
    if "分别" in label or re.search(r"[，。；：]", label) or (_only_verbs(label) and not measured):
        return True
    parts = cut(re.sub(r"“[^“”]*”", "“”", label))
    compare = w["comparison_words"]
    if any(p in compare for p in parts) or any(c in label for c in compare if len(c) > 1) \
            or label.startswith(("优于", "好于", "超过", "超出")):
        return True
    if re.search(r".(?:优于|好于|超过|超出)(?![ⅠⅡⅢⅣⅤIV]|[一二三四五]类)", label) or OVER.match(label):
        return True
    if _tag_one(parts[-1]) in ("p", "c", "u", "uj", "ul", "r", "d", "f"):  # …全国前 (8位): a rank; …沿线 (1公里)
        return True
    if parts[-1] in MODIFIER_WORDS or (_tag_one(parts[-1]) == "b" and parts[-1][-1] in "级型类"):
        return True  # 建成国家级, 全球首款量产级, 二级: a class of what it does not say
    if _holds_figure(label):
        return True  # 保交房项目提前3个: a figure of its own
    tagged = _tag_quoted(re.sub(r"[（）()、]", "", label))
    return not measured and not any(t.startswith(NOUNISH_TAGS) or x in w["nouns"] for x, t in tagged)


@functools.lru_cache(maxsize=1)
def _figure_pattern() -> "re.Pattern[str]":
    """A number with one of import.yaml's units (the longest unit first)."""
    units = "|".join(re.escape(u) for u in sorted(data()["units"], key=len, reverse=True))
    return re.compile(rf"(?<![0-9.A-Za-z+])[0-9]+(?:\.[0-9]+)?[万亿]?(?:{units})(?!级)")


def _holds_figure(label: str) -> bool:
    """A number with a unit of import.yaml outside quotes and names (PM2.5, 5G, “3+3”: none)."""
    return bool(_figure_pattern().search(re.sub(r"“[^“”]*”", "", label)))


def noun_core(label: str) -> str:
    """The thing a label names, without the verbs around it: 发放各类社会救助资金 -> 社会救助资金,
    保障性租赁房源筹措建设 -> 保障性租赁房源, 安排风电光伏装机规模 -> 风电光伏装机."""
    w = word_lists()
    tagged = _tag_quoted(label)
    # a leading verb goes, unless it binds the one character after it (安置房, 续建|安置房)
    while len(tagged) > 1 and (tagged[0][1] in ("v", "r", "m", "d", "p", "c") or tagged[0][0] in w["verbs"]) \
            and len(tagged[1][0]) > 1:
        tagged = tagged[1:]
    while tagged and (tagged[-1][1] in ("v", "vn", "d") or tagged[-1][0] in w["verbs"] or tagged[-1][0] in w["generic_labels"]):
        tagged = tagged[:-1]
    # a thing it must name: ends on a noun (建成过江|通道: 通道 tagged a verb, 过江 a name; no core)
    return "".join(x for x, _ in tagged) if tagged and tagged[-1][1] in ("n", "nz", "nt", "ns", "j", "eng", "l") else ""


def verb_only(label: str) -> bool:
    """True when ``label`` is verbs only (惠及, 供应, 并网): what it does, not what it is."""
    return bool(label) and _only_verbs(label)


def list_labels(subject: str) -> list[str]:
    """The labels of a list subject, one per item: 基础设施投资、工业投资 -> both; an item that names only
    the thing takes the head the last item names of it (集成电路、汽车零配件、锂电池出口 -> 集成电路出口 …;
    新能源产业、装备制造业增加值 -> 新能源产业增加值 …); a short item, the words of the last after its
    own length (城镇、农村居民人均可支配收入 -> 城镇居民人均可支配收入 …; 一产、二产、三产增加值 -> 一产增加值 …)."""
    items = [s.strip() for s in subject.split("、") if s.strip()]
    if len(items) < 2:
        return items
    last = items[-1]
    return [item + _shared_head(item, last) for item in items[:-1]] + [last]


def _measure_word(word: str, heads: bool = True) -> bool:
    """A word that says what is counted of a thing, not the thing: 出口, 增加值, 投资, 余额, 合格率; with
    ``heads``, the generic words too (行业, 领域, 平台: the head of 航空航天行业增加值, 部级创新平台)."""
    w = word_lists()
    return word in w["list_heads"] or (len(word) > 1 and word.endswith(MEASURES)) or (heads and word in w["generic_labels"])


def _shared_head(item: str, last: str) -> str:
    """The words of ``last`` (a list's last item) that ``item`` shares with it, or '' when the item is
    whole: it ends on what is counted of it (基础设施投资、工业投资; 游客人数、旅游收入) or on what is
    done (城镇新增就业), or the last item holds no such head after its own thing."""
    words = _tag_quoted(last)
    # 美丽海湾建成|率: a one-character measure is one word with the verb before it
    for n in range(len(words) - 1, 0, -1):
        if words[n][0] in MEASURES and len(words[n][0]) == 1:
            words[n - 1 : n + 1] = [(words[n - 1][0] + words[n][0], "n")]
    own = _tag_quoted(item)
    if not own or _measure_word(own[-1][0], heads=False):
        return ""
    # 城镇、农村居民…; 非洲、拉美市场出口: a short item stands for the same length of the last
    short = len(item) <= 2 or (len(item) == 3 and len(cut(item)) == 1)
    if short and len(last) > len(item) + 1 and _boundary(words, len(item)):
        return last[len(item) :]
    # the head: the last words, each a measure (航空航天|行业增加值), or a share of a whole (产值|占规上工业比重)
    share = next((n for n, (w, _) in enumerate(words) if w == "占"), len(words))
    head = next((n for n in range(1, min(share, len(words))) if all(_measure_word(w) for w, _ in words[n:share])), None)
    # (城镇新增就业、新增发放创业担保贷款: an item that ends on what is done is whole)
    if head is not None and own[-1][1] != "v" and own[-1][0] not in word_lists()["nouns"]:
        # 国家级、部级创新平台: the last item's word that ends as the item ends (级) is the item's match
        match = [n for n in range(head) if len(words[n][0]) > 1 and words[n][0][-1] == item[-1]]
        start = match[-1] + 1 if match else head
        # 食用菌|全产业链产值: a modifier right after the last item's first word opens the head
        if not match and head > 1 and words[1][1] in ("a", "b"):
            start = 1
        # (新增发放创业担保贷款, 农村居民人均可支配收入: no thing of its own before the head; 节能家电 is one)
        w = word_lists()
        doing = w["verbs"] | w["predicate_verbs"] | w["light_verbs"]
        if all(t not in ("p", "c") and x not in doing and not (t == "v" and len(x) == 1) for x, t in words[:start]):
            return "".join(w for w, _ in words[start:])
    # 刑事、治安案件; 城镇、农村居民…: the dictionary's word across the item's length is two words there
    if short and len(last) > len(item) + 1 and _splits(last, len(item)):
        return last[len(item) :]
    return ""


def _boundary(words: list[tuple[str, str]], at: int) -> bool:
    pos = 0
    for w, _ in words:
        if pos == at:
            return True
        pos += len(w)
    return pos == at


def _splits(text: str, at: int) -> bool:
    """The word of ``text`` across ``at`` is two words of the dictionary there (治安|案件, 农村|居民)."""
    pos = 0
    for w in cut(text):
        if pos < at < pos + len(w):
            k = at - pos
            return _is_word(w[:k]) and _is_word(w[k:])
        pos += len(w)
    return False


def subject_before(text: str, pos: int, floor: int = 0, list_items: bool = True, keep_inner: bool = False) -> str:
    """The subject a figure at ``pos`` belongs to, from the words before it in its clause
    (not reaching back past ``floor``, the end of the figure before it). ``keep_inner``: the subject as
    the text writes it, light verb kept (长宁片区完成综合税收), and none for a figure of a list's
    (人参、食用菌全产业链产值分别达到…: the list gives each item's label, no words before it do)."""
    clause = _clause_before(text, pos, CLAUSE_END + ("、" if list_items else ""))
    if keep_inner and "分别" in clause and "、" in _clause_before(text, pos):
        return ""
    clause = clause[max(0, floor - (pos - len(clause))) :]
    at = _word_at(clause, "等")
    if at >= 0:  # 新增老年人意外伤害综合保险等“免申即享”服务: the head noun is after 等 (高等级航道: no 等 there)
        head = clause[at + 1 :]
        verb = _leading_verb(_clause_before(text, pos))
        clause = (verb + head) if head.strip() else clause
    clause = TRAIL_WORDS.sub("", ORDINAL.sub("", clause))
    tail = next((t for t in KEPT_TAILS if clause.endswith(t)), "")  # 服务业增加值占比: 比 is no preposition here
    words = _trim_subject(_tag_quoted(clause[: len(clause) - len(tail)])) + ([(tail, "n")] if tail else [])
    # 长宁片区完成综合税收 -> 长宁片区综合税收: a light verb between two nouns is not the subject's
    if not keep_inner:
        words = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and w[0] in INNER_VERBS)]
    label = tidy_label("".join(w for w, _ in words))
    # 民生支出占一般公共预算支出|77.9%: a share of the whole is its 比重 (占比, …比重, …比例 are already)
    raw = _clause_before(text, pos)
    if label.endswith("占") and raw.rfind(label) >= 0 and raw[raw.rfind(label) + len(label) :].startswith("比"):
        label += "比"  # 占比|从31.1%降至22.5%: the tagger took 比 for a preposition
    if "占" in cut(label) and not label.endswith(("比重", "比例", "份额", "占比")):
        m = _figure_pattern().match(text, pos)
        label = label + "比重" if m and text[m.start() : m.end()].endswith("%") else label
    if label.startswith("占"):  # 粮食增量39.7亿斤、|占全国比重: the share is the figure's before
        label = _share_of_figure_before(text, pos - len(_clause_before(text, pos, CLAUSE_END + "、"))) + label
    if PER.search(label):
        return _given_label(text, pos, label) or label
    # 完成营造林, 实施重大项目: a light verb says nothing of what is counted (完成投资: 投资 alone is too plain)
    # (打造并评选…, 推动出台…: a verb of the thing follows, and the two are one doing)
    if not keep_inner and len(words) > 1 and words[0][0] in word_lists()["light_verbs"] \
            and words[1][1] not in ("v", "c", "p", "d", "vd"):
        rest = tidy_label("".join(w for w, _ in words[1:]))
        if not bad_label(rest) and not verb_only(rest) and len(rest) > 1:
            return rest
    return label


def _share_of_figure_before(text: str, start: int) -> str:
    """The label of the figure right before a clause at ``start`` that opens with 占 (粮食增量39.7亿斤、|占全国
    23.6%: 粮食增量), where that figure has one; ''."""
    sentence = max(text.rfind(c, 0, start) for c in SENTENCE_END) + 1
    for m in reversed(list(_figure_pattern().finditer(text, sentence, start))):
        # 综合税收370亿元|，同比增长40%，|占全区税收比重: the change between is that figure's
        if not re.fullmatch(r"[，、]?(?:[^，、。；]{0,8}?" + CHANGE_VERBS + r"[0-9.]+%[，、])?",
                            text[m.end() : start]):
            continue
        if CHANGED.search(text[sentence : m.start()]):
            continue  # the change's figure, not the thing's
        prev = LEAD_UNIT.sub("", subject_before(text, m.start()))  # 6100余家|数字经济企业: the count is not the thing
        return prev if prev and not bad_label(prev) and not prev.startswith("占") else ""
    return ""


LEAD_UNIT = re.compile(r"^[余多](?:" + "|".join(sorted(COUNTED, key=len, reverse=True)) + ")(?=.)")
CHANGE_VERBS = r"(?:增长|下降|提高|提升|增加|减少|降低|上升)"
CHANGED = re.compile(CHANGE_VERBS + "$")


# 每人, 每户每月 right before a figure: it is so much for each, given to those named before the verb.
PER = re.compile(r"(?:每(?:人|户|名|位|个|家|所|年|月|天|次|亩|吨))+$")


def _given_label(text: str, pos: int, subject: str) -> str:
    """A sum given to each (“两癌”患病妇女给予每人|1万元救助): who gets it, for each, and what it is
    (“两癌”患病妇女每人救助), or '' where no noun after the figure says what it is."""
    m = _figure_pattern().match(text, pos)
    noun = noun_after(text, m.end()) if m else ""
    if not noun:
        return ""
    per = PER.search(subject).group(0)
    tagged = _tag_quoted(subject[: len(subject) - len(per)])
    while tagged and (tagged[-1][1] in ("v", "p", "d", "c", "uj") or tagged[-1][0] in word_lists()["verbs"]):
        tagged = tagged[:-1]
    who = "".join(w for w, _ in tagged)
    return f"{who}{per}{noun}" if who and not verb_only(who) else ""


def _word_at(text: str, word: str) -> int:
    """Where ``word`` last stands as a word of its own in ``text`` (not inside another), or -1."""
    pos, at = 0, -1
    for w, _ in _tag(text):
        if w == word:
            at = pos
        pos += len(w)
    return at


def _tag_quoted(text: str) -> list[tuple[str, str]]:
    """Tagged words, a quoted name (“3+3”, “一件事”) kept as one noun."""
    out: list[tuple[str, str]] = []
    for piece in re.split(r"(“[^“”]{1,20}”)", text):
        if piece.startswith("“") and piece.endswith("”"):
            out.append((piece, "nz"))
        elif piece:
            out += _tag(piece)
    return out


def _leading_verb(clause: str) -> str:
    words = _tag(clause)
    while words and words[0][0] in LEAD_DROP:
        words = words[1:]
    return words[0][0] if words and words[0][1] == "v" and len(words[0][0]) >= 2 else ""


# Words that may open or stand inside a noun phrase after a counted figure without being nouns:
# 重要道路, 先进级智能工厂, 紧密型城市医疗集团, 百亿级…项目, 专业类…中心.
MODIFIER_TAGS = ("a", "b", "t")
MODIFIER_WORDS = {"级", "型", "类", "式"}
# Words after a noun that end the phrase though tagged as nouns: 36个河道断面全部达标.
PHRASE_STOPS = {"全部", "均", "都", "各", "分别", "共", "累计", "以上", "左右"}


def noun_after(text: str, pos: int) -> str:
    """The noun phrase right after a counted figure (2家平台企业获评… -> 平台企业; 58条重要道路,
    7家社区“宝宝屋”, 5个百亿级绿色…项目), or ''."""
    rest = text[pos:]
    if rest.startswith("“"):
        end = rest.find("”")
        return rest[: end + 1] if 0 < end <= 20 else ""
    m = re.match(r"^(?:“[^“”，。；]{1,20}”|[^，。；：！？、（）(),;:“”])*", rest)
    tagged = _tag_quoted(m.group(0)[:30] if m else "")
    out: list[tuple[str, str]] = []
    lists = word_lists()
    for n, (w, t) in enumerate(tagged):
        nxt = tagged[n + 1] if n + 1 < len(tagged) else ("", "")
        if w in lists["nouns"]:
            t = "n"
        if w in PHRASE_STOPS or w in lists["predicate_verbs"] or re.search(r"[0-9]", w) \
                or (t == "l" and any(v in w for v in lists["predicate_verbs"])):
            if re.search(r"[0-9]", w) and any(x[1] == "mod" for x in out[1:]):
                # 74幢重点商务楼宇平均单位面积产税13600元: the words from the modifier on are the next figure's
                out = out[: next(i for i, x in enumerate(out) if i and x[1] == "mod")]
            elif re.search(r"[0-9]", w) and out and out[-1][0] in ("和", "与", "及") \
                    and all(x[1] in ("mod", "b") or x[0].endswith("级") for x in out[:-1]):
                # 2个国家级和22个省级区域医疗中心: the class shares the noun after the next figure
                head = _head_after(text, pos + sum(len(x[0]) for x in out))
                return "".join(x[0] for x in out[:-1]) + head if head else ""
            break
        if out and out[-1][1] == "mod" and t in ("vn", "v"):
            break  # 50家医院周边环境 | 整治, 扎实 | 落地: after a modifier, a verb ends the phrase
        if t.startswith(NOUN_TAGS) or (out and (w in MODIFIER_VERBS or w in ("和", "与", "及"))):
            out.append((w, t))
            continue
        if t.startswith(MODIFIER_TAGS) or w in MODIFIER_WORDS or (t == "m" and (nxt[0] == "级" or nxt[1].startswith("n"))):
            out.append((w, "mod"))  # a modifier: kept only where a noun follows
            continue
        if t == "v" and not out and len(w) >= 2 and nxt[1] in ("v", "vn"):
            out.append((w, "vmod"))  # 3个停车治理先行项目: verbs before the noun they name
            continue
        if t == "v" and out and out[-1][1] == "vmod":
            out.append((w, "vmod"))
            continue
        if t == "v" and nxt[1].startswith("n") and nxt[0] not in PHRASE_STOPS and (out or len(w) >= 2):
            out.append((w, "mod" if not out else t))  # 市级疏堵工程, 就业困难人员: a verb before a noun modifies it
            continue
        break
    while out and (out[-1][1] in ("mod", "vmod") or out[-1][0] in ("和", "与", "及")):
        out.pop()
    return "".join(w for w, _ in out)


def _head_after(text: str, pos: int) -> str:
    """The noun of the phrase after the counted figure at ``pos``, its modifiers taken off (22个|省级区域
    医疗中心 -> 区域医疗中心), or ''."""
    m = _figure_pattern().match(text, pos)
    phrase = noun_after(text, m.end()) if m else ""
    tagged = _tag_quoted(phrase)
    while len(tagged) > 1 and (tagged[0][1].startswith(MODIFIER_TAGS) or tagged[0][0].endswith(("级", "型", "类"))):
        tagged = tagged[1:]
    return "".join(w for w, _ in tagged) if len(tagged) < len(_tag_quoted(phrase)) else ""


def relative_label(text: str, pos: int, noun: str) -> str:
    """A noun too plain to stand alone told by what it does (5个项目入选全市…示范场景 ->
    入选全市…示范场景的项目), or '' where the words after it are no predicate of their own."""
    m = re.match(r"^[^，。；：！？、（）(),;:]*", text[pos:])
    clause = m.group(0) if m else ""
    first = _tag(clause[:8])[:1]
    if not first or first[0][0] not in word_lists()["predicate_verbs"] or re.search(r"[0-9]", clause):
        return ""
    return f"{clause}的{noun}" if 2 < len(clause) <= 24 else ""


def verb_after(text: str, pos: int) -> str:
    """The verb right after a noun phrase (经济楼宇顺利竣工 -> 竣工), or ''."""
    m = re.match(r"^[^，。；：！？、（）(),;:]*", text[pos:])
    for w, t in _tag(m.group(0)[:12] if m else ""):
        if t in ("d", "ad"):  # 顺利竣工: the adverb is not the verb
            continue
        return w if t == "v" and len(w) >= 2 else ""
    return ""

