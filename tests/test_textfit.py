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


# --------------------------------------------------------------------------- against a plain loop
# textfit finds breaks with regular expressions and fills lines by bisecting running sums; the
# rules written the plain way, a character and a piece at a time, must give the same pieces and
# the same lines (text, width, size: exactly, as the outputs depend on them).


def _loop_pieces(mu, runs, factor, gap):
    text = "".join(t for t, _, _ in runs)
    out, prev, prev_ch, until, i = [], None, "", -1, -1
    for t, role, size in runs:
        for ch in t:
            i += 1
            ch = " " if ch == "\n" else ch
            w = mu.char_width(role, ch) * (size * factor)
            if gap and prev_ch and ((ord(prev_ch) >= 0x2E80 and ch.isascii() and ch.isalnum())
                                    or (ord(ch) >= 0x2E80 and prev_ch.isascii() and prev_ch.isalnum())):
                w += gap * size
            last, prev_ch = prev_ch, ch
            if ch.isspace():
                out.append([ch, w, size, True])
                prev = None
                continue
            glue = False
            if prev is not None:
                if i <= until or (ch in textfit.WORD_CHARS and last in textfit.WORD_CHARS):
                    glue = True
                elif ch in mu.cannot_start or last in mu.cannot_end:
                    glue = True
                elif last in textfit.DIGITS:
                    for u in mu.units:
                        if text.startswith(u, i):
                            glue, until = True, i + len(u) - 1
                            break
            if glue:
                prev[0] += ch
                prev[1] += w
                prev[2] = max(prev[2], size)
            else:
                prev = [ch, w, size, False]
                out.append(prev)
    return [tuple(p) for p in out]


def _loop_lines(mu, pieces, width, runs):
    lines, cur, cur_w, cur_size, started = [], [], 0.0, 0.0, False
    for text, w, size, space in pieces:
        if space and not started:
            continue
        if started and cur_w + w > width:
            lines.append(("".join(cur), cur_w, cur_size))
            cur, cur_w, cur_size, started = [], 0.0, 0.0, False
            if space:
                continue
        if w > width and not space:
            for part, pw in mu._cut(text, w, width):
                if started:
                    lines.append(("".join(cur), cur_w, cur_size))
                cur, cur_w, cur_size, started = [part], pw, size, True
        else:
            cur.append(text)
            cur_w += w
            cur_size = max(cur_size, size)
            started = True
    if started or not lines:
        lines.append(("".join(cur), cur_w, cur_size or max((z for _, _, z in runs), default=0.0)))
    return lines


def test_pieces_and_lines_are_those_of_a_plain_loop(m):
    import random

    report = load(SEED)
    mu = m.with_units(textfit.units_of(report.indicators.values()))
    rnd = random.Random(7)
    alphabet = list("长宁区经济，。、；：！？）（《》“”‘’—…·%‰ 个百分点亿元\n\t\u3000") + list("0123456789.,+-/AbXz")
    texts = TEXTS + [report.render(p.text) for _, _, p in report.paragraphs()][:30]
    texts += ["".join(rnd.choice(alphabet + sorted(mu.units)) for _ in range(rnd.randint(0, 40))) for _ in range(400)]
    for text in texts:
        cut = len(text) // 2
        for runs in ([(text, "sans", 1.0)], [(text[:cut], "sans_bold", 14.0), (text[cut:], "body", 9.0)]):
            for gap in (0.0, 0.25):
                pieces = _loop_pieces(mu, runs, 1.03, gap)
                assert [tuple(p) for p in mu.pieces(runs, 1.03, gap)] == pieces, text
                for width in (0.0, 4.0, 23.3, 60.0, 131.7, 400.0):
                    got = [tuple(ln) for ln in mu._greedy(mu._pieces_of(tuple(runs), 1.03, gap), width, runs)]
                    assert got == _loop_lines(mu, pieces, width, runs), (text, width)


def test_line_count_is_the_number_of_lines(m):
    report = load(SEED)
    for text in TEXTS + [report.render(p.text) for _, _, p in report.paragraphs()][:20] + ["", "   "]:
        for width in (3.0, 50.0, 170.0):
            for runs in ([(text, "sans", 10)], [(text[:5], "sans_bold", 12), (text[5:], "sans", 10)]):
                assert m.line_count(runs, width, 1.02, 0.1) == len(m.lines(runs, width, 1.02, 0.1)), (text, width)


def test_same_units_same_measurer_so_a_rebuild_measures_from_memory(m):
    """A batch or a --watch rebuild of a report asks for a measurer with the same units: it gets the
    one that measured the last build (its paragraphs are not split again), and other units get
    their own (a unit kept with its number in one report is not kept in another)."""
    a, b, c = m.with_units({"亿元", "家"}), m.with_units({"家", "亿元"}), m.with_units({"万人"})
    assert a is b and a is not c
    a.lines([("增长2286.2亿元", "sans", 10)], 50)
    assert a._pieces and not c._pieces
    assert [ln.text for ln in c.lines([("共计12万人", "sans", 10)], 33)][-1].startswith("12万人")
    assert not [ln.text for ln in a.lines([("共计12万人", "sans", 10)], 33)][-1].startswith("12万人")


