"""``build.py --verify``: read every output back as a user's tools would and check the figures.

How: each output file is read once, where it is, into *units* — a paragraph, a table row, a
text box, a chart's data, a line of the PDF — with python-docx, python-pptx or pdfplumber (from
its bytes in memory). The units of a fresh build are compared with them: when the manifest records
the file's bytes as built from this content, these templates and this code, the file *is* the fresh
build (builds are deterministic) and its own units are used; otherwise the builder builds the
output afresh in memory (nothing is written anywhere) and that is read the same way. For each
indicator the output must show (what the builder says it quotes, plus every headline and target
figure), every unit of the fresh file that carries the figure must stand, unchanged, at its place
in the file on disk (the two lists of units aligned as a diff aligns lines). So a figure edited in
one table cell or one slide is caught even when the same number still appears elsewhere, and of
two indicators with the same label and figure the one edited is named.

Result per indicator and output: ``ok``; ``differs`` (a unit that quotes it was changed);
``missing`` (the output does not show it at all). The file's ``sha256:`` property must also
match the content it is checked against.
"""

from __future__ import annotations

import difflib
import io
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from . import builders, outputs
from . import figures as wording
from .model import Indicator, Report
from .session import Session


# Reading outputs back -------------------------------------------------------------------


def _source(src: "Path | bytes"):
    """What the readers open: a path, or bytes already read (parsed from memory, never copied to a file)."""
    return io.BytesIO(src) if isinstance(src, (bytes, bytearray)) else str(src)


def read_docx(path: "Path | bytes") -> tuple[list[str], str]:
    """(units, content hash property) of a .docx: paragraphs and table rows, as python-docx reads them."""
    import docx

    d = docx.Document(_source(path))
    units = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            units.append(" | ".join(c.text for c in row.cells))
            units.append("".join(c.text for c in row.cells))  # a figure split into number | unit cells
    for section in d.sections:
        for part in (section.footer, section.even_page_footer, section.header):
            units += [p.text for p in part.paragraphs]
    return units, d.core_properties.identifier or ""


def read_pptx(path: "Path | bytes") -> tuple[list[str], str]:
    """(units, content hash property) of a .pptx: text boxes, table rows, chart data, notes."""
    from pptx import Presentation

    prs = Presentation(_source(path))
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


def read_pdf(path: "Path | bytes") -> tuple[list[str], str]:
    """(units, content hash) of a PDF: its text lines as pdfplumber reads them; the hash is in /Keywords."""
    import pdfplumber

    with pdfplumber.open(_source(path)) as pdf:
        units = [line for page in pdf.pages for line in (page.extract_text() or "").split("\n")]
        info = pdf.metadata or {}
    keywords = info.get("Keywords", "")
    if isinstance(keywords, bytes):
        keywords = keywords.decode("utf-8", "replace")
    return units, str(keywords)


def read_html(path: "Path | bytes") -> tuple[list[str], str]:
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
    raw = path if isinstance(path, (bytes, bytearray)) else Path(path).read_bytes()
    r.feed(raw.decode("utf-8", "replace"))
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


# How many units on the next line of a wrapped figure may stand: the brief's two columns are read
# line by line across the page, so one or two lines of the other column can stand between the two
# lines of a target in words.
WRAP_REACH = 3


def _squash(text: str) -> str:
    return "".join(text.split())


