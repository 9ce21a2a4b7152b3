"""The briefing deck: the plan (no file), then the built .pptx read back, then LibreOffice's rendering."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Emu

from conftest import FIXTURES, MINI, SEED, run_build

SECOND = FIXTURES / "linjiang-2024.yaml"  # no leads, a fall, change-only figures, targets in words
from govreport.builders import BuildContext
from govreport.builders import deck
from govreport.builders.deck.plan import load_theme
from govreport.errors import ContentError
from govreport.fonts import load_config
from govreport.loader import load

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
THEME = load_theme(Path(__file__).resolve().parent.parent / "templates")
PT = 12700


def ctx_for(path: Path, template: Path | None = None) -> BuildContext:
    return BuildContext(source=path, deck_template=template)


def all_bullet_runs(slides):
    for s in slides:
        for f in s.frames:
            if f.name == "bullets":
                for p in f.paragraphs:
                    for r in p.runs:
                        yield s, r


# Content with one area of many leads, written at runtime from the mini fixture.
MANY_LEADS = [
    "坚持稳中求进工作总基调", "完整准确全面贯彻新发展理念", "加快构建现代化产业体系", "持续扩大有效投资和消费需求",
    "深入实施创新驱动发展战略", "全面提升城市精细化管理水平", "扎实推进共同富裕民生工程", "切实加强生态环境保护治理",
    "统筹发展和安全守牢底线", "持续深化重点领域改革攻坚", "加快推进数字化转型升级", "不断提升政务服务效能水平",
    "着力优化区域营商环境", "大力弘扬城市精神品格",
]


@pytest.fixture(scope="module")
def many_leads_file(tmp_path_factory) -> Path:
    text = MINI.read_text(encoding="utf-8")
    paras = "\n".join(
        f"            - lead: {lead}。\n              text: 这是关于{lead}的一段说明文字，区级一般公共预算收入达到{{district_revenue}}。"
        for lead in MANY_LEADS
    )
    block = (
        "        - heading: （二）全力以赴促改革，区域营商环境不断优化。\n"
        "          run_in: true\n"
        "          paragraphs:\n"
        "            - 加大改革开放力度。\n"
        "            - lead: 扩大高水平对外开放。\n"
        "              text: 深入对接落实虹桥国际开放枢纽建设任务。\n"
    )
    assert block in text
    new = block.replace("              text: 深入对接落实虹桥国际开放枢纽建设任务。\n",
                        "              text: 深入对接落实虹桥国际开放枢纽建设任务。\n" + paras + "\n")
    path = tmp_path_factory.mktemp("deck-many") / "deck-many-leads.yaml"
    path.write_text(text.replace(block, new), encoding="utf-8")
    return path


# The plan, without a file --------------------------------------------------------------

def test_plan_slide_kinds_follow_the_report():
    report = load(MINI)
    slides = deck.plan(report, ctx_for(MINI))
    kinds = [s.kind for s in slides]
    assert kinds[0] == "title" and kinds[-1] == "closing"
    assert kinds[1] == "glance"
    assert kinds.count("divider") == len(report.body.parts)
    assert kinds.count("chart") == 0  # two growth rates, one share: no chart of fewer than three bars
    # One target makes no table slide: part two's divider states it (the sentence of the report).
    assert "targets" not in kinds
    divider = [s for s in slides if s.kind == "divider"][1]
    assert "5%左右" in divider.frame("statement").text and "gdp_target" in divider.quoted
    # Dividers in order, each followed by its part's areas; part one's two short areas share a slide
    # titled by the part, each area a point led by its heading.
    dividers = [s.title for s in slides if s.kind == "divider"]
    assert dividers == [p.heading for p in report.body.parts]
    shared = next(s for s in slides if s.kind == "area")
    assert shared.title == report.body.parts[0].heading
    assert [b.split("：")[0] for b in shared.bullets] == [a.heading.rstrip("。") for a in report.body.parts[0].areas]
    area_titles = [s.title for s in slides if s.kind == "area" and not s.continued][1:]
    assert area_titles == [a.heading.rstrip("。") for a in report.body.parts[1].areas]
    assert [s.number for s in slides] == list(range(1, len(slides) + 1))


def test_plan_bullets_are_the_leads():
    report = load(MINI)
    slides = deck.plan(report, ctx_for(MINI))
    first = next(s for s in slides if s.kind == "area")
    # (part one's short areas share a slide: one point each, its heading first) The lead of the
    # second paragraph, and the first sentence of the lead-less run-in paragraph.
    assert any("；着力提升重点产业能级：" in b for b in first.bullets)
    assert any(b.startswith("（一）凝心聚力谋发展，经济向好态势持续巩固：全年地区生产总值达到2286.2亿元") for b in first.bullets)
    # Its callouts come from the figures its paragraphs quote.
    assert {"gdp", "district_revenue"} <= set(first.callouts)


def test_plan_continues_an_area_with_many_leads(many_leads_file):
    report = load(many_leads_file)
    slides = deck.plan(report, ctx_for(many_leads_file))
    area = [s for s in slides if s.area == "（二）全力以赴促改革，区域营商环境不断优化"]
    assert len(area) >= 2, "16 leads cannot fit one slide at a readable size"
    assert not area[0].continued and all(s.continued for s in area[1:])
    assert all(s.title.endswith("（续）") for s in area[1:])
    # Every lead once, in order, across the slides.
    bullets = [b for s in area for b in s.bullets]
    assert [b.split("：")[0] for b in bullets] == ["加大改革开放力度", "扩大高水平对外开放"] + MANY_LEADS
    # Balanced: no continuation slide with a lone bullet while the first is full.
    counts = [len(s.bullets) for s in area]
    assert max(counts) - min(counts) <= 2, counts
    for s in area:
        sizes = {r.size for f in s.frames if f.name == "bullets" for p in f.paragraphs for r in p.runs}
        assert min(sizes) >= 18
    # The notes of the area's slides carry every paragraph.
    notes = "\n".join(s.notes for s in area)
    for lead in MANY_LEADS:
        assert f"{lead}。这是关于{lead}的一段说明文字，区级一般公共预算收入达到168.53亿元。" in notes


@pytest.mark.parametrize("which", ["mini", "seed"])
def test_plan_sizes_and_fit(which):
    path = MINI if which == "mini" else SEED
    report = load(path)
    ctx = ctx_for(path)
    slides = deck.plan(report, ctx)
    runs = list(all_bullet_runs(slides))
    assert runs, "no bullets at all"
    assert min(r.size for _, r in runs) >= THEME.bullets.min >= 18
    for s in slides:
        for f in s.frames:
            if f.name == "title" and s.kind not in ("title", "divider"):
                assert min(r.size for p in f.paragraphs for r in p.runs) >= 28, s.title
            assert f.height <= f.box[3] + 0.01, (s.number, f.name, f.height, f.box)
            x, y, w, h = f.box
            assert x >= 0 and y >= 0 and x + w <= 960 and y + h <= 540, (s.number, f.name)
    if which == "seed":
        assert 20 <= len(slides) <= 35


# The built file, read back -------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """name -> (report, pptx path, plan, ctx notes), built once per module."""
    out = tmp_path_factory.mktemp("deck-built")
    cache = {}

    def get(which):
        if which not in cache:
            path = {"mini": MINI, "seed": SEED, "second": SECOND}[which]
            report = load(path)
            ctx = ctx_for(path)
            data = deck.build(report, ctx)
            target = out / f"deck-{which}.pptx"
            target.write_bytes(data)
            cache[which] = (report, target, deck.plan(report, ctx_for(path)), ctx.notes)
        return cache[which]

    return get


WHICH = ["mini", "seed"]


def slide_texts(prs):
    out = []
    for slide in prs.slides:
        bits = []
        for shp in slide.shapes:
            if shp.has_text_frame:
                bits.append(shp.text_frame.text.replace("\x0b", ""))  # the plan's line breaks
            if shp.has_table:
                bits += [c.text_frame.text.replace("\x0b", "") for row in shp.table.rows for c in row.cells]
        out.append("\n".join(bits))
    return out


@pytest.mark.parametrize("which", WHICH)
def test_file_shape_count_and_text(built, which):
    report, path, slides, _ = built(which)
    prs = Presentation(str(path))
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))  # 13.333 x 7.5 in
    n = len(prs.slides)
    assert n == len(slides)
    if which == "seed":
        assert 20 <= n <= 35, n
    texts = slide_texts(prs)
    whole = "\n".join(texts)
    for part in report.body.parts:
        assert part.heading in whole
        for area in part.areas:
            assert area.heading.rstrip("。") in whole, area.heading
    # The headline figures, as the audience reads them.
    expected = ["2286.2", "12.8", "168.53", "8.31", "370", "40", "179.2", "840"] if which == "seed" else []
    for ind in report.headline_indicators:
        if ind.value is not None:
            expected.append(str(ind.value))
        if ind.change is not None:
            expected.append(str(ind.change.value))
    chart_numbers = []
    for slide in prs.slides:
        for shp in slide.shapes:
            if shp.has_chart:
                for ser in shp.chart.plots[0].series:
                    chart_numbers += [f"{v:g}" for v in ser.values]
    for fig in expected:
        assert fig in whole or fig in chart_numbers, f"{fig} is on no slide"
    # The title slide carries title, subtitle, speaker and date.
    m = report.meta
    for bit in (m.title, m.subtitle, m.speaker, f"{m.date.year}年{m.date.month}月{m.date.day}日"):
        assert bit in texts[0]
    # Slide numbers in the footer, from the second slide on.
    for k, slide in enumerate(prs.slides, start=1):
        flds = slide.shapes._spTree.findall(f".//{A}fld")
        if k == 1:
            assert not flds
        else:
            assert [f.get("type") for f in flds] == ["slidenum"] and flds[0].findtext(f"{A}t") == str(k)


GROWTH_UNITS_NOT = set(THEME.chart.not_growth_units)  # a share, a rate, a concentration


def expected_growth(report):
    """The headline changes in % of amounts, largest first (a fall last, below zero)."""
    pool = [i for i in report.indicators.values() if not i.target and i.change and i.change.unit == "%"
            and i.unit not in GROWTH_UNITS_NOT and i.period == report.meta.review_year]
    inds = [i for i in pool if i.headline]
    inds = inds if len(inds) >= 3 else pool
    inds = sorted(inds, key=lambda i: -float(i.change.value) * i.change.direction)
    return inds[: THEME.chart.max_categories]


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


@pytest.mark.parametrize("which", ["seed", "second"])
def test_native_charts_hold_the_indicators(built, which):
    report, path, _, _ = built(which)
    prs = Presentation(str(path))
    charts = [shp.chart for slide in prs.slides for shp in slide.shapes if shp.has_chart]
    assert charts
    by_label = {}
    for ind in report.indicators.values():
        by_label.setdefault(ind.display_label, []).append(ind)
    growth = expected_growth(report)
    found_growth = False
    for chart in charts:
        plot = chart.plots[0]
        assert plot.has_data_labels, "data labels on"
        cats = list(plot.categories)
        values = list(plot.series[0].values)
        assert len(cats) == len(values) >= 3, "no chart of fewer than three bars"
        assert values == sorted(values, reverse=True), "bars sorted by value"
        if cats == [i.display_label for i in growth]:
            found_growth = True
            assert values == pytest.approx([float(i.change.value) * i.change.direction for i in growth])
        # Every bar is one indicator's figure or change, as typed in the content.
        for cat, val in zip(cats, values):
            cands = by_label.get(cat, [])
            assert not any(i.unit in GROWTH_UNITS_NOT and i.value is not None and i.change and val < 0 and
                           abs(val + float(i.change.value)) < 1e-9 for i in cands), "a level's change among growth rates"
            figures = [float(i.value) for i in cands if i.value is not None]
            figures += [float(i.change.value) * i.change.direction for i in cands if i.change]
            assert any(abs(val - f) < 1e-9 for f in figures), (cat, val)
        # Chinese labels, not ids.
        assert all(re.search(r"[\u4e00-\u9fff]", c) for c in cats)
        # A fall: category names at the low end, the bar in the fall colour, labelled 下降….
        space = chart._chartSpace
        low = space.find(f".//{C}catAx/{C}tickLblPos")
        if min(values) < 0:
            assert low is not None and low.get("val") == "low", "category labels at the low end"
            ser = plot.series[0]
            for k, v in enumerate(values):
                if v < 0:
                    dpt = [d for d in ser._element.findall(f"{C}dPt") if d.find(f"{C}idx").get("val") == str(k)]
                    assert dpt and dpt[0].find(f".//{A}srgbClr").get("val") == THEME.colors.fall
                    texts = [t.text for d in ser._element.iter(f"{C}dLbl") if d.find(f"{C}idx").get("val") == str(k)
                             for t in d.iter(f"{A}t")]
                    assert texts and texts[0].startswith("下降") and "-" not in texts[0], texts
    assert found_growth, "no chart of the headline growth rates"
    if which == "second":
        assert any(v < 0 for chart in charts for v in chart.plots[0].series[0].values), "the fall is charted"


@pytest.mark.parametrize("which", WHICH)
def test_notes_on_every_content_slide(built, which):
    report, path, slides, _ = built(which)
    prs = Presentation(str(path))
    notes = []
    for k, slide in enumerate(prs.slides, start=1):
        text = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        if slides[k - 1].kind not in ("title",):
            assert text.strip(), f"slide {k} ({slides[k - 1]['kind']}) has no speaker notes"
        notes.append(text)
    # An area slide's notes hold the full rendered text of its paragraphs; every paragraph is in some notes.
    whole = "\n".join(notes)
    for part, area, p in report.paragraphs():
        text = report.render(p.lead or "") + report.render(p.text)
        assert text in whole, text[:40]
    for k, s in enumerate(slides):
        if s.kind == "area":
            assert "{" not in notes[k]
            for b in s.bullets:
                # a lead and its sentence, as the notes say them (a shared slide's point: the area's
                # heading, then its points' leads and sentences, joined by ；)
                for piece in re.split(r"[：；]", b):
                    assert piece in notes[k], piece


def font_roles():
    cfg = load_config()
    return {cfg[r].name: r for r in ("sans", "sans_bold")}, {cfg[r].name for r in cfg.roles}, {cfg[r].latin for r in cfg.roles}


@pytest.mark.parametrize("which", WHICH)
def test_every_run_has_east_asian_and_latin_fonts(built, which):
    _, path, _, _ = built(which)
    _, ea_names, latin_names = font_roles()
    checked = 0
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not re.match(r"ppt/(slides/slide|charts/chart|notesSlides/notesSlide)\d+\.xml$", name):
                continue
            xml = z.read(name)
            root = etree.fromstring(xml)
            for r in root.iter(f"{A}r", f"{A}fld"):
                rPr = r.find(f"{A}rPr")
                assert rPr is not None, f"{name}: run without properties: {r.findtext(f'{A}t')!r}"
                ea, latin = rPr.find(f"{A}ea"), rPr.find(f"{A}latin")
                assert ea is not None and ea.get("typeface") in ea_names, f"{name}: {r.findtext(f'{A}t')!r}"
                assert latin is not None and latin.get("typeface") in latin_names
                checked += 1
            if "/charts/" in name:
                for d in root.iter(f"{A}defRPr"):
                    assert d.find(f"{A}ea") is not None, f"{name}: chart text without an East Asian font"
    assert checked > 50


def frame_height(paras, width, inset, factor, gap) -> float:
    """The height text frame needs, measured with textfit's widths: each line the file breaks
    (a:br) is set again in the width, greedily."""
    from govreport import textfit

    m = textfit.measurer(load_config(), ambiguous_full=True)
    h = inset[1] + inset[3]
    for k, p in enumerate(paras):
        segments, cur = [], []
        for r in p["runs"] + [None]:
            if r is None:
                segments.append(cur)
                cur = []
            else:
                cur.append(r)
        n = sum(m.line_count(seg, width - inset[0] - inset[2] - p["indent"], factor, gap) for seg in segments if seg)
        h += (p["before"] if k else 0.0) + n * p["line"]
    return h


def frame_specs(shape):
    """A drawn text frame (runs, line breaks, pitch, space before, indent) read from the file."""
    role_of, _, _ = font_roles()
    tf = shape.text_frame
    bodyPr = tf._txBody.find(f"{A}bodyPr")
    inset = [int(bodyPr.get(k, d)) / PT for k, d in (("lIns", 91440), ("tIns", 45720), ("rIns", 91440), ("bIns", 45720))]
    paras = []
    for p in tf._txBody.findall(f"{A}p"):
        pPr = p.find(f"{A}pPr")
        runs = []
        for r in p:
            if r.tag == f"{A}br":
                runs.append(None)  # a line break the plan wrote
                continue
            if r.tag not in (f"{A}r", f"{A}fld"):
                continue
            rPr = r.find(f"{A}rPr")
            assert rPr is not None and rPr.get("sz"), "every run has an explicit size"
            runs.append((r.findtext(f"{A}t") or "", role_of.get(rPr.find(f"{A}ea").get("typeface"), "sans"),
                         int(rPr.get("sz")) / 100))
        if not [r for r in runs if r]:
            continue
        line = pPr.find(f"{A}lnSpc/{A}spcPts")
        assert line is not None, "exact line pitch"
        before = pPr.find(f"{A}spcBef/{A}spcPts")
        paras.append({
            "runs": runs,
            "line": int(line.get("val")) / 100,
            "before": int(before.get("val")) / 100 if before is not None else 0.0,
            "indent": int(pPr.get("marL", "0")) / PT,
        })
    return paras, inset


@pytest.mark.parametrize("which", WHICH)
def test_no_text_overflows_its_frame(built, which):
    _, path, _, _ = built(which)
    assert_no_overflow(path)


def assert_no_overflow(path: Path) -> None:
    """Every text frame's text, measured at its font sizes, fits the frame; every table cell its row."""
    prs = Presentation(str(path))
    m = THEME.measure
    factor, gap = float(m.width_factor), float(m.script_gap)
    frames = 0
    for k, slide in enumerate(prs.slides, start=1):
        for shp in slide.shapes:
            if shp.has_text_frame and shp.text_frame.text.strip():
                paras, inset = frame_specs(shp)
                need = frame_height(paras, shp.width / PT, inset, factor, gap)
                assert need <= shp.height / PT + 0.5, f"slide {k}: {shp.text_frame.text[:30]!r} needs {need:.1f} pt"
                assert shp.left >= 0 and shp.top >= 0
                assert shp.left + shp.width <= prs.slide_width and shp.top + shp.height <= prs.slide_height
                frames += 1
            if shp.has_table:
                for r, row in enumerate(shp.table.rows):
                    for c, cell in enumerate(row.cells):
                        paras, _ = frame_specs(cell)
                        inset = [cell.margin_left / PT, cell.margin_top / PT, cell.margin_right / PT,
                                 cell.margin_bottom / PT]
                        width = shp.table.columns[c].width / PT
                        need = frame_height(paras, width, inset, factor, gap)
                        assert need <= row.height / PT + 0.5, f"slide {k}: table cell {cell.text!r}"
                assert shp.top + sum(r.height for r in shp.table.rows) <= prs.slide_height
    assert frames > 10


