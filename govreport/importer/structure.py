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

DEFAULT_GROUPS = {
    "economy": "经济发展",
    "industry": "产业发展",
    "business": "营商环境与开放",
    "innovation": "科技创新",
    "city": "城区建设",
    "governance": "城区治理",
    "livelihood": "民生保障",
    "government": "政府建设",
    "targets": "预期目标",
}


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


def ends_closed(text: str) -> bool:
    return bool(text) and text[-1] in CLOSING


@dataclass
class Draft:
    """What the importer recognised, in the content file's shape."""

    title: str = ""
    subtitle: str = ""
    speaker: str = ""
    opening: list = field(default_factory=list)
    parts: list = field(default_factory=list)
    closing: list = field(default_factory=list)


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
    d = Draft()
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

    for b in blocks(source):
        text = b.text
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
                d.parts[-1]["areas"].append(area)
                where = area["paragraphs"]
            continue
        m = BOLD_LEAD.match(text)
        if m and d.parts and AREA_NUMBER.match(m.group(1)):
            area = {"heading": m.group(1).strip(), "run_in": True, "paragraphs": []}
            d.parts[-1]["areas"].append(area)
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
            not ends_closed(last["text"] or last.get("lead", ""))
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
        if area is not None and area["paragraphs"]:  # after the areas: the part's closing
            area = None
            where = d.parts[-1]["closing"]
        last = _para(None, text.strip())
        where.append(last)
    flush_title()
    # Closing paragraphs after the last part's areas close the whole report.
    if d.parts and d.parts[-1]["areas"]:
        d.closing, d.parts[-1]["closing"] = d.parts[-1]["closing"], []
    return d


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

