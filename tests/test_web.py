"""The web page (report.html) read back with an HTML parser (lxml), as a portal's editor or a
screen reader's user would meet it: the text in order, every figure with its value, every chart
with its table, the structure an accessibility check asks for, one self-contained file."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from conftest import MINI, ROOT, SEED, reading_order, run_build
from govreport import figures
from govreport.builders import web
from govreport.loader import load
from govreport.references import PARTS, TOKEN, REF

LINJIANG = ROOT / "tests" / "fixtures" / "linjiang-2024.yaml"
ANNEXES = ROOT / "tests" / "fixtures" / "annexes.yaml"  # ranges, spans, annexes, a glossary


def build_page(content: Path, out: Path, *extra: str) -> Path:
    r = run_build(str(content), "--out", str(out), "--only", "web", *extra)
    assert r.returncode == 0, r.stdout + r.stderr
    return out / content.stem / "report.html"


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory) -> Path:
    return build_page(SEED, tmp_path_factory.mktemp("web"))


def parse(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def text(el) -> str:
    return el.text_content()


# ------------------------------------------------------------------ the text, in order


def read_order(doc) -> list[str]:
    """The title block, every heading and paragraph of the report's text, then the annexes (label,
    title, numbered items or paragraphs) and the glossary (label, title, numbered terms), as the
    page shows them (the key figures and the tables are not the text)."""
    head = doc.xpath("//header")[0]
    bits = [text(head.xpath(".//h1")[0]), text(head.xpath(".//p[@class='subtitle']")[0]),
            text(head.xpath(".//p[@class='speaker']")[0])]
    main = doc.xpath("//main")[0]
    skip = {"figures", "targets", "indicators"}
    for el in main.iter("h2", "h3", "p", "li", "dt"):
        section = el.xpath("ancestor::section[last()]")
        where = section[0].get("aria-labelledby") if section else ""
        if where in skip:
            continue
        if where.startswith("annex-") or where == "glossary":
            if el.tag == "h2":
                bits += [text(s) for s in el.xpath("span")]
            elif el.tag == "dt":
                bits.append(text(el) + "：" + text(el.getnext()))
            elif el.tag == "li" or (el.tag == "p" and el.getparent().tag != "li"):
                bits.append(text(el))
            continue
        if el.tag in ("h2", "h3", "p"):
            bits.append(text(el))
    return bits


@pytest.mark.parametrize("content", [SEED, MINI, LINJIANG, ANNEXES], ids=lambda p: p.stem)
def test_every_heading_and_paragraph_in_order(content, tmp_path):
    page = build_page(content, tmp_path)
    report = load(content)
    assert read_order(parse(page)) == reading_order(report)


def test_parts_and_areas_are_headings_with_anchors_in_the_table_of_contents(seed_page):
    doc = parse(seed_page)
    report = load(SEED)
    parts = doc.xpath("//main//h2[starts-with(@id, 'part-')]")
    assert [text(h) for h in parts] == [report.render(p.heading) for p in report.body.parts]
    areas = doc.xpath("//main//h3[starts-with(@id, 'part-')]")
    assert [text(h) for h in areas] == [report.render(a.heading) for p in report.body.parts for a in p.areas]
    toc = {a.get("href")[1:]: text(a) for a in doc.xpath("//nav//a")}
    for h in parts + areas:
        assert toc[h.get("id")] == text(h)
    # every link of the table of contents lands on a heading of the page
    ids = set(doc.xpath("//@id"))
    assert all(anchor in ids for anchor in toc)


# ------------------------------------------------------------------ figures with their values


def expected(report, token: str) -> tuple[str, str | None]:
    """(text, value) of a reference as the page must mark it up."""
    r = REF.match(token.strip("{}").strip())
    ind, part = report.indicators[r.group(1)], r.group(2) or ""
    shown = PARTS[part](ind)
    if part in ("", "value") and ind.value is not None:
        return shown, web.value_of(ind)
    if part == "change":
        return shown, web.value_of(ind.change)
    return shown, None


@pytest.mark.parametrize("content", [SEED, LINJIANG, ANNEXES], ids=lambda p: p.stem)
def test_every_quoted_figure_is_marked_with_its_value(content, tmp_path):
    report = load(content)
    doc = parse(build_page(content, tmp_path))
    # The figures of the text, in reading order (headings among the paragraphs), as the content quotes them.
    want = []
    body_texts = []
    for part in report.body.opening:
        body_texts += [part.lead or "", part.text]
    for part in report.body.parts:
        body_texts.append(part.heading)
        for p in part.intro:
            body_texts += [p.lead or "", p.text]
        for a in part.areas:
            body_texts.append(a.heading)
            for p in a.paragraphs:
                body_texts += [p.lead or "", p.text]
        for p in part.closing:
            body_texts += [p.lead or "", p.text]
    for p in report.body.closing:
        body_texts += [p.lead or "", p.text]
    for t in body_texts:
        for m in TOKEN.finditer(t):
            if m.group(0) in ("{{", "}}"):
                continue
            shown, value = expected(report, m.group(0))
            if value is not None:
                want.append((shown, value))
    main = doc.xpath("//main")[0]
    got = []
    for el in main.iter("data"):
        section = el.xpath("ancestor::section[last()]")[0].get("aria-labelledby")
        if section.startswith("part-") or not el.xpath("ancestor::section"):
            got.append((text(el), el.get("value")))
    assert got == want
    assert len(want) > (50 if content == SEED else 3)
    # Every <data> of the page says which figure it is, and its value is that figure's.
    for el in doc.iter("data"):
        iid, _, part = el.get("data-ref").partition(".")
        ind = report.indicators[iid]
        fig = ind.change if part == "change" else ind
        lower, _, upper = el.get("value").partition("/")
        assert Decimal(lower) == fig.value, (el.get("data-ref"), el.get("value"))
        assert (Decimal(upper) if upper else None) == getattr(fig, "upper", None)
        assert figures.number(fig.value) in text(el)


def test_tiles_are_the_headline_figures_with_value_and_change(seed_page):
    report = load(SEED)
    doc = parse(seed_page)
    tiles = doc.xpath("//ul[@class='tiles']/li")
    heads = [i for i in report.headline_indicators]
    assert [text(t.xpath("p[@class='tile-label']")[0]) for t in tiles] == [i.display_label for i in heads]
    for t, ind in zip(tiles, heads):
        fig = t.xpath(".//p[@class='tile-figure']/data")[0]
        tile = figures.tile(ind)
        assert text(fig) == tile.prefix + tile.number + tile.suffix
        change = t.xpath(".//p[contains(@class, 'tile-change')]")
        if tile.change:
            assert text(change[0]).endswith(tile.change)
            assert ("up" in change[0].get("class")) == (tile.direction > 0)
        else:
            assert not change


def test_every_chart_is_svg_with_title_and_description_then_the_same_figures_as_a_table(seed_page):
    report = load(SEED)
    doc = parse(seed_page)
    charts = doc.xpath("//svg")
    assert charts, "the seed has a growth chart"
    for svg in charts:
        assert svg.get("role") == "img"
        labelled = svg.get("aria-labelledby").split()
        title, desc = (doc.get_element_by_id(i) for i in labelled)
        assert title.tag == "title" and desc.tag == "desc" and text(title) and text(desc)
        table = svg.getparent().getnext()
        assert table.tag == "table" and table.xpath("caption")
        rows = [(text(r.xpath("th")[0]), text(r.xpath("td")[0])) for r in table.xpath("tbody/tr")]
        drawn = [text(t) for t in svg.iter("text")]
        assert drawn == [x for row in rows for x in row]  # label, value; label, value …
        for label, value in rows:
            assert label in text(desc)
        # the bars are the brief's: the headline growth rates, largest first
        bars = web.chart_bars(report)
        assert rows == [(b.label, b.text) for b in bars]
        values = [float(r.xpath("td/data")[0].get("value")) for r in table.xpath("tbody/tr")]
        assert values == [abs(b.value) for b in bars]
        widths = [float(r.get("width")) for r in svg.iter("rect")]
        assert widths == sorted(widths, reverse=True)  # longest bar first, as the values


def test_targets_table_says_each_target_as_every_output_does(seed_page):
    report = load(SEED)
    doc = parse(seed_page)
    table = doc.xpath("//section[@aria-labelledby='targets']//table")[0]
    rows = [(text(r.xpath("th")[0]), text(r.xpath("td")[0])) for r in table.xpath("tbody/tr")]
    assert rows == [(i.label, figures.target_phrase(i)) for i in report.target_indicators]


def test_annexes_and_glossary_are_headed_numbered_and_terms_are_dfn(tmp_path):
    report = load(ANNEXES)
    doc = parse(build_page(ANNEXES, tmp_path))
    heads = [text(h) for h in doc.xpath("//main//h2[starts-with(@id, 'annex-') or @id='glossary']")]
    assert heads == [f"{a.label}　{a.title}" for a in report.annexes] + [f"{report.glossary.label}　{report.glossary.title}"]
    items = doc.xpath("//section[@aria-labelledby='annex-1']//li")
    annex = report.annexes[0]
    assert [text(li) for li in items] == [annex.number(n) + report.render(p.lead or "") + report.render(p.text)
                                          for n, p in enumerate(annex.items, 1)]
    assert [text(d) for d in doc.iter("dfn")] == [t.term for t in report.glossary.terms]
    assert text(doc.xpath("//dl/dt")[0]).startswith("［1］")
    toc = [text(a) for a in doc.xpath("//nav//a")]
    assert toc[-3:] == heads
    # a range is one figure: its text as written, its value the two bounds
    ranges = [el for el in doc.iter("data") if "/" in el.get("value")]
    assert ranges and all(figures.DEFAULT_RANGE in text(el) or "-" in text(el) or "到" in text(el) for el in ranges)


def test_the_last_year_column_holds_only_changes_against_last_year(tmp_path):
    """The indicator table (settings.appendix) under its 比上年 head: a change against another year
    (细颗粒物年均浓度 比2020年下降25%) stands in the row's head beside the label, its figure marked,
    never in the change column (``figures.row_change``, as the brief writes it)."""
    data = yaml.safe_load(ANNEXES.read_text(encoding="utf-8"))
    data["settings"]["appendix"] = True
    src = tmp_path / "annexes.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = load(src)
    doc = parse(build_page(src, tmp_path / "out"))
    table = doc.xpath("//section[@aria-labelledby='indicators']//table")[0]
    head = [text(h) for h in table.xpath("thead/tr/th")]
    assert figures.LAST_YEAR_HEAD.search(head[2]), head
    rows = {text(r.xpath("th")[0]): r for r in table.xpath("tbody/tr[not(@class='group')]")}
    assert rows, "no indicator rows"
    for label, r in rows.items():
        change = text(r.xpath("td")[1])
        assert not re.search(r"比\d{4}年|年均", change), (label, change)
    pm = rows["细颗粒物年均浓度（比2020年下降25%）"]
    assert pm.xpath("th//data[@data-ref='pm25_five_year.change']") and not text(pm.xpath("td")[1])
    gdp = report.indicators["gdp"]
    assert text(rows[gdp.label].xpath("td")[1]) == figures.change_phrase(gdp)


# ------------------------------------------------------------------ structure and accessibility


def test_structure_an_accessibility_check_asks_for(seed_page):
    doc = parse(seed_page)
    assert doc.get("lang") == "zh-CN"
    assert len(doc.xpath("//h1")) == 1
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    for landmark in ("header", "nav", "main", "footer"):
        assert len(doc.xpath(f"//{landmark}[not(ancestor::main)]")) == 1, landmark
    for table in doc.iter("table"):
        assert text(table.xpath("caption")[0]).strip()
        assert all(th.get("scope") in ("col", "row", "rowgroup") for th in table.iter("th"))
    assert doc.xpath("//a[@class='skip']/@href") == ["#main"]
    assert doc.xpath("//meta[@name='viewport']")


def test_one_self_contained_file_no_script_nothing_fetched(seed_page):
    raw = seed_page.read_text(encoding="utf-8")
    doc = parse(seed_page)
    assert not list(doc.iter("script", "link", "img", "iframe", "object", "embed"))
    assert not doc.xpath("//@src")
    assert all(h.startswith("#") for h in doc.xpath("//a/@href"))
    assert "url(" not in raw and "@import" not in raw
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", raw) and "@media print" in raw


def test_footer_names_the_source_and_the_content_hash(seed_page, tmp_path):
    import hashlib

    doc = parse(seed_page)
    short = hashlib.sha256(SEED.read_bytes()).hexdigest()[:12]
    foot = text(doc.xpath("//footer")[0])
    report = load(SEED)
    assert short in foot and report.meta.session in foot and figures.date_text(report.meta.date) in foot
    assert doc.xpath("//meta[@name='dcterms.identifier']/@content") == [f"sha256:{short}"]


def test_hostile_text_is_escaped(tmp_path):
    src = MINI.read_text(encoding="utf-8").replace("speaker: 长宁区区长 侯继军", 'speaker: "<script>alert(1)</script> & 侯继军"')
    content = tmp_path / "hostile.yaml"
    content.write_text(src, encoding="utf-8")
    page = build_page(content, tmp_path / "out")
    doc = parse(page)
    assert not list(doc.iter("script"))
    assert text(doc.xpath("//p[@class='speaker']")[0]) == "<script>alert(1)</script> & 侯继军"


@pytest.mark.parametrize("title, expected", [
    ("政府工作报告", "2024年政府工作报告"),
    ("2024年长宁区政府工作报告", "2024年长宁区政府工作报告"),  # a title naming its year: the year once
    ("政府工作报告（二〇二四年）", "政府工作报告（二〇二四年）"),
])
def test_the_page_title_names_the_year_once(tmp_path, title, expected):
    src = MINI.read_text(encoding="utf-8")
    old = re.search(r"(?m)^  title: .*$", src).group(0)
    content = tmp_path / "titled.yaml"
    content.write_text(src.replace(old, f"  title: {title}", 1), encoding="utf-8")
    doc = parse(build_page(content, tmp_path / "out"))
    page_title = text(doc.xpath("//title")[0])
    assert page_title.startswith(expected + " — "), page_title
    assert len(re.findall(r"[0-9]{4}年|[〇一二三四五六七八九]{4}年", page_title)) == 1, page_title


# ------------------------------------------------------------------ a builder like the others


def test_same_content_same_bytes(tmp_path):
    a = build_page(SEED, tmp_path / "a")
    b = build_page(SEED, tmp_path / "b", "--force")
    assert a.read_bytes() == b.read_bytes()


def test_part_of_batch_only_incremental_and_manifest(tmp_path):
    import hashlib
    import json

    out = tmp_path / "out"
    r = run_build(str(MINI), "--out", str(out))
    assert r.returncode == 0, r.stderr
    folder = out / MINI.stem
    assert (folder / "report.html").is_file() and (folder / "report.docx").is_file()
    manifest = json.loads((folder / ".manifest.json").read_text(encoding="utf-8"))
    assert manifest["outputs"]["web"]["output"] == hashlib.sha256((folder / "report.html").read_bytes()).hexdigest()
    again = run_build(str(MINI), "--out", str(out), "--only", "web")
    assert f"{folder / 'report.html'}  unchanged" in again.stdout
    only = run_build(str(MINI), "--out", str(tmp_path / "only"), "--only", "web")
    assert sorted(p.name for p in (tmp_path / "only" / MINI.stem).iterdir() if not p.name.startswith(".")) == ["report.html"]


def _edit(page: Path, old: str, new: str, after: str = "") -> None:
    raw = page.read_text(encoding="utf-8")
    start = raw.index(after) if after else 0
    i = raw.index(old, start)
    page.write_text(raw[:i] + new + raw[i + len(old):], encoding="utf-8")


def test_verify_catches_a_figure_edited_by_hand(seed_page, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seed_page.parent.parent, out)
    page = out / SEED.stem / "report.html"
    ok = run_build(str(SEED), "--out", str(out), "--only", "web", "--verify-only")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    _edit(page, "2286.2亿元", "2288.8亿元", after='id="part-1"')
    r = run_build(str(SEED), "--out", str(out), "--only", "web", "--verify-only")
    assert r.returncode == 3 and "gdp: web: differs" in r.stderr, r.stdout + r.stderr
    assert "district_revenue: web" not in r.stderr


def test_verify_catches_a_value_edited_behind_its_text(seed_page, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seed_page.parent.parent, out)
    page = out / SEED.stem / "report.html"
    _edit(page, 'value="168.53"', 'value="168.55"')  # the tile's value; its text still reads 168.53亿元
    r = run_build(str(SEED), "--out", str(out), "--only", "web", "--verify-only")
    assert r.returncode == 3 and "district_revenue: web: differs" in r.stderr, r.stdout + r.stderr


# ------------------------------------------------------------------ the template


def templates_copy(tmp_path: Path) -> Path:
    d = tmp_path / "templates"
    d.mkdir()
    for name in ("web.yaml", "web.css"):
        shutil.copy(ROOT / "templates" / name, d / name)
    return d


def test_a_low_contrast_colour_is_refused_at_its_line(tmp_path):
    tpl = templates_copy(tmp_path)
    y = tpl / "web.yaml"
    y.write_text(y.read_text(encoding="utf-8").replace('muted: "#595959"', 'muted: "#AAAAAA"'), encoding="utf-8")
    r = run_build(str(MINI), "--out", str(tmp_path / "out"), "--templates", str(tpl), "--only", "web")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    line = next(n for n, l in enumerate(y.read_text(encoding="utf-8").splitlines(), 1) if "[muted, page]" in l)
    assert re.search(rf"web\.yaml:{line}:\d+: contrast\.pairs\[1\]: muted #AAAAAA on page #FFFFFF has a contrast of 2\.32:1", r.stderr), r.stderr
    assert not (tmp_path / "out").exists()


def test_a_stylesheet_that_fetches_is_refused_and_a_restyle_is_used(tmp_path):
    tpl = templates_copy(tmp_path)
    css = tpl / "web.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nbody { background: url(https://example.org/x.png); }\n", encoding="utf-8")
    r = run_build(str(MINI), "--out", str(tmp_path / "out"), "--templates", str(tpl), "--only", "web")
    assert r.returncode == 2 and "web.css:" in r.stderr and "'url('" in r.stderr, r.stderr
    css.write_text(css.read_text(encoding="utf-8").replace("url(https://example.org/x.png)", "#FAFAFA")
                   + ".masthead h1 { letter-spacing: 0.3em; }\n", encoding="utf-8")
    page = build_page(MINI, tmp_path / "out", "--templates", str(tpl))
    assert "letter-spacing: 0.3em" in page.read_text(encoding="utf-8")


def test_contrast_ratio_is_wcag_s():
    assert round(web.contrast("#FFFFFF", "#000000"), 2) == 21.0
    assert round(web.contrast("#767676", "#FFFFFF"), 2) == 4.54