# --------------------------------------------------------------------------- words=True (the deck)
# A line on a slide ends at a word of the segmenter's dictionary; checked against rjieba itself,
# character by character, at every width from a few characters to a whole line.


@pytest.fixture(scope="module")
def w():
    return textfit.measurer(load_config(), ambiguous_full=True, words=True)


def _inside_words(text: str, lines: list[str]) -> list[str]:
    import rjieba

    cuts, at = set(), 0
    for ln in lines[:-1]:
        at += len(ln)
        cuts.add(at)
    bad, at = [], 0
    for word in rjieba.cut(text, False):
        if len(word) > 1 and all(ord(c) >= 0x2E80 for c in word) and any(at < c < at + len(word) for c in cuts):
            bad.append(word)
        at += len(word)
    return bad


def test_words_lines_end_at_words_unless_a_word_is_longer_than_the_line(w):
    report = load(SEED)
    mu = w.with_units(textfit.units_of(report.indicators.values()))
    texts = TEXTS + [report.render(p.text) for _, _, p in report.paragraphs()][:40]
    longest = max(mu.width(x, "sans", 10) for t in texts for x in __import__("rjieba").cut(t, False))
    for text in texts:
        for width in (longest * 1.02, 95, 130, 170, 240):
            for balanced in (False, True):
                lines = [ln.text for ln in mu.lines([(text, "sans", 10)], width, balanced=balanced)]
                assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")
                assert not _inside_words(text, lines), (width, lines)
                for a, b in zip(lines, lines[1:]):
                    assert b[0] not in ALL_CANNOT_START and b[0] not in "，。、；：！？）》”", (a, b)
                    assert a[-1] not in ALL_CANNOT_END and a[-1] not in "（《“", (a, b)
                assert not _units_split(lines, mu.units)
                assert len(lines) == 1 or len(lines[-1].strip("，。、；：！？）》”")) > 2, lines


def test_words_keep_numbers_measure_words_ranges_and_quoted_names(w):
    cases = {
        "发布实施区优化营商环境6.0版方案": "6.0版",
        "前往德国、新加坡、香港等18个国家和地区": "18个",
        "累计提供服务9700余次": "9700余次",
        "经济增长预期目标为5%—5.5%左右": "5%—5.5%",
        "全面完成“十四五”规划目标任务": "“十四五”",
    }
    for text, whole in cases.items():
        for width in range(40, 260, 7):
            lines = [ln.text for ln in w.lines([(text, "sans", 10)], width)]
            if w.width(whole, "sans", 10) * 1.0 < width * 0.95:
                assert any(whole in ln for ln in lines), (whole, width, lines)


def test_words_last_line_takes_the_words_before_it(w):
    """A bullet never ends on a line of one or two characters (the seed's 评估, 开放, 态势): the
    last line takes the words before it, and the line count stays."""
    text = "聚焦稳存量、促增量、提质量，大力开展招商引资工作，打好招商引资和现代化产业体系培育组合拳，全力巩固和增强经济回升向好态势"
    plain = textfit.measurer(load_config(), ambiguous_full=True)
    seen = 0
    for width in range(120, 600, 3):
        before = [ln.text for ln in plain.lines([(text, "sans", 10)], width)]
        lines = [ln.text for ln in w.lines([(text, "sans", 10)], width)]
        assert w.line_count([(text, "sans", 10)], width) == len(lines)
        if len(lines) > 1:
            assert len(lines[-1]) > 2, (width, lines)
            seen += len(before[-1]) <= 2
        for ln in w.lines([(text, "sans", 10)], width):
            assert ln.width <= width + 1e-6 or len(ln.text) == 1
    assert seen, "no width where the plain break leaves a lone last line: the test proves nothing"


def test_words_an_over_long_quoted_name_breaks_between_its_words(w):
    """A quoted name wider than the line is broken between its words, and evenly: “免申 / 即享”,
    not “免申即 / 享” (four single-character words; the renderer would leave 享 alone)."""
    text = "“一网通办”“一网统管”“免申即享”"
    for width in (45, 55, 70):
        lines = [ln.text for ln in w.lines([(text, "sans", 10)], width)]
        assert "".join(lines) == text
        assert not _inside_words(text, lines), lines
    assert [ln.text for ln in w.lines([("“免申即享”", "sans", 10)], 45)] == ["“免申", "即享”"]
    assert [ln.text for ln in w.lines([("“一网统管”", "sans", 10)], 45)] == ["“一网", "统管”"]


def test_words_measurer_is_its_own_and_the_plain_one_unchanged(m, w):
    """words=True is a measurer of its own (the brief's, which breaks between any two CJK
    characters as Word does, is not changed), with_units keeps it, with_words goes back."""
    assert w is not m and w.words and not m.words
    assert w.with_units({"亿元"}).words and w.with_units({"亿元"}).units == m.with_units({"亿元"}).units
    assert not w.with_words(False).words and w.with_words(True) is w
    text = TEXTS[0]
    assert [ln.text for ln in m.lines([(text, "sans", 10)], 95)] != [ln.text for ln in w.lines([(text, "sans", 10)], 95)]
    assert w.line_count([(text, "sans", 10)], 95) == len(w.lines([(text, "sans", 10)], 95))
    assert textfit.words_of(text) is textfit.words_of(text)  # segmented once
