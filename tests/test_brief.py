"""The one-page PDF brief, read back as a reader and a printer would: pdfplumber, pdffonts, pdftotext.

The content files with too many indicators are generated from MINI and the seed into tmp_path, so
the fixtures stay small and follow the content format as it changes.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import MINI, SEED, lone_lines, run_build
from corpus import NAMES, imported
from govreport.builders import BuildContext
from govreport.builders import brief
from govreport.errors import ContentError
from govreport.loader import load
from govreport import selection
from govreport.model import format_number

import pdfplumber

MM = 72 / 25.4
A4 = (595.28, 841.89)
EDGE = 10 * MM
needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdffonts") and shutil.which("pdftotext")), reason="poppler-utils (pdffonts, pdftotext) not installed"
)


# --------------------------------------------------------------------------------------
# Helpers


def build_file(path: Path, out: Path) -> tuple[Path, subprocess.CompletedProcess]:
    proc = run_build(str(path), "--out", str(out), "--only", "brief", "--force")
    return out / path.stem / "brief.pdf", proc


def pdf_text(pdf: Path) -> str:
    """pdftotext's text with all whitespace removed (figures and labels may wrap)."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(data: dict, path: Path) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def multiplied(src: Path, dest: Path, times: int) -> Path:
    """``src`` with every indicator ``times`` times: copies get their own ids and labels; copied
    targets are quoted from a new closing paragraph (the loader wants every target referenced)."""
    data = raw(src)
    out, quoted = {}, []
    for key, ind in data["indicators"].items():
        out[key] = ind
        for k in range(2, times + 1):
            c = copy.deepcopy(ind)
            c["label"] = f"{ind['label']}（副本{k}）"
            c.pop("short", None)
            c["headline"] = False
            out[f"{key}_copy{k}"] = c
            if c.get("target"):
                quoted.append(f"{{{key}_copy{k}}}")
    data["indicators"] = out
    if quoted:
        data["body"].setdefault("closing", []).append("目标：" + "，".join(quoted) + "。")
    return write(data, dest)


def ctx_for(path: Path) -> BuildContext:
    return BuildContext(source=path)


def check_page(pdf_path: Path) -> "pdfplumber.page.Page":
    """One A4 portrait page, nothing under 7 pt, nothing within 10 mm of an edge."""
    pdf = pdfplumber.open(pdf_path)
    assert len(pdf.pages) == 1
    page = pdf.pages[0]
    assert page.width == pytest.approx(A4[0], abs=0.5) and page.height == pytest.approx(A4[1], abs=0.5)
    chars = page.chars
    assert chars, "no text on the page"
    small = [c["text"] for c in chars if c["size"] < 7 - 0.01]
    assert not small, f"{len(small)} characters under 7 pt: {''.join(small[:40])}"
    near = [c["text"] for c in chars
            if c["x0"] < EDGE or c["x1"] > page.width - EDGE or c["top"] < EDGE or c["bottom"] > page.height - EDGE]
    assert not near, f"characters within 10 mm of the edge: {''.join(near[:40])}"
    for obj in page.rects + page.lines + page.curves:  # drawings keep the margin too
        assert obj["x0"] >= EDGE - 0.5 and obj["x1"] <= page.width - EDGE + 0.5
        assert obj["top"] >= EDGE - 0.5 and obj["bottom"] <= page.height - EDGE + 0.5
    return page


def fonts_of(pdf: Path) -> list[dict]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    header = out[0]
    cols = {name: header.index(name) for name in ("type", "encoding", "emb", "sub", "uni")}
    rows = []
    for line in out[2:]:
        rows.append({
            "name": line[: cols["type"]].strip(),
            "type": line[cols["type"]: cols["encoding"]].strip(),
            "emb": line[cols["emb"]: cols["sub"]].strip(),
            "sub": line[cols["sub"]: cols["uni"]].strip(),
        })
    return rows


# --------------------------------------------------------------------------------------
# Built once per module


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("brief")


@pytest.fixture(scope="module")
def mini_pdf(out_dir) -> Path:
    pdf, proc = build_file(MINI, out_dir)
    assert proc.returncode == 0, proc.stderr
    return pdf


@pytest.fixture(scope="module")
def seed_build(out_dir):
    pdf, proc = build_file(SEED, out_dir)
    assert proc.returncode == 0, proc.stderr
    return pdf, proc


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """MINI with every indicator 30 times: far more rows than a page holds."""
    d = tmp_path_factory.mktemp("brief-many")
    src = multiplied(MINI, d / "brief-many.yaml", 30)
    pdf, proc = build_file(src, d / "out")
    assert proc.returncode == 0, proc.stderr
    return src, pdf, proc


# --------------------------------------------------------------------------------------
# The page


@pytest.mark.parametrize("which", ["mini", "seed"])
def test_one_a4_page_margins_and_sizes(which, request):
    pdf = request.getfixturevalue("mini_pdf") if which == "mini" else request.getfixturevalue("seed_build")[0]
    check_page(pdf)


@needs_poppler
@pytest.mark.parametrize("which", ["mini", "seed"])
def test_every_font_is_embedded_truetype(which, request):
    pdf = request.getfixturevalue("mini_pdf") if which == "mini" else request.getfixturevalue("seed_build")[0]
    rows = fonts_of(pdf)
    assert rows, "no fonts"
    for r in rows:
        assert r["emb"] == "yes", r
        assert r["sub"] == "yes", r  # subsets: only the glyphs used
        assert "TrueType" in r["type"], r
    # no base-14 font slipped in (Helvetica would mean a glyph drawn with no CJK font)
    assert not any("Helvetica" in r["name"] or "Times" in r["name"] for r in rows)


