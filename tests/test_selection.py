"""One rule for what the builders pick (govreport/selection.py), read back from the outputs: the
deck's tiles and the brief's are the same figures, the growth chart holds the same rates in both,
no chart mixes measures, two figures with one label are told apart, lint and the importer count
tiles as the outputs do. tests/fixtures/picks.yaml has a headline target and a headline five-year
figure, which no output may show as the review year's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
import yaml
from pptx import Presentation

from conftest import FIXTURES, ROOT, run_build
from govreport import selection
from govreport.builders import BuildContext, brief
from govreport.loader import load

PICKS = FIXTURES / "picks.yaml"


@pytest.fixture(scope="module")
def picks(tmp_path_factory):
    out = tmp_path_factory.mktemp("picks")
    proc = run_build(str(PICKS), "--out", str(out), "--only", "deck,brief")
    assert proc.returncode == 0, proc.stderr
    return load(PICKS), out / PICKS.stem / "deck.pptx", out / PICKS.stem / "brief.pdf", proc


def tile_ids(prs) -> list[str]:
    """The indicator of each tile of the at-a-glance slide, from the shapes' names (Tile Urban_Income)."""
    ids = {i.lower(): i for i in load(PICKS).indicators}
    return [ids[shp.name[len("Tile "):].lower()] for slide in prs.slides for shp in slide.shapes
            if shp.name.startswith("Tile ")]


def test_deck_and_brief_show_the_same_tiles_and_no_target_or_five_year_figure(picks):
    report, deck_path, brief_path, _ = picks
    deck_tiles = tile_ids(Presentation(str(deck_path)))
    p = brief.plan(report, BuildContext(source=PICKS))
    brief_tiles = [t.id for t, _ in p.tiles]
    assert deck_tiles == brief_tiles == [i.id for i in selection.tiles(report, 8)[0]]
    # the headline target and the headline five-year figure are in neither
    assert "gdp_target" not in deck_tiles and "gdp_five_year" not in deck_tiles
    # read back from the PDF: no tile says the target's figure
    page = pdfplumber.open(brief_path).pages[0]
    for tile, box in p.tiles:
        text = page.within_bbox((box.x, box.top, box.x + box.w, box.bottom)).extract_text()
        assert "5.5%左右" not in text and "年均" not in text, text


def chart_categories(prs) -> list[list[str]]:
    return [list(shp.chart.plots[0].categories) for s in prs.slides for shp in s.shapes if shp.has_chart]


def test_growth_chart_is_the_same_in_deck_and_brief(picks):
    report, deck_path, brief_path, _ = picks
    charts = chart_categories(Presentation(str(deck_path)))
    labels = {"urban_income": "城镇居民人均可支配收入", "rural_income": "农村居民人均可支配收入"}
    growth = [labels.get(i.id, i.display_label) for i in sorted(selection.growth_rates(report),
                                                                key=lambda i: -float(i.change.value) * i.change.direction)]
    assert growth in charts
    bars = [b.label for b in brief.plan(report, BuildContext(source=PICKS)).bars]
    assert bars == growth
    words = re.sub(r"\s+", "", pdfplumber.open(brief_path).pages[0].extract_text())
    for label in bars:
        assert label in words


def test_share_chart_holds_one_measure(picks):
    """Tax shares together; the crime share (小区占比) never beside them."""
    _, deck_path, _, _ = picks
    charts = chart_categories(Presentation(str(deck_path)))
    shares = [c for c in charts if any("比重" in x or "占比" in x for x in c)]
    assert shares == [["工业税收占全县税收比重", "服务业税收占全县税收比重", "数字经济税收占全县税收比重"]]
    assert all("小区" not in x for c in charts for x in c)


def test_two_figures_with_one_label_are_told_apart(picks):
    _, deck_path, _, _ = picks
    prs = Presentation(str(deck_path))
    for slide in prs.slides:
        labels = [shp.text_frame.paragraphs[-2].text.replace("\x0b", "")
                  for shp in slide.shapes if shp.name.startswith(("Tile ", "Callout ")) and len(shp.text_frame.paragraphs) > 2]
        labels += [shp.text_frame.paragraphs[-1].text.replace("\x0b", "")
                   for shp in slide.shapes if shp.name.startswith(("Tile ", "Callout ")) and len(shp.text_frame.paragraphs) == 2]
        assert len(labels) == len(set(labels)), labels
    text = "".join(shp.text_frame.text for s in prs.slides for shp in s.shapes if shp.has_text_frame).replace("\x0b", "")
    assert "城镇居民人均可支配收入" in text and "农村居民人均可支配收入" in text


@pytest.mark.parametrize("label, parts", [
    ("城镇和农村居民人均可支配收入", ["城镇居民人均可支配收入", "农村居民人均可支配收入"]),
    ("生产安全事故起数和死亡人数", ["生产安全事故起数", "生产安全事故死亡人数"]),
])
def test_a_label_naming_two_figures_is_split(label, parts):
    assert selection._members(label, 2) == parts


def test_rank_amounts_changes_shares_then_counts_by_size():
    report = load(PICKS)
    order = [i.id for i in selection.rank(report.review_indicators)]
    first_count = min(order.index(x) for x in ("brands", "kindergartens", "care_homes", "canteens"))
    assert order.index("gdp") < order.index("service_tax_share") < first_count
    # counts by size: 8 canteens before 6 care homes before 2 kindergartens before 1 brand
    assert [x for x in order if x in ("brands", "kindergartens", "care_homes", "canteens")] == \
        ["canteens", "care_homes", "kindergartens", "brands"]


def test_tile_count_is_one_rule_for_lint_the_importer_and_the_outputs(tmp_path, monkeypatch):
    """brief.yaml's tiles.max set to 4: lint warns past 4, the importer proposes 4, both outputs show 4."""
    tpl = tmp_path / "templates"
    tpl.mkdir()
    data = yaml.safe_load((ROOT / "templates" / "brief.yaml").read_text(encoding="utf-8"))
    data["tiles"]["max"] = 4
    (tpl / "brief.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("GOVREPORT_TEMPLATES", str(tpl))
    from govreport.importer.draft import headline_max

    assert selection.tile_count() == 4 == headline_max()
    proc = run_build(str(PICKS), "--out", str(tmp_path / "out"), "--only", "deck,brief", "--templates", str(tpl))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout + proc.stderr
    assert re.search(r"5 headline figures, but the deck and the brief show 4 as tiles; left out: rural_income", out), out
    prs = Presentation(str(tmp_path / "out" / PICKS.stem / "deck.pptx"))
    assert len(tile_ids(prs)) == 4


def test_a_task_figure_the_text_commits_with_an_aim_says_it(tmp_path):
    """The seed's 100% (河道断面水质平均优Ⅲ比例) has no aim: in the content, but its text says 力争: the
    callout says 力争：, never as an achievement."""
    from conftest import SEED

    report = load(SEED)
    assert selection.mark(report, report.indicators["water_quality_target"]) == "力争"
    proc = run_build(str(SEED), "--out", str(tmp_path), "--only", "deck")
    assert proc.returncode == 0, proc.stderr
    prs = Presentation(str(tmp_path / SEED.stem / "deck.pptx"))
    shapes = [shp for s in prs.slides for shp in s.shapes if shp.name == "Callout Water_Quality_Target"]
    assert shapes and all("力争：" in shp.text_frame.text for shp in shapes)
