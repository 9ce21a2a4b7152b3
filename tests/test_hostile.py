"""Hostile input, broken output folders, kills, races and hostile templates (issue 14).

Every case ends in a clear error (exit 2, one line per problem, no traceback) or a correct
build, and never loses or mixes outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import MINI, ROOT
from govreport import builders

HEADING = "（一）凝心聚力谋发展，经济向好态势持续巩固。"


def variant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """MINI with one piece of text replaced, written as ``name``."""
    src = MINI.read_text(encoding="utf-8")
    assert old in src
    p = tmp_path / name
    p.write_text(src.replace(old, new, 1), encoding="utf-8")
    return p


def measured(code: str, *args: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run Python ``code`` in a child that reports its own CPU seconds and peak memory (MB)."""
    code = textwrap.dedent(code) + textwrap.dedent(
        """
        import resource
        u = resource.getrusage(resource.RUSAGE_SELF)
        # The peak of this program's own memory: VmHWM (Linux) starts at the exec. ru_maxrss keeps
        # the high-water mark of the process it was forked from (pytest, 400+ MB late in a full run).
        try:
            with open("/proc/self/status") as f:
                peak = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
        except (OSError, StopIteration):
            peak = u.ru_maxrss
        print(f"@@ {u.ru_utime + u.ru_stime:.2f} {peak / 1024:.0f}", file=sys.stderr)
        sys.exit(rc)
        """
    )
    r = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    stat = [l for l in r.stderr.splitlines() if l.startswith("@@ ")]
    assert stat, r.stderr
    return r, float(stat[-1].split()[1]), float(stat[-1].split()[2])


BUILD = """
import sys
from govreport.cli import main
rc = main(sys.argv[1:])
"""

# The deck's planner on a report whose area heading is ``sys.argv[2]`` characters long, past the
# loader (which refuses headings over 1,000 characters): the fitting itself must stay cheap.
PLAN_LONG_HEADING = """
import sys
from pathlib import Path
from govreport import builders
from govreport.errors import ContentError
from govreport.loader import parse, read_text
from govreport.model import Report
path = Path(sys.argv[1])
data, _ = parse(read_text(path, str(path)), str(path))
area = data["body"]["parts"][0]["areas"][0]
area["heading"] = "（一）" + ("凝心聚力谋发展经济向好态势持续巩固" * 2000)[: int(sys.argv[2])]
report = Report.model_validate(data)
try:
    builders.get("deck").build(report, builders.BuildContext(source=path))
    print("built")
except ContentError as e:
    print(e)
rc = 0
"""


# Deck fitting ------------------------------------------------------------------------------


def test_20000_character_heading_costs_seconds_and_little_memory():
    r, cpu, mb = measured(PLAN_LONG_HEADING, str(MINI), "20000")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert "body.parts[0].areas[0].heading: slide title" in r.stdout
    assert "(20003 characters)" in r.stdout and "shorten it to at most" in r.stdout
    assert len(r.stdout.splitlines()[0]) < 400  # the title is quoted in part, not 20,000 characters of it
    assert cpu < 10 and mb < 500, (cpu, mb)


