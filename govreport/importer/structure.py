"""The structure of a report's text: blocks, title block, parts, areas, leads, closings.

``parse`` reads the marked-up text (``#`` title, ``##`` parts, ``###`` stand-alone areas,
``**（一）…**`` run-in areas, ``**lead。**`` bold leads) into a ``Draft``; ``plain_markup`` turns
plain text (一、 and （一） lines as headings) into that marked-up text. The extraction broke a few
things, which the importer mends without changing a word:

- page breaks split paragraphs (mid-word, or after a full stop); the pieces are joined again.
  A piece continues the previous paragraph when that paragraph does not end with closing
  punctuation, when it is a plain piece inside an area that already has its first paragraph
  (every later paragraph of an area opens with a bold lead), or when a page gap (two or more
  blank lines) stands before it;
- a title-page line split in two (the subtitle) is one line again;
- stray spaces between digits or Latin letters and Chinese go ("840 家" -> "840家").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from ..model import Annex, Area, Glossary, Paragraph, Part, Term

# Characters a sentence or paragraph may end with.
CLOSING = "。！？：；…”’」』）)"
# Chinese characters and full-width punctuation (incl. “”—…、，（） and the CJK blocks).
CJK = r"[\u2010-\u206f\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
ASCII = r"[0-9A-Za-z%]"  # digits, Latin letters, per cent: what the extraction spaced out
STRAY_SPACE = re.compile(rf"(?<={CJK})[ \t\u00a0]+(?={ASCII})|(?<={ASCII})[ \t\u00a0]+(?={CJK})")
AREA_NUMBER = re.compile(r"^（[一二三四五六七八九十]+）")
HEADING = re.compile(r"^(#{1,6})\s*(.*)$")
BOLD_LEAD = re.compile(r"^\*\*(.+?)\*\*\s*(.*)$")
PAGE_GAP = 2  # this many blank lines or more between two pieces: a page break

def mend_spaces(text: str) -> str:
    """Drop extraction spaces between digits/Latin and Chinese: '840 家' -> '840家'."""
    return STRAY_SPACE.sub("", text)


def unmark(text: str) -> str:
    """A heading without its Markdown: '### **（一）…。**' -> '（一）…。'."""
    text = re.sub(r"^#+\s*", "", text.strip())
    return text.replace("**", "").strip()


@dataclass
class Block:
    """Non-blank lines between blank lines, joined; ``gap`` blank lines stood before it."""

    text: str
    gap: int
    line: int


def blocks(source: str) -> list[Block]:
    """The source as blocks: lines of a block are joined (a split line is one line again)."""
    out: list[Block] = []
    lines: list[str] = []
    gap = 0
    start = 0
    for n, raw in enumerate(source.splitlines() + [""], start=1):
        if raw.strip():
            if not lines:
                start = n
            lines.append(raw.strip())
            continue
        if lines:
            out.append(Block(mend_spaces("".join(lines)), gap, start))
            lines, gap = [], 0
        gap += 1
    return out


HEADING_LINE_MAX = 40


def is_heading_line(text: str, lead: str | None = None) -> bool:
    """A line of plain text standing as a heading of its own (“十四五”时期发展成就和2025年工作回顾): short,
    no lead, no pause or stop inside; a line a break split off a paragraph is longer or has its commas."""
    return not lead and len(text) <= HEADING_LINE_MAX and not re.search(r"[，。；：！？、,;:]", text)


def ends_closed(text: str) -> bool:
    return bool(text) and text[-1] in CLOSING


@dataclass(frozen=True)
class Draft:
    """What the importer recognised, in the model's own types (``govreport.model``): the texts as the
    source writes them (no ``{id}`` references yet, braces not escaped)."""

    title: str = ""
    subtitle: str = ""
    speaker: str = ""
    opening: tuple = ()  # model.Paragraph
    parts: tuple = ()  # model.Part
    closing: tuple = ()  # model.Paragraph
    annexes: tuple = ()  # model.Annex
    glossary: Glossary | None = None


@dataclass
class _Parsing:
    """The draft while ``parse`` reads it: lists and dicts that pieces are added and joined to."""

    title: str = ""
    subtitle: str = ""
    speaker: str = ""
    opening: list = field(default_factory=list)  # {lead?, text}
    parts: list = field(default_factory=list)  # {heading, intro, areas: [{heading, run_in, paragraphs}], closing}
    closing: list = field(default_factory=list)
    annexes: list = field(default_factory=list)  # {label, title, numbering, items | paragraphs}
    glossary: dict | None = None  # {label, title, numbering, terms: [{term, text}]}


def built(cls, **fields):
    """``cls(**fields)``, validated; where the text left it incomplete (an area heading with no text under
    it, an annex without a label) built as it stands, unvalidated: the draft keeps what the source gave,
    and the loader, reading the draft back, names what to complete."""
    try:
        return cls(**fields)
    except ValidationError:
        return cls.model_construct(**fields)


def _frozen(d: _Parsing) -> Draft:
    """The parsed draft in the model's types."""
    paras = lambda items: tuple(built(Paragraph, lead=q.get("lead") or None, text=q["text"]) for q in items)
    parts = tuple(
        built(Part, heading=part["heading"], intro=paras(part["intro"]), closing=paras(part["closing"]),
              areas=tuple(built(Area, heading=a["heading"], run_in=a["run_in"], paragraphs=paras(a["paragraphs"]))
                          for a in part["areas"]))
        for part in d.parts)
    annexes = []
    for a in d.annexes:
        fields = {k: a[k] for k in ("label", "title", "numbering") if k in a}
        fields.update({kind: paras(a[kind]) for kind in ("items", "paragraphs") if a.get(kind)})
        annexes.append(built(Annex, **fields))
    glossary = None
    if d.glossary:
        g = d.glossary
        glossary = built(Glossary, label=g.get("label"), title=g["title"], numbering=g["numbering"],
                         terms=tuple(built(Term, term=t["term"], text=t["text"]) for t in g["terms"]))
    return Draft(d.title, d.subtitle, d.speaker, paras(d.opening), parts, paras(d.closing), tuple(annexes), glossary)


