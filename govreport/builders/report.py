"""The Word report: the whole text laid out as a printed 政府工作报告 (GB/T 9704-2012).

``build(report, ctx)`` returns the bytes of a .docx made with python-docx. Every number of the
layout (paper, margins, sizes, line pitch, indents, character spacing, footer distance, table
widths) comes from the profile ``templates/report.yaml``; fonts come by role from
``templates/fonts.yaml``. Formatting lives in named styles (标题, 副标题, 一级标题, 二级标题, 正文,
页码, 附表表格 …) so a user restyles the document in Word by changing a style; runs carry only a
character style (引导语 for the bold run-in leads, 二级标题（段首） for run-in headings).

Same input, same bytes: the core properties take their dates from ``report.meta.date``, and the
package is re-zipped with fixed member timestamps (python-docx stamps each member with the clock).
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import re
import zipfile
from pathlib import Path
from typing import Any, Iterable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.styles import BabelFish

from . import FILENAMES
from .properties import app_xml, set_core_properties
from .. import figures
from ..fonts import FontConfig, load_config
from ..loader import load_template, plain
from ..model import Paragraph, Report

FILENAME = FILENAMES["report"]
PROFILE = "report.yaml"

ALIGN = {"left": "left", "right": "right", "center": "center", "justify": "both", "both": "both"}

# Child order of elements we write ourselves (WordprocessingML schema sequences).
STYLE_SEQ = (
    "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
    "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked", "w:personal",
    "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr", "w:tblPr", "w:trPr",
    "w:tcPr", "w:tblStylePr",
)
PPR_SEQ = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
RPR_SEQ = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
    "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)
TRPR_SEQ = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
    "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
)
TBLPR_SEQ = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
)


# --------------------------------------------------------------------------- profile


_PROFILES: dict[tuple[str, bytes], dict] = {}  # (path, file bytes) -> profile, for builds in one process


def load_profile(templates: Path | str) -> dict:
    """The layout profile ``templates/report.yaml`` as plain data (numbers as floats).

    Parsed once per content of the file in a process (the builder only reads the profile)."""
    path = Path(templates) / PROFILE
    try:
        key = (str(path), path.read_bytes())
    except OSError:
        return plain(load_template(path))  # reports the unreadable file as load_template does
    if key not in _PROFILES:
        if len(_PROFILES) > 8:
            _PROFILES.clear()
        _PROFILES[key] = plain(load_template(path))
    return _PROFILES[key]


def twips(pt: float) -> str:
    """Points to twentieths of a point, as WordprocessingML writes lengths."""
    return str(int(round(pt * 20)))


def mm_to_pt(mm: float) -> float:
    return mm * 72 / 25.4


class Styles:
    """The profile's styles with inheritance resolved (``based_on``, else 正文)."""

    def __init__(self, profile: dict):
        self.raw: dict[str, dict] = profile["styles"]
        self.chars: dict[str, dict] = profile.get("character_styles", {})

    def resolved(self, key: str) -> dict:
        spec = self.raw[key]
        parent = spec.get("based_on", None if key == "body" else "body")
        base = self.resolved(parent) if parent else {}
        out = {k: v for k, v in base.items() if k not in ("name", "id", "based_on", "page_break_before")}
        out.update(spec)
        return out

    def parent(self, key: str) -> str | None:
        return self.raw[key].get("based_on", None if key == "body" else "body")

    def name(self, key: str) -> str:
        return self.raw[key]["name"] if key in self.raw else self.chars[key]["name"]


# --------------------------------------------------------------------------- XML helpers


def _el(tag: str, **attrs: Any):
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


@functools.lru_cache(maxsize=None)
def _later_tags(seq: tuple[str, ...], tag: str) -> frozenset[str]:
    """The Clark names after ``tag`` in the schema sequence ``seq`` (none if it is not listed)."""
    names = [qn(t) if ":" in t and not t.startswith("{") else t for t in seq]
    return frozenset(names[names.index(tag) + 1 :]) if tag in names else frozenset()


