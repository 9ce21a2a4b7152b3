"""Fonts by role: each role has an installed free TrueType font covering what the content uses."""

from __future__ import annotations

import pytest

from conftest import MINI, SEED
from govreport import fonts
from govreport.cli import all_text  # noqa: F401 (kept: the CLI checks this text)
from govreport.errors import ContentError
from govreport.loader import load


def test_every_role_resolves_to_a_truetype_file():
    cfg = fonts.load_config()
    assert {"title", "body", "heading1", "heading2", "folio", "sans", "latin"} <= set(cfg.roles)
    for role in cfg.roles.values():
        f = role.file
        assert f.path.is_file()
        with open(f.path, "rb") as fh:
            magic = fh.read(4)
        # TrueType outlines or a TrueType collection, never CFF ('OTTO'), which ReportLab cannot embed.
        assert magic in (b"\x00\x01\x00\x00", b"ttcf", b"true"), (role.role, f.path, magic)


def test_official_names_for_word():
    cfg = fonts.load_config()
    assert cfg["body"].name == "仿宋_GB2312"
    assert cfg["title"].name == "方正小标宋简体"
    assert cfg["heading1"].name == "黑体"
    assert cfg["heading2"].name == "楷体_GB2312"


@pytest.mark.parametrize("path", [MINI, SEED], ids=["mini", "seed"])
def test_content_is_covered(path):
    fonts.check_coverage(all_text(load(path)))


def test_missing_glyph_names_role_font_and_chars():
    with pytest.raises(ContentError) as e:
        fonts.check_coverage("长宁\U0001F600", roles=["body"])
    msg = str(e.value)
    assert "role 'body'" in msg and "uming" in msg.lower() and "\U0001F600" in msg


def test_widths_are_measured_from_the_font():
    body = fonts.load_config()["body"]
    assert body.width("长宁区", 16) == pytest.approx(48, abs=0.5)  # CJK full width
    assert body.width("2024", 16) < 48


def test_unwritable_cache_costs_speed_not_the_build(tmp_path):
    import os

    from conftest import run_build

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    env_before = os.environ.get("GOVREPORT_CACHE")
    os.environ["GOVREPORT_CACHE"] = str(blocker / "cache")
    try:
        r = run_build(str(MINI), "--out", str(tmp_path / "out"), "--only", "brief")
    finally:
        if env_before is None:
            del os.environ["GOVREPORT_CACHE"]
        else:
            os.environ["GOVREPORT_CACHE"] = env_before
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "mini" / "brief.pdf").stat().st_size > 1000


