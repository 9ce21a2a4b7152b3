"""``python -m govreport FILE``: the same command as ``govreport`` and ``build.py``."""

import sys

from . import interrupts

if __name__ == "__main__":
    interrupts.install()  # before the imports, as build.py does
    try:
        from .cli import main
    except KeyboardInterrupt as e:
        sys.exit(interrupts.stopped("govreport", e))
    sys.exit(main())
