"""Shared test helpers: paths, building into a temp folder, rendering with LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT / "content" / "changning-2024.yaml"
MINI = FIXTURES / "mini.yaml"

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")


def run_build(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run build.py as a user would; returns the finished process (text output)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="session")
def render_env(tmp_path_factory) -> dict:
    """Environment for soffice: its own profile and fontconfig aliases for the 公文 font names."""
    from govreport.fonts import fontconfig_aliases

    d = tmp_path_factory.mktemp("render-env")
    conf = d / "fonts.conf"
    conf.write_text(fontconfig_aliases(), encoding="utf-8")
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(conf)
    env["HOME"] = str(d)
    return env


def to_pdf(path: Path, outdir: Path, env: dict) -> Path:
    """Convert a .docx/.pptx to PDF with LibreOffice, headless."""
    profile = Path(env["HOME"]) / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(path)],
        check=True, capture_output=True, timeout=300, env=env,
    )
    pdf = outdir / (path.stem + ".pdf")
    assert pdf.exists(), f"soffice made no PDF of {path}"
    return pdf


@pytest.fixture(scope="session")
def soffice_pdf(render_env, tmp_path_factory):
    """Function: soffice_pdf(path) -> PDF path, rendered by LibreOffice with the font aliases."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    out = tmp_path_factory.mktemp("rendered")

    def convert(path: Path) -> Path:
        return to_pdf(Path(path), out, render_env)

    return convert


def line_waiter(proc: subprocess.Popen, lines: list[str], timeout: float = 60):
    """Function: wait_for(pattern) reads ``proc``'s output into ``lines`` until a line matches (or fails)."""
    import re
    import time

    def wait_for(pattern: str, timeout: float = timeout) -> None:
        end = time.time() + timeout
        while time.time() < end:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if re.search(pattern, line):
                return
        raise AssertionError(f"{pattern!r} not seen in:\n{''.join(lines)}")

    return wait_for


def reading_order(report) -> list[str]:
    """Every text a reader reads, in order: title block, headings, leads and texts (rendered)."""
    m = report.meta
    bits = [m.title, m.subtitle, m.speaker]

    def paras(items):
        return [report.render(p.lead or "") + report.render(p.text) for p in items]

    bits += paras(report.body.opening)
    for part in report.body.parts:
        bits.append(part.heading)
        bits += paras(part.intro)
        for area in part.areas:
            bits.append(area.heading)
            bits += paras(area.paragraphs)
        bits += paras(part.closing)
    bits += paras(report.body.closing)
    for annex in report.annexes:  # after the closing: label, title, numbered items or paragraphs
        bits += [annex.label, annex.title]
        bits += [annex.number(n) + t for n, t in enumerate(paras(annex.items), 1)] + paras(annex.paragraphs)
    g = report.glossary
    if g is not None:  # the last annex
        bits += ([g.label] if g.label else []) + [g.title] + [g.entry(n) for n in range(1, len(g.terms) + 1)]
    return bits


def text_lines(page) -> list[dict]:
    """The page's lines of text: characters of one size on one baseline with no gap wider than
    half a character between them (a table row's cells are lines of their own), each character
    starting where the last ends (two columns' lines on one baseline stay apart)."""
    chars = sorted((c for c in page.chars if c["text"].strip()), key=lambda c: (round(c["matrix"][5], 1), c["x0"]))
    out: list[dict] = []
    for c in chars:
        base = round(page.height - c["matrix"][5], 1)
        last = out[-1] if out else None
        if (last and abs(last["base"] - base) < 0.6 and abs(last["size"] - c["size"]) < 0.3
                and -1 <= c["x0"] - last["x1"] < c["size"] * 0.6):  # not the next column's line on one baseline
            last["text"] += c["text"]
            last["x1"] = c["x1"]
            last["chars"].append(c)
        else:
            out.append(dict(text=c["text"], x0=c["x0"], x1=c["x1"], base=base, size=c["size"], chars=[c]))
    return out


def lone_lines(page) -> list[str]:
    """Lines of one CJK character that go on a line just above them (within 1.5 leading, the same
    size, aligned left, right or centred with it): a cell, label or box whose text left one
    character alone on its last line, shown as 'line above/character'."""
    lines = text_lines(page)
    bad = []
    for ln in lines:
        if len(ln["text"]) != 1 or ord(ln["text"]) < 0x2E80:
            continue
        for above in lines:
            gap = ln["base"] - above["base"]
            aligned = (abs(above["x0"] - ln["x0"]) < 1 or abs(above["x1"] - ln["x1"]) < 1
                       or abs(above["x0"] + above["x1"] - ln["x0"] - ln["x1"]) < 2)
            if 0 < gap <= 1.5 * ln["size"] and abs(above["size"] - ln["size"]) < 0.3 and aligned:
                bad.append(f"{above['text']}/{ln['text']}")
                break
    return bad
