"""Lines on slides and one look across the deck, read back from the built .pptx as a reviewer
reads a slide: on the seed, every fixture and every report of the corpus (drafts as imported).

- A line ends at a word: no line ends inside a word of the segmenter's dictionary (rjieba, no
  HMM guesses) that would have fitted whole on a line, nor inside a short quoted name (“十四五”).
- No paragraph of two or more lines ends on a line of one or two characters.

The deck writes its own line breaks (a:br, read by python-pptx as ``\\v``): the lines read here
are the lines PowerPoint and LibreOffice show. Widths are measured with the deck's fonts (the
same advance widths the plan uses, at the run's size and font), not guessed from code points.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import rjieba
from pptx import Presentation

import corpus
from conftest import FIXTURES, SEED
from govreport import textfit
from govreport.builders import BuildContext, deck
from govreport.builders.deck.plan import load_theme
from govreport.errors import ContentError
from govreport.fonts import load_config
from govreport.loader import load

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PT = 12700
THEME = load_theme(Path(__file__).resolve().parent.parent / "templates")
FACTOR = float(THEME.measure.width_factor)

SOURCES = (["seed"] + [f"fixture:{p.stem}" for p in sorted(FIXTURES.glob("*.yaml"))]
           + [f"corpus:{n}" for n in corpus.names()])


@functools.lru_cache(maxsize=None)
def _built(source: str, out: str) -> Path:
    kind, _, name = source.partition(":")
    if kind == "corpus":
        imp = corpus.imported(name)
        if not imp.ok:
            first = (imp.error or f"exit {imp.exit_code}").strip().splitlines()
            pytest.skip(f"{name}: the imported draft does not load yet ({first[-1][:160] if first else '?'})")
        report, path = imp.report, imp.yaml_path
    else:
        path = SEED if kind == "seed" else FIXTURES / f"{name}.yaml"
        report = load(path)
    try:
        data = deck.build(report, BuildContext(source=path))
    except ContentError as e:
        pytest.skip(f"{source}: the deck refuses the draft: {str(e).splitlines()[0][:160]}")
    target = Path(out) / (re.sub(r"\W", "_", source) + ".pptx")
    target.write_bytes(data)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("deck-lines")

    def get(source: str) -> Path:
        return _built(source, str(out))

    return get


@functools.lru_cache(maxsize=1)
def roles() -> dict[str, str]:
    """East Asian typeface -> the deck's font role with it."""
    cfg = load_config()
    return {cfg[r].name: r for r in ("sans", "sans_bold")}


@dataclass
class Para:
    """One paragraph as the file writes it: its lines (split at a:br), the font role and size
    of each character, and the width its lines are set in."""

    where: str
    lines: list[str]
    fonts: list[tuple[str, float]]
    width: float

    @property
    def text(self) -> str:
        return "".join(self.lines)


def _paras(txBody, width: float, where: str):
    for p in txBody.findall(f"{A}p"):
        pPr = p.find(f"{A}pPr")
        indent = int(pPr.get("marL", "0")) / PT if pPr is not None else 0.0
        lines, fonts, cur = [], [], ""
        for el in p:
            if el.tag == f"{A}br":
                lines.append(cur)
                cur = ""
            elif el.tag == f"{A}r":
                t = el.findtext(f"{A}t") or ""
                rPr = el.find(f"{A}rPr")
                role = roles().get(rPr.find(f"{A}ea").get("typeface"), "sans")
                fonts += [(role, int(rPr.get("sz")) / 100)] * len(t)
                cur += t
        lines.append(cur)
        if "".join(lines).strip():
            yield Para(where, lines, fonts, width - indent)


def paragraphs(path: Path) -> list[Para]:
    """Every paragraph of every text frame and table cell on the slides (the notes are wrapped by
    the renderer, not by the deck)."""
    out = []
    for k, slide in enumerate(Presentation(str(path)).slides, start=1):
        for shp in slide.shapes:
            if shp.has_text_frame:
                body = shp.text_frame._txBody.find(f"{A}bodyPr")
                inset = int(body.get("lIns", 91440)) / PT + int(body.get("rIns", 91440)) / PT
                out += _paras(shp.text_frame._txBody, shp.width / PT - inset, f"slide {k}, {shp.name}")
            if shp.has_table:
                for row in shp.table.rows:
                    for c, cell in enumerate(row.cells):
                        width = (shp.table.columns[c].width - cell.margin_left - cell.margin_right) / PT
                        out += _paras(cell.text_frame._txBody, width, f"slide {k}, table cell")
    return out


def _width(m, para: Para, a: int, b: int) -> float:
    return sum(m.char_width(role, ch) * size * FACTOR for ch, (role, size) in zip(para.text[a:b], para.fonts[a:b]))


