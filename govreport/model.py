"""The content model: one government work report as typed, immutable data.

Everything the builders know about a report comes from here. Nothing in this module
imports docx, pptx or reportlab; the loader (``govreport.loader``) is the only code that
reads YAML and turns it into these objects.

Figures are ``Decimal`` so a value keeps the digits the author typed (``168.53``,
``13600``, ``1.50``); ``format_number`` prints them back without exponent or rounding.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from . import figures
from .figures import (  # noqa: F401  (the enumerations live with the wording; re-exported)
    CHANGE_UNITS,
    CHANGE_WORDS,
    INFIX_QUALIFIERS,
    PREFIX_QUALIFIERS,
    QUALIFIERS,
    SUFFIX_QUALIFIERS,
)

# The enumerations as types, so the JSON Schema lists them and an editor completes them.
ChangeUnit = Literal[CHANGE_UNITS]
ChangeWord = Literal[CHANGE_WORDS]
Qualifier = Literal[QUALIFIERS]

ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class Frozen(BaseModel):
    """Base of every model class: immutable, no unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


_PLAIN = re.compile(r"^[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?$")


def _plain_number(v):
    """A figure written in quotes must still be plain digits: no 1e3, no 13,600, no 1_000."""
    if isinstance(v, str) and not _PLAIN.match(v.strip()):
        raise ValueError(f"expected a number in plain digits (like 168.53), not {v!r}")
    if isinstance(v, str) and sum(c.isdigit() for c in v) > 20:
        raise ValueError(f"a figure of {sum(c.isdigit() for c in v):,} digits; a report's figures have at most 20")
    if isinstance(v, str) and v.strip().startswith("-") and Decimal(v) == 0:
        raise ValueError(f"write 0, not {v!r}: zero has no sign (and a fall is said with word: 下降)")
    return v


def format_number(value: Decimal) -> str:
    """Print a figure exactly as typed: no exponent, no digits added or dropped (``figures.number``)."""
    return figures.number(value)


class Meta(Frozen):
    """Who delivered the report, when, and to which session."""

    title: str = Field(min_length=1, pattern=r"\S", description="Document title, e.g. 政府工作报告")
    subtitle: str = Field(min_length=1, pattern=r"\S", description="One line: ——2024年1月16日在…会议上")
    speaker: str = Field(min_length=1, pattern=r"\S", description="Speaker line, e.g. 长宁区区长 侯继军")
    issuer: str = Field(min_length=1, pattern=r"\S", description="Issuing body, e.g. 上海市长宁区人民政府")
    session: str = Field(min_length=1, pattern=r"\S", description="The congress session the report was delivered to")
    date: _dt.date = Field(description="Date of delivery (ISO, 2024-01-16); every output date comes from here")
    review_year: int = Field(ge=1949, le=2200, description="The year reviewed (part one)")
    plan_year: int = Field(ge=1949, le=2200, description="The year planned (part two)")
    source: str = Field(default="", description="Where the text comes from")
    language: str = Field(default="zh-CN")

    @model_validator(mode="after")
    def _years(self) -> "Meta":
        if self.plan_year != self.review_year + 1:
            raise ValueError("plan_year must be review_year + 1")
        return self


class Settings(Frozen):
    """Switches for the builders; every one has a sensible default."""

    appendix: bool = Field(default=True, description="Add the indicator tables after the report text")
    deck_template: Optional[str] = Field(
        default=None, description="A .pptx whose layouts the deck uses, relative to the content file"
    )
    report_template: Optional[str] = Field(
        default=None,
        description="An office's .docx whose page setup, footers and styles (by name) the report uses, relative to the content file",
    )


class Change(Frozen):
    """A change against the previous period: 增长 12.8%, 提高 9 个百分点."""

    value: Decimal = Field(description="The figure as written, e.g. 12.8")
    unit: ChangeUnit = Field(description="% or 个百分点")
    word: ChangeWord = Field(default="增长", description="增长 / 提高 / 下降 …")

    @field_validator("value", mode="before")
    @classmethod
    def _plain_change(cls, v):
        return _plain_number(v)

    @field_validator("value")
    @classmethod
    def _not_negative(cls, v: Decimal) -> Decimal:
        if v < 0:
            raise ValueError("write the size of the change and say its direction with word: 下降 (not a minus sign)")
        return v

    @property
    def text(self) -> str:
        """'12.8%' or '9个百分点' (``figures.change_text``)."""
        return figures.change_text(self)

    @property
    def direction(self) -> int:
        """+1 for a rise, -1 for a fall."""
        return figures.direction(self)


