"""The Word report: the whole text laid out as a printed 政府工作报告 (GB/T 9704-2012).

``build(report, ctx)`` returns the bytes of a .docx. As Pandoc does with its reference.docx, the
report starts from a reference document that holds everything visual: the page setup (A4,
37/35/28/26 mm, the 22 x 28 document grid), the named styles, the odd/even footers with the page
number, the font table and the theme. The built-in one is kept as readable XML parts under
``templates/reference/report/`` (zipped when used); an office's own .docx comes with
``--report-template`` / ``settings.report_template`` (``ctx.report_template``). The builder
writes only the body -- paragraphs that name styles, runs, the appendix tables -- and the
document properties; ``templates/report.yaml`` says which style (by name) each kind of paragraph
takes. A reference that lacks one of them is a ContentError naming it and listing those needed.

Same input, same bytes: the core properties take their dates from ``report.meta.date``, and the
package is zipped with fixed member timestamps in a fixed member order.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from lxml import etree

from . import FILENAMES
from .package import write_zip
from .properties import app_xml, core_xml
from ..errors import ContentError, Problem
from .. import figures, textfit
from ..model import Paragraph, Report
from ..paths import template_files, template_path

FILENAME = FILENAMES["report"]
PROFILE = "report.yaml"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_NSDECL = f'xmlns:w="{W_NS}"'
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RT_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
RT_APP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
RT_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"

MAIN_PART = "word/document.xml"
STYLES_PART = "word/styles.xml"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


# --------------------------------------------------------------------------- profile


def load_profile(templates: Path | str) -> dict:
    """``templates/report.yaml`` as plain data, checked by ``config.ReportTemplate`` (a build
    takes it from ``ctx.config``, loaded once per build)."""
    from ..config import load

    return load(templates).plain[PROFILE]


# --------------------------------------------------------------------------- the reference document


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _xml(data: bytes, origin: str):
    try:
        return etree.fromstring(data, _SAFE_PARSER)
    except etree.XMLSyntaxError as e:
        raise ContentError(f"report template: not well-formed XML: {e}", origin) from None


def _strip_layout(root) -> None:
    """Comments and indentation out of a part kept readable in the repository: whitespace-only
    text between elements goes; text of leaf elements (a w:t of one space) stays."""
    for c in root.xpath("//comment()"):
        parent = c.getparent()
        if parent is not None:
            if c.tail and c.tail.strip() == "":
                c.tail = None
            parent.remove(c)
    for el in root.iter():
        if len(el) and el.text is not None and not el.text.strip():
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None


@functools.lru_cache(maxsize=64)
def _clean_part(data: bytes) -> bytes:
    """An XML part of the built-in reference as it goes into the package."""
    if not data.lstrip().startswith(b"<"):
        return data
    root = etree.fromstring(data, _SAFE_PARSER)
    _strip_layout(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _member_order(names: Iterable[str]) -> list[str]:
    """A fixed member order: content types, package rels, then by name."""
    first = ["[Content_Types].xml", "_rels/.rels"]
    return [n for n in first if n in names] + sorted(n for n in names if n not in first)


def builtin_reference(templates: "Path | None", profile: dict) -> dict[str, bytes]:
    """The built-in reference document's parts (``templates/<profile reference>/``), cleaned;
    each part from the overlay folder ``templates`` when it has it, else from the package."""
    prefix = profile.get("reference", "reference/report").strip("/") + "/"
    files = {n[len(prefix):]: p for n, p in template_files(templates).items() if n.startswith(prefix)}
    if not files:
        root = template_path(prefix.rstrip("/"), templates)
        raise ContentError(f"the built-in report reference is missing: {root}", str(root))
    parts = {}
    for name, path in sorted(files.items()):
        parts[name] = _clean_part(path.read_bytes()) if name.endswith((".xml", ".rels")) else path.read_bytes()
    return parts


MAX_TEMPLATE_BYTES = 64 * 1024 * 1024  # an office template is a few hundred KB; refuse zip bombs


def template_reference(path: Path, origin: str = "") -> dict[str, bytes]:
    """An office's .docx as its parts (name -> bytes), read with bounded sizes."""
    where = origin or str(path)
    from ..safezip import check

    check(path, "docx")  # a zip, bounded sizes, no DTD (safezip.py)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        raise ContentError(f"report template {path}: not a .docx (zip) file ({e})", where) from None
    with zf:
        total = 0
        parts = {}
        for info in zf.infolist():
            if info.is_dir():
                continue
            total += info.file_size
            if total > MAX_TEMPLATE_BYTES:
                raise ContentError(f"report template {path}: unpacks to more than {MAX_TEMPLATE_BYTES >> 20} MB", where)
            parts[info.filename] = zf.read(info)
    if MAIN_PART not in parts or STYLES_PART not in parts:
        raise ContentError(f"report template {path}: not a Word document (no {MAIN_PART} or {STYLES_PART})", where)
    from ..safezip import as_document_types

    parts["[Content_Types].xml"] = as_document_types(parts["[Content_Types].xml"])  # a .dotx is read as its document
    return parts


