"""Figures found in a report's text, typed as indicators, and the text with ``{id}`` references.

Used by ``build.py import`` (``govreport.importer``). What counts as a figure: Arabic digits
followed by a unit of ``govreport/data/import.yaml`` (``2286.2亿元``, ``600余人``, ``5%左右``), with
a qualifier before, inside or after it (超过 / 余 / 左右), or a change phrase (``增长12.8%``,
``提高9个百分点``). A change right after a figure (``，同比增长12.8%``, ``，较上年提高了9个百分点``) is
that figure's change; one with no figure of its own before it (``营收同比增长52%``) is a change-only
figure. Years, dates and ordinals carry no unit of the list (2023年, 1月16日, 第5次 is refused by
its 第) and numbers inside ``3+3`` or ``5G`` are skipped, so they are not figures.

The label is the subject the text gives the figure: the noun phrase after a counted figure
(``2家平台企业``), else the words before it in its clause, trimmed of time words and verbs
(``全年地区生产总值达到`` -> 地区生产总值); the words are cut and tagged by rjieba (jieba's
dictionary and tagger, compiled: no cache to build, ~0.1 s to load).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "import.yaml"

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
COMPARATIVES = {"", "同比", "较上年", "比上年", "较去年", "比去年", "较上年同期", "比上年同期", "同比分别", "分别"}


@functools.lru_cache(maxsize=1)
def data() -> dict:
    from .loader import load_template

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


def tidy_label(label: str) -> str:
    label = re.sub(r"(达到|达|为|约|超过|共|累计)$", "", label.strip())
    return balance_quotes(label.strip("，、：；（ "))


def subject_before(text: str, pos: int, floor: int = 0, list_items: bool = True) -> str:
    """The subject a figure at ``pos`` belongs to, from the words before it in its clause
    (not reaching back past ``floor``, the end of the figure before it)."""
    clause = _clause_before(text, pos, CLAUSE_END + ("、" if list_items else ""))
    clause = clause[max(0, floor - (pos - len(clause))) :]
    if "等" in clause:  # 新增老年人意外伤害综合保险等“免申即享”服务: the head noun is after 等
        head = clause.rsplit("等", 1)[1]
        verb = _leading_verb(_clause_before(text, pos))
        clause = (verb + head) if head.strip() else clause
    words = _trim_subject(_tag_quoted(clause))
    # 长宁片区完成综合税收 -> 长宁片区综合税收: a light verb between two nouns is not the subject's
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
    for w, t in words:
        if t.startswith(NOUN_TAGS) or (out and (w in MODIFIER_VERBS or w in ("和", "与", "及"))):
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


# --- the whole report: targets, groups, headline proposals, ids, references -------------------

HEADLINE_MAX = 8  # what the deck's at-a-glance slide and the brief's tiles show (templates: tiles.max)
TARGET_SENTENCE = re.compile(r"主要预期目标[^。]*?[是为：:]+(?P<items>[^。]*)。?")
TARGET_VERBS = re.compile(r"(控制在|保持在|保持|完成|达到|实现|确保|力争|低于|高于|不低于|不超过|稳定在|降低|下降|提高|提升|增长)")


@dataclass
class Typed:
    """The report with its figures: what ``importer.to_yaml`` writes."""

    groups: dict
    figures: list
    opening: list
    parts: list
    closing: list


def escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def headline_max() -> int:
    """How many headline figures the outputs show as tiles (the smaller of brief and deck)."""
    from .loader import load_template
    from .paths import template_path

    n = HEADLINE_MAX
    for name in ("brief.yaml", "deck.yaml"):
        try:
            n = min(n, int(load_template(template_path(name))["tiles"]["max"]))
        except Exception:  # a template without tiles.max: keep the default
            pass
    return n


def group_of(heading: str, taken: dict) -> tuple[str, str]:
    """(id, title) of the group an area heading names: 经济向好态势持续巩固 -> economy."""
    body = re.sub(r"^（[一二三四五六七八九十]+）", "", heading).strip().rstrip("。；！")
    title = re.split(r"[，,]", body)[-1].strip() or body
    gid = ""
    for word, candidate in data()["group_ids"].items():
        if word in body and candidate not in taken:
            gid = candidate
            break
    if not gid:
        gid = f"area{len(taken) + 1}"
    while gid in taken:
        gid += "_2"
    return gid, title


def _model_has_text() -> bool:
    from .model import Indicator

    return "text" in Indicator.model_fields


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


def _pinyin(word: str) -> str:
    """Toneless pinyin of a word, a character at a time (pypinyin's character table only: its
    phrase table costs 0.3 s to load, and an id needs no tone or rare reading)."""
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    out = []
    for ch in word:
        reading = pinyin_dict.get(ord(ch))
        if reading is None:
            out.append(ch.lower() if ch.isascii() and ch.isalnum() else "")
            continue
        first = unicodedata.normalize("NFKD", reading.split(",")[0]).replace("u\u0308", "v")
        out.append("".join(c for c in first if c.isascii() and c.isalpha()))
    return "".join(out)


def _ids(figures: list[Figure]) -> None:
    import rjieba

    known = data()["ids"]
    taken: set[str] = set()
    for f in figures:
        base = ""
        for key in sorted(known, key=len, reverse=True):
            if key in f.label and len(key) >= 0.6 * len(re.sub(r"[“”（）]", "", f.label)):
                base = known[key]
                break
        if not base:
            words = [w for w in rjieba.cut(re.sub(r"[^\w]", "", f.label)) if w.strip()]
            parts = []
            for w in words[-3:]:
                py = _pinyin(w).lower()
                py = re.sub(r"[^a-z0-9]", "", py)
                if py:
                    parts.append(py)
            base = "_".join(parts)[:40].strip("_") or "figure"
            if not base[0].isalpha():
                base = "n" + base
        if f.target and not base.endswith("_target"):
            base += "_target"
        fid, n = base, 2
        while fid in taken:
            fid, n = f"{base}_{n}", n + 1
        taken.add(fid)
        f.id = fid


def _rewrite(text: str, hits: list[Hit]) -> str:
    """``text`` with each figure replaced by its reference, everything else escaped."""
    pieces: list[tuple[int, int, str]] = []
    for h in hits:
        f = h.fig
        if h.kind in ("value", "target"):
            pieces.append((h.start, h.end, "{" + f.id + "}"))
        elif h.kind == "attached":
            pieces.append((h.m.start("num"), h.m.end("unit"), "{" + f.id + ".change}"))
        elif h.kind == "change":
            m = h.m
            pieces.append((m.start("num"), m.end("unit"), "{" + f.id + ".change}"))
    pieces.sort()
    out, pos = [], 0
    for a, b, token in pieces:
        out.append(escape(text[pos:a]))
        out.append(token)
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


def _exact(f: Figure) -> bool:
    """True when the indicator, as the model writes it, reads exactly as the text did."""
    from .model import Indicator

    try:
        ind = Indicator(**{k: v for k, v in _fields(f).items()})
    except Exception:
        return False
    if f.value is not None and ind.value_text != f.value_span:
        return False
    if f.value is None and f.text is not None and ind.text != f.value_span:
        return False
    if f.change is not None and f.change_span and ind.change_text != f.change_span:
        return False
    return True


def _fields(f: Figure) -> dict:
    out: dict = {"id": f.id or "x", "label": f.label or "x", "period": f.period or 2000, "group": f.group or "x"}
    if f.value is not None:
        out["value"] = f.value
        out["unit"] = f.unit
    if f.qualifier:
        out["qualifier"] = f.qualifier
    if f.change:
        out["change"] = dict(f.change)
    if f.target:
        out["target"] = True
    if f.text is not None:
        out["text"] = f.text
    return out


def _part_is_plan(heading: str, plan: int) -> bool:
    return f"{plan}年" in heading or "任务" in heading or "计划" in heading


def type_report(d, review: int, plan: int) -> Typed:
    """Find, type and name every figure of the draft ``d`` and put the references in its text."""
    groups: dict[str, str] = {}
    figures: list[Figure] = []
    jobs: list[tuple[dict, str, list[Hit]]] = []  # (paragraph dict, key, hits)
    has_text = _model_has_text()
    plan_group = targets_group = review_group = None

    def scan(para: dict, period: int, group: str, where: tuple, key: str = "text") -> None:
        nonlocal targets_group
        text = para.get(key) or ""
        hits: list[Hit] = []
        t = _targets(text, plan) if period == plan and key == "text" else None
        if t:
            s, e, target_hits = t
            kept = []
            for h in target_hits:
                if h.fig.text is not None and not has_text:
                    continue  # the model cannot hold a target stated in words yet: the words stay text
                kept.append(h)
            if targets_group is None:
                targets_group = "targets"
                groups["targets"] = f"{plan}年主要预期目标"
            for h in kept:
                h.fig.group = "targets"
            hits += kept
            hits += [h for h in type_figures(text, period, where) if h.end <= s or h.start >= e]
        else:
            hits = type_figures(text, period, where)
        for h in hits:
            if h.fig.group == "":
                h.fig.group = group
        jobs.append((para, key, hits))

    for p in d.opening:
        pass  # the opening greets; figures there are rare and have no area
    for pi, part in enumerate(d.parts):
        is_plan = pi > 0 and _part_is_plan(part["heading"], plan)
        period = plan if is_plan else review
        if is_plan:
            if plan_group is None:
                plan_group = "plan"
                groups.setdefault("plan", re.sub(r"^[一二三四五六七八九十]+、", "", part["heading"]).strip() or f"{plan}年主要任务")
            part_group = plan_group
        else:
            if review_group is None:
                review_group = "review"
            part_group = review_group
        for para in part["intro"] + part["closing"]:
            for key in ("lead", "text"):
                scan(para, period, part_group, (pi, -1), key)
        for ai, area in enumerate(part["areas"]):
            g = part_group
            if not is_plan:
                g, title = group_of(area["heading"], groups)
                groups[g] = title
            for para in area["paragraphs"]:
                for key in ("lead", "text"):
                    scan(para, period, g, (pi, ai), key)
    if review_group and any(h.fig.group == "review" for _, _, hs in jobs for h in hs):
        groups = {"review": re.sub(r"^[一二三四五六七八九十]+、", "", d.parts[0]["heading"]).strip() or "主要指标", **groups}
    # Order: the year's figures first, targets last (the table order of the outputs).
    seen: dict[int, Figure] = {}
    for _, _, hits in jobs:
        for h in hits:
            seen.setdefault(id(h.fig), h.fig)
    figures = list(seen.values())
    figures = [f for f in figures if not f.target] + [f for f in figures if f.target]
    # Headline proposals: the review's summary and first area, figures with a change first.
    first = [f for f in figures if not f.target and f.where[:1] == (0,) and f.where[1] in (-1, 0)]
    ranked = sorted(first, key=lambda f: (f.change is None, f.unit not in ("亿元", "万元", "亿美元", "%")))
    for f in ranked[: headline_max()]:
        f.headline = True
        f.checks.append("headline")
    # Two figures of one paragraph with one label (…{a}经济楼宇开工建设，…{b}经济楼宇顺利竣工): the verb after each tells them apart.
    by_label: dict[tuple, list[Figure]] = {}
    for f in figures:
        by_label.setdefault((f.where, f.label), []).append(f)
    for same in by_label.values():
        if len(same) > 1 and all(f.verb_after for f in same) and len({f.verb_after for f in same}) == len(same):
            for f in same:
                f.label = f.verb_after + f.label
    _ids(figures)
    # A figure the model would write otherwise than the text stays text (never a changed reading).
    bad = {id(f) for f in figures if not _exact(f)}
    figures = [f for f in figures if id(f) not in bad]
    for para, key, hits in jobs:
        good = [h for h in hits if id(h.fig) not in bad]
        if para.get(key):
            para[key] = _rewrite(para[key], good)
    used = {f.group for f in figures}
    groups = {k: v for k, v in groups.items() if k in used} or {"general": "主要指标"}
    return Typed(groups, figures, d.opening, d.parts, d.closing)


def plain_report(d) -> Typed:
    """The draft with no figures: texts escaped only."""
    for _, para in _all_paragraphs(d):
        for key in ("lead", "text"):
            if para.get(key):
                para[key] = escape(para[key])
    return Typed({"general": "主要指标"}, [], d.opening, d.parts, d.closing)


def _all_paragraphs(d):
    for p in d.opening:
        yield None, p
    for part in d.parts:
        for p in part["intro"] + [q for a in part["areas"] for q in a["paragraphs"]] + part["closing"]:
            yield part, p
    for p in d.closing:
        yield None, p


def indicator_yaml(f: Figure, scalar) -> list[str]:
    """The indicator as YAML lines, each guess to check marked with a comment."""
    out = [f"  {f.id}:"]
    out.append(f"    label: {scalar(f.label)}" + ("  # check: label" if "label" in f.checks else ""))
    if f.text is not None:
        out.append(f"    text: {scalar(f.text)}")
    if f.value is not None:
        out.append(f"    value: {f.value}")
        out.append(f"    unit: {scalar(f.unit)}")
    if f.qualifier:
        out.append(f"    qualifier: {scalar(f.qualifier)}")
    out.append(f"    period: {f.period}")
    if f.change:
        c = f.change
        out.append(f"    change: {{value: {c['value']}, unit: {json_str(c['unit'])}, word: {c['word']}}}")
    out.append(f"    group: {f.group}")
    if f.headline:
        out.append("    headline: true  # check: headline (the review's summary and first area; the outputs show up to "
                   f"{headline_max()})")
    if f.target:
        out.append("    target: true  # check: target (from the sentence stating the 主要预期目标)")
    return out


def json_str(s: str) -> str:
    import json

    return json.dumps(s, ensure_ascii=False)