class Units:
    """The units of one file read back, and which of them carry a figure.

    A figure may have whitespace between its characters in a unit (``_pattern``), so a unit can
    carry it only if the unit without whitespace holds the figure without whitespace: that is
    looked for once in all units joined (a string search), and only the units found there are
    matched with the pattern. Checking every figure against every unit with a regular expression
    cost a second or more of a verify of the seed."""

    def __init__(self, units: list[str]):
        self.units = units
        squashed = [_squash(u) for u in units]
        self.text = "\n".join(squashed)  # no unit holds a newline once squashed
        self.starts: list[int] = []
        at = 0
        for s in squashed:
            self.starts.append(at)
            at += len(s) + 1
        self._joined: dict[int, Units] = {}

    def __len__(self) -> int:
        return len(self.units)

    def quoting(self, figure: str) -> list[int]:
        """Indexes of the units that carry ``figure``, in order."""
        needle = _squash(figure)
        pat = _pattern(figure)
        out: list[int] = []
        i = self.text.find(needle)
        while i >= 0:
            k = bisect_right(self.starts, i) - 1
            if pat.search(self.units[k]):
                out.append(k)
            if k + 1 >= len(self.starts):
                break
            i = self.text.find(needle, self.starts[k + 1])
        return out

    def joined(self, k: int) -> "Units":
        """Each unit joined with the ``k``-th after it (``i`` is units ``i`` and ``i + k``): a figure
        in words may wrap from one line of the PDF to the next line of its cell, and that is the
        next unit, or a later one where a column beside it has a line between the two
        (``WRAP_REACH``)."""
        got = self._joined.get(k)
        if got is None:
            got = self._joined[k] = Units([a + b for a, b in zip(self.units, self.units[k:])])
        return got

    def wrapped(self, figure: str) -> list[tuple[int, int]]:
        """(unit, k) where ``figure`` is carried by the unit joined with the ``k``-th after it, for
        the nearest ``k`` that carries it."""
        for k in range(1, WRAP_REACH + 1):
            at = self.joined(k).quoting(figure)
            if at:
                return [(i, k) for i in at]
        return []


def quoting(units: list[str], figure: str) -> list[str]:
    """The units that carry ``figure``."""
    u = Units(units)
    return [units[i] for i in u.quoting(figure)]


@dataclass
class Finding:
    indicator: str
    output: str
    status: str  # ok | missing | differs
    detail: str = ""


def expected_ids(report: Report, quoted: list[str]) -> list[str]:
    """What an output must show: what its builder places (``quoted``: its ``quotes``), and every
    headline and target figure (a headline figure of another year or a span is no tile:
    ``Report.headline_indicators``)."""
    wanted = set(quoted) | {i.id for i in report.headline_indicators + report.target_indicators}
    return [i for i in report.indicators if i in wanted]


def _still_there(figure: str, unit: str, region: list[str]) -> bool:
    """The unit was edited, but this figure stands as it did: its text around the figure is
    unchanged in the units that now stand in the unit's place (an edit elsewhere in a shared
    paragraph is another figure's)."""
    for m in _pattern(figure).finditer(unit):
        before, after = unit[max(0, m.start() - 12) : m.start()], unit[m.end() : m.end() + 12]
        if any(before + m.group(0) + after in u for u in region):
            return True
    return False


def _clip(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class Alignment:
    """Which units of the fresh file stand in the file on disk, by place.

    The two lists are aligned as a diff aligns lines (``difflib``, no heuristics for frequent
    units): a unit of the fresh file stands unchanged where it is matched with an equal unit at
    its place; a unit that was replaced has the units that replaced it as its *region* (none where
    it was deleted). So when two units read the same — two indicators with the same label and
    figure, in two table rows — editing one of them is seen, where asking whether the text still
    occurs somewhere in the file is not."""

    def __init__(self, fresh: list[str], found: list[str]):
        self.found = found
        n = len(fresh)
        self.same = [fresh is found] * n
        self.lo = list(range(n)) if fresh is found else [0] * n
        self.hi = list(range(1, n + 1)) if fresh is found else [0] * n
        if fresh is found:
            return
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, fresh, found, autojunk=False).get_opcodes():
            for k in range(i1, i2):
                if tag == "equal":
                    self.same[k], self.lo[k], self.hi[k] = True, j1 + k - i1, j1 + k - i1 + 1
                else:  # replace, delete
                    self.lo[k], self.hi[k] = j1, j2

    def stands(self, i: int, k: int = 0) -> bool:
        """Whether unit ``i`` (joined with the ``k``-th after it, see ``Units.joined``) stands unchanged."""
        return self.same[i] and (not k or self.same[i + k])

    def region(self, i: int, k: int = 0) -> list[str]:
        lo, hi = self.lo[i], self.hi[i + k]
        units = self.found[lo:hi]  # and joined: a figure in words may wrap to a later line
        return units + [a + b for n in range(1, WRAP_REACH + 1) for a, b in zip(units, units[n:])]


