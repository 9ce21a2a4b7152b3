"""Every headline figure of the review year is shown large outside the areas, and the deck and the
brief show the same ones (govreport/selection.py: ``tiles``, ``growth_rates``), read back from the
built deck.pptx (python-pptx: tile shapes, their runs' sizes, chart categories) and brief.pdf
(pdfplumber: the text in each tile's and the chart's box), over the seed, the fixtures and every
report of the corpus (the drafts as imported).

The review's summary (全市地区生产总值增长4.8%，一般公共预算收入增长4.1%) is no area: a headline
figure left off the opening slides is shown large nowhere. One or two headline figures are still
tiles; the growth chart takes the headline growth rates first, and fills from one group only
when they are too few for a chart."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

import corpus
from conftest import FIXTURES, SEED, run_build
from govreport import figures, selection
from govreport.builders import BuildContext, brief
from govreport.config import load as load_templates
from govreport.loader import load
from govreport.paths import builtin_templates

FILES = {"seed": SEED, **{p.stem: p for p in sorted(FIXTURES.glob("*.yaml"))}}
WHICH = list(FILES) + corpus.NAMES
DIVIDER = "Section Header"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    made: dict = {}

    def get(which: str):
        if which not in made:
            out = tmp_path_factory.mktemp("headline")
            if which in FILES:
                src = FILES[which]
                report = load(src)
            else:
                imp = corpus.imported(which)
                if not imp.ok:
                    pytest.skip(f"the draft of {which} does not load yet: {imp.error.strip()[:200]}")
                src, report = imp.yaml_path, imp.report
            proc = run_build(str(src), "--out", str(out), "--only", "deck,brief")
            assert proc.returncode == 0, proc.stderr
            made[which] = (report, src, out / src.stem / "deck.pptx", out / src.stem / "brief.pdf")
        return made[which]

    return get


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def of_the_review_year(report, ind) -> bool:
    """A figure of the review year with a figure to show, its change the year's (not 年均, not
    比2020年…): what the report states as the year's result."""
    c = ind.change
    return (report.is_review(ind) and (ind.value is not None or c is not None)
            and (c is None or (c.base is None and not c.per_year)))


def headline_figures(report) -> list:
    return [i for i in report.indicators.values() if i.headline and of_the_review_year(report, i)]


def number_of(ind) -> str:
    """The digits a figure is shown with: its value's, else its change's (4.93, 4.8)."""
    text = figures.value_text(ind) if ind.value is not None else figures.change_text(ind.change)
    m = re.search(r"\d[\d.,]*", text)
    return m.group(0) if m else text


def opening_slides(prs) -> list:
    """The slides before the first divider: the title, at a glance, the charts (no area's)."""
    out = []
    for s in prs.slides:
        if s.slide_layout.name == DIVIDER:
            break
        out.append(s)
    return out


def tiles_of(report, prs) -> list[tuple[str, str, float]]:
    """(indicator id, text, largest run size) of each tile on the opening slides."""
    by = {i.lower(): i for i in report.indicators}
    out = []
    for s in opening_slides(prs):
        for shp in s.shapes:
            if shp.name.startswith("Tile ") and shp.has_text_frame:
                runs = [r for p in shp.text_frame.paragraphs for r in p.runs]
                size = max((r.font.size.pt for r in runs if r.font.size is not None), default=0.0)
                out.append((by[shp.name[len("Tile "):].lower()], shp.text_frame.text, size))
    return out


def growth_categories(prs) -> list[str] | None:
    for s in opening_slides(prs):
        for shp in s.shapes:
            if shp.has_chart and shp.name == "Chart growth":
                return [str(c) for c in shp.chart.plots[0].categories]
    return None


def names(ind, cat: str) -> bool:
    """Whether a chart category names the indicator (its label, told apart, or its last words)."""
    label = ind.display_label
    told = selection._members(label, 2) or []  # 城镇和农村居民人均可支配收入 twice: 城镇居民…, 农村居民…
    return cat == label or cat in told or cat.startswith(label + "（") or label.endswith(cat)


