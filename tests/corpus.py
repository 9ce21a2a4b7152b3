"""The real reports of ``../shared/corpus/`` (beside the repository) for tests: names, keys, and one
cached import per report that every test file of a session reuses.

    from corpus import NAMES, imported, key, require

    @pytest.mark.parametrize("name", NAMES)
    def test_something(name):
        imp = imported(name)          # skips with the reason when the corpus is absent
        assert imp.ok, imp.error
        imp.report                    # the draft as govreport.loader loads it
        imp.yaml_path, imp.yaml_text  # the draft as written by build.py import
        key(name)["structure"]        # the hand-written answer key (keys.yaml)

The texts are never copied into the repository: they are read from the folder at test time, and a
test using them skips with a clear reason where the folder is absent (CI keeps it beside the clone).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import re
import shutil
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()
KEYS = CORPUS / "keys.yaml"
ABSENT = f"the corpus of real reports is not at {CORPUS} (../shared/corpus beside the repository root)"


def present() -> bool:
    return KEYS.is_file() and any(CORPUS.glob("*.txt"))


def require() -> None:
    """Skip the calling test, saying why, when the corpus is not there."""
    if not present():
        pytest.skip(ABSENT)


def names() -> list[str]:
    """The reports' names (the .txt stems), sorted; [] when the corpus is absent."""
    return sorted(p.stem for p in CORPUS.glob("*.txt")) if present() else []


# For ``pytest.mark.parametrize("name", NAMES)``: one parameter per report, or one that skips with
# the reason when the corpus is absent (an empty list would skip with pytest's own wording).
NAMES = names() or [pytest.param(None, marks=pytest.mark.skip(reason=ABSENT), id="corpus-absent")]


@functools.lru_cache(maxsize=1)
def keys() -> dict:
    require()
    return yaml.safe_load(KEYS.read_text(encoding="utf-8"))


def key(name: str) -> dict:
    """The answer key of one report (targets, structure, annexes, notes)."""
    return keys()[name]


def source(name: str) -> Path:
    require()
    return CORPUS / f"{name}.txt"


def source_paragraphs(name: str) -> list[str]:
    """The source's paragraphs, in order: its non-blank lines, stripped."""
    return [line.strip() for line in source(name).read_text(encoding="utf-8").splitlines() if line.strip()]


@functools.lru_cache(maxsize=1)
def workdir() -> Path:
    """One temporary folder for the session's drafts (removed at exit)."""
    d = Path(tempfile.mkdtemp(prefix="govreport-corpus-"))
    atexit.register(shutil.rmtree, d, True)
    return d


@dataclass
class Imported:
    """One ``build.py import`` of a source, run in this process (as the command runs it)."""

    name: str
    source: Path
    yaml_path: Path
    exit_code: int | None = None
    stderr: str = ""
    error: str = ""  # a traceback (a bug) or the loader's message: empty when the draft loads
    seconds: float = 0.0
    yaml_text: str = ""
    data: dict | None = None  # the draft as plain YAML data (there even when the loader refuses it)
    report: object = None  # govreport.model.Report
    extra: dict = field(default_factory=dict)  # other test files may cache what they derive here

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and self.report is not None and not self.error


def run_import(path: Path, out: Path, name: str = "") -> Imported:
    """Import ``path`` to ``out`` through the command's own entry point; never raises."""
    from govreport.errors import ContentError
    from govreport.importer import main
    from govreport.loader import load

    imp = Imported(name or path.stem, path, out)
    err = io.StringIO()
    start = time.perf_counter()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            imp.exit_code = main([str(path), "-o", str(out), "--force"])
    except SystemExit as e:  # argparse
        imp.exit_code = e.code if isinstance(e.code, int) else 2
    except Exception:
        imp.error = traceback.format_exc()
    imp.seconds = time.perf_counter() - start
    imp.stderr = err.getvalue()
    if imp.exit_code == 0 and not imp.error:
        imp.yaml_text = out.read_text(encoding="utf-8")
        with contextlib.suppress(yaml.YAMLError):
            imp.data = yaml.safe_load(imp.yaml_text)
        try:
            imp.report = load(out)
        except ContentError as e:
            imp.error = str(e)
    elif not imp.error:
        imp.error = imp.stderr
    return imp


