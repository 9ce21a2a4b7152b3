"""The templates, typed: one strict pydantic model per file of ``templates/``.

``load(folder)`` reads fonts.yaml, deck.yaml, brief.yaml and report.yaml as safely as content
(the loader's YAML node walk, so every key keeps its line and column), checks each against its
model — unknown keys refused, missing keys named, wrong types said — and reports every problem of
every file at once, as content problems are reported::

    templates/deck.yaml:12:3: slide: unknown key 'slide_typo'
    templates/deck.yaml:11:1: slide: missing key 'width'

A build loads the templates once (``BuildContext.config``) and hands them to every builder. The
loaded result is kept per folder and file contents (an edited template is read again; two
builds of the same templates share one load): nothing is cached by path alone.

The builders still read most sections as plain data (``Templates.data[name]``: the file as
parsed, numbers as floats), checked by the models first; the models are the reference for what
a template may hold.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ContentError, Problem

FILES = ("fonts.yaml", "deck.yaml", "brief.yaml", "report.yaml")


class Strict(BaseModel):
    """Base of every template model: no unknown keys, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


Box = Annotated[list[float], Field(min_length=4, max_length=4, description="[x, y, width, height] in pt")]
Inset = Annotated[list[float], Field(min_length=4, max_length=4, description="[left, top, right, bottom] in pt")]
Sizes = Annotated[list[float], Field(min_length=1, description="font sizes, largest first")]
Hex6 = Annotated[str, Field(pattern=r"^[0-9A-Fa-f]{6}$", description="RGB hex, e.g. B3120F")]
HashHex = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$", description="RGB hex with #, e.g. #A31B22")]


# -------------------------------------------------------------------------- fonts.yaml


class FontRole(Strict):
    name: str = Field(min_length=1, description="font written into the .docx/.pptx")
    latin: Optional[str] = Field(default=None, description="Latin/digit font beside it")
    embed: list[str] = Field(default_factory=list, description="free TrueType files, first installed wins")
    fontconfig: str = ""


class FontsTemplate(Strict):
    roles: dict[str, FontRole] = Field(min_length=1)
    search_dirs: list[str] = Field(default_factory=list)
    install_hint: str = ""


# -------------------------------------------------------------------------- deck.yaml


class DeckSlide(Strict):
    width: float = Field(gt=0)
    height: float = Field(gt=0)


class DeckFonts(Strict):
    title: str
    text: str
    figure: str


class DeckColors(Strict):
    accent: Hex6
    accent_dark: Hex6
    gold: Hex6
    ink: Hex6
    muted: Hex6
    on_accent: Hex6
    on_accent_soft: Hex6
    tile: Hex6
    tile_rule: Hex6
    rise: Hex6
    fall: Hex6
    table_head: Hex6
    table_band: Hex6
    table_plain: Hex6
    chart_bar: Hex6
    chart_share: Hex6
    chart_axis: Hex6


class DeckLayouts(Strict):
    title: str
    divider: str
    content: str
    plain: str


class DeckMeasure(Strict):
    width_factor: float = Field(gt=0)
    script_gap: float = 0.0
    line_spacing: float = Field(gt=0)


class Rect(Strict):
    box: Box
    color: str


class TextBox(Strict):
    box: Box
    sizes: Sizes
    color: str


class DeckTitle(Strict):
    box: Box
    sizes: Sizes
    min: float
    max_lines: int = Field(ge=1)
    grow_lines: int = Field(ge=1)
    color: str
    rule: Rect
    hairline: Rect


class DeckFooter(Strict):
    text_box: Box
    number_box: Box
    size: float
    number_size: float
    color: str
    on_accent: str


class DeckTitleSlide(Strict):
    band: Rect
    rule: Rect
    issuer: TextBox
    title: TextBox
    subtitle: TextBox
    speaker: TextBox
    date: TextBox


class DeckDivider(Strict):
    band: Rect
    title: TextBox
    rule: Rect


