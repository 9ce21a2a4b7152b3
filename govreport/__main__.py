"""``python -m govreport FILE``: the same command as ``govreport`` and ``build.py``."""

import sys

from . import interrupts

if __name__ == "__main__":
    interrupts.install()  # before the imports, as build.py does
    try:
        from .cli import main
    except KeyboardInterrupt as e:
        sys.exit(interrupts.exiting(interrupts.stopped("govreport", e)))
    try:
        code = main()
    except KeyboardInterrupt as e:  # a signal between main's own handling and here
        code = interrupts.stopped("govreport", e)
    sys.exit(interrupts.exiting(code))
