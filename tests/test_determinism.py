"""Same input, same bytes — and every output names the content it was built from."""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import SEED, run_build
from govreport import builders
from govreport.verify import READERS

AVAILABLE = [n for n in builders.BUILDERS if builders.available(n)]


def build_in(tmp: Path, name: str) -> dict[str, bytes]:
    """Copy the seed into a folder of its own and build there, with that folder as the cwd."""
    work = tmp / name
    (work / "content").mkdir(parents=True)
    shutil.copy(SEED, work / "content" / SEED.name)
    r = run_build("--out", "out", "--only", ",".join(AVAILABLE), cwd=work)
    assert r.returncode == 0, r.stderr
    return {p.name: p.read_bytes() for p in (work / "out" / SEED.stem).iterdir() if not p.name.startswith(".")}


def test_two_builds_in_different_folders_are_byte_identical(tmp_path):
    a = build_in(tmp_path, "first")
    time.sleep(1.1)  # a clock-stamped zip member or PDF date would now differ
    b = build_in(tmp_path, "second")
    assert set(a) == {builders.get(n).FILENAME for n in AVAILABLE}
    for name in a:
        assert a[name] == b[name], f"{name} differs between two builds"
        assert str(tmp_path) not in readable(name, a[name]), f"{name} carries an absolute path"


def readable(name: str, data: bytes) -> str:
    """Everything a file holds as text: the unzipped members of a .docx/.pptx, a PDF's decoded streams."""
    import io
    import zipfile
    import zlib

    if name.endswith(".html"):
        return data.decode("utf-8")
    if name.endswith(".pdf"):
        out = [data.decode("latin-1")]
        for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
            try:
                out.append(zlib.decompress(m.group(1)).decode("latin-1"))
            except zlib.error:
                pass
        return "\n".join(out)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


@pytest.mark.parametrize("name", AVAILABLE)
def test_output_carries_the_content_hash(tmp_path, name):
    r = run_build(str(SEED), "--out", str(tmp_path), "--only", name)
    assert r.returncode == 0, r.stderr
    path = tmp_path / SEED.stem / builders.get(name).FILENAME
    _, identifier = READERS[path.suffix](path)
    assert identifier == "sha256:" + hashlib.sha256(SEED.read_bytes()).hexdigest()[:12]


def test_docx_pptx_and_chart_workbooks_are_zipped_alike(tmp_path):
    """One zip writer (builders/package.py): every member of the .docx, the .pptx and the
    workbooks inside the deck's charts carries the content's date and no machine's attributes,
    so the files are the same bytes whichever system built them."""
    import io
    import zipfile

    from govreport.loader import load

    date = load(SEED).meta.date
    out = build_in(tmp_path, "zips")
    seen = 0
    for name in ("report.docx", "deck.pptx"):
        z = zipfile.ZipFile(io.BytesIO(out[name]))
        inner = [zipfile.ZipFile(io.BytesIO(z.read(i))) for i in z.namelist() if i.endswith(".xlsx")]
        for zf in [z] + inner:
            for info in zf.infolist():
                seen += 1
                assert info.date_time == (date.year, date.month, date.day, 0, 0, 0), (name, info.filename)
                assert info.create_system == 0, (name, info.filename, info.create_system)
                assert info.compress_type == zipfile.ZIP_DEFLATED
        if name == "deck.pptx":
            assert inner, "the deck has no chart workbook"
    assert seen > 20
