"""The plan year's targets as the report states them, in every output: the deck's targets slide,
the brief's targets box and the report's 附表2 list the report's targets in its order, those
stated in words included (城镇登记失业人数控制在市下达指标以内)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, MINI, SEED, run_build
from govreport.loader import load

SECOND = FIXTURES / "linjiang-2024.yaml"

# What each report's intro says, target by target: (label, target phrase).
EXPECTED = {
    "seed": [
        ("地区生产总值增长", "5%左右"),
        ("区级一般公共预算收入增长", "5%"),
        ("城镇登记失业人数", "控制在市下达指标以内"),
        ("区为民办实事项目以及市政府下达的节能、可再生能源建设等目标任务", "全面完成"),
    ],
    "second": [
        ("地区生产总值增长", "5.5%左右"),
        ("区级一般公共预算收入", "与经济增长基本同步"),
        ("城镇调查失业率", "5.5%以内"),
        ("市下达的节能减排目标任务", "完成"),
    ],
}
PATHS = {"seed": SEED, "second": SECOND}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("targets")
    r = run_build(str(SEED), str(SECOND), "--out", str(out))
    assert r.returncode == 0, r.stderr
    return {k: out / p.stem for k, p in PATHS.items()}


@pytest.mark.parametrize("which", ["seed", "second"])
def test_the_content_holds_the_reports_targets_in_order(which):
    report = load(PATHS[which])
    assert [(t.label, t.target_phrase) for t in report.target_indicators] == EXPECTED[which]
    # The intro that states them reads as the report does.
    intro = "".join(report.render(p.text) for part in report.body.parts for p in part.intro)
    for t in report.target_indicators:
        assert (t.text or t.label + t.quoted) in intro or t.quoted in intro, t.id


@pytest.mark.parametrize("which", ["seed", "second"])
def test_deck_targets_slide_lists_them(outputs, which):
    from pptx import Presentation

    prs = Presentation(str(outputs[which] / "deck.pptx"))
    rows = []
    for slide in prs.slides:
        title = next((s.text_frame.text for s in slide.shapes if s.has_text_frame and "预期目标" in s.text_frame.text), "")
        if not title:
            continue
        for shp in slide.shapes:
            if shp.has_table:
                rows += [tuple(c.text_frame.text.replace("\x0b", "") for c in r.cells) for r in list(shp.table.rows)[1:]]
    assert rows == EXPECTED[which]


@pytest.mark.parametrize("which", ["seed", "second"])
def test_report_appendix_2_lists_them(which):
    import io

    import docx

    from govreport.builders import BuildContext, report as builder
    from govreport.model import Settings

    # the indicator tables are printed with settings.appendix: true (off by default)
    report = load(PATHS[which])
    report = report.model_copy(update={"settings": Settings(appendix=True)})
    d = docx.Document(io.BytesIO(builder.build(report, BuildContext(source=PATHS[which]))))
    table = d.tables[-1]
    rows = [tuple(c.text.replace("\n", "") for c in r.cells) for r in table.rows]  # a long label on two lines
    body = [(label, target) for _, label, target in rows[1:]]
    assert body == EXPECTED[which]


@pytest.mark.parametrize("which", ["seed", "second"])
def test_brief_lists_them_in_order(outputs, which):
    import pdfplumber

    with pdfplumber.open(str(outputs[which] / "brief.pdf")) as pdf:
        page = pdf.pages[0]
        # The targets box: under its heading, in the heading's column, down to the next heading.
        heads = [w for w in page.extract_words() if "预期目标" in w["text"] and w["top"] > 100]
        assert heads, "no targets heading"
        h = heads[0]
        below = [w for w in page.extract_words() if w["top"] > h["bottom"] + 30 and "主要指标" in w["text"]]
        bottom = min([w["top"] for w in below], default=page.height)
        text = squash(page.crop((h["x0"] - 4, h["bottom"], page.width, bottom)).extract_text())
    at = []
    for label, phrase in EXPECTED[which]:
        # a target stated in words is shown as its statement; a figure beside its label
        words = [w for w in (label, phrase)]
        pos = [text.find(squash(w)) for w in words]
        assert all(p >= 0 for p in pos), (label, phrase)
        at.append(pos[0])
    assert at == sorted(at), "targets out of the report's order"


def write(tmp_path: Path, old: str, new: str) -> Path:
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "x.yaml"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


def test_words_only_on_a_target(tmp_path):
    p = write(tmp_path, "    qualifier: 超过\n", "    qualifier: 超过\n    text: 超过600家\n")
    r = run_build(str(p), "--check")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert re.search(r"x\.yaml:\d+:\d+: indicators\.ai_firms.*only a target", r.stderr), r.stderr


def test_a_target_needs_a_figure_or_words(tmp_path):
    p = write(tmp_path, "    value: 5\n    unit: \"%\"\n    qualifier: 左右\n", "")
    r = run_build(str(p), "--check")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "text:" in r.stderr, r.stderr


def test_a_target_in_words_is_quoted_as_its_words(tmp_path):
    p = write(tmp_path, "    value: 5\n    unit: \"%\"\n    qualifier: 左右\n",
              "    text: 地区生产总值增长与全市保持同步\n")
    p.write_text(p.read_text(encoding="utf-8").replace("地区生产总值增长{gdp_target}", "{gdp_target}"), encoding="utf-8")
    report = load(p)
    intro = report.render(report.body.parts[1].intro[0].text)
    assert intro.endswith("主要预期目标是：地区生产总值增长与全市保持同步。")
    assert report.indicators["gdp_target"].target_phrase == "与全市保持同步"
