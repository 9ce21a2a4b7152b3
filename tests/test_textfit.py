"""The one text measurer (govreport/textfit.py), checked against an independent measure:
FreeType through Pillow sets the same font file, and the breaks are checked character by
character against the rules (禁则, a number with its unit)."""

from __future__ import annotations

import pytest
from PIL import ImageFont
from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START

from conftest import SEED
from govreport import textfit
from govreport.fonts import load_config
from govreport.loader import load

SIZE = 40  # Pillow measures whole pixels at this size: large enough that rounding is < 1%

TEXTS = [
    "全年地区生产总值达到2286.2亿元，同比增长12.8%；区级一般公共预算收入达到168.53亿元，同比增长8.31%。",
    "“3+3”重点产业税收占全区税收比重达67%，较上年提高了9个百分点。集聚人工智能产业链关联企业超过600家。",
    "（一）凝心聚力谋发展，经济向好态势持续巩固。Hello world, 长宁 AI 2024！",
]


@pytest.fixture(scope="module")
def m():
    return textfit.measurer(load_config())


@pytest.mark.parametrize("role", ["sans", "sans_bold", "body"])
def test_width_agrees_with_freetype(m, role):
    f = load_config()[role].file
    pil = ImageFont.truetype(str(f.path), SIZE, index=f.index)
    for text in TEXTS:
        ours = m.width(text, role, SIZE)
        theirs = pil.getlength(text)
        assert abs(ours - theirs) <= 0.01 * theirs, (role, text, ours, theirs)


def _units_split(lines: list[str], units) -> list[str]:
    bad = []
    for a, b in zip(lines, lines[1:]):
        if a and b and a[-1].isdigit() and any(b.startswith(u) for u in units):
            bad.append(a + " | " + b)
    return bad


@pytest.mark.parametrize("width", [60, 95, 130, 170, 240])
def test_breaks_keep_the_rules(m, width):
    report = load(SEED)
    mu = m.with_units(textfit.units_of(report.indicators.values()))
    texts = TEXTS + [report.render(p.text) for _, _, p in report.paragraphs()][:40]
    f = load_config()["sans"].file
    pil = ImageFont.truetype(str(f.path), SIZE, index=f.index)
    scale = SIZE / 10
    for text in texts:
        for balanced in (False, True):
            lines = [ln.text for ln in mu.lines([(text, "sans", 10)], width, balanced=balanced)]
            assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")
            for a, b in zip(lines, lines[1:]):
                assert b[0] not in ALL_CANNOT_START and b[0] not in "，。、；：！？）》”", (a, b)
                assert a[-1] not in ALL_CANNOT_END and a[-1] not in "（《“", (a, b)
            assert not _units_split(lines, mu.units), _units_split(lines, mu.units)
            for ln in lines:
                # every line fits, measured by FreeType (only a piece wider than the line may not:
                # it is cut anywhere, closing punctuation hanging)
                if max(p.width for p in mu.pieces([(ln, "sans", 10)])) < width:
                    assert pil.getlength(ln.rstrip()) / scale <= width * 1.01, (ln, width)


def test_number_stays_with_percent_and_percentage_points(m):
    text = "增长12.8%提高2.4个百分点"
    for width in range(int(m.width("2.4个百分点", "sans", 10)) + 1, 200, 3):
        lines = [ln.text for ln in m.lines([(text, "sans", 10)], width)]
        for ln in lines:
            assert not ln.startswith(("%", "个", "百", "分", "点")), (width, lines)
        assert not any(ln.endswith(("2.4", "2.4个", "2.4个百", "2.4个百分")) for ln in lines[:-1]), lines


def test_balanced_lines_are_even(m):
    text = "各位代表，风好正是扬帆时，让我们为加快建设具有世界影响力的国际精品城区而不懈奋斗！"
    width = m.width(text, "sans", 20) * 0.75  # greedy: one long line and a short one
    greedy = m.lines([(text, "sans", 20)], width)
    even = m.lines([(text, "sans", 20)], width, balanced=True)
    assert len(greedy) == len(even) == 2
    assert greedy[1].width < greedy[0].width / 2
    assert abs(even[0].width - even[1].width) < 3 * 20  # within three characters


def test_measurer_is_keyed_by_the_fonts_not_the_path(m):
    import dataclasses

    cfg = load_config()
    assert textfit.measurer(cfg) is m  # same fonts: shared between builds
    # the same templates folder with another font for a role (an edited fonts.yaml): a new measurer
    roles = dict(cfg.roles)
    roles["sans"] = dataclasses.replace(cfg["sans_bold"], role="sans")
    other = textfit.measurer(dataclasses.replace(cfg, roles=roles))
    assert other is not m
    assert other.width(TEXTS[0], "sans", 10) == m.width(TEXTS[0], "sans_bold", 10)


@pytest.mark.parametrize("size", [9, 12.5, 28])
def test_one_run_breaks_as_the_same_text_in_two_runs(m, size):
    """A paragraph of one run is split once and scaled to each size; it sets exactly as the same
    text given as two runs (measured at its size), line for line, width for width."""
    for text in TEXTS:
        for width in (size * 7.3, size * 15, size * 31):
            cut = len(text) // 3
            one = m.lines([(text, "sans", size)], width, 1.05, 0.1)
            two = m.lines([(text[:cut], "sans", size), (text[cut:], "sans", size)], width, 1.05, 0.1)
            assert [ln.text for ln in one] == [ln.text for ln in two], (text, width)
            assert [ln.width for ln in one] == pytest.approx([ln.width for ln in two], rel=1e-9)
            assert [ln.size for ln in one] == [ln.size for ln in two] == [size] * len(one)
            bal = m.lines([(text, "sans", size)], width, balanced=True)
            bal2 = m.lines([(text[:cut], "sans", size), (text[cut:], "sans", size)], width, balanced=True)
            assert [ln.text for ln in bal] == [ln.text for ln in bal2]
