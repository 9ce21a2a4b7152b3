"""The templates' models: one strict pydantic model per file of ``templates/`` (see ``config``).

Kept apart from ``config`` because making some sixty model classes costs ~40 ms of a cold start:
this module is imported only when a template's contents have not been checked before.
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """Base of every template model: no unknown keys, immutable. Each class builds its validator
    when first used (``defer_build``), so a build that reads one typed template (the deck's) pays
    for that one's classes only."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


Box = Annotated[list[float], Field(min_length=4, max_length=4, description="[x, y, width, height] in pt")]
Inset = Annotated[list[float], Field(min_length=4, max_length=4, description="[left, top, right, bottom] in pt")]
Sizes = Annotated[list[float], Field(min_length=1, description="font sizes, largest first")]
Hex6 = Annotated[str, Field(pattern=r"^[0-9A-Fa-f]{6}$", description="RGB hex, e.g. B3120F")]
HashHex = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$", description="RGB hex with #, e.g. #A31B22")]


# -------------------------------------------------------------------------- every output's text.review


class ReviewWords(Strict):
    """The words of last year's targets against this year's results (``govreport.review``), in each
    output's template: the title, the four column heads, the rule's three assessments and the mark of
    a target without a result. ``{year}`` in the title is the year reviewed. The defaults are the
    templates' own, so a copy of a template made before the review had them still loads."""

    title: str = "{year}年主要预期目标完成情况"
    head: list[str] = Field(default=["指标", "预期目标", "实际完成", "完成情况"], min_length=4, max_length=4)
    met: str = Field(default="完成", min_length=1)
    missed: str = Field(default="未完成", min_length=1)
    unsure: str = Field(default="待核", min_length=1)
    no_result: str = Field(default="—", min_length=1)


class DeckReview(ReviewWords):
    spoken: str = "{label}：目标{target}，实际{result}，{assessment}。"  # a row in the speaker notes


class ReportReview(ReviewWords):
    title: str = "上年主要预期目标完成情况"


# -------------------------------------------------------------------------- fonts.yaml


class FontRole(Strict):
    name: str = Field(min_length=1, description="font written into the .docx/.pptx")
    latin: Optional[str] = Field(default=None, description="Latin/digit font beside it")
    embed: list[str] = Field(default_factory=list, description="free TrueType files, first installed wins")
    fontconfig: str = ""


class FolderLists(Strict):
    """fonts.yaml's search_dirs per system; a system left out has none."""

    linux: list[str] = Field(default_factory=list)
    windows: list[str] = Field(default_factory=list)
    macos: list[str] = Field(default_factory=list)


class Hints(Strict):
    linux: str = ""
    windows: str = ""
    macos: str = ""


class FontsTemplate(Strict):
    roles: dict[str, FontRole] = Field(min_length=1)
    # by system (linux / windows / macos); a plain list or text applies to every system
    search_dirs: FolderLists | list[str] = Field(default_factory=list)
    install_hint: Hints | str = ""


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
    point_max_chars: int = 64
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
    row_height: float = 118
    grid_columns: int = 4
    grid_height: float = 150
    grid_min: int = 3
    grid_max: int = 8


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
    # fewer tiles than chart.min_bars (one or two headline figures) are set this much larger
    few_scale: float = Field(default=1.4, ge=1)


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
    not_growth_units: list[str] = []
    min_bars: int = Field(default=3, ge=1)


class DeckTargets(Strict):
    box: Box
    columns: Annotated[list[float], Field(min_length=2, max_length=2)]
    head_size: float
    size: float
    # the table's type sizes, largest first: the first that keeps it on the fewest slides (default: size)
    sizes: Sizes | None = None
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
    sizes: Sizes = [14.0, 12.0, 11.0, 10.0, 9.0, 8.0]
    box: Box = [36.0, 330.0, 468.0, 354.0]
    inset: Inset = [7.2, 3.6, 7.2, 3.6]


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
    review: DeckReview = DeckReview()


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
    span_min_rows: int = Field(default=4, ge=1)


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
    span_heading: str = "{start}—{end}年主要指标"
    span_head: Annotated[list[str], Field(min_length=3, max_length=3)] = ["指标", "{start}—{end}年", "变化"]
    continued: str
    change_only: str
    source: str
    hash: str
    page: str
    review: ReviewWords = ReviewWords()


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
    annex_label: str = "附表标识"  # 附件1: flush left, 3号黑体, on a new page (GB/T 9704 7.5), as 附表1
    annex_title: str = "附表标题"  # the annex's own title, centred on the third line
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
    review: ReportReview = ReportReview()  # the annex 上年主要预期目标完成情况 (settings.target_review)


class ReportTemplate(Strict):
    reference: str
    styles: ReportStyles
    character_styles: ReportCharacterStyles
    table_style: str
    line_breaks: ReportLineBreaks
    appendix: ReportAppendix


# -------------------------------------------------------------------------- web.yaml


class WebColours(Strict):
    page: HashHex
    ink: HashHex
    muted: HashHex
    accent: HashHex
    accent_ink: HashHex
    on_accent: HashHex
    band: HashHex
    head: HashHex
    rule: HashHex
    up: HashHex
    down: HashHex
    bar: HashHex
    bar_negative: HashHex


class WebContrast(Strict):
    min: float = Field(ge=4.5, le=21, description="at least WCAG 2.1 AA's 4.5:1")
    pairs: list[Annotated[list[str], Field(min_length=2, max_length=2)]] = Field(
        min_length=1, description="[text colour, background colour] names of `colours`")


class WebFonts(Strict):
    text: str = Field(min_length=1)
    heading: str = Field(min_length=1)
    title: str = Field(min_length=1)


class WebChart(Strict):
    width: float = Field(gt=0)
    label_size: float = Field(gt=0)
    value_size: float = Field(gt=0)
    bar_height: float = Field(gt=0)
    row_gap: float = Field(ge=0)
    padding: float = Field(ge=0)
    max_bars: int = Field(ge=1)


class WebText(Strict):
    page_title: str
    skip: str
    meta: str
    toc: str
    key_figures: str
    tiles_label: str
    chart: str
    chart_desc: str
    chart_table: str
    chart_head: list[str] = Field(min_length=2, max_length=2)
    targets: str
    targets_head: list[str] = Field(min_length=2, max_length=2)
    indicators: str
    indicators_head: list[str] = Field(min_length=3, max_length=3)
    source: str
    hash: str
    rise_mark: str
    fall_mark: str
    review: ReviewWords = ReviewWords()


class WebTemplate(Strict):
    colours: WebColours
    contrast: WebContrast
    fonts: WebFonts
    line_breaks: list[str] = Field(description="characters a long title-block line may break after")
    chart: WebChart
    text: WebText


MODELS: dict[str, type[Strict]] = {
    "fonts.yaml": FontsTemplate,
    "deck.yaml": DeckTemplate,
    "brief.yaml": BriefTemplate,
    "report.yaml": ReportTemplate,
    "web.yaml": WebTemplate,
}
