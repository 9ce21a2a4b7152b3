"""``build.py --verify``: read every output back as a user's tools would and check the figures.

For each output, the builder says which indicators it quotes (``quotes(report, ctx)``, taken
from its own plan); the output is read back with python-docx, python-pptx or pdfplumber, and
each of those indicators must appear exactly as the content renders it (``2286.2亿元``,
``12.8%``). The file's content hash (``sha256:…`` in its document properties) must match the
content file it is checked against.

Result per indicator and output: ``ok``, ``missing`` (neither the figure nor its label is
there), or ``differs`` (the label is there, the figure is not: someone changed it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import builders
from .model import Indicator, Report

_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


# Reading outputs back -------------------------------------------------------------------


def read_docx(path: Path) -> tuple[str, str]:
    """(all text, content hash property) of a .docx, as python-docx reads it."""
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts), d.core_properties.identifier or ""


def read_pptx(path: Path) -> tuple[str, str]:
    """(all text, content hash property) of a .pptx: shapes, tables, chart data, notes."""
    from pptx import Presentation

    prs = Presentation(str(path))
    parts: list[str] = []

    def shape_text(sh):
        if sh.has_text_frame:
            parts.append(sh.text_frame.text)
        if getattr(sh, "has_table", False) and sh.has_table:
            for row in sh.table.rows:
                parts.extend(c.text for c in row.cells)
        if getattr(sh, "has_chart", False) and sh.has_chart:
            chart = sh.chart
            for plot in chart.plots:
                parts.extend(str(c) for c in plot.categories)
        if sh.shape_type == 6:  # group
            for s in sh.shapes:
                shape_text(s)

    for slide in prs.slides:
        for sh in slide.shapes:
            shape_text(sh)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts), prs.core_properties.identifier or ""


def read_pdf(path: Path) -> tuple[str, str]:
    """(all text, content hash) of a PDF, as pdfplumber reads it; the hash is in /Keywords."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        text = "\n".join((page.extract_text() or "") for page in pdf.pages)
        info = pdf.metadata or {}
    keywords = info.get("Keywords", "")
    if isinstance(keywords, bytes):
        keywords = keywords.decode("utf-8", "replace")
    return text, str(keywords)


READERS = {".docx": read_docx, ".pptx": read_pptx, ".pdf": read_pdf}


# Checking ---------------------------------------------------------------------------------


def figures(ind: Indicator, headline: bool) -> list[str]:
    """What an output must show for ``ind``: its figure, and for headline ones the change too."""
    out = []
    if ind.value is not None:
        out.append(ind.value_text)
    if ind.change is not None and (ind.value is None or headline):
        out.append(ind.change_text)
    return out


def _found(needle: str, text: str) -> bool:
    """``needle`` in ``text``, not as part of a longer number (12.8% is not in 312.8%)."""
    pattern = r"(?<![\d.])" + re.escape(_squash(needle))
    if needle[-1:].isdigit():
        pattern += r"(?![\d])"
    return re.search(pattern, text) is not None


@dataclass
class Finding:
    indicator: str
    output: str
    status: str  # ok | missing | differs
    detail: str = ""


def check_output(report: Report, ind_ids: list[str], text: str, output: str) -> list[Finding]:
    flat = _squash(text)
    found = []
    for iid in ind_ids:
        ind = report.indicators[iid]
        need = figures(ind, ind.headline)
        absent = [f for f in need if not _found(f, flat)]
        if not absent:
            found.append(Finding(iid, output, "ok"))
        elif _squash(ind.label) in flat or _squash(ind.display_label) in flat:
            found.append(Finding(iid, output, "differs", f"{ind.label}: {', '.join(absent)} not found"))
        else:
            found.append(Finding(iid, output, "missing", f"{', '.join(absent)} not found"))
    return found


def verify(report: Report, source: Path, out_dir: Path, names: list[str]) -> tuple[list[Finding], list[str]]:
    """Check the outputs in ``out_dir`` built from ``source``; (findings, other problems)."""
    ctx = builders.BuildContext(source=source)
    findings: list[Finding] = []
    problems: list[str] = []
    for name in names:
        if not builders.available(name):
            continue
        mod = builders.get(name)
        path = out_dir / mod.FILENAME
        if not path.is_file():
            problems.append(f"{path}: missing (build it first)")
            continue
        text, identifier = READERS[path.suffix](path)
        expected = f"sha256:{ctx.short_hash}"
        if identifier.strip() != expected:
            problems.append(
                f"{path}: built from another version of the content ({identifier or 'no hash'}; {source} is {expected})"
            )
        ids = [i for i in report.indicators if i in set(mod.quotes(report, ctx))]
        findings += check_output(report, ids, text, name)
    return findings, problems


def table(findings: list[Finding], names: list[str]) -> str:
    """indicator × output grid: ok / missing / differs, blank where the output does not quote it."""
    by = {(f.indicator, f.output): f.status for f in findings}
    ids = list(dict.fromkeys(f.indicator for f in findings))
    width = max([len("indicator")] + [len(i) for i in ids])
    lines = ["indicator".ljust(width) + "  " + "  ".join(n.ljust(8) for n in names)]
    for i in ids:
        lines.append(i.ljust(width) + "  " + "  ".join(by.get((i, n), "-").ljust(8) for n in names))
    return "\n".join(lines)
