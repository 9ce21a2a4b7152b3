"""The briefing deck (deck.pptx): content -> plan (typed, ``shapes``) -> drawing.

``plan(report, ctx)`` lists the slides with every text, size, box and split decided by
measuring the text with the configured fonts (see ``plan`` and ``govreport.textfit``); ``build(report,
ctx)`` draws that plan with python-pptx (see ``draw``) and returns the file's bytes. The
theme (colours, fonts by role, sizes, margins, geometry) is ``templates/deck.yaml``; a user's
own .pptx (``ctx.deck_template``) lends its layouts, picked by name.
"""

from __future__ import annotations

from ... import selection
from ...model import Report
from .. import FILENAMES, BuildContext
from . import draw
from .plan import Planner, load_theme, make_plan  # noqa: F401  (load_theme: for tests)
from .shapes import Slide

FILENAME = FILENAMES["deck"]


def theme_of(ctx: BuildContext):
    """The build's deck.yaml, typed (``config.DeckTemplate``, loaded once per build in ``ctx.config``)."""
    return ctx.config.deck


def plan(report: Report, ctx: BuildContext) -> tuple[Slide, ...]:
    """The deck as typed data: its slides (see ``govreport.builders.deck.plan`` and ``shapes``),
    measured with the fonts of this build's templates (``ctx.fonts``)."""
    return _planner(report, ctx, ctx.note).slides()


def build(report: Report, ctx: BuildContext) -> bytes:
    theme = theme_of(ctx)
    planner = _planner(report, ctx, ctx.note)
    slides = planner.slides()
    ctx.quoted = _shown(report, planner)
    return draw.build(slides, theme, report.meta, ctx.deck_template, note=ctx.note,
                      identifier=f"sha256:{ctx.short_hash}", templates=ctx.templates, fonts=ctx.fonts)


def _planner(report: Report, ctx: BuildContext, note) -> Planner:
    return Planner(report, theme_of(ctx), user_template=ctx.deck_template is not None, note=note,
                   source=str(ctx.source), rules=selection.Rules.of(ctx.config), review=ctx.review,
                   fonts=ctx.fonts)  # the fonts of this build's templates, not the default folder's


def _shown(report: Report, planner: Planner) -> list[str]:
    return [i for i in report.indicators if i in planner.placed]


def quotes(report: Report, ctx: BuildContext) -> list[str]:
    """Indicators the deck shows with their figures (tiles, charts, callouts, the targets table), in
    content order, from the plan. (Every paragraph is also in the speaker notes.)"""
    planner = _planner(report, ctx, None)  # what it cannot place, the build notes
    planner.slides()
    return _shown(report, planner)