# Content other than the seed: long headings, long labels, long units ---------------------

LONG_HEADINGS = {
    "（一）凝心聚力谋发展，经济向好态势持续巩固。":
        "（一）凝心聚力谋发展，坚持稳中求进工作总基调，经济向好态势持续巩固，高质量发展迈出坚实步伐，城区能级和核心竞争力不断提升。",
    "（一）全面服务国家战略，进一步提升城区核心竞争力。":
        "（一）全面服务国家战略，坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，深度融入长三角一体化发展，加快建设国际精品城区。",
}
GDP_LABEL = "    label: 地区生产总值\n"
LABEL_30 = "全区规模以上工业企业和重点服务业企业实现的地区生产总值"  # no short: label


def variant(tmp_path: Path, name: str, edits: dict, base: Path = MINI) -> Path:
    """The mini fixture (or ``base``) with string edits (the loader is the only YAML reader)."""
    text = base.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def built_deck(tmp_path: Path, src: Path):
    proc = run_build(str(src), "--out", str(tmp_path / "out"), "--only", "deck")
    return proc, tmp_path / "out" / src.stem / "deck.pptx"


def test_long_area_headings_take_more_title_lines_and_push_the_content_down(tmp_path):
    src = variant(tmp_path, "deck-long-headings", LONG_HEADINGS, base=SEED)  # (mini's areas share slides)
    proc, out = built_deck(tmp_path, src)
    assert proc.returncode == 0, proc.stderr
    assert_no_overflow(out)
    prs = Presentation(str(out))
    grown = 0
    for heading in LONG_HEADINGS.values():
        heading = heading.rstrip("。")
        slide = next(s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text_frame.text.replace("\x0b", "") == heading)
        title = slide.shapes.title  # the author's whole heading, nothing cut
        sizes = {r.font.size.pt for p in title.text_frame.paragraphs for r in p.runs}
        assert min(sizes) >= THEME.title.min
        title_bottom = title.top + title.height
        grown += title.height > Emu(THEME.title.box[3] * PT)
        others = [shp for shp in slide.shapes if shp.has_text_frame and shp.text_frame.text.strip()
                  and shp.shape_id != title.shape_id and shp.name not in ("Footer", "Slide Number")]
        assert others, heading
        for shp in others:  # bullets and callouts start below the (grown) title
            assert shp.top >= title_bottom, (heading, shp.name)
    assert grown, "at least one of these headings needs a third title line"


