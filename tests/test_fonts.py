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
