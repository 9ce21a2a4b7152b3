"""What the importer knows of a report's words: ``govreport/data/import.yaml`` (units, ids, group
ids, the word lists of labels) with the model's vocabulary (qualifiers, change words, range
separators: ``govreport.figures.vocabulary()``), read once. Figures and labels both read it here,
so neither imports the other for it."""

from __future__ import annotations

import functools
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "import.yaml"


@functools.lru_cache(maxsize=1)
def data() -> dict:
    """import.yaml's units, ids, group ids and label word lists, with the model's vocabulary."""
    from .. import figures
    from ..loader import load_template

    return {**load_template(DATA), **figures.vocabulary()}
