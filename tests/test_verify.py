"""``build.py --verify``: the outputs read back agree with the content, and a tampered one is caught."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, SEED, run_build
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
    assert r.returncode == 3, r.stdout + r.stderr
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
    assert r.returncode == 3
    assert "built from another version of the content" in r.stderr
    assert f"gdp: {name}: differs" in r.stderr


def test_missing_output_is_reported(built, tmp_path):
    out = copy_outputs(built, tmp_path)
    (out / SEED.stem / builders.get(AVAILABLE[0]).FILENAME).unlink()
    r = verify_only(out)
    assert r.returncode == 3 and "missing (build it first)" in r.stderr


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
    assert r.returncode == 3
    assert "revenue_target: deck: differs" in r.stderr
    assert "fixed_asset_investment: deck: ok" not in r.stderr  # only the edited figure is named
    assert not any(l.startswith(f"{SEED}: fixed_asset_investment") for l in r.stderr.splitlines())


def test_one_edited_appendix_cell_is_caught(tmp_path):
    import docx

    # the seed with its indicator tables printed (settings.appendix is off by default)
    src = tmp_path / SEED.name
    src.write_text(SEED.read_text(encoding="utf-8") + "\nsettings:\n  appendix: true\n", encoding="utf-8")
    out = tmp_path / "out"
    r = run_build(str(src), "--out", str(out), "--only", "report")
    assert r.returncode == 0, r.stderr
    path = out / SEED.stem / builders.FILENAMES["report"]
    d = docx.Document(str(path))
    # the appendix shows GDP as its number (2286.2) beside its unit (亿元), in cells of their own
    cells = [c for t in d.tables for row in t.rows for c in row.cells if c.text == "2286.2"]
    assert cells, "the appendix shows GDP"
    cells[0].paragraphs[0].runs[0].text = "2288.8"
    d.save(str(path))
    r = run_build(str(src), "--out", str(out), "--only", "report", "--verify-only")
    assert r.returncode == 3
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
    assert r.returncode == 3
    assert "gdp: deck: differs" in r.stderr


def test_an_edit_names_only_the_figure_edited(built, tmp_path):
    """GDP and revenue share a paragraph: editing GDP there names GDP, not revenue."""
    out = copy_outputs(built, tmp_path)
    path = out / SEED.stem / builders.FILENAMES["report"]
    _edit_docx(path, "2286.2亿元", "2288.8亿元")
    r = verify_only(out)
    assert "gdp: report: differs" in r.stderr
    assert "district_revenue: report" not in r.stderr


# Two indicators with the same label ------------------------------------------------------------

def _twins(tmp_path: Path, second: str) -> Path:
    """The seed with 开工建设经济楼宇 (2个) and 竣工经济楼宇 (3个, or ``second``) both labelled 经济楼宇,
    and the report's indicator tables on (each is a row there)."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("label: 开工建设经济楼宇", "label: 经济楼宇")
    text = text.replace("    label: 竣工经济楼宇\n    value: 3\n", f"    label: 经济楼宇\n    value: {second}\n")
    assert text.count("label: 经济楼宇\n") == 2
    src = tmp_path / "twins.yaml"
    src.write_text("settings:\n  appendix: true\n" + text, encoding="utf-8")
    return src


def _edit_row(path: Path, label: str, nth: int, value: str) -> None:
    """The ``nth`` table row of the .docx whose first cell reads ``label``: its second cell now ``value``."""
    import docx

    d = docx.Document(str(path))
    rows = [row for t in d.tables for row in t.rows if row.cells[0].text == label]
    assert len(rows) == 2, [r.cells[0].text for r in rows]
    rows[nth].cells[1].paragraphs[0].runs[0].text = value
    d.save(str(path))


@pytest.mark.parametrize("second, nth, value, edited, other", [
    ("2", 1, "4", "economic_buildings_completed", "economic_buildings_started"),  # same label, same figure
    ("2", 0, "4", "economic_buildings_started", "economic_buildings_completed"),
    ("3", 0, "3", "economic_buildings_started", "economic_buildings_completed"),  # the row now reads as its twin's
])
def test_same_label_indicators_are_told_apart_by_their_place(tmp_path, second, nth, value, edited, other):
    src = _twins(tmp_path, second)
    out = tmp_path / "out"
    r = run_build(str(src), "--out", str(out), "--only", "report", "--verify")
    assert r.returncode == 0 and "verify: ok" in r.stdout, r.stdout + r.stderr
    _edit_row(out / src.stem / "report.docx", "经济楼宇", nth, value)
    r = run_build(str(src), "--out", str(out), "--only", "report", "--verify-only")
    assert r.returncode == 3, r.stdout + r.stderr
    assert f"{edited}: report: differs" in r.stderr
    assert f"{other}: report:" not in r.stderr  # the one not edited is not named


