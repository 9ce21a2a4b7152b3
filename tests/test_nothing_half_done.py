"""Nothing half-done (issue 25): interrupted builds, outputs open in another program, templates
that are not plain documents, every problem of a file at once, imports that drop text, --verify
that writes nothing outside --out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINI, ROOT


def variant(tmp_path: Path, name: str, *pairs: tuple[str, str]) -> Path:
    """MINI with pieces of text replaced, written as ``name``."""
    src = MINI.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in src
        src = src.replace(old, new, 1)
    p = tmp_path / name
    p.write_text(src, encoding="utf-8")
    return p


def run(*args: str, env: dict | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


# Every problem of a file at once ------------------------------------------------------------

def test_a_line_separator_and_an_unknown_reference_on_the_next_line_are_both_reported(tmp_path):
    src = variant(tmp_path, "two.yaml",
                  ("- 加大改革开放力度。", "- 加大改革\u2028开放力度。"),
                  ("text: 深入对接落实虹桥国际开放枢纽建设任务。", "text: 深入对接落实{nosuch}虹桥国际开放枢纽建设任务。"))
    r = run(str(src), "--check")
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    text = src.read_text(encoding="utf-8").split("\n")
    sep_line = next(i for i, l in enumerate(text, 1) if "\u2028" in l)
    ref_line = next(i for i, l in enumerate(text, 1) if "{nosuch}" in l)
    assert ref_line > sep_line
    assert any(l.startswith(f"{src}:{sep_line}:") and "U+2028" in l for l in lines), lines
    assert any(l.startswith(f"{src}:{ref_line}:") and "unknown indicator 'nosuch'" in l for l in lines), lines
    assert len(lines) == 2, lines
