"""The exit codes a user (or a script, or CI) reads, each from the command as it is run:
0 done, 1 a bug, 2 a problem of the user's (content, templates, a source, a disk, a lock: every
problem one line, no traceback), 3 outputs that disagree with their content (--verify)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, ROOT, run_build

from govreport.errors import Exit

MINI = FIXTURES / "mini.yaml"
LINE = re.compile(r"^\S.*?:(\d+:(\d+:)?)? .+")  # file[:line[:col]]: message


def _no_traceback(r: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in r.stderr, r.stderr


def test_the_codes_are_what_the_readme_and_the_help_say():
    assert [int(e) for e in (Exit.OK, Exit.BUG, Exit.USER, Exit.DISAGREE)] == [0, 1, 2, 3]
    r = run_build("--help")
    assert r.returncode == 0
    help_text = " ".join(r.stdout.split())
    for code, words in (("0", "done"), ("1", "a bug"), ("2", "a problem to fix"), ("3", "an output disagrees")):
        assert re.search(rf"\b{code}\s+{words}", help_text), r.stdout
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    section = readme[readme.index("Exit codes ("):][:1200]
    for code, words in (("0", "built"), ("1", "a bug"), ("2", "a problem"), ("3", "an output disagrees")):
        assert re.search(rf"`{code}`[^`]*{words}", section), section


def test_0_built(tmp_path):
    r = run_build(str(MINI), "--out", str(tmp_path), "--only", "report")
    assert r.returncode == Exit.OK == 0, r.stderr
    assert (tmp_path / "mini" / "report.docx").is_file()


def test_2_content_every_problem_a_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("indicators:", "indicators:\n  zz: {value: lots}", 1),
                   encoding="utf-8")
    r = run_build(str(bad), "--out", str(tmp_path / "out"))
    assert r.returncode == Exit.USER == 2, r.stderr
    _no_traceback(r)
    lines = r.stderr.splitlines()
    assert lines and all(l.startswith(f"{bad}:") and LINE.match(l) for l in lines), r.stderr
    assert not (tmp_path / "out").exists()


def test_2_a_source_that_cannot_be_imported(tmp_path):
    missing = tmp_path / "nowhere.docx"
    r = run_build("import", str(missing), "-o", str(tmp_path / "draft.yaml"))
    assert r.returncode == Exit.USER == 2
    assert r.stderr == f"{missing}: no such file\n", r.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    r = run_build("import", str(empty))
    assert r.returncode == 2 and r.stderr == f"{empty}: is empty\n", r.stderr


def test_2_a_folder_that_cannot_be_written(tmp_path):
    out = tmp_path / "a-file"
    out.write_text("not a folder", encoding="utf-8")
    r = run_build(str(MINI), "--out", str(out), "--only", "report")
    assert r.returncode == Exit.USER == 2, r.stderr
    _no_traceback(r)
    assert r.stderr == f"{out}: cannot make the output folder: this is a file, not a folder\n", r.stderr
    assert out.read_text(encoding="utf-8") == "not a folder"


def test_2_a_lock_that_is_not_a_file(tmp_path):
    (tmp_path / "mini" / ".lock").mkdir(parents=True)
    r = run_build(str(MINI), "--out", str(tmp_path), "--only", "report")
    assert r.returncode == Exit.USER == 2, r.stderr
    _no_traceback(r)
    assert r.stderr == f"{tmp_path / 'mini' / '.lock'}: cannot write: not a regular file; remove it\n", r.stderr
    assert not (tmp_path / "mini" / "report.docx").exists()


def test_1_a_bug(tmp_path):
    script = ("import sys\nfrom govreport import builders, cli\n"
              "def broken(report, ctx):\n    raise RuntimeError('a bug, on purpose')\n"
              "builders.get('report').build = broken\n"
              "sys.exit(cli.main(sys.argv[1:]))\n")
    r = subprocess.run([sys.executable, "-c", script, str(MINI), "--out", str(tmp_path), "--only", "report"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == Exit.BUG == 1, r.stderr
    assert r.stderr.count("Traceback") == 1 and "RuntimeError: a bug, on purpose" in r.stderr, r.stderr
    assert f"{MINI}: a bug in build.py" in r.stderr
    assert not (tmp_path / "mini" / "report.docx").exists()


def test_3_an_output_that_disagrees_and_2_content_that_does_not_load(tmp_path):
    src = tmp_path / "mini.yaml"
    src.write_bytes(MINI.read_bytes())
    r = run_build(str(src), "--out", str(tmp_path / "out"), "--only", "web", "--verify")
    assert r.returncode == Exit.OK, r.stdout + r.stderr
    page = tmp_path / "out" / "mini" / "report.html"
    html = page.read_text(encoding="utf-8")
    figure = re.search(r"\d+(\.\d+)?亿元", html).group(0)
    page.write_text(html.replace(figure, "1" + figure), encoding="utf-8")
    r = run_build(str(src), "--out", str(tmp_path / "out"), "--only", "web", "--verify-only")
    assert r.returncode == Exit.DISAGREE == 3, r.stdout + r.stderr
    _no_traceback(r)
    assert "verify: FAILED" in r.stdout and ": web: differs" in r.stderr, r.stdout + r.stderr
    src.write_text(MINI.read_text(encoding="utf-8").replace("indicators:", "indicators:\n  zz: {value: lots}", 1),
                   encoding="utf-8")
    r = run_build(str(src), "--out", str(tmp_path / "out"), "--only", "web", "--verify-only")
    assert r.returncode == Exit.USER == 2, r.stdout + r.stderr
    _no_traceback(r)
