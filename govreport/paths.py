"""Where the templates and the JSON Schema come from.

The **built-in** templates are the package's own copy (package data ``govreport/templates/``,
read through ``importlib.resources``); in a checkout (``pip install -e .``) they are the
repository's top-level ``templates/``. An office's **overlay** folder (``--templates DIR``, else
``$GOVREPORT_TEMPLATES``) may hold only the files it changed: each template file is taken from
the overlay when it is there, from the built-in copy otherwise.

API (every template read goes through it):

- ``template_path(name, overlay=ACTIVE) -> Path``: the file to read for ``name`` (a path
  relative to the templates folder, ``"deck.yaml"`` or ``"reference/report/word/styles.xml"``).
- ``template_files(overlay=ACTIVE) -> dict[str, Path]``: every template file in effect, by name.
- ``templates_version(overlay=ACTIVE, extra=None) -> str``: a hash of those files (names and
  bytes), for the build manifest.
- ``template_dirs(overlay=ACTIVE)``: the folders to watch; ``builtin_templates()``; ``schema_path()``.
- ``overlay()``: ``$GOVREPORT_TEMPLATES`` as a folder, or None. ``overlay=ACTIVE`` means that one;
  ``overlay=None`` means built-in only. Nothing here is set by anyone: the command's
  ``--templates`` lives in its build session (``govreport.session``), which names its folder.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import importlib.resources
import os
import shutil
import tempfile
from pathlib import Path

ENV = "GOVREPORT_TEMPLATES"


class _Active:
    def __repr__(self) -> str:
        return "ACTIVE"


ACTIVE = _Active()  # "the environment's overlay" ($GOVREPORT_TEMPLATES, see overlay)


def overlay() -> Path | None:
    """The environment's overlay folder: ``$GOVREPORT_TEMPLATES``, else None."""
    env = os.environ.get(ENV)
    return Path(env) if env else None


def _resolve(ov) -> Path | None:
    if ov is ACTIVE:
        return overlay()
    return Path(ov) if ov else None


def _as_path(res, name: str) -> Path:
    """A real folder for a package resource: itself when it is one, else a copy (zip imports)."""
    if isinstance(res, Path):
        return res
    tmp = Path(tempfile.mkdtemp(prefix=f"govreport-{name}-"))
    atexit.register(shutil.rmtree, tmp, True)

    def copy(src, dst: Path) -> None:
        for item in src.iterdir():
            if item.is_dir():
                (dst / item.name).mkdir()
                copy(item, dst / item.name)
            else:
                (dst / item.name).write_bytes(item.read_bytes())

    copy(res, tmp)
    return tmp


def _checkout() -> Path:
    """The repository folder when the package runs from a checkout (editable install)."""
    return Path(__file__).resolve().parent.parent


@functools.lru_cache(maxsize=1)
def builtin_templates() -> Path:
    """The package's own templates folder (package data), or ``templates/`` of a checkout."""
    packaged = importlib.resources.files("govreport").joinpath("templates")
    if packaged.is_dir():
        return _as_path(packaged, "templates")
    here = _checkout() / "templates"
    if here.is_dir():
        return here
    raise RuntimeError(f"govreport is installed without its templates (looked in {packaged} and {here})")


@functools.lru_cache(maxsize=1)
def schema_path() -> Path:
    """The JSON Schema of content files shipped with the package (``report.schema.json``)."""
    packaged = importlib.resources.files("govreport").joinpath("content")
    if packaged.joinpath("report.schema.json").is_file():
        return _as_path(packaged, "content") / "report.schema.json"
    return _checkout() / "content" / "report.schema.json"


def __getattr__(attr: str):
    # ``paths.TEMPLATES``, the built-in folder, for code written before the overlay; it ignores
    # --templates: read files with template_path(name) instead.
    if attr == "TEMPLATES":
        return builtin_templates()
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")


def template_path(name: str, overlay: "Path | str | None | _Active" = ACTIVE) -> Path:
    """The file to read for template ``name``: the overlay's copy if it has one, else the built-in.

    A name the built-in templates lack gives the built-in path anyway (it does not exist; the
    reader reports it), unless the overlay has the file.
    """
    ov = _resolve(overlay)
    if ov is not None:
        mine = ov / name
        if mine.is_file():
            return mine
    return builtin_templates() / name


_JUNK = {".DS_Store", "Thumbs.db", "desktop.ini", "__pycache__"}


def _junk(name: str) -> bool:
    """What a file manager or an editor leaves in a folder (not a template; ``.rels`` is one)."""
    return name in _JUNK or name.endswith(("~", ".swp", ".tmp")) or name.startswith("~$")


def _files_under(root: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}
    if root.is_dir():
        for p in root.rglob("*"):
            if p.is_file() and not any(_junk(part) for part in p.relative_to(root).parts):
                out[p.relative_to(root).as_posix()] = p
    return out


def template_files(overlay: "Path | str | None | _Active" = ACTIVE) -> dict[str, Path]:
    """Every template file in effect, by name (posix, relative): built-in ones, overlay's win."""
    files = _files_under(builtin_templates())
    ov = _resolve(overlay)
    if ov is not None:
        files.update(_files_under(ov))
    return dict(sorted(files.items()))


def template_dirs(overlay: "Path | str | None | _Active" = ACTIVE) -> list[Path]:
    """The folders template files come from (for ``--watch``), resolved."""
    dirs = [builtin_templates().resolve()]
    ov = _resolve(overlay)
    if ov is not None and ov.is_dir():
        dirs.append(ov.resolve())
    return dirs


def templates_version(overlay: "Path | str | None | _Active" = ACTIVE, *extra: "Path | None") -> str:
    """SHA-256 over the names and bytes of the templates in effect (and ``extra`` files, e.g. a
    deck template .pptx): an office's changed file rebuilds what it styles."""
    h = hashlib.sha256()
    items = list(template_files(overlay).items())
    items += [(f"extra:{Path(e).name}", Path(e)) for e in extra if e is not None]
    for name, p in items:
        h.update(name.encode())
        h.update(b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


def main() -> int:
    """``python -m govreport.paths``: where each template file comes from (to copy one to restyle)."""
    ov = overlay()
    print(f"built-in templates: {builtin_templates()}")
    print(f"overlay (--templates / ${ENV}): {ov if ov else 'none'}")
    for name, p in template_files().items():
        print(f"  {name}  {'overlay' if ov is not None and ov in p.parents else 'built-in'}  {p}")
    print(f"JSON Schema of content files: {schema_path()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
