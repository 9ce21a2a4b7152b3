"""Where the styling lives: ``templates/`` beside the package in a checkout.

``$GOVREPORT_TEMPLATES`` names another folder (a restyled copy); an installed package that has
no ``templates/`` beside it looks in the working folder.
"""

from __future__ import annotations

import os
from pathlib import Path


def templates_dir() -> Path:
    env = os.environ.get("GOVREPORT_TEMPLATES")
    if env:
        return Path(env)
    beside = Path(__file__).resolve().parent.parent / "templates"
    return beside if beside.is_dir() else Path.cwd() / "templates"


TEMPLATES = templates_dir()