CARBON = "单位生产总值二氧化碳排放降低目标与国家“十五五”考核目标统筹衔接"  # 河南省's, two lines in the brief


def test_a_target_in_words_is_found_across_a_line_of_the_column_beside_it(tmp_path):
    """The brief's two columns are read line by line across the page: a line of the chart or the
    table beside the targets box can stand between the two lines of a target in words (河南省's
    draft: '…降低目标' / '财政总收入 7019 亿元' / '与国家…衔接'). Verify finds it there, and
    still sees the continuation edited."""
    from govreport import verify
    from govreport.builders import BuildContext, brief
    from govreport.loader import load

    from conftest import MINI

    text = MINI.read_text(encoding="utf-8")
    text = text.replace("    group: targets\n    target: true\n", "    group: targets\n    target: true\n"
                        f"  carbon_target:\n    label: 单位生产总值二氧化碳排放\n    text: {CARBON}\n"
                        "    period: 2024\n    group: targets\n    target: true\n", 1)
    text = text.replace("地区生产总值增长{gdp_target}。", "地区生产总值增长{gdp_target}，{carbon_target}。", 1)
    src = tmp_path / "carbon.yaml"
    src.write_text(text, encoding="utf-8")
    report = load(src)
    units, _ = verify.read_pdf(brief.build(report, BuildContext(source=src)))
    first = next(i for i, u in enumerate(units) if u.endswith("降低目标"))
    assert units[first + 1].startswith("与国家"), units  # two lines of its cell, read one after the other here
    beside = next(u for u in units if "区级一般公共预算收入" in u)  # a row of the table: the other column
    interleaved = units[: first + 1] + [beside] + units[first + 1:]
    ids = [i.id for i in report.target_indicators]
    got = {f.indicator: f.status for f in verify.check_output(report, ids, interleaved, interleaved, "brief")}
    assert got["carbon_target"] == "ok", got
    edited = [u.replace("统筹衔接", "衔接") for u in interleaved]
    got = {f.indicator: f.status for f in verify.check_output(report, ids, interleaved, edited, "brief")}
    assert got["carbon_target"] != "ok" and got["gdp_target"] == "ok", got


# Nothing written outside --out -------------------------------------------------------------------

_WATCH = r"""
import json, os, sys
made = []
def hook(event, args):
    if event == "open" and args[0] is not None and not isinstance(args[0], int):
        mode, flags = args[1] or "", args[2] or 0
        if any(c in mode for c in "wax+") or flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            made.append(str(args[0]))
    elif event in ("os.mkdir", "tempfile.mkstemp", "tempfile.mkdtemp", "os.rename", "os.replace"):
        made.append(str(args[1] if event in ("os.rename", "os.replace") else args[0]))
sys.path.insert(0, sys.argv[1])
from govreport import cli
sys.addaudithook(hook)
code = cli.main(sys.argv[3:])
sys.stdout.flush()
print("\nWRITTEN " + json.dumps(made))
sys.exit(code)
"""


def _writes(tmp_path: Path, *args: str):
    """Run build.py ``args`` in a process that records every file and folder it makes or opens for
    writing (Python's audit hooks), with an empty TMPDIR of its own; (process, paths written)."""
    import json
    import os
    import subprocess
    import sys

    from conftest import ROOT

    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir(parents=True)
    env = dict(os.environ, TMPDIR=str(tmpdir), TEMP=str(tmpdir), TMP=str(tmpdir))
    r = subprocess.run([sys.executable, "-c", _WATCH, str(ROOT), "build.py", *args], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=600)
    line = next(l for l in r.stdout.splitlines() if l.startswith("WRITTEN "))
    assert not list(tmpdir.iterdir()), list(tmpdir.iterdir())
    return r, [Path(p) for p in json.loads(line[len("WRITTEN "):])]


def test_verify_reads_the_outputs_where_they_are(built, tmp_path):
    """--verify-only of an edited set (each output built afresh to compare) and of a whole one
    writes nothing at all (the outputs are read where they are, the fresh ones held in memory)."""
    from govreport import fonts

    out = copy_outputs(built, tmp_path)
    EDITORS["report"](out / SEED.stem / "report.docx", "2286.2", "2288.8")
    cache = fonts.cache_dir().resolve()
    for args in ((), ("--only", "deck,web")):
        r, written = _writes(tmp_path / f"run{len(args)}", str(SEED), "--out", str(out), "--verify-only", *args)
        assert r.returncode == 3 if not args else r.returncode == 0, r.stdout + r.stderr
        assert [p for p in written if cache not in p.resolve().parents] == [], r.stderr


