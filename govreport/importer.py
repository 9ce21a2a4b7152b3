"""First draft of a content file from a report: ``build.py import SOURCE [-o FILE] [--force]``.

SOURCE is a Word file (.docx, read by ``govreport.docx_import``), the Markdown-like text
extracted from the printed report (.txt/.md with ``#`` title, ``##`` parts, ``### **（一）…**``
areas that stand alone, ``**（一）…**`` areas that run in, ``**lead。**`` bold run-in leads), or
plain text where 一、/（一） lines are the headings. The extraction broke a few things, which the
importer mends without changing a word:

- page breaks split paragraphs (mid-word, or after a full stop); the pieces are joined again.
  A piece continues the previous paragraph when that paragraph does not end with closing
  punctuation, when it is a plain piece inside an area that already has its first paragraph
  (every later paragraph of an area opens with a bold lead), or when a page gap (two or more
  blank lines) stands before it;
- a title-page line split in two (the subtitle) is one line again;
- stray spaces between digits or Latin letters and Chinese go ("840 家" -> "840家").

The draft has the body, the meta found in the text (what is not found is left empty with a
``# check:`` comment, never guessed), and every figure as an indicator with ``{id}`` references
in the text (``govreport.figure_import``), so the draft renders exactly as the source reads.
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


def _meta(d: Draft) -> dict:
    """Meta found in the text; a value not found is None (written empty, with a comment)."""
    date = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", d.subtitle)
    session = re.search(r"在(.+?)上$", d.subtitle)
    years = [int(y) for p in d.parts for y in re.findall(r"(\d{4})年", p["heading"])[:1]]
    review = years[0] if years else (int(date.group(1)) - 1 if date else None)
    opening = "".join(p.get("lead", "") + p["text"] for p in d.opening)
    issuer = re.search(r"代表([^，。,：:]{2,30}?人民政府)", opening)
    return {
        "title": d.title or None,
        "subtitle": d.subtitle or None,
        "speaker": d.speaker or None,
        "issuer": issuer.group(1) if issuer else None,
        "session": session.group(1) if session else None,
        "date": f"{date.group(1)}-{int(date.group(2)):02d}-{int(date.group(3)):02d}" if date else None,
        "review_year": review,
        "plan_year": review + 1 if review else None,
    }


NOT_FOUND = {
    "title": "the title line (政府工作报告) was not found",
    "subtitle": "the line under the title (——2024年1月16日在…会议上) was not found",
    "speaker": "the speaker's line (…区长 姓名) was not found",
    "issuer": "no '我代表…人民政府' in the opening: write the issuing government",
    "session": "the session was not found in the subtitle (在…会议上)",
    "date": "no date (2024年1月16日) in the subtitle: write YYYY-MM-DD",
    "review_year": "no year in the first part's heading",
    "plan_year": "review_year + 1",
}


def to_yaml(d: Draft, *, source_name: str = "", schema: str = "report.schema.json", figures: bool = True) -> str:
    """The draft as a content file: meta, groups, the figures as indicators, the body with
    ``{id}`` references. ``figures=False``: structure only (no indicators, text as it stands)."""
    from . import figure_import as fi

    meta = _meta(d)
    review = meta["review_year"] or 0
    plan = meta["plan_year"] or 0
    draft = fi.type_report(d, review, plan) if figures else fi.plain_report(d)
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# Drafted by build.py import from {source_name or 'the source'}: every line marked '# check:' is a guess",
        "# to check against the source; then: python build.py THIS_FILE --check",
        "meta:",
    ]
    for key in ("title", "subtitle", "speaker", "issuer", "session", "date", "review_year", "plan_year"):
        v = meta[key]
        if v is None:
            lines.append(f"  {key}:   # check: {NOT_FOUND[key]}" if key in ("date", "review_year", "plan_year") else f'  {key}: ""  # check: {NOT_FOUND[key]}')
        else:
            lines.append(f"  {key}: {v if key == 'date' else scalar(v)}")
    lines.append(f"  source: {scalar('导入自 ' + source_name if source_name else '导入稿')}  # check: say where the text comes from")
    lines += ["", "groups:"]
    lines += [f"  {gid}: {scalar(title)}" for gid, title in draft.groups.items()]
    if draft.figures:
        lines += ["", "indicators:"]
        for f in draft.figures:
            lines += fi.indicator_yaml(f, scalar)
    else:
        lines += ["", "indicators: {}"]
    lines += ["", "body:", "  opening:", *_paragraphs(draft.opening, "    "), "  parts:"]
    for part in draft.parts:
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
    if draft.closing:
        lines += ["  closing:", *_paragraphs(draft.closing, "    ")]
    return "\n".join(lines) + "\n"


# --- reading a source: .docx, Markdown-like extracted text, or plain text -------------------

PART_LINE = re.compile(r"^[一二三四五六七八九十]+、")


def plain_markup(text: str) -> str:
    """Plain text (no #, no **) as the marked-up text ``parse`` reads: the first short line is
    the title, 一、 lines are parts, （一） lines are areas (run in when text follows the heading's
    first sentence), every other line a paragraph; a subtitle broken over two lines is joined."""
    raw = [mend_spaces(l.strip()) for l in text.splitlines()]
    raw = [l for l in raw if l]
    out: list[str] = []
    i = 0
    while i < len(raw):
        line = raw[i]
        if not out and len(line) <= 20 and not ends_closed(line):
            out.append("# " + line)
        elif line.startswith("——") and not line.endswith("上") and i + 1 < len(raw) and raw[i + 1].endswith("上") and len(raw[i + 1]) <= 30:
            out.append(line + raw[i + 1])
            i += 1
        elif PART_LINE.match(line) and len(line) <= 40:
            out.append("## " + line)
        elif AREA_NUMBER.match(line):
            m = re.match(r"^(（[一二三四五六七八九十]+）[^。！？]*[。！？]?)(.*)$", line)
            head, rest = m.group(1), m.group(2)
            out.append(f"**{head}**{rest}" if rest.strip() else "### " + head)
        else:
            out.append(line)
        i += 1
    return "\n\n".join(out) + "\n"


class SourceError(Exception):
    """A source that cannot be imported: the message says why, for the user."""


def read_source(path: Path) -> Draft:
    """The report in ``path`` (.docx, .md, .txt) parsed into a Draft; SourceError if it cannot be."""
    if not path.exists():
        raise SourceError("no such file")
    if path.is_dir():
        raise SourceError("is a folder; name a .docx, .txt or .md file")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .docx_import import NotADocx, markup

        try:
            text = markup(path)
        except NotADocx as e:
            raise SourceError(f"cannot be read as a Word document (.docx): {e}") from None
        mend = "none"
    elif suffix in (".txt", ".md", ".markdown", ".text"):
        data = path.read_bytes()
        if not data.strip():
            raise SourceError("is empty")
        if b"\x00" in data:
            raise SourceError("is a binary file, not text (UTF-16 or a .doc? save it as .docx or UTF-8 text)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")  # a Chinese Windows "ANSI" text file
            except UnicodeDecodeError:
                raise SourceError("is neither UTF-8 nor GBK text; re-save it as UTF-8") from None
        marked = any(l.lstrip().startswith(("#", "**")) for l in text.splitlines())
        if marked:
            mend = "extracted"
        else:
            text, mend = plain_markup(text), "lines"
    elif suffix == ".doc":
        raise SourceError("is an old Word .doc; open it in Word or WPS and save it as .docx")
    else:
        raise SourceError(f"unknown kind of file {suffix or '(no extension)'}; import reads .docx, .txt and .md")
    if not text.strip():
        raise SourceError("is empty")
    d = parse(text, mend)
    if not d.parts:
        raise SourceError(
            "does not look like a work report: no part heading (一、… or a Heading 1 paragraph) was found"
        )
    if not any(p["intro"] or p["areas"] or p["closing"] for p in d.parts):
        raise SourceError("has part headings but no text under them")
    return d


def _write(path: Path, data: bytes) -> None:
    """Write through a temp file beside ``path`` and rename: no half-written draft is left."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def main(argv: list[str] | None = None) -> int:
    """``build.py import SOURCE [-o FILE] [--force]``: exit 0, or 2 with one line saying why."""
    import argparse

    ap = argparse.ArgumentParser(
        prog="build.py import",
        description="Draft a content YAML file from a report in Word (.docx) or text (.txt, .md), figures typed.",
    )
    ap.add_argument("source", metavar="SOURCE", help="the report: .docx, .txt or .md")
    ap.add_argument("-o", "--output", metavar="FILE", help="write the draft here (default: standard output)")
    ap.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    ap.add_argument("--structure-only", action="store_true", help="no figures: the text as it stands, no indicators")
    args = ap.parse_args(sys.argv[1:] if argv is None else argv)
    path = Path(args.source)
    out = Path(args.output) if args.output else None
    if out is not None and out.exists() and not args.force:
        print(f"build.py import: {out} exists; add --force to overwrite it", file=sys.stderr)
        return 2
    try:
        d = read_source(path)
    except SourceError as e:
        print(f"{path}: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"{path}: cannot read: {e.strerror or e}", file=sys.stderr)
        return 2
    text = to_yaml(d, source_name=path.name, figures=not args.structure_only)
    if out is None:
        sys.stdout.write(text)
        return 0
    _write(out, text.encode("utf-8"))
    print(f"{out}: drafted from {path} ({text.count(chr(10))} lines); check it with: python build.py {out} --check", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
