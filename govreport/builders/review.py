"""How each output shows last year's targets against this year's results (``govreport.review``).

The builders call these only when the build has a review (``ctx.review``, from ``settings.previous``
or ``--previous``); without one nothing here runs and every output is what it was.

- The deck: a table slide after the review part's divider (``deck_slides``), on as many slides as
  it needs, through the planner's own table slides (``Planner.table_slides``).
- The brief: a compact box (``brief_flowable``) across the page under the chart and the targets, in
  the indicator table's type; the table's rows yield to it (the brief's drop order, with its note).
- The report: the annex 上年主要预期目标完成情况 after the closing, only with
  ``settings.target_review: true`` (``report_annex``); the speech itself does not carry it.

- The web page: a table with the review of the year, after its overview (``web.py``).

Each row reads 指标 | 预期目标 | 实际完成 | 完成情况 (``Pair.row_in``), which ``--verify`` checks against
the two content files (``review.check``), in the output's words. The words (the title, the column
heads, 完成/未完成/待核, the mark of a missing result, the deck's notes sentence) are each output's
template's ``review`` block (``words``): an office changes them with a ``--templates`` overlay.
"""

from __future__ import annotations

from ..review import Review

COLUMNS = (0.34, 0.24, 0.24, 0.18)  # shares of the table's width: the deck's targets table, the report's text block
DECK_SIZE = 18  # pt, cells and head (the targets table's 24 pt would wrap most labels in four columns)
BRIEF_MAX_SHARE = 0.26  # of the box's width, for each of the three figure columns


def words(output: str, ctx):
    """The review's words in ``output``'s template (``template_models.ReviewWords``): deck.yaml,
    brief.yaml and web.yaml ``text.review``, report.yaml ``appendix.review``."""
    c = ctx.config
    return {"deck": lambda: c.deck.text.review, "brief": lambda: c.brief.text.review,
            "report": lambda: c.report.appendix.review, "web": lambda: c.web.text.review}[output]()


def title(w, review: Review) -> str:
    return w.title.format(year=review.year)


def spoken(pair, w) -> str:
    """A row as a sentence for the speaker notes (deck.yaml ``text.review.spoken``):
    地区生产总值增长：目标5.5%左右，实际增长6.1%，完成。"""
    label, target, result, word = pair.row_in(w)
    return w.spoken.format(label=label, target=target, result=result, assessment=word)


# The deck ------------------------------------------------------------------------------------


def deck_slides(planner, review: Review) -> list:
    """The review's table slides (kind ``review``)."""
    w = planner.t.text.review
    slides = planner.table_slides(
        title(w, review), "templates/deck.yaml: text.review.title", list(w.head), review.rows_in(w),
        [(p.result.id,) if p.result is not None else () for p in review.pairs], [spoken(p, w) for p in review.pairs],
        COLUMNS, kind="review", size=DECK_SIZE, head_size=DECK_SIZE)
    planner.placed.update(p.result.id for p in review.pairs if p.result is not None)
    return slides


# The brief -----------------------------------------------------------------------------------


def brief_words(t):
    """brief.yaml's ``text.review`` (``t``: the brief's ``Template``)."""
    return t.templates.brief.text.review


def brief_heading(t, review: Review) -> str:
    return title(brief_words(t), review)


def brief_strings(t, review: Review) -> list[str]:
    """Every text the brief's box draws (for the fonts' check)."""
    w = brief_words(t)
    return [title(w, review), *w.head] + ["".join(r) for r in review.rows_in(w)]


def brief_min_rows(review: Review, min_rows: int) -> int:
    """The table's minimum (``table.min_rows``) with the box on the page: the box's rows, its heading
    and its head take the place of as many of the table's rows, so a brief that fitted at its
    minimum still does (the table's rows are what yields, each named in the build's note)."""
    return max(0, min_rows - (len(review.pairs) + 2))


def brief_flowable(review: Review, fonts, t, width: float):
    """The box: a four-column ReportLab Table in the table's type (``table.size``), the label
    column taking what the other three leave; each cell broken into lines by ``textfit``."""
    from reportlab.platypus import Table, TableStyle

    tb = t["table"]
    size, head_size, lead = float(tb["size"]), float(tb["header_size"]), float(tb["leading_pt"])
    pad = float(tb["cell_padding_pt"])
    w = brief_words(t)
    head = list(w.head)
    rows = review.rows_in(w)
    # Figure columns as wide as their widest cell (at most BRIEF_MAX_SHARE of the box each), the label the rest.
    fig_w = []
    for c in (1, 2, 3):
        widest = max([fonts.width("text", r[c], size) for r in rows] + [fonts.width("strong", head[c], head_size)])
        fig_w.append(min(widest + 2 * pad + 6, width * BRIEF_MAX_SHARE))
    widths = [width - sum(fig_w)] + fig_w
    data = [head]
    for r in rows:
        data.append(["\n".join(fonts.lines(text, "text", size, cw - 2 * pad)) for text, cw in zip(r, widths)])
    cmds = [
        ("FONT", (0, 0), (-1, 0), fonts.names["strong"], head_size, lead),
        ("FONT", (0, 1), (-1, -1), fonts.names["text"], size, lead),
        ("TEXTCOLOR", (0, 0), (-1, -1), t.colour("ink")),
        ("BACKGROUND", (0, 0), (-1, 0), t.colour("group_fill")),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), float(tb["padding_pt"])),
        ("BOTTOMPADDING", (0, 0), (-1, -1), float(tb["padding_pt"])),
        ("LINEBELOW", (0, 0), (-1, -2), 0.4, t.colour("rule")),
    ]
    for k, p in enumerate(review.pairs, 1):
        if not p.met_in(w):
            cmds.append(("TEXTCOLOR", (3, k), (3, k), t.colour("accent")))
    return Table(data, colWidths=widths, style=TableStyle(cmds))


# The report ----------------------------------------------------------------------------------


def report_annex(writer) -> None:
    """The annex 上年主要预期目标完成情况 after the closing (``settings.target_review: true``): its
    title on a new page as an annex's (GB/T 9704), then the table in the appendix's table styles across
    the text block (``COLUMNS``); a table longer than the page goes on with its head row repeated."""
    review = writer.ctx.review
    if review is None or not writer.report.settings.target_review:
        return
    w = words("report", writer.ctx)
    writer.annex_head(None, title(w, review))
    columns = [{"key": "label", "header": w.head[0]}] + [
        {"key": k, "header": h, "align": "center"} for k, h in zip(("target", "result", "assessment"), w.head[1:])]
    rows = [dict(zip(("label", "target", "result", "assessment"), r)) for r in review.rows_in(w)]
    head_id, text_id, num_id = (writer.style_id(k) for k in ("table_head", "table_text", "table_number"))
    group_id, table_id = writer.style_id("table_group"), writer.style_id("table")
    twips = [int(round(writer.page.text_width_pt * share * 20)) for share in COLUMNS]
    writer.blocks.append(writer._table_xml(columns, twips, [(None, False, rows)], head_id, text_id, num_id, group_id,
                                           table_id, len(columns), ""))


def shown(output: str, report, ctx) -> bool:
    """Whether ``output`` shows the review: the deck and the brief whenever there is one, the report
    with ``settings.target_review: true``."""
    if ctx.review is None or not ctx.review.pairs:
        return False
    return output != "report" or report.settings.target_review