def reference_zip(parts: dict[str, bytes], date: _dt.date) -> bytes:
    """The parts zipped with every member stamped ``date`` 00:00, in a fixed order."""
    return write_zip(((n, parts[n]) for n in _member_order(parts)), date)


@dataclass(frozen=True)
class StyleLook:
    """What the builder measures with: a paragraph style's size and spacing, resolved."""

    size_pt: float
    char_spacing_pt: float
    line_pt: float
    before_pt: float
    after_pt: float
    indent_pt: float  # first line + left + right


class StyleSheet:
    """The styles of a reference document, looked up by name (as Word shows them)."""

    def __init__(self, data: bytes, origin: str):
        self.root = _xml(data, origin)
        self.by_id = {s.get(w("styleId")): s for s in self.root.iterfind(w("style"))}
        self.by_name: dict[str, str] = {}
        for sid, s in self.by_id.items():
            name = s.find(w("name"))
            if name is not None:
                self.by_name.setdefault(name.get(w("val"), "").casefold(), sid)

    def find(self, name: str, kind: str) -> str | None:
        sid = self.by_name.get(name.casefold())
        if sid is None or self.by_id[sid].get(w("type"), "paragraph") != kind:
            return None
        return sid

    def _chain(self, sid: str) -> list:
        out, seen = [], set()
        while sid and sid not in seen and sid in self.by_id:
            seen.add(sid)
            out.append(self.by_id[sid])
            based = self.by_id[sid].find(w("basedOn"))
            sid = based.get(w("val")) if based is not None else None
        return out

    def _first(self, sid: str, path: str, attr: str):
        defaults = self.root.find(w("docDefaults"))
        scopes = [s for s in self._chain(sid)] + ([defaults] if defaults is not None else [])
        for scope in scopes:
            for el in scope.iterfind(path.replace("w:", f"{{{W_NS}}}")):
                value = el.get(w(attr))
                if value is not None:
                    return value
        return None

    def look(self, sid: str) -> StyleLook:
        def num(path, attr, default=0.0):
            v = self._first(sid, path, attr)
            try:
                return float(v) if v is not None else default
            except ValueError:
                return default

        size = num(".//w:rPr/w:sz", "val", 21.0) / 2  # Word's default 10.5 pt (五号)
        line_rule = self._first(sid, ".//w:pPr/w:spacing", "lineRule")
        line = num(".//w:pPr/w:spacing", "line", 240.0)
        line_pt = line / 20 if line_rule in ("exact", "atLeast") else size * 1.3 * line / 240
        indent = sum(num(".//w:pPr/w:ind", a) for a in ("firstLine", "left", "right")) / 20
        return StyleLook(size, num(".//w:rPr/w:spacing", "val") / 20, line_pt,
                         num(".//w:pPr/w:spacing", "before") / 20, num(".//w:pPr/w:spacing", "after") / 20, indent)

    def table_margins_pt(self, sid: str) -> tuple[float, float, float, float]:
        """(top, bottom, left, right) cell margins of a table style, Word's defaults if unset."""
        out = []
        for side, default in (("top", 0), ("bottom", 0), ("left", 108), ("right", 108)):
            v = self._first(sid, f"w:tblPr/w:tblCellMar/w:{side}", "w")
            out.append(float(v if v is not None else default) / 20)
        return tuple(out)  # type: ignore[return-value]


@dataclass(frozen=True)
class Page:
    text_width_pt: float
    text_height_pt: float


