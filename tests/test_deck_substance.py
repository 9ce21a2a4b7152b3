"""Every slide carries a message, read back from the .pptx (python-pptx) of the seed, the fixtures
and every corpus report whose draft loads:

- no content slide below the substance floor (``plan.base.SUBSTANCE_FLOOR``: characters of text,
  larger than 24 pt counting (size/24)², plus ``FIGURE_WEIGHT`` per figure shown large: a tile, a
  callout, a bar, a table row; at a glance with only one or two headline figures, the summary's,
  is held to none: the report states no more, and they are shown large nowhere else);
- no divider without content slides after it;
- no two tiles or callouts of a slide with the same label;
- no chart mixing groups of figures (one measure of shares; growth rates: the headline ones, and
  those of one group filling a chart they are too few for) or units;
- every figure that is not the review year's achievement marked (目标, 力争, 预期, its span or year);
- small counts (1个, 2所) never as callouts of their own;
- no content slide half empty: its content, measured as drawn (text to its last line at its line
  pitch, tiles, callouts, tables, charts), covers at least ``plan.base.FILL_FLOOR`` of the body
  box, and an area continued on （续） slides leaves none of them half empty (more than half);
- a table (the targets, last year's targets) goes over n slides only when its rows, measured as
  drawn (wrapped cell text at the table's size, or the template's smallest), do not fit n - 1,
  and its slides' row counts differ by one at most.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation

import corpus
from conftest import FIXTURES, SEED, run_build
from govreport import figures, selection
from govreport import textfit
from govreport.builders.deck.plan import load_theme
from govreport.builders.deck.plan.base import FIGURE_WEIGHT, FILL_FLOOR, REFERENCE_SIZE, SUBSTANCE_FLOOR
from govreport.fonts import load_config
from govreport.loader import load
from govreport.selection import LEAST_BARS

FILES = {"seed": SEED, "mini": FIXTURES / "mini.yaml", "second": FIXTURES / "linjiang-2024.yaml",
         "annexes": FIXTURES / "annexes.yaml", "picks": FIXTURES / "picks.yaml"}
HEADINGS = ("Title Slide", "Section Header")  # title and closing slides, dividers: no floor
NOT_BODY = ("Title", "Footer", "Slide Number", "Decoration")


def build(src: Path, out: Path) -> Path:
    proc = run_build(str(src), "--out", str(out), "--only", "deck")
    assert proc.returncode == 0, proc.stderr
    return out / src.stem / "deck.pptx"


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    made: dict = {}

    def get(which: str):
        if which not in made:
            out = tmp_path_factory.mktemp("substance")
            if which in FILES:
                src = FILES[which]
                made[which] = (load(src), build(src, out))
            else:
                imp = corpus.imported(which)
                if not imp.ok:
                    pytest.skip(f"the draft of {which} does not load yet (the importer is being mended): "
                                f"{imp.error.strip().splitlines()[0] if imp.error.strip() else imp.exit_code}")
                made[which] = (imp.report, build(imp.yaml_path, out))
        return made[which]

    return get


def ids_of(report, shp_name: str) -> str | None:
    """The indicator of a tile or callout shape (Tile Urban_Income -> urban_income)."""
    kind, _, rest = shp_name.partition(" ")
    if kind not in ("Tile", "Callout"):
        return None
    by = {i.lower(): i for i in report.indicators}
    return by.get(rest.lower())


def substance(slide) -> tuple[int, int]:
    """(characters of text, figures) of a slide: its text but the title, footer and number, table
    cells and chart categories included; figures: tiles, callouts, bars, table body rows."""
    chars, figs = 0, 0
    title = slide.shapes.title
    for shp in slide.shapes:
        if title is not None and shp.shape_id == title.shape_id:
            continue
        if shp.has_text_frame and shp.name not in NOT_BODY:
            figure = shp.name.startswith(("Tile ", "Callout "))
            for p in shp.text_frame.paragraphs:
                for r in p.runs:
                    n = len(re.sub(r"\s", "", r.text))
                    # larger type covers more of the slide: (size / 24)² a character (a tile's figures plain)
                    size = r.font.size.pt if r.font.size is not None else REFERENCE_SIZE
                    chars += n if figure else n * max(1.0, (size / REFERENCE_SIZE) ** 2)
            figs += figure
        if shp.has_table:
            rows = list(shp.table.rows)
            for row in rows:
                chars += sum(len(re.sub(r"\s", "", c.text)) for c in row.cells)
            # a figure column (every second) cell that holds a figure or a target's words (not a head)
            head = rows[0].cells[0].text.strip() in ("指标",)
            figs += sum(1 for row in rows[1 if head else 0:] for c in list(row.cells)[1::2] if c.text.strip())
        if shp.has_chart:
            cats = list(shp.chart.plots[0].categories)
            chars += sum(len(c) for c in cats)
            chars += sum(len(f"{v:g}") + 1 for v in shp.chart.plots[0].series[0].values)  # data labels
            figs += len(cats)
    return int(chars), figs


def thin_titles(report) -> set[str]:
    """Titles of slides for an area or annex whose whole text (figures included) is below the
    floor: a one-sentence area of a small fixture; such a slide may be thin (and is alone in its
    part, or it would share a slide)."""
    out = set()
    for part in report.body.parts:
        for area in part.areas:
            text = report.render(area.heading) + "".join(report.render((p.lead or "") + p.text) for p in area.paragraphs)
            if len(text) < SUBSTANCE_FLOOR:
                out.add(report.render(area.heading).strip().rstrip("。；，：、 "))
    for annex in report.annexes:
        text = "".join(report.render((p.lead or "") + p.text) for p in annex.items + annex.paragraphs)
        if len(text) < SUBSTANCE_FLOOR:
            out.add(f"{annex.label}　{annex.title}")
    return out


def layout_of(slide) -> str:
    return slide.slide_layout.name


WHICH = list(FILES) + corpus.NAMES


@pytest.mark.parametrize("which", WHICH)
def test_every_slide_carries_a_message(decks, which):
    report, path = decks(which)
    prs = Presentation(str(path))
    slides = list(prs.slides)
    low = []
    thin = thin_titles(report)
    for n, slide in enumerate(slides, 1):
        if layout_of(slide) in HEADINGS:
            continue
        chars, figs = substance(slide)
        title = slide.shapes.title.text_frame.text.replace("\x0b", "") if slide.shapes.title is not None else ""
        if title in thin:
            continue  # the report says no more there: the slide cannot say more
        tiles = [shp for shp in slide.shapes if shp.name.startswith("Tile ")]
        if tiles and len(tiles) < LEAST_BARS:
            # at a glance with the year's one or two headline figures, set larger: the review's
            # summary states no more (天津市: 地区生产总值增长4.8%，一般公共预算收入增长4.1%), and
            # they are shown large nowhere else (tests/test_headline_figures.py)
            continue
        if chars + FIGURE_WEIGHT * figs < SUBSTANCE_FLOOR:
            title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
            low.append((n, title, chars, figs))
    # no divider without content slides after it
    for n, slide in enumerate(slides, 1):
        if layout_of(slide) == "Section Header":
            nxt = slides[n] if n < len(slides) else None
            assert nxt is not None and layout_of(nxt) not in HEADINGS, f"divider {n} has no content slide after it"
    assert not low, f"slides below the floor of {SUBSTANCE_FLOOR} (characters + {FIGURE_WEIGHT} per figure): {low}"


@pytest.mark.parametrize("which", WHICH)
def test_figures_read_right(decks, which):
    report, path = decks(which)
    prs = Presentation(str(path))
    for n, slide in enumerate(prs.slides, 1):
        figures = [(shp, ids_of(report, shp.name)) for shp in slide.shapes if ids_of(report, shp.name)]
        labels = []
        for shp, iid in figures:
            ind = report.indicators[iid]
            paras = [p.text.replace("\x0b", "") for p in shp.text_frame.paragraphs]
            text = "".join(paras)
            mark = selection.mark(report, ind)
            # a figure that is not the review year's achievement says so
            if mark:
                assert mark + "：" in text, (n, iid, text)
            # no small count as a callout of its own
            assert selection.worth_a_tile(ind), (n, iid, text)
            labels.append(next(p for p in paras if p.startswith(mark + "：")) if mark else
                          next((p for p in paras[1:] if not p.startswith(("▲", "▼")) and not re.match(r"^[\d.]", p)),
                               paras[-1]))
        assert len(labels) == len(set(labels)), (n, labels)
        for shp in slide.shapes:
            if shp.has_chart:
                check_chart(report, n, list(shp.chart.plots[0].categories))


def candidates(report, cat: str) -> list:
    """The review-year figures a chart's category can stand for (its label, told apart or derived)."""
    out = []
    for ind in report.review_indicators:
        label = ind.display_label
        told = selection._members(label, 2) or []
        if cat == label or cat in told or cat.startswith(label + "（") or label.endswith(cat):
            out.append(ind)
    return out


