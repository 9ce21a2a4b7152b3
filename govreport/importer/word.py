"""A Word report (.docx) read as the text the importer reads, as Word shows it with every change accepted.

``read(path)`` returns the document's paragraphs one a line, the way a .txt of the same report holds
them, so that ``source`` puts a .docx through the same ``structure.plain_markup`` and ``parse`` as a
text and one report gives one draft whichever way it comes. Formatting adds what the text alone
cannot say, as marks ``plain_markup`` passes on:

- a heading by style or outline level (a paragraph's own or its style's): ``##`` a part, ``###`` an
  area, also without 一、/（一） numbering; the title by the Title style;
- a heading by direct formatting, as offices type them: a 一、 or （一） paragraph set whole in a font
  other than the body's (一、 in 黑体, （一） in 楷体_GB2312 beside a 仿宋_GB2312 body) or in bold;
- a lead: the runs at the start of a paragraph that are bold (directly or through their character
  style), carry a character style of their own (Word's 引导语, 二级标题（段首）), or are set in another
  font than the body's and end a sentence (a （一） heading in 楷体 run in before the text in 仿宋),
  when text follows: ``**lead**text``. A lead that starts with （一） is a run-in area heading; one
  that starts with 一是/二是 is left as text, as a .txt has it (the structure reads such paragraphs);
- the title block: line breaks inside a paragraph are dropped (a subtitle broken over two lines).

Numbered lines that formatting does not mark (a 一、 line in the body's font) are left to
``plain_markup``, which reads them as it reads a text. What Word shows is what is read:

- tracked changes accepted: inserted and moved-to text kept, deleted and moved-from text left out, a
  deleted paragraph mark joins its paragraph to the next; the notes say how many were accepted;
- content controls, hyperlinks, smart tags and simple fields read as their text; Word's automatic
  numbering (编号: 一、, （一）, 1.) as the number Word shows, counted as Word counts it;
- a text box read as its paragraphs after the paragraph it is anchored to (and said); footnotes
  and endnotes left out, and said;
- a table of one column (a box or a layout table) read as its paragraphs, in place; a table with
  columns (a figure table, 附表) left out, the notes naming where it stood: the report's text holds no
  tables, and its figure tables are made from the indicators (``appendix: true``).
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .structure import CJK, plain_markup

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PART_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
AREA_NUMBER = re.compile(r"^（[一二三四五六七八九十]+）")
RUN_IN = re.compile(r"^[一二三四五六七八九十]+是")
HEADING_STYLE = re.compile(r"^(heading|标题)\s*([1-9])$", re.I)
HAS_CJK = re.compile(CJK)
SENTENCE_END = "。！？：；"
CAPTION = re.compile(r"^附\s*表\s*[0-9一二三四五六七八九十]*\s*(（续）|\(续\))?\s*[:：]?\s*")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Inline elements whose content Word shows as the paragraph's text (a revision's kept side included).
INLINE = {_w(t) for t in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "sdt", "sdtContent", "dir", "bdo")}
REMOVED = {_w("del"), _w("moveFrom")}  # what accepting the changes removes
BLOCKS = {_w("sdt"), _w("sdtContent"), _w("customXml")}  # block containers of paragraphs and tables


class NotADocx(Exception):
    """The file is not a Word document python-docx can open."""


@dataclass
class WordText:
    """A .docx as text: ``text`` one paragraph a line (with the marks above); ``notes`` one line each
    for the user (changes accepted, tables left out)."""

    text: str
    notes: list = field(default_factory=list)


@dataclass
class _Run:
    text: str
    bold: bool  # bold, directly or through a style
    style: str | None  # its own character style id
    font: str  # east Asian font ("" = the document's default)
    cjk: bool  # holds Chinese (the east Asian font applies to it)


@dataclass
class _Para:
    runs: list
    level: int | None
    title_style: bool

    @property
    def text(self) -> str:
        return _clean("".join(r.text for r in self.runs))


def _style_chain(style):
    seen = 0
    while style is not None and seen < 20:
        yield style
        style = style.base_style
        seen += 1


def _paragraph_properties(paragraph) -> list:
    """The paragraph's w:pPr, then its style chain's (those there are), nearest first."""
    elements = [paragraph._p.pPr]
    try:
        elements += [s.element.pPr for s in _style_chain(paragraph.style)]
    except (AttributeError, KeyError):
        pass
    return [el for el in elements if el is not None]


def _outline_level(paragraph) -> int | None:
    """The outline level (0 = level 1) of the paragraph, its own or from its style chain."""
    for el in _paragraph_properties(paragraph):
        lvl = el.find(_w("outlineLvl"))
        if lvl is not None:
            try:
                v = int(lvl.get(_w("val")))
            except (TypeError, ValueError):
                continue
            return v if v < 9 else None  # 9 is "body text"
    try:
        for s in _style_chain(paragraph.style):
            m = HEADING_STYLE.match(s.name or "")
            if m:
                return int(m.group(2)) - 1
    except (AttributeError, KeyError):
        pass
    return None


def _is_title_style(paragraph) -> bool:
    try:
        return any((s.name or "").lower() in ("title", "标题") for s in _style_chain(paragraph.style))
    except (AttributeError, KeyError):
        return False


def _bold(run, paragraph) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    try:
        for s in _style_chain(run.style):
            if s.font.bold is not None:
                return bool(s.font.bold)
        for s in _style_chain(paragraph.style):
            if s.font.bold is not None:
                return bool(s.font.bold)
    except (AttributeError, KeyError):
        pass
    return False


def _char_style(run) -> str | None:
    """The run's character style id, unless it is the default one."""
    rpr = run._r.rPr
    if rpr is None:
        return None
    rs = rpr.find(_w("rStyle"))
    if rs is None:
        return None
    sid = rs.get(_w("val"))
    return None if sid in (None, "DefaultParagraphFont", "a0") else sid