def _page(document) -> Page:
    sect = document.find(f"{w('body')}/{w('sectPr')}")
    size = sect.find(w("pgSz")) if sect is not None else None
    mar = sect.find(w("pgMar")) if sect is not None else None

    def tw(el, attr, default):
        try:
            return float(el.get(w(attr))) if el is not None and el.get(w(attr)) is not None else default
        except ValueError:
            return default

    width = tw(size, "w", 11906) - tw(mar, "left", 1800) - tw(mar, "right", 1800) - tw(mar, "gutter", 0)
    height = tw(size, "h", 16838) - abs(tw(mar, "top", 1440)) - abs(tw(mar, "bottom", 1440))
    return Page(width / 20, height / 20)


# --------------------------------------------------------------------------- body XML
# Body content (paragraphs, tables) is written as WordprocessingML text and parsed once.

_RUN_BREAKS = re.compile(r"(\t|\r|\n)")


def _esc(text: str) -> str:
    """``text`` escaped for XML character data (a raw CR would be read back as LF)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: str) -> str:
    """``value`` escaped for a double-quoted XML attribute (whitespace kept as written)."""
    return _esc(value).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")


def _t_xml(text: str) -> str:
    """A w:t: xml:space="preserve" when the text has outer spaces."""
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
    """A w:r of ``text``: a tab becomes w:tab, CR or LF w:br."""
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


def _p_xml(style_id: str, runs: Iterable[str] = (), jc: str | None = None, new_page: bool = False) -> str:
    """A w:p of a paragraph style (and alignment; on a new page) holding the given w:r strings."""
    jc_xml = f'<w:jc w:val="{jc}"/>' if jc else ""
    page_xml = "<w:pageBreakBefore/>" if new_page else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{_attr(style_id)}"/>{page_xml}{jc_xml}</w:pPr>{"".join(runs)}</w:p>'


_width_em = textfit.em_width  # CJK 1, Latin letters, digits and ASCII half an em: the same on every machine


class _EmMeasurer(textfit.Measurer):
    """``textfit``'s line breaking at words (禁则, a number kept with its unit, lines that end at
    words, no last line of one or two characters) with widths counted in ems (``_width_em``), not
    measured: the report is set by Word, WPS or LibreOffice with fonts we cannot know, and every
    machine writes the same file."""

    def __init__(self, units=()):
        super().__init__(None, units, words=True)

    def char_width(self, role: str, ch: str) -> float:
        w = _width_em(ch)
        self._unit_widths.setdefault(role, {})[ch] = w
        return w


def cell_lines(text: str, room_em: float, measure: _EmMeasurer) -> list[str]:
    """A table cell's text in lines of at most ``room_em`` ems, broken at words and balanced, or
    one line when it fits. The builder writes the breaks (w:br) itself: left to the renderer a
    label one character too long leaves that character alone on a line (综合税/收)."""
    if _width_em(text) <= room_em:
        return [text]
    got = measure.lines([(text, "em", 1.0)], room_em, balanced=True)
    return [ln.text.strip() for ln in got] or [text]


# --------------------------------------------------------------------------- the builder


class _ReportWriter:
    def __init__(self, report: Report, ctx, profile: dict, parts: dict[str, bytes], origin: str):
        self.report = report
        self.ctx = ctx
        self.profile = profile
        self.parts = parts
        self.origin = origin
        self.sheet = StyleSheet(parts[STYLES_PART], origin)
        self.document = _xml(parts[MAIN_PART], origin)
        self.page = _page(self.document)
        self.blocks: list[str] = []  # body paragraphs and tables as XML, in order
        self.ids = self._style_ids()

    # ---- styles by name

    def _style_ids(self) -> dict[str, str]:
        """Profile key -> style id in the reference; every missing style is one problem."""
        wanted = [(k, n, "paragraph") for k, n in self.profile["styles"].items()]
        wanted += [(k, n, "character") for k, n in self.profile["character_styles"].items()]
        wanted.append(("table", self.profile["table_style"], "table"))
        ids, missing = {}, []
        for key, name, kind in wanted:
            sid = self.sheet.find(name, kind)
            if sid is None:
                missing.append((name, kind))
            else:
                ids[key] = sid
        if missing:
            needed = ", ".join(f"{n} ({k})" for _, n, k in wanted)
            raise ContentError([
                Problem(self.origin, message=f"report template has no {kind} style named {name!r} "
                        f"(the report needs these styles: {needed})")
                for name, kind in missing
            ])
        return ids

    def style_id(self, key: str) -> str:
        return self.ids[key]

    # ---- content

    def paragraph(self, style_key: str, runs: Iterable[tuple[str, str | None]] = (), more_lines: Iterable[str] = (),
                  new_page: bool = False) -> None:
        """A paragraph of a named style with (text, character style key or None) runs, then
        ``more_lines`` each in a run that starts with a line break."""
        xml = [_run_xml(text, self.style_id(char_style) if char_style else None) for text, char_style in runs if text]
        xml += [f"<w:r>{_rpr_xml(line, None)}<w:br/>{_t_xml(line)}</w:r>" for line in more_lines]
        self.blocks.append(_p_xml(self.style_id(style_key), xml, new_page=new_page))

    def body_paragraph(self, para: Paragraph, run_in: str | None = None, number: str = "") -> None:
        render = self.report.render
        runs: list[tuple[str, str | None]] = []
        if number:
            runs.append((number, None))
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

    def break_line(self, key: str, text: str) -> list[str]:
        """``text`` as one line, or two broken after a ``line_breaks`` character when too long."""
        spec = self.profile.get("line_breaks", {})
        marks = spec.get(key)
        if not marks:
            return [text]
        look = self.sheet.look(self.style_id(key))
        size, char = look.size_pt, look.size_pt + look.char_spacing_pt
        half = float(spec.get("half_width_em", 0.5))
        room = self.page.text_width_pt - look.indent_pt - char * float(spec.get("slack_chars", 0))

        def width(s: str) -> float:
            return textfit.em_width(s, half) * size + len(s) * (char - size)

        if width(text) <= room:
            return [text]
        cuts = [i + 1 for i, c in enumerate(text[:-1]) if c in marks]
        fitting = [i for i in cuts if width(text[:i]) <= room and width(text[i:]) <= room]
        if not fitting:
            self.ctx.note(f"report: {self.profile['styles'][key]}: no place to break the long line {text!r}; it wraps where it must")
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

    # ---- annexes (附件) and the glossary

    def annex_head(self, label: str | None, title: str) -> None:
        """An annex's first lines as GB/T 9704-2012 (7.5) lays out a 附件: on a new page, the label
        (附件1) flush left on the first line in 3号黑体, the annex's own title centred on the third
        (the label's and the title's styles are the 附表's: ``annex_label``, ``annex_title``)."""
        if label:
            self.paragraph("annex_label", [(label, None)])
        self.paragraph("annex_title", [(title, None)], new_page=not label)

    def write_annexes(self) -> None:
        """The annexes after the closing, in order, then the glossary as the last one; their text
        as the body's (附件格式要求同正文): items numbered as the annex numbers them."""
        for annex in self.report.annexes:
            self.annex_head(annex.label, annex.title)
            for n, p in enumerate(annex.items, 1):
                self.body_paragraph(p, number=annex.number(n))
            for p in annex.paragraphs:
                self.body_paragraph(p)
        g = self.report.glossary
        if g is not None:
            self.annex_head(g.label, g.title)
            for n in range(1, len(g.terms) + 1):
                self.paragraph("body", [(g.entry(n), None)])

    # ---- appendix

    def write_appendix(self) -> None:
        app = self.profile["appendix"]
        years = {"review_year": self.report.meta.review_year, "plan_year": self.report.meta.plan_year}
        placed: set[str] = set()
        groups = self.report.grouped_indicators(targets=False)
        if groups:
            spec = app["indicators"]
            # a change column headed 比上年 holds only changes against last year (figures.row_change)
            head = next((str(c["header"]) for c in spec["columns"] if c["key"] == "change"), "")
            grouped = []
            for title, inds in groups:
                rows = []
                for ind in inds:
                    figure, unit = figures.columns(ind)
                    label, change, _ = figures.row_change(ind, head)
                    rows.append({"label": label, "number": figure, "unit": unit, "change": change})
                    placed.add(ind.id)
                grouped.append((title, rows))
            self.table(spec, spec["title"].format(**years), grouped)
        targets = self.report.grouped_indicators(targets=True)
        if targets:
            spec = app["targets"]
            rows = []
            for _, inds in targets:
                for ind in inds:
                    rows.append({"index": str(len(rows) + 1), "label": ind.label, "target": figures.target_phrase(ind)})
                    placed.add(ind.id)
            self.table(spec, spec["title"].format(**years), [(None, rows)])
        left = [k for k, i in self.report.indicators.items() if k not in placed and (i.target or self.report.is_review(i))]
        if left:
            self.ctx.note(f"report: appendix: indicators in no table (group not listed in groups): {', '.join(left)}")

    def _column_widths(self, columns: list[dict], groups: list[tuple[str | None, list[dict]]], em: float,
                       pad: float) -> list[float]:
        """Column widths (pt) from the measured text: every column but the label as wide as its
        widest cell (header included) plus the cell margins and half a character of slack; the
        label column takes what is left of the text block."""
        widths = []
        for col in columns:
            texts = [col["header"]] + [row[col["key"]] for _, rows in groups for row in rows]
            widths.append(max(_width_em(t) for t in texts) * em + pad + em / 2)
        label = [i for i, c in enumerate(columns) if c["key"] == "label"]
        if label:
            i = label[0]
            rest = self.page.text_width_pt - (sum(widths) - widths[i])
            widths[i] = max(min(widths[i], rest), 4 * em + pad) if rest < widths[i] else rest
        return widths

    def table(self, spec: dict, title: str, groups: list[tuple[str | None, list[dict]]]) -> None:
        """An appendix table on pages of its own: a label (附表1), a title, then the table, split
        by the builder into one table per page. Each page's table starts with the header row and,
        for a grouped table, the band row of the group it shows (（续） when the group goes on from
        the page before), so no page holds rows without their group's name. A row never splits."""
        columns = spec["columns"]
        head_id, text_id, num_id = (self.style_id(k) for k in ("table_head", "table_text", "table_number"))
        group_id, table_id = self.style_id("table_group"), self.style_id("table")
        look = self.sheet.look(text_id)
        em = look.size_pt + look.char_spacing_pt
        top, bottom, left, right = self.sheet.table_margins_pt(table_id)
        pad = left + right
        widths = self._column_widths(columns, groups, em, pad)
        twips = [int(round(x * 20)) for x in widths]
        ncols = len(columns)
        # The label column takes what the others leave: its cells are broken into lines here, each
        # a character short of the cell (renderers differ a little), at words, never leaving one
        # character alone on a line. The other columns are as wide as their widest cell.
        slack = float(self.profile.get("line_breaks", {}).get("slack_chars", 1))
        measure = _EmMeasurer(textfit.units_of(self.report.indicators.values()))
        for i, col in enumerate(columns):
            if col["key"] == "label":
                room = (widths[i] - pad) / em - slack
                groups = [(g, [{**row, "label": "\n".join(cell_lines(row["label"], room, measure))} for row in rows])
                          for g, rows in groups]

        def lines(text: str, width: float) -> int:
            return sum(max(1, math.ceil(_width_em(t) * em / max(width - pad, em) - 1e-9)) for t in text.split("\n"))

        def row_height(n_lines: int) -> float:
            return n_lines * look.line_pt + top + bottom + 0.5  # a border between rows

        def height_of(row: dict) -> float:
            return row_height(max(lines(row[c["key"]], wd) for c, wd in zip(columns, widths)))

        header_h = row_height(max(lines(c["header"], wd) for c, wd in zip(columns, widths)))
        band_h = row_height(1)

        def para_h(key: str) -> float:
            lk = self.sheet.look(self.style_id(key))
            return lk.before_pt + lk.line_pt + lk.after_pt

        room = self.page.text_height_pt * float(self.profile["appendix"].get("page_fill", 0.92))
        first_room = room - para_h("appendix_label") - para_h("appendix_title") - header_h
        next_room = room - para_h("appendix_label") - header_h

        # plan pages: a list of pages, each a list of (group title or None, continued, rows)
        pages: list[list[tuple[str | None, bool, list[dict]]]] = [[]]
        free = first_room
        for group, rows in groups:
            band = band_h if group is not None else 0.0
            heights = [height_of(r) for r in rows]
            i, continued = 0, False
            while i < len(rows):
                take, used = 0, band
                while i + take < len(rows) and used + heights[i + take] <= free:
                    used += heights[i + take]
                    take += 1
                if i + take < len(rows) and take > 2 and len(rows) - (i + take) == 1:
                    take -= 1  # leave no lone row for the next page
                    used -= heights[i + take]
                if take < min(2, len(rows) - i) and pages[-1]:
                    pages.append([])  # not even two rows fit under the band here: a new page
                    free = next_room
                    continue
                take = max(take, 1)  # a row taller than a page still goes somewhere
                used = max(used, band + heights[i])
                pages[-1].append((group, continued, rows[i : i + take]))
                free -= used
                i += take
                if i < len(rows):
                    pages.append([])
                    free = next_room
                    continued = True

        for n, page in enumerate(p for p in pages if p):
            label = spec["label"] if n == 0 else spec["label"] + spec.get("continued", "")
            self.paragraph("appendix_label", [(label, None)])
            if n == 0:
                self.paragraph("appendix_title", [(title, None)])
            self.blocks.append(self._table_xml(columns, twips, page, head_id, text_id, num_id, group_id,
                                               table_id, ncols, spec.get("continued", "")))

    def _table_xml(self, columns, twips, page, head_id, text_id, num_id, group_id, table_id, ncols, cont) -> str:
        total = sum(twips)

        def cell(width: int, paragraph: str, span: int = 1) -> str:
            grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}<w:vAlign w:val="center"/></w:tcPr>'
                    f"{paragraph}</w:tc>")

        xml = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{_attr(table_id)}"/><w:tblW w:w="{total}" w:type="dxa"/>'
            '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{t}"/>' for t in twips),
            '</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>',
            *(cell(t, _p_xml(head_id, [_run_xml(c["header"])])) for t, c in zip(twips, columns)),
            "</w:tr>",
        ]
        for title, continued, rows in page:
            if title is not None:
                text = title + (cont if continued else "")
                xml.append('<w:tr><w:trPr><w:cantSplit/></w:trPr>')
                xml.append(cell(total, _p_xml(group_id, [_run_xml(text)]), ncols))
                xml.append("</w:tr>")
            for row in rows:
                xml.append('<w:tr><w:trPr><w:cantSplit/></w:trPr>')
                for t, col in zip(twips, columns):
                    style = num_id if col.get("align") == "right" else text_id
                    text = row[col["key"]]
                    jc = "center" if col.get("align") == "center" else None
                    xml.append(cell(t, _p_xml(style, [_run_xml(text)] if text else [], jc)))
                xml.append("</w:tr>")
        xml.append("</w:tbl>")
        return "".join(xml)

    # ---- the package

    def document_xml(self) -> bytes:
        """The reference's document.xml with its body replaced by ours; its last sectPr (page
        setup, footers) kept."""
        doc = self.document
        body = doc.find(w("body"))
        sect = body.find(w("sectPr"))
        new_body = etree.fromstring(f"<w:body {W_NSDECL}>{''.join(self.blocks)}</w:body>")
        if sect is not None:
            new_body.append(sect)
        doc.replace(body, new_body)
        return etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)

    def package(self) -> dict[str, bytes]:
        parts = dict(self.parts)
        parts[MAIN_PART] = self.document_xml()
        parts.update(document_properties(self.report.meta, f"sha256:{self.ctx.short_hash}"))
        return _package_rels(parts)

    def build(self) -> bytes:
        self.write_title_block()
        self.write_body()
        if self.ctx.review is not None:  # last year's targets: an annex after the closing (target_review)
            from .review import report_annex

            report_annex(self)
        self.write_annexes()
        if self.report.settings.appendix:
            self.write_appendix()
        return reference_zip(self.package(), self.report.meta.date)