@needs_poppler
def test_mini_figures_targets_and_footer(mini_pdf):
    text = pdf_text(mini_pdf)
    report = load(MINI)
    for ind in report.headline_indicators:
        assert format_number(ind.value) in text, ind.id
        assert ind.display_label in text, ind.id
        if ind.change:
            assert ind.change.word + ind.change.text in text, ind.id
    for ind in report.target_indicators:
        assert ind.label in text and ind.value_text in text, ind.id
    assert "2024年政府工作报告" in text and report.meta.issuer in text and "2024年1月16日" in text
    assert ctx_for(MINI).short_hash in text
    assert "第1页共1页" in text
    assert report.meta.session in text


@needs_poppler
def test_seed_headline_figures_and_targets(seed_build):
    pdf, _ = seed_build
    text = pdf_text(pdf)
    named = ["2286.2", "12.8", "168.53", "8.31", "370", "179.2", "306", "840"]
    assert [n for n in named if n not in text] == []
    report = load(SEED)
    figures = []
    for ind in report.headline_indicators:
        if ind.value is not None:
            figures.append(format_number(ind.value))
        if ind.change:
            figures.append(format_number(ind.change.value))
    present = [f for f in figures if f in text]
    assert len(present) >= min(16, len(figures)), sorted(set(figures) - set(present))
    assert "地区生产总值增长" in text and "5%左右" in text
    assert "区级一般公共预算收入增长" in text
    for ind in report.target_indicators:
        assert ind.label in text, ind.id


def test_seed_is_small(seed_build):
    pdf, _ = seed_build
    assert pdf.stat().st_size <= 300 * 1024


def test_document_info_from_the_content(mini_pdf):
    meta = pdfplumber.open(mini_pdf).metadata
    report = load(MINI)
    assert report.meta.title in meta["Title"]
    assert meta["Author"] == report.meta.issuer
    assert report.meta.session in meta["Subject"]
    assert meta["CreationDate"].startswith("D:20240116")
    assert meta["Keywords"] == f"sha256:{ctx_for(MINI).short_hash}"


def test_same_input_same_bytes(mini_pdf, tmp_path):
    """The CLI's file and an in-process build are byte for byte the same."""
    again = brief.build(load(MINI), ctx_for(MINI))
    assert again == mini_pdf.read_bytes()
    assert brief.build(load(MINI), ctx_for(MINI)) == again


# --------------------------------------------------------------------------------------
# The chart is vector drawing


@pytest.mark.parametrize("which", ["mini", "seed"])
def test_chart_is_vector_bars_with_values(which, request):
    path = MINI if which == "mini" else SEED
    pdf = request.getfixturevalue("mini_pdf") if which == "mini" else request.getfixturevalue("seed_build")[0]
    p = brief.plan(load(path), ctx_for(path))
    assert p.chart is not None and p.bars
    page = pdfplumber.open(pdf).pages[0]
    x0, top, x1, bottom = p.chart.x, p.chart.top, p.chart.x + p.chart.w, p.chart.bottom
    area = page.within_bbox((x0, top, x1, bottom))
    filled = [r for r in area.rects if r.get("fill") and r["width"] > 1 and r["height"] > 2]
    assert len(filled) >= len(p.bars), f"{len(filled)} filled rects for {len(p.bars)} bars"
    assert area.lines or area.curves or any(r["height"] < 1.5 or r["width"] < 1.5 for r in area.rects), "no axis lines"
    # the bars are drawn, not pictures
    assert not page.images
    text = re.sub(r"\s+", "", area.extract_text())
    # the category names, left of the bars: every label whole (on two lines where it is long)
    names = page.within_bbox((x0, top, min(r["x0"] for r in filled) - 1, bottom))
    names = re.sub(r"\s+", "", names.extract_text())
    for b in p.bars:
        assert b.text in text and b.label in names, b


# --------------------------------------------------------------------------------------
# Fitting: rows give way, then a clear error


def test_many_rows_still_one_page_and_dropped_rows_named(many):
    src, pdf, proc = many
    page = check_page(pdf)
    notes = [ln for ln in proc.stdout.splitlines() if ": note: table:" in ln]
    assert len(notes) == 1, proc.stdout
    assert "rows left out" in notes[0]
    # The note lists the rows by group, a line each, under its first line.
    listed = proc.stdout.split(": note: table:", 1)[1]
    listed = "\n".join(l for l in listed.splitlines()[1:] if l.startswith("    "))
    report = load(src)
    p = brief.plan(report, ctx_for(src))
    assert len(p.rows) >= 20 and p.dropped
    # every row is on the page or named in the note: nothing silently lost
    label_w = p.table_widths[0]
    labels = ""
    for box, _ in p.columns:
        crop = page.within_bbox((box.x, box.top, box.x + label_w, box.bottom))
        labels += re.sub(r"\s+", "", crop.extract_text())
    for r in p.rows:
        assert r.label in labels, r.label
    lines = {l.split(" (")[0].strip(): l for l in listed.splitlines()}
    for r in p.dropped:
        assert r.label in lines[r.group].split(": ", 1)[1].split("、"), r.label
        assert r.label not in labels
    # headline rows and the best-ranked row of every group stay (selection.rank: what a reader needs first)
    kept = {r.id for r in p.rows}
    assert {i.id for i in report.headline_indicators} <= kept
    for _, items in report.grouped_indicators():
        assert selection.rank(items)[0].id in kept