class DeckBullets(Strict):
    sizes: Sizes
    min: float
    space_before: float
    indent: float
    char: str = Field(min_length=1)
    char_size_pct: float
    color: str
    bullet_color: str
    derived_max_chars: int
    box_full: Box
    box_beside: Box


class DeckCallouts(Strict):
    column: Box
    max: int = Field(ge=0)
    gap: float
    inset: Inset
    value_sizes: Sizes
    label_size: float
    change_size: float
    label_max_lines: int = Field(ge=1)
    space: float


class DeckTiles(Strict):
    box: Box
    max: int = Field(ge=0)
    gap: float
    height: float
    inset: Inset
    value_sizes: Sizes
    unit_ratio: float
    unit_min: float
    label_size: float
    change_size: float
    label_max_lines: int = Field(ge=1)
    space: float


class DeckChart(Strict):
    box: Box
    max_categories: int = Field(ge=1)
    bar_pitch: float
    min_height: float
    gap_width: int
    label_size: float
    data_label_size: float
    number_format: str
    share_words: list[str]


class DeckTargets(Strict):
    box: Box
    columns: Annotated[list[float], Field(min_length=2, max_length=2)]
    head_size: float
    size: float
    cell_inset: Inset


class DeckClosing(Strict):
    band: Rect
    text: TextBox
    min_chars: int
    rule: Rect
    issuer: TextBox
    date: TextBox


class DeckNotes(Strict):
    size: float


class DeckText(Strict):
    glance: str
    growth_chart: str
    growth_series: str
    share_chart: str
    share_series: str
    targets: str
    targets_head: Annotated[list[str], Field(min_length=2, max_length=2)]
    continued: str
    closing_fallback: str
    footer: str
    rise: str
    fall: str


class DeckTemplate(Strict):
    slide: DeckSlide
    fonts: DeckFonts
    colors: DeckColors
    user_template_colors: dict[str, str] = Field(default_factory=dict)
    layouts: DeckLayouts
    measure: DeckMeasure
    inset: Inset
    title: DeckTitle
    footer: DeckFooter
    body_top: float
    body_bottom: float
    title_slide: DeckTitleSlide
    divider: DeckDivider
    bullets: DeckBullets
    callouts: DeckCallouts
    tiles: DeckTiles
    chart: DeckChart
    targets: DeckTargets
    closing: DeckClosing
    notes: DeckNotes
    text: DeckText


# -------------------------------------------------------------------------- brief.yaml


class BriefPage(Strict):
    width: float = Field(gt=0)
    height: float = Field(gt=0)
    margin: float
    min_margin: float
    min_font_size: float
    gap: float


class BriefFonts(Strict):
    title: str
    strong: str
    text: str


class BriefColours(Strict):
    accent: HashHex
    accent_text: HashHex
    accent_soft: HashHex
    ink: HashHex
    muted: HashHex
    rule: HashHex
    tile_fill: HashHex
    group_fill: HashHex
    target_fill: HashHex
    target_rule: HashHex
    up: HashHex
    down: HashHex
    bar: HashHex
    bar_negative: HashHex
    grid: HashHex


class BriefHeader(Strict):
    height: float
    padding: float
    vpad: float
    kicker_size: float
    title_size: float
    title_min_size: float
    meta_size: float
    meta_leading_pt: float


class BriefTiles(Strict):
    columns: int = Field(ge=1)
    max: int = Field(ge=0)
    height: float
    gap: float
    padding: float
    label_size: float
    label_min_size: float
    value_size: float
    value_min_size: float
    unit_size: float
    unit_space_pt: float
    change_size: float
    mark_size_pt: float
    top_rule_pt: float


class BriefHeadings(Strict):
    size: float
    height: float
    bar_width_pt: float
    text_gap_pt: float


