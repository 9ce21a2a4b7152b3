"""Installable where offices work: the wheel carries its templates, an office's changed templates
overlay the package's, and fonts are found on Windows and macOS as they lay them out."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from conftest import MINI, ROOT, SEED, run_build
from govreport import fonts, paths
from govreport.errors import ContentError

OUTPUTS = ("report.docx", "deck.pptx", "brief.pdf")


def _clean_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", paths.ENV, "PYTHONHOME")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def checkout_build(tmp_path_factory) -> Path:
    """The seed built from the checkout with the built-in templates (the reference bytes)."""
    out = tmp_path_factory.mktemp("checkout-build")
    r = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), str(SEED), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, env=_clean_env(), timeout=600,
    )
    assert r.returncode == 0, r.stderr
    return out / SEED.stem


def test_wheel_installs_offline_and_builds_from_any_folder(tmp_path, checkout_build):
    # sdist from the checkout, wheel from the unpacked sdist: both must carry the templates.
    dist = tmp_path / "dist"
    dist.mkdir()
    hook = "import sys; from setuptools import build_meta as b; print(getattr(b, sys.argv[1])(sys.argv[2]))"
    r = subprocess.run([sys.executable, "-c", hook, "build_sdist", str(dist)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    sdist = dist / r.stdout.split()[-1]
    with tarfile.open(sdist) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(tmp_path / "src", filter="data")
        else:
            tar.extractall(tmp_path / "src")
    (unpacked,) = (tmp_path / "src").iterdir()
    r = subprocess.run([sys.executable, "-c", hook, "build_wheel", str(dist)], cwd=unpacked, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    wheel = dist / r.stdout.split()[-1]

    names = set(zipfile.ZipFile(wheel).namelist())
    want = {  # every module and data file of the package
        f"govreport/{p.relative_to(ROOT / 'govreport').as_posix()}"
        for p in (ROOT / "govreport").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
    }
    want |= {f"govreport/templates/{n}" for n in paths.template_files(None)}  # everything under templates/
    want.add("govreport/content/report.schema.json")
    assert not want - names, f"missing from the wheel: {sorted(want - names)}"
    assert not any(n.endswith(".yaml") and n.startswith("govreport/content/") for n in names)  # no content files

    # A fresh virtual environment that sees the test environment's packages (offline install).
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    vpy = next(p for p in (bindir / "python", bindir / "python.exe") if p.exists())
    site = subprocess.run(
        [str(vpy), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], capture_output=True, text=True, check=True
    ).stdout.strip()
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    Path(site, "_test_env.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(vpy), "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        capture_output=True, text=True, env=_clean_env(PIP_DISABLE_PIP_VERSION_CHECK="1"),
    )
    assert r.returncode == 0, r.stdout + r.stderr

    # A user's folder holding just the content file: no templates/, no checkout.
    work = tmp_path / "office"
    work.mkdir()
    shutil.copy(SEED, work / SEED.name)
    env = _clean_env()
    where = subprocess.run(
        [str(vpy), "-c", "import govreport, govreport.paths as p; print(govreport.__file__); print(p.builtin_templates())"],
        cwd=work, capture_output=True, text=True, env=env, check=True,
    ).stdout.split("\n")
    assert Path(where[0]).is_relative_to(venv) and Path(where[1]).is_relative_to(venv), where
    version = subprocess.run([str(vpy), "-m", "govreport", "--version"], cwd=work, capture_output=True, text=True, env=env)
    expected = f"govreport {importlib.metadata.version('govreport')}"
    assert version.returncode == 0 and version.stdout.strip() == expected, version.stdout + version.stderr

    exe = next(p for p in (bindir / "govreport", bindir / "govreport.exe") if p.exists())
    r = subprocess.run([str(exe), SEED.name], cwd=work, capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    out = work / "output" / SEED.stem
    for name in OUTPUTS:
        # The installed command builds the same bytes as the checkout.
        assert (out / name).read_bytes() == (checkout_build / name).read_bytes(), name
    assert "政府工作报告" in "".join(p.text for p in Document(str(out / "report.docx")).paragraphs[:5])
    assert len(Presentation(str(out / "deck.pptx")).slides) > 5


def test_the_installed_command_installs_its_signal_handler_before_the_imports():
    """``govreport`` (pyproject's [project.scripts]) enters as build.py does: the handler for Ctrl-C
    and SIGTERM first, then the command's imports (a signal while they load: one line, 130 / 143)."""
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["govreport"] == "govreport.__main__:entry"
    code = ("import sys\nfrom govreport import interrupts\nreal = interrupts.install\n"
            "def install():\n    print('cli loaded at install:', 'govreport.cli' in sys.modules)\n    return real()\n"
            "interrupts.install = install\nsys.argv = ['govreport', '--version']\n"
            "from govreport.__main__ import entry\nentry()\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "cli loaded at install: False", r.stdout
    assert r.stdout.splitlines()[-1].startswith("govreport "), r.stdout  # (cli.main installs it again: no harm)


def test_templates_overlay_changes_the_deck_only(tmp_path, checkout_build):
    overlay = tmp_path / "office-style"
    overlay.mkdir()
    deck = (ROOT / "templates" / "deck.yaml").read_text(encoding="utf-8")
    assert '  accent: "B3120F"' in deck
    (overlay / "deck.yaml").write_text(deck.replace('  accent: "B3120F"', '  accent: "1F4E79"'), encoding="utf-8")

    r = run_build(str(SEED), "--out", str(tmp_path / "out"), "--templates", str(overlay))
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out" / SEED.stem
    assert (out / "report.docx").read_bytes() == (checkout_build / "report.docx").read_bytes()
    assert (out / "brief.pdf").read_bytes() == (checkout_build / "brief.pdf").read_bytes()
    assert (out / "deck.pptx").read_bytes() != (checkout_build / "deck.pptx").read_bytes()
    with zipfile.ZipFile(out / "deck.pptx") as z:
        slides = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("ppt/slides/slide"))
    with zipfile.ZipFile(checkout_build / "deck.pptx") as z:
        before = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("ppt/slides/slide"))
    assert "1F4E79" in slides and "1F4E79" not in before
    assert slides.count("B3120F") < before.count("B3120F")

    # $GOVREPORT_TEMPLATES is the same overlay.
    env_run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), str(SEED), "--out", str(tmp_path / "env"), "--only", "deck"],
        capture_output=True, text=True, env=_clean_env(**{paths.ENV: str(overlay)}), timeout=600,
    )
    assert env_run.returncode == 0, env_run.stderr
    assert (tmp_path / "env" / SEED.stem / "deck.pptx").read_bytes() == (out / "deck.pptx").read_bytes()

    missing = run_build(str(MINI), "--out", str(tmp_path / "x"), "--templates", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "--templates: no such folder" in missing.stderr


def _make_cff(path: Path) -> None:
    """A file whose table directory says CFF outlines (what a .otf / PingFang has)."""
    import struct

    path.write_bytes(b"OTTO" + struct.pack(">HHHH", 1, 16, 0, 0) + b"CFF " + struct.pack(">III", 0, 28, 4) + b"\0" * 4)


def _linux(name: str) -> Path:
    path = fonts.installed_files("linux").get(name.lower())
    if path is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return path


# Each system's layout: (folder as fonts.yaml names it, file name there, Linux font it is made of).
LAYOUTS = {
    "windows": [
        ("%WINDIR%/Fonts", "simsun.ttc", "uming.ttc"),
        ("%WINDIR%/Fonts", "simfang.ttf", "LXGWWenKai-Regular.ttf"),
        ("%WINDIR%/Fonts", "simkai.ttf", "LXGWWenKai-Regular.ttf"),
        ("%WINDIR%/Fonts", "simhei.ttf", "wqy-zenhei.ttc"),
        ("%WINDIR%/Fonts", "times.ttf", "LiberationSerif-Regular.ttf"),
        ("%LOCALAPPDATA%/Microsoft/Windows/Fonts", "msyh.ttc", "wqy-microhei.ttc"),  # installed for one user
    ],
    "macos": [
        ("/System/Library/Fonts", "STHeiti Medium.ttc", "wqy-zenhei.ttc"),
        ("/System/Library/Fonts", "STHeiti Light.ttc", "wqy-microhei.ttc"),
        ("/System/Library/Fonts/Supplemental", "Songti.ttc", "uming.ttc"),
        ("/System/Library/Fonts/Supplemental", "Times New Roman.ttf", "LiberationSerif-Regular.ttf"),
        ("/System/Library/Fonts/Supplemental", "Kaiti.ttc", None),  # CFF outlines: passed over
        ("~/Library/Fonts", "LXGWWenKai-Regular.ttf", "LXGWWenKai-Regular.ttf"),
    ],
}
EXPECTED = {
    "windows": {"title": "simsun.ttc", "body": "simfang.ttf", "heading1": "simhei.ttf", "heading2": "simkai.ttf",
                "folio": "simsun.ttc", "sans": "msyh.ttc", "sans_bold": "simhei.ttf", "latin": "times.ttf"},
    "macos": {"title": "Songti.ttc", "body": "Songti.ttc", "heading1": "STHeiti Medium.ttc",
              "heading2": "LXGWWenKai-Regular.ttf", "folio": "Songti.ttc", "sans": "STHeiti Light.ttc",
              "sans_bold": "STHeiti Medium.ttc", "latin": "Times New Roman.ttf"},
}


def _fake_system(tmp_path: Path, monkeypatch) -> Path:
    """Point the system's font folders into ``tmp_path`` and hide fontconfig."""
    root = tmp_path / "root"
    monkeypatch.setenv("WINDIR", str(root / "Windows"))
    monkeypatch.setenv("LOCALAPPDATA", str(root / "Users" / "me" / "AppData" / "Local"))
    monkeypatch.setenv("HOME", str(root / "Users" / "me"))
    monkeypatch.setenv("USERPROFILE", str(root / "Users" / "me"))
    expand = fonts._expand

    def rooted(folder: str):
        p = expand(folder)
        return p if p is None or p.is_relative_to(root) else root / p.relative_to(p.anchor)

    monkeypatch.setattr(fonts, "_expand", rooted)
    empty = tmp_path / "no-fc-list"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("fc-list") is None
    return root


@pytest.mark.parametrize("system", ["windows", "macos"])
def test_fonts_found_in_windows_and_macos_font_folders(system, tmp_path, monkeypatch):
    sources = {src: _linux(src) for _, _, src in LAYOUTS[system] if src}  # before fontconfig is hidden
    root = _fake_system(tmp_path, monkeypatch)
    for folder, name, src in LAYOUTS[system]:
        d = fonts._expand(folder)
        d.mkdir(parents=True, exist_ok=True)
        if src is None:
            _make_cff(d / name)
        else:
            os.symlink(sources[src], d / name)
    cfg = fonts.load_config()
    for role, want in EXPECTED[system].items():
        found = fonts.locate(cfg[role], system)
        assert found.path.name == want and found.path.is_relative_to(root), (role, found)
        assert fonts.outlines(found.path, found.index) == "truetype"


def test_a_missing_font_names_role_candidates_folders_and_the_systems_hint(tmp_path, monkeypatch):
    root = _fake_system(tmp_path, monkeypatch)
    (root / "Windows" / "Fonts").mkdir(parents=True)
    cfg = fonts.load_config()
    with pytest.raises(ContentError) as e:
        fonts.locate(cfg["body"], "windows")
    msg = str(e.value)
    assert "role 'body' (仿宋_GB2312)" in msg and "simfang.ttf" in msg
    assert str(root / "Windows" / "Fonts") in msg and "Microsoft" in msg  # both folders named
    assert "Supplemental Fonts" in msg and "apt-get" not in msg

    mac = root / "System" / "Library" / "Fonts" / "Supplemental"
    mac.mkdir(parents=True)
    _make_cff(mac / "Kaiti.ttc")
    with pytest.raises(ContentError) as e:
        fonts.locate(cfg["heading2"], "macos")
    msg = str(e.value)
    assert "Kaiti.ttc was found but has PostScript (CFF) outlines" in msg and "Font Book" in msg


def test_font_cache_is_announced_once(tmp_path):
    env = _clean_env(GOVREPORT_CACHE=str(tmp_path / "cache"))
    cmd = [sys.executable, str(ROOT / "build.py"), str(MINI), "--out", str(tmp_path / "out"), "--only", "report", "--force"]
    first = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600)
    assert first.returncode == 0, first.stderr
    lines = [line for line in first.stderr.splitlines() if "font cache" in line]
    assert len(lines) == 1 and str(tmp_path / "cache") in lines[0] and " s" in lines[0], first.stderr
    again = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600)
    assert again.returncode == 0 and "font cache" not in again.stderr, again.stderr