def test_heading_too_long_for_three_title_lines_is_a_content_error(tmp_path):
    heading = "（一）" + "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，" * 4 + "经济向好态势持续巩固。"
    src = variant(tmp_path, "deck-endless-heading", {"（一）凝心聚力谋发展，经济向好态势持续巩固。": heading})
    proc, out = built_deck(tmp_path, src)
    assert proc.returncode == 2, proc.stderr
    assert not out.exists()
    assert "body.parts[0].areas[0].heading" in proc.stderr and heading.rstrip("。")[:20] in proc.stderr
    assert re.search(r"shorten it to at most \d+ characters", proc.stderr), proc.stderr


def test_long_label_without_a_short_label_wraps_in_its_tile(tmp_path):
    src = variant(tmp_path, "deck-long-label", {GDP_LABEL: f"    label: {LABEL_30}\n"})
    proc, out = built_deck(tmp_path, src)
    assert proc.returncode == 0, proc.stderr
    assert_no_overflow(out)
    glance = Presentation(str(out)).slides[1]
    tile = next(shp for shp in glance.shapes if shp.name == "Tile Gdp")
    assert LABEL_30 in tile.text_frame.text.replace("\x0b", "")  # wrapped, not cut


def test_label_too_long_for_a_tile_is_shown_derived_with_a_note(tmp_path):
    """The one label policy of every output (selection.fit_label): a label too long for a tile is
    shown as its last whole words, never cut, and a note says to give a short: label."""
    label = LABEL_30 * 2
    src = variant(tmp_path, "deck-too-long-label", {GDP_LABEL: f"    label: {label}\n"})
    proc, out = built_deck(tmp_path, src)
    assert proc.returncode == 0, proc.stderr
    assert_no_overflow(out)
    assert re.search(r"label '.+' \(\d+ characters\) of indicator gdp shown as '.+'; give it a short: label", proc.stdout), proc.stdout
    glance = Presentation(str(out)).slides[1]
    tile = next(shp for shp in glance.shapes if shp.name == "Tile Gdp")
    shown = tile.text_frame.paragraphs[-2].text.replace("\x0b", "")  # the label (the change line is last)
    assert shown and label.endswith(shown) and shown != label and "…" not in shown, shown


