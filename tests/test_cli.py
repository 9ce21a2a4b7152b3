"""build.py as a user runs it: batches, -j, incremental rebuilds, --watch, what it prints."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path


from conftest import MINI, ROOT, line_waiter, run_build
from govreport import builders

AVAILABLE = [n for n in builders.BUILDERS if builders.available(n)]


def copies(tmp_path: Path, n: int) -> list[Path]:
    d = tmp_path / "content"
    d.mkdir(exist_ok=True)
    out = []
    for i in range(n):
        p = d / f"r{i}.yaml"
        shutil.copy(MINI, p)
        out.append(p)
    return out


def skipped(proc) -> int:
    """How many outputs the build said it left unchanged."""
    return sum(1 for line in proc.stdout.splitlines() if line.endswith("  unchanged"))


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def test_unknown_output_name():
    r = run_build(str(MINI), "--only", "slides")
    assert r.returncode == 2 and "unknown output(s) slides" in r.stderr


def test_one_line_per_output_with_size_and_time(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    r = run_build(str(MINI), "--out", str(tmp_path / "out"), "--only", ",".join(AVAILABLE), cwd=work)
    assert r.returncode == 0, r.stderr
    lines = [l for l in r.stdout.splitlines() if "bytes" in l]
    assert len(lines) == len(AVAILABLE)
    for line in lines:
        m = re.match(r"^(\S+)\s+([\d,]+) bytes\s+(\d+) ms$", line)
        assert m, line
        assert Path(m.group(1)).stat().st_size == int(m.group(2).replace(",", ""))
    # Nothing in the working folder or beside the content, no temp files left, ordinary permissions.
    assert not list(work.iterdir())
    assert not [p for p in MINI.parent.iterdir() if p.suffix not in (".yaml",)]
    assert not list(tmp_path.rglob("*.tmp"))
    for p in (tmp_path / "out" / "mini").iterdir():
        assert p.stat().st_mode & 0o044 == 0o044, f"{p} is not readable by others"


def test_two_files_with_one_stem_are_refused(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(MINI, tmp_path / "a" / "x.yaml")
    shutil.copy(MINI, tmp_path / "b" / "x.yaml")
    r = run_build(str(tmp_path / "a" / "x.yaml"), str(tmp_path / "b" / "x.yaml"), "--out", str(tmp_path / "out"))
    assert r.returncode == 2 and "would both write" in r.stderr
    assert not (tmp_path / "out").exists()


def test_folder_batch_with_one_bad_file(tmp_path):
    files = copies(tmp_path, 3)
    files[1].write_text(files[1].read_text(encoding="utf-8").replace("value: 2286.2", "value: lots"), encoding="utf-8")
    out = tmp_path / "out"
    r = run_build(str(tmp_path / "content"), "--out", str(out), "--only", AVAILABLE[0], "-j", "2")
    assert r.returncode == 2
    assert "r1.yaml:" in r.stderr and "expected a number" in r.stderr
    built = {p.parent.name for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert built == {"r0", "r2"}


def test_jobs_give_the_same_bytes_as_one_process(tmp_path):
    copies(tmp_path, 3)
    a, b = tmp_path / "a", tmp_path / "b"
    only = ",".join(AVAILABLE)
    assert run_build(str(tmp_path / "content"), "--out", str(a), "--only", only).returncode == 0
    assert run_build(str(tmp_path / "content"), "--out", str(b), "--only", only, "-j", "2").returncode == 0
    assert outputs(a) == outputs(b) and len(outputs(a)) == 3 * len(AVAILABLE)


def test_unchanged_outputs_are_skipped_until_something_changes(tmp_path):
    (src,) = copies(tmp_path, 1)
    out = tmp_path / "out"
    only = ",".join(AVAILABLE)
    first = run_build(str(src), "--out", str(out), "--only", only)
    assert first.returncode == 0 and skipped(first) == 0
    second = run_build(str(src), "--out", str(out), "--only", only)
    assert skipped(second) == len(AVAILABLE), second.stdout
    forced = run_build(str(src), "--out", str(out), "--only", only, "--force")
    assert skipped(forced) == 0
    # An edited content file rebuilds.
    src.write_text(src.read_text(encoding="utf-8").replace("value: 2286.2", "value: 2286.3"), encoding="utf-8")
    third = run_build(str(src), "--out", str(out), "--only", only)
    assert skipped(third) == 0
    # An output changed by hand is rebuilt, not trusted.
    target = next(p for p in (out / src.stem).iterdir() if not p.name.startswith("."))
    target.write_bytes(b"edited")
    fourth = run_build(str(src), "--out", str(out), "--only", only)
    assert f"{target}  unchanged" not in fourth.stdout and target.read_bytes() != b"edited"


def test_watch_rebuilds_on_change(tmp_path):
    (src,) = copies(tmp_path, 1)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), str(src), "--out", str(out), "--only", AVAILABLE[0], "--watch"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
    )
    try:
        lines = []

        wait_for = line_waiter(proc, lines)

        wait_for(r"^watching ")
        src.write_text(src.read_text(encoding="utf-8").replace("value: 2286.2", "value: 2286.9"), encoding="utf-8")
        wait_for(r"bytes\s+\d+ ms$")
        src.write_text(src.read_text(encoding="utf-8").replace("value: 2286.9", "value: lots"), encoding="utf-8")
        wait_for(r"expected a number")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_watch_rebuilds_when_last_years_file_changes(tmp_path):
    """--watch on this year's report also watches the previous file it names (settings.previous):
    an edit of last year's file rebuilds this year's outputs (their review slide, table, page)."""
    two = ROOT / "tests" / "two_years"
    for name in ("qinghe-2023.yaml", "qinghe-2024.yaml"):
        shutil.copy(two / name, tmp_path / name)
    src, previous = tmp_path / "qinghe-2024.yaml", tmp_path / "qinghe-2023.yaml"
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), str(src), "--out", str(out), "--only", "report", "--watch"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
    )
    try:
        lines = []
        wait_for = line_waiter(proc, lines)
        wait_for(r"^watching ")
        built = len([l for l in lines if re.search(r"bytes\s+\d+ ms$", l)])
        assert built == 1, lines
        previous.write_text(previous.read_text(encoding="utf-8") + "\n# edited last year's file\n", encoding="utf-8")
        wait_for(r"report\.docx\s+[\d,]+ bytes\s+\d+ ms$")
        assert sum(1 for l in lines if re.search(r"bytes\s+\d+ ms$", l)) == 2, lines
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_a_builder_error_writes_nothing_and_points_at_the_line(tmp_path):
    """The deck refuses an area heading too long for three title lines: the report and brief must
    not be written either, or the folder would hold outputs of two versions of the content."""
    src = tmp_path / "r.yaml"
    shutil.copy(MINI, src)
    out = tmp_path / "out"
    assert run_build(str(src), "--out", str(out)).returncode == 0
    before = outputs(out)
    text = src.read_text(encoding="utf-8")
    heading = "（一）" + "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，" * 4 + "经济向好态势持续巩固。"
    old = "（一）凝心聚力谋发展，经济向好态势持续巩固。"
    assert old in text
    src.write_text(text.replace(old, heading, 1), encoding="utf-8")
    line = next(n for n, l in enumerate(src.read_text(encoding="utf-8").splitlines(), 1) if heading in l)
    for args in (["--check"], ["--out", str(out)]):
        r = run_build(str(src), *args)
        assert r.returncode == 2, r.stdout + r.stderr
        assert "Traceback" not in r.stderr
        assert re.search(rf"r\.yaml:{line}:\d+: body\.parts\[0\]\.areas\[0\]\.heading: .*shorten", r.stderr), r.stderr
    assert outputs(out) == before


def test_an_output_edited_by_hand_is_kept_when_rebuilt(tmp_path):
    src = tmp_path / "r.yaml"
    shutil.copy(MINI, src)
    out = tmp_path / "out"
    assert run_build(str(src), "--out", str(out), "--only", "deck").returncode == 0
    deck = out / "r" / "deck.pptx"
    deck.write_bytes(deck.read_bytes() + b"\0")  # someone's edit
    edited = deck.read_bytes()
    r = run_build(str(src), "--out", str(out), "--only", "deck")
    assert r.returncode == 0
    assert "changed by hand" in r.stdout and "deck.edited.pptx" in r.stdout
    assert (out / "r" / "deck.edited.pptx").read_bytes() == edited
    assert deck.read_bytes() != edited