PORTABLE = '''
import multiprocessing, os, sys
# What Windows lacks: POSIX-only calls and modules. Workers are spawned, as on Windows and macOS.
for n in ("fchmod", "fchown", "chown", "lchown", "getuid", "geteuid", "getgid", "getegid", "fork", "setsid",
          "killpg", "statvfs", "fstatvfs", "mkfifo", "getloadavg", "sync", "pipe2", "posix_fallocate"):
    if hasattr(os, n):
        delattr(os, n)
for m in ("pwd", "grp", "resource", "termios"):  # (fcntl: outputs.py takes msvcrt where os.name is nt)
    sys.modules[m] = None
if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    from govreport.cli import main
    sys.exit(main(sys.argv[1:]))
'''


def test_builds_without_posix_only_calls_in_spawned_workers(tmp_path):
    """No Linux-only call on the build path (Windows has no os.fchmod, fcntl …), and the
    --templates overlay reaches worker processes that start afresh (spawn, as on Windows)."""
    script = tmp_path / "portable.py"
    script.write_text(PORTABLE, encoding="utf-8")
    for name in ("a", "b"):
        shutil.copy(MINI, tmp_path / f"{name}.yaml")
    overlay = tmp_path / "style"
    overlay.mkdir()
    deck = (ROOT / "templates" / "deck.yaml").read_text(encoding="utf-8")
    (overlay / "deck.yaml").write_text(deck.replace('  accent: "B3120F"', '  accent: "1F4E79"'), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, str(script), "a.yaml", "b.yaml", "--out", "out", "-j", "2", "--templates", str(overlay)],
        cwd=tmp_path, capture_output=True, text=True, env=_clean_env(PYTHONPATH=str(ROOT)), timeout=600,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    for name in ("a", "b"):
        for out in OUTPUTS:
            assert (tmp_path / "out" / name / out).stat().st_size > 1000
        with zipfile.ZipFile(tmp_path / "out" / name / "deck.pptx") as z:
            assert any(b"1F4E79" in z.read(n) for n in z.namelist() if n.startswith("ppt/slides/slide"))