def _pdf_with(font) -> bytes:
    """A page drawn in ``font`` (registered as 'T'), same bytes for the same font."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(font)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont("T", 12)
    c.drawString(72, 720, "长宁区地区生产总值2286.2亿元，同比增长5.2%。“3+3”（续）")
    c.save()
    return buf.getvalue()


def test_reportlab_font_restored_from_the_cache_is_the_parsed_one(tmp_path, monkeypatch):
    """The brief's ReportLab fonts come from the font cache (ReportLab's face of the subset, kept
    by the file's fingerprint): restored, the face holds what ReportLab read from the file and
    draws the same PDF bytes; a damaged entry is read from the file again."""
    import shutil

    from reportlab.pdfbase.ttfonts import TTFont

    src = fonts.load_config()["sans"].embeddable(frozenset())
    font_file = fonts.FontFile(tmp_path / "sans.ttf", 0)
    shutil.copy(src.path, font_file.path)
    monkeypatch.setenv("GOVREPORT_CACHE", str(tmp_path / "cache"))

    fresh = TTFont("T", str(font_file.path))
    first = fonts.reportlab_font("T", font_file)  # parsed, and its face stored
    entries = list((tmp_path / "cache").glob("*rlface*"))
    assert len(entries) == 1
    second = fonts.reportlab_font("T", font_file)  # restored from the entry
    assert second.face is not first.face
    plain = lambda face: {k: v for k, v in vars(face).items() if not callable(v)}  # noqa: E731
    assert plain(second.face) == plain(fresh.face)
    assert second.face._pdfScale(777) == fresh.face._pdfScale(777)
    assert second.fontName == "T"
    assert _pdf_with(second) == _pdf_with(fresh) == _pdf_with(first)

    entries[0].write_bytes(b"\x80\x05not a pickle")
    assert _pdf_with(fonts.reportlab_font("T", font_file)) == _pdf_with(fresh)
    entries[0].write_bytes(__import__("pickle").dumps(__import__("os").system))  # a foreign class: refused
    assert _pdf_with(fonts.reportlab_font("T", font_file)) == _pdf_with(fresh)


def test_base_charset_from_the_cache_is_gb2312_ascii_and_latin1(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVREPORT_CACHE", str(tmp_path / "cache"))
    fonts.base_charset.cache_clear()
    try:
        want = fonts._base_charset()
        assert fonts.base_charset() == want  # made and stored
        fonts.base_charset.cache_clear()
        assert fonts.base_charset() == want  # read back
        assert {"长", "宁", "。", "“", "A", "é"} <= want and len(want) > 7400
        for entry in (tmp_path / "cache").glob("*base-charset*"):
            entry.write_bytes(b"\xff\xfe")
        fonts.base_charset.cache_clear()
        assert fonts.base_charset() == want  # damaged: worked out again
    finally:
        fonts.base_charset.cache_clear()


def test_coverage_checked_once_per_content_and_fonts(tmp_path, monkeypatch):
    """A content's characters found in every role's font are remembered in the cache (by the
    characters and the font files' fingerprints): the same check later loads no metrics; a
    character no font has is never remembered."""
    monkeypatch.setenv("GOVREPORT_CACHE", str(tmp_path / "cache"))
    text = "长宁区地区生产总值2286.2亿元"
    fonts.check_coverage(text)
    assert len(list((tmp_path / "cache").glob("*covered*"))) == 1

    def boom(*a, **k):
        raise AssertionError("metrics loaded again")

    monkeypatch.setattr(fonts, "_lacking", boom)
    fonts.check_coverage(text)  # from the marker
    with pytest.raises(AssertionError):
        fonts.check_coverage(text + "增")  # other characters: checked
    monkeypatch.undo()
    monkeypatch.setenv("GOVREPORT_CACHE", str(tmp_path / "cache"))
    for _ in range(2):
        with pytest.raises(ContentError):
            fonts.check_coverage("长宁\U0001F600", roles=["body"])
    assert len(list((tmp_path / "cache").glob("*covered*"))) == 1


def test_an_unwritable_cache_is_said_once_by_a_batch_in_workers(tmp_path):
    """-j: the workers build and prepare fonts, the command says the cache cannot be written once
    (not once per worker), and every file builds."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (batch / name).write_bytes(MINI.read_bytes())
    env = {**os.environ, "GOVREPORT_CACHE": str(blocker / "cache")}
    r = subprocess.run([sys.executable, str(ROOT / "build.py"), str(batch), "--out", str(tmp_path / "out"),
                        "--only", "brief", "-j", "2"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    said = [line for line in r.stderr.splitlines() if "cache" in line]
    assert len(said) == 1, r.stderr
    assert said[0].startswith(f"govreport: the font cache {blocker / 'cache'} cannot be written (not a folder)"), said
    assert all((tmp_path / "out" / stem / "brief.pdf").is_file() for stem in "abc")


def test_an_unwritable_cache_is_said_once_and_the_run_uses_its_own(tmp_path):
    """A cache folder that cannot be written: one line saying where and why, no 'making the font
    cache' (it would be made again next time), a cache of the run's own in the temp folder (shared
    by the files of a batch, removed when the run ends), and the same bytes as with a cache."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ("a.yaml", "b.yaml"):
        (batch / name).write_bytes(MINI.read_bytes())
    env = {**os.environ, "GOVREPORT_CACHE": str(blocker / "cache"), "TMPDIR": str(tmp)}
    for _ in range(2):
        r = subprocess.run([sys.executable, str(ROOT / "build.py"), str(batch), "--out", str(tmp_path / "out"),
                            "--only", "brief", "--force"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stderr
        said = [line for line in r.stderr.splitlines() if "cache" in line]
        assert len(said) == 1, r.stderr
        assert said[0].startswith(f"govreport: the font cache {blocker / 'cache'} cannot be written (not a folder)"), said
        assert "making the font cache" not in r.stderr
        assert not list(tmp.iterdir())
    r = subprocess.run([sys.executable, str(ROOT / "build.py"), str(MINI), "--out", str(tmp_path / "cached"), "--only", "brief"],
                       cwd=ROOT, env={**os.environ, "GOVREPORT_CACHE": str(tmp_path / "cache")}, capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr
    brief = (tmp_path / "cached" / "mini" / "brief.pdf").read_bytes()
    assert (tmp_path / "out" / "a" / "brief.pdf").read_bytes() == brief
    assert (tmp_path / "out" / "b" / "brief.pdf").read_bytes() == brief
