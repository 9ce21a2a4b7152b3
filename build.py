#!/usr/bin/env python3
"""Build output/<stem>/report.docx, deck.pptx and brief.pdf from content/*.yaml. See README.md."""

import sys

from govreport.cli import main

if __name__ == "__main__":
    sys.exit(main())
