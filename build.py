#!/usr/bin/env python3
"""Build output/<stem>/report.docx, deck.pptx and brief.pdf from content/*.yaml. See README.md."""

import sys

if __name__ == "__main__":
    try:
        from govreport.cli import main
    except KeyboardInterrupt:  # Ctrl-C while starting: nothing was written
        sys.exit(130)
    sys.exit(main())
