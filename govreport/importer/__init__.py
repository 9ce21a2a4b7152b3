"""First draft of a content file from a report: ``build.py import SOURCE [-o FILE] [--force]``.

SOURCE is a Word file (.docx, read by ``word``), the Markdown-like text extracted from the
printed report (.txt/.md with ``#`` title, ``##`` parts, ``### **（一）…**`` areas that stand
alone, ``**（一）…**`` areas that run in, ``**lead。**`` bold run-in leads), or plain text where
一、/（一） lines are the headings. The draft has the body, the meta found in the text (what is not
found is left empty with a ``# check:`` comment, never guessed), and every figure as an
indicator with ``{id}`` references in the text, so the draft renders exactly as the source reads.

The package, each part testable alone (each imports only the ones above it):

- ``structure``: blocks, title block, parts, areas, leads, closings (``parse``, ``plain_markup``)
- ``word``: a .docx read as the marked-up text ``structure.parse`` reads
- ``source``: a file (.docx, .txt, .md) read into a ``structure.Draft`` (``read_source``)
- ``meta``: title, subtitle, speaker, issuer, session, date and years of the draft
- ``labels``: a figure's label (the noun phrase the text gives it)
- ``figures``: figures and changes of one paragraph, typed
- ``targets``: the targets of the 主要预期目标 sentence
- ``ids``: ids for the figures
- ``draft``: the whole report typed (groups, headline proposals, ``{id}`` references)
- ``write``: the draft as a content file (``to_yaml``, ``scalar``)
- ``command``: ``build.py import``'s command line (``main``)
"""

from __future__ import annotations

from .command import main
from .meta import NOT_FOUND
from .source import SourceError, read_source
from .structure import Block, Draft, blocks, ends_closed, mend_spaces, parse, plain_markup, unmark
from .write import scalar, to_yaml

__all__ = [
    "NOT_FOUND", "Block", "Draft", "SourceError", "blocks", "ends_closed", "main", "mend_spaces", "parse",
    "plain_markup", "read_source", "scalar", "to_yaml", "unmark",
]