def test_long_unit_goes_on_its_own_line(tmp_path):
    src = variant(tmp_path, "deck-long-unit", {"    unit: 亿元\n    period: 2023\n    change: {value: 12.8":
                                               "    unit: 元/平方米/年\n    period: 2023\n    change: {value: 12.8"})
    proc, out = built_deck(tmp_path, src)
    assert proc.returncode == 0, proc.stderr
    assert_no_overflow(out)
    prs = Presentation(str(out))
    tiles = [shp for slide in prs.slides for shp in slide.shapes if shp.name in ("Tile Gdp", "Callout Gdp")]
    assert tiles
    for shp in tiles:
        assert "2286.2元/平方米/年" in "".join(shp.text_frame.text.split())


def test_bullets_never_below_18pt_in_the_file(built):
    _, path, _, _ = built("mini")
    prs = Presentation(str(path))
    seen = 0
    for slide in prs.slides:
        for shp in slide.placeholders:
            if shp.placeholder_format.idx == 1:
                for p in shp.text_frame.paragraphs:
                    for r in p.runs:
                        assert r.font.size.pt >= 18
                        seen += 1
    assert seen


def test_same_input_same_bytes_and_fixed_properties():
    report = load(MINI)
    a = deck.build(report, ctx_for(MINI))
    b = deck.build(report, ctx_for(MINI))
    assert a == b
    prs = Presentation(io.BytesIO(a))
    cp = prs.core_properties
    for when in (cp.created, cp.modified, cp.last_printed):
        assert when.date() == report.meta.date
    assert cp.revision == 1
    assert cp.author == report.meta.issuer and report.meta.title in cp.title
    assert cp.identifier == f"sha256:{ctx_for(MINI).short_hash}"  # traceable to its content file
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {i.date_time[:3] for i in z.infolist()} == {(2024, 1, 16)}
        for name in z.namelist():
            if name.endswith(".xlsx"):
                inner = zipfile.ZipFile(io.BytesIO(z.read(name)))
                assert "2024-01-16T" in inner.read("docProps/core.xml").decode()