@functools.lru_cache(maxsize=None)
def imported(name: str) -> Imported:
    """The report ``name`` imported from its text, once per session."""
    src = source(name)
    return run_import(src, workdir() / f"{name}.yaml", name)


RUN_IN = re.compile(r"^[一二三四五六七八九十]+是")


def structure(draft) -> dict:
    """A draft's structure in the key's shape: parts, areas per part, and per part whether its areas
    are run-in 一是…/二是… paragraphs (the key's ``run_in``, not the model's run-on heading).
    ``draft``: a loaded report, or the draft's plain YAML data (``Imported.data``)."""
    if isinstance(draft, dict):
        parts = [(p.get("areas") or []) for p in (draft.get("body") or {}).get("parts") or []]
        heads = [[a.get("heading", "") for a in areas] for areas in parts]
    else:
        heads = [[a.heading for a in p.areas] for p in draft.body.parts]
    return {
        "parts": len(heads),
        "areas": [len(h) for h in heads],
        "run_in": [bool(h) and all(RUN_IN.match(x) for x in h) for h in heads],
    }


# --- building a draft and reading report.docx back against the source -------------------------------

CLOSING = "。！？：；…”’」』）)"


@dataclass
class Built:
    """A draft built with all outputs and --verify, in this process (as the command runs it)."""

    exit_code: int
    stdout: str
    stderr: str
    folder: Path


def run_build(*args: str) -> tuple[int, str, str]:
    """build.py ARGS in this process: (exit code, stdout, stderr)."""
    from govreport.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 2
    return code, out.getvalue(), err.getvalue()


@functools.lru_cache(maxsize=None)
def built(name: str) -> Built:
    """The draft of ``name`` as imported, built with every output and ``--verify``, once per session."""
    imp = imported(name)
    out = workdir() / "built"
    code, stdout, stderr = run_build(str(imp.yaml_path), "--out", str(out), "--verify")
    return Built(code, stdout, stderr, out / imp.yaml_path.stem)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _heading_like(line: str) -> bool:
    return len(line) <= 40 and not re.search(r"[，。；：！？、]", line)


def text_problems(source_lines: list[str], report_paragraphs: list[str], limit: int = 5) -> list[str]:
    """Where a report's paragraphs differ from the source's lines, one line each (none: the same).

    The whole text must be the source's, in order (white space aside: the importer mends the stray
    spaces of extracted text, 840 家 -> 840家, and the builder breaks a subtitle over two lines). Every
    paragraph must end where a source line ends; two source lines may be one paragraph only where the
    first ends open, mid-sentence (a line break that split a paragraph, which the importer joins), never
    after closing punctuation or a heading line of its own."""
    src = [_norm(line) for line in source_lines if _norm(line)]
    got = [_norm(p) for p in report_paragraphs if _norm(p)]
    a, b = "".join(src), "".join(got)
    if a != b:
        i = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
        return [f"text differs at character {i}: source …{a[max(0, i - 30):i + 30]}… report …{b[max(0, i - 30):i + 30]}…"]
    out = []
    ends, pos = {}, 0
    for line in src:
        pos += len(line)
        ends[pos] = line
    got_ends, pos = set(), 0
    for p in got:
        pos += len(p)
        got_ends.add(pos)
        if pos not in ends:
            out.append(f"a paragraph ends where no source line does: …{b[max(0, pos - 30):pos]}|{b[pos:pos + 20]}…")
    for pos, line in ends.items():
        if pos not in got_ends and (line[-1] in CLOSING or _heading_like(line)):
            out.append(f"two paragraphs of the source are one: …{line[-30:]}|{b[pos:pos + 20]}…")
    return out[:limit]


def docx_paragraphs(path: Path) -> list[str]:
    """report.docx's paragraphs as Word shows them, without the builder's own table of figures (附表1 …)."""
    import docx

    paras = [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    return paras[: paras.index("附表1")] if "附表1" in paras else paras


def annex_titles(data: dict) -> list[str]:
    """The draft's annexes and glossary in the key's shape: '附件 2026年自治区民生实事'."""
    out = [f"{a.get('label')} {a.get('title')}" for a in data.get("annexes") or []]
    g = data.get("glossary")
    if g:
        out.append(f"{g['label']} {g['title']}" if g.get("label") else g["title"])
    return out