class Indicator(Frozen):
    """One figure quoted in the report, typed once."""

    id: str = Field(default="", pattern=ID_PATTERN, description="ASCII id used in {id} references; filled from the mapping key")
    label: str = Field(min_length=1, pattern=r"\S", description="Chinese label, e.g. 地区生产总值")
    value: Optional[Decimal] = Field(default=None, description="The figure exactly as written")
    unit: str = Field(default="", description="亿元, %, 家, 人次, 元/平方米 …")
    qualifier: Optional[Qualifier] = Field(
        default=None, description="before the number: 超过 约 近 达 …; after it: 余 多; after the unit: 左右 以上 以内 以下")
    period: int = Field(description="The year the figure is for (2023, or 2024 for targets)")
    change: Optional[Change] = None
    group: str = Field(description="Table group: one of the keys of `groups`")
    headline: bool = Field(default=False, description="One of the figures a reader must see first")
    target: bool = Field(default=False, description="A target for the plan year")
    short: Optional[str] = Field(default=None, description="Short label for tiles and charts")
    text: Optional[str] = Field(
        default=None, min_length=1, pattern=r"\S",
        description="A target stated in words, as the report words it, label included: "
                    "城镇登记失业人数控制在市下达指标以内 ({id} quotes it); with or without a value",
    )

    @field_validator("value", mode="before")
    @classmethod
    def _plain_value(cls, v):
        return _plain_number(v)

    @model_validator(mode="after")
    def _has_figure(self) -> "Indicator":
        if self.text is not None and not self.target:
            raise ValueError("only a target (target: true) is stated in words with text:")
        if self.value is None and self.change is None and self.text is None:
            raise ValueError("an indicator needs a value, a change, or both (a target stated in words: text:)")
        if self.value is not None and not self.unit:
            raise ValueError("a value needs its unit (亿元, %, 家 …): add unit:")
        return self

    @property
    def value_text(self) -> str:
        """The figure with unit and qualifier as the source writes it (``figures.value_text``)."""
        return figures.value_text(self)

    @property
    def change_text(self) -> str:
        return figures.change_text(self.change)

    @property
    def display_label(self) -> str:
        return self.short or self.label

    @property
    def qualitative(self) -> bool:
        """A target stated in words only (``figures.qualitative``)."""
        return figures.qualitative(self)

    @property
    def quoted(self) -> str:
        """What ``{id}`` reads (``figures.quoted``)."""
        return figures.quoted(self)

    @property
    def target_phrase(self) -> str:
        """The target column of a targets table (``figures.target_phrase``)."""
        return figures.target_phrase(self)


class Paragraph(Frozen):
    """A paragraph: an optional bold run-in lead, then its text. Both may hold {id} references."""

    lead: Optional[str] = Field(default=None, description="Bold run-in lead, e.g. 着力提升重点产业能级。")
    text: str = Field(default="", description="The rest of the paragraph")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data):
        if isinstance(data, str):
            return {"text": data}
        return data

    @model_validator(mode="after")
    def _not_empty(self) -> "Paragraph":
        if not (self.lead or self.text):
            raise ValueError("a paragraph needs a lead or a text")
        return self


class Area(Frozen):
    """One of the numbered areas （一）…（七） of a part."""

    heading: str = Field(min_length=1, pattern=r"\S", description="（一）凝心聚力谋发展，经济向好态势持续巩固。")
    run_in: bool = Field(
        default=False, description="The heading runs in at the start of the first paragraph (as in the review)"
    )
    paragraphs: tuple[Paragraph, ...] = Field(min_length=1)


class Part(Frozen):
    """一、2023年工作回顾 or 二、2024年主要任务."""

    heading: str = Field(min_length=1, pattern=r"\S")
    intro: tuple[Paragraph, ...] = ()
    areas: tuple[Area, ...] = ()
    closing: tuple[Paragraph, ...] = ()


class Body(Frozen):
    opening: tuple[Paragraph, ...] = ()
    parts: tuple[Part, ...] = Field(min_length=1)
    closing: tuple[Paragraph, ...] = ()


