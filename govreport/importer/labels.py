"""A figure's label: the noun phrase the text gives what is counted.

The noun phrase after a counted figure (``2家平台企业``), else the words before it in its clause,
trimmed of time words and verbs (``全年地区生产总值达到`` -> 地区生产总值); the words are cut and
tagged by rjieba (jieba's dictionary and tagger, compiled: no cache to build, ~0.1 s to load).
"""

from __future__ import annotations

import re

SENTENCE_END = "。；！？"
CLAUSE_END = "。；！？，：,;:"
NOUN_TAGS = ("n", "j", "vn", "eng", "nr", "ns", "nt", "nz", "l", "i", "b", "an")
# Words at the start of a clause that are not part of a figure's subject.
LEAD_DROP = {"全年", "今年", "去年", "其中", "共", "累计", "实现", "我区", "并", "同时", "还", "已", "分别", "全面",
             "顺利", "成功", "当年", "年内", "上", "目前"}
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


def _trim_subject(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    while words and (
        words[0][0] in LEAD_DROP
        or words[0][1] in ("p", "c", "d", "t", "uj", "x")
        or (words[0][1] == "m" and re.search(r"[0-9年]", words[0][0]))
        or words[0][0] in "，、：；（）”"
    ):
        words = words[1:]
    while words and (words[-1][0] in TRAIL_DROP or words[-1][1] in ("d", "p", "uj", "ul", "x", "c", "m") or words[-1][0] in "，、：；"):
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
    r"(?:提高|提升|增加|增长|下降|降低|减少|扩大|缩小|上升)(?:到|至)|达至|完成率达|较|[比较](?:19|20)[0-9]{2}年(?:同期)?的?)+$"
)
KEPT_TAILS = ("占比", "比重", "比例")
# Nouns that say how something is measured but not what: a label of one of these alone is a fragment.
FRAGMENTS = {"规模", "总量", "数量", "总额", "金额", "面积", "比重", "占比", "比例", "人数", "产量", "增速", "增幅", "总数",
             "数", "量", "额", "率", "水平", "能力", "指数", "总值", "产值", "投资", "收入", "项目", "企业", "全市", "全省",
             "全区", "其中", "以上", "累计", "分别", "同比", "年均"}
# Tags of words that can stand for what is counted (nouns, noun-verbs, names, idioms); a label needs one.
NOUNISH_TAGS = ("n", "vn", "j", "eng", "nz", "nt", "ns", "nr", "l", "i", "an", "b", "g")


def tidy_label(label: str) -> str:
    label = label.strip()
    for _ in range(3):
        label = TRAIL_WORDS.sub("", label).strip("，、：；（ ")
    return balance_quotes(label)


def bad_label(label: str) -> bool:
    """A label no reader can take for what is counted: empty, a fragment (规模), a bare verb
    (提高到, 完成) or words without a noun."""
    label = (label or "").strip()
    if len(label) < 2 or label in FRAGMENTS or re.search(r"(到|至|为|占|的)$", label):
        return True
    if re.fullmatch(r"[0-9.]+[^0-9A-Za-z]{0,2}", label):
        return True  # the figure itself (2个)
    return not any(t.startswith(NOUNISH_TAGS) for _, t in _tag_quoted(re.sub(r"[（）()、]", "", label)))


def list_labels(subject: str) -> list[str]:
    """The labels of a list subject, one per item: 基础设施投资、工业投资 -> both; a short item takes the
    head of the last (城镇、农村居民人均可支配收入 -> 城镇居民人均可支配收入, 农村居民人均可支配收入;
    一产、二产、三产增加值 -> 一产增加值 …)."""
    import rjieba

    items = [s.strip() for s in subject.split("、") if s.strip()]
    if len(items) < 2:
        return items
    last = items[-1]
    out = []
    for item in items[:-1]:
        short = len(last) > len(item) + 1 and (len(item) <= 2 or (len(item) == 3 and len(list(rjieba.cut(item))) == 1))
        out.append(item + last[len(item) :] if short else item)
    return out + [last]


def subject_before(text: str, pos: int, floor: int = 0, list_items: bool = True, keep_inner: bool = False) -> str:
    """The subject a figure at ``pos`` belongs to, from the words before it in its clause
    (not reaching back past ``floor``, the end of the figure before it)."""
    clause = _clause_before(text, pos, CLAUSE_END + ("、" if list_items else ""))
    clause = clause[max(0, floor - (pos - len(clause))) :]
    if "等" in clause:  # 新增老年人意外伤害综合保险等“免申即享”服务: the head noun is after 等
        head = clause.rsplit("等", 1)[1]
        verb = _leading_verb(_clause_before(text, pos))
        clause = (verb + head) if head.strip() else clause
    clause = TRAIL_WORDS.sub("", clause)
    tail = next((t for t in KEPT_TAILS if clause.endswith(t)), "")  # 服务业增加值占比: 比 is no preposition here
    words = _trim_subject(_tag_quoted(clause[: len(clause) - len(tail)])) + ([(tail, "n")] if tail else [])
    # 长宁片区完成综合税收 -> 长宁片区综合税收: a light verb between two nouns is not the subject's
    if not keep_inner:
        words = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and w[0] in INNER_VERBS)]
    return tidy_label("".join(w for w, _ in words))


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


def noun_after(text: str, pos: int) -> str:
    """The noun phrase right after a counted figure (2家平台企业获评… -> 平台企业), or ''."""
    rest = text[pos:]
    if rest.startswith("“"):
        end = rest.find("”")
        return rest[: end + 1] if 0 < end <= 20 else ""
    m = re.match(r"^[^，。；：！？、（）(),;:“”]*", rest)
    words = _tag(m.group(0)[:30] if m else "")
    out: list[str] = []
    for n, (w, t) in enumerate(words):
        nxt = words[n + 1][1] if n + 1 < len(words) else ""
        if t.startswith(NOUN_TAGS) or (out and (w in MODIFIER_VERBS or w in ("和", "与", "及"))):
            out.append(w)
            continue
        if out and t == "v" and nxt.startswith("n"):  # 市级疏堵工程: a verb between nouns modifies the last
            out.append(w)
            continue
        break
    while out and out[-1] in ("和", "与", "及"):
        out.pop()
    return "".join(out)


def verb_after(text: str, pos: int) -> str:
    """The verb right after a noun phrase (经济楼宇顺利竣工 -> 竣工), or ''."""
    m = re.match(r"^[^，。；：！？、（）(),;:]*", text[pos:])
    for w, t in _tag(m.group(0)[:12] if m else ""):
        if t in ("d", "ad"):  # 顺利竣工: the adverb is not the verb
            continue
        return w if t == "v" and len(w) >= 2 else ""
    return ""

