"""The brief of a report whose review part looks back on the five years (十四五, 2021—2025): when the
review year's rows leave room, the span's figures fill it under a heading of their own naming the
span, apart from the year's; a brief whose year's rows fill the page has no such block. Read back from
the PDF with pdfplumber, on every report of the corpus (drafts as imported) and the seed."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from conftest import SEED
from corpus import NAMES, imported
from govreport.builders import BuildContext, brief
from govreport.loader import load

FEW = 5  # a review year of at most this many figures leaves most of the page empty
SPAN_HEADING = re.compile(r"^(\d{4})—(\d{4})年主要指标$")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def review_span(report):
    """The span most of the figures ending in the review year are over (not targets), counted here
    from the content, not by the builder."""
    spans = Counter((i.period.start, i.period.end) for i in report.indicators.values()
                    if i.period.span and i.period.end == report.meta.review_year and not i.target)
    return spans.most_common(1)[0][0] if spans else None


def column_lines(pdf_path: Path) -> tuple[int, list[tuple[int, str]]]:
    """(pages, the page's lines in reading order: the left column top to bottom, then the right, each
    with its column)."""
    pdf = pdfplumber.open(pdf_path)
    page = pdf.pages[0]
    out = []
    for col, (x0, x1) in enumerate(((0, page.width / 2), (page.width / 2, page.width))):
        text = page.crop((x0, 0, x1, page.height)).extract_text() or ""
        out += [(col, line.strip()) for line in text.splitlines() if line.strip()]
    return len(pdf.pages), out


def built(report, source, tmp_path) -> Path:
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(report, BuildContext(source=source)))
    return pdf


def loaded(name):
    imp = imported(name)
    if not imp.ok:
        pytest.skip(f"{name}: the imported draft does not load yet")
    return imp


@pytest.mark.parametrize("name", NAMES)
def test_a_short_year_shows_the_span_under_its_own_heading(name, tmp_path):
    imp = loaded(name)
    report = imp.report
    year = [i for i in report.indicators.values() if report.is_review(i)]
    span = review_span(report)
    spanned = [i for i in report.indicators.values()
               if span and (i.period.start, i.period.end) == span and not i.target]
    if len(year) > FEW or len(spanned) < 4:
        pytest.skip(f"{name}: {len(year)} figures of the review year, {len(spanned)} of its span")
    pages, lines = column_lines(built(report, imp.yaml_path, tmp_path))
    assert pages == 1
    texts = [t for _, t in lines]
    year_heading = f"{report.meta.review_year}年主要指标"
    span_heading = f"{span[0]}—{span[1]}年主要指标"
    assert year_heading in texts, texts[:20]
    assert span_heading in texts, f"no heading {span_heading!r}: {texts}"
    y, s = texts.index(year_heading), texts.index(span_heading)
    assert y < s, "the span's heading comes after the year's rows"
    col = lines[y][0]
    year_part = squash("".join(t for c, t in lines[y + 1:s] if c == col))
    span_part = squash("".join(texts[s + 1:]))
    year_labels = {squash(i.label) for i in year}
    # labels that read apart from every year row's (not GDP beside 人均GDP)
    only_span = [i for i in spanned if not any(squash(i.label) in y or y in squash(i.label) for y in year_labels)]
    shown = [i for i in only_span if squash(i.label) in span_part]
    assert len(shown) >= 4, f"few of the span's figures under {span_heading}: {[i.label for i in shown]}"
    under_year = [i.label for i in only_span if squash(i.label) in year_part]
    assert not under_year, f"span figures under {year_heading}: {under_year}"
    # each as the report writes it: a yearly average as 年均…, never in the year's 比上年 column
    per_year = [i for i in shown if i.change is not None and i.change.per_year]
    for i in per_year:
        assert f"年均{i.change.word}" in span_part, i.label
    assert "年均" not in year_part
    head = span_part[: min(span_part.find(squash(i.label)) for i in shown)]
    assert "比上年" not in head, "the span's figures stand under a change column of the year before"


def full_year_cases():
    return [pytest.param("seed", id="seed")] + [pytest.param(n) for n in NAMES]


@pytest.mark.parametrize("name", full_year_cases())
def test_a_year_that_fills_the_page_has_no_span_block(name, tmp_path):
    if name == "seed":
        report, source = load(SEED), SEED
    else:
        imp = loaded(name)
        report, source = imp.report, imp.yaml_path
    plan = brief.plan(report, BuildContext(source=source))
    if not plan.dropped and not plan.dropped_blocks:
        pytest.skip(f"{name}: the year's rows leave room")
    pages, lines = column_lines(built(report, source, tmp_path))
    assert pages == 1
    assert not [t for _, t in lines if SPAN_HEADING.match(t)]
    assert not getattr(plan, "span_rows", [])
