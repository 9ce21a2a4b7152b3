"""``python -m govreport FILE``: the same command as ``govreport`` and ``build.py``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