def _fonts_of(rpr) -> str | None:
    if rpr is None:
        return None
    rf = rpr.find(_w("rFonts"))
    if rf is None:
        return None
    if rf.get(_w("eastAsia")):
        return rf.get(_w("eastAsia"))
    theme = rf.get(_w("eastAsiaTheme"))
    return f"theme:{theme}" if theme else None


def _font(run, paragraph) -> str:
    """The run's east Asian font: its own, its character style's, its paragraph style's, or ""."""
    found = _fonts_of(run._r.rPr)
    if found:
        return found
    try:
        for s in [*_style_chain(run.style), *_style_chain(paragraph.style)]:
            found = _fonts_of(s.element.rPr)
            if found:
                return found
    except (AttributeError, KeyError):
        pass
    return ""


def _clean(text: str) -> str:
    return text.replace("\n", "").replace("\r", "").replace("\t", " ").replace("\u00a0", " ").strip()


# --- automatic numbering (Word's 编号): the number Word shows before a paragraph ----------------

DIGITS = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 35 -> 三十五 (past 99 in digits: no report numbers so far)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if not tens:
        return DIGITS[ones]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


NUMBER_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({ord(c): 0xFF10 + i for i, c in enumerate("0123456789")}),
    "decimalHalfWidth": str,
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[n - 1] if 0 < n <= 10 else str(n),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 0 < n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 0 < n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: chr(0x2474 + n - 1) if 0 < n <= 20 else str(n),
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "none": lambda n: "",
}


def _val(el, tag: str) -> str | None:
    child = el.find(_w(tag)) if el is not None else None
    return child.get(_w("val")) if child is not None else None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


