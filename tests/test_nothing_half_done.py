"""Nothing half-done (issue 25): interrupted builds, outputs open in another program, templates
that are not plain documents, every problem of a file at once, imports that drop text, --verify
that writes nothing outside --out."""

from __future__ import annotations

import contextlib
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


# Interrupted builds ---------------------------------------------------------------------------

import hashlib
import json
import signal
import time

from govreport.builders import FILENAMES  # noqa: E402  (every output in the registry, the web page included)

OUT_NAMES = tuple(FILENAMES.values())
STEPS = ["temps", "pending"] + [f"rename-{n}" for n in range(1, len(OUT_NAMES) + 1)] + ["complete"]
needs_posix = pytest.mark.skipif(os.name != "posix", reason="sending SIGINT/SIGTERM to a child is POSIX")


def outputs_of(folder: Path) -> dict[str, bytes]:
    return {n: (folder / n).read_bytes() for n in OUT_NAMES if (folder / n).exists()}


def v2(tmp_path: Path) -> Path:
    d = tmp_path / "v2"
    d.mkdir(exist_ok=True)
    return variant(d, "mini.yaml", ("value: 2286.2", "value: 2286.3"))


@pytest.fixture(scope="module")
def sets(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    from govreport.cli import main

    d = tmp_path_factory.mktemp("sets")
    assert main([str(MINI), "--out", str(d / "v1")]) == 0
    assert main([str(v2(d)), "--out", str(d / "v2")]) == 0
    return {"v1": outputs_of(d / "v1" / "mini"), "v2": outputs_of(d / "v2" / "mini")}


def assert_whole_set(folder: Path, expected: dict[str, bytes]) -> None:
    """Exactly ``expected`` on disk, the manifest complete and agreeing, no temp or other file."""
    assert outputs_of(folder) == expected
    m = json.loads((folder / ".manifest.json").read_text(encoding="utf-8"))
    assert "pending" not in m, m
    names = {f: name for name, f in FILENAMES.items()}
    for f, data in expected.items():
        assert m["outputs"][names[f]]["output"] == hashlib.sha256(data).hexdigest()
    extra = [p.name for p in folder.iterdir() if p.name not in set(expected) | {".manifest.json", ".lock"}]
    assert not extra, extra


def start(args: list[str], tmp_path: Path, step: str | None = None) -> subprocess.Popen:
    """build.py ``args``; with ``step``, stopped there in its commit (the test hook in outputs.py)."""
    env = dict(os.environ)
    flag = tmp_path / f"paused-{step}"
    if step:
        env.update(GOVREPORT_TEST_PAUSE_AT=step, GOVREPORT_TEST_PAUSED=str(flag))
    p = subprocess.Popen([sys.executable, str(ROOT / "build.py"), *args], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if step:
        for _ in range(2400):
            if flag.exists():
                flag.unlink()
                return p
            if p.poll() is not None:
                raise AssertionError(f"build ended before {step}: {p.communicate()}")
            time.sleep(0.05)
        p.kill()
        raise AssertionError(f"build never reached {step}")
    return p


def assert_stopped(p: subprocess.Popen, sig: int) -> str:
    """The build ended on ``sig`` with 130 / 143 and one line, no traceback; its stderr."""
    o, e = p.communicate(timeout=120)
    assert p.returncode == 128 + sig, (p.returncode, e)
    assert "Traceback" not in e and "KeyboardInterrupt" not in e, e
    lines = e.strip().splitlines()
    assert len(lines) == 1 and "stopped (" in lines[0] and "whole set" in lines[0], e
    return e


@needs_posix
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_at_each_commit_step_finishes_or_rolls_back_the_set(tmp_path, sets, sig):
    from govreport.cli import main

    out = tmp_path / "out"
    folder = out / "mini"
    for step in STEPS:
        assert main([str(MINI), "--out", str(out)]) == 0
        assert outputs_of(folder) == sets["v1"]
        p = start([str(v2(tmp_path)), "--out", str(out)], tmp_path, step)
        p.send_signal(sig)
        assert_stopped(p, sig)
        # Before the first rename: rolled back (the old set, no temp file); after: finished.
        assert_whole_set(folder, sets["v1" if step == "temps" else "v2"])


def handlers_installed(p: subprocess.Popen, timeout: float = 60) -> None:
    """Wait until the child catches SIGINT and SIGTERM (its SigCgt mask in /proc): a signal sent
    before then meets Python's start-up, not the program, on a loaded machine (no /proc: no wait)."""
    status = Path(f"/proc/{p.pid}/status")
    wanted = (1 << (signal.SIGINT - 1)) | (1 << (signal.SIGTERM - 1))
    end = time.monotonic() + timeout
    while status.exists() and time.monotonic() < end and p.poll() is None:
        caught = next((l.split()[1] for l in status.read_text().splitlines() if l.startswith("SigCgt:")), "0")
        if int(caught, 16) & wanted == wanted:
            return
        time.sleep(0.01)


@needs_posix
def test_a_signal_while_building_leaves_the_old_set_and_no_temp_file(tmp_path, sets):
    from govreport.cli import main

    out = tmp_path / "out"
    folder = out / "mini"
    assert main([str(MINI), "--out", str(out)]) == 0
    stopped = 0
    for delay, sig in ((0.4, signal.SIGINT), (1.0, signal.SIGTERM), (1.6, signal.SIGINT), (2.2, signal.SIGTERM)):
        p = start([str(v2(tmp_path)), "--out", str(out), "--force"], tmp_path)
        handlers_installed(p)  # the delays count from the program's start, not the interpreter's
        time.sleep(delay)
        p.send_signal(sig)
        o, e = p.communicate(timeout=120)
        assert "Traceback" not in e, e
        assert p.returncode in (0, 128 + sig), (p.returncode, e)
        stopped += p.returncode != 0
        on_disk = outputs_of(folder)
        assert on_disk in (sets["v1"], sets["v2"])
        assert_whole_set(folder, on_disk)
    assert stopped, "no build was stopped part-way: the delays are too long for this machine"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_while_the_brief_draws_a_page_keeps_its_number(sig, tmp_path, monkeypatch, capsys):
    """ReportLab re-raises what its page callback raises with its message annotated
    (``Interrupted('\\nhandle_pageBegin args=() 15')``): the build still stops with the signal's
    one line and exit code (130 / 143), never a traceback (seen once in four in
    test_a_signal_while_building_…)."""
    from govreport import interrupts
    from govreport.builders.brief import draw
    from govreport.cli import main

    def struck(*args, **kwargs):
        raise interrupts.Interrupted(sig)

    monkeypatch.setattr(draw, "draw_chart", struck)
    try:
        code = main([str(MINI), "--out", str(tmp_path / "out"), "--only", "brief", "--force"])
    except interrupts.Interrupted as e:  # where main lets it through, it must still know its signal
        assert (e.signum, e.code) == (sig, 128 + sig)
        return
    err = capsys.readouterr().err
    assert code == 128 + sig, err
    assert "Traceback" not in err and interrupts.Interrupted(sig).name in err, err


@needs_posix
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_watch_stops_on_a_signal_with_one_line_and_no_temp_file(tmp_path, sets, sig):
    from govreport.cli import main

    out = tmp_path / "out"
    folder = out / "mini"
    src = tmp_path / "w" / "mini.yaml"
    src.parent.mkdir()
    src.write_bytes(MINI.read_bytes())
    assert main([str(src), "--out", str(out)]) == 0
    # Waiting for a change.
    p = start([str(src), "--out", str(out), "--watch"], tmp_path, None)
    line = ""
    while not line.startswith("watching"):
        line = p.stdout.readline()
        assert line, p.communicate()
    p.send_signal(sig)
    assert_stopped(p, sig)
    assert_whole_set(folder, sets["v1"])
    # --watch whose build is held at its second rename, then signalled.
    src.write_bytes(v2(tmp_path).read_bytes())
    p = start([str(src), "--out", str(out), "--watch"], tmp_path, "rename-2")
    p.send_signal(sig)
    assert_stopped(p, sig)
    assert_whole_set(folder, sets["v2"])


# An output open in another program -------------------------------------------------------------

@contextlib.contextmanager
def locked(path: Path):
    """``path`` as Windows has a file open in PowerPoint: it cannot be opened for writing nor
    replaced. As root an immutable file (chattr +i), else a read-only one."""
    import shutil

    root = os.name == "posix" and os.geteuid() == 0 and shutil.which("chattr")
    if root:
        r = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
        if r.returncode != 0:
            pytest.skip(f"chattr +i does not work here: {r.stderr.strip()}")
    else:
        os.chmod(path, 0o444)
    try:
        yield "open" if root else "read-only"
    finally:
        if root:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            os.chmod(path, 0o644)


def test_an_output_open_in_another_program_replaces_none_and_says_which(tmp_path, sets):
    from govreport.cli import main

    out = tmp_path / "out"
    folder = out / "mini"
    assert main([str(MINI), "--out", str(out)]) == 0
    manifest = (folder / ".manifest.json").read_bytes()
    with locked(folder / "deck.pptx") as how:
        r = run(str(v2(tmp_path)), "--out", str(out))
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
        said = ("deck.pptx 正在被其他程序使用 / is open in another program: close it and build again" if how == "open"
                else "deck.pptx 是只读文件 / is read-only: make it writable (or move it away) and build again")
        assert r.stderr.strip() == f"{folder}: {said} (no output was replaced)", r.stderr
        assert outputs_of(folder) == sets["v1"]  # the old set whole: the report was not replaced either
        assert (folder / ".manifest.json").read_bytes() == manifest
        assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    # Closed: the next build writes the set.
    r = run(str(v2(tmp_path)), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert_whole_set(folder, sets["v2"])


# Templates that are not plain documents ----------------------------------------------------------

import io
import re
import zipfile

DOC_MAIN = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"}
AS_SAVED = {  # what Word / PowerPoint write as the main part's type when saving as …
    "dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
    "dotm": "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    "potx": "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "pptm": "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "potm": "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
}


def printed_template(kind: str) -> bytes:
    r = subprocess.run([sys.executable, str(ROOT / "build.py"), "--print-template", kind], capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout


def saved_as(data: bytes, ext: str, target: Path) -> Path:
    """``data`` (a .docx / .pptx) as Word or PowerPoint saves it as ``ext``: the main part's
    content type, and for a macro-enabled file a vbaProject.bin with its relationship."""
    base = "docx" if ext.startswith("do") else "pptx"
    folder = "word" if base == "docx" else "ppt"
    main = f"{folder}/document.xml" if base == "docx" else f"{folder}/presentation.xml"
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "[Content_Types].xml":
                body = body.replace(DOC_MAIN[base].encode(), AS_SAVED[ext].encode())
                assert AS_SAVED[ext].encode() in body
                if ext.endswith("m"):
                    body = body.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
            if ext.endswith("m") and info.filename == f"{folder}/_rels/{main.split('/')[1]}.rels":
                body = body.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/'
                                    b'office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
            out.writestr(info, body)
        if ext.endswith("m"):
            out.writestr(f"{folder}/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    return target


def main_type(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        types = z.read("[Content_Types].xml").decode()
        names = z.namelist()
    assert not [n for n in names if "vbaproject" in n.lower()], names
    return re.search(r'PartName="/(?:word/document|ppt/presentation)\.xml" ContentType="([^"]+)"', types).group(1)


def test_a_dotx_report_template_gives_a_report_word_opens(tmp_path):
    import docx
    from docx.shared import Mm

    d = docx.Document(io.BytesIO(printed_template("report")))
    d.sections[0].left_margin = Mm(31)
    buf = io.BytesIO()
    d.save(buf)
    dotx = saved_as(buf.getvalue(), "dotx", tmp_path / "公文模板.dotx")
    with pytest.raises(ValueError):  # as Word and python-docx see a .dotx named .docx
        docx.Document(str(dotx))
    out = tmp_path / "out"
    r = run(str(MINI), "--out", str(out), "--only", "report", "--report-template", str(dotx))
    assert r.returncode == 0, r.stderr
    report = out / "mini" / "report.docx"
    assert main_type(report) == DOC_MAIN["docx"]
    built = docx.Document(str(report))  # opens: a document, not a template
    assert abs(built.sections[0].left_margin - Mm(31)) < Mm(0.1)  # and the template's page setup is used
    assert any("长宁" in p.text or "地区生产总值" in p.text for p in built.paragraphs)


def test_a_potx_deck_template_gives_a_deck_powerpoint_opens(tmp_path):
    from pptx import Presentation

    potx = saved_as(printed_template("deck"), "potx", tmp_path / "模板.potx")
    out = tmp_path / "out"
    r = run(str(MINI), "--out", str(out), "--only", "deck", "--deck-template", str(potx))
    assert r.returncode == 0, r.stderr
    deck = out / "mini" / "deck.pptx"
    assert main_type(deck) == DOC_MAIN["pptx"]
    prs = Presentation(str(deck))
    assert len(prs.slides) > 3
    assert any("地区生产总值" in sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)


@pytest.mark.parametrize("ext", ["docm", "dotm", "pptm", "potm"])
def test_a_macro_enabled_template_is_refused_and_nothing_is_written(tmp_path, ext):
    kind = "report" if ext.startswith("do") else "deck"
    tpl = saved_as(printed_template(kind), ext, tmp_path / f"宏.{ext}")
    out = tmp_path / "out"
    r = run(str(MINI), "--out", str(out), "--only", kind, f"--{kind}-template", str(tpl))
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    app, keep = ("Word", "Word Template (.dotx)") if kind == "report" else ("PowerPoint", "PowerPoint Template (.potx)")
    assert r.stderr.startswith(f"{tpl}: a macro-enabled {app} file"), r.stderr
    assert "macros are never copied into an output" in r.stderr and keep in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not out.exists()


# The lock -------------------------------------------------------------------------------------

def test_no_lock_file_is_left_in_an_output_folder(tmp_path, sets):
    """The lock is taken for a build and removed when it ends, whether it wrote, failed or was a
    no-change rebuild; one left by a killed build is removed by the next."""
    out = tmp_path / "out"
    folder = out / "mini"
    assert run(str(MINI), "--out", str(out)).returncode == 0
    assert not (folder / ".lock").exists()
    with locked(folder / "deck.pptx"):  # a build that fails with the folder locked
        r = run(str(v2(tmp_path)), "--out", str(out))
        assert r.returncode == 2, r.stderr
        assert not (folder / ".lock").exists()
    assert run(str(MINI), "--out", str(out)).returncode == 0  # nothing to write
    assert not (folder / ".lock").exists()
    (folder / ".lock").write_text(f"{999999:<12}\n")  # as a build killed with kill -9 leaves it
    r = run(str(v2(tmp_path)), "--out", str(out))
    assert r.returncode == 0 and "waiting" not in r.stderr, r.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted([*OUT_NAMES, ".manifest.json"])


@needs_posix
def test_a_lock_removed_by_its_holder_still_keeps_builds_apart(tmp_path):
    """Builds waiting on a lock file its holder removes on leaving do not both go in: the one that
    gets the removed file tries again on the file now there."""
    import threading

    from govreport.outputs import Lock

    folder = tmp_path / "f"
    inside: list[int] = []
    overlaps: list[list[int]] = []
    order: list[int] = []

    def build(n: int) -> None:
        for _ in range(3):
            with Lock(folder, wait=60):
                inside.append(n)
                if len(inside) > 1:
                    overlaps.append(list(inside))
                order.append(n)
                time.sleep(0.02)
                inside.remove(n)

    threads = [threading.Thread(target=build, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(order) == 12 and not overlaps, overlaps
    assert not (folder / ".lock").exists()
