"""``python -m govreport FILE``: the same command as ``govreport`` and ``build.py``."""

import importlib

from . import interrupts

if __name__ == "__main__":
    interrupts.install()  # before the imports, as build.py does
    interrupts.run("govreport", lambda: importlib.import_module("govreport.cli").main)