class _Numbering:
    """The numbers of numbered paragraphs, counted in the document's order as Word counts them: per
    list (w:num), a level's count going up and the levels below it starting again."""

    def __init__(self, document):
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        self.levels: dict[str, dict[int, list]] = {}  # numId -> {ilvl: [format, text, start]}
        self.counts: dict[str, dict[int, int]] = {}
        if root is None:
            return
        abstract = {a.get(_w("abstractNumId")): {_int(l.get(_w("ilvl")), 0): self._level(l) for l in a.findall(_w("lvl"))} for a in root.findall(_w("abstractNum"))}
        for num in root.findall(_w("num")):
            levels = {k: list(v) for k, v in abstract.get(_val(num, "abstractNumId"), {}).items()}
            for o in num.findall(_w("lvlOverride")):
                ilvl = _int(o.get(_w("ilvl")), 0)
                if o.find(_w("lvl")) is not None:
                    levels[ilvl] = self._level(o.find(_w("lvl")))
                start = _val(o, "startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl][2] = _int(start, 1)
            self.levels[num.get(_w("numId"))] = levels

    @staticmethod
    def _level(lvl) -> list:
        return [_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "", _int(_val(lvl, "start"), 1)]

    def number(self, paragraph) -> str:
        """The number Word shows before ``paragraph`` ("" for none or a bullet), counted."""
        found = self._num_pr(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counts.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return ""

        def one(m) -> str:
            k = int(m.group(1)) - 1
            f, _, start = levels.get(k, ["decimal", "", 1])
            return NUMBER_FORMATS.get(f, str)(counts.get(k, start))

        return re.sub(r"%([1-9])", one, text)

    @staticmethod
    def _num_pr(paragraph) -> tuple[str, int] | None:
        """(numId, ilvl) of the paragraph's own numbering, else its style's; None when not numbered."""
        for el in _paragraph_properties(paragraph):
            num_pr = el.find(_w("numPr"))
            if num_pr is None:
                continue
            num_id = _val(num_pr, "numId")
            if num_id is None:
                continue
            return (None if num_id == "0" else (num_id, _int(_val(num_pr, "ilvl"), 0)))
        return None


# --- the body as Word shows it, every change accepted -------------------------------------------


@dataclass
class _Changes:
    inserted: int = 0
    deleted: int = 0
    moved: int = 0
    formatting: int = 0

    def note(self) -> str | None:
        total = self.inserted + self.deleted + self.moved
        if not total and not self.formatting:
            return None
        what = []
        if self.inserted:
            what.append(f"{self.inserted} insertion{'s' * (self.inserted > 1)} kept")
        if self.deleted:
            what.append(f"{self.deleted} deletion{'s' * (self.deleted > 1)} left out")
        if self.moved:
            what.append(f"{self.moved} move{'s' * (self.moved > 1)} made")
        if self.formatting:
            what.append(f"{self.formatting} formatting change{'s' * (self.formatting > 1)} kept")
        n = total or self.formatting
        return f"{n} tracked change{'s' * (n > 1)} accepted ({', '.join(what)}), as Word shows the document after Accept All"


def _count_changes(body) -> _Changes:
    c = _Changes()
    for el in body.iter(_w("ins"), _w("del"), _w("moveTo"), _w("moveFrom"), _w("rPrChange"), _w("pPrChange")):
        tag = el.tag
        mark = el.getparent() is not None and el.getparent().tag == _w("rPr")  # a paragraph mark's revision
        if tag == _w("ins") and not mark:
            c.inserted += 1
        elif tag == _w("del") and (not mark or _keeps_text(el.getparent().getparent().getparent())):
            # a deleted paragraph mark that joins a kept text to the next paragraph is a change of its own;
            # that of a paragraph deleted whole, or an inserted one, comes with its text's change
            c.deleted += 1
        elif tag == _w("moveTo") and not mark:
            c.moved += 1
        elif tag in (_w("rPrChange"), _w("pPrChange")):
            c.formatting += 1
    return c


def _keeps_text(p) -> bool:
    """The paragraph keeps some text when the changes are accepted."""
    return any((t.text or "").strip() and not _inside(t, p, REMOVED) for t in p.iter(_w("t")))


def _runs(el, paragraph):
    """The w:r elements of a paragraph Word shows, in order (deleted and moved-from text left out)."""
    from docx.text.run import Run

    for child in el:
        if child.tag == _w("r"):
            yield Run(child, paragraph)
        elif child.tag in INLINE:
            yield from _runs(child, paragraph)


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
FALLBACK = f"{{{MC}}}Fallback"  # the copy of a drawing for older readers: its text box is there twice


def _text_boxes(p) -> list:
    """The text boxes anchored in paragraph ``p`` (their w:txbxContent), each once, deleted ones left out."""
    return [
        box for box in p.iter(_w("txbxContent"))
        if not _inside(box, p, REMOVED | {FALLBACK, _w("txbxContent")})
    ]


def _mark_removed(p) -> bool:
    """Accepting the changes removes this paragraph's mark (deleted, or moved away): it joins the next."""
    ppr = p.find(_w("pPr"))
    rpr = ppr.find(_w("rPr")) if ppr is not None else None
    return rpr is not None and (rpr.find(_w("del")) is not None or rpr.find(_w("moveFrom")) is not None)


class _Reader:
    def __init__(self, document):
        self.document = document
        self.parent = document._body
        self.paragraphs: list[_Para] = []
        self.tables = 0
        self.pending: list[_Run] = []  # the runs of a paragraph whose mark was deleted
        self.numbering = _Numbering(document)
        self.boxes = 0  # text boxes read
        self.left_out: list[dict] = []  # the tables left out, those with only captions between them together

    def paragraph(self, p) -> None:
        from docx.text.paragraph import Paragraph

        para = Paragraph(p, self.parent)
        runs = [
            _Run(r.text, _bold(r, para), _char_style(r), _font(r, para), bool(HAS_CJK.search(r.text)))
            for r in _runs(p, para)
            if r.text
        ]
        if _mark_removed(p):
            self.pending += runs
        else:
            runs, self.pending = self.pending + runs, []
            number = self.numbering.number(para)
            if number and runs:  # the number, as typed text; no font of its own (neither a lead nor body)
                runs.insert(0, _Run(number, False, None, "", False))
            self.paragraphs.append(_Para(runs, _outline_level(para), _is_title_style(para)))
        for box in _text_boxes(p):  # Word shows them where they are anchored: after the paragraph
            self.boxes += 1
            self.blocks(box)

    def blocks(self, container) -> None:
        for child in container:
            if child.tag == _w("p"):
                self.paragraph(child)
            elif child.tag == _w("tbl"):
                self.table(child)
            elif child.tag in BLOCKS:
                self.blocks(child)

    def table(self, tbl) -> None:
        self.tables += 1
        rows = [tr.findall(_w("tc")) + tr.findall(f"{_w('sdt')}/{_w('sdtContent')}/{_w('tc')}") for tr in tbl.findall(_w("tr"))]
        texts = [["".join(t.text or "" for t in tc.iter(_w("t")) if not _inside(t, tc, REMOVED)).strip() for tc in row] for row in rows]
        if all(sum(1 for t in row if t) <= 1 for row in texts):  # one column of text: a box, read in place
            for row in rows:
                for tc in row:
                    self.blocks(tc)
            return
        captions = self._captions()
        first = "　".join(_clean(t) for t in texts[0] if t) if texts else ""
        columns = max((len(row) for row in rows), default=0)
        if self.left_out and self.left_out[-1]["at"] == len(self.paragraphs):
            group = self.left_out[-1]  # only captions since the last table left out: one note for both
        else:
            before = next((p.text for p in reversed(self.paragraphs) if p.text), "")
            group = {"at": 0, "where": f"after “{_short(before)}”" if before else "before the first paragraph",
                     "tables": [], "captions": [], "first": f"{len(rows)} rows, {columns} columns, first row “{_short(first)}”"}
            self.left_out.append(group)
        group["at"] = len(self.paragraphs)
        group["tables"].append(self.tables)
        group["captions"] += [c for c in captions if c not in group["captions"]]

    def _captions(self) -> list[str]:
        """A 附表 caption (附表1, its title, 附表1（续）) just before a table: removed with the table."""
        tail = []
        for p in reversed(self.paragraphs[-3:]):
            text = p.text
            if not text or len(text) > 40 or text[-1] in "。！？；":
                break
            tail.insert(0, text)
        for i, text in enumerate(tail):
            if CAPTION.match(text):
                del self.paragraphs[len(self.paragraphs) - len(tail) + i :]
                return tail[i:]
        return []

    def table_notes(self) -> list[str]:
        notes = []
        for g in self.left_out:
            n = len(g["tables"])
            what = f"table {g['tables'][0]}" if n == 1 else f"tables {g['tables'][0]}–{g['tables'][-1]}"
            named = f" ({'、'.join(_short(c, 12) for c in g['captions'][:4])}{'…' if len(g['captions']) > 4 else ''})" if g["captions"] else ""
            notes.append(
                f"{what}{named} {g['where']} left out ({'the first: ' if n > 1 else ''}{g['first']}): a report's text "
                "holds no tables and its figure tables are made from the indicators; write what one says as "
                "paragraphs if the report should print it"
            )
        return notes


def _inside(el, stop, tags) -> bool:
    el = el.getparent()
    while el is not None and el is not stop:
        if el.tag in tags:
            return True
        el = el.getparent()
    return False


def _short(text: str, n: int = 16) -> str:
    return text if len(text) <= n else text[:n] + "…"


# --- the paragraphs as the text a .txt would hold, with what formatting says marked ---------------


def _body_font(paragraphs: list[_Para]) -> str:
    """The font most of the Chinese text of the paragraphs that are sentences is set in (titles and
    headings are fewer and shorter, but a short draft may have as many of their characters)."""
    sentences = [p for p in paragraphs if len(p.text) > 30 and p.text[-1] in "。！？"] or paragraphs
    count: Counter = Counter()
    for p in sentences:
        for r in p.runs:
            if r.cjk:
                count[r.font] += len(HAS_CJK.findall(r.text))
    return count.most_common(1)[0][0] if count else ""


def _emphasis(run: _Run, body_font: str, style: str | None) -> str:
    """'bold' (bold, or the lead's character style), 'font' (another font than the body's), 'plain',
    or 'none' (no Chinese and not bold: blank, digits or Latin, which a lead may hold)."""
    if run.bold or (style is not None and run.style == style):
        return "bold"
    if not run.cjk:
        return "none"
    return "font" if run.font != body_font else "plain"


def _whole(p: _Para, body_font: str) -> bool:
    """Set whole in bold or in another font than the body's: a heading typed with direct formatting."""
    kinds = [_emphasis(r, body_font, None) for r in p.runs if r.text.strip()]
    return bool(kinds) and "plain" not in kinds and any(k != "none" for k in kinds)


def _split_lead(p: _Para, body_font: str) -> tuple[str, str]:
    """(emphasised prefix, rest) of a paragraph; prefix empty when there is none."""
    runs = p.runs
    style = runs[0].style if runs else None
    kinds = [_emphasis(r, body_font, style) for r in runs]
    end = 0  # the lead is runs[:end], ending at an emphasised run
    for i, k in enumerate(kinds):
        if k == "plain":
            break
        if k in ("bold", "font"):
            end = i + 1
    lead = "".join(r.text for r in runs[:end])
    rest = "".join(r.text for r in runs[end:])
    if not lead.strip() or not rest.strip():
        return "", lead + rest
    by_font = "bold" not in kinds[:end]
    if by_font and not (_clean(lead)[-1] in SENTENCE_END or AREA_NUMBER.match(_clean(lead))):
        return "", lead + rest  # a word in another font, not a lead
    return lead, rest


def _lines(paragraphs: list[_Para]) -> list[str]:
    body_font = _body_font(paragraphs)
    lines: list[str] = []
    seen_part = False
    for p in paragraphs:
        text = p.text
        if not text:
            continue
        level, whole = p.level, _whole(p, body_font)
        if not lines:
            # The title: plain_markup takes the first short line for it; mark a longer one Word styles so.
            styled = p.title_style or level is not None or whole
            lines.append("# " + text if styled and not plain_markup(text).startswith("# ") else text)
            continue
        if PART_NUMBER.match(text):
            lines.append("## " + text if level is not None or whole else text)
            seen_part = True
            continue
        if level == 0 and seen_part and not AREA_NUMBER.match(text):
            lines.append("## " + text)
            continue
        if seen_part and (AREA_NUMBER.match(text) and (level is not None or whole) or level == 1):
            lines.append("### " + text)
            continue
        lead, rest = _split_lead(p, body_font)
        if lead and seen_part and not RUN_IN.match(_clean(lead)):
            lines.append(f"**{_clean(lead)}**{_clean(rest)}")
            continue
        lines.append(text)
    return lines


def _notes_left_out(body) -> list[str]:
    """A line for the footnotes and endnotes the text refers to: the report's text holds none."""
    out = []
    for tag, name in (("footnoteReference", "footnote (脚注)"), ("endnoteReference", "endnote (尾注)")):
        n = sum(1 for ref in body.iter(_w(tag)) if not _inside(ref, body, REMOVED))
        if n:
            out.append(
                f"{n} {name.replace(' (', 's (') if n > 1 else name} left out: the report's text holds none; "
                "write what one explains into its paragraph, or as a term of the glossary (名词解释)"
            )
    return out


def read(path: Path) -> WordText:
    """The .docx as text for ``structure.plain_markup``; NotADocx when it cannot be opened."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise NotADocx(str(e) or type(e).__name__) from None
    except Exception as e:  # lxml's XMLSyntaxError and friends: a damaged file, not our bug
        if type(e).__module__.startswith(("lxml", "docx")):
            raise NotADocx(f"{type(e).__name__}: {e}") from None
        raise
    body = document.element.body
    reader = _Reader(document)
    reader.blocks(body)
    if reader.pending:  # the last paragraph's mark deleted: its text stays
        reader.paragraphs.append(_Para(reader.pending, None, False))
    notes = [n for n in [_count_changes(body).note()] if n] + reader.table_notes()
    notes += _notes_left_out(body)
    if reader.boxes:
        s = "es" * (reader.boxes > 1)
        notes.append(f"{reader.boxes} text box{s} read as paragraphs after the paragraph each is anchored to: check where they belong")
    return WordText("\n".join(_lines(reader.paragraphs)) + "\n", notes)


def markup(path: Path) -> str:
    """The .docx as the marked-up text ``structure.parse`` reads (``read`` then ``plain_markup``)."""
    return plain_markup(read(path).text)
