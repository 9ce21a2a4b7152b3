"""``python -m govreport.importer SOURCE [-o FILE] [--force]``: the same as ``build.py import``."""

import sys

from .command import main

sys.exit(main())