# --- the title block: title, subtitle (session and date), speaker -------------------------------

DASHES = "—―‒–－-"
DATE = (
    r"(?:[0-9]{4}|[〇○零Ｏ一二三四五六七八九]{4})\s*年\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
# ——2026年1月25日在北京市第十六届人民代表大会第四次会议上, ――…, …(no dash), （…）, a date alone.
SUBTITLE = re.compile(
    rf"[{DASHES}]*\s*[（(]?\s*(?:(?:{DATE})\s*(?:在[^，。；！？]{{2,60}}?(?:会议|大会)上)?|在[^，。；！？]{{2,60}}?(?:会议|大会)上)\s*[）)]?"
)
TITLE_LINE_MAX = 80  # a title-block line is short; a longer piece opens the text


def is_title_line(text: str) -> bool:
    """A piece that may stand in the title block (subtitle, speaker), not the opening's first paragraph."""
    return len(text) <= TITLE_LINE_MAX and text[-1] not in "。！？：；…:;" and not text.startswith("各位代表")


def _is_subtitle(text: str) -> bool:
    return bool(re.search(DATE, text)) or text.rstrip("）)").endswith(("会议上", "大会上"))


def _subtitle_in(line: str) -> tuple[str, str] | None:
    """(subtitle, the rest of the line) when ``line`` is a subtitle, alone or with the speaker
    after it (``——…会议上 省长 姓名``) or before it (``省长 姓名 ——…会议上``)."""
    m = SUBTITLE.fullmatch(line)
    if m:
        return (line.strip(), "") if _is_subtitle(line) else None
    m = SUBTITLE.match(line)
    if m and _is_subtitle(m.group(0)) and (line[m.end() : m.end() + 1].isspace() or m.group(0).rstrip().endswith(("上", "）", ")"))):
        return m.group(0).strip(), line[m.end() :].strip()
    for m in SUBTITLE.finditer(line):
        if m.end() == len(line) and m.start() > 0 and line[m.start() - 1].isspace() and _is_subtitle(m.group(0)):
            return m.group(0).strip(), line[: m.start()].strip()
    return None


def title_block(lines: list[str]) -> tuple[str, str, list[str]]:
    """(subtitle, speaker, other lines) of the lines between the title and the opening. The subtitle
    comes with ——, ――, no dash or in （）, whole or split over two lines, alone or on one line with the
    speaker; the speaker is the short line left (…省长 姓名). A line that is neither is the opening's."""
    subtitle, speaker, other = "", "", []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not subtitle:
            got = _subtitle_in(line)
            if i + 1 < len(lines) and not (got and got[0].endswith(("上", "）", ")"))):
                joined = _subtitle_in(line + lines[i + 1])  # split over two lines
                if joined and joined[0].endswith(("上", "）", ")")):
                    got, i = joined, i + 1
            if got is not None:
                subtitle, rest = got
                if rest and not speaker:
                    speaker = rest
                elif rest:
                    other.append(rest)
                i += 1
                continue
        if not speaker and len(line) <= 30 and not ends_closed(line):
            speaker = line
        else:
            other.append(line)
        i += 1
    return subtitle, speaker, other


def _para(lead: str | None, text: str) -> dict:
    return {"lead": lead, "text": text} if lead else {"text": text}


def parse(source: str, mend: str = "extracted") -> Draft:
    """Recognise title, subtitle, speaker, opening, parts, areas, leads and closings.

    ``mend``: ``extracted`` joins the pieces of paragraphs a page break split (text extracted
    from print, see the module's docstring); ``lines`` joins a line to the one before only when
    that one does not end a sentence (plain text typed or saved line by line); ``none`` never
    joins (a Word file, whose paragraphs are whole).
    """
    d = _Parsing()
    last: dict | None = None  # the paragraph a continuation piece joins
    where: list | None = d.opening  # the list new paragraphs go to
    area: dict | None = None
    title_lines: list[str] = []  # the plain lines between the title and the opening

    def flush_title() -> None:
        """The title block's lines read as subtitle and speaker (any other line opens the opening)."""
        if title_lines:
            d.subtitle, d.speaker, extra = title_block(title_lines)
            d.opening.extend(_para(None, t) for t in extra)
            title_lines.clear()

    def new_area(a: dict) -> None:
        """The part's next area; paragraphs taken for its closing before it stand between two areas
        (各位代表！今年，我们继续安排20件民生实事… before （十）): they are the area's before it."""
        part = d.parts[-1]
        if part["areas"] and part["closing"]:
            part["areas"][-1]["paragraphs"] += part["closing"]
            part["closing"] = []
        part["areas"].append(a)

    annex_lines: list[str] | None = None  # after an annex's label (附件1, 名词解释): the annexes' lines
    for b in blocks(source):
        text = b.text
        if d.parts and (annex_lines is not None or annex_start(unmark(text))):
            if annex_lines is None:
                flush_title()
                annex_lines = []
            piece = unmark(text)
            if annex_lines and mend != "none" and not annex_start(piece) and not NUMBERED.match(piece) and not ends_closed(annex_lines[-1]) and not annex_start(annex_lines[-1]) and not is_annex_title(annex_lines):
                annex_lines[-1] += piece  # a page break split the item (never the title: 附件 / its title / its text)
            else:
                annex_lines.append(piece)
            continue
        h = HEADING.match(text)
        if h:
            level, content = len(h.group(1)), unmark(h.group(2))
            last = None
            flush_title()
            if level == 1 and not d.title:
                d.title = content
            elif level <= 2:
                part = {"heading": content, "intro": [], "areas": [], "closing": []}
                d.parts.append(part)
                where, area = part["intro"], None
            else:
                area = {"heading": content, "run_in": False, "paragraphs": []}
                new_area(area)
                where = area["paragraphs"]
            continue
        m = BOLD_LEAD.match(text)
        if m and d.parts and AREA_NUMBER.match(m.group(1)):
            area = {"heading": m.group(1).strip(), "run_in": True, "paragraphs": []}
            new_area(area)
            where = area["paragraphs"]
            last = None
            if m.group(2).strip():
                last = _para(None, m.group(2).strip())
                where.append(last)
            continue
        if m:
            last = _para(m.group(1).strip(), m.group(2).strip())
            where.append(last)
            continue
        # A plain piece: title page, a continuation, or a paragraph of its own.
        if d.title and not d.parts and not d.opening and is_title_line(text):
            title_lines.append(text)
            continue
        flush_title()
        in_area = area is not None and area["paragraphs"]
        if last is not None and mend != "none" and (
            (not ends_closed(last["text"] or last.get("lead", "")) and not (mend == "lines" and is_heading_line(last["text"], last.get("lead"))))
            or (mend == "extracted" and b.gap >= PAGE_GAP)
            or (
                mend == "extracted"
                and in_area
                and any(p is last for p in area["paragraphs"])
                and not text.startswith("各位代表")
            )
        ):
            joined = last["text"] + text.strip()
            last["text"] = joined
            continue
        # After an area's paragraphs, the part's closing: in extracted text every later paragraph of an
        # area opens with a bold lead, so a plain one is the closing's; in plain text and Word (no leads
        # to tell) the closing opens with its address (各位代表，…).
        if area is not None and area["paragraphs"] and (mend == "extracted" or text.startswith("各位代表")):
            area = None
            where = d.parts[-1]["closing"]
        last = _para(None, text.strip())
        where.append(last)
    flush_title()
    for part in d.parts:
        run_in_areas(part)
    if annex_lines:
        d.annexes, d.glossary = annexes(annex_lines)
    # Closing paragraphs after the last part's areas close the whole report.
    if d.parts and d.parts[-1]["areas"]:
        d.closing, d.parts[-1]["closing"] = d.parts[-1]["closing"], []
    return _frozen(d)


# --- annexes after the closing: 附件1 2026年省十件民生实事 (a numbered list), 名词解释 / 注释 (a glossary)

# An annex's label line: 附件, 附件1, 附件2：名词解释, 附件 2026年自治区民生实事 (附件中… is a sentence).
ANNEX_NUMBER = r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})(?![0-9０-９年])"  # 附件2026年…: a year, no number
ANNEX_LABEL = re.compile(rf"^(?P<label>附件(?:\s*{ANNEX_NUMBER})?)(?:(?:\s*[：:]\s*|\s+)(?P<title>\S.*))?$")
ANNEX_LABEL_DIGITS = re.compile(rf"^附件\s*{ANNEX_NUMBER}(?P<title>\S.*)$")
ANNEX_YEAR_TITLE = re.compile(r"^(?P<label>附件)(?P<title>(?:19|20)[0-9]{2}年.*)$")  # 附件 2026年… with its space mended away
GLOSSARY_TITLE = re.compile(r"名词解释|名词注释|注释|注解|术语|名词说明")
ANNEX_TITLE_MAX = 60
# An item's number as a list writes it: 1. 1． 1、 （1） (1) ［1］ [1] 一、 (the number, then the item).
NUMBERED = re.compile(
    r"^(?P<num>(?P<n>[0-9]+|[０-９]+)[.．、]|[（(](?P<p>[0-9]+)[）)]|［(?P<b>[0-9]+)］|\[(?P<s>[0-9]+)\]|(?P<c>[一二三四五六七八九十]+)、)(?P<rest>.+)$"
)


