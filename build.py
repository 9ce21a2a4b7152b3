#!/usr/bin/env python3
"""Build output/<stem>/report.docx, deck.pptx and brief.pdf from content/*.yaml. See README.md."""

import sys

if __name__ == "__main__":
    # The signal handler first (a few ms), then the program's imports (up to a second on a busy
    # machine): Ctrl-C or SIGTERM while they load gets the one line and 130 / 143 as well.
    from govreport import interrupts

    interrupts.install()
    try:
        from govreport.cli import main
    except KeyboardInterrupt as e:  # nothing was written yet
        sys.exit(interrupts.exiting(interrupts.stopped("build.py", e)))
    try:
        code = main()
    except KeyboardInterrupt as e:  # a signal between main's own handling and here
        code = interrupts.stopped("build.py", e)
    sys.exit(interrupts.exiting(code))