def word_breaks(para: Para) -> list[str]:
    """Line ends inside a dictionary word of two or more CJK characters (or a quoted name of up to
    ``textfit.QUOTED_MAX`` characters, but for the last line end) that would have fitted whole on
    a line, with the closing punctuation after it and the opening before it (which a line may not
    part from it)."""
    if len(para.lines) < 2:
        return []
    m = textfit.measurer(load_config(), ambiguous_full=True)
    start, end = textfit.kinsoku()
    text = para.text
    cuts, at = set(), 0
    for line in para.lines[:-1]:
        at += len(line)
        cuts.add(at)
    spans, at = [], 0
    for w in rjieba.cut(text, False):
        if len(w) > 1 and all(ord(c) >= 0x2E80 for c in w) and not set(w) & (start | end):
            spans.append((at, at + len(w)))
        at += len(w)
    quoted = [mt.span() for mt in re.finditer(r"“[^“”\s]{1,%d}”|《[^《》\s]{1,%d}》" % ((textfit.QUOTED_MAX,) * 2), text)]
    bad = []
    for a, b in spans + quoted:
        # a quoted name may give its last words to a last line that would stand alone (between
        # its words: the dictionary's words are checked on their own)
        inside = [c for c in cuts if a < c < b and ((a, b) in spans or c != max(cuts))]
        if not inside:
            continue
        x, y = a, b
        while x > 0 and text[x - 1] in end:
            x -= 1
        while y < len(text) and text[y] in start:
            y += 1
        if _width(m, para, x, y) < para.width * 0.98:
            bad.append(f"{para.where}: {text[a:b]!r} broken: {' / '.join(para.lines)}")
    return bad


def lone_last_line(para: Para) -> str | None:
    """A paragraph of two or more lines whose last holds one or two characters (punctuation and
    spaces not counted). A figure's label after its mark (2021—2025年： / “两重”, 目标： / 彩化率)
    is no word pushed off a line: the mark's colon ends the line before it."""
    if len(para.lines) < 2:
        return None
    if para.where.split(", ")[-1].startswith(("Callout ", "Tile ")) and para.lines[-2].rstrip().endswith("："):
        return None
    start, end = textfit.kinsoku()
    last = [c for c in para.lines[-1] if not c.isspace() and c not in start and c not in end]
    if len(last) <= 2:
        return f"{para.where}: {' / '.join(para.lines)}"
    return None


