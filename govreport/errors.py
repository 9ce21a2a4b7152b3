"""The one error base class for a user's mistakes, and the problems it carries.

A ``ContentError`` is the user's to fix: the command prints its problems one per line as
``file:line:col: key.path: message`` and exits 2. Any other exception is a bug in our code
and is left to crash with a traceback (exit 1).
"""

from __future__ import annotations

from dataclasses import dataclass


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


class ContentError(Exception):
    """A user's mistake: bad content, a missing font, a template that lacks a layout."""

    def __init__(self, problems: "list[Problem] | Problem | str", file: str = ""):
        if isinstance(problems, str):
            problems = [Problem(file=file, message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.col, p.path))
        super().__init__("\n".join(str(p) for p in self.problems))