def test_20000_character_heading_is_refused_by_the_loader_and_the_longest_allowed_fails_cleanly(tmp_path):
    src = variant(tmp_path, "long.yaml", HEADING, "（一）" + "长" * 20000)
    r, cpu, mb = measured(BUILD, str(src), "--out", str(tmp_path / "out"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"{src}:70:20: body.parts[0].areas[0].heading: 20,003 characters; this field takes at most 1,000" in r.stderr
    src = variant(tmp_path, "long.yaml", HEADING, "长" * 1000)
    r, cpu, mb = measured(BUILD, str(src), "--out", str(tmp_path / "out"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "slide title" in r.stderr and "shorten it to at most" in r.stderr
    assert cpu < 10 and mb < 500, (cpu, mb)
    assert not (tmp_path / "out" / "long").exists()  # nothing written


# Content the outputs cannot hold ----------------------------------------------------------

PARA = "- 加大改革开放力度。"


def check(path: Path, capsys) -> list[str]:
    """build.py --check in-process: exit 2, no traceback, every line located in ``path``."""
    from govreport.cli import main

    code = main([str(path), "--check"])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines and all(l.startswith(f"{path}:") for l in lines), err
    return lines


def where(path: Path, needle: str) -> str:
    """'line:col' of the first ``needle`` in the file, as a message gives it."""
    text = path.read_text(encoding="utf-8", errors="surrogatepass")
    i = text.index(needle)
    return f"{text.count(chr(10), 0, i) + 1}:{i - text.rfind(chr(10), 0, i)}"


@pytest.mark.parametrize(
    "old, new, needle, code, name",
    [
        (PARA, '- "加大改革\\v开放力度。"', "\\v", "000B", "vertical tab, written as an escape"),
        ("title: 政府工作报告", 'title: "政府\\x1f工作报告"', "\\x1f", "001F", "a control character, written as an escape"),
        (PARA, '- "加大改革\\0开放力度。"', "\\0", "0000", "NUL, written as an escape"),
        (PARA, '- "加大改革\\uFFFE开放力度。"', "\\uFFFE", "FFFE", "not a character, written as an escape"),
        ("label: 地区生产总值", 'label: "地区\\uffff生产总值"', "\\uffff", "FFFF", "not a character, written as an escape"),
        (PARA, '- "加大改革\\L开放力度。"', "\\L", "2028", "line separator, written as an escape"),
        (PARA, "- 加大改革\x0b开放力度。", "\x0b", "000B", "vertical tab"),
        (PARA, "- 加大改革\x0c开放力度。", "\x0c", "000C", "form feed"),
        (PARA, "- 加大改革\x00开放力度。", "\x00", "0000", "NUL"),
        (PARA, "- 加大改革\ufffe开放力度。", "\ufffe", "FFFE", "not a character"),
        (PARA, "- 加大改革\u2028开放力度。", "\u2028", "2028", "line separator"),
        (PARA, "- 加大改革开放\u2029力度。", "\u2029", "2029", "paragraph separator"),
    ],
)
def test_characters_no_output_can_hold_are_refused_at_their_place(tmp_path, capsys, old, new, needle, code, name):
    p = variant(tmp_path, "x.yaml", old, new)
    lines = check(p, capsys)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{p}:{where(p, needle)}: "), lines
    assert f"character U+{code} is not allowed ({name})" in lines[0]


def test_a_lone_surrogate_escape_is_named(tmp_path, capsys):
    p = variant(tmp_path, "x.yaml", PARA, '- "加大改革\\uD800开放力度。"')
    (line,) = check(p, capsys)
    assert "surrogate" in line and line.startswith(f"{p}:79:")


def test_every_bad_character_is_listed_at_once(tmp_path, capsys):
    p = variant(tmp_path, "x.yaml", PARA, "- 加大\x01改革\x1f开放力度。")
    p.write_text(p.read_text(encoding="utf-8").replace("title: 政府工作报告", "title: 政府\x7f工作报告"), encoding="utf-8")
    lines = check(p, capsys)
    assert [l.split(": ")[0] for l in lines] == [f"{p}:{where(p, c)}" for c in ("\x7f", "\x01", "\x1f")]


@pytest.mark.parametrize(
    "old, new, token, message",
    [
        ("value: 2286.2", "value: " + "9" * 5000, "9", "a figure of 5,000 digits; a report's figures have at most 20"),
        ("value: 2286.2", 'value: "' + "9" * 5000 + '"', '"', "a figure of 5,000 digits"),
        ("value: 2286.2", "value: 1." + "5" * 4999, "1", "a figure of 5,000 digits"),
        ("value: 2286.2", "value: 123456789012345678901", "1", "a figure of 21 digits"),
        ("period: 2023\n    change: {value: 12.8", "period: " + "2" * 5000 + "\n    change: {value: 12.8", "2", "a figure of 5,000 digits"),
        ("value: 2286.2", "value: -0", "-", "write 0, not '-0'"),
        ("change: {value: 12.8,", "change: {value: -0.0,", "-", "write 0, not '-0.0'"),
        ("change: {value: 12.8,", 'change: {value: "-0.0",', '"', "write 0, not '-0.0'"),
    ],
)
def test_numbers_no_report_means_are_refused(tmp_path, capsys, old, new, token, message):
    p = variant(tmp_path, "x.yaml", old, new)
    (line,) = check(p, capsys)
    row, col = map(int, where(p, new).split(":"))
    assert line.startswith(f"{p}:{row}:{col + new.index(token)}: indicators.gdp."), line
    assert message in line


def test_twenty_digits_still_build(tmp_path, capsys):
    from govreport.loader import load

    p = variant(tmp_path, "x.yaml", "value: 600", "value: 12345678901234567890")
    assert str(load(p).indicators["ai_firms"].value) == "12345678901234567890"


@pytest.mark.parametrize(
    "old, new, path, message",
    [
        ("title: 政府工作报告", "title: 政府工作报告{gdp}", "meta.title", "{gdp} would be printed as typed"),
        ("subtitle: ——2024", "subtitle: ——{{2024}}", "meta.subtitle", "{{ and }} would be printed as typed here"),
        ("label: 地区生产总值", "label: 地区生产总值{gdp.value}", "indicators.gdp.label", "{gdp.value} would be printed"),
        ("  economy: 经济发展", "  economy: 经济{ gdp }", "groups.economy", "{ gdp } would be printed as typed"),
        ("title: 政府工作报告", "title: " + "长" * 201, "meta.title", "201 characters; this field takes at most 200"),
        ("label: 地区生产总值", "label: " + "长" * 1001, "indicators.gdp.label", "1,001 characters; this field takes at most 1,000"),
        ("unit: 亿元", "unit: " + "亿" * 51, "indicators.gdp.unit", "51 characters; this field takes at most 50"),
        (HEADING, "长" * 1001, "body.parts[0].areas[0].heading", "1,001 characters; this field takes at most 1,000"),
        (PARA, "- " + "长" * 20001, "body.parts[0].areas[1].paragraphs[0]", "20,001 characters; this field takes at most 20,000"),
    ],
)
def test_fields_printed_as_typed_and_over_long_fields(tmp_path, capsys, old, new, path, message):
    p = variant(tmp_path, "x.yaml", old, new)
    lines = check(p, capsys)
    assert any(f": {path}: {message}" in l for l in lines), lines


def test_a_key_past_yamls_limit_is_named(tmp_path, capsys):
    p = variant(tmp_path, "x.yaml", "  economy: 经济发展", "  " + "k" * 2000 + ": 经济发展")
    (line,) = check(p, capsys)
    assert line == f"{p}:15:3: YAML syntax: a key of 2,000 characters; YAML reads at most 1,024 before a key's ':' " \
                   "(keys here are short names; a long text goes after the colon)"


# Inputs ------------------------------------------------------------------------------------

needs_posix = pytest.mark.skipif(os.name != "posix", reason="FIFOs, /dev/zero and mounts are POSIX")


def run(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


@needs_posix
def test_a_fifo_a_device_and_an_empty_folder_are_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("x")
    for arg, message in ((fifo, "is a FIFO (named pipe), not a file"), (zero, "is a device, not a file"),
                         (empty, "a folder with no content files (*.yaml) in it")):
        r = run(str(arg), "--out", str(tmp_path / "out"), timeout=60)  # a FIFO used to block forever
        assert r.returncode == 2 and r.stderr.startswith(f"{arg}: {message}"), r.stderr
        assert "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path):
    from govreport.errors import ContentError
    from govreport.loader import MAX_BYTES, read_bytes

    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(ContentError, match=f"at most {MAX_BYTES:,}"):
        read_bytes(big, str(big))


# Output folders ----------------------------------------------------------------------------

OUT_NAMES = tuple(builders.FILENAMES.values())  # report.docx, deck.pptx, brief.pdf, report.html


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the output folder but the lock, by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.name != ".lock"}


def outputs_of(folder: Path) -> dict[str, bytes]:
    return {n: (folder / n).read_bytes() for n in OUT_NAMES if (folder / n).exists()}


def v2(tmp_path: Path) -> Path:
    """MINI with one figure changed: every output differs from MINI's."""
    d = tmp_path / "v2"
    d.mkdir(exist_ok=True)
    return variant(d, "mini.yaml", "value: 2286.2", "value: 2286.3")


@pytest.fixture(scope="module")
def sets(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The outputs of MINI ('v1') and of v2, built once (builds are deterministic)."""
    from govreport.cli import main

    d = tmp_path_factory.mktemp("sets")
    assert main([str(MINI), "--out", str(d / "v1")]) == 0
    assert main([str(v2(d)), "--out", str(d / "v2")]) == 0
    return {"v1": outputs_of(d / "v1" / "mini"), "v2": outputs_of(d / "v2" / "mini")}


def manifest(folder: Path) -> dict:
    return json.loads((folder / ".manifest.json").read_text(encoding="utf-8"))


def assert_clean_set(folder: Path, expected: dict[str, bytes]) -> None:
    """The folder holds exactly ``expected``, a complete manifest agreeing with it, no temp or .edited files."""
    assert outputs_of(folder) == expected
    m = manifest(folder)
    assert "pending" not in m
    names = {f: n for n, f in builders.FILENAMES.items()}
    for f, data in expected.items():
        assert m["outputs"][names[f]]["output"] == hashlib.sha256(data).hexdigest()
    extra = [p.name for p in folder.iterdir() if p.name not in set(expected) | {".manifest.json", ".lock"}]
    assert not extra, extra


def test_out_a_regular_file_is_exit_2_naming_it(tmp_path):
    f = tmp_path / "afile"
    f.write_text("keep me")
    for out in (f, f / "sub"):
        r = run(str(MINI), "--out", str(out))
        assert r.returncode == 2 and "Traceback" not in r.stderr
        assert r.stderr.strip() == f"{f}: cannot make the output folder: this is a file, not a folder", r.stderr
    assert f.read_text() == "keep me"


@pytest.mark.parametrize("name", ["...yaml", "a..yaml", "con.yaml"])
def test_a_stem_that_is_not_a_plain_name_is_refused(tmp_path, name):
    src = tmp_path / "in" / name
    src.parent.mkdir()
    src.write_bytes(MINI.read_bytes())
    out = tmp_path / "deep" / "out"
    r = run(str(src), "--out", str(out))
    assert r.returncode == 2 and "rename the file" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "deep").exists()  # nothing written into --out nor its parent


def test_corrupt_manifests_of_any_shape_keep_every_edit(tmp_path, sets, capsys):
    from govreport.cli import main

    out = tmp_path / "out"
    folder = out / "mini"
    for junk in ("[]", "null", '{"report": "x"}', '{"outputs": []}', '{"format": 2, "outputs": {"deck": {"output": 5}}}',
                 '{"pending": {"deck": 1}}', "{not json", ""):
        shutil.rmtree(out, ignore_errors=True)
        assert main([str(MINI), "--out", str(out)]) == 0
        (folder / ".manifest.json").write_text(junk)
        (folder / "deck.pptx").write_bytes(b"edited deck")
        capsys.readouterr()
        assert main([str(MINI), "--out", str(out)]) == 0, junk
        o, e = capsys.readouterr()
        assert "Traceback" not in e
        # The edited deck is kept; report and brief were the very bytes to write: no copies of them.
        assert (folder / "deck.edited.pptx").read_bytes() == b"edited deck", junk
        assert "deck.edited.pptx" in o
        (folder / "deck.edited.pptx").unlink()
        assert_clean_set(folder, sets["v1"])
    # Manifest deleted, report edited: the edit is kept too.
    (folder / ".manifest.json").unlink()
    (folder / "report.docx").write_bytes(b"edited report")
    assert main([str(MINI), "--out", str(out)]) == 0
    assert (folder / "report.edited.docx").read_bytes() == b"edited report"


def test_repeated_hand_edits_are_all_kept(tmp_path, sets, capsys):
    from govreport.cli import main

    out = tmp_path / "out"
    folder = out / "mini"
    assert main([str(MINI), "--out", str(out)]) == 0
    for k in range(1, 4):
        (folder / "deck.pptx").write_bytes(f"edit {k}".encode())
        assert main([str(MINI), "--out", str(out)]) == 0
    kept = {p.name: p.read_bytes() for p in folder.glob("deck.edited*")}
    assert kept == {"deck.edited.pptx": b"edit 1", "deck.edited-2.pptx": b"edit 2", "deck.edited-3.pptx": b"edit 3"}
    assert outputs_of(folder) == sets["v1"]


# kill -9 at every step of the commit ------------------------------------------------------

STEPS = ["temps", "pending"] + [f"rename-{k}" for k in range(1, len(OUT_NAMES) + 1)] + ["complete"]


def start_paused(src: Path, out: Path, step: str, tmp_path: Path, *extra: str) -> subprocess.Popen:
    """A build that stops at ``step`` of its commit (test hook in outputs.py) and is running there."""
    flag = tmp_path / f"paused-{step}"
    env = {**os.environ, "GOVREPORT_TEST_PAUSE_AT": step, "GOVREPORT_TEST_PAUSED": str(flag)}
    p = subprocess.Popen([sys.executable, str(ROOT / "build.py"), str(src), "--out", str(out), *extra], cwd=ROOT,
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(1200):
        if flag.exists():
            return p
        if p.poll() is not None:
            raise AssertionError(f"build ended before {step}: {p.communicate()}")
        time.sleep(0.05)
    p.kill()
    raise AssertionError(f"build never reached {step}")


@needs_posix
@pytest.mark.parametrize("step", STEPS)
def test_kill_9_at_any_step_leaves_whole_files_and_the_next_build_repairs(tmp_path, sets, step, capsys):
    from govreport.cli import main

    out = tmp_path / "out"
    folder = out / "mini"
    assert main([str(MINI), "--out", str(out)]) == 0
    p = start_paused(v2(tmp_path), out, step, tmp_path)
    p.send_signal(signal.SIGKILL)
    p.communicate()
    # Every output is a whole file, of one build or the other.
    for name in OUT_NAMES:
        assert (folder / name).read_bytes() in (sets["v1"][name], sets["v2"][name]), (step, name)
    done = STEPS.index(step) - 1  # outputs renamed before the kill
    assert [n for n in OUT_NAMES if (folder / n).read_bytes() == sets["v2"][n]] == list(OUT_NAMES[:max(0, min(len(OUT_NAMES), done))])
    # The next build (of either version) finishes the set, takes no output of its own for an edit.
    capsys.readouterr()
    again = MINI if step == "rename-2" else v2(tmp_path)
    assert main([str(again), "--out", str(out)]) == 0
    o, e = capsys.readouterr()
    assert "changed by hand" not in o and "kept as" not in o, o
    assert_clean_set(folder, sets["v1" if again == MINI else "v2"])


def test_a_second_build_waits_for_the_first_and_then_finishes_its_set(tmp_path, sets):
    out = tmp_path / "out"
    folder = out / "mini"
    a = start_paused(v2(tmp_path), out, "rename-1", tmp_path)  # holds the folder, report already v2
    try:
        short = run(str(MINI), "--out", str(out), env={"GOVREPORT_LOCK_WAIT": "0.3"})
        assert short.returncode == 2 and "Traceback" not in short.stderr
        assert f"{folder}: another build (pid {a.pid}) has been writing this folder for more than 0.3 s" in short.stderr
        b = subprocess.Popen([sys.executable, str(ROOT / "build.py"), str(MINI), "--out", str(out)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = b.stderr.readline()
        assert first.startswith(f"{folder}: waiting for another build writing this folder (pid {a.pid})"), first
        assert b.poll() is None  # still waiting
    finally:
        a.kill()
        a.communicate()
    o, e = b.communicate(timeout=120)
    assert b.returncode == 0, e
    assert "stopped part-way" in o and "kept as" not in o
    assert_clean_set(folder, sets["v1"])


def test_two_builds_of_different_versions_at_once_leave_one_whole_set(tmp_path, sets):
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, str(ROOT / "build.py"), str(src), "--out", str(out)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for src in (MINI, v2(tmp_path))]
    for p in procs:
        o, e = p.communicate(timeout=120)
        assert p.returncode == 0, e
        assert "kept as" not in o
    folder = out / "mini"
    on_disk = outputs_of(folder)
    assert on_disk in (sets["v1"], sets["v2"])
    assert_clean_set(folder, on_disk)


# Full and read-only disks (a small tmpfs: root only) ----------------------------------------

def _mount(folder: Path, size: str) -> None:
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True, capture_output=True)


needs_root = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"),
                                reason="mounting a small tmpfs needs root")


@pytest.fixture
def tmpfs(tmp_path):
    mounted = []

    def make(size: str) -> Path:
        d = tmp_path / f"fs{len(mounted)}"
        try:
            _mount(d, size)
        except (subprocess.CalledProcessError, OSError) as e:
            pytest.skip(f"cannot mount a tmpfs here: {e}")
        mounted.append(d)
        return d

    yield make
    for d in mounted:
        subprocess.run(["umount", "-l", str(d)], capture_output=True)


@needs_root
def test_a_full_disk_part_way_leaves_the_last_set_and_no_temp_files(tmpfs, tmp_path, sets):
    out = tmpfs("200k")  # room for one set (about 130 KB) and part of another
    assert run(str(MINI), "--out", str(out)).returncode == 0
    before = snapshot(out / "mini")
    r = run(str(v2(tmp_path)), "--out", str(out))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "cannot write: no space left on the disk; the outputs there are left as they were" in r.stderr, r.stderr
    assert snapshot(out / "mini") == before  # no temp file, old set and manifest as they were
    assert outputs_of(out / "mini") == sets["v1"]


@needs_root
def test_a_read_only_disk_is_exit_2_and_a_no_change_rebuild_still_works(tmpfs, tmp_path, sets):
    out = tmpfs("1m")
    assert run(str(MINI), "--out", str(out)).returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
    r = run(str(MINI), "--out", str(out))
    assert r.returncode == 0 and r.stdout.count("unchanged") == len(OUT_NAMES), r.stderr
    r = run(str(v2(tmp_path)), "--out", str(out))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "cannot write: the file system is read-only; the outputs there are left as they were" in r.stderr
    r = run(str(MINI), "--out", str(out / "new"))
    assert r.returncode == 2 and r.stderr.strip() == f"{out / 'new' / 'mini'}: cannot make the output folder: the file system is read-only"
    assert outputs_of(out / "mini") == sets["v1"]


def test_the_font_cache_leaves_no_temp_folder(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    r = run(str(MINI), "--check", "--only", "report", env={"GOVREPORT_CACHE": str(tmp_path / "cache"), "TMPDIR": str(tmp)})
    assert r.returncode == 0, r.stderr
    assert list((tmp_path / "cache").iterdir())  # the cache was filled
    assert not list(tmp.iterdir())
    # A cache folder that cannot be made: a temp folder of the process, removed when it ends.
    code = "from govreport import fonts; d, p = fonts._cached('x', lambda: b'abc'); print(p.parent)"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                       env={**os.environ, "GOVREPORT_CACHE": str(MINI / "x"), "TMPDIR": str(tmp)})
    assert r.returncode == 0 and r.stdout.strip().startswith(str(tmp / "govreport-fonts-")), r.stderr
    assert not list(tmp.iterdir())


# Hostile templates -------------------------------------------------------------------------

LAYOUT = "ppt/slideLayouts/slideLayout1.xml"


def pptx_with(path: Path, changes: dict[str, bytes | int]) -> Path:
    """python-pptx's default .pptx with members replaced or added; an int is that many zero bytes."""
    import io
    import zipfile

    import pptx

    buf = io.BytesIO()
    pptx.Presentation().save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in changes:
                dst.writestr(info, src.read(info))
        for name, data in changes.items():
            if isinstance(data, int):
                with dst.open(name, "w", force_zip64=True) as f:
                    chunk = bytes(1 << 20)
                    for _ in range(data >> 20):
                        f.write(chunk)
            else:
                dst.writestr(name, data)
    return path


def default_layout() -> bytes:
    import io
    import zipfile

    import pptx

    buf = io.BytesIO()
    pptx.Presentation().save(buf)
    return zipfile.ZipFile(io.BytesIO(buf.getvalue())).read(LAYOUT)


def xxe(xml: bytes) -> bytes:
    decl, rest = xml.split(b"?>", 1)
    doctype = b'<!DOCTYPE p:sldLayout [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return decl + b"?>" + doctype + rest.replace(b'name="', b'name="&xxe;', 1)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"docProps/thumbnail.jpeg": 40 << 20}, "docProps/thumbnail.jpeg unpacks to 41,943,040 bytes (at most 33,554,432): refused"),
        ({LAYOUT: default_layout() + b" " * (4 << 20)}, f"{LAYOUT} unpacks"),
        ({LAYOUT: xxe(default_layout())}, f"{LAYOUT} declares a DTD or entities"),
    ],
    ids=["bomb-thumbnail", "bomb-layout", "xxe"],
)
def test_hostile_deck_templates_are_refused_before_parsing(tmp_path, changes, message):
    tpl = pptx_with(tmp_path / "t.pptx", changes)
    assert tpl.stat().st_size < 1 << 20  # small on disk, big (or hostile) inside
    r, cpu, mb = measured(BUILD, str(MINI), "--out", str(tmp_path / "out"), "--deck-template", str(tpl))
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.startswith(f"{tpl}: {message}"), r.stderr
    assert cpu < 10 and mb < 400, (cpu, mb)  # a bomb would take GBs; a build's own peak is ~300 MB since the model grew
    assert not (tmp_path / "out").exists()


def test_a_template_that_is_no_zip_is_named_so_at_the_content_line(tmp_path, capsys):
    from govreport.cli import main

    bad = tmp_path / "brand.pptx"
    bad.write_text("not a zip")
    assert main([str(MINI), "--out", str(tmp_path / "out"), "--deck-template", str(bad)]) == 2
    assert capsys.readouterr().err.strip() == f"{bad}: not a .pptx (zip) file"
    src = variant(tmp_path, "x.yaml", "groups:\n", "settings:\n  deck_template: brand.pptx\n\ngroups:\n")
    assert main([str(src), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip() == f"{src}:15:18: settings.deck_template: {bad}: not a .pptx (zip) file"


def test_an_xxe_report_template_is_refused(tmp_path):
    import zipfile

    from govreport.builders.report import template_reference
    from govreport.errors import ContentError

    doc = tmp_path / "office.docx"
    with zipfile.ZipFile(doc, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>')
    with pytest.raises(ContentError, match="word/document.xml declares a DTD or entities"):
        template_reference(doc)


# The command line --------------------------------------------------------------------------

def test_only_with_nothing_valid_is_a_usage_error(tmp_path):
    for only in (",", " , ,", ""):
        r = run(str(MINI), "--out", str(tmp_path / "out"), "--only", only)
        assert r.returncode == 2 and r.stderr.startswith("build.py: --only: no output named"), (only, r.stderr)
    assert not (tmp_path / "out").exists()


# A bug (not a content problem) in the build of the file named bad.yaml.
BUGGY = """
import sys
from govreport import cli
real = cli.build_one
def build_one(path, opts):
    if path.stem == "bad":
        raise RuntimeError("boom in " + path.name)
    return real(path, opts)
cli.build_one = build_one
rc = cli.main(sys.argv[1:])
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bug_in_one_file_prints_its_traceback_once_and_the_others_build(tmp_path, jobs):
    d = tmp_path / "in"
    d.mkdir()
    for name in ("a.yaml", "bad.yaml", "c.yaml"):
        shutil.copy(MINI, d / name)
    r, _, _ = measured(BUGGY, str(d), "--out", str(tmp_path / "out"), "-j", jobs)
    assert r.returncode == 1, r.stderr
    assert r.stderr.count("Traceback") == 1 and r.stderr.count("RuntimeError: boom in bad.yaml") == 1, r.stderr
    assert f"{d / 'bad.yaml'}: a bug in build.py" in r.stderr
    for stem in ("a", "c"):
        lines = [l for l in r.stdout.splitlines() if f"/out/{stem}/" in l and " bytes " in l]
        assert len(lines) == len(OUT_NAMES), r.stdout
        assert outputs_of(tmp_path / "out" / stem).keys() == set(OUT_NAMES)
    assert not (tmp_path / "out" / "bad").exists()


def test_a_rename_refused_part_way_is_exit_2_and_the_next_build_finishes(tmp_path, sets, capsys, monkeypatch):
    # What a full disk or a file held open (Windows) does between two renames.
    from govreport import outputs
    from govreport.cli import main

    out = tmp_path / "out"
    assert main([str(MINI), "--out", str(out)]) == 0
    real = os.replace

    def replace(src, dst):
        if str(dst).endswith("deck.pptx"):
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(outputs.os, "replace", replace)
    capsys.readouterr()
    assert main([str(v2(tmp_path)), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.strip().endswith(f"deck.pptx: cannot write: permission denied; 1 of {len(OUT_NAMES)} outputs replaced; the next build finishes the set"), err
    assert not list((out / "mini").glob(".*.tmp"))
    monkeypatch.setattr(outputs.os, "replace", real)
    assert main([str(v2(tmp_path)), "--out", str(out)]) == 0
    assert "kept as" not in capsys.readouterr().out
    assert_clean_set(out / "mini", sets["v2"])


@needs_posix
def test_pipes_in_the_output_folder_do_not_hang_the_build(tmp_path, sets):
    out = tmp_path / "out"
    folder = out / "mini"
    assert run(str(MINI), "--out", str(out)).returncode == 0
    (folder / ".manifest.json").unlink()
    os.mkfifo(folder / ".manifest.json")  # as if unreadable: rebuilt, same bytes, no copies
    r = run(str(MINI), "--out", str(out), timeout=60)
    assert r.returncode == 0 and "kept as" not in r.stdout, r.stderr
    assert_clean_set(folder, sets["v1"])
    for name, message in (("deck.pptx", "cannot write: something that is not a file (a folder, a pipe) is in the way"),
                          (".lock", "cannot write: not a regular file; remove it")):
        (folder / name).unlink(missing_ok=True)  # (no .lock stays after a build)
        os.mkfifo(folder / name)
        r = run(str(MINI), "--out", str(out), timeout=60)
        assert r.returncode == 2 and r.stderr.startswith(f"{folder / name}: {message}"), r.stderr
        (folder / name).unlink()


def test_the_longest_label_allowed_builds_in_seconds_with_a_note(tmp_path):
    """A 1,000-character label: the deck shows a label derived from it (selection.fit_label) and
    says so in one line; the search for it costs seconds, not minutes. (The brief's table prints
    every label whole: there it does not fit the page, a clean error.)"""
    src = variant(tmp_path, "x.yaml", "label: 地区生产总值", "label: " + "长" * 1000)
    r, cpu, mb = measured(BUILD, str(src), "--out", str(tmp_path / "out"))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "does not fit one page" in r.stderr, r.stderr
    assert cpu < 10 and mb < 500, (cpu, mb)
    r, cpu, mb = measured(BUILD, str(src), "--out", str(tmp_path / "out"), "--only", "deck")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    lines = [l for l in r.stdout.splitlines() if "tile gdp" in l and "give it a short: label" in l]
    assert lines and all(len(l) < 1400 for l in lines), r.stdout
    assert cpu < 10 and mb < 500, (cpu, mb)
