"""``build.py --verify``: the outputs read back agree with the content, and a tampered one is caught."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SEED, run_build
from govreport import builders

AVAILABLE = [n for n in builders.BUILDERS if builders.available(n)]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("verify")
    r = run_build(str(SEED), "--out", str(out), "--only", ",".join(AVAILABLE), "--verify")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "verify: ok" in r.stdout
    return out


def copy_outputs(built: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    return out


def verify_only(out: Path, *extra: str):
    return run_build(str(SEED), "--out", str(out), "--only", ",".join(AVAILABLE), "--verify-only", *extra)


def test_seed_outputs_agree(built):
    r = verify_only(built)
    assert r.returncode == 0, r.stdout + r.stderr
    # The table lists the headline figures for every output.
    gdp_row = next(l for l in r.stdout.splitlines() if l.strip().startswith("gdp "))
    assert gdp_row.split()[1:] == ["ok"] * len(AVAILABLE)


def _edit_docx(path: Path, old: str, new: str) -> None:
    import docx

    d = docx.Document(str(path))
    for p in d.paragraphs:
        for r in p.runs:
            if old in r.text:
                r.text = r.text.replace(old, new)
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                for p in c.paragraphs:
                    for r in p.runs:
                        if old in r.text:
                            r.text = r.text.replace(old, new)
    d.save(str(path))


def _edit_pptx(path: Path, old: str, new: str) -> None:
    from pptx import Presentation

    prs = Presentation(str(path))

    def fix(shapes):
        for sh in shapes:
            if sh.has_text_frame:
                for p in sh.text_frame.paragraphs:
                    for r in p.runs:
                        if old in r.text:
                            r.text = r.text.replace(old, new)
            if sh.shape_type == 6:
                fix(sh.shapes)

    for slide in prs.slides:
        fix(slide.shapes)
        if slide.has_notes_slide:
            fix(slide.notes_slide.shapes)
    prs.save(str(path))


def _edit_html(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


EDITORS = {"report": _edit_docx, "deck": _edit_pptx, "web": _edit_html}


@pytest.mark.parametrize("name", [n for n in AVAILABLE if n in EDITORS])
def test_edited_output_is_caught(built, tmp_path, name):
    out = copy_outputs(built, tmp_path)
    target = out / SEED.stem / builders.get(name).FILENAME
    EDITORS[name](target, "2286.2", "2288.8")
    r = verify_only(out)
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"gdp: {name}: differs" in r.stderr
    others = [n for n in AVAILABLE if n != name]
    assert not any(f"gdp: {o}:" in r.stderr for o in others)


def test_output_from_other_content_is_caught(built, tmp_path):
    out = copy_outputs(built, tmp_path)
    other = tmp_path / SEED.name
    other.write_text(SEED.read_text(encoding="utf-8").replace("value: 2286.2", "value: 2286.4"), encoding="utf-8")
    name = AVAILABLE[-1]
    r = run_build(str(other), "--out", str(tmp_path / "other"), "--only", name)
    assert r.returncode == 0, r.stderr
    filename = builders.get(name).FILENAME
    shutil.copy(tmp_path / "other" / SEED.stem / filename, out / SEED.stem / filename)
    r = verify_only(out)
    assert r.returncode == 1
    assert "built from another version of the content" in r.stderr
    assert f"gdp: {name}: differs" in r.stderr


def test_missing_output_is_reported(built, tmp_path):
    out = copy_outputs(built, tmp_path)
    (out / SEED.stem / builders.get(AVAILABLE[0]).FILENAME).unlink()
    r = verify_only(out)
    assert r.returncode == 1 and "missing (build it first)" in r.stderr


def test_one_edited_table_cell_is_caught_though_the_figure_stands_elsewhere(built, tmp_path):
    """The deck's targets table: revenue target 5% -> 6%; 5% still reads elsewhere (investment growth)."""
    from pptx import Presentation

    out = copy_outputs(built, tmp_path)
    path = out / SEED.stem / builders.FILENAMES["deck"]
    prs = Presentation(str(path))
    edited = 0
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.has_table:
                for row in sh.table.rows:
                    if row.cells[0].text == "区级一般公共预算收入增长" and row.cells[1].text == "5%":
                        row.cells[1].text_frame.paragraphs[0].runs[0].text = "6%"
                        edited += 1
    assert edited == 1
    prs.save(str(path))
    r = verify_only(out)
    assert r.returncode == 1
    assert "revenue_target: deck: differs" in r.stderr
    assert "fixed_asset_investment: deck: ok" not in r.stderr  # only the edited figure is named
    assert not any(l.startswith(f"{SEED}: fixed_asset_investment") for l in r.stderr.splitlines())


def test_one_edited_appendix_cell_is_caught(built, tmp_path):
    import docx

    out = copy_outputs(built, tmp_path)
    path = out / SEED.stem / builders.FILENAMES["report"]
    d = docx.Document(str(path))
    # the appendix shows GDP as its number (2286.2) beside its unit (亿元), in cells of their own
    cells = [c for t in d.tables for row in t.rows for c in row.cells if c.text == "2286.2"]
    assert cells, "the appendix shows GDP"
    cells[0].paragraphs[0].runs[0].text = "2288.8"
    d.save(str(path))
    r = verify_only(out)
    assert r.returncode == 1
    assert "gdp: report: differs" in r.stderr and "2286.2亿元" in r.stderr


def test_an_edited_chart_value_is_caught(built, tmp_path):
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData

    out = copy_outputs(built, tmp_path)
    path = out / SEED.stem / builders.FILENAMES["deck"]
    prs = Presentation(str(path))
    done = False
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.has_chart and not done:
                plot = sh.chart.plots[0]
                cats = [str(c) for c in plot.categories]
                if "地区生产总值" in cats:
                    values = list(plot.series[0].values)
                    values[cats.index("地区生产总值")] = 13.8
                    data = CategoryChartData()
                    data.categories = cats
                    data.add_series(plot.series[0].name, values)
                    sh.chart.replace_data(data)
                    done = True
    assert done
    prs.save(str(path))
    r = verify_only(out)
    assert r.returncode == 1
    assert "gdp: deck: differs" in r.stderr


def test_an_edit_names_only_the_figure_edited(built, tmp_path):
    """GDP and revenue share a paragraph: editing GDP there names GDP, not revenue."""
    out = copy_outputs(built, tmp_path)
    path = out / SEED.stem / builders.FILENAMES["report"]
    _edit_docx(path, "2286.2亿元", "2288.8亿元")
    r = verify_only(out)
    assert "gdp: report: differs" in r.stderr
    assert "district_revenue: report" not in r.stderr