def test_seed_three_times_still_one_page(tmp_path):
    src = multiplied(SEED, tmp_path / "brief-3x.yaml", 3)
    pdf, proc = build_file(src, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    check_page(pdf)
    assert "rows left out" in proc.stdout
    assert "（副本2）" in proc.stdout  # names the rows


def test_overfull_minimum_exits_2_with_a_clear_message(tmp_path):
    data = raw(MINI)
    quoted = []
    for k in range(70):
        data["indicators"][f"target_{k}"] = {
            "label": f"第{k}项需要在简报的目标框里逐条列出的年度预期目标指标", "value": k + 1, "unit": "%",
            "period": 2024, "group": "targets", "target": True,
        }
        quoted.append(f"{{target_{k}}}")
    data["body"]["closing"].append("目标：" + "，".join(quoted) + "。")
    src = write(data, tmp_path / "brief-overfull.yaml")
    pdf, proc = build_file(src, tmp_path / "out")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "brief-overfull.yaml" in proc.stderr
    assert "does not fit one page even at its minimum" in proc.stderr
    assert "71 targets" in proc.stderr  # MINI's one and the 70 added
    assert "Traceback" not in proc.stderr
    assert not pdf.exists()


def test_missing_glyph_is_an_error_not_a_box(tmp_path):
    data = raw(MINI)
    data["indicators"]["gdp"]["short"] = "地区生产总值\U0001F600"  # no font of ours has the emoji
    src = write(data, tmp_path / "brief-glyph.yaml")
    with pytest.raises(ContentError, match="no glyph"):
        brief.build(load(src), ctx_for(src))


def test_template_refuses_tiny_type_and_thin_margins(tmp_path):
    t = raw(Path(brief.__file__).resolve().parents[3] / "templates" / "brief.yaml")
    t["table"]["size"] = 6.5
    t["page"]["margin"] = 8
    tpl = tmp_path / "templates"
    shutil.copytree(Path(brief.__file__).resolve().parents[3] / "templates", tpl)
    (tpl / "brief.yaml").write_text(yaml.safe_dump(t, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as e:
        brief.Template.load(tpl)
    assert re.search(r"brief\.yaml:\d+:\d+: table\.size: 6\.5 pt is below", str(e.value)), str(e.value)
    assert re.search(r"brief\.yaml:\d+:\d+: page\.margin: margins must be", str(e.value)), str(e.value)


def test_drop_order_follows_what_a_reader_needs_first(tmp_path):
    """Rows give way least needed first: a small count before a larger one (外聘法律顾问 17名 before
    跨国公司地区总部 85家), counts before shares, shares before amounts, amounts without a change
    before changes; the best row of each group after the other ordinary rows, headline rows last."""
    data = raw(MINI)
    inds = {
        "advisers": {"label": "外聘法律顾问", "value": 17, "unit": "名"},
        "hq": {"label": "跨国公司地区总部", "value": 85, "unit": "家"},
        "share": {"label": "服务业增加值占比", "value": 70, "unit": "%"},
        "amount": {"label": "技术合同成交额", "value": 120, "unit": "亿元"},
        "grown": {"label": "接待游客", "value": 3, "unit": "万人次", "change": {"value": 10.4, "unit": "%"}},
        "best": {"label": "实际使用外资", "value": 20, "unit": "亿美元", "change": {"value": 5, "unit": "%"}},
    }
    group = next(iter(data["groups"]))
    for k, v in inds.items():
        data["indicators"][k] = {**v, "period": data["meta"]["review_year"], "group": group}
    src = write(data, tmp_path / "brief-rank.yaml")
    report = load(src)
    t = brief.Template.load(BuildContext(source=src).templates)
    rows = [r for r in brief.table_rows(report) if r.id in inds or r.headline]
    order = [r.id for r in brief.drop_order(rows, t, report)]
    ours = [x for x in order if x in inds]
    assert ours == ["advisers", "hq", "share", "amount", "grown", "best"], order
    heads = {r.id for r in rows if r.headline}
    assert set(order[-len(heads):]) == heads


def test_a_fall_is_marked_down_and_drawn_left_of_zero(tmp_path):
    data = raw(MINI)
    data["indicators"]["district_revenue"]["change"]["word"] = "下降"
    src = write(data, tmp_path / "brief-fall.yaml")
    ctx = ctx_for(src)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(load(src), ctx))
    p = brief.plan(load(src), ctx)
    t = brief.Template.load(ctx.templates)
    down = tuple(round(v, 3) for v in t.colour("down").rgb())
    neg = tuple(round(v, 3) for v in t.colour("bar_negative").rgb())
    page = pdfplumber.open(pdf).pages[0]
    colour = lambda o: tuple(round(v, 3) for v in (o.get("non_stroking_color") or ())[:3])  # noqa: E731
    # the tile's mark is a filled vector triangle in the "down" colour
    tile_box = next(b for tile, b in p.tiles if tile.id == "district_revenue")
    tile = page.within_bbox((tile_box.x, tile_box.top, tile_box.x + tile_box.w, tile_box.bottom))
    assert any(colour(o) == down for o in tile.curves + tile.rects + tile.lines), "no down mark"
    assert "下降8.31%" in re.sub(r"\s+", "", tile.extract_text())
    # the chart's bar runs left from zero, its label left of it
    chart = page.within_bbox((p.chart.x, p.chart.top, p.chart.x + p.chart.w, p.chart.bottom))
    bar = next(r for r in chart.rects if colour(r) == neg)
    up_bar = next(r for r in chart.rects if colour(r) == tuple(round(v, 3) for v in t.colour("bar").rgb()))
    assert bar["x1"] == pytest.approx(up_bar["x0"], abs=0.5)  # both start at zero
    label = next(w for w in chart.extract_words() if w["text"] == "下降8.31%")  # as the report says it
    assert label["x1"] <= bar["x0"]


def test_long_tile_and_chart_labels_are_derived_never_cut(tmp_path):
    """One label policy (selection.fit_label): a label too long for a tile or a chart is shown as
    its last whole words, with a note naming the indicator; never cut with …"""
    long = "一个长得放不进图表标签位置也放不进指标卡片的地区生产总值简称"
    data = raw(MINI)
    data["indicators"]["gdp"]["short"] = long
    src = write(data, tmp_path / "brief-long.yaml")
    ctx = ctx_for(src)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(load(src), ctx))
    assert any(n.startswith("chart: label") and "short:" in n and "gdp" in n for n in ctx.notes), ctx.notes
    assert any(n.startswith("tile gdp: label") for n in ctx.notes), ctx.notes
    p = brief.plan(load(src), ctx_for(src))
    tile = next(x for x, _ in p.tiles if x.id == "gdp")
    bar = next(b for b in p.bars if b.id == "gdp")
    for shown in (tile.label_text, bar.label):
        assert long.endswith(shown) and len(shown) >= 2 and "…" not in shown, shown
    text = pdfplumber.open(pdf).pages[0].extract_text()
    assert "…" not in text


def test_a_chart_label_no_words_of_which_fit_leaves_the_bar_out_not_the_brief(tmp_path):
    """A label with no words that fit the chart's label column (punctuation only, one long Latin
    token): the brief still builds, the bar is left out with a note, the figure stays in the table
    (test_robustness found ``、、、…`` refused the whole brief)."""
    data = raw(MINI)
    data["indicators"]["gdp"]["short"] = "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ"
    src = write(data, tmp_path / "brief-unfit.yaml")
    ctx = ctx_for(src)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(load(src), ctx))
    assert any("gdp" in n and "left out of the chart" in n for n in ctx.notes), ctx.notes
    p = brief.plan(load(src), ctx_for(src))
    assert "gdp" not in [b.id for b in p.bars] and "gdp" in [r.id for r in p.rows]
    assert len(pdfplumber.open(pdf).pages) == 1


