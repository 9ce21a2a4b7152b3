"""The one error type for a user's problems, the problems it carries, its printer, the exit codes.

A ``UserError`` is the user's to fix — content, a template, a source to import, a disk that cannot
be written, an output folder locked or an output open in another program: the command prints its
problems one per line as ``file:line:col: key.path: message`` (``print_error``, the one printer)
and exits 2 (``Exit.USER``). Any other exception is a bug in our code and is left to crash with a
traceback (``Exit.BUG``, 1). ``ContentError`` (what the loader and the builders raise) and the
importer's ``SourceError`` are this type under the names their callers know.
"""

from __future__ import annotations

import enum
import sys
from dataclasses import dataclass, replace


class Exit(enum.IntEnum):
    """What a command's exit code says (README: "Exit codes"; ``build.py --help``)."""

    OK = 0  # done (for --verify: every figure agrees)
    BUG = 1  # a bug in this program: a traceback to report
    USER = 2  # a user's problem: every problem printed, one per line (content, templates, disk, a lock)
    DISAGREE = 3  # --verify / --verify-only: an output disagrees with its content
    # (a signal stops a command with 128 + its number: 130 for Ctrl-C, 143 for SIGTERM; see interrupts)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    file: str
    line: int = 0
    col: int = 0
    path: str = ""
    message: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        kind = "warning: " if self.warning else ""
        path = f"{self.path}: " if self.path else ""
        return f"{where}: {kind}{path}{self.message}"


class UserError(Exception):
    """A user's problem: bad content, a missing font, a template that lacks a layout, a source that
    cannot be imported, a folder that cannot be written, a lock held by another build."""

    def __init__(self, problems: "list[Problem] | Problem | str", file: str = ""):
        if isinstance(problems, str):
            problems = [Problem(file=file, message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.col, p.path))
        super().__init__("\n".join(str(p) for p in self.problems))

    def at(self, file: str) -> "UserError":
        """The same problems, those that name no file naming ``file`` (a source read before its
        caller said which file it is)."""
        return UserError([p if p.file else replace(p, file=file) for p in self.problems])


ContentError = UserError  # the name the loader, the templates and the builders raise it by


def print_error(e: "UserError | list[Problem] | list[str]", stream=None) -> Exit:
    """The one printer of a user's problems: one line each, on standard error; ``Exit.USER``."""
    stream = stream if stream is not None else sys.stderr
    for p in e.problems if isinstance(e, UserError) else e:
        print(p, file=stream, flush=True)
    return Exit.USER