class BriefChart(Strict):
    min_height: float
    label_size: float
    label_max_share: float = Field(gt=0, le=1)
    value_size: float
    tick_size: float
    axis_title_size: float
    max_bars: int = Field(ge=1)
    bar_pitch_pt: float
    bar_share: float = Field(gt=0, le=1)
    bar_max_pt: float
    padding_pt: float
    axis_height_pt: float


class BriefTargets(Strict):
    size: float
    figure_size: float
    leading_pt: float
    padding: float
    row_padding_pt: float
    row_padding_max_pt: float
    figure_width_max: float


class BriefTable(Strict):
    columns: int = Field(ge=1)
    column_gap: float
    size: float
    leading_pt: float
    header_size: float
    group_size: float
    padding_pt: float
    cell_padding_pt: float
    min_rows: int = Field(ge=0)


class BriefFooter(Strict):
    height: float
    size: float
    rule_pt: float


class BriefText(Strict):
    kicker: str
    title: str
    subtitle: str
    meta: list[str]
    chart_heading: str
    chart_axis: str
    targets_heading: str
    table_heading: str
    table_head: Annotated[list[str], Field(min_length=3, max_length=3)]
    continued: str
    change_only: str
    source: str
    hash: str
    page: str


class BriefPriorities(Strict):
    minimum: float
    tiles: float
    targets: float
    chart: float
    headline_rows: float
    rows: float


class BriefTemplate(Strict):
    page: BriefPage
    fonts: BriefFonts
    colours: BriefColours
    header: BriefHeader
    tiles: BriefTiles
    headings: BriefHeadings
    chart: BriefChart
    targets: BriefTargets
    table: BriefTable
    footer: BriefFooter
    text: BriefText
    priorities: BriefPriorities


# -------------------------------------------------------------------------- report.yaml


class ReportStyles(Strict):
    body: str
    title: str
    subtitle: str
    speaker: str
    salutation: str
    heading1: str
    heading2: str
    appendix_label: str
    appendix_title: str
    table_head: str
    table_text: str
    table_number: str
    table_group: str


class ReportCharacterStyles(Strict):
    lead: str
    run_in_heading: str


class ReportLineBreaks(Strict):
    subtitle: list[str]
    speaker: list[str]
    half_width_em: float
    slack_chars: float


class ReportColumn(Strict):
    key: str
    header: str
    align: Literal["left", "center", "right", "justify", "both"]


class ReportAppendixTable(Strict):
    label: str
    title: str
    continued: str
    columns: list[ReportColumn] = Field(min_length=1)


class ReportAppendix(Strict):
    page_fill: float = Field(gt=0, le=1)
    indicators: ReportAppendixTable
    targets: ReportAppendixTable


class ReportTemplate(Strict):
    reference: str
    styles: ReportStyles
    character_styles: ReportCharacterStyles
    table_style: str
    line_breaks: ReportLineBreaks
    appendix: ReportAppendix


MODELS: dict[str, type[Strict]] = {
    "fonts.yaml": FontsTemplate,
    "deck.yaml": DeckTemplate,
    "brief.yaml": BriefTemplate,
    "report.yaml": ReportTemplate,
}


# -------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class Templates:
    """Every template of one folder, checked: the typed models and the data as parsed."""

    folder: Path
    fonts: FontsTemplate
    deck: DeckTemplate
    brief: BriefTemplate
    report: ReportTemplate
    data: dict[str, dict]  # "deck.yaml" -> the file as parsed (figures as Decimal, as load_template gives)
    plain: dict[str, dict]  # the same with numbers as floats
    marks: dict[str, dict[str, tuple[int, int]]]  # "brief.yaml" -> dotted key -> (line, col)
    shown: dict[str, str]  # "deck.yaml" -> the path as messages show it
    version: str  # SHA-256 of the files' contents
    font_config: object = field(default=None, compare=False)  # fonts.FontConfig of ``fonts``

    def locate(self, name: str, path: str) -> tuple[int, int]:
        """(line, column) of a dotted key path in a template, or of its nearest parent."""
        marks = self.marks.get(name, {})
        while path:
            if path in marks:
                return marks[path]
            path = path.rsplit(".", 1)[0] if "." in path else ""
        return (1, 1)

    def problem(self, name: str, path: str, message: str) -> Problem:
        """A problem with a template's key, at its line (for checks a builder makes)."""
        line, col = self.locate(name, path)
        return Problem(self.shown[name], line, col, path, message)


