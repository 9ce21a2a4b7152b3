"""``build.py --verify``: read every output back as a user's tools would and check the figures.

How: each output file is read back into *units* — a paragraph, a table row, a text box, a
chart's data, a line of the PDF — with python-docx, python-pptx or pdfplumber. The builder then
builds the same output afresh from the content (builds are deterministic), and that fresh file is
read back the same way. For each indicator the output must show (what the builder says it quotes,
plus every headline and target figure), every unit of the fresh file that carries the figure
must stand, unchanged, in the file on disk. So a figure edited in one table cell or one slide
is caught even when the same number still appears elsewhere.

Result per indicator and output: ``ok``; ``differs`` (a unit that quotes it was changed);
``missing`` (the output does not show it at all). The file's ``sha256:`` property must also
match the content it is checked against.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import builders
from . import figures as wording
from .model import Indicator, Report


# Reading outputs back -------------------------------------------------------------------


def read_docx(path: Path) -> tuple[list[str], str]:
    """(units, content hash property) of a .docx: paragraphs and table rows, as python-docx reads them."""
    import docx

    d = docx.Document(str(path))
    units = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            units.append(" | ".join(c.text for c in row.cells))
            units.append("".join(c.text for c in row.cells))  # a figure split into number | unit cells
    for section in d.sections:
        for part in (section.footer, section.even_page_footer, section.header):
            units += [p.text for p in part.paragraphs]
    return units, d.core_properties.identifier or ""


def read_pptx(path: Path) -> tuple[list[str], str]:
    """(units, content hash property) of a .pptx: text boxes, table rows, chart data, notes."""
    from pptx import Presentation

    prs = Presentation(str(path))
    units: list[str] = []

    def shape_units(sh):
        if sh.has_text_frame:
            units.append(sh.text_frame.text)
        if getattr(sh, "has_table", False) and sh.has_table:
            for row in sh.table.rows:
                units.append(" | ".join(c.text for c in row.cells))
        if getattr(sh, "has_chart", False) and sh.has_chart:
            for plot in sh.chart.plots:
                cats = [str(c) for c in plot.categories]
                for series in plot.series:
                    units.extend(f"{c} = {_number(v)}" for c, v in zip(cats, series.values))
                units.extend(cats)
        if sh.shape_type == 6:  # a group
            for s in sh.shapes:
                shape_units(s)

    for slide in prs.slides:
        for sh in slide.shapes:
            shape_units(sh)
        if slide.has_notes_slide:
            units += slide.notes_slide.notes_text_frame.text.split("\n")
    return units, prs.core_properties.identifier or ""


def read_pdf(path: Path) -> tuple[list[str], str]:
    """(units, content hash) of a PDF: its text lines as pdfplumber reads them; the hash is in /Keywords."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        units = [line for page in pdf.pages for line in (page.extract_text() or "").split("\n")]
        info = pdf.metadata or {}
    keywords = info.get("Keywords", "")
    if isinstance(keywords, bytes):
        keywords = keywords.decode("utf-8", "replace")
    return units, str(keywords)