class Report(Frozen):
    """The whole content file."""

    meta: Meta
    settings: Settings = Settings()
    groups: dict[str, str] = Field(
        min_length=1, description="Indicator groups by id, with their Chinese titles, in table order"
    )
    indicators: dict[str, Indicator] = Field(description="Figures by id, in table order")
    body: Body
    # Where each key path ("indicators.gdp.label") stands in the file: (line, column). Set by the
    # loader so a builder's complaint about a field can point at its line.
    _marks: dict = PrivateAttr(default_factory=dict)

    def locate(self, path: str) -> tuple[int, int]:
        """(line, column) of a dotted key path in the content file, or of its nearest parent."""
        while path:
            if path in self._marks:
                return self._marks[path]
            path = path.rsplit(".", 1)[0] if "." in path else ""
        return (0, 0)

    @model_validator(mode="before")
    @classmethod
    def _ids_from_keys(cls, data):
        # The YAML keys indicators by id; copy the key into each entry so an Indicator knows it.
        if isinstance(data, dict) and isinstance(data.get("indicators"), dict):
            inds = {}
            for key, ind in data["indicators"].items():
                if isinstance(ind, dict) and "id" not in ind:
                    ind = {"id": key, **ind}
                inds[key] = ind
            data = {**data, "indicators": inds}
        return data

    @model_validator(mode="after")
    def _cross_fields(self) -> "Report":
        """Rules between fields, each problem at the field it is about (so the loader gives its
        line): an indicator's id is its key, its group is one of ``groups``, a target is for the
        plan year."""
        problems = []

        def problem(loc: tuple, message: str, value) -> None:
            problems.append(InitErrorDetails(type=PydanticCustomError("cross_field", "{message}", {"message": message}),
                                             loc=loc, input=value))

        for key, ind in self.indicators.items():
            if ind.id != key:
                problem(("indicators", key, "id"), f"id {ind.id!r} differs from its key {key!r}", ind.id)
            if ind.group not in self.groups:
                problem(("indicators", key, "group"),
                        f"unknown group {ind.group!r} (groups: {', '.join(self.groups)})", ind.group)
            if ind.target and ind.period != self.meta.plan_year:
                problem(("indicators", key, "period"),
                        f"a target's period must be the plan year {self.meta.plan_year}, not {ind.period}", ind.period)
        if problems:
            raise ValidationError.from_exception_data(type(self).__name__, problems)
        return self

    # Convenience views for builders -------------------------------------------------

    def paragraphs(self):
        """Every paragraph in reading order, with where it stands: (part, area, paragraph)."""
        for p in self.body.opening:
            yield None, None, p
        for part in self.body.parts:
            for p in part.intro:
                yield part, None, p
            for area in part.areas:
                for p in area.paragraphs:
                    yield part, area, p
            for p in part.closing:
                yield part, None, p
        for p in self.body.closing:
            yield None, None, p

    def render(self, text: str) -> str:
        """A body text as the reader sees it, every ``{id}`` replaced by its figure."""
        from .references import render

        return render(text, self.indicators)

    def segments(self, text: str) -> "list[tuple[str, str | None]]":
        """A body text as (piece, indicator id or None) pieces, to style figures."""
        from .references import segments

        return segments(text, self.indicators)

    def characters(self) -> str:
        """Every character an output may draw: meta, group titles, labels, units, the rendered body."""
        m = self.meta
        bits = [m.title, m.subtitle, m.speaker, m.issuer, m.session, str(m.date)]
        bits += list(self.groups.values())
        for i in self.indicators.values():
            bits += [i.label, i.short or "", i.value_text, i.change_text, i.change.word if i.change else "", i.text or ""]
        for part in self.body.parts:
            bits.append(part.heading)
            bits += [a.heading for a in part.areas]
        for _, _, p in self.paragraphs():
            bits += [self.render(p.lead or ""), self.render(p.text)]
        return "".join(bits)

    @property
    def headline_indicators(self) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.headline]

    @property
    def target_indicators(self) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.target]

    def grouped_indicators(self, *, targets: bool = False) -> list[tuple[str, list[Indicator]]]:
        """(group title, indicators) in the order of ``groups``; the plan year's targets, or the
        figures of the years before it (a plan-year figure of a work task that is not a target,
        such as 36个河道断面全部达标, is in neither: it belongs to its task's text)."""
        out = []
        plan = self.meta.plan_year
        for gid, title in self.groups.items():
            items = [i for i in self.indicators.values()
                     if i.group == gid and i.target == targets and (targets or i.period != plan)]
            if items:
                out.append((title, items))
        return out
