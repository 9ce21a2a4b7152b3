"""The brief's plan as plain data: boxes on the page and what goes in them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Box:
    """A rectangle in points, ``top`` measured down from the top edge of the page."""

    x: float
    top: float
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.top + self.h

    def pdf(self, page_height: float) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) in PDF coordinates (origin at the bottom left)."""
        return (self.x, page_height - self.bottom, self.x + self.w, page_height - self.top)


@dataclass(frozen=True)
class Tile:
    id: str
    label: str
    prefix: str  # 超过 …
    number: str  # 2286.2
    suffix: str  # 亿元, %左右 …
    change: str  # 增长12.8%
    direction: int  # +1 rise, -1 fall, 0 no change given
    label_text: str = ""  # the label as drawn (cut with … only if it cannot fit at label_min_size)
    label_size: float = 0.0
    value_size: float = 0.0


@dataclass(frozen=True)
class Row:
    id: str
    group: str
    label: str
    number: str
    unit: str
    change: str
    headline: bool
    rank: int  # position in its group, 0 first
    aside: str = ""  # the end of the label that is a change its column cannot hold: （比2020年下降25%）


@dataclass(frozen=True)
class Bar:
    id: str
    label: str
    value: float
    text: str


@dataclass(frozen=True)
class Target:
    id: str
    label: str
    figure: str
    words: str = ""  # a target stated in words: the whole statement, on a row of its own


@dataclass
class Plan:
    page: tuple[float, float]
    header: Box
    title: str
    title_size: float
    kicker: str
    subtitle: str
    meta_lines: list[str]
    tiles: list[tuple[Tile, Box]]
    chart: "Box | None"
    bars: list[Bar]
    targets_box: "Box | None"
    targets: list[Target]
    targets_row_pad: "float | None"
    table: "Box | None"
    frames: list[Box]  # the table's column frames (under the column heads)
    columns: list[tuple[Box, list]]  # the frames the table reaches, with the flowables placed in each
    table_widths: list[float]  # label, number, unit, change
    rows: list[Row]  # kept, in table order
    dropped: list[Row]
    dropped_blocks: list[str]
    footer: Box
    footer_lines: list[tuple[str, str]]  # (left, right)
    headings: dict[str, tuple[str, Box]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)
    review_box: "Box | None" = None  # last year's targets against this year's results (builders/review.py)
    span_rows: list[Row] = field(default_factory=list)  # the review span's figures, after the year's rows
    head_frames: "int | None" = None  # frames the year's column head is drawn over (None: every frame used)

    def quoted(self, report) -> list[str]:
        """Indicators the brief shows with their figures (``quotes``): the tiles, the table rows kept
        (the span's too), the targets, in content order."""
        ids = ({tile.id for tile, _ in self.tiles} | {r.id for r in self.rows + self.span_rows}
               | {x.id for x in self.targets})
        return [i for i in report.indicators if i in ids]