def test_table_flows_into_the_next_column_with_its_head_and_group_title(seed_build):
    """platypus splits a group's Table into the next column: that column has the column head
    and the group's title again, marked （续）; no label line runs past its cell."""
    pdf, _ = seed_build
    p = brief.plan(load(SEED), ctx_for(SEED))
    assert len(p.columns) == 2
    page = pdfplumber.open(pdf).pages[0]
    label_w = p.table_widths[0]
    for n, (box, _) in enumerate(p.columns):
        above = page.within_bbox((box.x, box.top - 14, box.x + box.w, box.top + 1)).extract_text()
        assert "指标" in above, f"column {n + 1} has no column head: {above!r}"
        first = page.within_bbox((box.x, box.top, box.x + box.w, box.top + 14)).extract_text()
        if n:
            # A group split by the column break goes on under its title marked （续）; a column may
            # also start with a new group, whose title then is not in the column before.
            title = first.strip()
            if not title.endswith("（续）"):
                prev, _ = p.columns[n - 1]
                before = page.within_bbox((prev.x, prev.top, prev.x + prev.w, prev.bottom)).extract_text()
                assert title in load(SEED).groups.values() and title not in before, first
        # no character straddles the label column's right edge: labels are broken to fit it
        chars = page.within_bbox((box.x, box.top, box.x + box.w, box.bottom)).chars
        assert all(c["x1"] <= box.x + label_w + 0.5 or c["x0"] >= box.x + label_w - 0.5 for c in chars)


def test_rows_with_a_change_stay_before_rows_without():
    """When rows must go, a row that says how a figure changed (技术合同成交额 增长26%) stays while
    a row of a bare count can go."""
    report = load(SEED)
    p = brief.plan(report, ctx_for(SEED))
    kept = {r.id for r in p.rows}
    every = brief.table_rows(report)
    dropped = [r for r in every if r.id not in kept]
    assert dropped, "the seed's table does not fit whole: some rows go"
    if any(not r.change and not r.headline and r.rank > 0 for r in every if r.id in kept):
        assert all(r.id in kept for r in every if r.change), [r.label for r in dropped if r.change]


def test_the_qualifier_stands_in_the_figure_column():
    """超过600 | 家, 约3 | 万个, 2.3万余 | 次: a qualifier is read in the figure's column, never in the unit's."""
    from govreport.figures import QUALIFIERS

    rows = brief.table_rows(load(SEED))
    qualified = [r for r in rows if any(q in r.number for q in QUALIFIERS)]
    assert {r.id for r in qualified} >= {"ai_firms", "new_jobs", "enterprise_visits", "digital_economy_firms"}
    assert not [r for r in rows if any(r.unit.startswith(q) for q in ("余", "多"))]
    visits = next(r for r in rows if r.id == "enterprise_visits")
    assert (visits.number, visits.unit) == ("2.3万余", "次")


# --------------------------------------------------------------------------------------
# Read back as a reviewer reads it: the year once in the header, every label whole (no …),
# no character alone on a line of a cell, one page


YEAR = re.compile(r"(?:[0-9]{4}|[〇零一二三四五六七八九]{4})年")


def header_title(page) -> str:
    """The title on the header band: the characters of 12 pt and more inside the topmost filled
    rectangle (the kicker, subtitle and issuer are smaller)."""
    band = min((r for r in page.rects if r.get("fill") and r["width"] > page.width / 2), key=lambda r: r["top"])
    chars = [c for c in page.crop((band["x0"], band["top"], band["x1"], band["bottom"])).chars if c["size"] >= 12]
    return "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))