class Shown:
    """What every indicator of a report shows (``figures``), worked out once per verify: the
    figures, how many indicators show each, and each indicator's names without whitespace."""

    def __init__(self, report: Report):
        self.figures = {iid: figures(ind) for iid, ind in report.indicators.items()}
        self.shared: dict[str, int] = {}
        for figs in self.figures.values():
            for f in figs:
                self.shared[f] = self.shared.get(f, 0) + 1
        self.names = {iid: {_squash(ind.label), _squash(ind.display_label)} for iid, ind in report.indicators.items()}
        # indicators that read alike: a name and a figure in common (told apart only by place), in content order
        self.twins = {
            iid: [t for t in report.indicators if t != iid and self.names[t] & names and set(self.figures[t]) & set(self.figures[iid])]
            for iid, names in self.names.items()
        }


def _by_place(iid: str, figure: str, at: list[tuple[int, int]], fresh: Units, shown: Shown) -> list[tuple[int, int]]:
    """Of the units that carry ``figure`` for ``iid``, those that are its own where indicators read
    alike (same label, same figure: two table rows that read the same): a unit that occurs once
    per such indicator is the k-th indicator's at its k-th place, as the builders place them in
    content order. A unit that quotes them all (a paragraph) stays every one's."""
    twins = [t for t in shown.twins[iid] if figure in shown.figures[t]]
    if not twins:
        return at
    group = [t for t in shown.figures if t == iid or t in twins]  # content order
    k = group.index(iid)
    texts = [(fresh.joined(j) if j else fresh).units[i] for i, j in at]
    out = []
    for (i, p), text in zip(at, texts):
        places = [a for a, t in zip(at, texts) if t == text]
        if len(places) == len(group):
            if places[k] == (i, p):
                out.append((i, p))
        else:
            out.append((i, p))
    return out


def check_output(report: Report, ids: list[str], fresh: "list[str] | Units", found: "list[str] | Units", output: str,
                 shown: Shown | None = None) -> list[Finding]:
    """Compare the units of the file on disk (``found``) with those of a fresh build (``fresh``;
    the same object when the file on disk is what the build writes)."""
    same = fresh is found
    fresh = fresh if isinstance(fresh, Units) else Units(fresh)
    found = fresh if same else (found if isinstance(found, Units) else Units(found))
    shown = shown or Shown(report)
    aligned = Alignment(fresh.units, found.units)
    results = []
    for iid in ids:
        ind = report.indicators[iid]
        figs = shown.figures[iid]
        placed: list[tuple[str, int, int]] = []  # (figure, unit index, k: joined with the k-th unit after it, 0: alone)
        for f in figs:
            at = [(i, 0) for i in fresh.quoting(f)] or fresh.wrapped(f)
            if shown.shared[f] > 1:
                # 5% is also another indicator's figure: keep the units that name this one.
                names = shown.names[iid]
                units = fresh.joined(at[0][1]).units if at and at[0][1] else fresh.units
                own = [(i, k) for i, k in at if any(n in _squash(units[i]) for n in names)]
                at = own or at
            placed += [(f, i, k) for i, k in _by_place(iid, f, at, fresh, shown)]
        if not placed:
            results.append(Finding(iid, output, "missing", f"the builder does not show {', '.join(figs)}"))
            continue
        if same:
            results.append(Finding(iid, output, "ok"))
            continue
        changed = []
        for f, i, k in placed:
            if not aligned.stands(i, k):
                unit = (fresh.joined(k) if k else fresh).units[i]
                if not _still_there(f, unit, aligned.region(i, k)):
                    changed.append((f, unit))
        if not changed:
            results.append(Finding(iid, output, "ok"))
        elif not any(found.quoting(f) or found.wrapped(f) for f in figs):
            results.append(Finding(iid, output, "missing", f"{', '.join(figs)} not found"))
        else:
            f, u = changed[0]
            more = f" (+{len(changed) - 1} more)" if len(changed) > 1 else ""
            twins = [t for t in shown.twins[iid] if f in shown.figures[t]]
            alike = f" (told from {', '.join(twins)}, which reads the same, by its place)" if twins else ""
            results.append(Finding(iid, output, "differs", f"{ind.label}: expected «{_clip(u)}» with {f}{more}{alike}"))
    return results


