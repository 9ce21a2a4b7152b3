"""The builders' registry: output name -> module, and what every builder is handed.

A builder is a module with ``build(report, ctx) -> bytes`` and ``quotes(report, ctx)`` (the
indicators its output shows, for ``--verify``; ``build`` leaves the same list in ``ctx.quoted``, from
the plan it drew, so the manifest records it and ``--verify`` never plans an output a second time); ``FILENAMES`` names the file it writes in
``<out>/<stem>/``, kept here so a no-change rebuild need not import the output libraries. Builders that need a plan make it as plain data first
(``plan(report, ctx)``) and draw it after, so the plan is tested without opening a file.
Adding an output means adding one module and one line here.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import Templates
    from ..fonts import FontConfig
    from ..review import Review
    from ..session import Session

BUILDERS: dict[str, str] = {
    "report": "govreport.builders.report",
    "deck": "govreport.builders.deck",
    "brief": "govreport.builders.brief",
    "web": "govreport.builders.web",
}

FILENAMES: dict[str, str] = {
    "report": "report.docx",
    "deck": "deck.pptx",
    "brief": "brief.pdf",
    "web": "report.html",
}



@dataclass
class BuildContext:
    """What a builder needs beside the report: where it came from, and its build session (the
    templates, their fonts, the options: ``govreport.session``)."""

    source: Path
    # The build's session: made once by the command; by default the environment's (built-in
    # templates, or $GOVREPORT_TEMPLATES's overlay).
    session: "Session" = field(default_factory=lambda: _default_session())
    deck_template: Path | None = None
    report_template: Path | None = None  # an office's .docx whose page setup, footers and styles the report uses
    notes: list[str] = field(default_factory=list)  # what a builder could not place or left out

    data: bytes | None = None  # the content file's bytes as loaded; read once, hashed from here
    typed: "Templates | None" = None  # the templates, loaded once per build (see ``config``)
    review: "Review | None" = None  # last year's targets against this report's results (``govreport.review``)
    quoted: list[str] | None = None  # set by ``build``: what ``quotes`` returns, from the plan it drew

    @property
    def templates(self) -> Path:
        """Where templates are read: the session's overlay folder of changed files (from
        --templates), else the built-in folder. Read each file with paths.template_path(name,
        ctx.templates): a file the overlay lacks comes from the package."""
        return self.session.folder

    @property
    def config(self) -> "Templates":
        """The templates of this build, checked (``govreport.config``): loaded once, then kept."""
        if self.typed is None:
            self.typed = self.session.templates()
        return self.typed

    @property
    def fonts(self) -> "FontConfig":
        """The font roles of this build's templates (fonts.yaml)."""
        return self.config.font_config

    @property
    def source_bytes(self) -> bytes:
        if self.data is None:
            self.data = self.source.read_bytes()
        return self.data

    @property
    def sha256(self) -> str:
        """SHA-256 of the content file (as it was when loaded), hex."""
        return hashlib.sha256(self.source_bytes).hexdigest()

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]

    def note(self, message: str) -> None:
        self.notes.append(message)


def _default_session() -> "Session":
    # Imported here, not at the top: the registry (BUILDERS, FILENAMES) stays quick to import for
    # the command's start and a no-change rebuild; the session brings the templates' modules.
    from ..session import Session

    return Session.default()


def available(name: str) -> bool:
    """Whether the builder's module exists (every one of ``BUILDERS`` does; the build does not ask)."""
    try:
        return importlib.util.find_spec(BUILDERS[name]) is not None
    except ModuleNotFoundError:
        return False


def get(name: str) -> ModuleType:
    return importlib.import_module(BUILDERS[name])