def test_deck_and_report_carry_the_same_core_properties():
    """One writer for docProps/core.xml: the two Office files of a content say the same title,
    author, date and identifier, byte for byte."""
    from govreport.builders import report as report_builder

    report = load(MINI)
    parts = {}
    for name, data in (("deck", deck.build(report, ctx_for(MINI))), ("report", report_builder.build(report, ctx_for(MINI)))):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts[name] = z.read("docProps/core.xml")
    assert parts["deck"] == parts["report"]
    assert report.meta.title.encode() in parts["deck"] and b"2024-01-16T00:00:00Z" in parts["deck"]


def test_quotes_are_the_figures_on_the_slides(built):
    report, path, _, _ = built("mini")
    ids = deck.quotes(report, ctx_for(MINI))
    assert {"gdp", "district_revenue", "key_industry_share", "gdp_target"} <= set(ids)
    text = "".join("".join(slide_texts(Presentation(str(path)))).split())
    for iid in ids:
        ind = report.indicators[iid]
        if ind.value is not None:
            assert ind.value_text in text, iid


# A user's template ---------------------------------------------------------------------

def make_template(path: Path, rename: dict | None = None, size=(9144000, 6858000), slides: int = 0) -> Path:
    prs = Presentation()
    prs.slide_width, prs.slide_height = size
    for layout in prs.slide_layouts:
        if rename and layout.name in rename:
            layout._element.cSld.set("name", rename[layout.name])
    for _ in range(slides):
        prs.slides.add_slide(prs.slide_layouts[6])
    prs.save(str(path))
    return path


