"""The template's font slots registered with ReportLab: widths, line breaking, the glyph check."""

from __future__ import annotations

from ...errors import ContentError, Problem
from ... import textfit
from .template import TEMPLATE, Template


class Fonts:
    """The template's font slots (title, strong, text) registered with ReportLab."""

    def __init__(self, t: Template, chars: str = "", units=()):
        from reportlab.pdfbase import pdfmetrics

        from ...fonts import reportlab_font

        cfg = t.fonts
        self.measure = textfit.measurer(cfg).with_units(units)
        self.words = self.measure.with_words(True)
        self.roles = {}
        self.names = {}
        charset = frozenset(chars + t.strings)  # once, not per slot
        for slot, role_name in t["fonts"].items():
            if role_name not in cfg.roles:
                raise ContentError(t.templates.problem(TEMPLATE, f"fonts.{slot}",
                                                       f"no font role {role_name!r} in templates/fonts.yaml"))
            role = cfg[role_name]
            # A cached subset (GB2312 + what the content uses) parses in milliseconds, not 0.2 s.
            f = role.embeddable(charset)
            name = f"GR-{role.file.path.stem}-{role.file.index}-{f.path.stem.rsplit('-', 1)[-1]}"
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(reportlab_font(name, f))
            self.roles[slot] = role
            self.names[slot] = name

    def width(self, slot: str, text: str, size: float) -> float:
        return self.measure.width(text, self.roles[slot].role, size)

    def lines(self, text: str, slot: str, size: float, width: float) -> list[str]:
        """``text`` broken into lines no wider than ``width`` as a reader of a small cell wants them:
        ``textfit``'s words mode (CJK 禁则, a number kept with its unit, lines that end at words of
        rjieba's dictionary and outside a short quoted name, no last line of one or two characters),
        balanced (lines as even as they can be)."""
        got = self.words.lines([(text, self.roles[slot].role, size)], width - 0.01, balanced=True)
        return [ln.text.strip() for ln in got]

    def check(self, texts: dict[str, list[str]], source: str) -> None:
        """ContentError naming every character a slot's font cannot draw: never a box."""
        problems = []
        for slot, strings in texts.items():
            missing = self.roles[slot].missing("".join(strings))
            if missing:
                role = self.roles[slot]
                problems.append(
                    Problem(
                        source,
                        message=f"brief: font {role.file.path.name} (role {role.role!r}, used for {slot}) "
                        f"has no glyph for: {''.join(missing)}",
                    )
                )
        if problems:
            raise ContentError(problems)