def check_reads_right(pdf_path: Path, report) -> None:
    pdf = pdfplumber.open(pdf_path)
    assert len(pdf.pages) == 1, f"{len(pdf.pages)} pages"
    page = pdf.pages[0]
    title = header_title(page)
    assert report.meta.title in title, title
    assert len(YEAR.findall(title)) == 1, f"the header names the year {len(YEAR.findall(title))} times: {title}"
    text = "".join(c["text"] for c in page.chars)
    assert "…" not in text, "a label cut with …"
    assert lone_lines(page) == [], "a character alone on a line"


FIXTURES = [SEED] + sorted(MINI.parent.glob("*.yaml"))  # the seed and every fixture


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_brief_reads_right(path, tmp_path):
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(load(path), ctx_for(path)))
    check_reads_right(pdf, load(path))


@pytest.mark.parametrize("name", NAMES)
def test_corpus_brief_reads_right(name, tmp_path):
    """Every real report whose imported draft loads: one page, the year once, no …, no character
    alone on a line."""
    imp = imported(name)
    if not imp.ok:
        first = (imp.error or imp.stderr or "").strip().splitlines()
        pytest.skip(f"{name}: the imported draft does not load yet: {first[0] if first else imp.exit_code}")
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(imp.report, BuildContext(source=imp.yaml_path)))
    check_reads_right(pdf, imp.report)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_targets(pdf_path: Path, report, ctx) -> None:
    """Every target of the plan year in the targets box, in the report's order, under a heading
    that says they are targets: its label and figure whole, a target in words as its whole
    statement (wrapped within the box, read from the box alone: the column beside it is not
    between its lines)."""
    from govreport import figures

    targets = report.target_indicators
    if not targets:
        return
    p = brief.plan(report, ctx)
    assert p.targets_box is not None, "the targets box was left out"
    heading, _ = p.headings["targets"]
    assert "目标" in heading, heading
    b = p.targets_box
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[0]
        text = squash(page.crop((b.x, b.top, b.x + b.w, b.bottom)).extract_text() or "")
        assert squash(heading) in squash(page.extract_text()), heading
    at = 0
    for ind in targets:
        wanted = [ind.text] if figures.qualitative(ind) else [ind.label, figures.target_phrase(ind)]
        for w in wanted:
            found = text.find(squash(w), at)
            assert found >= 0, f"target {ind.id}: {w!r} not in the targets box (in order): {text}"
            at = found + len(squash(w))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_brief_shows_every_target_whole(path, tmp_path):
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(load(path), ctx_for(path)))
    check_targets(pdf, load(path), ctx_for(path))


@pytest.mark.parametrize("name", NAMES)
def test_corpus_brief_shows_every_target_whole(name, tmp_path):
    """河南省's 单位生产总值二氧化碳排放降低目标与国家“十五五”考核目标统筹衔接 among them, on two lines."""
    imp = imported(name)
    if not imp.ok:
        first = (imp.error or imp.stderr or "").strip().splitlines()
        pytest.skip(f"{name}: the imported draft does not load yet: {first[0] if first else imp.exit_code}")
    ctx = BuildContext(source=imp.yaml_path)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(imp.report, ctx))
    check_targets(pdf, imp.report, BuildContext(source=imp.yaml_path))


@pytest.mark.parametrize("title", ["2024年政府工作报告", "长宁区政府工作报告", "2024年长宁区政府工作报告",
                                   "政府工作报告（2024年）"])
def test_the_header_names_the_year_once_whatever_the_title(title, tmp_path):
    data = raw(MINI)
    data["meta"]["title"] = title
    src = write(data, tmp_path / "brief-title.yaml")
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(load(src), ctx_for(src)))
    got = header_title(pdfplumber.open(pdf).pages[0])
    assert got == (title if YEAR.search(title) else f"2024年{title}")
    assert pdfplumber.open(pdf).metadata["Title"].startswith(got + " ")


def test_ranges_as_the_report_writes_them(tmp_path):
    path = MINI.parent / "annexes.yaml"
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(load(path), ctx_for(path)))
    text = re.sub(r"\s+", "", pdfplumber.open(pdf).pages[0].extract_text())
    assert "5%—5.5%" in text and "4.5-5%" in text and "增长6%到7%" in text and "2—4" in text


@pytest.mark.parametrize("text, width", [
    ("“3+3”重点产业综合税收", 11),  # was 综合税/收
    ("架空线入地市政道路完成率", 11),  # was 完成/率
    ("赴外招商推介的国家和地区", 11),  # was 国家和地/区
    ("电信网络诈骗“零发案”居民小区占比", 9),  # was “零/发案”
    ("申诉求决类初次信访事项一次性化解率", 8),
    ("城镇常住居民人均可支配收入", 12),
])
def test_cell_lines_break_at_words_and_leave_no_character_alone(text, width):
    """``Fonts.lines`` at a width of ``width`` characters of the table's size: the text whole, no
    line of one character, every break between two words of rjieba's dictionary and outside a
    quoted name, at most one line more than filling each line to the end would take."""
    import rjieba

    t = brief.Template.load(BuildContext(source=MINI).templates)
    fonts = brief.Fonts(t, text)
    size = t.num("table", "size")
    room = fonts.width("text", "国" * width, size) + 0.5
    got = fonts.lines(text, "text", size, room)
    assert "".join(got) == text
    assert len(got) > 1 and all(len(line) > 1 for line in got), got
    assert all(fonts.width("text", line, size) <= room for line in got), got
    words = {0}
    for w in rjieba.cut(text):
        words.add(max(words) + len(w))
    quoted = [m.span() for m in re.finditer(r"“[^”]*”", text)]
    at = 0
    for line in got[:-1]:
        at += len(line)
        assert at in words and not any(a < at < b for a, b in quoted), f"broken inside a word: {got}"
    greedy = fonts.measure.lines([(text, fonts.roles["text"].role, size)], room)
    assert len(got) <= len(greedy) + 1, (got, [g.text for g in greedy])