def test_template_without_a_layout_is_a_content_error(tmp_path):
    tpl = make_template(tmp_path / "deck-template-missing.pptx", rename={"Section Header": "Kapitel"})
    report = load(MINI)
    with pytest.raises(ContentError) as e:
        deck.build(report, ctx_for(MINI, tpl))
    msg = str(e.value)
    assert "Section Header" in msg and str(tpl) in msg
    assert "Kapitel" in msg  # what the template has instead


def test_template_layouts_are_used(tmp_path):
    tpl = make_template(tmp_path / "deck-template.pptx", slides=2)
    report = load(MINI)
    ctx = ctx_for(MINI, tpl)
    data = deck.build(report, ctx)
    prs = Presentation(io.BytesIO(data))
    slides = deck.plan(report, ctx_for(MINI, tpl))
    assert len(prs.slides) == len(slides)  # the template's own slides are left out
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    assert [s.slide_layout.name for s in prs.slides] == [s.layout for s in slides]
    # The user's masters carry the look: none of our red bands and rules over them.
    assert not [shp for slide in prs.slides for shp in slide.shapes if shp.name == "Decoration"]
    own = Presentation(io.BytesIO(deck.build(report, ctx_for(MINI))))
    assert [shp for slide in own.slides for shp in slide.shapes if shp.name == "Decoration"]
    assert any("left out" in n for n in ctx.notes) and any("16:9" in n for n in ctx.notes)


def test_cli_writes_the_deck(tmp_path):
    proc = run_build(str(MINI), "--out", str(tmp_path), "--only", "deck")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / MINI.stem / "deck.pptx"
    assert out.is_file() and len(Presentation(str(out)).slides) > 5


