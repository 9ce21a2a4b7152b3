"""One build session: what every step of a build is handed, made once by the command.

As Sphinx hands ``app`` / ``config`` / ``env`` to every builder, the command (``cli``) makes one
``Session`` from its arguments and passes it down: to the loader (the tile count lint needs), to
every builder (inside ``builders.BuildContext``), to ``verify``, to ``figures --apply``'s check. It
holds

- ``overlay``: the office's folder of changed templates (``--templates``, else
  ``$GOVREPORT_TEMPLATES``), or None; ``folder``: the folder templates are read from;
- ``templates()``: the templates, typed and checked (``config.Templates``; kept per file contents,
  so a batch loads them once and ``--watch`` reads an edited one again), and ``fonts()``, their
  font roles (``fonts.FontConfig``); ``tiles()``: how many headline figures they show as tiles;
- ``cache``: the font cache folder (``fonts.cache_dir``);
- ``options``: the command's options, frozen and typed (``Options``).

Nothing in the package keeps any of it in a module global or a context variable: two sessions
with two overlays build side by side in one process, each with its own templates and fonts.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from . import config, paths, selection
from .errors import UserError
from .fonts import FontConfig, cache_dir


@dataclass(frozen=True)
class Options:
    """What the command line asked of a build (``build.py --help``)."""

    out: str = "output"
    wanted: tuple[str, ...] = ("report", "deck", "brief", "web")  # builders.BUILDERS' names, in order
    check: bool = False  # build in memory, write nothing
    strict: bool = False  # warnings are errors
    deck_template: str | None = None  # --deck-template FILE
    report_template: str | None = None  # --report-template FILE
    force: bool = False  # rebuild outputs even when nothing changed
    previous: str | None = None  # --previous FILE


@dataclass(frozen=True)
class Session:
    """The templates, fonts and options of one command's builds (see the module docstring)."""

    overlay: Path | None = None
    options: Options = Options()

    @classmethod
    def default(cls, options: Options | None = None) -> "Session":
        """The environment's session: ``$GOVREPORT_TEMPLATES`` as the overlay (or none)."""
        return cls(paths.overlay(), options or Options())

    @property
    def folder(self) -> Path:
        """Where templates are read from: the overlay (each file it lacks from the package), else
        the built-in folder (``paths.template_path(name, session.folder)``)."""
        return self.overlay or paths.builtin_templates()

    @property
    def cache(self) -> Path:
        return cache_dir()

    def templates(self) -> config.Templates:
        """The templates, checked; ``UserError`` listing every problem of every file."""
        return config.load(self.folder)

    def fonts(self) -> FontConfig:
        return self.templates().font_config

    def tiles(self) -> int:
        """How many headline figures the templates show as tiles (``selection.tile_count``);
        templates that do not load say ``selection.TILES`` (the build reports their problems)."""
        try:
            return selection.tile_count(self.templates())
        except UserError:
            return selection.TILES

    def version(self, *extra: "Path | None") -> str:
        """SHA-256 of the template files in effect and ``extra`` (an office's .pptx / .docx)."""
        return paths.templates_version(self.overlay, *extra)

    def template_dirs(self) -> list[Path]:
        return paths.template_dirs(self.overlay)

    def with_options(self, **changes) -> "Session":
        """The same templates, other options (``figures --apply`` checks with check=True)."""
        return dataclasses.replace(self, options=dataclasses.replace(self.options, **changes))


def overlay_of(given: "str | os.PathLike[str] | None") -> Path | None:
    """``--templates DIR`` (else ``$GOVREPORT_TEMPLATES``) as a resolved folder, or None."""
    folder = given or os.environ.get(paths.ENV) or None
    return Path(folder).resolve() if folder else None