def check_chart(report, n: int, cats: list[str]) -> None:
    """One kind, one set, one unit: shares of one measure in %, or growth rates (changes in %) of the
    headline figures or of one group."""
    inds = []
    for cat in cats:
        cands = candidates(report, cat)
        assert cands, (n, cat)
        inds.append(cands)
    shares = all(any(w in c.label for c in cs for w in selection.SHARE_WORDS) for cs in inds)
    if shares:
        assert {c.unit for cs in inds for c in cs} == {"%"}, (n, cats)
        measures = [{selection.share_measure(c.label) for c in cs} for cs in inds]
        assert set.intersection(*measures), (n, cats, measures)
    else:
        for cs in inds:
            assert any(c.change is not None and c.change.unit == "%" and c.unit not in figures.NOT_GROWTH_UNITS
                       for c in cs), (n, cs)
        # the headline growth rates first, the rest (filling a chart they are too few for) of one group
        rest = [cs for cs in inds if not any(c.headline for c in cs)]
        groups = [{c.group for c in cs if not c.headline} for cs in rest]
        assert not rest or set.intersection(*groups), (n, cats, groups)


def notes_of(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def test_the_new_shapes_of_the_model_on_slides(decks):
    """tests/fixtures/annexes.yaml: the five-year part (intro paragraphs only) gets a slide after its
    divider, with its figures marked as the span's or the target year's; ranges as the report writes
    them; 民生实事 (an annex of items) as a numbered list slide; each glossary term explained in the
    notes of the slide where it is first used, once."""
    report, path = decks("annexes")
    prs = Presentation(str(path))
    slides = list(prs.slides)
    titles = [s.shapes.title.text_frame.text.replace("\x0b", "") if s.shapes.title is not None else "" for s in slides]
    five = report.body.parts[1].heading
    k = titles.index(five)  # the divider
    assert layout_of(slides[k]) == "Section Header" and layout_of(slides[k + 1]) not in HEADINGS
    text = "".join(shp.text_frame.text for shp in slides[k + 1].shapes if shp.has_text_frame).replace("\x0b", "")
    assert "年均增长5.9%" in text and "2021—2025年：" in text
    assert "2030年目标：" in text  # the 2030 share
    every = "".join(shp.text_frame.text for s in slides for shp in s.shapes if shp.has_text_frame)
    every += "".join(c.text for s in slides for shp in s.shapes if shp.has_table for r in shp.table.rows for c in r.cells)
    every = every.replace("\x0b", "")
    for written in ("5%—5.5%", "4.5-5%", "6%到7%"):
        assert written in every, written
    annex = report.annexes[0]
    n = next(i for i, t in enumerate(titles) if annex.title in t and annex.label in t)
    body = [shp for shp in slides[n].shapes if shp.has_text_frame and shp.name not in NOT_BODY
            and shp.shape_id != slides[n].shapes.title.shape_id]
    paras = [p.text for shp in body for p in shp.text_frame.paragraphs if p.text.strip()]
    assert [p.split(" ", 1)[0] for p in paras] == [annex.number(i) for i in range(1, len(annex.items) + 1)], paras
    g = report.glossary
    for term in g.terms:
        where = [i for i, s in enumerate(slides) if f"{g.title}：{term.term}：{term.text}" in notes_of(s)]
        assert len(where) == 1, (term.term, where)
        first = next(i for i, s in enumerate(slides)
                     if term.term.strip("“”") in notes_of(s).split(g.title + "：")[0])
        assert where == [first], (term.term, where, first)


# Fill: how much of its body box a slide covers as drawn ----------------------------------------

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PT = 12700
THEME = load_theme(Path(__file__).resolve().parent.parent / "templates")


def text_height(shp) -> float:
    """A text frame's drawn height: its insets, each paragraph's space before (not the first's)
    and its lines (the deck writes its line breaks) at their exact pitch; 0 for no text."""
    body = shp.text_frame._txBody
    bp = body.find(f"{A}bodyPr")
    h, first = (int(bp.get("tIns", 45720)) + int(bp.get("bIns", 45720))) / PT, True
    for p in body.findall(f"{A}p"):
        if not "".join(t.text or "" for t in p.iter(f"{A}t")).strip():
            continue
        pitch = p.find(f"{A}pPr/{A}lnSpc/{A}spcPts")
        before = p.find(f"{A}pPr/{A}spcBef/{A}spcPts")
        sizes = [int(r.get("sz")) / 100 for r in p.iter(f"{A}rPr") if r.get("sz")]
        line = int(pitch.get("val")) / 100 if pitch is not None else 1.2 * max(sizes or [REFERENCE_SIZE])
        h += (0.0 if first or before is None else int(before.get("val")) / 100) + (1 + len(p.findall(f"{A}br"))) * line
        first = False
    return 0.0 if first else h


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text.replace("\x0b", "") if slide.shapes.title is not None else ""


def fill(slide) -> float:
    """The share of the body box (``body_top`` to ``body_bottom``, moved down by a title grown past
    its box) that the slide's content covers as drawn, top to bottom."""
    top, bottom = float(THEME.body_top), float(THEME.body_bottom)
    title = slide.shapes.title
    if title is not None:
        top += max(0.0, title.height / PT - float(THEME.title.box[3]))
    spans = []
    for shp in slide.shapes:
        if (title is not None and shp.shape_id == title.shape_id) or shp.name in NOT_BODY:
            continue
        y = shp.top / PT
        if shp.has_table:
            spans.append((y, y + sum(r.height for r in shp.table.rows) / PT))
        elif shp.has_chart or shp.name.startswith(("Tile ", "Callout ")):
            spans.append((y, y + shp.height / PT))
        elif shp.has_text_frame and text_height(shp):
            spans.append((y, y + min(shp.height / PT, text_height(shp))))
    covered, end = 0.0, top
    for a, b in sorted(spans):
        a, b = max(a, end), min(b, bottom)
        if b > a:
            covered, end = covered + b - a, b
    return covered / (bottom - top)


@pytest.mark.parametrize("which", WHICH)
def test_no_slide_half_empty(decks, which):
    """Every content slide covers FILL_FLOOR of its body (a short area shares a slide or says more);
    of an area on several slides, each covers more than half (a 3+3 of two half-empty slides is
    not a split a reviewer passes). Title slides, dividers and the closing carry headings."""
    report, path = decks(which)
    slides = list(Presentation(str(path)).slides)
    thin = thin_titles(report)
    low, halves = [], []
    cont = THEME.text.continued
    for n, slide in enumerate(slides, 1):
        if layout_of(slide) in HEADINGS or title_of(slide) in thin:
            continue
        f = fill(slide)
        if f < FILL_FLOOR:
            low.append((n, title_of(slide), round(f, 2)))
        title = title_of(slide)
        stem = title[: -len(cont)] if title.endswith(cont) else title
        run = [k for k, s in enumerate(slides, 1) if title_of(s) in (stem, stem + cont)]
        if len(run) > 1 and f <= 0.5 and slide.slide_layout.name == "Title and Content":
            halves.append((n, title, round(f, 2)))
    assert not low, f"slides covering less than {FILL_FLOOR:.0%} of the body: {low}"
    assert not halves, f"an area's slides half empty: {halves}"


def _table_runs(prs) -> list[list]:
    """The deck's head tables (the targets, last year's targets): per table its slides in order
    (the first titled T, then T（续）), each as (slide, table shape)."""
    heads = {tuple(THEME.text.targets_head), tuple(THEME.text.review.head)}
    runs: dict[str, list] = {}
    cont = THEME.text.continued
    for slide in prs.slides:
        for shp in slide.shapes:
            if shp.has_table and tuple(c.text for c in shp.table.rows[0].cells) in heads:
                t = title_of(slide)
                runs.setdefault(t[: -len(cont)] if t.endswith(cont) else t, []).append((slide, shp))
    return list(runs.values())


@pytest.mark.parametrize("which", WHICH)
def test_tables_split_only_when_needed_and_evenly(decks, which):
    report, path = decks(which)
    prs = Presentation(str(path))
    m = textfit.measurer(load_config(), ambiguous_full=True, words=True).with_units(
        textfit.units_of(report.indicators.values()))
    factor, gap, spacing = (float(THEME.measure.width_factor), float(THEME.measure.script_gap),
                            float(THEME.measure.line_spacing))
    roles = {load_config()[r].name: r for r in ("sans", "sans_bold")}
    allowed = [float(x) for x in (THEME.targets.sizes or [THEME.targets.size])]

    def height(row, widths, size) -> float:
        """A row at ``size`` (its cells' text wrapped in their columns), as the deck sets it."""
        need = 0.0
        for cell, w in zip(row.cells, widths):
            rpr = cell.text_frame._txBody.find(f".//{A}rPr")
            role = roles.get(rpr.find(f"{A}ea").get("typeface"), "sans") if rpr is not None else "sans"
            text = cell.text.replace("\x0b", "")
            avail = w - (cell.margin_left + cell.margin_right) / PT
            lines = len(m.lines([(text, role, size)], avail, factor, gap)) if text else 1
            need = max(need, (cell.margin_top + cell.margin_bottom) / PT + lines * round(size * spacing, 1))
        return need + 1

    for run in _table_runs(prs):
        counts = [len(shp.table.rows) - 1 for _, shp in run]
        assert max(counts) - min(counts) <= 1, f"{title_of(run[0][0])}: rows per slide {counts}"
        if len(run) == 1:
            continue
        shp = run[0][1]
        widths = [c.width / PT for c in shp.table.columns]
        drawn = shp.table.rows[1].cells[0].text_frame.paragraphs[0].runs[0].font.size.pt
        head_drawn = shp.table.rows[0].cells[0].text_frame.paragraphs[0].runs[0].font.size.pt
        size = min(allowed) if drawn in allowed else drawn  # the smallest the table may take
        rows = [r for _, s in run for r in list(s.table.rows)[1:]]
        head = height(shp.table.rows[0], widths, head_drawn - (drawn - size))
        body = [height(r, widths, size) for r in rows]
        room = min(float(THEME.body_bottom), float(THEME.targets.box[1]) + float(THEME.targets.box[3])) \
            - min(s.top / PT for _, s in run)
        # the fewest slides these rows take in order (as many on each as fit)
        n, used = 1, head
        for h in body:
            if used > head and used + h > room + 0.01:
                n, used = n + 1, head
            used += h
        assert len(run) <= n, (f"{title_of(run[0][0])}: {len(run)} slides ({counts} rows) where {n} hold them "
                               f"at {size:g} pt")