@pytest.mark.parametrize("source", SOURCES)
def test_no_line_ends_inside_a_word_that_fits(built, source):
    paras = paragraphs(built(source))
    assert sum(len(p.lines) > 1 for p in paras) >= 3, "too few broken paragraphs to judge"
    bad = [b for p in paras for b in word_breaks(p)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("source", SOURCES)
def test_no_paragraph_ends_on_a_lone_short_line(built, source):
    paras = paragraphs(built(source))
    bad = [x for p in paras if (x := lone_last_line(p))]
    assert not bad, "\n".join(bad)


def test_the_checks_catch_the_breaks_they_name():
    """The two checks, on lines as the character-by-character break set them (the deck before it
    broke at words): both fail there, so a pass above means something."""
    m = textfit.measurer(load_config(), ambiguous_full=True)
    text = "区级一般公共预算收入同比增长8.31%，持续扩大营商环境“体验官”规模和态势"
    width = 18 * 9.5
    lines = [ln.text for ln in m.lines([(text, "sans", 18)], width)]
    para = Para("probe", lines, [("sans", 18.0)] * len(text), width)
    assert any("'公共'" in b or "'收入'" in b or "'预算'" in b for b in word_breaks(para)), lines
    assert lone_last_line(Para("probe", ["持续扩大营商环境", "态势"], [("sans", 18.0)] * 10, width))
    assert not lone_last_line(Para("probe", ["持续扩大营商", "环境态势"], [("sans", 18.0)] * 10, width))
    # a figure's label after its mark is not lone; the same lines of a bullet are
    assert not lone_last_line(Para("slide 3, Callout X", ["2021—2025年：", "“两重”"], [("sans", 18.0)] * 15, width))
    assert lone_last_line(Para("slide 3, Content Placeholder 2", ["2021—2025年：", "“两重”"], [("sans", 18.0)] * 15, width))
    words = textfit.measurer(load_config(), ambiguous_full=True, words=True)
    lines = [ln.text for ln in words.lines([(text, "sans", 18)], width)]
    assert not word_breaks(Para("probe", lines, [("sans", 18.0)] * len(text), width)), lines


# One look across the deck ------------------------------------------------------------------

def _emu_pt(v) -> float:
    return int(v) / PT


def bullet_sizes_by_kind(path: Path) -> dict[str, dict[float, list[int]]]:
    """The type sizes of the bullet text (paragraphs with a bullet character) per kind of slide,
    as a reader tells them apart: points beside a column of figures, above a row of them, or
    across the slide alone; size -> the slides that use it."""
    out: dict[str, dict[float, list[int]]] = {}
    for k, slide in enumerate(Presentation(str(path)).slides, start=1):
        shapes = list(slide.shapes)
        figures = [s for s in shapes if s.name.split()[0] in ("Callout", "Tile")]
        for shp in shapes:
            if not shp.has_text_frame:
                continue
            paras = [p for p in shp.text_frame._txBody.findall(f"{A}p") if p.find(f"{A}pPr/{A}buChar") is not None]
            if not paras:
                continue
            right, bottom = shp.left + shp.width, shp.top + shp.height
            kind = ("beside" if any(f.left >= right - PT for f in figures)
                    else "row" if any(f.top >= bottom - PT for f in figures) else "across")
            for p in paras:
                for r in p.iter(f"{A}r"):
                    out.setdefault(kind, {}).setdefault(int(r.find(f"{A}rPr").get("sz")) / 100, []).append(k)
    return out


def figure_rows(path: Path) -> list[tuple[int, list[tuple[str, float, float]]]]:
    """Per slide, the tiles and callouts whose boxes share a top (two or more): for each, its name,
    the size of its number and where its text starts (the shape's top, its inset and, for text
    anchored in the middle or at the bottom, the room the text leaves)."""
    out = []
    for k, slide in enumerate(Presentation(str(path)).slides, start=1):
        rows: dict[int, list] = {}
        for shp in slide.shapes:
            if shp.name.split()[0] in ("Callout", "Tile") and shp.has_text_frame:
                rows.setdefault(shp.top, []).append(shp)
        for row in rows.values():
            if len(row) < 2:
                continue
            got = []
            for shp in row:
                body = shp.text_frame._txBody.find(f"{A}bodyPr")
                top, bottom = int(body.get("tIns", 45720)) / PT, int(body.get("bIns", 45720)) / PT
                need, first = 0.0, None
                for j, p in enumerate(shp.text_frame._txBody.findall(f"{A}p")):
                    pitch = int(p.find(f"{A}pPr/{A}lnSpc/{A}spcPts").get("val")) / 100
                    before = p.find(f"{A}pPr/{A}spcBef/{A}spcPts")
                    need += (int(before.get("val")) / 100 if j and before is not None else 0.0)
                    need += pitch * (1 + len(p.findall(f"{A}br")))
                    if first is None:
                        first = max(int(r.find(f"{A}rPr").get("sz")) / 100 for r in p.iter(f"{A}r"))
                room = _emu_pt(shp.height) - top - bottom - need
                start = _emu_pt(shp.top) + top + {"t": 0.0, "ctr": room / 2, "b": room}[body.get("anchor", "t")]
                got.append((shp.name, first, round(start, 1)))
            out.append((k, got))
    return out


@pytest.mark.parametrize("source", SOURCES)
def test_one_bullet_size_per_kind_of_slide(built, source):
    kinds = bullet_sizes_by_kind(built(source))
    assert kinds, "no bullets in the deck"
    mixed = {kind: sizes for kind, sizes in kinds.items() if len(sizes) > 1}
    assert not mixed, "; ".join(f"{kind}: " + ", ".join(f"{z:g} pt on slides {sorted(set(v))}" for z, v in sizes.items())
                                for kind, sizes in mixed.items())


@pytest.mark.parametrize("source", SOURCES)
def test_the_figures_of_a_row_share_a_baseline(built, source):
    rows = figure_rows(built(source))
    bad = [f"slide {k}: " + ", ".join(f"{n} {z:g} pt from {y:g}" for n, z, y in row)
           for k, row in rows if len({z for _, z, _ in row}) > 1 or max(y for *_, y in row) - min(y for *_, y in row) > 0.5]
    assert not bad, "\n".join(bad)
    if source == "seed":
        assert len(rows) >= 3  # the two rows at a glance and the grids of further figures


@pytest.mark.parametrize("source", SOURCES)
def test_no_short_unit_under_its_number(built, source):
    """A row takes one figure size; a short unit (%, 亿元) is not sent under its number for it
    (11.9 / %): only a long one (元/平方米) may stand on a line of its own."""
    bad = []
    for k, slide in enumerate(Presentation(str(built(source))).slides, start=1):
        for shp in slide.shapes:
            if shp.name.split()[0] in ("Callout", "Tile") and shp.has_text_frame:
                texts = [p.text for p in shp.text_frame.paragraphs]
                bad += [f"slide {k}, {shp.name}: {a} / {b}" for a, b in zip(texts, texts[1:])
                        if a[-1:].isdigit() and len(b) <= 2]
    assert not bad, "\n".join(bad)
