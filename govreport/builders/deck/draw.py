"""Step two of the deck: draw a plan (typed, see ``plan`` and ``shapes``) with python-pptx.

Nothing is decided here: sizes, boxes, line pitches and splits come from the plan. This module
turns them into slides on the named layouts of the user's template (or python-pptx's default
one), sets the Latin, East Asian and complex-script font of every run, writes native charts
and tables, speaker notes and fixed core properties, and normalises the zip so the same input
gives the same bytes.
"""

from __future__ import annotations

import copy
import io
import functools
import re
import uuid
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_TICK_LABEL_POSITION, XL_TICK_MARK
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter
from pptx.oxml.ns import qn
from pptx.oxml.text import CT_RegularTextRun
from pptx.parts.slide import NotesSlidePart
from pptx.shapes.shapetree import SlideShapeFactory
from pptx.util import Emu, Pt

from ...errors import ContentError, Problem
from ...fonts import load_config
from ..package import rezip, write_zip
from ..properties import app_xml, core_xml
from .shapes import Chart, Frame, Paragraph, Run, Slide, Table, replace

ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}
GEOMETRY = {"rect": MSO_SHAPE.RECTANGLE, "roundRect": MSO_SHAPE.ROUNDED_RECTANGLE}


def emu(pt: float) -> Emu:
    return Emu(int(round(pt * 12700)))


# Fonts ---------------------------------------------------------------------------------

qn = functools.lru_cache(maxsize=None)(qn)  # the same Clark names, looked up once each

_FONT_SLOTS = frozenset(qn(t) for t in ("a:latin", "a:ea", "a:cs", "a:sym"))
# Children after the font slots, in schema order; the font elements go before the first of them.
_AFTER_FONTS = frozenset(qn(t) for t in ("a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst"))
_escape = CT_RegularTextRun._escape_ctrl_chars  # python-pptx's escape of control characters in a:t


def _faces(role_name: str, fonts) -> tuple[tuple[str, str], ...]:
    """The faces of a role of the build's fonts (``fonts``, its session's ``FontConfig``): cached by
    what they are, so an edited fonts.yaml gives its new names."""
    role = fonts[role_name]
    return _faces_of(role.latin, role.name)


@functools.lru_cache(maxsize=64)
def _faces_of(latin: str, name: str) -> tuple[tuple[str, str], ...]:
    return ((qn("a:latin"), latin), (qn("a:ea"), name), (qn("a:cs"), latin))


@functools.lru_cache(maxsize=None)
def _hex(color: str) -> str:
    return str(RGBColor.from_string(color))


def set_fonts(rPr, role_name: str, fonts) -> None:
    """Latin, East Asian and complex-script fonts of a run (or defRPr), from a font role."""
    anchor = None
    for child in list(rPr):
        if child.tag in _FONT_SLOTS:
            rPr.remove(child)
        elif anchor is None and child.tag in _AFTER_FONTS:
            anchor = child
    for tag, face in _faces(role_name, fonts):
        el = etree.SubElement(rPr, tag)
        el.set("typeface", face)
        if anchor is not None:
            anchor.addprevious(el)