# --------------------------------------------------------------------------------------
# What the brief picks, read back from the PDF over the seed, the fixtures and the corpus


def briefs():
    """(id, report, ctx) of the seed, every fixture and every corpus draft that loads."""
    out = [pytest.param(p, id=p.stem) for p in FIXTURES]
    return out + [pytest.param(n, id=str(n)) for n in NAMES]


def _report_of(which, tmp_path):
    if isinstance(which, Path):
        return load(which), ctx_for(which)
    imp = imported(which)
    if not imp.ok:
        pytest.skip(f"{which}: the imported draft does not load yet")
    return imp.report, BuildContext(source=imp.yaml_path)


def _crop_text(page, box) -> str:
    return squash(page.crop((box.x, box.top, box.x + box.w, box.bottom)).extract_text() or "")


def _built(which, tmp_path):
    """(report, plan, the PDF) of a brief built from the seed, a fixture or a corpus draft."""
    report, ctx = _report_of(which, tmp_path)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(report, ctx))
    return report, brief.plan(report, ctx), pdf


def _table_read(which, tmp_path):
    """(report, plan, the table's text read back from its columns) of a built brief."""
    report, p, pdf = _built(which, tmp_path)
    with pdfplumber.open(pdf) as doc:
        text = "".join(_crop_text(doc.pages[0], box) for box, _ in p.columns)
    return report, p, text


@pytest.mark.parametrize("which", [p.values[0] for p in briefs()], ids=[p.id for p in briefs()])
def test_the_chart_holds_growth_of_amounts_of_one_set(which, tmp_path):
    """The growth chart's bars, read from its box: changes of amounts only (no price, intensity,
    share or rate beside them: 居民消费价格 上涨0.8%, 碳排放强度 下降20.5%): the headline figures,
    and those of one group filling a chart they are too few for; every bar's label and value in the chart's box
    (a label too long is derived short, never cut with …: test_long_tile_and_chart_labels_…)."""
    from govreport import figures

    report, ctx = _report_of(which, tmp_path)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(report, ctx))
    p = brief.plan(report, ctx)
    if p.chart is None:
        return
    with pdfplumber.open(pdf) as doc:
        text = _crop_text(doc.pages[0], p.chart)
    inds = [report.indicators[b.id] for b in p.bars]
    for b, ind in zip(p.bars, inds):
        assert squash(b.label) in text and squash(b.text) in text, (b.label, b.text, text)
        assert "…" not in b.label, b.label
        assert ind.change.unit == "%" and ind.unit not in figures.NOT_GROWTH_UNITS, ind.id
        assert not re.search(r"强度|价格|指数|^单位|^万元", ind.label), f"{ind.label}: not an amount's growth"
    # the headline ones first; what fills a chart they are too few for is of one group
    assert len({i.group for i in inds if not i.headline}) <= 1, [(i.id, i.group) for i in inds]


def test_a_price_and_an_intensity_stay_in_the_table_not_the_growth_chart(tmp_path):
    path = MINI.parent / "annexes.yaml"
    report, ctx = load(path), ctx_for(path)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(report, ctx))
    p = brief.plan(report, ctx)
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        whole = squash(page.extract_text())
        chart = _crop_text(page, p.chart) if p.chart is not None else ""
    for label in ("居民消费价格", "单位地区生产总值能耗"):
        assert label in whole and label not in chart, label


def test_two_rows_whose_label_names_two_things_read_one_each(tmp_path):
    """picks.yaml: 城镇和农村居民人均可支配收入 52100元 and 27300元, two rows of one group, read
    城镇居民人均可支配收入 and 农村居民人均可支配收入 in the table, as the tiles read them."""
    path = MINI.parent / "picks.yaml"
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(load(path), ctx_for(path)))
    p = brief.plan(load(path), ctx_for(path))
    with pdfplumber.open(pdf) as doc:
        lines = [squash(ln) for ln in doc.pages[0].extract_text().splitlines()]
    table = [ln for ln in lines if "52100" in ln or "27300" in ln]
    assert any(ln.startswith("城镇居民人均可支配收入52100") for ln in table), table
    assert any(ln.startswith("农村居民人均可支配收入27300") for ln in table), table
    assert not any("城镇和农村" in r.label for r in p.rows)


@pytest.mark.parametrize("which", [p.values[0] for p in briefs()], ids=[p.id for p in briefs()])
def test_rows_kept_are_the_ones_a_reader_needs_first(which, tmp_path):
    """Read back from the table's columns: every kept row's label whole (no …) and its figure;
    and a row left out never outranks an ordinary row kept (``selection.rank_key``: amounts and
    their changes, other changes, amounts, shares, then counts by size), except the best row of
    each group, kept so the group stays named."""
    report, p, text = _table_read(which, tmp_path)
    for r in p.rows:
        bits = [squash(b) for b in (r.number + r.unit, r.change) if b]
        for bit in bits:
            assert bit in text, f"row {r.id}: {bit!r} not in the table"
        # a label of two or three lines has its figures on its middle line, read between them
        between = "(?:" + "|".join(re.escape(b) for b in bits) + ")*" if bits else ""
        label = between.join(re.escape(c) for c in squash(r.label))
        assert re.search(label, text), f"row {r.id}: the label {r.label!r} is not whole in the table"
        assert "…" not in r.label
    if not p.dropped:
        return
    key = lambda r: selection.rank_key(report.indicators[r.id])  # noqa: E731
    best = {}
    for r in sorted(p.rows, key=key):
        best.setdefault(r.group, r.id)
    ordinary = [r for r in p.rows if not r.headline and best[r.group] != r.id]
    if ordinary:
        worst_kept = max(key(r) for r in ordinary)
        better_gone = [r.label for r in p.dropped if not r.headline and key(r) < worst_kept]
        assert not better_gone, f"left out before rows ranked lower: {better_gone[:5]}"