def _builds_the_same(entry: dict | None, key: dict | None, data: bytes) -> bool:
    """Whether the manifest vouches for ``data``: it records these bytes as built from this content,
    these templates and this code (so a build now writes them again: builds are deterministic)."""
    return (key is not None and entry is not None and entry.get("output") == outputs.sha256(data)
            and outputs.same_key(entry, key))


def verify(
    report: Report, source: Path, out_dir: Path, names: list[str], *, data: bytes | None = None,
    deck_template: Path | None = None, report_template: Path | None = None, review=None, key: dict | None = None,
    session=None, typed=None,
) -> tuple[list[Finding], list[str]]:
    """Check the outputs in ``out_dir`` built from ``source``; (findings, other problems).

    ``session``: the build session (``govreport.session``: templates, fonts), the one a build of
    these outputs has; default the environment's. ``typed``: its templates, when loaded already.

    ``key``: what the build records in the manifest (content, templates, code). Each output is
    read once, where it is. An output the manifest records with that key and with the bytes on
    disk is what a build writes now: its units are the fresh file's, what it must show is what the
    manifest records its build showed (``quotes``), and nothing is built or planned. Any other
    (edited, copied in, no manifest) is built afresh in memory, what that build showed is what the
    file must show, and the two are compared; nothing is written anywhere. No output is planned
    twice."""
    session = session or Session.default()
    findings: list[Finding] = []
    problems: list[str] = []
    recorded = outputs.recorded(out_dir)
    shown = Shown(report)
    for name in names:
        if not builders.available(name):
            continue
        path = out_dir / builders.FILENAMES[name]
        try:
            raw = outputs.read_regular(path)
        except FileNotFoundError:
            problems.append(f"{path}: missing (build it first)")
            continue
        except (IsADirectoryError, outputs.NotAFile):
            problems.append(f"{path}: not a file (build it first)")
            continue
        except OSError as e:
            problems.append(f"{path}: cannot read: {outputs.reason(e)}")
            continue
        ctx = builders.BuildContext(source=source, deck_template=deck_template, report_template=report_template, data=data,
                                    review=review, typed=typed, session=session)
        read = READERS[path.suffix]
        try:
            found, identifier = read(raw)
        except Exception as e:  # damaged by hand, or not what its name says
            problems.append(f"{path}: cannot be read as a {path.suffix} file ({type(e).__name__}: {_clip(str(e), 80)}); build it again")
            continue
        expected = f"sha256:{ctx.short_hash}"
        if identifier.strip() != expected:
            problems.append(
                f"{path}: built from another version of the content ({identifier or 'no hash'}; {source} is {expected})"
            )
        on_disk = Units(found)
        entry = recorded.get(name)
        if _builds_the_same(entry, key, raw) and outputs.QUOTED in entry:  # the key holds last year's file
            fresh, quoted = on_disk, entry[outputs.QUOTED]
        else:
            mod = builders.get(name)
            built = mod.build(report, ctx)
            fresh = on_disk if built == raw else Units(read(built)[0])
            quoted = ctx.quoted if ctx.quoted is not None else mod.quotes(report, ctx)
        findings += check_output(report, expected_ids(report, quoted), fresh, on_disk, name, shown)
        if review is not None:
            findings += review_findings(report, ctx, found, name)
    return findings, problems


def review_findings(report: Report, ctx, found: list[str], output: str) -> list[Finding]:
    """Every pair of last year's target and this year's result the output shows
    (``builders.review.shown``), read back: its row must stand as the two content files give it."""
    from . import review
    from .builders.review import shown, words

    if not shown(output, report, ctx):
        return []

    return [Finding(f"{review.PREFIX}{tid}", output, status, detail)
            for tid, status, detail in review.check(ctx.review, found, words(output, ctx))]


def table(findings: list[Finding], names: list[str]) -> str:
    """indicator × output grid: ok / missing / differs, '-' where the output does not quote it."""
    by = {(f.indicator, f.output): f.status for f in findings}
    ids = list(dict.fromkeys(f.indicator for f in findings))
    width = max([len("indicator")] + [len(i) for i in ids])
    lines = ["indicator".ljust(width) + "  " + "  ".join(n.ljust(8) for n in names)]
    for i in ids:
        lines.append(i.ljust(width) + "  " + "  ".join(by.get((i, n), "-").ljust(8) for n in names))
    return "\n".join(lines)
