"""Step one of the deck: content -> deck plan, typed data (``govreport.builders.deck.shapes``).

The plan is a tuple of ``Slide`` s (kind, layout, title, text ``Frame`` s of ``Paragraph`` s of
``Run`` s, ``Rect`` s, ``Chart`` s, ``Table`` s, notes, number), frozen: planned from the
typed deck.yaml (``ctx.config.deck``, ``config.DeckTemplate``), which nothing changes.

Every size and every split is decided here, by measuring the text with the configured fonts
(``base.Base.measure``); the drawing step only draws. Nothing is written that does not fit: a slide
title takes up to ``title.grow_lines`` lines at the minimum title size and pushes the content down;
a tile or callout wraps its label (``label_max_lines``) and puts a long unit on a line of its own;
what still does not fit at the minimum sizes is a ``ContentError`` that names the slide, the text
and what to change (a callout that does not fit is left out, with a note).

The planner's parts: ``base`` (measuring, frames, titles, footer, notes), ``tiles`` (figures as
tiles and callouts), ``areas`` (an area's points and slides), ``deck`` (the slides in order).
"""

from __future__ import annotations

from pathlib import Path

from ....config import load
from ....model import Report
from .base import date_text, ref_ids, strip_end  # noqa: F401
from .deck import Planner


def load_theme(templates: Path):
    """``templates/deck.yaml`` of a folder, typed (``config.DeckTemplate``), read only."""
    return load(templates).deck


def make_plan(report: Report, theme, *, user_template: bool = False, note=None, source: str = "", rules=None,
              review=None, fonts=None):
    """The deck's slides (a tuple of ``shapes.Slide``); ``rules``: what is picked (``selection.Rules``;
    by default from ``theme``); ``review``: last year's targets against this report's results;
    ``fonts``: the build's font roles (default ``fonts.load_config()``)."""
    return Planner(report, theme, user_template=user_template, note=note, source=source, rules=rules,
                   review=review, fonts=fonts).slides()