def annex_start(text: str) -> tuple[str | None, str] | None:
    """(label, title) when ``text`` opens an annex (附件1 2026年… / 附件 / 名词解释 alone), else None."""
    if len(text) > ANNEX_TITLE_MAX or ends_closed(text) and not text.endswith(("）", "”")):
        return None
    m = ANNEX_LABEL.match(text) or ANNEX_LABEL_DIGITS.match(text) or ANNEX_YEAR_TITLE.match(text)
    if m:
        label = m.group("label") if "label" in m.re.groupindex else text[: m.start("title")]
        return label.strip(), (m.group("title") or "").strip()
    if GLOSSARY_TITLE.fullmatch(text.strip("　 ")) or re.fullmatch(r"附[：:]\s*(?:名词解释|名词注释|注释)", text):
        return None, text
    return None


def annex_title_like(text: str) -> bool:
    """A line that may be an annex's title on the line after its label (2026年自治区民生实事): short, no
    stop at its end; a longer line, or one ending a sentence, is the annex's first paragraph."""
    return len(text) <= ANNEX_TITLE_MAX and not ends_closed(text)


def is_annex_title(lines: list[str]) -> bool:
    """Whether the last of the annexes' lines read so far is an annex's title on a line of its own (after a
    label without one: 附件 / 2026年自治区民生实事): the annex's text after it is no piece of it."""
    if len(lines) < 2 or not annex_title_like(lines[-1]):
        return False
    start = annex_start(lines[-2])
    return start is not None and not start[1]


