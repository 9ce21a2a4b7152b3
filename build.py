#!/usr/bin/env python3
"""Build output/<stem>/report.docx, deck.pptx and brief.pdf from content/*.yaml. See README.md."""

import importlib

if __name__ == "__main__":
    # The signal handler first (a few ms), then the program's imports (up to a second on a busy
    # machine): Ctrl-C or SIGTERM while they load gets the one line and 130 / 143 as well.
    from govreport import interrupts

    interrupts.install()
    interrupts.run("build.py", lambda: importlib.import_module("govreport.cli").main)
