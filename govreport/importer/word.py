"""A Word report (.docx) read as the importer's marked-up text.

``markup(path)`` returns the text in the format ``structure.parse`` reads (``#`` title, ``##``
parts, ``###`` stand-alone areas, ``**（一）…**`` run-in areas, ``**lead**`` bold leads), one
paragraph a block, so a .docx and an extracted text go through the same parser. What is read:

- parts and areas from heading styles or outline levels (a paragraph's own or its style's), and
  from the numbering a heading starts with (一、 / （一）), whichever the document uses;
- leads: the runs at the start of a paragraph that are bold (directly or through their
  character style) or carry a character style of their own (Word's 引导语, 二级标题（段首）), when
  plain text follows; a lead that starts with （一） is a run-in area heading;
- the title block: what comes before the first part (the title, a subtitle line starting with
  ——, the speaker); line breaks inside a paragraph are dropped (a subtitle broken over two lines);
- nothing after an appendix marker (附表1, 附件) and no tables.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

PART_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
AREA_NUMBER = re.compile(r"^（[一二三四五六七八九十]+）")
APPENDIX = re.compile(r"^附\s*(表|件)\s*[0-9一二三四五六七八九十]*\s*[:：]?$")
HEADING_STYLE = re.compile(r"^(heading|标题)\s*([1-9])$", re.I)


class NotADocx(Exception):
    """The file is not a Word document python-docx can open."""


def _style_chain(style):
    seen = 0
    while style is not None and seen < 20:
        yield style
        style = style.base_style
        seen += 1


def _outline_level(paragraph) -> int | None:
    """The outline level (0 = level 1) of the paragraph, its own or from its style chain."""
    from docx.oxml.ns import qn

    ppr = paragraph._p.pPr
    elements = [ppr] if ppr is not None else []
    try:
        elements += [s.element.pPr for s in _style_chain(paragraph.style)]
    except (AttributeError, KeyError):
        pass
    for el in elements:
        if el is None:
            continue
        lvl = el.find(qn("w:outlineLvl"))
        if lvl is not None:
            try:
                v = int(lvl.get(qn("w:val")))
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
    from docx.oxml.ns import qn

    rpr = run._r.rPr
    if rpr is None:
        return None
    rs = rpr.find(qn("w:rStyle"))
    if rs is None:
        return None
    sid = rs.get(qn("w:val"))
    return None if sid in (None, "DefaultParagraphFont", "a0") else sid


def _whole_bold(paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(_bold(r, paragraph) for r in runs)


def _split_lead(paragraph) -> tuple[str, str]:
    """(emphasised prefix, rest) of a paragraph; prefix empty when there is none."""
    runs = [r for r in paragraph.runs if r.text]
    prefix, i = "", 0
    first_style = _char_style(runs[0]) if runs else None
    while i < len(runs):
        r = runs[i]
        emph = _bold(r, paragraph) or (first_style is not None and _char_style(r) == first_style)
        if not emph and r.text.strip():
            break
        if not emph:  # a blank unemphasised run inside the lead keeps it going
            if i + 1 < len(runs) and (_bold(runs[i + 1], paragraph) or _char_style(runs[i + 1]) == first_style):
                prefix += r.text
                i += 1
                continue
            break
        prefix += r.text
        i += 1
    rest = "".join(r.text for r in runs[i:])
    if not prefix.strip() or not rest.strip():
        return "", prefix + rest
    return prefix, rest


def _clean(text: str) -> str:
    return text.replace("\n", "").replace("\r", "").replace("\t", " ").replace("\u00a0", " ").strip()


def markup(path: Path) -> str:
    """The .docx as marked-up text for ``structure.parse``; NotADocx when it cannot be opened."""
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
    lines: list[str] = []
    seen_part = False
    for p in document.paragraphs:
        text = _clean(p.text)
        if not text:
            continue
        if APPENDIX.match(text) and seen_part:
            break
        level = _outline_level(p)
        bold_all = _whole_bold(p)
        if not seen_part and not lines and (_is_title_style(p) or level is not None or bold_all or len(text) <= 20):
            lines.append("# " + text)
            continue
        if PART_NUMBER.match(text) and (level is not None or bold_all or len(text) <= 40):
            lines.append("## " + text)
            seen_part = True
            continue
        if level == 0 and seen_part and not AREA_NUMBER.match(text):
            lines.append("## " + text)
            continue
        if AREA_NUMBER.match(text) and (level is not None or bold_all) and seen_part:
            lines.append("### " + text)
            continue
        lead, rest = _split_lead(p)
        if lead and seen_part:
            lead, rest = _clean(lead), _clean(rest)
            lines.append(f"**{lead}**{rest}")
            continue
        lines.append(text)
    return "\n\n".join(lines) + "\n"