def _numbered(lines: list[str]) -> tuple[str, list[str]] | None:
    """(the first number as written, the items) when every line is an item of one list numbered
    1, 2, 3 … in one style (1. / （1） / ［1］ / 一、), else None."""
    from ..figures import item_number

    items: list[str] = []
    first = None
    for n, line in enumerate(lines, 1):
        m = NUMBERED.match(line)
        if not m:
            return None
        if first is None:
            first = m.group("num")
            if item_number(first, 1) != first or not re.search(r"1|１|一", first):
                return None
        if m.group("num") != item_number(first, n):
            return None
        items.append(m.group("rest").strip())
    return (first, items) if items else None


def annexes(lines: list[str]) -> tuple[list[dict], dict | None]:
    """The annexes after the closing, and the glossary (名词解释 / 注释: every item a term and its
    explanation, split at the first ：)."""
    sections: list[dict] = []
    for line in lines:
        start = annex_start(line)
        if start is not None and sections and not sections[-1]["title"] and start[0] is None:
            sections[-1]["title"] = start[1]  # 附件 / 名词解释 on the next line
        elif start is not None:
            sections.append({"label": start[0], "title": start[1], "lines": []})
        elif not sections[-1]["title"] and not sections[-1]["lines"] and annex_title_like(line):
            sections[-1]["title"] = line
        else:
            sections[-1]["lines"].append(line)
    out, glossary = [], None
    for sec in sections:
        numbered = _numbered(sec["lines"])
        base = {"label": sec["label"], "title": sec["title"] or sec["label"]}
        if numbered and glossary is None and GLOSSARY_TITLE.search(sec["title"]):
            terms = [re.split(r"[：:]", item, maxsplit=1) for item in numbered[1]]
            if all(len(t) == 2 and t[0].strip() and t[1].strip() for t in terms):
                glossary = {**base, "numbering": numbered[0], "terms": [{"term": t.strip(), "text": x.strip()} for t, x in terms]}
                continue
        if numbered:
            out.append({**base, "numbering": numbered[0], "items": [_para(None, t) for t in numbered[1]]})
        elif sec["lines"]:
            out.append({**base, "paragraphs": [_para(None, t) for t in sec["lines"]]})
        else:  # a title with no text after it: kept, for the draft to ask for its text (never dropped unsaid)
            out.append(base)
    return out, glossary