def tile_labels(page, p) -> list[str]:
    """Each tile's label as drawn: its top line of text, at the label's size, inside its box."""
    out = []
    for tile, box in p.tiles:
        chars = [c for c in page.crop((box.x, box.top, box.x + box.w, box.bottom)).chars
                 if abs(c["size"] - tile.label_size) < 0.05]
        top = min((c["top"] for c in chars), default=0)
        out.append("".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]) if c["top"] - top < 1))
    return out


@pytest.mark.parametrize("which", [p.values[0] for p in briefs()], ids=[p.id for p in briefs()])
def test_no_two_tiles_read_the_same_label_or_a_bare_number(which, tmp_path):
    _, p, pdf = _built(which, tmp_path)
    with pdfplumber.open(pdf) as doc:
        labels = tile_labels(doc.pages[0], p)
    assert all(labels), labels
    assert len(set(labels)) == len(labels), labels
    # a level and its change stated apart are one tile, not 进出口总值（1） and 进出口总值（2）
    assert not [x for x in labels if re.search(r"（\d+）$", x)], labels


@pytest.mark.parametrize("change_headline", [True, False], ids=["both-headline", "level-headline"])
def test_a_change_stated_apart_from_its_level_is_one_tile_with_it(tmp_path, change_headline):
    """河南省: 进出口总值9356.7亿元 in one sentence, 进出口总值增长14.1% in another: one tile reads
    the label once, the level and the change; --verify finds both figures. Also where only the level
    is a headline figure (河北省's draft: 全省生产总值4.93万亿元 headline, 全省生产总值增长5.6% not)."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace('''    period: 2023
    change: {value: 12.8, unit: "%", word: 增长}
    group: economy
    headline: true
''', '''    period: 2023
    group: economy
    headline: true
  gdp_growth:
    label: 地区生产总值
    period: 2023
    change: {value: 12.8, unit: "%", word: 增长}
    group: economy
''' + ("    headline: true\n" if change_headline else ""), 1)
    text = text.replace("全年地区生产总值达到{gdp}，同比增长{gdp.change}；", "全年地区生产总值达到{gdp}。全年地区生产总值同比增长{gdp_growth.change}；", 1)
    src = tmp_path / "apart.yaml"
    src.write_text(text, encoding="utf-8")
    report = load(src)
    p = brief.plan(report, ctx_for(src))
    pdf, proc = build_file(src, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        labels = tile_labels(page, p)
        box = next(b for t, b in p.tiles if t.id == "gdp")
        tile = squash(page.crop((box.x, box.top, box.x + box.w, box.bottom)).extract_text())
    assert labels.count("地区生产总值") == 1, labels
    assert "2286.2亿元" in tile and "增长12.8%" in tile, tile
    # the table too: one row, the level and the change on it
    assert [r.label for r in p.rows].count("地区生产总值") == 1, [r.label for r in p.rows]
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    rows = [squash(line) for line in layout.splitlines() if line.strip().startswith("地区生产总值")]
    assert any("2286.2亿元增长12.8%" in row for row in rows), rows
    r = run_build(str(src), "--out", str(tmp_path / "out"), "--only", "brief", "--verify-only")
    assert r.returncode == 0 and "verify: ok" in r.stdout, r.stdout + r.stderr


def _column_text(page, p, k: int, year_only: bool = False) -> str:
    """The text of the table's ``k``-th column (0 label, 1 figure, 2 unit, 3 change) in every frame
    the table reaches, read from the PDF frame by frame; with ``year_only`` only under the year's
    column head: above the heading of the span's figures that may follow (2021—2025年主要指标, with a
    column head of its own), read from the page."""
    x = sum(p.table_widths[:k])
    span = [w for w in page.extract_words() if re.fullmatch(r"\d{4}—\d{4}年主要指标", w["text"])]
    out = []
    for n, (box, _) in enumerate(p.columns):
        bottom = box.bottom
        if year_only and p.head_frames is not None and n >= p.head_frames:
            break  # the span's frames: their own column head
        if year_only:
            here = [w["top"] for w in span if box.x <= w["x0"] < box.x + box.w and w["top"] < box.bottom]
            if here and min(here) <= box.top:
                continue  # the span's heading above this frame: its rows are not under the year's head
            bottom = min(here + [bottom])
        out.append(squash(page.crop((box.x + x, box.top, box.x + x + p.table_widths[k], bottom)).extract_text() or ""))
    return "".join(out)


@pytest.mark.parametrize("which", [p.values[0] for p in briefs()], ids=[p.id for p in briefs()])
def test_the_last_year_column_holds_only_changes_against_last_year(which, tmp_path):
    """Under the table's 比上年 head no change against another year (比2020年下降25%) and no yearly
    average (年均增长5.9%); such a change is in the table beside its row's label, as the report
    writes it (天津市's PM2.5年均浓度（比2020年下降25%）)."""
    from govreport import figures

    report, ctx = _report_of(which, tmp_path)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(report, ctx))
    p = brief.plan(report, ctx)
    if not p.columns:
        return
    head = squash(brief.Template(ctx.config).text("table_head")[2])
    assert "上年" in head, head  # the template's head is 比上年: the check means something
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        column = _column_text(page, p, 3, year_only=True)
        table = "".join(_crop_text(page, box) for box, _ in p.columns)
    assert not re.search(r"比\d{4}年|年均", column), column
    for r in p.rows:
        ind = report.indicators[r.id]
        if ind.change is not None and (ind.change.base is not None or ind.change.per_year):
            phrase = squash(figures.change_phrase(ind))
            assert not r.change and phrase in squash(r.label), (r.label, r.change)
            assert phrase in table.replace(squash(r.number + r.unit), ""), f"{r.id}: {phrase} not in the table"


