"""An office's own 公文 template: print the built-in reference, restyle it, build with it.

The round trip an office makes: ``build.py --print-template report > 模板.docx``, change it in
Word or WPS (here: python-docx), then ``--report-template 模板.docx`` or
``settings.report_template``. Checked by reading the built report back.
"""

from __future__ import annotations

import io
import subprocess
import sys

import docx
import pytest
from docx.shared import Mm, Pt
from pptx import Presentation

from conftest import MINI, ROOT, run_build
from govreport.builders.report import load_profile
from govreport.paths import TEMPLATES


def print_template(kind: str) -> bytes:
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "--print-template", kind],
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


@pytest.fixture(scope="module")
def printed() -> bytes:
    return print_template("report")


def needed_styles() -> list[str]:
    profile = load_profile(TEMPLATES)
    return [*profile["styles"].values(), *profile["character_styles"].values(), profile["table_style"]]


def test_printed_reference_holds_every_style_the_report_needs(printed):
    d = docx.Document(io.BytesIO(printed))
    names = {s.name.casefold() for s in d.styles}
    assert {n.casefold() for n in needed_styles()} <= names
    sec = d.sections[0]
    assert abs(sec.left_margin - Mm(28)) < Mm(0.1) and abs(sec.top_margin - Mm(37)) < Mm(0.1)
    # a sample paragraph per paragraph style, so an office sees each one in Word
    used = {p.style.name.casefold() for p in d.paragraphs}
    assert {n.casefold() for n in load_profile(TEMPLATES)["styles"].values()} <= used
    assert print_template("report") == printed, "same bytes every time"


def test_round_trip_an_office_template_sets_margins_and_styles(printed, tmp_path):
    d = docx.Document(io.BytesIO(printed))
    d.sections[0].left_margin = Mm(30)
    d.styles["Title"].font.size = Pt(24)
    office = tmp_path / "office.docx"
    d.save(str(office))
    r = run_build(str(MINI), "--out", str(tmp_path / "out"), "--only", "report", "--report-template", str(office))
    assert r.returncode == 0, r.stderr
    built = docx.Document(str(tmp_path / "out" / "mini" / "report.docx"))
    assert abs(built.sections[0].left_margin - Mm(30)) < Mm(0.1)
    assert built.paragraphs[0].style.name == "Title" and built.styles["Title"].font.size == Pt(24)
    assert built.paragraphs[0].text == "政府工作报告"

    # the same through the content: settings.report_template, relative to the content file
    src = tmp_path / "with-template.yaml"
    text = MINI.read_text(encoding="utf-8")
    assert "\nsettings:" not in text
    src.write_text(text + "\nsettings:\n  report_template: office.docx\n", encoding="utf-8")
    r = run_build(str(src), "--out", str(tmp_path / "out"), "--only", "report")
    assert r.returncode == 0, r.stderr
    built = docx.Document(str(tmp_path / "out" / "with-template" / "report.docx"))
    assert abs(built.sections[0].left_margin - Mm(30)) < Mm(0.1)


def test_a_template_without_a_needed_style_is_refused_naming_it(printed, tmp_path):
    d = docx.Document(io.BytesIO(printed))
    for p in d.paragraphs:  # the sample paragraph goes too, as an office would delete it
        if p.style.name == "表格数字":
            p._p.getparent().remove(p._p)
    d.styles["表格数字"].delete()
    office = tmp_path / "office.docx"
    d.save(str(office))
    r = run_build(str(MINI), "--out", str(tmp_path / "out"), "--only", "report", "--report-template", str(office))
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    line = [l for l in r.stderr.splitlines() if "表格数字" in l]
    assert line and str(office) in line[0] and "no paragraph style named '表格数字'" in line[0], r.stderr
    for name in needed_styles():
        assert name in line[0], name  # the message lists every style the report needs
    assert not (tmp_path / "out" / "mini" / "report.docx").exists()


def test_a_template_that_is_not_a_docx_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip", encoding="utf-8")
    r = run_build(str(MINI), "--out", str(tmp_path / "out"), "--only", "report", "--report-template", str(bad))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "not a .docx (zip) file" in r.stderr


def test_printed_deck_reference_is_a_clean_16_9_package(tmp_path):
    data = print_template("deck")
    prs = Presentation(io.BytesIO(data))
    assert prs.slide_width * 9 == prs.slide_height * 16 and len(prs.slides) == 0
    names = {layout.name for layout in prs.slide_layouts}
    assert {"Title Slide", "Section Header", "Title and Content", "Title Only"} <= names
    path = tmp_path / "office.pptx"
    path.write_bytes(data)
    r = run_build(str(MINI), "--out", str(tmp_path / "out"), "--only", "deck", "--deck-template", str(path))
    assert r.returncode == 0, r.stderr
