"""Lint: content that loads but reads wrong is a warning at its line; the commonest YAML slips
get their own hint. For imported and hand-written content alike."""

from __future__ import annotations

import pytest

from conftest import MINI, run_build
from govreport import lint
from govreport.errors import ContentError
from govreport.loader import load, load_with_warnings

MINI_TEXT = MINI.read_text(encoding="utf-8")


def write(tmp_path, text, name="x.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_word_before_a_change_reference():
    assert lint.word_before("同比增长{x.change}", 4) == "增长"
    assert lint.word_before("较上年提高了{x.change}", 6) == "提高"
    text = "分别同比下降{a.change}、{b.change}"
    assert lint.word_before(text, text.index("{b")) == "下降"
    assert lint.word_before("达到{x.change}", 2) == ""


def test_a_change_word_that_contradicts_the_text_is_a_warning_at_the_reference(tmp_path):
    text = MINI_TEXT.replace('change: {value: 12.8, unit: "%", word: 增长}', 'change: {value: 12.8, unit: "%", word: 下降}')
    p = write(tmp_path, text)
    _, warnings = load_with_warnings(p)
    [w] = [w for w in warnings if "gdp.change" in w.message]
    assert w.line == line_of(text, "{gdp.change}") and w.col > 1
    assert "增长" in w.message and "下降" in w.message and "12.8%" in w.message
    run = run_build(str(p), "--check", "--strict")
    assert run.returncode == 2 and "{gdp.change}" in run.stderr


def test_the_same_direction_in_other_words_is_named_too(tmp_path):
    text = MINI_TEXT.replace('word: 提高}', 'word: 提升}')
    _, warnings = load_with_warnings(write(tmp_path, text))
    assert any("提高" in w.message and "提升" in w.message for w in warnings)


def test_agreeing_words_and_the_seed_give_no_warning(tmp_path):
    _, warnings = load_with_warnings(MINI)
    assert warnings == []


def test_unquoted_percent_gets_its_hint(tmp_path):
    text = MINI_TEXT.replace('    unit: "%"\n', "    unit: %\n", 1)
    with pytest.raises(ContentError) as e:
        load(write(tmp_path, text))
    [p] = e.value.problems
    assert p.line == line_of(text, "unit: %") and 'write "%" in quotes' in p.message
    flow = MINI_TEXT.replace('{value: 12.8, unit: "%"', "{value: 12.8, unit: %", 1)
    with pytest.raises(ContentError) as e:
        load(write(tmp_path, flow, "flow.yaml"))
    assert 'write "%" in quotes' in e.value.problems[0].message


def test_full_width_colon_is_reported_on_its_own_line(tmp_path):
    text = MINI_TEXT.replace("    label: 地区生产总值\n", "    label：地区生产总值\n", 1)
    with pytest.raises(ContentError) as e:
        load(write(tmp_path, text))
    [p] = e.value.problems
    assert (p.line, p.col) == (line_of(text, "label："), 10)
    assert "full-width" in p.message and "indentation" not in p.message


def test_more_headline_figures_than_tiles_names_the_ones_left_out(tmp_path):
    extra = "".join(
        f"  extra{n}:\n    label: 指标{n}\n    value: {n}\n    unit: 家\n    period: 2023\n    group: industry\n    headline: true\n"
        for n in range(1, 8)
    )
    refs = "".join(f"{{extra{n}}}" for n in range(1, 8))
    text = MINI_TEXT.replace("  gdp_target:\n", extra + "  gdp_target:\n").replace(
        "集聚人工智能产业链关联企业{ai_firms}。", f"集聚人工智能产业链关联企业{{ai_firms}}。{refs}"
    )
    _, warnings = load_with_warnings(write(tmp_path, text))
    [w] = [w for w in warnings if "headline" in w.message]
    assert "10 headline figures" in w.message and "show 8" in w.message
    assert "extra6" in w.message and "extra7" in w.message and "extra5" not in w.message
    assert w.line == line_of(text, "  extra6:") + 6


def test_a_group_never_used_is_a_warning(tmp_path):
    text = MINI_TEXT.replace("  targets: 预期目标\n", "  targets: 预期目标\n  spare: 备用\n")
    _, warnings = load_with_warnings(write(tmp_path, text))
    [w] = warnings
    assert w.path == "groups.spare" and w.line == line_of(text, "spare:") and "no indicator uses it" in w.message
