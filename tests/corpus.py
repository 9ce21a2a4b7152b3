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
