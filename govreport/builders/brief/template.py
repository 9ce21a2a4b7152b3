"""``templates/brief.yaml`` as the brief reads it: lengths in points, the type floor and margins checked."""

from __future__ import annotations

from pathlib import Path

from ...errors import ContentError

TEMPLATE = "brief.yaml"
MM = 72 / 25.4  # points per millimetre


class Template:
    """``templates/brief.yaml`` (checked by ``config.BriefTemplate``) with lengths turned into
    points and the type floor and margins checked, problems at their lines."""

    def __init__(self, templates):
        self.templates = templates  # config.Templates
        self.data = templates.data[TEMPLATE]
        self.file = templates.shown[TEMPLATE]
        self.fonts = templates.font_config
        self._check()

    @classmethod
    def load(cls, templates: Path) -> "Template":
        from ...config import load

        return cls(load(templates))

    def __getitem__(self, key: str) -> dict:
        return self.data[key]

    @property
    def strings(self) -> str:
        """Every string in the template (labels, headings), for the fonts' subsets."""

        def walk(x):
            if isinstance(x, dict):
                return "".join(walk(v) for v in x.values())
            if isinstance(x, list):
                return "".join(walk(v) for v in x)
            return x if isinstance(x, str) else ""

        return walk(self.data)

    def num(self, section: str, key: str) -> float:
        """A number as written (size in pt, share, count)."""
        try:
            return float(self.data[section][key])
        except KeyError:
            raise ContentError(f"{section}.{key}: missing", self.file) from None

    def mm(self, section: str, key: str) -> float:
        """A length written in millimetres, in points."""
        return self.num(section, key) * MM

    def colour(self, name: str):
        from reportlab.lib.colors import HexColor

        return HexColor(str(self.data["colours"][name]))

    def text(self, key: str) -> "str | list[str]":
        return self.data["text"][key]

    def _check(self) -> None:
        problems = []
        at = lambda path, message: self.templates.problem(TEMPLATE, path, message)  # noqa: E731
        page = self.data["page"]
        floor = float(page["min_font_size"])
        if floor < 7:
            problems.append(at("page.min_font_size", "must be at least 7 pt"))
        if float(page["margin"]) < float(page["min_margin"]) or float(page["min_margin"]) < 10:
            problems.append(at("page.margin", "margins must be at least 10 mm"))
        for section, values in self.data.items():
            if not isinstance(values, dict):
                continue
            for key, value in values.items():
                if (key.endswith("_size") or key == "size") and section != "page" and float(value) < floor:
                    problems.append(at(f"{section}.{key}", f"{value} pt is below the {floor:g} pt floor"))
        if problems:
            raise ContentError(problems)