def add_run(p, spec: Run, lang: str, fonts) -> None:
    """A styled run at the end of paragraph element ``p`` (before its end mark, if any), the XML
    python-pptx writes for add_run, text, font size, bold, colour, then lang and the fonts."""
    r = p.makeelement(qn("a:r"), {})
    end = p.find(qn("a:endParaRPr"))
    if end is not None:
        end.addprevious(r)
    else:
        p.append(r)
    rPr = etree.SubElement(r, qn("a:rPr"))
    rPr.set("sz", str(Pt(spec.size).centipoints))
    rPr.set("b", "1" if spec.bold else "0")
    if spec.color:
        fill = etree.SubElement(rPr, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr")).set("val", _hex(spec.color))
    rPr.set("lang", lang)
    rPr.set("altLang", "en-US")
    set_fonts(rPr, spec.role, fonts)
    etree.SubElement(r, qn("a:t")).text = _escape(spec.text)


# Text frames ---------------------------------------------------------------------------

_ALIGN = {"left": "l", "center": "ctr", "right": "r"}


def set_ppr(p, spec: Paragraph, fonts) -> None:
    """Alignment, exact line pitch, space before, hanging indent and the bullet (or none) of
    paragraph element ``p``."""
    pPr = p.find(qn("a:pPr"))
    if pPr is None:
        pPr = p.makeelement(qn("a:pPr"), {})
        p.insert(0, pPr)
    else:
        for child in list(pPr):
            pPr.remove(child)
    pPr.set("algn", _ALIGN[spec.align])
    indent = spec.indent
    pPr.set("marL", str(int(emu(indent))))
    pPr.set("indent", str(int(emu(-indent))))
    pPr.set("lvl", "0")
    ln = etree.SubElement(pPr, qn("a:lnSpc"))
    etree.SubElement(ln, qn("a:spcPts")).set("val", str(int(round(spec.line * 100))))
    bef = etree.SubElement(pPr, qn("a:spcBef"))
    etree.SubElement(bef, qn("a:spcPts")).set("val", str(int(round(spec.before * 100))))
    aft = etree.SubElement(pPr, qn("a:spcAft"))
    etree.SubElement(aft, qn("a:spcPts")).set("val", "0")
    b = spec.bullet
    if b:
        if b.color:
            clr = etree.SubElement(pPr, qn("a:buClr"))
            etree.SubElement(clr, qn("a:srgbClr")).set("val", b.color)
        etree.SubElement(pPr, qn("a:buSzPct")).set("val", str(int(b.size_pct) * 1000))
        role = fonts[b.role]
        etree.SubElement(pPr, qn("a:buFont")).set("typeface", role.name)
        etree.SubElement(pPr, qn("a:buChar")).set("char", b.char)
    else:
        etree.SubElement(pPr, qn("a:buNone"))


def slide_number_field(p, run_spec: Run, number: int, lang: str, fonts) -> None:
    """A slide-number field (PowerPoint renumbers it when slides move), cached with our number."""
    fld = etree.SubElement(p, qn("a:fld"))
    fld.set("id", "{%s}" % str(uuid.uuid5(uuid.NAMESPACE_URL, f"govreport-deck-slidenum-{number}")).upper())
    fld.set("type", "slidenum")
    rPr = etree.SubElement(fld, qn("a:rPr"))
    rPr.set("lang", lang)
    rPr.set("altLang", "en-US")
    rPr.set("sz", str(int(round(run_spec.size * 100))))
    rPr.set("b", "0")
    if run_spec.color:
        fill = etree.SubElement(rPr, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr")).set("val", run_spec.color)
    set_fonts(rPr, run_spec.role, fonts)
    etree.SubElement(fld, qn("a:t")).text = run_spec.text
    endp = p.find(qn("a:endParaRPr"))
    if endp is not None:
        endp.addprevious(fld)


# bodyPr attributes python-pptx leaves out when set to their default (lIns, tIns, rIns, bIns).
_INSET_DEFAULTS = (("lIns", 91440), ("tIns", 45720), ("rIns", 91440), ("bIns", 45720))
_AUTOFITS = frozenset(qn(t) for t in ("a:noAutofit", "a:normAutofit", "a:spAutoFit"))
_AFTER_AUTOFIT = frozenset(qn(t) for t in ("a:scene3d", "a:sp3d", "a:flatTx", "a:extLst"))
_ANCHOR_XML = {"top": "t", "middle": "ctr", "bottom": "b"}


def set_body(bodyPr, inset, anchor: str) -> None:
    """What TextFrame.word_wrap = True, auto_size = NONE, the four margins and vertical_anchor
    write into a:bodyPr, in that order."""
    bodyPr.set("wrap", "square")
    for child in list(bodyPr):
        if child.tag in _AUTOFITS:
            bodyPr.remove(child)
    no_fit = bodyPr.makeelement(qn("a:noAutofit"), {})
    after = next((c for c in bodyPr if c.tag in _AFTER_AUTOFIT), None)
    if after is not None:
        after.addprevious(no_fit)
    else:
        bodyPr.append(no_fit)
    for (name, default), value in zip(_INSET_DEFAULTS, inset):
        value = int(emu(value))
        if value == default:
            bodyPr.attrib.pop(name, None)
        else:
            bodyPr.set(name, str(value))
    bodyPr.set("anchor", _ANCHOR_XML[anchor])


def _broken(runs: tuple[Run, ...], lines: tuple[str, ...]) -> list:
    """The runs of a paragraph cut where the plan broke its lines; None stands for a line break."""
    if len(lines) < 2:
        return list(runs)
    cuts, at = set(), 0
    for line in lines[:-1]:
        at += len(line)
        cuts.add(at)
    out: list = []
    pos = 0
    for r in runs:
        text, start = r.text, 0
        for k in range(1, len(text) + 1):
            if pos + k in cuts and k < len(text):
                out += [replace(r, text=text[start:k]), None]
                start = k
        out.append(replace(r, text=text[start:]))
        pos += len(text)
        if pos in cuts and r is not runs[-1]:
            out.append(None)
    return [x for x in out if x is None or x.text]


def add_break(p, spec: Run, lang: str, fonts) -> None:
    """A line break (a:br) at the end of paragraph element ``p``, sized like its runs."""
    br = etree.SubElement(p, qn("a:br"))
    rPr = etree.SubElement(br, qn("a:rPr"))
    rPr.set("lang", lang)
    rPr.set("sz", str(Pt(spec.size).centipoints))
    set_fonts(rPr, spec.role, fonts)


def fill_paragraphs(txBody, paragraphs: tuple[Paragraph, ...], lang: str, fonts, number: int = 0, end_marks: bool = True) -> None:
    """Fill a cleared txBody (one empty a:p) with the planned paragraphs."""
    p = txBody.find(qn("a:p"))
    for k, spec in enumerate(paragraphs):
        if k:
            p = etree.SubElement(txBody, qn("a:p"))
        set_ppr(p, spec, fonts)
        if spec.field == "slidenum":
            slide_number_field(p, spec.runs[0], number, lang, fonts)
            continue
        for rs in _broken(spec.runs, spec.breaks):
            if rs is None:
                add_break(p, spec.runs[-1], lang, fonts)
            else:
                add_run(p, rs, lang, fonts)
        if not end_marks:
            continue
        # The end-of-paragraph mark gets the same size and fonts (an empty line keeps its height).
        end = p.find(qn("a:endParaRPr"))
        if end is None:
            end = etree.SubElement(p, qn("a:endParaRPr"))
        end.set("lang", lang)
        end.set("sz", str(int(round(spec.runs[-1].size * 100))))
        set_fonts(end, spec.runs[-1].role, fonts)


def fill_text_frame(tf, frame: Frame, lang: str, fonts, number: int = 0) -> None:
    txBody = tf._txBody
    set_body(txBody.find(qn("a:bodyPr")), frame.inset, frame.anchor)
    # Clear to one empty paragraph, then fill.
    for p in txBody.findall(qn("a:p"))[1:]:
        txBody.remove(p)
    first = txBody.find(qn("a:p"))
    for child in list(first):
        first.remove(child)
    fill_paragraphs(txBody, frame.paragraphs, lang, fonts, number)


def place(shape, box) -> None:
    """Position and size of a placeholder: the a:xfrm python-pptx writes for left, top, width, height."""
    x, y, w, h = (str(int(emu(v))) for v in box)
    spPr = shape._element.find(qn("p:spPr"))
    if spPr is None:  # not a p:sp; python-pptx knows where its xfrm goes
        shape.left, shape.top, shape.width, shape.height = (emu(v) for v in box)
        return
    xfrm = spPr.find(qn("a:xfrm"))
    if xfrm is None:
        xfrm = spPr.makeelement(qn("a:xfrm"), {})
        spPr.insert(0, xfrm)
    off = xfrm.find(qn("a:off"))
    if off is None:
        off = xfrm.makeelement(qn("a:off"), {})
        xfrm.insert(0, off)
    off.set("x", x)
    off.set("y", y)
    ext = xfrm.find(qn("a:ext"))
    if ext is None:
        ext = xfrm.makeelement(qn("a:ext"), {})
        off.addnext(ext)
    ext.set("cx", w)
    ext.set("cy", h)


# spPr children after the fill, and a:ln children after its fill, in schema order.
_FILLS = frozenset(qn(t) for t in ("a:noFill", "a:solidFill", "a:gradFill", "a:blipFill", "a:pattFill", "a:grpFill"))
_AFTER_FILL = frozenset(qn(t) for t in ("a:ln", "a:effectLst", "a:effectDag", "a:scene3d", "a:sp3d", "a:extLst"))
_AFTER_LN = _AFTER_FILL - {qn("a:ln")}


def _insert_before(parent, el, followers) -> None:
    after = next((c for c in parent if c.tag in followers), None)
    if after is not None:
        after.addprevious(el)
    else:
        parent.append(el)


def _fill(parent, color: str | None, followers) -> None:
    """What python-pptx's fill.solid() + fore_color.rgb (or fill.background()) writes."""
    for child in list(parent):
        if child.tag in _FILLS:
            parent.remove(child)
    if color:
        fill = parent.makeelement(qn("a:solidFill"), {})
        etree.SubElement(fill, qn("a:srgbClr")).set("val", _hex(color))
    else:
        fill = parent.makeelement(qn("a:noFill"), {})
    _insert_before(parent, fill, followers)


_CNVPR = qn("p:nvSpPr") + "/" + qn("p:cNvPr")


def set_name(shp, name: str) -> None:
    """What ``shape.name = name`` writes for a p:sp (its cNvPr's name), without python-pptx's lookups."""
    shp._element.find(_CNVPR).set("name", name)


def plain_shape(shapes, box, color: str | None, geometry: str = "rect"):
    shp = shapes.add_shape(GEOMETRY.get(geometry, MSO_SHAPE.RECTANGLE), *[emu(v) for v in box])
    sp = shp._element
    style = sp.find(qn("p:style"))
    if style is not None:
        sp.remove(style)  # no theme-dependent line, shadow or text colour
    spPr = sp.find(qn("p:spPr"))
    _fill(spPr, color, _AFTER_FILL)
    ln = spPr.find(qn("a:ln"))
    if ln is None:
        ln = spPr.makeelement(qn("a:ln"), {})
        _insert_before(spPr, ln, _AFTER_LN)
    _fill(ln, None, ())  # no outline
    if geometry == "roundRect":
        shp.adjustments[0] = 0.06
    return shp


# Slides --------------------------------------------------------------------------------

_SHAPE_TAGS = tuple(qn(t) for t in ("p:sp", "p:grpSp", "p:graphicFrame", "p:cxnSp", "p:pic", "p:contentPart"))
_PH = qn("p:nvPr") + "/" + qn("p:ph")
TITLE_XML, SUBTITLE_XML, BODY_XML = {"title", "ctrTitle"}, {"subTitle"}, {"body", "obj"}


def placeholder_elements(tree) -> list:
    """(shape element, p:ph) of the placeholders on a slide, by idx (python-pptx's slide.placeholders)."""
    out = []
    for el in tree.iterchildren(*_SHAPE_TAGS):
        first = el.find("*")
        ph = first.find(_PH) if first is not None else None
        if ph is not None:
            out.append((el, ph))
    return sorted(out, key=lambda pair: int(pair[1].get("idx", "0")))


def find_placeholder(placeholders: list, kind: str):
    """The first free placeholder element for a title, subtitle (else body) or body frame."""
    for el, ph in placeholders:
        t = ph.get("type", "obj")
        if kind == "title" and t in TITLE_XML:
            return el
        if kind == "subtitle" and t in SUBTITLE_XML:
            return el
        if kind == "body" and t in BODY_XML and ph.get("idx", "0") != "0":
            return el
    if kind == "subtitle":
        return find_placeholder(placeholders, "body")
    return None


def draw_slide(prs, layouts: dict, s: Slide, lang: str, copier: "SlideCopier", notes_run: Run, fonts):
    slide = copier.add_slide(prs, layouts[s.layout])
    # Shapes are only added here (the placeholders left unfilled go at the end, ids never reused):
    # python-pptx's turbo mode numbers them from the highest id once, not by searching the slide
    # for it before every shape. Same ids.
    slide.shapes.turbo_add_enabled = True
    tree = slide.shapes._spTree
    placeholders = placeholder_elements(tree)
    used: list = []  # placeholder elements we filled (kept alive, compared by identity)
    decor = []
    for rect in s.shapes:
        shp = plain_shape(slide.shapes, rect.box, rect.color)
        set_name(shp, "Decoration")
        decor.append(shp._element)
    for frame in s.frames:
        shp = None
        if frame.placeholder:
            el = find_placeholder(placeholders, frame.placeholder)
            if el is not None and not any(el is e for e in used):
                shp = SlideShapeFactory(el, slide.shapes)
        if shp is None:
            if frame.geometry:
                shp = plain_shape(slide.shapes, frame.box, frame.fill, frame.geometry)
            else:
                shp = slide.shapes.add_textbox(*[emu(v) for v in frame.box])
            set_name(shp, frame.name.title())
        else:
            used.append(shp._element)
            place(shp, frame.box)
        fill_text_frame(shp.text_frame, frame, lang, fonts, s.number)
    for chart in s.charts:
        draw_chart(slide, chart, lang, fonts)
    for table in s.tables:
        draw_table(slide, table, lang, fonts)
    # Remove the layout's placeholders we did not fill ("Click to add text").
    for el, _ in placeholder_elements(tree):
        if not any(el is e for e in used):
            tree.remove(el)
    # Decorations go to the back, behind the placeholders.
    for k, el in enumerate(decor):
        tree.remove(el)
        tree.insert(2 + k, el)
    if s.notes:
        txBody = copier.add_notes(slide)
        for p in txBody.findall(qn("a:p")):
            txBody.remove(p)
        run = replace(notes_run, size=s.notes_size or notes_run.size)
        for line in s.notes.split("\n"):
            p = etree.SubElement(txBody, qn("a:p"))
            ln = etree.SubElement(etree.SubElement(p, qn("a:pPr")), qn("a:lnSpc"))
            etree.SubElement(ln, qn("a:spcPts")).set("val", str(int(round(run.size * 120))))  # 1.2 x size, as measured
            add_run(p, replace(run, text=line), lang, fonts)
        if s.notes_box:
            # The notes text where the plan measured it: the box under the slide image.
            sp = txBody.getparent()
            spPr = sp.find(qn("p:spPr"))
            xfrm = spPr.find(qn("a:xfrm"))
            if xfrm is None:
                xfrm = etree.Element(qn("a:xfrm"))
                spPr.insert(0, xfrm)
            for child in list(xfrm):
                xfrm.remove(child)
            x, y, w, h = (str(int(emu(v))) for v in s.notes_box)
            off = etree.SubElement(xfrm, qn("a:off"))
            off.set("x", x)
            off.set("y", y)
            ext = etree.SubElement(xfrm, qn("a:ext"))
            ext.set("cx", w)
            ext.set("cy", h)
    return slide


class SlideCopier:
    """Slides and notes slides, made faster: python-pptx builds each by cloning the placeholders
    of its layout (or of the notes master), which come out the same every time for the same
    layout; the first of each is made by python-pptx, later ones get copies (same parts,
    relationships and XML). ``add_slide(prs, layout)`` is prs.slides.add_slide(layout);
    ``add_notes(slide)`` returns the txBody of the notes placeholder of the slide's new notes slide."""

    def __init__(self, where: str):
        self.where = where
        self.pristine = None
        self.master_part = None
        self.layout_shapes: dict = {}  # layout part -> copies of the placeholders cloned from it

    def add_slide(self, prs, layout):
        rId, slide = prs.part.add_slide(layout)
        tree = slide.shapes._spTree
        shapes = self.layout_shapes.get(layout.part)
        if shapes is None:
            before = len(tree)
            slide.shapes.clone_layout_placeholders(layout)
            self.layout_shapes[layout.part] = [copy.deepcopy(el) for el in tree[before:]]
        else:
            for el in shapes:
                tree.append(copy.deepcopy(el))
        prs.slides._sldIdLst.add_sldId(rId)
        return slide

    def add_notes(self, slide):
        if self.pristine is None:
            notes_slide = slide.notes_slide
            self.pristine = copy.deepcopy(notes_slide._element)
            self.master_part = notes_slide.part.part_related_by(RT.NOTES_MASTER)
            element = notes_slide._element
        else:
            element = copy.deepcopy(self.pristine)
            package = slide.part.package
            part = NotesSlidePart(package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                                  CT.PML_NOTES_SLIDE, package, element)
            part.relate_to(self.master_part, RT.NOTES_MASTER)
            part.relate_to(slide.part, RT.SLIDE)
            slide.part.relate_to(part, RT.NOTES_SLIDE)
        for el, ph in placeholder_elements(element.find(qn("p:cSld")).find(qn("p:spTree"))):
            if ph.get("type") == "body":
                return el.get_or_add_txBody()
        raise ContentError("the deck template's notes master has no notes placeholder", self.where)


def cache_partnames(package) -> None:
    """package.next_partname walks every part of the package at each call (once per notes slide,
    chart and workbook). Parts are only added while a deck is drawn, so the names in use are
    collected once and each name handed out is added; the answers are the same."""
    used: set[str] = set()
    collected = False

    def next_partname(tmpl: str) -> PackURI:
        nonlocal collected
        if not collected:
            used.update(str(p.partname) for p in package.iter_parts())
            collected = True
        prefix = tmpl[: (tmpl % 42).find("42")]
        taken = {n for n in used if n.startswith(prefix)}
        for n in range(len(taken) + 1, 0, -1):
            if tmpl % n not in taken:
                used.add(tmpl % n)
                return PackURI(tmpl % n)
        raise AssertionError("no free part name")  # pragma: no cover

    package.next_partname = next_partname


def _all_fonts(el, role_name: str, fonts) -> None:
    for rPr in el.iter(qn("a:defRPr"), qn("a:rPr")):
        set_fonts(rPr, role_name, fonts)


def _txpr(parent_el, size: float, color: str | None, bold: bool, role_name: str, fonts, wrap: bool = True) -> None:
    """Replace a chart element's c:txPr by one with our size, colour and fonts."""
    old = parent_el.find(qn("c:txPr"))
    if old is not None:
        parent_el.remove(old)
    txPr = etree.SubElement(parent_el, qn("c:txPr"))
    bodyPr = etree.SubElement(txPr, qn("a:bodyPr"))
    if not wrap:
        bodyPr.set("wrap", "none")
    etree.SubElement(txPr, qn("a:lstStyle"))
    p = etree.SubElement(txPr, qn("a:p"))
    pPr = etree.SubElement(p, qn("a:pPr"))
    d = etree.SubElement(pPr, qn("a:defRPr"))
    d.set("sz", str(int(round(size * 100))))
    d.set("b", "1" if bold else "0")
    if color:
        f = etree.SubElement(d, qn("a:solidFill"))
        etree.SubElement(f, qn("a:srgbClr")).set("val", color)
    set_fonts(d, role_name, fonts)
    etree.SubElement(p, qn("a:endParaRPr")).set("lang", "zh-CN")
    # c:txPr must precede some siblings; move it to its schema place.
    _reorder(parent_el, txPr)


# Where c:txPr goes among its siblings (the elements that must follow it).
_TXPR_FOLLOWERS = {
    "dLbls": ("c:dLblPos", "c:showLegendKey", "c:showVal", "c:showCatName", "c:showSerName", "c:showPercent",
              "c:showBubbleSize", "c:separator", "c:showLeaderLines", "c:leaderLines", "c:extLst"),
    "catAx": ("c:crossAx", "c:crosses", "c:crossesAt", "c:auto", "c:lblAlgn", "c:lblOffset", "c:tickLblSkip",
              "c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst"),
    "valAx": ("c:crossAx", "c:crosses", "c:crossesAt", "c:crossBetween", "c:majorUnit", "c:minorUnit",
              "c:dispUnits", "c:extLst"),
    "chartSpace": ("c:externalData", "c:printSettings", "c:userShapes", "c:extLst"),
}


def _reorder(parent, el) -> None:
    local = etree.QName(parent).localname
    followers = {qn(t) for t in _TXPR_FOLLOWERS.get(local, ())}
    parent.remove(el)
    for k, child in enumerate(parent):
        if child.tag in followers:
            parent.insert(k, el)
            return
    parent.append(el)


def draw_chart(slide, spec: Chart, lang: str, fonts) -> None:
    data = CategoryChartData(number_format=spec.number_format)
    data.categories = list(spec.categories)
    for ser in spec.series:
        data.add_series(ser.name, list(ser.values))
    gf = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *[emu(v) for v in spec.box], data)
    gf.name = f"Chart {spec.name}"
    chart = gf.chart
    chart.has_legend = False
    chart.has_title = False
    plot = chart.plots[0]
    plot.gap_width = spec.gap_width
    plot.vary_by_categories = False
    for ser in plot.series:
        ser.format.fill.solid()
        ser.format.fill.fore_color.rgb = RGBColor.from_string(spec.color)
        ser.invert_if_negative = False
    plot.has_data_labels = True
    dl = plot.data_labels
    dl.number_format = spec.number_format
    dl.number_format_is_linked = False
    dl.position = XL_LABEL_POSITION.OUTSIDE_END
    dl.show_value = True
    ser = plot.series[0]
    if any(spec.point_labels):
        # Labels of single bars live in the series' own c:dLbls, which then holds the series' label
        # settings too (else its defaults hide every other bar's value).
        sdl = ser.data_labels
        sdl.number_format = spec.number_format
        sdl.number_format_is_linked = False
        sdl.position = XL_LABEL_POSITION.OUTSIDE_END
        sdl.show_value = True
    for k, (color, label) in enumerate(zip(spec.point_colors, spec.point_labels)):
        if color:
            pt = ser.points[k]
            pt.format.fill.solid()
            pt.format.fill.fore_color.rgb = RGBColor.from_string(color)
        if label:
            # A fall labelled as the report says it (下降3.2%), not as -3.2%.
            dlbl = ser.points[k].data_label
            tf = dlbl.text_frame
            tf.text = ""
            tf._txBody.find(qn("a:bodyPr")).set("wrap", "none")
            add_run(tf.paragraphs[0]._p, Run(text=label, size=spec.data_label_size, bold=True,
                                             color=spec.label_color, role=spec.figure_role), lang, fonts)
            dlbl.position = XL_LABEL_POSITION.OUTSIDE_END
    ca = chart.category_axis
    if spec.labels_low:
        # Bars below zero: the category names at the low end of the axis, clear of the bars.
        ca.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    ca.reverse_order = True  # first category at the top
    ca.has_major_gridlines = False
    ca.major_tick_mark = XL_TICK_MARK.NONE
    ca.minor_tick_mark = XL_TICK_MARK.NONE
    ca.format.line.color.rgb = RGBColor.from_string(spec.axis_color)
    va = chart.value_axis
    va.has_major_gridlines = False
    va.visible = False
    low = min(min(s.values) for s in spec.series)
    top = max(max(s.values) for s in spec.series)
    # Below zero: room left of the shortest bar for its label and the category names beside it.
    va.minimum_scale = min(0.0, low - 0.35 * (max(top, 0.0) - low)) if low < 0 else 0.0
    va.maximum_scale = spec.max if spec.max else max(1.0, top * 1.2)
    cs = chart._chartSpace
    _txpr(cs, spec.label_size, spec.label_color, False, spec.label_role, fonts)
    _txpr(cs.find(".//" + qn("c:catAx")), spec.label_size, spec.label_color, False, spec.label_role, fonts)
    for dls in cs.iter(qn("c:dLbls")):
        _txpr(dls, spec.data_label_size, spec.label_color, True, spec.figure_role, fonts, wrap=False)
    lang_el = cs.find(qn("c:lang"))
    if lang_el is None:
        lang_el = etree.Element(qn("c:lang"))
        d1904 = cs.find(qn("c:date1904"))  # schema order: date1904, lang, roundedCorners, …
        if d1904 is not None:
            d1904.addnext(lang_el)
        else:
            cs.insert(0, lang_el)
    lang_el.set("val", lang)
    _all_fonts(cs.find(".//" + qn("c:valAx")), spec.label_role, fonts)


def draw_table(slide, spec: Table, lang: str, fonts) -> None:
    rows, cols = len(spec.rows), len(spec.columns)
    gf = slide.shapes.add_table(rows, cols, *[emu(v) for v in spec.box])
    gf.name = "Table"
    table = gf.table
    table.first_row = True
    table.horz_banding = False
    for c, w in enumerate(spec.columns):
        table.columns[c].width = emu(w)
    for r, row in enumerate(spec.rows):
        table.rows[r].height = emu(row.height)
        for c, cell_spec in enumerate(row.cells):
            cell = table.cell(r, c)
            l, t, rr, b = cell_spec.inset
            cell.margin_left, cell.margin_top, cell.margin_right, cell.margin_bottom = emu(l), emu(t), emu(rr), emu(b)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            if cell_spec.fill:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(cell_spec.fill)
            tf = cell.text_frame
            tf.word_wrap = True
            txBody = tf._txBody
            for p in txBody.findall(qn("a:p"))[1:]:
                txBody.remove(p)
            fill_paragraphs(txBody, cell_spec.paragraphs, lang, fonts, end_marks=False)


# The file ------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def _reference_zip(items: tuple[tuple[str, bytes], ...]) -> bytes:
    import datetime as _dt

    from ..package import write_zip
    from ..report import _clean_part, _member_order

    parts = dict(items)
    return write_zip(((n, _clean_part(parts[n])) for n in _member_order(parts)), _dt.date(1980, 1, 1))


def reference_deck(templates: Path | None = None) -> bytes:
    """The deck's built-in starting package: a clean 16:9 .pptx kept as readable XML parts under
    templates/reference/deck/ (one master, the four layouts deck.yaml names, the theme with the
    deck's fonts; no slides, no thumbnail, no printer settings), zipped (cached by content)."""
    from ...paths import template_files

    # Each part from the overlay folder ``templates`` when it has it, else from the package.
    prefix = "reference/deck/"
    files = {n[len(prefix):]: p for n, p in template_files(templates).items() if n.startswith(prefix)}
    return _reference_zip(tuple((n, files[n].read_bytes()) for n in sorted(files)))


def open_template(path: Path | None, needed: list[str], note, templates: Path | None = None):
    if path is None:
        prs = Presentation(io.BytesIO(reference_deck(templates)))
    else:
        from ...safezip import check

        check(path, "pptx")  # a zip, bounded sizes, no DTD, no macros: before python-pptx parses anything
        try:
            from ...safezip import as_document

            document = as_document(path)  # a .potx (.ppsx) is read as the presentation it holds
            prs = Presentation(io.BytesIO(document) if document is not None else str(path))
        except Exception as e:  # not a .pptx, or a broken one: the user's to fix
            raise ContentError(f"cannot open the deck template: {e}", str(path)) from None
        # A template's own slides are not ours to keep.
        sldIdLst = prs.slides._sldIdLst
        if len(sldIdLst):
            note(f"deck template {path}: its {len(sldIdLst)} slide(s) were left out; only its layouts are used")
        for sldId in list(sldIdLst):
            prs.part.drop_rel(sldId.rId)
            sldIdLst.remove(sldId)
    names = {}
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            names.setdefault(layout.name, layout)
    missing = [n for n in dict.fromkeys(needed) if n not in names]
    if missing:
        where = str(path) if path else "the built-in deck reference (templates/reference/deck)"
        have = ", ".join(sorted(names)) or "none"
        raise ContentError(
            [Problem(where, message=f"deck template has no slide layout named {n!r} (it has: {have})") for n in missing]
        )
    return prs, names


def starting_package(theme, template: Path | None, needed: list[str], note, templates: Path | None = None):
    """The presentation the deck is drawn into: the template's (or the built-in) masters and
    layouts on the theme's 16:9 size, its slides and thumbnail left out; (prs, layouts by name)."""
    prs, layouts = open_template(template, needed, note, templates)
    w, h = float(theme.slide.width), float(theme.slide.height)
    if template is not None and (abs(prs.slide_width - emu(w)) > 12700 or abs(prs.slide_height - emu(h)) > 12700):
        note(f"deck template {template}: slide size changed to 16:9 ({w:g} x {h:g} pt), its layouts stretched")
    rescale_masters(prs, emu(w), emu(h))
    prs.slide_width, prs.slide_height = emu(w), emu(h)
    # sldSz type="screen4x3" would name a 4:3 preset on a 16:9 size: a size with no preset has none.
    prs.part._element.find(qn("p:sldSz")).attrib.pop("type", None)
    # A template's thumbnail shows its own first slide (python-pptx's: a blank 4:3 page): none.
    pkg_rels = prs.part.package._rels
    for rid, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            pkg_rels.pop(rid)
    return prs, layouts


def _finish(prs, theme, meta, template: Path | None, identifier: str, roles) -> bytes:
    """Core and app properties, theme fonts (built-in template), the package zipped."""
    w, h = float(theme.slide.width), float(theme.slide.height)
    prs.core_properties  # makes the core part (the starting package has none); core_xml writes its bytes
    members = package_members(prs.part.package)
    fonts = None
    if template is None:
        cfg = roles
        title, text = cfg[theme.fonts.title], cfg[theme.fonts.text]
        fonts = {"major": (title.latin, title.name), "minor": (text.latin, text.name)}
    app = app_xml({"PresentationFormat": "Widescreen" if w * 9 == h * 16 else "Custom",
                   "Slides": len(prs.slides), "Notes": sum(1 for s in prs.slides if s.has_notes_slide)})
    return normalise_zip(members, meta.date, theme_fonts=fonts, app=app, core=core_xml(meta, identifier))


def print_template(templates: Path) -> bytes:
    """The deck's built-in starting package as a .pptx an office restyles in PowerPoint or WPS
    (layouts by the names templates/deck.yaml lists) and hands back with --deck-template."""
    import datetime as _dt

    from ...model import Meta
    from .plan import load_theme

    theme = load_theme(templates)
    prs, _ = starting_package(theme, None, [], lambda m: None, templates)
    meta = Meta(title="演示文稿参考模板", subtitle="——", speaker="—", issuer="govreport", session="—",
                date=_dt.date(2024, 1, 1), review_year=2023, plan_year=2024)
    return _finish(prs, theme, meta, None, "govreport reference", load_config(templates))


def build(plan: tuple[Slide, ...], theme, meta, template: Path | None = None, note=None, identifier: str = "",
          templates: Path | None = None, fonts=None) -> bytes:
    """The deck's bytes: ``plan`` drawn on the template's layouts; ``theme`` is the typed deck.yaml;
    ``fonts``: the build's font roles (``Session.fonts()``; default: those of ``templates``)."""
    note = note or (lambda m: None)
    fonts = fonts or load_config(templates)
    prs, layouts = starting_package(theme, template, [s.layout for s in plan], note, templates)
    lang = meta.language or "zh-CN"
    notes_run = Run(text="", size=float(theme.notes.size), role=theme.fonts.text)
    cache_partnames(prs.part.package)
    copier = SlideCopier(str(template) if template else "the built-in deck reference (templates/reference/deck)")
    for s in plan:
        draw_slide(prs, layouts, s, lang, copier, notes_run, fonts)
    return _finish(prs, theme, meta, template, identifier, fonts)


def rescale_masters(prs, width: int, height: int) -> None:
    """Stretch the masters' and layouts' shapes to a new slide size, so new slides fit it too."""
    old_w, old_h = int(prs.slide_width), int(prs.slide_height)
    if (old_w, old_h) == (int(width), int(height)) or not old_w or not old_h:
        return
    fx, fy = int(width) / old_w, int(height) / old_h
    elements = []
    for master in prs.slide_masters:
        elements.append(master._element)
        elements += [layout._element for layout in master.slide_layouts]
    for root in elements:
        for el in root.iter(qn("a:off"), qn("a:chOff"), qn("a:ext"), qn("a:chExt")):
            for attr, f in (("x", fx), ("y", fy), ("cx", fx), ("cy", fy)):
                if el.get(attr) is not None:
                    el.set(attr, str(int(round(int(el.get(attr)) * f))))


class _Members(PackageWriter):
    """python-pptx's package writer (Presentation.save), handing back the (member name, bytes)
    it would zip, in order, so the zip is written once, by ``normalise_zip``."""

    def members(self) -> list[tuple[str, bytes]]:
        out: list[tuple[str, bytes]] = []

        class Sink:
            def write(self, pack_uri, blob: bytes) -> None:
                out.append((pack_uri.membername, blob))

        self._write_content_types_stream(Sink())
        self._write_pkg_rels(Sink())
        self._write_parts(Sink())
        return out


def package_members(package) -> list[tuple[str, bytes]]:
    return _Members(None, package._rels, tuple(package.iter_parts())).members()


def normalise_zip(members: list[tuple[str, bytes]], date, theme_fonts: dict | None = None,
                  app: bytes | None = None, core: bytes | None = None) -> bytes:
    """Same input, same bytes: the package zipped by ``package.write_zip``; embedded
    workbooks' creation date fixed.

    With ``theme_fonts`` (our default template), the theme's heading/body fonts become ours, so
    text a user adds in PowerPoint gets them too. ``app`` and ``core`` replace docProps/app.xml and docProps/core.xml.
    """

    def edited():
        for name, data in members:
            if name.endswith(".xlsx"):
                data = _normalise_xlsx(data, date)
            elif theme_fonts and re.fullmatch(r"ppt/theme/theme\d+\.xml", name):
                data = _theme_fonts(data, theme_fonts)
            elif app is not None and name == "docProps/app.xml":
                data = app
            elif core is not None and name == "docProps/core.xml":
                data = core
            yield name, data

    return write_zip(edited(), date)


def _theme_fonts(xml: bytes, fonts: dict) -> bytes:
    root = etree.fromstring(xml)
    for which, (latin, ea) in fonts.items():
        for font in root.iter(qn(f"a:{which}Font")):
            for tag, face in (("a:latin", latin), ("a:ea", ea)):
                el = font.find(qn(tag))
                if el is not None:
                    el.set("typeface", face)
            for el in font.findall(qn("a:font")):
                if el.get("script") == "Hans":
                    el.set("typeface", ea)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _normalise_xlsx(blob: bytes, date) -> bytes:
    """A chart's workbook with its creation and modification dates set to ``date``."""
    iso = f"{date.isoformat()}T00:00:00Z"

    def edit(name: str, data: bytes) -> bytes:
        if name == "docProps/core.xml":
            text = data.decode("utf-8")
            text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)", rf"\g<1>{iso}\g<3>", text)
            data = text.encode("utf-8")
        return data

    return rezip(blob, date, edit)