def test_a_change_against_another_year_stands_beside_its_label(tmp_path):
    """annexes.yaml: 细颗粒物年均浓度 28微克/立方米, 比2020年下降25%: its figure in the 2025年 column,
    its change with its label, whole on a line (not 比/2020年), the 比上年 column empty on its row."""
    path = MINI.parent / "annexes.yaml"
    report, ctx = load(path), ctx_for(path)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(report, ctx))
    row = next(r for r in brief.plan(report, ctx).rows if r.id == "pm25_five_year")
    assert (row.label, row.number, row.unit, row.change) == ("细颗粒物年均浓度（比2020年下降25%）", "28", "微克/立方米", "")
    with pdfplumber.open(pdf) as doc:
        lines = [squash(ln) for ln in doc.pages[0].extract_text().splitlines()]
    at = next(k for k, ln in enumerate(lines) if ln.startswith("细颗粒物年均浓度"))
    shown = lines[at: at + 3]  # the label over two lines, the figure on the line between them
    assert "".join(shown).replace("28微克/立方米", "") == "细颗粒物年均浓度（比2020年下降25%）", shown
    assert any("（比2020年下降25%）" in ln for ln in shown), shown


@pytest.mark.parametrize("which", [p.values[0] for p in briefs()], ids=[p.id for p in briefs()])
def test_rows_are_ranked_within_their_group(which, tmp_path):
    """Read back in the order the table prints them: each group's rows by what a reader needs first
    (``selection.rank_key``: amounts with their changes, other changes, amounts, shares, then
    counts, the larger first), so the rows a long table leaves out are the last of their group."""
    report, p, text = _table_read(which, tmp_path)
    at = 0
    for r in p.rows:  # the plan's rows are the PDF's, in its order
        bits = [squash(b) for b in (r.number + r.unit, r.change) if b]
        between = "(?:" + "|".join(re.escape(b) for b in bits) + ")*" if bits else ""
        m = re.compile(between.join(re.escape(c) for c in squash(r.label))).search(text, at)
        assert m, f"row {r.id} ({r.label}) not after the row before it in the table"
        at = m.end()
    # a row as shown: a level with its change stated apart is one row with it (selection.with_level)
    shown = {i.id: i for _, items in report.grouped_indicators(targets=False) for i in selection.with_level(report, items)}
    key = lambda r: selection.rank_key(shown.get(r.id, report.indicators[r.id]))  # noqa: E731
    for group in dict.fromkeys(r.group for r in p.rows):
        keys = [key(r) for r in p.rows if r.group == group]
        assert keys == sorted(keys), f"{group}: {[(r.label, key(r)) for r in p.rows if r.group == group]}"


def test_a_mass_in_jin_is_an_amount_ranked_before_shares_and_counts(tmp_path):
    """粮食总产量 871.6亿斤 (吉林省, 江西省) is an amount as 万吨 is: printed before a share and a count
    of its group, and the last of them to give way."""
    data = raw(MINI)
    group = next(iter(data["groups"]))
    year = data["meta"]["review_year"]
    extra = {
        "firms": {"label": "规上工业企业", "value": 4500, "unit": "家", "qualifier": "超过"},
        "rate": {"label": "农村自来水普及率", "value": 95, "unit": "%"},
        "grain": {"label": "粮食总产量", "value": 871.6, "unit": "亿斤"},
    }
    for k, v in extra.items():
        data["indicators"][k] = {**v, "period": year, "group": group}
    src = write(data, tmp_path / "brief-grain.yaml")
    report = load(src)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(report, ctx_for(src)))
    with pdfplumber.open(pdf) as doc:
        text = squash(doc.pages[0].extract_text())
    at = [text.find(label) for label in ("粮食总产量871.6亿斤", "农村自来水普及率95%", "规上工业企业超过4500家")]
    assert -1 not in at and at == sorted(at), at
    t = brief.Template.load(ctx_for(src).templates)
    order = [r.id for r in brief.drop_order(brief.table_rows(report), t, report) if r.id in extra]
    assert order == ["firms", "rate", "grain"], order


def test_a_concentration_ranks_with_the_shares_not_the_amounts(tmp_path):
    """全省PM2.5平均浓度 27.4微克/立方米 (江西省) is a rate, no amount of volume: printed after an
    amount of its group (销售收入 10亿元), with the shares in table order."""
    data = raw(MINI)
    group = next(iter(data["groups"]))
    year = data["meta"]["review_year"]
    extra = {
        "pm25": {"label": "全省PM2.5平均浓度", "value": 27.4, "unit": "微克/立方米"},
        "water": {"label": "农村自来水普及率", "value": 95, "unit": "%"},
        "sales": {"label": "销售收入", "value": 10, "unit": "亿元"},
    }
    for k, v in extra.items():
        data["indicators"][k] = {**v, "period": year, "group": group}
    src = write(data, tmp_path / "brief-pm25.yaml")
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(load(src), ctx_for(src)))
    with pdfplumber.open(pdf) as doc:
        text = squash(doc.pages[0].extract_text())
    at = [text.find(label) for label in ("销售收入10亿元", "全省PM2.5平均浓度27.4微克/立方米", "农村自来水普及率95%")]
    assert -1 not in at and at == sorted(at), at
