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

from .. import paths

if TYPE_CHECKING:
    from ..config import Templates
    from ..review import Review

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
    """What a builder needs beside the report: where it came from and where styling lives."""

    source: Path
    # Where templates are read: an office's overlay folder of changed files (the active one, from
    # --templates), else the built-in folder. Read each file with paths.template_path(name,
    # ctx.templates): a file the overlay lacks comes from the package.
    templates: Path = field(default_factory=lambda: paths.overlay() or paths.builtin_templates())
    deck_template: Path | None = None
    report_template: Path | None = None  # an office's .docx whose page setup, footers and styles the report uses
    notes: list[str] = field(default_factory=list)  # what a builder could not place or left out

    data: bytes | None = None  # the content file's bytes as loaded; read once, hashed from here
    typed: "Templates | None" = None  # the templates, loaded once per build (see ``config``)
    review: "Review | None" = None  # last year's targets against this report's results (``govreport.review``)
    quoted: list[str] | None = None  # set by ``build``: what ``quotes`` returns, from the plan it drew

    @property
    def config(self) -> "Templates":
        """The templates of this build, checked (``govreport.config``): loaded once, then kept."""
        if self.typed is None:
            from ..config import load

            self.typed = load(self.templates)
        return self.typed

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


def available(name: str) -> bool:
    """Whether the builder's module exists yet."""
    try:
        return importlib.util.find_spec(BUILDERS[name]) is not None
    except ModuleNotFoundError:
        return False


def get(name: str) -> ModuleType:
    return importlib.import_module(BUILDERS[name])