def test_cli_missing_layout_exits_2(tmp_path):
    tpl = make_template(tmp_path / "deck-template-bad.pptx", rename={"Title Only": "Nur Titel"})
    proc = run_build(str(MINI), "--out", str(tmp_path), "--only", "deck", "--deck-template", str(tpl))
    assert proc.returncode == 2
    assert "Title Only" in proc.stderr and "deck-template-bad.pptx" in proc.stderr


# LibreOffice's rendering ---------------------------------------------------------------

@pytest.fixture(scope="module")
def rendered(built, soffice_pdf, tmp_path_factory):
    """The seed's deck (the mini one when the seed is missing) as LibreOffice renders it: (plan, pdf)."""
    which = "seed" if SEED.exists() else "mini"
    _, path, slides, _ = built(which)
    d = tmp_path_factory.mktemp("deck-render")
    src = d / f"deck-{which}-render.pptx"
    shutil.copy(path, src)
    return slides, soffice_pdf(src)


def test_libreoffice_renders_one_page_per_slide(rendered):
    import pdfplumber

    slides, pdf = rendered
    footer_top = THEME.footer.number_box[1]
    cfg = load_config()
    cjk_fonts = {cfg[getattr(THEME.fonts, u)].fontconfig.replace(" ", "") for u in ("title", "text", "figure")}
    with pdfplumber.open(str(pdf)) as doc:
        assert len(doc.pages) == len(slides)
        for k, page in enumerate(doc.pages, start=1):
            scale = float(page.height) / 540
            assert abs(float(page.width) / float(page.height) - 16 / 9) < 0.01
            for ch in page.chars:
                # Nothing off the page, and no large text running down into the footer.
                assert ch["x0"] >= -0.5 and ch["x1"] <= float(page.width) + 0.5, (k, ch["text"])
                if ch["size"] >= 17.5 * scale:
                    assert ch["bottom"] <= footer_top * scale, (k, ch["text"], ch["bottom"] / scale)
                # Chinese characters drawn with a CJK font (the 公文 names mapped), not a fallback.
                if ord(ch["text"][0]) >= 0x4E00:
                    assert any(f in ch["fontname"] for f in cjk_fonts), (k, ch["text"], ch["fontname"])


@pytest.mark.parametrize("which", ["seed", "second"])
def test_no_change_only_figure_without_its_word(built, which):
    """社零总额 增长14% reads as a change wherever the deck shows it, never as a level 14%; a fall
    says 下降 and its ▼ is in the fall colour."""
    report, path, _, _ = built(which)
    prs = Presentation(str(path))
    only = [i for i in report.indicators.values() if i.value is None and i.change is not None]
    assert only
    seen = 0
    for slide in prs.slides:
        for shp in slide.shapes:
            if not shp.has_text_frame:
                continue
            text = shp.text_frame.text.replace("\n", "").replace("\v", "")
            for ind in only:
                figure = ind.change_text
                if ind.display_label not in text:
                    continue
                for m in re.finditer(r"(?<![\d.])" + re.escape(figure), text):
                    seen += 1
                    assert text[: m.start()].endswith(ind.change.word), (slide.slide_id, text)
                if ind.change.direction < 0 and figure in text and shp.name.split()[0] in ("Tile", "Callout"):
                    marks = [r for p in shp.text_frame.paragraphs for r in p.runs if "▼" in r.text]
                    assert marks and all(str(r.font.color.rgb) == THEME.colors.fall for r in marks)
    assert seen, "no change-only figure on any slide"


def _area_slides(prs, report):
    """(slide, title shape, substance text) of the area slides, read back from the file."""
    heads = [a.heading.rstrip("。") for p in report.body.parts for a in p.areas]
    out = []
    for slide in prs.slides:
        title = next((s for s in slide.shapes if s.is_placeholder and s.placeholder_format.type in (1, 3)), None)
        if title is None:
            continue
        text = re.sub(r"\s+", "", title.text_frame.text)
        if not any(text.startswith(re.sub(r"\s+", "", h)) for h in heads):
            continue
        bits = []
        for s in slide.shapes:
            if s.has_table:  # an area's small counts
                bits += [c.text for row in s.table.rows for c in row.cells]
            if s is title or not s.has_text_frame or s.name in ("Footer", "Slide Number"):
                continue
            bits.append(s.text_frame.text)
        out.append((slide, title, re.sub(r"\s+", "", "".join(bits))))
    return out


