"""The one-page PDF indicator brief, drawn with ReportLab: ``brief.pdf``.

Two steps, as the other builders: ``plan(report, ctx)`` measures every block with the
embedded fonts and decides what goes where (and which table rows give way), as plain data;
``build(report, ctx)`` draws that plan on one A4 page. Every length, colour, size and
priority comes from ``templates/brief.yaml``.

The page, top to bottom: a header band (title, year, issuer, date); KPI tiles of the
headline indicators; then two columns, the first headed by a vector bar chart of the
headline growth rates, the second by the plan year's targets, with the grouped indicator
table flowing under them from column to column (and, where the year's rows leave room, the review
span's figures after them under their own heading and column head: 2021—2025年主要指标); a footer with the source, the content
file's short SHA-256 and the page number.

Laid out by ReportLab: one ``PageTemplate`` whose column ``Frame``s take the indicator table,
one ``Table`` per group, which platypus splits from column to column (the group's title row
repeated as "title（续）"). The targets box is tested with ``KeepInFrame(mode="error")``, the
table by placing it in the frames (``Frame.add`` / ``Frame.split``). When the content is too
long, the one loop of ``planner`` leaves out the lowest-priority units (table rows, see
``priorities`` in the template) until the page fits, and names them in a build note; when even
the minimum does not fit, the build fails with a ``ContentError``. Labels and targets are broken
into lines by ``govreport.textfit`` (CJK 禁则, a number kept with its unit).

The package, one job per module (no module imports this one):

- ``template``: ``templates/brief.yaml`` read and checked (lengths in points);
- ``fonts``: the font slots registered with ReportLab, widths, line breaking, the glyph check;
- ``data``: the plan as plain data (``Plan``, ``Box``, ``Tile``, ``Row``, ``Bar``, ``Target``);
- ``items``: from the report to tiles, rows (and the order they give way), bars and targets;
- ``flowables``: the indicator table and the targets box as ReportLab flowables, placing a story in frames;
- ``layout``: where the blocks go on the page;
- ``planner``: the plan, and the one loop that leaves rows out until the page fits;
- ``draw``: the plan drawn on the page, the PDF's bytes.
"""

from __future__ import annotations

from .. import FILENAMES
from ...model import Report
from .data import Bar, Box, Plan, Row, Target, Tile
from .draw import build
from .flowables import IndicatorTable, targets_flowable
from .fonts import Fonts
from .items import chart_bars, drop_order, fit_tile, make_tile, table_rows, target_items
from .layout import layout
from .planner import plan
from .template import MM, TEMPLATE, Template

FILENAME = FILENAMES["brief"]

__all__ = [
    "FILENAME", "MM", "TEMPLATE", "Bar", "Box", "Fonts", "IndicatorTable", "Plan", "Row", "Target", "Template", "Tile",
    "build", "chart_bars", "drop_order", "fit_tile", "layout", "make_tile", "plan", "quotes",
    "table_rows", "target_items", "targets_flowable",
]



def quotes(report: Report, ctx) -> list[str]:
    """Indicators the brief shows with their figures: the tiles, the table rows kept, the targets."""
    return plan(report, ctx).quoted(report)