def _put(parent, child, seq: Iterable[str]):
    """Put ``child`` into ``parent`` at its schema position, replacing one of the same tag."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    later = _later_tags(tuple(seq), tag)
    if later:
        for existing in parent:
            if existing.tag in later:
                existing.addprevious(child)
                return child
    parent.append(child)
    return child


def _on_off(tag: str, value: bool):
    return _el(tag, val="1" if value else "0")


def _rpr_fonts(rpr, role, size_pt: float | None = None, spacing_pt: float | None = None, lang: dict | None = None):
    """Fonts of a role into an rPr: ascii/hAnsi/cs = Latin face, eastAsia = the official name."""
    _put(
        rpr,
        _el("w:rFonts", ascii=role.latin, hAnsi=role.latin, eastAsia=role.name, cs=role.latin),
        RPR_SEQ,
    )
    if spacing_pt is not None:
        _put(rpr, _el("w:spacing", val=twips(spacing_pt)), RPR_SEQ)
    if size_pt is not None:
        _put(rpr, _el("w:sz", val=str(int(round(size_pt * 2)))), RPR_SEQ)
        _put(rpr, _el("w:szCs", val=str(int(round(size_pt * 2)))), RPR_SEQ)
    if lang:
        _put(rpr, _el("w:lang", val=lang["latin"], eastAsia=lang["east_asia"], bidi="ar-SA"), RPR_SEQ)


def _east_asian_ppr(ppr, ea: dict):
    """Chinese line breaking and spacing switches into a pPr."""
    seq = PPR_SEQ
    _put(ppr, _on_off("w:widowControl", ea["widow_control"]), seq)
    for key, tag in (
        ("kinsoku", "w:kinsoku"),
        ("word_wrap", "w:wordWrap"),
        ("overflow_punct", "w:overflowPunct"),
        ("top_line_punct", "w:topLinePunct"),
        ("auto_space_de", "w:autoSpaceDE"),
        ("auto_space_dn", "w:autoSpaceDN"),
    ):
        _put(ppr, _on_off(tag, ea[key]), seq)


def _child(parent, tag: str, seq: Iterable[str]):
    found = parent.find(qn(tag))
    if found is None:
        found = _put(parent, OxmlElement(tag), seq)
    return found


# Body content (paragraphs, tables) is written as WordprocessingML text and parsed once: building
# it through python-docx's object API costs a child-order scan per element, most of a build.
# The helpers below write exactly the elements python-docx would (same children, attributes,
# order), so the saved bytes are the same.

W_NSDECL = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_RUN_BREAKS = re.compile(r"(\t|\r|\n)")


def _esc(text: str) -> str:
    """``text`` escaped for XML character data (a raw CR would be read back as LF)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: str) -> str:
    """``value`` escaped for a double-quoted XML attribute (whitespace kept as written)."""
    return _esc(value).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")


def _t_xml(text: str) -> str:
    """A w:t as ``CT_R.add_t`` writes it: xml:space="preserve" when the text has outer spaces."""
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{space}>{_esc(text)}</w:t>"


# Word draws General Punctuation (U+2010-U+2027: ‘ ’ “ ” — … ‧) and the middle dot U+00B7 with
# the run's hAnsi (Latin) font unless the run's rFonts hint is eastAsia (MS-OI29500 2.1.87 on
# rFonts): narrow Times New Roman quotes and a broken —— in a Chinese document.
_EAST_ASIAN_PUNCT = re.compile("[\u2010-\u2027\u00b7]")
_HINT_XML = '<w:rFonts w:hint="eastAsia"/>'


def _rpr_xml(text: str, style_id: str | None) -> str:
    """A run's rPr: its character style, and the eastAsia hint when ``text`` needs it."""
    inner = (f'<w:rStyle w:val="{_attr(style_id)}"/>' if style_id else "") + (
        _HINT_XML if _EAST_ASIAN_PUNCT.search(text) else "")
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def _run_xml(text: str, style_id: str | None = None) -> str:
    """A w:r as python-docx's ``add_run(text)`` writes it: a tab becomes w:tab, CR or LF w:br."""
    rpr = _rpr_xml(text, style_id)
    content = []
    for piece in _RUN_BREAKS.split(text) if text else ():
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            content.append("<w:br/>")
        elif piece:
            content.append(_t_xml(piece))
    return f"<w:r>{rpr}{''.join(content)}</w:r>"


def _p_xml(style_id: str, runs: Iterable[str] = (), jc: str | None = None) -> str:
    """A w:p of a paragraph style (and alignment), holding the given w:r strings."""
    jc_xml = f'<w:jc w:val="{jc}"/>' if jc else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{_attr(style_id)}"/>{jc_xml}</w:pPr>{"".join(runs)}</w:p>'