@pytest.mark.parametrize("which", ["seed", "second"])
def test_area_slides_carry_the_report(built, which):
    """Area slides summarise: every one shows at least 40 characters of substance (points and
    figures, not its title or footer), 90 on average; their titles are set in at most two sizes;
    at least half the indicators appear on slides, not only in the notes."""
    report, path, _, _ = built(which)
    prs = Presentation(str(path))
    areas = _area_slides(prs, report)
    # every area has slides of its own or a point led by its heading on a slide its part's areas share
    every = "".join(shp.text_frame.text for sl in prs.slides for shp in sl.shapes if shp.has_text_frame)
    every = re.sub(r"\s+", "", every)
    for p in report.body.parts:
        for a in p.areas:
            assert re.sub(r"\s+", "", a.heading.rstrip("。")) in every, a.heading
    counts = [len(t) for _, _, t in areas]
    assert min(counts) >= 40, counts
    assert sum(counts) / len(counts) >= 90, counts
    sizes = {r.font.size.pt for _, title, _ in areas for p in title.text_frame.paragraphs for r in p.runs}
    assert len(sizes) <= 2, sizes
    # Indicators on the slides: a figure as it reads (2286.2亿元, 增长14%, a target's words) in a
    # text box or table, or a chart's bar.
    shown = ""
    bars = set()
    for slide in prs.slides:
        for s in slide.shapes:
            if s.has_text_frame:
                shown += s.text_frame.text
            if s.has_table:
                shown += "".join(c.text_frame.text for r in s.table.rows for c in r.cells)
            if s.has_chart:
                bars |= {str(c) for c in s.chart.plots[0].categories}
    shown = re.sub(r"\s+", "", shown)
    on = []
    for ind in report.indicators.values():
        figure = ind.value_text or (ind.change.word + ind.change_text if ind.change else ind.target_phrase)
        if ind.display_label in bars or re.search(r"(?<![\d.])" + re.escape(figure), shown):
            on.append(ind.id)
    assert len(on) * 2 >= len(report.indicators), (len(on), len(report.indicators))


@pytest.mark.parametrize("which", ["seed", "second"])
def test_lines_break_as_chinese_text_does(built, which):
    """The lines the deck writes (a:br): no number parted from its unit (5120 / 户), no line
    starting with closing punctuation or ending with an opening one, no wrapped label, title or
    closing line leaving a character alone."""
    from govreport import textfit

    report, path, _, _ = built(which)
    units = sorted(textfit.units_of(report.indicators.values()) | set(textfit.UNITS), key=len, reverse=True)
    start, end = textfit.kinsoku()
    prs = Presentation(str(path))
    broken = 0
    for slide in prs.slides:
        for shp in slide.shapes:
            if not shp.has_text_frame:
                continue
            for p in shp.text_frame._txBody.findall(f"{A}p"):
                lines, cur = [], ""
                for el in p:
                    if el.tag == f"{A}br":
                        lines.append(cur)
                        cur = ""
                    elif el.tag == f"{A}r":
                        cur += el.findtext(f"{A}t") or ""
                lines.append(cur)
                if len(lines) < 2:
                    continue
                broken += 1
                for a, b in zip(lines, lines[1:]):
                    assert not (a[-1:].isdigit() and any(b.startswith(u) for u in units)), (a, b)
                    assert b[:1] not in start and a[-1:] not in end, (a, b)
                title = shp.is_placeholder and shp.placeholder_format.type in (1, 3)
                if title or shp.name.split()[0] in ("Tile", "Callout", "Closing"):
                    assert len(lines[-1]) >= 2, lines
    assert broken


def test_notes_fit_their_box_when_printed(built):
    """A notes page prints what fits the notes box: the type is sized so the whole text fits."""
    from govreport import textfit

    report, path, _, _ = built("seed")
    m = textfit.measurer(load_config(), ambiguous_full=True)
    factor = float(THEME.measure.width_factor)
    prs = Presentation(str(path))
    longest = 0
    for slide in prs.slides:
        if not slide.has_notes_slide:
            continue
        body = slide.notes_slide.notes_placeholder
        w, h = body.width / PT, body.height / PT
        need = 3.6 * 2
        for p in body.text_frame.paragraphs:
            size = p.runs[0].font.size.pt if p.runs else 8.0
            pitch = int(p._p.find(f"{A}pPr/{A}lnSpc/{A}spcPts").get("val")) / 100
            need += m.line_count([(p.text, "sans", size)], w - 14.4, factor) * pitch
        assert need <= h + 0.5, (slide.slide_id, need, h)
        longest = max(longest, len(body.text_frame.text))
    assert longest > 1000  # the seed's longest area is there, whole


@pytest.mark.parametrize("which", ["seed", "second"])
def test_title_text_clears_the_red_rule(built, which):
    """A title's lines (one or two, centred in the title box; a grown title fills its box) end at
    least 4 pt above the short red bar under it, so a two-line title does not sit on the bar."""
    _, _, slides, _ = built(which)
    rule = THEME.title.rule.box
    checked = 0
    for s in slides:
        title = next((f for f in s.frames if f.name == "title"), None)
        bars = [r.box for r in s.shapes if r.box[0] == rule[0] and r.box[2:] == tuple(rule[2:])]
        if title is None or not bars:
            continue
        x, y, w, h = title.box
        text_bottom = y + h - max(0.0, (h - title.height) / 2)  # middle-anchored block
        assert bars[0][1] - text_bottom >= 4, (s.number, title.paragraphs[0].runs[0].text, bars[0][1] - text_bottom)
        checked += 1
    assert checked >= 10