def test_verify_after_a_build_writes_only_in_out(tmp_path):
    from govreport import fonts

    out = (tmp_path / "out").resolve()
    r, written = _writes(tmp_path, str(SEED), "--out", str(out), "--only", ",".join(AVAILABLE), "--verify")
    assert r.returncode == 0 and "verify: ok" in r.stdout, r.stdout + r.stderr
    cache = fonts.cache_dir().resolve()
    outside = [p for p in written if out not in p.resolve().parents and p.resolve() != out and cache not in p.resolve().parents]
    assert outside == [], outside


@pytest.mark.parametrize("content", [SEED, *sorted(FIXTURES.glob("*.yaml"))], ids=lambda p: p.stem)
def test_the_manifest_records_what_each_output_shows(content, built, tmp_path):
    """Beside each output's hash the manifest records the indicators the output shows with their
    figures, from the plan the build drew: what its builder's ``quotes`` says when it plans anew."""
    from govreport.loader import load

    out = built if content == SEED else tmp_path
    if content != SEED:
        r = run_build(str(content), "--out", str(out), "--only", ",".join(AVAILABLE))
        assert r.returncode == 0, r.stdout + r.stderr
    entries = json.loads((out / content.stem / ".manifest.json").read_text(encoding="utf-8"))["outputs"]
    report = load(content)
    for name in AVAILABLE:
        assert entries[name]["quotes"] == builders.get(name).quotes(report, builders.BuildContext(source=content)), name


def _verify_in_process(out: Path) -> tuple[bool, list[str]]:
    from govreport import cli
    from govreport.session import Options, Session

    res = cli.verify_one(SEED, Session.default(Options(wanted=tuple(AVAILABLE), out=str(out))))
    return not res.failed and not res.verify_failed, res.errors


def test_verify_plans_no_output_twice(built, tmp_path, monkeypatch):
    """--verify-only of a set the manifest vouches for plans nothing (what each output must show is
    what its build recorded); an edited output is built afresh once, and what that build showed is
    what the file must show: no second plan for its ``quotes``."""
    from govreport.builders import deck, web
    from govreport.builders.brief import draw, planner

    planned: list[str] = []
    for name, owner, attr in (("deck", deck.Planner, "slides"), ("brief", planner, "_plan"), ("brief", draw, "_plan"),
                              ("web", web, "plan")):
        def counted(*a, _real=getattr(owner, attr), _name=name, **k):
            planned.append(_name)
            return _real(*a, **k)

        monkeypatch.setattr(owner, attr, counted)
    ok, errors = _verify_in_process(built)
    assert ok and planned == [], (planned, errors)

    out = copy_outputs(built, tmp_path)
    EDITORS["deck"](out / SEED.stem / "deck.pptx", "2286.2", "2288.8")
    ok, errors = _verify_in_process(out)
    assert not ok and any("gdp: deck: differs" in e for e in errors), errors
    assert planned == ["deck"]


def test_a_manifest_without_the_record_still_verifies_and_is_not_rewritten(built, tmp_path, monkeypatch):
    """A set whose manifest was written before it recorded what each output shows: --verify-only
    plans the outputs as before and agrees; a rebuild of the same bytes writes nothing (the manifest
    is not rewritten only to add the record, so a read-only folder stays fine)."""
    from govreport import outputs

    out = copy_outputs(built, tmp_path)
    manifest = out / SEED.stem / ".manifest.json"
    doc = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in doc["outputs"].values():
        del entry["quotes"]
    manifest.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    before = manifest.read_bytes()
    ok, errors = _verify_in_process(out)
    assert ok, errors

    def no_write(path, data):
        raise AssertionError(f"wrote {path}")

    monkeypatch.setattr(outputs, "write_atomic", no_write)
    state = outputs.OutputSet.open(out / SEED.stem, {n: builders.FILENAMES[n] for n in AVAILABLE})
    same = {n: (out / SEED.stem / builders.FILENAMES[n]).read_bytes() for n in AVAILABLE}
    key = {k: doc["outputs"][AVAILABLE[0]][k] for k in outputs.KEY_FIELDS}
    state.commit(same, key, quoted={n: ["gdp"] for n in AVAILABLE})
    assert manifest.read_bytes() == before