_LOADED: dict[tuple, Templates] = {}


def template_file(folder: Path, name: str) -> Path:
    """Where template ``name`` of ``folder`` is read from."""
    return Path(folder) / name


def shown_path(path: Path) -> str:
    """A template's path as messages show it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel.replace(os.sep, "/")


def load(folder: "str | os.PathLike[str]") -> Templates:
    """The templates of ``folder``, checked; ContentError listing every problem of every file."""
    from .loader import read_bytes

    folder = Path(folder)
    paths = {name: template_file(folder, name) for name in FILES}
    raws = {name: read_bytes(p, shown_path(p)) for name, p in paths.items()}
    key = (str(folder),) + tuple(hashlib.sha256(raws[n]).digest() for n in FILES)
    got = _LOADED.get(key)
    if got is None:
        if len(_LOADED) >= 8:
            _LOADED.clear()
        got = _LOADED[key] = _load(folder, paths, raws)
    return got


def _load(folder: Path, paths: dict[str, Path], raws: dict[str, bytes]) -> Templates:
    from .loader import dotted, parse, plain, read_text

    problems: list[Problem] = []
    models, data, floats, marks, shown = {}, {}, {}, {}, {}
    for name in FILES:
        where = shown[name] = shown_path(paths[name])
        try:
            raw, b = parse(read_text(paths[name], where, raws[name]), where)
        except ContentError as e:
            problems += e.problems
            continue
        problems += b.problems
        marks[name] = {dotted(k): v for k, v in b.marks.items()}
        data[name] = raw
        floats[name] = plain(raw)
        try:
            models[name] = MODELS[name].model_validate(floats[name])
        except ValidationError as e:
            problems += _problems(e, where, b.marks, b.key_marks)
    if problems:
        raise ContentError(problems)
    h = hashlib.sha256()
    for name in FILES:
        h.update(name.encode() + b"\0" + raws[name])
    from .fonts import font_config

    return Templates(
        folder=folder, fonts=models["fonts.yaml"], deck=models["deck.yaml"], brief=models["brief.yaml"],
        report=models["report.yaml"], data=data, plain=floats, marks=marks, shown=shown, version=h.hexdigest(),
        font_config=font_config(models["fonts.yaml"]),
    )


def _problems(e: ValidationError, shown: str, marks: dict, key_marks: dict) -> list[Problem]:
    """pydantic's errors as template problems: an unknown or missing key named under its parent's
    path, at the key (or the parent's key); a wrong value at the value."""
    from .loader import _message, dotted

    out = []
    for err in e.errors():
        loc = tuple(p for p in err["loc"] if isinstance(p, int) or not str(p).startswith(("function-", "json-")))
        t = err.get("type", "")
        if t in ("extra_forbidden", "missing") and loc:
            parent, key = loc[:-1], loc[-1]
            where = loc if t == "extra_forbidden" else parent
            line, col = _mark({**marks, **key_marks}, where)
            what = "unknown key" if t == "extra_forbidden" else "missing key"
            out.append(Problem(shown, line, col, dotted(parent), f"{what} {key!r}"))
        else:
            line, col = _mark(marks, loc)
            out.append(Problem(shown, line, col, dotted(loc), _message(err)))
    return out


def _mark(marks: dict, path: tuple) -> tuple[int, int]:
    for n in range(len(path), -1, -1):
        if path[:n] in marks:
            return marks[path[:n]]
    return (1, 1)