@pytest.mark.parametrize("which", WHICH)
def test_every_headline_figure_of_the_year_is_shown_large_on_an_opening_slide(built, which):
    report, _, deck, _ = built(which)
    prs = Presentation(str(deck))
    tiles = tiles_of(report, prs)
    smallest = min(load_templates(builtin_templates()).deck.tiles.value_sizes)
    for ind in headline_figures(report):
        # its own tile, or the tile of its level when the change is stated apart (河南省: 进出口总值
        # 9356.7亿元 … 增长14.1%: one tile of the two)
        mine = [t for t in tiles if t[0] == ind.id or (report.indicators[t[0]].label == ind.label
                                                       and number_of(ind) in squash(t[1]))]
        assert mine, (f"{which}: headline figure {ind.id} ({ind.label} {number_of(ind)}) is on no tile of the "
                      f"opening slides; tiles: {[t[0] for t in tiles]}")
        iid, text, size = mine[0]
        assert number_of(ind) in squash(text), (which, ind.id, text)
        assert size >= smallest, f"{which}: the tile of {ind.id} is set at {size:g} pt, not large"


@pytest.mark.parametrize("which", WHICH)
def test_the_growth_chart_takes_the_headline_growth_rates_first(built, which):
    """A headline growth rate is never left off the growth chart for a group's: the chart holds
    every one (up to its bars), and whatever else it holds is of one group."""
    report, _, deck, _ = built(which)
    cats = growth_categories(Presentation(str(deck)))
    if cats is None:
        return
    t = load_templates(builtin_templates())
    units = tuple(t.deck.chart.not_growth_units)
    heads = [i for i in headline_figures(report) if figures.is_growth_rate(i, units)]
    bars = min(int(t.deck.chart.max_categories), int(t.plain["brief.yaml"]["chart"]["max_bars"]))
    shown = [i for i in heads if any(names(i, c) for c in cats)]
    assert len(shown) == min(len(heads), bars), (which, [i.id for i in heads if i not in shown], cats)
    others = [c for c in cats if not any(names(i, c) for i in heads)]
    groups = [{i.group for i in report.review_indicators if names(i, c) and not i.headline} for c in others]
    assert not others or set.intersection(*groups), (which, others, groups)


@pytest.mark.parametrize("which", WHICH)
def test_the_brief_shows_the_decks_tiles_and_growth_rates(built, which):
    """The brief's tiles are the deck's opening tiles, in order, each read in its box of the PDF;
    its chart's bars are the deck's growth chart's (when the deck draws one: it draws none of
    fewer than ``chart.min_bars``; the brief's bars are then headline figures, tiles in both)."""
    report, src, deck, pdf = built(which)
    prs = Presentation(str(deck))
    deck_tiles = [t[0] for t in tiles_of(report, prs)]
    p = brief.plan(report, BuildContext(source=src))
    assert [t.id for t, _ in p.tiles] == deck_tiles, which
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        for tile, box in p.tiles:
            text = squash(page.crop((box.x, box.top, box.x + box.w, box.bottom)).extract_text())
            assert number_of(report.indicators[tile.id]) in text, (which, tile.id, text)
        chart = squash(page.crop((p.chart.x, p.chart.top, p.chart.x + p.chart.w, p.chart.bottom)).extract_text()) \
            if p.chart is not None else ""
    for b in p.bars:
        assert squash(b.text) in chart, (which, b.id, b.text)
    cats = growth_categories(prs)
    bar_inds = [report.indicators[b.id] for b in p.bars]
    if cats is None:
        for i in bar_inds:  # a headline figure, a tile of the deck (its own, or its level's)
            assert i.headline and any(t == i.id or report.indicators[t].label == i.label for t in deck_tiles), \
                (which, i.id, deck_tiles)
        return
    assert len(cats) == len(bar_inds), (which, cats, [b.id for b in p.bars])
    for i in bar_inds:
        assert any(names(i, c) for c in cats), (which, i.id, cats)
