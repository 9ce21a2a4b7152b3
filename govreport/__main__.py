"""``python -m govreport FILE`` and the installed ``govreport`` command: the same command as ``build.py``."""

import importlib

from . import interrupts


def entry() -> None:
    """The installed ``govreport`` command's entry (pyproject ``[project.scripts]``): the signal
    handler first (a few ms), then the program's imports, as build.py does — Ctrl-C or SIGTERM
    while they load gets the one line and 130 / 143 as well."""
    interrupts.install()
    interrupts.run("govreport", lambda: importlib.import_module("govreport.cli").main)


if __name__ == "__main__":
    entry()
