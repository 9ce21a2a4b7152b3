"""The typed templates (govreport/config.py): a typo is a problem at its line, exit 2; a template
edited during --watch gives what a fresh build gives, byte for byte."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINI, ROOT, line_waiter
from govreport import config
from govreport.cli import main
from govreport.errors import ContentError


def templates_copy(tmp_path: Path) -> Path:
    d = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", d)
    return d


def line_of(path: Path, needle: str) -> int:
    return next(n for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln)


def test_the_shipped_templates_are_valid():
    t = config.load(ROOT / "templates")
    assert t.deck.slide.width == 960 and t.brief.table.columns >= 1 and "sans" in t.fonts.roles
    assert t.report.styles.body


def test_a_template_typo_exits_2_naming_file_line_and_key(tmp_path, monkeypatch, capsys):
    tpl = templates_copy(tmp_path)
    deck = tpl / "deck.yaml"
    deck.write_text(deck.read_text(encoding="utf-8").replace(
        "slide: {width: 960, height: 540}", "slide:\n  width: 960\n  slide_typo: 540"), encoding="utf-8")
    brief = tpl / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("  gap: 4 ", "  gap: wide "), encoding="utf-8")
    monkeypatch.setenv("GOVREPORT_TEMPLATES", str(tpl))  # the overlay (here: a whole copy)
    assert main([str(MINI), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    typo = line_of(deck, "slide_typo")
    assert re.search(rf"deck\.yaml:{typo}:3: slide: unknown key 'slide_typo'", err), err
    assert re.search(rf"deck\.yaml:{line_of(deck, 'slide:')}:1: slide: missing key 'height'", err), err
    assert re.search(rf"brief\.yaml:{line_of(brief, 'gap: wide')}:\d+: page\.gap: .*number", err), err
    assert not (tmp_path / "out").exists()


def test_errors_of_every_file_at_once(tmp_path):
    tpl = templates_copy(tmp_path)
    for name, old, new in (("fonts.yaml", "install_hint:", "install_hnt:"), ("report.yaml", "table_style:", "tabel_style:")):
        p = tpl / name
        p.write_text(p.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as e:
        config.load(tpl)
    text = str(e.value)
    assert "fonts.yaml" in text and "unknown key 'install_hnt'" in text
    assert "report.yaml" in text and "unknown key 'tabel_style'" in text and "missing key 'table_style'" in text


def test_a_template_edit_during_watch_equals_a_fresh_build(tmp_path):
    tpl = templates_copy(tmp_path)
    src = tmp_path / "mini.yaml"
    shutil.copy(MINI, src)
    env = {**os.environ, "GOVREPORT_TEMPLATES": str(tpl)}
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), str(src), "--out", str(tmp_path / "watched"), "--watch"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path, env=env,
    )
    lines: list[str] = []

    wait_for = line_waiter(proc, lines, timeout=120)

    try:
        wait_for(r"^watching ")
        # Font names (report, deck), a deck colour and a brief colour change at once.
        fonts = tpl / "fonts.yaml"
        fonts.write_text(fonts.read_text(encoding="utf-8").replace("name: 微软雅黑", "name: 黑体")
                         .replace("name: 仿宋_GB2312", "name: 仿宋"), encoding="utf-8")
        deck = tpl / "deck.yaml"
        deck.write_text(deck.read_text(encoding="utf-8").replace('accent: "B3120F"', 'accent: "1F4E79"'), encoding="utf-8")
        brief = tpl / "brief.yaml"
        brief.write_text(brief.read_text(encoding="utf-8").replace('"#A31B22"', '"#1F4E79"'), encoding="utf-8")
        seen = len(lines)
        wait_for(r"^watching …")
        rebuilt = "".join(lines[seen:])
        for name in ("report.docx", "deck.pptx", "brief.pdf"):
            assert re.search(rf"{name}\s+[\d,]+ bytes", rebuilt), rebuilt
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    fresh = subprocess.run([sys.executable, str(ROOT / "build.py"), str(src), "--out", str(tmp_path / "fresh")],
                           capture_output=True, text=True, cwd=tmp_path, env=env)
    assert fresh.returncode == 0, fresh.stderr
    for name in ("report.docx", "deck.pptx", "brief.pdf"):
        a = (tmp_path / "watched" / "mini" / name).read_bytes()
        b = (tmp_path / "fresh" / "mini" / name).read_bytes()
        assert a == b, f"{name}: the watched rebuild differs from a fresh build"
    # and the edit did reach the outputs (the report names the new body font)
    import zipfile

    with zipfile.ZipFile(tmp_path / "fresh" / "mini" / "deck.pptx") as z:
        slides = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("ppt/slides/slide"))
    assert "1F4E79" in slides and 'typeface="黑体"' in slides
