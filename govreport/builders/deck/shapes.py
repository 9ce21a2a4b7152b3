"""The deck plan's types: what a slide is, as frozen dataclasses (made by ``plan``, drawn by ``draw``).

A deck is a tuple of ``Slide``. A slide holds text ``Frame`` s (each a tuple of ``Paragraph`` s of
``Run`` s, measured: every paragraph knows its lines and where they break), plain ``Rect`` s, bar
``Chart`` s and ``Table`` s, its speaker notes and its number. Lengths are points, boxes
``(x, y, width, height)`` from the slide's top-left corner, colours RGB hex (None: inherit).
Nothing here is changed once made: the planner makes new values (``dataclasses.replace``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

Box = tuple[float, float, float, float]

__all__ = ["Box", "Run", "Bullet", "Paragraph", "Frame", "Rect", "Series", "Chart", "Cell", "Row", "Table",
           "Slide", "replace"]


@dataclass(frozen=True)
class Run:
    """A piece of text in one font role, size, colour and weight."""

    text: str
    role: str  # a font role of templates/fonts.yaml
    size: float
    color: str | None = None
    bold: bool = False


@dataclass(frozen=True)
class Bullet:
    """A paragraph's bullet: the character, its colour, its size (% of the text) and font role."""

    char: str
    color: str | None
    size_pct: int
    role: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of runs at an exact line pitch (``line`` pt). ``lines`` and ``breaks`` are
    measured when the paragraph is put in a frame: the line count and, when it takes more than one
    line, the text of each line (the drawing writes them as line breaks)."""

    runs: tuple[Run, ...]
    align: str = "left"  # left | center | right
    line: float = 0.0
    before: float = 0.0  # space before (none for a frame's first paragraph)
    indent: float = 0.0  # hanging indent (the bullet sits in it)
    bullet: Bullet | None = None
    field: str | None = None  # "slidenum": the slide-number field
    balanced: bool = False  # lines of even length, never one character alone
    lines: int = 0
    breaks: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def size(self) -> float:
        """The paragraph's largest type size."""
        return max(r.size for r in self.runs)


@dataclass(frozen=True)
class Frame:
    """A text frame: a text box, a filled shape (``geometry``) or a layout placeholder
    (``placeholder``: title | body | subtitle), with its measured ``height``."""

    name: str  # title, bullets, tile ID, callout ID, footer, slide number, …
    box: Box
    inset: tuple[float, float, float, float]
    paragraphs: tuple[Paragraph, ...]
    height: float  # what the paragraphs need, insets included
    anchor: str = "top"  # top | middle | bottom
    placeholder: str | None = None
    fill: str | None = None
    geometry: str | None = None  # rect | roundRect (a shape with a fill), None (a text box)
    label_paragraph: int | None = None  # a tile or callout: which paragraph is the label

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.paragraphs)

    @property
    def fits(self) -> bool:
        return self.height <= self.box[3] + 0.01

    @property
    def indicator(self) -> str | None:
        """The indicator id of a tile or callout frame."""
        kind, _, rest = self.name.partition(" ")
        return rest if kind in ("tile", "callout") else None


@dataclass(frozen=True)
class Rect:
    """A plain rectangle (a band, a rule): ``decor`` ones go behind everything."""

    box: Box
    color: str | None
    decor: bool = True


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart of figures of one kind, largest first."""

    name: str  # growth | shares
    box: Box
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    ids: tuple[str, ...]  # the indicator of each bar
    number_format: str
    color: str | None
    max: float | None = None
    point_colors: tuple[str | None, ...] = ()  # per bar: the fall colour, or None
    point_labels: tuple[str | None, ...] = ()  # per bar: the report's words for a fall, or None
    labels_low: bool = False  # category names at the low end of the axis (bars below zero)
    label_size: float = 18.0
    data_label_size: float = 20.0
    gap_width: int = 60
    label_role: str = "sans"
    figure_role: str = "sans_bold"
    label_color: str | None = None
    axis_color: str | None = None
    type: str = "bar"


@dataclass(frozen=True)
class Cell:
    paragraphs: tuple[Paragraph, ...]
    fill: str | None
    height: float
    inset: tuple[float, float, float, float]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Row:
    height: float
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    box: Box
    columns: tuple[float, ...]  # widths
    rows: tuple[Row, ...]  # the head row first
    ids: tuple[str, ...] = ()  # the indicator of each body row


@dataclass(frozen=True)
class Slide:
    """One slide: what it is (``kind``: title | glance | chart | divider | area | targets |
    closing), the layout it is drawn on, what is on it, its notes and its number."""

    kind: str
    layout: str  # the layout's name (templates/deck.yaml: layouts)
    title: str
    frames: tuple[Frame, ...] = ()
    shapes: tuple[Rect, ...] = ()
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()
    bullets: tuple[str, ...] = ()  # area slides: the points as plain text
    callouts: tuple[str, ...] = ()  # the indicator ids shown as tiles or callouts
    quoted: tuple[str, ...] = ()  # area slides: ids the points quote in their text
    notes: str = ""  # the speaker notes: the full text of what the slide stands for
    number: int = 0  # 1-based
    accent: bool = False  # drawn on the red band (divider, closing)
    area: str | None = None  # area slides: the area's heading and its part's
    part: str | None = None
    continued: bool = False  # a （续） slide
    figures_only: bool = False  # an area's further figures, as a grid
    layout_name: str | None = None  # area slides: full | row | beside | grid
    notes_size: float | None = None
    notes_box: Box | None = None

    def frame(self, name: str) -> Frame | None:
        return next((f for f in self.frames if f.name == name), None)