def read_html(path: Path) -> tuple[list[str], str]:
    """(units, content hash) of the web page, as an HTML parser reads it: each block's text
    (heading, paragraph, list item, caption, SVG title and description, table row as cells and
    joined), each ``<data>`` as the words before it in its block, its text, its value and its
    section (``…地区生产总值2286.2亿元 = 2286.2 (part-1)``), so an edited value is caught as well as an
    edited text;
    the hash is the ``dcterms.identifier`` meta."""
    from html.parser import HTMLParser

    blocks = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "caption", "title", "desc", "dt", "dd", "th", "td", "text"}

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.units: list[str] = []
            self.open: list[list] = []  # [tag, pieces] of the blocks open
            self.row: list[str] | None = None
            self.data: list | None = None  # [value, pieces]
            self.skip = 0
            self.identifier = ""
            self.sections: list[str] = []  # the sections open, by the heading that names them

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag in ("style", "script"):
                self.skip += 1
            elif tag == "meta" and a.get("name") == "dcterms.identifier":
                self.identifier = a.get("content") or ""
            elif tag == "tr":
                self.row = []
            elif tag == "section":
                self.sections.append(a.get("aria-labelledby") or "")
            elif tag == "data":
                # the words before it: in its row (a table cell) or its outermost block (a tile)
                before = "".join(self.row or ()) + ("".join(self.open[0][1]) if self.open else "")
                before = before[-16:]
                self.data = [a.get("value") or "", [], before]
            if tag in blocks:
                self.open.append([tag, []])

        def handle_endtag(self, tag):
            if tag in ("style", "script"):
                self.skip = max(0, self.skip - 1)
            elif tag == "section" and self.sections:
                self.sections.pop()
            elif tag == "data" and self.data is not None:
                value, pieces, before = self.data
                where = self.sections[-1] if self.sections else ""
                self.units.append(f"{before}{''.join(pieces)} = {value} ({where})")
                self.data = None
            elif tag == "tr" and self.row is not None:
                self.units += [" | ".join(self.row), "".join(self.row)]
                self.row = None
            if tag in blocks and self.open and self.open[-1][0] == tag:
                _, pieces = self.open.pop()
                text = "".join(pieces)
                self.units.append(text)
                if tag in ("th", "td") and self.row is not None:
                    self.row.append(text)

        def handle_data(self, text):
            if self.skip:
                return
            for _, pieces in self.open:
                pieces.append(text)
            if self.data is not None:
                self.data[1].append(text)

    r = Reader()
    r.feed(path.read_bytes().decode("utf-8", "replace"))
    r.close()
    return r.units, r.identifier


READERS = {".docx": read_docx, ".pptx": read_pptx, ".pdf": read_pdf, ".html": read_html}


# Checking ---------------------------------------------------------------------------------


def _number(v) -> str:
    """A chart value as the content writes it: 12.8, 13600 (not 13600.0)."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def figures(ind: Indicator) -> list[str]:
    """What an output shows for ``ind``: its figure as rendered, its change where it has one, and
    the bare numbers as a chart's data holds them ("= 12.8")."""
    out = []
    if ind.value is not None:
        out += [wording.value_text(ind), f"= {wording.number(ind.value)}"]
    if ind.change is not None:
        out += [wording.change_text(ind.change), f"= {wording.number(ind.change.value)}"]
    if wording.qualitative(ind):
        out.append(wording.target_phrase(ind))  # a target stated in words: its words
    return out


def _pattern(figure: str) -> re.Pattern:
    """``figure`` anywhere, whitespace allowed between its characters, not inside a longer number."""
    body = r"\s*".join(re.escape(c) for c in figure)
    tail = r"(?!\s*\.?\d)" if figure[-1:].isdigit() else ""
    return re.compile(r"(?<![\d.])" + body + tail)


def quoting(units: list[str], figure: str) -> list[str]:
    """The units that carry ``figure``."""
    pat = _pattern(figure)
    return [u for u in units if pat.search(u)]


@dataclass
class Finding:
    indicator: str
    output: str
    status: str  # ok | missing | differs
    detail: str = ""


def expected_ids(report: Report, mod, ctx) -> list[str]:
    """What an output must show: what its builder places, and every headline and target figure
    (a headline figure of another year or a span is no tile: ``Report.headline_indicators``)."""
    wanted = set(mod.quotes(report, ctx)) | {i.id for i in report.headline_indicators + report.target_indicators}
    return [i for i in report.indicators if i in wanted]


def _still_there(figure: str, unit: str, found: list[str]) -> bool:
    """The unit was edited, but this figure stands as it did: its text around the figure is
    unchanged in some unit on disk (an edit elsewhere in a shared paragraph is another figure's)."""
    for m in _pattern(figure).finditer(unit):
        before, after = unit[max(0, m.start() - 12) : m.start()], unit[m.end() : m.end() + 12]
        if any(before + m.group(0) + after in u for u in found):
            return True
    return False


def _squash(text: str) -> str:
    return "".join(text.split())


