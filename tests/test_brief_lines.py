"""The brief's lines, read back from the PDF: a label, a cell or a box that wraps ends its lines at
words, as the deck's slides do (tests/test_deck_lines.py), on the seed, every fixture and every
report of the corpus (drafts as imported).

A line of a wrapped text is a run of characters of one size on one baseline; the lines of one
text stand one under another, left-aligned, within 1.5 times the size (a table's rows stand
further apart). A break is inside a word of rjieba's dictionary (no HMM guesses; two or more CJK
characters) when the word would have fitted whole on the line above: the line's width plus the
word's part below is within the widest line of that text's column (the room the cell has, at
least). What is measured is what the PDF draws: each character's own advance.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
import rjieba

from conftest import MINI, SEED, text_lines
from corpus import NAMES, imported
from govreport import textfit
from govreport.builders import BuildContext, brief
from govreport.loader import load

FIXTURES = [SEED] + sorted(MINI.parent.glob("*.yaml"))


def texts_of(page) -> list[list[dict]]:
    """The wrapped texts: lines (``conftest.text_lines``) one under another (left-aligned, one
    size, within 1.5 sizes)."""
    lines = sorted(text_lines(page), key=lambda ln: (ln["base"], ln["x0"]))
    below: dict[int, dict] = {}
    for k, ln in enumerate(lines):
        for nxt in lines[k + 1:]:
            gap = nxt["base"] - ln["base"]
            if gap > 1.5 * ln["size"]:
                break
            if gap > 0.5 and abs(nxt["x0"] - ln["x0"]) < 1 and abs(nxt["size"] - ln["size"]) < 0.3:
                below[id(ln)] = nxt
                break
    starts = {id(x) for x in below.values()}
    out = []
    for ln in lines:
        if id(ln) in starts:
            continue
        chain = [ln]
        while id(chain[-1]) in below:
            chain.append(below[id(chain[-1])])
        if len(chain) > 1:
            out.append(chain)
    return out


def room(lines: list[dict], text: list[dict]) -> float:
    """The width the text has at least: its widest line, or the widest line that starts where it
    starts in the same size (its column's cells)."""
    x0, size = text[0]["x0"], text[0]["size"]
    same = [ln["x1"] - ln["x0"] for ln in lines if abs(ln["x0"] - x0) < 1 and abs(ln["size"] - size) < 0.3]
    return max(same + [ln["x1"] - ln["x0"] for ln in text])


def word_breaks(page) -> list[str]:
    start, end = textfit.kinsoku()
    lines = text_lines(page)
    bad = []
    for text in texts_of(page):
        width = room(lines, text)
        chars = [c for ln in text for c in ln["chars"]]
        joined = "".join(c["text"] for c in chars)
        cuts, at = [], 0
        for ln in text[:-1]:
            at += len(ln["chars"])
            cuts.append(at)
        at = 0
        for w in rjieba.cut(joined, False):
            a, b = at, at + len(w)
            at = b
            if len(w) < 2 or not all(ord(ch) >= 0x2E80 for ch in w) or set(w) & (start | end):
                continue
            for k, cut in enumerate(cuts):
                if a < cut < b:
                    line = text[k]
                    # the word's part below, and the closing marks a line may not start with
                    y = b
                    while y < len(joined) and joined[y] in start:
                        y += 1
                    extra = sum(c["x1"] - c["x0"] for c in chars[cut:y])
                    if (line["x1"] - line["x0"]) + extra <= width + 0.5:
                        shown = " / ".join(ln["text"] for ln in text)
                        bad.append(f"{w!r} broken: {shown}")
    return bad


def _pdf(which, tmp_path: Path) -> Path:
    if isinstance(which, Path):
        report, ctx = load(which), BuildContext(source=which)
    else:
        imp = imported(which)
        if not imp.ok:
            pytest.skip(f"{which}: the imported draft does not load yet")
        report, ctx = imp.report, BuildContext(source=imp.yaml_path)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief.build(report, ctx))
    return pdf


@pytest.mark.parametrize("which", FIXTURES + list(NAMES), ids=lambda w: w.stem if isinstance(w, Path) else str(w))
def test_no_line_of_the_brief_ends_inside_a_word_that_fits(which, tmp_path):
    with pdfplumber.open(_pdf(which, tmp_path)) as pdf:
        page = pdf.pages[0]
        if which == SEED:
            assert len(texts_of(page)) >= 3, "too few wrapped texts to judge"
        assert word_breaks(page) == []


def test_the_check_catches_a_word_broken_where_it_fits(tmp_path):
    """A label broken by hand inside 人均, where the word fits: the check names it; broken
    between words, it does not."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from govreport.builders.brief import Fonts, Template

    t = Template.load(BuildContext(source=MINI).templates)
    font = Fonts(t, "城镇居民人均可支配收入").roles["text"]
    name = "probe"
    pdfmetrics.registerFont(TTFont(name, str(font.file.path), subfontIndex=font.file.index))

    def page_with(first: str, second: str) -> Path:
        path = tmp_path / f"{first}.pdf"
        c = canvas.Canvas(str(path), pagesize=A4)
        c.setFont(name, 8)
        c.drawString(40, 700, "城镇居民人均可支配收入总额")  # the column's widest line: the room
        c.drawString(40, 680, first)
        c.drawString(40, 670, second)
        c.save()
        return path

    with pdfplumber.open(page_with("城镇居民人", "均可支配收入")) as pdf:
        assert any("人均" in b for b in word_breaks(pdf.pages[0])), word_breaks(pdf.pages[0])
    with pdfplumber.open(page_with("城镇居民", "人均可支配收入")) as pdf:
        assert word_breaks(pdf.pages[0]) == []
