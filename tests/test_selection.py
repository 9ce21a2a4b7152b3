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


def few_headline_rates(tmp_path: Path) -> Path:
    """mini.yaml (two headline growth rates: 地区生产总值 12.8%, 区级财政收入 8.31%) with four growth
    rates of one group (industry) and one of another (economy), none of them headline: the group
    has more growth rates than the headline figures."""
    data = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    rates = {"software": ("软件业营业收入", 21.0, "industry"), "culture": ("文化产业营业收入", 15.5, "industry"),
             "finance": ("金融业增加值", 6.2, "industry"), "logistics": ("物流业增加值", 3.1, "industry"),
             "investment": ("固定资产投资", 9.9, "economy")}
    for k, (label, v, group) in rates.items():
        data["indicators"][k] = {"label": label, "value": 100 + len(k), "unit": "亿元", "period": 2023,
                                 "change": {"value": v, "unit": "%", "word": "增长"}, "group": group}
    area = data["body"]["parts"][0]["areas"][0]["paragraphs"]
    area.append("；".join(f"{label}{{{k}}}，增长{{{k}.change}}" for k, (label, _, _) in rates.items()) + "。")
    path = tmp_path / "few-rates.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_growth_chart_takes_the_headline_rates_first_then_one_group(tmp_path):
    """Two headline growth rates are too few for a chart: the chart takes them, then the group with
    the most (industry's four, never economy's one beside them); at most ``bars``, the headline
    ones kept. The deck's chart and the brief's bars are those, and the two tiles stand at a
    glance (one or two headline figures are tiles too)."""
    report = load(few_headline_rates(tmp_path))
    ids = [i.id for i in selection.growth_rates(report)]
    assert ids == ["gdp", "district_revenue", "software", "culture", "finance", "logistics"]
    # at most bars: the headline ones, then the largest of the group
    assert [i.id for i in selection.growth_rates(report, selection.Rules(bars=3))] == \
        ["gdp", "district_revenue", "software"]
    # a chart of fewer than least with the group: the headline ones alone (tiles show them)
    assert [i.id for i in selection.growth_rates(report, selection.Rules(least=7))] == ["gdp", "district_revenue"]
    src = tmp_path / "few-rates.yaml"
    proc = run_build(str(src), "--out", str(tmp_path / "out"), "--only", "deck,brief")
    assert proc.returncode == 0, proc.stderr
    prs = Presentation(str(tmp_path / "out" / src.stem / "deck.pptx"))
    labels = {i.id: i.display_label for i in report.indicators.values()}
    by_value = sorted(ids, key=lambda x: -float(report.indicators[x].change.value))
    assert [labels[x] for x in by_value] in chart_categories(prs)
    p = brief.plan(report, BuildContext(source=src))
    assert [b.id for b in p.bars] == by_value
    glance = prs.slides[1]
    tiles = [shp.name for shp in glance.shapes if shp.name.startswith("Tile ")]
    assert tiles == ["Tile Gdp", "Tile District_Revenue", "Tile Key_Industry_Share"] == \
        ["Tile " + "_".join(w.capitalize() for w in t.id.split("_")) for t, _ in p.tiles]


def two_heads(tmp_path: Path, name: str, summary: str | None = None) -> Path:
    data = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    data["indicators"]["key_industry_share"]["headline"] = False
    if summary is not None:
        data["body"]["parts"][0]["areas"][0]["paragraphs"][0] = summary
    src = tmp_path / f"{name}.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    proc = run_build(str(src), "--out", str(tmp_path / "out"), "--only", "deck")
    assert proc.returncode == 0, proc.stderr
    return tmp_path / "out" / src.stem / "deck.pptx"


@pytest.mark.parametrize("summary, more", [
    (None, False),  # 全年地区生产总值达到…，同比增长…: the tile's figures and no more
    ("面对复杂多变的外部环境，全区经济运行稳中有进、质效齐升，地区生产总值达到{gdp}，同比增长{gdp.change}，"
     "区级一般公共预算收入达到{district_revenue}，同比增长{district_revenue.change}。", True),
])
def test_one_or_two_headline_figures_are_tiles_at_a_glance(tmp_path, summary, more):
    """A report whose summary states two figures (天津市: 地区生产总值增长4.8%，一般公共预算收入增长
    4.1%): both stand large on the at-a-glance slide, centred, one size (larger than a full row's
    tiles when alone); the report's sentence stating them under them only when it says more than
    the tiles."""
    prs = Presentation(str(two_heads(tmp_path, "two-heads", summary)))
    glance = prs.slides[1]
    tiles = [shp for shp in glance.shapes if shp.name.startswith("Tile ")]
    assert [t.name for t in tiles] == ["Tile Gdp", "Tile District_Revenue"]
    # centred on the slide, side by side, one size
    left, right = min(t.left for t in tiles), max(t.left + t.width for t in tiles)
    assert abs((left + right) / 2 - prs.slide_width / 2) < prs.slide_width * 0.01
    assert len({t.top for t in tiles}) == 1 and len({t.height for t in tiles}) == 1
    sizes = [max(r.font.size.pt for p in t.text_frame.paragraphs for r in p.runs if r.font.size) for t in tiles]
    theme = yaml.safe_load((ROOT / "templates" / "deck.yaml").read_text(encoding="utf-8"))
    full_row = max(theme["tiles"]["value_sizes"])
    assert len(set(sizes)) == 1 and sizes[0] >= full_row
    said = [shp for shp in glance.shapes if shp.name == "Statement"]
    if not more:
        assert not said, said[0].text_frame.text
        assert sizes[0] > full_row  # alone, they are set larger (tiles.few_scale)
        return
    assert said and said[0].top > tiles[0].top + tiles[0].height, [s.name for s in glance.shapes]
    text = said[0].text_frame.text.replace("\x0b", "").replace("\n", "")
    assert text.startswith("面对复杂多变的外部环境") and "2286.2" in text and "168.53" in text, text