def _clip(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def check_output(report: Report, ids: list[str], fresh: list[str], found: list[str], output: str) -> list[Finding]:
    """Compare the units of the file on disk (``found``) with those of a fresh build (``fresh``)."""
    # A figure in words (a target stated in words) may wrap from one line of the PDF to the next:
    # where a figure is on no single unit, it is looked for across two neighbouring ones.
    fresh_pairs = [a + b for a, b in zip(fresh, fresh[1:])]
    found = found + [a + b for a, b in zip(found, found[1:])]
    on_disk = set(found)
    shared: dict[str, int] = {}
    for ind in report.indicators.values():
        for f in figures(ind):
            shared[f] = shared.get(f, 0) + 1
    results = []
    for iid in ids:
        ind = report.indicators[iid]
        figs = figures(ind)
        placed = []
        for f in figs:
            units = quoting(fresh, f) or quoting(fresh_pairs, f)
            if shared[f] > 1:
                # 5% is also another indicator's figure: keep the units that name this one.
                names = {_squash(ind.label), _squash(ind.display_label)}
                own = [u for u in units if any(n in _squash(u) for n in names)]
                units = own or units
            placed += [(f, u) for u in units]
        if not placed:
            results.append(Finding(iid, output, "missing", f"the builder does not show {', '.join(figs)}"))
            continue
        changed = [(f, u) for f, u in placed if u not in on_disk and not _still_there(f, u, found)]
        if not changed:
            results.append(Finding(iid, output, "ok"))
        elif not any(quoting(found, f) for f in figs):
            results.append(Finding(iid, output, "missing", f"{', '.join(figs)} not found"))
        else:
            f, u = changed[0]
            more = f" (+{len(changed) - 1} more)" if len(changed) > 1 else ""
            results.append(Finding(iid, output, "differs", f"{ind.label}: expected «{_clip(u)}» with {f}{more}"))
    return results


def verify(
    report: Report, source: Path, out_dir: Path, names: list[str], *, data: bytes | None = None,
    deck_template: Path | None = None, report_template: Path | None = None, review=None,
) -> tuple[list[Finding], list[str]]:
    """Check the outputs in ``out_dir`` built from ``source``; (findings, other problems)."""
    findings: list[Finding] = []
    problems: list[str] = []
    for name in names:
        if not builders.available(name):
            continue
        mod = builders.get(name)
        path = out_dir / builders.FILENAMES[name]
        if not path.is_file():
            problems.append(f"{path}: missing (build it first)")
            continue
        ctx = builders.BuildContext(source=source, deck_template=deck_template, report_template=report_template, data=data,
                                    review=review)
        found, identifier = READERS[path.suffix](path)
        expected = f"sha256:{ctx.short_hash}"
        if identifier.strip() != expected:
            problems.append(
                f"{path}: built from another version of the content ({identifier or 'no hash'}; {source} is {expected})"
            )
        with tempfile.TemporaryDirectory(prefix="govreport-verify-") as tmp:
            fresh_path = Path(tmp) / path.name
            fresh_path.write_bytes(mod.build(report, ctx))
            fresh, _ = READERS[path.suffix](fresh_path)
        findings += check_output(report, expected_ids(report, mod, ctx), fresh, found, name)
        findings += review_findings(report, mod, ctx, found, name)
    return findings, problems


def review_findings(report: Report, mod, ctx, found: list[str], output: str) -> list[Finding]:
    """Every pair of last year's target and this year's result the output shows (its builder's
    ``review_shown``), read back: its row must stand as the two content files give it."""
    if ctx.review is None or not getattr(mod, "review_shown", None) or not mod.review_shown(report, ctx):
        return []
    from . import review

    return [Finding(f"{review.PREFIX}{tid}", output, status, detail) for tid, status, detail in review.check(ctx.review, found)]


def table(findings: list[Finding], names: list[str]) -> str:
    """indicator × output grid: ok / missing / differs, '-' where the output does not quote it."""
    by = {(f.indicator, f.output): f.status for f in findings}
    ids = list(dict.fromkeys(f.indicator for f in findings))
    width = max([len("indicator")] + [len(i) for i in ids])
    lines = ["indicator".ljust(width) + "  " + "  ".join(n.ljust(8) for n in names)]
    for i in ids:
        lines.append(i.ljust(width) + "  " + "  ".join(by.get((i, n), "-").ljust(8) for n in names))
    return "\n".join(lines)
