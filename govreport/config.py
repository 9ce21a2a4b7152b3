"""The templates, typed: one strict pydantic model per file of ``templates/``
(``govreport/template_models.py``).

``load(folder)`` reads fonts.yaml, deck.yaml, brief.yaml, report.yaml and web.yaml as safely as content
(the loader's YAML node walk, so every key keeps its line and column), checks each against its
model — unknown keys refused, missing keys named, wrong types said — and reports every problem of
every file at once, as content problems are reported::

    templates/deck.yaml:12:3: slide: unknown key 'slide_typo'
    templates/deck.yaml:11:1: slide: missing key 'width'

A build loads the templates once (``BuildContext.config``) and hands them to every builder. The
loaded result is kept per folder and file contents (an edited template is read again; two
builds of the same templates share one load): nothing is cached by path alone. Contents that
passed the models once are remembered in the cache folder (keyed by the files' and the models'
SHA-256), so a later process need not make the model classes to check them again.

The builders read the sections as parsed (``Templates.data[name]``, or ``plain`` with numbers as
floats); the typed models are ``Templates.fonts`` / ``.deck`` / ``.brief`` / ``.report`` / ``.web``.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from .errors import ContentError, Problem
from .fonts import cache_dir, font_config, mark_checked
from .paths import template_path
from .safeyaml import dotted, message, parse, plain, read_bytes, read_text

if TYPE_CHECKING:
    from pydantic import ValidationError

FILES = ("fonts.yaml", "deck.yaml", "brief.yaml", "report.yaml", "web.yaml")
MODEL_NAMES = {"fonts.yaml": "FontsTemplate", "deck.yaml": "DeckTemplate", "brief.yaml": "BriefTemplate",
               "report.yaml": "ReportTemplate", "web.yaml": "WebTemplate"}


# -------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class Templates:
    """Every template of one folder, checked: the data as parsed and, on first use, the typed models."""

    folder: Path
    data: dict  # "deck.yaml" -> the file as parsed (figures as Decimal, as load_template gives)
    plain: dict  # the same with numbers as floats
    marks: dict  # "brief.yaml" -> dotted key -> (line, col)
    shown: dict  # "deck.yaml" -> the path as messages show it
    version: str  # SHA-256 of the files' contents
    font_config: object  # fonts.FontConfig of fonts.yaml

    def typed(self, name: str):
        """The model of template ``name`` (made on first use)."""
        from . import template_models

        return getattr(template_models, MODEL_NAMES[name]).model_validate(self.plain[name])

    @functools.cached_property
    def fonts(self):
        return self.typed("fonts.yaml")

    @functools.cached_property
    def deck(self):
        return self.typed("deck.yaml")

    @functools.cached_property
    def brief(self):
        return self.typed("brief.yaml")

    @functools.cached_property
    def report(self):
        return self.typed("report.yaml")

    @functools.cached_property
    def web(self):
        return self.typed("web.yaml")

    def locate(self, name: str, path: str) -> tuple[int, int]:
        """(line, column) of a dotted key path in a template, or of its nearest parent."""
        marks = self.marks.get(name, {})
        while path:
            if path in marks:
                return marks[path]
            path = path.rsplit(".", 1)[0] if "." in path else ""
        return (1, 1)

    def problem(self, name: str, path: str, message: str) -> Problem:
        """A problem with a template's key, at its line (for checks a builder makes)."""
        line, col = self.locate(name, path)
        return Problem(self.shown[name], line, col, path, message)


_LOADED: dict[tuple, Templates] = {}


def template_file(folder: Path, name: str) -> Path:
    """Where template ``name`` of ``folder`` is read from: the folder's copy (an office's overlay
    of changed files) when it has one, else the package's (``paths.template_path``)."""
    return template_path(name, folder)


def shown_path(path: Path) -> str:
    """A template's path as messages show it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel.replace(os.sep, "/")


def load(folder: "str | os.PathLike[str]") -> Templates:
    """The templates of ``folder``, checked; ContentError listing every problem of every file."""
    folder = Path(folder)
    paths = {name: template_file(folder, name) for name in FILES}
    raws = {name: read_bytes(p, shown_path(p)) for name, p in paths.items()}
    key = (str(folder),) + tuple(hashlib.sha256(raws[n]).digest() for n in FILES)
    got = _LOADED.get(key)
    if got is None:
        if len(_LOADED) >= 8:
            _LOADED.clear()
        got = _LOADED[key] = _load(folder, paths, raws)
    return got


@functools.lru_cache(maxsize=1)
def _models_version() -> str:
    return hashlib.sha256((Path(__file__).parent / "template_models.py").read_bytes()).hexdigest()[:16]


def _checked_marker(version: str) -> Path:
    return cache_dir() / f"templates-{version[:32]}-{_models_version()}.ok"


def _load(folder: Path, paths: dict, raws: dict) -> Templates:
    problems: list[Problem] = []
    data, floats, marks, shown, builders = {}, {}, {}, {}, {}
    for name in FILES:
        where = shown[name] = shown_path(paths[name])
        try:
            raw, b = parse(read_text(paths[name], where, raws[name]), where)
        except ContentError as e:
            problems += e.problems
            continue
        problems += b.problems
        marks[name] = {dotted(k): v for k, v in b.marks.items()}
        data[name], floats[name], builders[name] = raw, plain(raw), b
    if problems:
        raise ContentError(problems)
    h = hashlib.sha256()
    for name in FILES:
        h.update(name.encode() + b"\0" + raws[name])
    version = h.hexdigest()
    marker = _checked_marker(version)
    if not marker.exists():
        problems = _check(floats, shown, builders)
        if problems:
            raise ContentError(problems)
        mark_checked(marker)
    return Templates(folder=folder, data=data, plain=floats, marks=marks, shown=shown, version=version,
                     font_config=font_config(floats["fonts.yaml"]))


def _check(floats: dict, shown: dict, builders: dict) -> list[Problem]:
    """Every file against its model: the problems, at their lines."""
    from pydantic import ValidationError

    from . import template_models

    problems = []
    for name in FILES:
        try:
            getattr(template_models, MODEL_NAMES[name]).model_validate(floats[name])
        except ValidationError as e:
            b = builders[name]
            problems += _problems(e, shown[name], b.marks, b.key_marks)
    return problems


def _problems(e: ValidationError, shown: str, marks: dict, key_marks: dict) -> list[Problem]:
    """pydantic's errors as template problems: an unknown or missing key named under its parent's
    path, at the key (or the parent's key); a wrong value at the value."""
    out = []
    for err in e.errors():
        loc = tuple(p for p in err["loc"] if isinstance(p, int) or not str(p).startswith(("function-", "json-")))
        t = err.get("type", "")
        if t in ("extra_forbidden", "missing") and loc:
            parent, key = loc[:-1], loc[-1]
            where = loc if t == "extra_forbidden" else parent
            line, col = _mark({**marks, **key_marks}, where)
            what = "unknown key" if t == "extra_forbidden" else "missing key"
            out.append(Problem(shown, line, col, dotted(parent), f"{what} {key!r}"))
        else:
            line, col = _mark(marks, loc)
            out.append(Problem(shown, line, col, dotted(loc), message(err)))
    return out


def _mark(marks: dict, path: tuple) -> tuple[int, int]:
    for n in range(len(path), -1, -1):
        if path[:n] in marks:
            return marks[path[:n]]
    return (1, 1)