def document_properties(meta, identifier: str) -> dict[str, bytes]:
    """docProps/core.xml (title, author, dates from the content) and docProps/app.xml."""
    return {"docProps/core.xml": core_xml(meta, identifier), "docProps/app.xml": app_xml()}


def _package_rels(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Package relationships and content types that name our core.xml and app.xml, and no
    thumbnail (a template's preview would show its own page, not the report)."""
    rels = _xml(parts["_rels/.rels"], "_rels/.rels") if "_rels/.rels" in parts else etree.Element(
        f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    dropped = []
    have = set()
    for rel in list(rels):
        kind = rel.get("Type")
        if kind == RT_THUMBNAIL:
            dropped.append(rel.get("Target", "").lstrip("/"))
            rels.remove(rel)
        elif kind in (RT_CORE, RT_APP):
            target = rel.get("Target", "").lstrip("/")
            want = "docProps/core.xml" if kind == RT_CORE else "docProps/app.xml"
            if target != want:
                dropped.append(target)
                rel.set("Target", want)
            have.add(kind)
    ids = {r.get("Id") for r in rels}
    for kind, target in ((RT_CORE, "docProps/core.xml"), (RT_APP, "docProps/app.xml")):
        if kind not in have:
            n = 1
            while f"rIdProps{n}" in ids:
                n += 1
            ids.add(f"rIdProps{n}")
            etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship", Id=f"rIdProps{n}", Type=kind, Target=target)
    for name in dropped:
        parts.pop(name, None)
    parts["_rels/.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)

    types = _xml(parts["[Content_Types].xml"], "[Content_Types].xml")
    overrides = {o.get("PartName"): o for o in types.iterfind(f"{{{CT_NS}}}Override")}
    for name in dropped:
        if "/" + name in overrides:
            types.remove(overrides.pop("/" + name))
    for name, ct in (("/docProps/core.xml", CT_CORE), ("/docProps/app.xml", CT_APP)):
        if name not in overrides:
            etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=name, ContentType=ct)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    return parts


def _is_salutation(p: Paragraph) -> bool:
    """An opening line that addresses the audience (各位代表：): short, no lead, ends with a colon,
    no sentence inside."""
    text = (p.text or "").strip()
    return not p.lead and 1 < len(text) <= 12 and text.endswith(("：", ":")) and not re.search("[，。；！？,;]", text)


def reference_for(ctx, profile: dict) -> tuple[dict[str, bytes], str]:
    """The reference parts a build uses, and where they came from (for messages)."""
    template = getattr(ctx, "report_template", None)
    if template is not None:
        return template_reference(Path(template)), str(template)
    root = template_path(profile.get("reference", "reference/report"), ctx.templates)
    return builtin_reference(ctx.templates, profile), str(root)


def build(report: Report, ctx) -> bytes:
    """The report as .docx bytes: the body written into the reference document."""
    profile = ctx.config.plain[PROFILE]
    parts, origin = reference_for(ctx, profile)
    ctx.quoted = quotes(report, ctx)  # no plan: what the text references, and the appendix
    return _ReportWriter(report, ctx, profile, parts, origin).build()


def print_template(templates: Path) -> bytes:
    """The built-in reference document as a .docx an office restyles in Word or WPS and hands
    back with --report-template: every style the report uses, each shown on a sample paragraph."""
    from ..model import Meta

    profile = load_profile(templates)
    parts = builtin_reference(templates, profile)
    sheet = StyleSheet(parts[STYLES_PART], "reference")
    doc = _xml(parts[MAIN_PART], "reference")
    body = doc.find(w("body"))
    sect = body.find(w("sectPr"))
    samples = []
    for key, name in profile["styles"].items():
        sid = sheet.find(name, "paragraph")
        if sid is not None:
            samples.append(_p_xml(sid, [_run_xml(f"{name}（{key}）")]))
    for key, name in profile["character_styles"].items():
        sid = sheet.find(name, "character")
        body_id = sheet.find(profile["styles"]["body"], "paragraph")
        if sid is not None and body_id is not None:
            samples.append(_p_xml(body_id, [_run_xml(f"{name}（{key}）", sid), _run_xml("正文")]))
    new_body = etree.fromstring(f"<w:body {W_NSDECL}>{''.join(samples)}</w:body>")
    if sect is not None:
        new_body.append(sect)
    doc.replace(body, new_body)
    parts[MAIN_PART] = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)
    day = _dt.date(2024, 1, 1)
    meta = Meta(title="公文参考文档", subtitle="——", speaker="—", issuer="govreport", session="—", date=day,
                review_year=2023, plan_year=2024, source="govreport")
    parts.update(document_properties(meta, "govreport reference"))
    return reference_zip(_package_rels(parts), day)


def quotes(report: Report, ctx) -> list[str]:
    """Indicators this report quotes: every one the text references, and the appendix's."""
    from ..references import referenced_ids

    ids = referenced_ids(report)
    if report.settings.appendix:
        for targets in (False, True):
            for _, inds in report.grouped_indicators(targets=targets):
                ids += [i.id for i in inds if i.id not in ids]
    return ids
