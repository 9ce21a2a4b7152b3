"""One build session per command, nothing process-wide: two builds with two ``--templates``
overlays in one process each use their own templates and fonts, read back from the outputs."""

from __future__ import annotations

import re
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from govreport import builders, cli, paths
from govreport.session import Options, Session

MINI = FIXTURES / "mini.yaml"
BUILTIN_ACCENT = "B3120F"


def overlay(folder: Path, font: str, accent: str) -> Path:
    """An office's overlay: fonts.yaml with the deck's text font renamed, deck.yaml with another red."""
    folder.mkdir(parents=True)
    fonts_yaml = (ROOT / "templates" / "fonts.yaml").read_text(encoding="utf-8")
    assert "    name: 微软雅黑\n" in fonts_yaml
    (folder / "fonts.yaml").write_text(fonts_yaml.replace("    name: 微软雅黑\n", f"    name: {font}\n", 1), encoding="utf-8")
    deck = (ROOT / "templates" / "deck.yaml").read_text(encoding="utf-8")
    assert f'  accent: "{BUILTIN_ACCENT}"' in deck
    (folder / "deck.yaml").write_text(deck.replace(f'"{BUILTIN_ACCENT}"', f'"{accent}"'), encoding="utf-8")
    return folder


def deck_look(path: Path) -> tuple[set[str], set[str]]:
    """(East Asian typefaces, colours) the slides of a deck use."""
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
    return set(re.findall(r'<a:ea typeface="([^"]+)"', xml)), set(re.findall(r'<a:srgbClr val="([0-9A-F]{6})"', xml))


@pytest.fixture(scope="module")
def overlays(tmp_path_factory):
    d = tmp_path_factory.mktemp("overlays")
    return overlay(d / "a", "甲方正黑体", "1F4E79"), overlay(d / "b", "乙华文黑体", "2E7D32")


def _content(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    dst = folder / f"{name}.yaml"
    shutil.copyfile(MINI, dst)
    return dst


def test_two_overlays_in_one_process_each_build_with_its_own(tmp_path, overlays):
    """The command run twice in this process (a batch each), with --templates a, then b, then none:
    each deck has its own overlay's font and colour, none of the other's."""
    a, b = overlays
    src = _content(tmp_path / "in", "mini")
    looks = {}
    for name, folder in (("a", a), ("b", b), ("none", None)):
        out = tmp_path / name
        args = [str(src), "--out", str(out), "--only", "deck"] + (["--templates", str(folder)] if folder else [])
        assert cli.main(args) == 0
        looks[name] = deck_look(out / "mini" / "deck.pptx")
    assert "甲方正黑体" in looks["a"][0] and "1F4E79" in looks["a"][1]
    assert "乙华文黑体" in looks["b"][0] and "2E7D32" in looks["b"][1]
    assert "微软雅黑" in looks["none"][0] and BUILTIN_ACCENT in looks["none"][1]
    assert not {"乙华文黑体", "微软雅黑"} & looks["a"][0] and not {"2E7D32", BUILTIN_ACCENT} & looks["a"][1]
    assert not {"甲方正黑体", "微软雅黑"} & looks["b"][0] and not {"1F4E79", BUILTIN_ACCENT} & looks["b"][1]
    assert not {"甲方正黑体", "乙华文黑体"} & looks["none"][0]
    assert paths.overlay() is None  # nothing of the builds is left in the process


def test_two_sessions_build_at_once_in_two_threads(tmp_path, overlays):
    """Two sessions' builds running at the same time in one process (a global overlay or a
    context variable entered by one would reach the other): each deck and report is its own."""
    a, b = overlays
    sessions = {"a": Session(a, Options(out=str(tmp_path / "a"), wanted=("deck", "report"))),
                "b": Session(b, Options(out=str(tmp_path / "b"), wanted=("deck", "report")))}
    results, barrier = {}, threading.Barrier(2)

    def build(name: str) -> None:
        barrier.wait()
        results[name] = cli.build_one(_content(tmp_path / f"in-{name}", "mini"), sessions[name])

    threads = [threading.Thread(target=build, args=(n,)) for n in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for name, res in results.items():
        assert not res.failed, res.errors + [res.bug]
    ea_a, colours_a = deck_look(tmp_path / "a" / "mini" / "deck.pptx")
    ea_b, colours_b = deck_look(tmp_path / "b" / "mini" / "deck.pptx")
    assert "甲方正黑体" in ea_a and "乙华文黑体" not in ea_a and "1F4E79" in colours_a and "2E7D32" not in colours_a
    assert "乙华文黑体" in ea_b and "甲方正黑体" not in ea_b and "2E7D32" in colours_b and "1F4E79" not in colours_b


def test_a_session_is_made_once_and_holds_the_builds_inputs(overlays):
    a, _ = overlays
    s = Session(a, Options(wanted=("deck",)))
    assert s.folder == a and s.templates().folder == a
    assert s.fonts()["sans"].name == "甲方正黑体"
    assert Session().fonts()["sans"].name == "微软雅黑"  # the built-in templates'
    assert s.with_options(check=True).options == Options(wanted=("deck",), check=True)
    with pytest.raises(Exception):
        s.options.check = True  # frozen
    assert Options().wanted == tuple(builders.BUILDERS)
    ctx = builders.BuildContext(source=MINI, session=s)
    assert ctx.templates == a and ctx.fonts["sans"].name == "甲方正黑体"
