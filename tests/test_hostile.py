"""Hostile input, broken output folders, kills, races and hostile templates (issue 14).

Every case ends in a clear error (exit 2, one line per problem, no traceback) or a correct
build, and never loses or mixes outputs.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import MINI, ROOT

HEADING = "（一）凝心聚力谋发展，经济向好态势持续巩固。"


def variant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """MINI with one piece of text replaced, written as ``name``."""
    src = MINI.read_text(encoding="utf-8")
    assert old in src
    p = tmp_path / name
    p.write_text(src.replace(old, new, 1), encoding="utf-8")
    return p


def measured_build(*args: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run build.py in a child that reports its own CPU seconds and peak memory (MB)."""
    code = textwrap.dedent(
        """
        import resource, sys
        sys.argv = ["build.py"] + sys.argv[1:]
        from govreport.cli import main
        try:
            rc = main(sys.argv[1:])
        finally:
            u = resource.getrusage(resource.RUSAGE_SELF)
            print(f"@@ {u.ru_utime + u.ru_stime:.2f} {u.ru_maxrss / 1024:.0f}", file=sys.stderr)
        sys.exit(rc)
        """
    )
    r = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    stat = [l for l in r.stderr.splitlines() if l.startswith("@@ ")][-1].split()
    return r, float(stat[1]), float(stat[2])


# Deck fitting ------------------------------------------------------------------------------


def test_20000_character_heading_fails_cleanly_in_seconds_and_little_memory(tmp_path):
    heading = "（一）" + ("凝心聚力谋发展经济向好态势持续巩固" * 1200)[:20000]
    src = variant(tmp_path, "long.yaml", HEADING, heading)
    r, cpu, mb = measured_build(str(src), "--out", str(tmp_path / "out"))
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    line = [l for l in r.stderr.splitlines() if "areas[0].heading" in l]
    assert line and line[0].startswith(f"{src}:70:20: body.parts[0].areas[0].heading: slide title"), r.stderr
    assert "(20003 characters)" in line[0] and "shorten it to at most" in line[0]
    assert len(line[0]) < 400  # the title is quoted in part, not 20,000 characters of it
    assert cpu < 10 and mb < 500, (cpu, mb)
    assert not (tmp_path / "out" / "long").exists()  # nothing written