# --------------------------------------------------------------------------- the builder


class _ReportWriter:
    def __init__(self, report: Report, ctx, profile: dict, fonts: FontConfig):
        self.report = report
        self.ctx = ctx
        self.profile = profile
        self.fonts = fonts
        self.styles = Styles(profile)
        self.doc = Document()
        self.pitch = float(profile["grid"]["line_pitch_pt"])
        self.blocks: list[str] = []  # body paragraphs and tables as XML, in order (see flush_body)
        self._style_ids: dict[str, str] = {}  # profile style key -> style id
        self._style_names: set[str] = set()  # names of the styles in the document (see make_styles)

    # ---- document-wide setup

    def setup_page(self) -> None:
        pg = self.profile["page"]
        sec = self.doc.sections[0]
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width = Mm(pg["width_mm"])
        sec.page_height = Mm(pg["height_mm"])
        m = pg["margin_mm"]
        sec.top_margin, sec.bottom_margin = Mm(m["top"]), Mm(m["bottom"])
        sec.left_margin, sec.right_margin = Mm(m["left"]), Mm(m["right"])
        sec.gutter = Mm(0)
        sec.header_distance = Mm(pg["header_mm"])
        sec.footer_distance = Mm(pg["footer_mm"])
        sectPr = sec._sectPr
        grid = sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sectPr.append(grid)
        for a in list(grid.attrib):
            del grid.attrib[a]
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), twips(self.pitch))
        for a in ("w:rsidR", "w:rsidRPr", "w:rsidSect"):
            sectPr.attrib.pop(qn(a), None)

    def setup_settings(self) -> None:
        settings = self.doc.settings
        settings.odd_and_even_pages_header_footer = True
        el = settings.element
        lang = self.profile["language"]
        tfl = el.find(qn("w:themeFontLang"))
        if tfl is not None:
            tfl.set(qn("w:val"), lang["latin"])
            tfl.set(qn("w:eastAsia"), lang["east_asia"])
        for tag in ("w:rsids", "w:savePreviewPicture", "w:proofState"):
            for old in el.findall(qn(tag)):
                el.remove(old)
        compat = el.find(qn("w:compat"))
        if compat is not None:
            for cs in compat.findall(qn("w:compatSetting")):
                if cs.get(qn("w:name")) == "compatibilityMode":
                    cs.set(qn("w:val"), "15")  # Word 2013+ layout: table indents measured to the border

    def setup_defaults(self) -> None:
        """docDefaults: body fonts, size, language and Chinese line breaking for every paragraph."""
        styles_el = self.doc.styles.element
        body = self.styles.resolved("body")
        role = self.fonts[body["role"]]
        dd = styles_el.find(qn("w:docDefaults"))
        rpr = dd.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for old in list(rpr):
            rpr.remove(old)
        _rpr_fonts(rpr, role, body["size_pt"], None, self.profile["language"])
        ppr = dd.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        for old in list(ppr):
            ppr.remove(old)
        _east_asian_ppr(ppr, self.profile["east_asian"])
        _put(ppr, _el("w:spacing", before="0", after="0", line=twips(body["line_pt"]), lineRule="exact"), PPR_SEQ)
        # The template's Normal carries nothing of its own; keep it plain so 正文 rules.
        # (Word's "Normal" stays the default for paragraphs a user adds.)

    def make_styles(self) -> None:
        self._style_names = set(self.doc.styles.element.xpath("w:style/w:name/@w:val"))
        order = ["body"] + [k for k in self.styles.raw if k != "body"]
        done: set[str] = set()

        def make(key: str) -> None:
            if key in done:
                return
            parent = self.styles.parent(key)
            if parent:
                make(parent)
            self._paragraph_style(key)
            done.add(key)

        for key in order:
            make(key)
        for key in self.styles.chars:
            self._character_style(key)
        self._table_style()

    def _new_style(self, key: str, spec: dict, kind):
        """A new w:style named and identified as ``spec`` says (``Styles.add_style`` without its
        scan of every style per call: the names present are collected once, in make_styles)."""
        name = BabelFish.ui2internal(spec["name"])
        if name in self._style_names:
            raise ValueError("document already contains style '%s'" % spec["name"])
        self._style_names.add(name)
        el = self.doc.styles.element.add_style_of_type(name, kind, False)
        el.set(qn("w:styleId"), spec["id"])
        el.set(qn("w:customStyle"), "1")
        el.qFormat_val = True
        self._style_ids[key] = el.styleId
        return el

    def _paragraph_style(self, key: str) -> None:
        spec = self.styles.raw[key]
        full = self.styles.resolved(key)
        el = self._new_style(key, spec, WD_STYLE_TYPE.PARAGRAPH)
        parent = self.styles.parent(key)
        if parent:
            el.basedOn_val = self.style_id(parent)
        if key != "body":  # as style.next_paragraph_style = 正文 (none on 正文 itself)
            el.get_or_add_next().val = self.style_id("body")
        ppr = _child(el, "w:pPr", STYLE_SEQ)
        rpr = _child(el, "w:rPr", STYLE_SEQ)
        size = float(full["size_pt"])
        spacing = float(full.get("char_spacing_pt", 0))
        char = size + spacing
        line = float(full.get("line_pt", self.pitch))
        seq = PPR_SEQ
        if key == "body":
            _east_asian_ppr(ppr, self.profile["east_asian"])
        if full.get("keep_with_next"):
            _put(ppr, _on_off("w:keepNext", True), seq)
        if spec.get("page_break_before"):
            _put(ppr, _on_off("w:pageBreakBefore", True), seq)
        if "snap_to_grid" in full:
            _put(ppr, _on_off("w:snapToGrid", bool(full["snap_to_grid"])), seq)
        _put(
            ppr,
            _el(
                "w:spacing",
                before=twips(self.pitch * full.get("space_before_lines", 0)),
                after=twips(self.pitch * full.get("space_after_lines", 0)),
                line=twips(line),
                lineRule="exact",
            ),
            seq,
        )
        _put(
            ppr,
            _el(
                "w:ind",
                left=twips(char * full.get("left_chars", 0)),
                right=twips(char * full.get("right_chars", 0)),
                firstLine=twips(char * full.get("first_line_chars", 0)),
            ),
            seq,
        )
        _put(ppr, _el("w:jc", val=ALIGN[full.get("align", "justify")]), seq)
        if "outline_level" in spec:
            _put(ppr, _el("w:outlineLvl", val=str(int(spec["outline_level"]) - 1)), seq)
        _rpr_fonts(rpr, self.fonts[full["role"]], size, spacing)
        if "bold" in full:
            _put(rpr, _on_off("w:b", bool(full["bold"])), RPR_SEQ)
            _put(rpr, _on_off("w:bCs", bool(full["bold"])), RPR_SEQ)

    def _character_style(self, key: str) -> None:
        spec = self.styles.chars[key]
        el = self._new_style(key, spec, WD_STYLE_TYPE.CHARACTER)
        rpr = _child(el, "w:rPr", STYLE_SEQ)
        if "role" in spec:
            _rpr_fonts(rpr, self.fonts[spec["role"]])
        if "bold" in spec:
            _put(rpr, _on_off("w:b", bool(spec["bold"])), RPR_SEQ)
            _put(rpr, _on_off("w:bCs", bool(spec["bold"])), RPR_SEQ)

    def _table_style(self) -> None:
        spec = self.profile["appendix"]["table_style"]
        el = self._new_style("table", spec, WD_STYLE_TYPE.TABLE)
        el.basedOn_val = None
        tblpr = _child(el, "w:tblPr", STYLE_SEQ)
        size = str(int(round(float(spec["border_pt"]) * 8)))  # eighths of a point
        borders = _el("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(_el(f"w:{side}", val="single", sz=size, space="0", color="000000"))
        _put(tblpr, borders, TBLPR_SEQ)
        _put(tblpr, self._cell_margins(), TBLPR_SEQ)

    def _cell_margins(self):
        cm = self.profile["appendix"]["table_style"]["cell_margin_mm"]
        mar = _el("w:tblCellMar")
        for side in ("top", "left", "bottom", "right"):
            mar.append(_el(f"w:{side}", w=twips(mm_to_pt(cm[side])), type="dxa"))
        return mar

    # ---- content

    def paragraph(self, style_key: str, runs: Iterable[tuple[str, str | None]] = (), more_lines: Iterable[str] = ()) -> None:
        """A paragraph of a named style with (text, character style key or None) runs, then
        ``more_lines`` each in a run that starts with a line break."""
        xml = [_run_xml(text, self.style_id(char_style) if char_style else None) for text, char_style in runs if text]
        xml += [f"<w:r>{_rpr_xml(line, None)}<w:br/>{_t_xml(line)}</w:r>" for line in more_lines]  # Run.add_break + add_text
        self.blocks.append(_p_xml(self.style_id(style_key), xml))

    def flush_body(self) -> None:
        """Parse the written blocks once and put them into the body, before its sectPr.

        The parsed w:body takes the place of the template's (whose children move into it):
        one subtree move instead of one per block, which lxml makes costly."""
        if not self.blocks:
            return
        body = self.doc.element.body
        new_body = parse_xml(f"<w:body {W_NSDECL}>{''.join(self.blocks)}</w:body>")
        children = list(body)
        cut = children.index(body.sectPr) if body.sectPr is not None else len(children)
        for i, child in enumerate(children[:cut]):
            new_body.insert(i, child)
        new_body.extend(children[cut:])
        body.getparent().replace(body, new_body)
        self.blocks = []

    def style_id(self, key: str) -> str:
        """The style id of a profile style (or "table", the appendix table style), made by make_styles."""
        return self._style_ids[key]

    def body_paragraph(self, para: Paragraph, run_in: str | None = None) -> None:
        render = self.report.render
        runs: list[tuple[str, str | None]] = []
        if run_in:
            runs.append((run_in, "run_in_heading"))
        if para.lead:
            runs.append((render(para.lead), "lead"))
        if para.text:
            runs.append((render(para.text), None))
        if not any(t for t, _ in runs):
            self.ctx.note("report: an empty paragraph was left out")
            return
        self.paragraph("body", runs)

    def write_title_block(self) -> None:
        m = self.report.meta
        self.paragraph("title", [(m.title, None)])
        for key, text in (("subtitle", m.subtitle), ("speaker", m.speaker)):
            first, *more = self.break_line(key, text)
            self.paragraph(key, [(first, None)], more)

    def text_width_pt(self) -> float:
        pg = self.profile["page"]
        return mm_to_pt(pg["width_mm"] - pg["margin_mm"]["left"] - pg["margin_mm"]["right"])

    def break_line(self, key: str, text: str) -> list[str]:
        """``text`` as one line, or two broken after a ``break_after`` character when too long."""
        full = self.styles.resolved(key)
        marks = full.get("break_after")
        if not marks:
            return [text]
        size = float(full["size_pt"])
        char = size + float(full.get("char_spacing_pt", 0))
        half = float(full.get("half_width_em", 0.5))
        indent = char * (full.get("first_line_chars", 0) + full.get("left_chars", 0) + full.get("right_chars", 0))
        room = self.text_width_pt() - indent - char * float(full.get("break_slack_chars", 0))

        def width(s: str) -> float:
            return sum((half if ord(c) < 0x2000 else 1.0) * size + (char - size) for c in s)

        if width(text) <= room:
            return [text]
        cuts = [i + 1 for i, c in enumerate(text[:-1]) if c in marks]
        fitting = [i for i in cuts if width(text[:i]) <= room and width(text[i:]) <= room]
        if not fitting:
            self.ctx.note(f"report: {self.styles.name(key)}: no place to break the long line {text!r}; it wraps where it must")
            return [text]
        best = min(fitting, key=lambda i: max(width(text[:i]), width(text[i:])))
        return [text[:best], text[best:]]

    def write_body(self) -> None:
        body = self.report.body
        render = self.report.render  # headings may quote figures too: （一）…增长{gdp.change}
        for p in body.opening:
            if _is_salutation(p):
                self.paragraph("salutation", [(render(p.text), None)])
            else:
                self.body_paragraph(p)
        for part in body.parts:
            self.paragraph("heading1", [(render(part.heading), None)])
            for p in part.intro:
                self.body_paragraph(p)
            for area in part.areas:
                if area.run_in:
                    first, *rest = area.paragraphs
                    self.body_paragraph(first, run_in=render(area.heading))
                else:
                    self.paragraph("heading2", [(render(area.heading), None)])
                    rest = list(area.paragraphs)
                for p in rest:
                    self.body_paragraph(p)
            for p in part.closing:
                self.body_paragraph(p)
        for p in body.closing:
            self.body_paragraph(p)

    # ---- appendix

    def write_appendix(self) -> None:
        app = self.profile["appendix"]
        years = {"review_year": self.report.meta.review_year, "plan_year": self.report.meta.plan_year}
        placed: set[str] = set()
        groups = self.report.grouped_indicators(targets=False)
        if groups:
            spec = app["indicators"]
            self.paragraph("appendix_label", [(spec["label"], None)])
            self.paragraph("appendix_title", [(spec["title"].format(**years), None)])
            rows = []
            for title, inds in groups:
                for ind in inds:
                    rows.append({"group": title, "label": ind.label, "value": figures.value_text(ind),
                                 "change": figures.change_phrase(ind)})
                    placed.add(ind.id)
            self.table(spec["columns"], rows, merge_key="group")
        targets = self.report.grouped_indicators(targets=True)
        if targets:
            spec = app["targets"]
            self.paragraph("appendix_label", [(spec["label"], None)])
            self.paragraph("appendix_title", [(spec["title"].format(**years), None)])
            rows = []
            for _, inds in targets:
                for ind in inds:
                    rows.append({"number": str(len(rows) + 1), "label": ind.label, "target": figures.target_phrase(ind)})
                    placed.add(ind.id)
            self.table(spec["columns"], rows)
        left = [i for i in self.report.indicators if i not in placed]
        if left:
            self.ctx.note(f"report: appendix: indicators in no table (group not listed in groups): {', '.join(left)}")

    def table(self, columns: list[dict], rows: list[dict], merge_key: str | None = None) -> None:
        """A table of the appendix style: a repeated header row, then ``rows``; cells of the
        ``merge_key`` column with the same value in consecutive rows merge vertically."""
        style = self.style_id("table")
        widths = [Mm(c["width_mm"]).twips for c in columns]
        total = twips(mm_to_pt(sum(float(c["width_mm"]) for c in columns)))
        default_align = self.styles.resolved("table_text").get("align")
        jcs = [
            {"left": "left", "center": "center", "right": "right", "justify": "both"}[c["align"]]
            if c.get("align") and c["align"] != default_align
            else None
            for c in columns
        ]
        head_id, text_id = self.style_id("table_head"), self.style_id("table_text")
        # vertical merges: row index -> (vMerge xml, whether the cell carries the text)
        merges: dict[int, tuple[str, bool]] = {}
        if merge_key is not None:
            start = 0
            for r in range(1, len(rows) + 1):
                if r == len(rows) or rows[r][merge_key] != rows[start][merge_key]:
                    if r - 1 > start:
                        merges[start] = ('<w:vMerge w:val="restart"/>', True)
                        merges.update({i: ("<w:vMerge/>", False) for i in range(start + 1, r)})
                    start = r

        def cell(width: int, paragraph: str, vmerge: str = "") -> str:
            return (
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{vmerge}<w:vAlign w:val="center"/></w:tcPr>'
                f"{paragraph}</w:tc>"
            )

        xml = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{_attr(style)}"/><w:tblW w:w="{total}" w:type="dxa"/>'
            '<w:jc w:val="left"/><w:tblInd w:w="0" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{w}"/>' for w in widths),
            '</w:tblGrid><w:tr><w:trPr><w:cantSplit w:val="1"/><w:tblHeader w:val="1"/></w:trPr>',
            *(cell(w, _p_xml(head_id, [_run_xml(c["header"])])) for w, c in zip(widths, columns)),
            "</w:tr>",
        ]
        for r, row in enumerate(rows):
            xml.append('<w:tr><w:trPr><w:cantSplit w:val="1"/></w:trPr>')
            for w, jc, col in zip(widths, jcs, columns):
                vmerge, has_text = "", True
                if col["key"] == merge_key:
                    vmerge, has_text = merges.get(r, ("", True))
                runs = [_run_xml(row[col["key"]])] if has_text else []
                xml.append(cell(w, _p_xml(text_id, runs, jc), vmerge))
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        self.blocks.append("".join(xml))

    # ---- footers

    def write_footers(self) -> None:
        sec = self.doc.sections[0]
        for footer, key in ((sec.footer, "folio"), (sec.even_page_footer, "folio_even")):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            p._p.style = self.style_id(key)
            self._folio(p)

    def _folio(self, p) -> None:
        spec = self.profile["folio"]
        dash_before, dash_after = spec["before"], spec["after"]

        def run(text: str | None = None, hint: bool = False):
            r = p.add_run(text) if text else p.add_run()
            if hint:
                r._r.get_or_add_rPr().insert(0, _el("w:rFonts", hint="eastAsia"))
            return r

        run(dash_before, hint=True)
        r = run()
        r._r.append(_el("w:fldChar", fldCharType="begin"))
        r = run()
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = " PAGE "
        r._r.append(instr)
        r = run()
        r._r.append(_el("w:fldChar", fldCharType="separate"))
        run("1")
        r = run()
        r._r.append(_el("w:fldChar", fldCharType="end"))
        run(dash_after, hint=True)

    # ---- properties and package

    def set_properties(self) -> None:
        set_core_properties(self.doc.core_properties, self.report.meta, f"sha256:{self.ctx.short_hash}")
        # The template's thumbnail shows an empty American page; a preview of nothing misleads.
        pkg = self.doc.part.package
        for rid, rel in list(pkg.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                pkg.rels.pop(rid)
            elif rel.reltype == RT.EXTENDED_PROPERTIES:
                rel.target_part._blob = app_xml()
        # The font table describes the fonts the document names, for Word's substitution.
        for rel in self.doc.part.rels.values():
            if rel.reltype == RT.FONT_TABLE:
                rel.target_part._blob = _reference_part(Path(self.ctx.templates), "word/fontTable.xml")

    def build(self) -> bytes:
        self.setup_page()
        self.setup_settings()
        self.setup_defaults()
        self.make_styles()
        self.write_title_block()
        self.write_body()
        if self.report.settings.appendix:
            self.write_appendix()
        self.flush_body()
        self.write_footers()
        self.set_properties()
        return _package_zip(self.doc, self.report.meta.date)


@functools.lru_cache(maxsize=64)
def _clean_part(data: bytes) -> bytes:
    """XML as it goes into the package: comments and indentation taken out, no entities resolved."""
    from lxml import etree

    parser = etree.XMLParser(remove_comments=True, remove_blank_text=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(data, parser)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _reference_part(templates: Path, name: str) -> bytes:
    """A part of the reference document kept as readable XML under templates/reference/report/."""
    return _clean_part((templates / "reference" / "report" / name).read_bytes())


def _is_salutation(p: Paragraph) -> bool:
    """An opening line that addresses the audience (各位代表：): short, no lead, ends with a colon,
    no sentence inside."""
    text = (p.text or "").strip()
    return not p.lead and 1 < len(text) <= 12 and text.endswith(("：", ":")) and not re.search("[，。；！？,;]", text)


class _Members(list):
    """Stands in for python-docx's zip writer: collects (member name, bytes) in writing order."""

    def write(self, pack_uri, blob: bytes) -> None:
        self.append((pack_uri.membername, blob))


def _package_zip(doc, date: _dt.date) -> bytes:
    """The package as ``doc.save`` writes it, but zipped once with every member stamped
    ``date`` 00:00 (python-docx stamps each member with the clock), so two builds give the
    same bytes. Same members, order and content as ``OpcPackage.save``."""
    pkg = doc.part.package
    parts = list(pkg.parts)
    for part in parts:
        part.before_marshal()
    members = _Members()
    PackageWriter._write_content_types_stream(members, parts)
    PackageWriter._write_pkg_rels(members, pkg.rels)
    PackageWriter._write_parts(members, parts)
    return _fixed_zip(members, date)


def _fixed_zip(members: Iterable[tuple[str, bytes]], date: _dt.date) -> bytes:
    """A zip of ``members`` with every member stamped ``date`` 00:00."""
    stamp = (min(max(date.year, 1980), 2107), date.month, date.day, 0, 0, 0)  # what a zip can hold
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in members:
            zi = zipfile.ZipInfo(name, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, blob)
    return out.getvalue()


def build(report: Report, ctx) -> bytes:
    """The report as .docx bytes, laid out by ``templates/report.yaml``."""
    profile = load_profile(ctx.templates)
    fonts = load_config(Path(ctx.templates))
    return _ReportWriter(report, ctx, profile, fonts).build()


def quotes(report: Report, ctx) -> list[str]:
    """Indicators this report quotes: every one the text references, and the appendix's."""
    from ..references import referenced_ids

    ids = referenced_ids(report)
    if report.settings.appendix:
        for targets in (False, True):
            for _, inds in report.grouped_indicators(targets=targets):
                ids += [i.id for i in inds if i.id not in ids]
    return ids