RUN_IN_MIN = 2  # 一是… and 二是… at least: one 一是 paragraph is no list of areas


def run_in_areas(part: dict) -> None:
    """A part without （一） headings whose work is written as paragraphs 一是…。 二是…。: one area per
    such paragraph (in a row, numbered in order), its first sentence the area's run-in heading (or its
    bold lead, where the source bolds it). Paragraphs before them stay the intro, after them the closing."""
    from ..figures import chinese_numeral

    if part["areas"]:
        return
    paras = part["intro"]
    start = next((i for i, p in enumerate(paras) if (p.get("lead") or p["text"]).startswith("一是")), None)
    if start is None:
        return
    areas = []
    for p in paras[start:]:
        if not (p.get("lead") or p["text"]).startswith(chinese_numeral(len(areas) + 1) + "是"):
            break
        if p.get("lead"):
            heading, text = p["lead"], p["text"]
        else:
            end = p["text"].find("。") + 1
            heading, text = p["text"][:end], p["text"][end:] if end else ""
        if not text.strip():
            break  # a paragraph of one sentence: no heading and text to tell apart
        areas.append({"heading": heading, "run_in": True, "paragraphs": [_para(None, text)]})
    if len(areas) >= RUN_IN_MIN:
        part["intro"], part["areas"], part["closing"] = paras[:start], areas, paras[start + len(areas) :] + part["closing"]


# --- writing YAML by hand, so the draft reads like the content file a person edits ----------


PART_LINE = re.compile(r"^[一二三四五六七八九十]+、")
TITLE_MAX = 30  # the first line of plain text at most this long is the title (2026年内蒙古自治区政府工作报告)


def plain_markup(text: str) -> str:
    """Plain text (no #, no **) as the marked-up text ``parse`` reads: the first short line is
    the title, 一、 lines are parts, （一） lines are areas (run in when text follows the heading's
    first sentence), every other line a paragraph (``parse`` reads the title block's lines)."""
    raw = [mend_spaces(l.strip()) for l in text.splitlines()]
    raw = [l for l in raw if l]
    out: list[str] = []
    for line in raw:
        if not out and len(line) <= TITLE_MAX and not ends_closed(line):
            out.append("# " + line)
        elif PART_LINE.match(line) and len(line) <= 40:
            out.append("## " + line)
        elif AREA_NUMBER.match(line):
            m = re.match(r"^(（[一二三四五六七八九十]+）[^。！？]*[。！？]?)(.*)$", line)
            head, rest = m.group(1), m.group(2)
            out.append(f"**{head}**{rest}" if rest.strip() else "### " + head)
        else:
            out.append(line)
    return "\n\n".join(out) + "\n"

