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
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from pydantic_core import core_schema

from . import figures, references
from .figures import (  # noqa: F401  (the enumerations live with the wording; re-exported)
    AIMS,
    CHANGE_UNITS,
    CHANGE_WORDS,
    INFIX_QUALIFIERS,
    PREFIX_QUALIFIERS,
    QUALIFIERS,
    RANGE_SEPARATORS,
    SUFFIX_QUALIFIERS,
)

# The enumerations as types, so the JSON Schema lists them and an editor completes them.
ChangeUnit = Literal[CHANGE_UNITS]
ChangeWord = Literal[CHANGE_WORDS]
Qualifier = Literal[QUALIFIERS]
RangeSeparator = Literal[RANGE_SEPARATORS]
Aim = Literal[AIMS]

ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class Frozen(BaseModel):
    """Base of every model class: immutable, no unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


def _plain_number(v):
    """A figure written in quotes must still be plain digits: no 1e3, no 13,600, no 1_000, no 007
    (the syntax is ``figures.NUMBER_PATTERN``; the loader checks unquoted numbers the same way)."""
    if isinstance(v, str):
        problem = figures.number_problem(v, quoted=True)
        if problem:
            raise ValueError(problem)
    return v


_SPAN = re.compile(r"^\s*([0-9]{4})\s*-\s*([0-9]{4})\s*$")
FIRST_YEAR, LAST_YEAR = 1949, 2200


class Period:
    """The year a figure is for (``2025``), or the span of years it is over (``2021-2025``: a
    five-year plan's figure, 年均增长5.9%). Written in YAML as a year or as ``YYYY-YYYY``.

    A single year compares equal to its int (``ind.period == 2025``), so code asking "is this the
    review year's figure?" reads as before; a span equals no single year."""

    __slots__ = ("start", "end")

    def __init__(self, start: int, end: Optional[int] = None):
        object.__setattr__(self, "start", int(start))
        object.__setattr__(self, "end", int(start if end is None else end))

    def __setattr__(self, name, value):
        raise AttributeError("a Period is immutable")

    @property
    def span(self) -> bool:
        """True for a span of years (2021-2025), False for one year."""
        return self.end != self.start

    @property
    def year(self) -> Optional[int]:
        """The year of a one-year period; None for a span."""
        return None if self.span else self.start

    def __contains__(self, year: int) -> bool:
        return self.start <= year <= self.end

    def __eq__(self, other) -> bool:
        if isinstance(other, Period):
            return (self.start, self.end) == (other.start, other.end)
        if isinstance(other, int) and not isinstance(other, bool):
            return not self.span and self.start == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.start) if not self.span else hash((self.start, self.end))

    def __str__(self) -> str:
        return f"{self.start}-{self.end}" if self.span else str(self.start)

    def __repr__(self) -> str:
        return f"Period({self})"

    @classmethod
    def parse(cls, v) -> "Period":
        if isinstance(v, Period):
            return v
        if isinstance(v, bool):
            raise ValueError("expected a year (2025) or a span of years (2021-2025)")
        if isinstance(v, int):
            start = end = v
        elif isinstance(v, str) and v.strip().isdigit() and len(v.strip()) == 4:
            start = end = int(v)
        elif isinstance(v, str) and _SPAN.match(v):
            m = _SPAN.match(v)
            start, end = int(m.group(1)), int(m.group(2))
            if end <= start:
                raise ValueError(f"a span runs from an earlier year to a later one (2021-2025), not {v.strip()!r}")
        else:
            raise ValueError(f"expected a year (2025) or a span of years (2021-2025), not {v!r}")
        for y in (start, end):
            if not FIRST_YEAR <= y <= LAST_YEAR:
                raise ValueError(f"the year {y} is outside {FIRST_YEAR}-{LAST_YEAR}")
        return cls(start, end)

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda p: p.start if not p.span else str(p)),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema, handler):
        return {"anyOf": [{"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
                          {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{4}$"}]}


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

    appendix: bool = Field(
        default=False,
        description="Print the indicator tables (附表) after the report's text and annexes; off by default: a report "
        "printed for a 人代会 ends with its closing or its annexes (the brief shows the indicators either way)",
    )
    deck_template: Optional[str] = Field(
        default=None, description="A .pptx whose layouts the deck uses, relative to the content file"
    )
    report_template: Optional[str] = Field(
        default=None,
        description="An office's .docx whose page setup, footers and styles (by name) the report uses, relative to the content file",
    )
    previous: Optional[str] = Field(
        default=None, min_length=1, pattern=r"\S",
        description="Last year's content file, relative to this one (its plan year is this report's review year): "
                    "its targets are set against this report's results (主要预期目标完成情况)")
    target_review: bool = Field(
        default=False,
        description="With previous: the Word report carries the annex 上年主要预期目标完成情况 after the closing "
                    "(the deck and the brief show the review whenever there is a previous file)")


class Bounds(Frozen):
    """A figure that may be a range: ``value`` (its lower bound) to ``upper``, written back as the
    source writes it (5%—5.5%, 5%-5.5%, 4.5-5%, 5%到5.5%)."""

    upper: Optional[Decimal] = Field(
        default=None, description="A range's upper bound (value is the lower one): 5%—5.5% is value 5, upper 5.5")
    range: Optional[RangeSeparator] = Field(
        default=None, description="What the report writes between the bounds: — (the default), -, 到, 至, ～ …")
    lower_unit: Optional[str] = Field(
        default=None, max_length=50,
        description="What the report writes after the lower bound, \"\" for nothing (4.5-5%); by default a % and a "
                    "万/亿 repeat (5%—5.5%, 20万—30万人), other units do not (2—4家)")

    @field_validator("upper", mode="before")
    @classmethod
    def _plain_upper(cls, v):
        return _plain_number(v)

    def _range_problems(self) -> list[tuple[str, str]]:
        out = []
        if self.upper is None:
            for name in ("range", "lower_unit"):
                if getattr(self, name) is not None:
                    out.append((name, f"{name}: is written with a range only: add upper: (and value:, the lower bound)"))
            return out
        if self.value is None:
            out.append(("upper", "upper: is a range's upper bound: add value: (the lower bound)"))
        elif self.upper <= self.value:
            out.append(("upper", f"a range's upper bound must be above its lower bound (value {figures.number(self.value)}), "
                                 f"not {figures.number(self.upper)}"))
        return out


def _raise_at(model: str, problems: list[tuple[str, str]], data) -> None:
    """Problems found after validation, each at its field (so the loader gives its line and column)."""
    if problems:
        raise ValidationError.from_exception_data(model, [
            InitErrorDetails(type=PydanticCustomError("cross_field", "{message}", {"message": msg}), loc=(field,),
                             input=getattr(data, field, None))
            for field, msg in problems])


class Change(Bounds):
    """A change against the previous period: 增长 12.8%, 提高 9 个百分点, 增长5%—5.5%, 增长20%以上."""

    value: Decimal = Field(description="The figure as written, e.g. 12.8 (a range's lower bound)")
    unit: ChangeUnit = Field(description="% or 个百分点")
    word: ChangeWord = Field(default="增长", description="增长 / 提高 / 下降 / 上涨 / 缩小 …")
    qualifier: Optional[Qualifier] = Field(
        default=None, description="As an indicator's: 增长20%以上 (以上), 增长超20% (超)")
    base: Optional[int] = Field(
        default=None, ge=FIRST_YEAR, le=LAST_YEAR,
        description="The year compared with when it is not the year before: 比2020年下降25% (base: 2020)")
    per_year: bool = Field(default=False, description="An annual average over the figure's span: 年均增长5.9%")

    @field_validator("value", mode="before")
    @classmethod
    def _plain_change(cls, v):
        return _plain_number(v)

    @model_validator(mode="after")
    def _range(self) -> "Change":
        _raise_at(type(self).__name__, self._range_problems(), self)
        return self

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


class Indicator(Bounds):
    """One figure quoted in the report, typed once."""

    id: str = Field(default="", pattern=ID_PATTERN, description="ASCII id used in {id} references; filled from the mapping key")
    label: str = Field(min_length=1, pattern=r"\S", description="Chinese label, e.g. 地区生产总值")
    value: Optional[Decimal] = Field(default=None, description="The figure exactly as written (a range's lower bound)")
    unit: str = Field(default="", description="亿元, %, 家, 人次, 元/平方米 …")
    qualifier: Optional[Qualifier] = Field(
        default=None, description="before the number: 超过 约 近 达 突破 …; after it: 余 多; after the unit: 左右 以上 以内 以下")
    period: Period = Field(description="The year the figure is for (2023, or 2024 for targets), or the span it is over "
                                       "(2021-2025: 年均增长5.9%, a five-year plan's figure)")
    change: Optional[Change] = None
    group: str = Field(description="Table group: one of the keys of `groups`")
    headline: bool = Field(default=False, description="One of the figures a reader must see first")
    target: bool = Field(default=False, description="A target for the plan year")
    short: Optional[str] = Field(default=None, description="Short label for tiles and charts")
    text: Optional[str] = Field(
        default=None, min_length=1, pattern=r"\S",
        description="A target stated in words, as the report words it, label included: "
                    "城镇登记失业人数控制在市下达指标以内 ({id} quotes it); with or without a value. On a figure "
                    "of the review year, without value and change: a result stated in words (城镇登记失业人数控制在市下达指标以内)",
    )
    result_of: Optional[str] = Field(
        default=None, pattern=ID_PATTERN,
        description="The id of last year's target (in settings.previous) this figure is the result of, "
                    "when it differs from this figure's id and label")
    assessment: Optional[str] = Field(
        default=None, min_length=1, max_length=20, pattern=r"\S",
        description="How the office words the result against last year's target (完成, 超额完成, 基本完成 …); "
                    "without it the rule of govreport/review.py decides 完成 / 未完成 / 待核")
    aim: Optional[Aim] = Field(
        default=None, description="The word the text commits a plan-year figure with (力争 100%): builders mark it; "
                                  "{id} does not print it")
    rider: Optional[str] = Field(
        default=None, min_length=1, pattern=r"\S",
        description="Words after a target that belong to it and are no target of their own: 在实际工作中努力争取更好结果")

    @field_validator("value", mode="before")
    @classmethod
    def _plain_value(cls, v):
        return _plain_number(v)

    @model_validator(mode="after")
    def _has_figure(self) -> "Indicator":
        _raise_at(type(self).__name__, self._range_problems(), self)  # upper: without value: says so at upper:
        if self.text is not None and not self.target and (self.value is not None or self.change is not None):
            raise ValueError("only a target (target: true) is stated in words with text: beside a figure; "
                             "a result stated in words has text: and no value or change")
        if self.target:
            for name in ("result_of", "assessment"):
                if getattr(self, name) is not None:
                    raise ValueError(f"{name}: belongs on a result (a figure of the review year), not on a target")
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
    def value_number(self) -> str:
        """What ``{id.value}`` reads: the bare number, or a range's bare bounds (5—5.5)."""
        return figures.bare(self)

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


def _numbering(v: str) -> str:
    """A list's first number as the report writes it (1. （1） 一、 ［1］ …), checked by ``figures``."""
    problem = figures.numbering_problem(v)
    if problem:
        raise ValueError(problem)
    return v


Numbering = Annotated[str, AfterValidator(_numbering)]


class Annex(Frozen):
    """An annex printed after the closing (附件1 2026年区政府实事项目): a numbered list or paragraphs."""

    label: str = Field(min_length=1, pattern=r"\S", description="As the report writes it: 附件, 附件1 …")
    title: str = Field(min_length=1, pattern=r"\S", description="The annex's own title: 2026年省十件民生实事")
    numbering: Numbering = Field(
        default=figures.DEFAULT_NUMBERING, min_length=1,
        description="The first item's number as the report writes it: 1. 1． （1） (1) 一、; the builders number the items")
    items: tuple[Paragraph, ...] = Field(default=(), description="A numbered list (the numbers are printed, not written)")
    paragraphs: tuple[Paragraph, ...] = Field(default=(), description="Or paragraphs, as in the body")

    @model_validator(mode="after")
    def _one_kind(self) -> "Annex":
        if bool(self.items) == bool(self.paragraphs):
            raise ValueError("an annex holds items: (a numbered list) or paragraphs:, one of the two")
        return self

    def number(self, n: int) -> str:
        """Item ``n``'s number (1-based) as the list numbers it: 1. 2. …"""
        return figures.item_number(self.numbering, n)


class Term(Frozen):
    """One entry of the glossary: the term as the report writes it and its explanation."""

    term: str = Field(min_length=1, pattern=r"\S", description="As the report writes it: “2030启航计划”")
    text: str = Field(min_length=1, pattern=r"\S", description="The explanation: 面向2030年……的科技专项计划。")


class Glossary(Frozen):
    """名词解释 / 注释: terms and their explanations, printed as the report's last annex."""

    label: Optional[str] = Field(default=None, min_length=1, pattern=r"\S",
                                 description="附件2 when the report labels it; none: only the title is printed")
    title: str = Field(default="名词解释", min_length=1, pattern=r"\S", description="名词解释, 注释 …")
    numbering: Numbering = Field(
        default=figures.DEFAULT_NUMBERING, min_length=1,
        description="The first term's number as the report writes it: 1. or ［1］ (the body then marks a term's use "
                    "with its marker, written in the text as it stands: ……试点［1］)")
    terms: tuple[Term, ...] = Field(min_length=1)

    def marker(self, n: int) -> str:
        """Term ``n``'s number (1-based): '1.', or the marker ［1］ the body writes after its first use."""
        return figures.item_number(self.numbering, n)

    def entry(self, n: int) -> str:
        """Term ``n`` as printed: '1.“2030启航计划”：面向…'."""
        t = self.terms[n - 1]
        return self.marker(n) + t.term + GLOSSARY_JOINER + t.text


GLOSSARY_JOINER = "："  # between a term and its explanation


class Report(Frozen):
    """The whole content file."""

    meta: Meta
    settings: Settings = Settings()
    groups: dict[str, str] = Field(
        min_length=1, description="Indicator groups by id, with their Chinese titles, in table order"
    )
    indicators: dict[str, Indicator] = Field(description="Figures by id, in table order")
    body: Body
    annexes: tuple[Annex, ...] = Field(default=(), description="Annexes after the closing (附件1 …), in order")
    glossary: Optional[Glossary] = Field(default=None, description="名词解释 / 注释, printed as the last annex")
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

        result_of: dict[str, str] = {}
        for key, ind in self.indicators.items():
            if ind.result_of is not None:
                if ind.result_of in result_of:
                    problem(("indicators", key, "result_of"),
                            f"indicator {result_of[ind.result_of]!r} is already the result of {ind.result_of!r}: "
                            "one result per target", ind.result_of)
                result_of.setdefault(ind.result_of, key)
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

    def annex_paragraphs(self):
        """Every paragraph of the annexes in reading order: (annex, item number or 0, paragraph)."""
        for annex in self.annexes:
            for n, p in enumerate(annex.items, 1):
                yield annex, n, p
            for p in annex.paragraphs:
                yield annex, 0, p

    def render(self, text: str) -> str:
        """A body text as the reader sees it, every ``{id}`` replaced by its figure."""
        return references.render(text, self.indicators)

    def segments(self, text: str) -> "list[tuple[str, str | None]]":
        """A body text as (piece, indicator id or None) pieces, to style figures."""
        return references.segments(text, self.indicators)

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
        for annex in self.annexes:
            bits += [annex.label, annex.title] + [annex.number(n) for n in range(1, len(annex.items) + 1)]
        for _, _, p in self.annex_paragraphs():
            bits += [self.render(p.lead or ""), self.render(p.text)]
        if self.glossary is not None:
            g = self.glossary
            bits += [g.label or "", g.title] + [g.entry(n) for n in range(1, len(g.terms) + 1)]
        for i in self.indicators.values():
            bits += [i.rider or "", i.aim or "", i.assessment or "", figures.bare(i)]
            if i.change is not None:
                bits.append(figures.change_words(i.change))
        return "".join(bits)

    def is_review(self, ind: Indicator) -> bool:
        """A figure of the review year (not a target, not a span, not another year's, not a result
        stated in words only): what tiles, tables and charts show as the review year's."""
        return not ind.target and ind.period == self.meta.review_year and not figures.qualitative(ind)

    @property
    def review_indicators(self) -> list[Indicator]:
        """The review year's figures, in table order."""
        return [i for i in self.indicators.values() if self.is_review(i)]

    @property
    def headline_indicators(self) -> list[Indicator]:
        """The headline figures a reader sees first: the review year's, and targets marked headline
        (a five-year or other year's figure is never shown as the review year's)."""
        return [i for i in self.indicators.values() if i.headline and (i.target or self.is_review(i))]

    @property
    def target_indicators(self) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.target]

    def grouped_indicators(self, *, targets: bool = False) -> list[tuple[str, list[Indicator]]]:
        """(group title, indicators) in the order of ``groups``; the plan year's targets, or the
        review year's figures (a plan-year figure of a work task that is not a target, such as
        36个河道断面全部达标, a five-year figure such as 年均增长5.9% over 2021-2025, or a 2020 or 2030
        figure is in neither: it belongs to its text)."""
        out = []
        for gid, title in self.groups.items():
            items = [i for i in self.indicators.values()
                     if i.group == gid and (i.target if targets else self.is_review(i))]
            if items:
                out.append((title, items))
        return out
