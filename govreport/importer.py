"""First draft of a content file from a report's extracted text.

    python -m govreport.importer SOURCE.txt > draft.yaml

The source is the Markdown-like text extracted from the printed report: ``#`` title,
``##`` parts, ``### **（一）…**`` areas that stand alone, ``**（一）…**`` areas that run in,
``**lead。**`` bold run-in leads, blank lines between paragraphs. The extraction broke a few
things, which the importer mends without changing a word:

- page breaks split paragraphs (mid-word, or after a full stop); the pieces are joined again.
  A piece continues the previous paragraph when that paragraph does not end with closing
  punctuation, when it is a plain piece inside an area that already has its first paragraph
  (every later paragraph of an area opens with a bold lead), or when a page gap (two or more
  blank lines) stands before it;
- a title-page line split in two (the subtitle) is one line again;
- stray spaces between digits or Latin letters and Chinese go ("840 家" -> "840家").

The draft has the body, the meta it can recognise and the standard groups, and no
indicators: typing the figures and putting ``{id}`` references into the text is done by hand
in the YAML afterwards (``build.py FILE --check`` says when a reference or figure is wrong).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

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


def _para(lead: str | None, text: str) -> dict:
    return {"lead": lead, "text": text} if lead else {"text": text}


def parse(source: str) -> Draft:
    """Recognise title, subtitle, speaker, opening, parts, areas, leads and closings."""
    d = Draft()
    last: dict | None = None  # the paragraph a continuation piece joins
    where: list | None = d.opening  # the list new paragraphs go to
    area: dict | None = None
    for b in blocks(source):
        text = b.text
        h = HEADING.match(text)
        if h:
            level, content = len(h.group(1)), unmark(h.group(2))
            last = None
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
        if d.title and not d.subtitle and not d.parts and text.startswith("——"):
            d.subtitle = text
            continue
        if d.subtitle and not d.speaker and not d.opening and not ends_closed(text) and len(text) <= 30:
            d.speaker = text
            continue
        in_area = area is not None and area["paragraphs"]
        if last is not None and (
            not ends_closed(last["text"] or last.get("lead", ""))
            or b.gap >= PAGE_GAP
            or (in_area and any(p is last for p in area["paragraphs"]) and not text.startswith("各位代表"))
        ):
            joined = last["text"] + text.strip()
            last["text"] = joined
            continue
        if area is not None and area["paragraphs"]:  # after the areas: the part's closing
            area = None
            where = d.parts[-1]["closing"]
        last = _para(None, text.strip())
        where.append(last)
    # Closing paragraphs after the last part's areas close the whole report.
    if d.parts and d.parts[-1]["areas"]:
        d.closing, d.parts[-1]["closing"] = d.parts[-1]["closing"], []
    return d


# --- writing YAML by hand, so the draft reads like the content file a person edits ----------


def scalar(value) -> str:
    """A YAML scalar: plain when it reads back as the same string, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) or value is None:
        return "null" if value is None else str(value)
    s = str(value)
    if s and s == s.strip() and "\n" not in s and not s.startswith(("{", "[", "*", "&", "!", "|", ">", "'", '"', "%", "@", "`")):
        try:
            if yaml.safe_load(f"k: {s}") == {"k": s}:
                return s
        except yaml.YAMLError:
            pass
    return json.dumps(s, ensure_ascii=False)


def _paragraphs(items: list, indent: str) -> list[str]:
    out = []
    for p in items:
        if "lead" in p:
            out.append(f"{indent}- lead: {scalar(p['lead'])}")
            out.append(f"{indent}  text: {scalar(p['text'])}")
        else:
            out.append(f"{indent}- {scalar(p['text'])}")
    return out


def to_yaml(d: Draft, *, source_name: str = "", schema: str = "report.schema.json") -> str:
    """The draft as a content file: meta, groups, no indicators yet, the body."""
    date = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", d.subtitle)
    iso = f"{date.group(1)}-{int(date.group(2)):02d}-{int(date.group(3)):02d}" if date else "2000-01-01"
    session = re.search(r"在(.+?)上$", d.subtitle)
    years = [int(y) for p in d.parts for y in re.findall(r"(\d{4})年", p["heading"])[:1]]
    review = years[0] if years else int(iso[:4]) - 1
    body_of = re.match(r"^(.+?[区市县省])[区市县省]?长", d.speaker)
    lines = [
        f"# yaml-language-server: $schema={schema}",
        "meta:",
        f"  title: {scalar(d.title)}",
        f"  subtitle: {scalar(d.subtitle)}",
        f"  speaker: {scalar(d.speaker)}",
        f"  issuer: {scalar((body_of.group(1) if body_of else '') + '人民政府')}",
        f"  session: {scalar(session.group(1) if session else '')}",
        f"  date: {iso}",
        f"  review_year: {review}",
        f"  plan_year: {review + 1}",
        f"  source: {scalar('importer draft of ' + source_name if source_name else 'importer draft')}",
        "",
        "groups:",
        *[f"  {k}: {scalar(v)}" for k, v in DEFAULT_GROUPS.items()],
        "",
        "indicators: {}",
        "",
        "body:",
        "  opening:",
        *_paragraphs(d.opening, "    "),
        "  parts:",
    ]
    for part in d.parts:
        lines.append(f"    - heading: {scalar(part['heading'])}")
        if part["intro"]:
            lines += ["      intro:", *_paragraphs(part["intro"], "        ")]
        if part["areas"]:
            lines.append("      areas:")
            for a in part["areas"]:
                lines.append(f"        - heading: {scalar(a['heading'])}")
                if a["run_in"]:
                    lines.append("          run_in: true")
                lines += ["          paragraphs:", *_paragraphs(a["paragraphs"], "            ")]
        if part["closing"]:
            lines += ["      closing:", *_paragraphs(part["closing"], "        ")]
    if d.closing:
        lines += ["  closing:", *_paragraphs(d.closing, "    ")]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m govreport.importer SOURCE.txt > draft.yaml", file=sys.stderr)
        return 2
    path = Path(args[0])
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        print(f"{path}: cannot read: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(to_yaml(parse(source), source_name=path.name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
