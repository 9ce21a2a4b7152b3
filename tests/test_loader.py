"""The loader as a user meets it: bad content files give one clear line per problem, exit 2.

Each case runs the command on a small file made from tests/fixtures/mini.yaml and reads what a
user reads: the exit code and stderr. The command runs in this process (``cli.main`` with the
working folder and the output streams of a separate run): the same code path as build.py, without
starting a Python per case.
"""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import MINI
from govreport import builders
from govreport.cli import main
from govreport.errors import ContentError
from govreport.loader import load, load_with_warnings

MINI_TEXT = MINI.read_text(encoding="utf-8")


def run_build(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """build.py ARGS as a user runs it, in this process: exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd or Path.cwd()), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def variant(tmp_path: Path, *replacements: tuple[str, str], text: str | None = None, name: str = "x.yaml") -> Path:
    """A copy of mini.yaml with each (old, new) replaced once; old must be there."""
    text = MINI_TEXT if text is None else text
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def line_of(path: Path, needle: str) -> int:
    """1-based line number of the first line containing needle."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def check_fails(path: Path, *expected: str) -> list[str]:
    """build.py --check on path: exit 2, no traceback, each expected regex in stderr lines."""
    r = run_build(path.name, "--check", cwd=path.parent)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    for exp in expected:
        assert any(re.search(exp, l) for l in lines), f"{exp!r} not in:\n{r.stderr}"
    return lines


def test_mini_loads_with_figures_as_typed():
    r = load(MINI)
    assert str(r.indicators["district_revenue"].value) == "168.53"
    assert r.indicators["gdp"].value == Decimal("2286.2")
    assert r.meta.date.isoformat() == "2024-01-16"
    assert r.indicators["gdp"].id == "gdp"


def test_decimal_digits_kept(tmp_path):
    p = variant(tmp_path, ("value: 168.53", "value: 168.50"))
    assert str(load(p).indicators["district_revenue"].value) == "168.50"


def test_wrong_type_points_at_line_and_column(tmp_path):
    p = variant(tmp_path, ("value: 2286.2", "value: lots"))
    line = line_of(p, "value: lots")
    check_fails(p, rf"^x\.yaml:{line}:12: indicators\.gdp\.value: expected a number")


def test_all_problems_reported_sorted_by_line(tmp_path):
    p = variant(
        tmp_path,
        ("value: 2286.2", "value: lots"),
        ("unit: 个百分点", "unit: 倍"),
        ("review_year: 2023", "review_year: next"),
    )
    lines = check_fails(p, r"indicators\.gdp\.value", r"key_industry_share\.change\.unit: .*个百分点", r"meta\.review_year")
    nums = [int(l.split(":")[1]) for l in lines]
    assert nums == sorted(nums) and len(lines) == 3


def test_python_tag_refused_and_never_run(tmp_path):
    marker = tmp_path / "pwned"
    p = variant(tmp_path, ("source: 测试用的小型内容文件", f"source: !!python/object/apply:os.system ['touch {marker}']"))
    check_fails(p, rf"x\.yaml:{line_of(p, 'python/object')}:\d+: meta\.source: tag tag:yaml\.org,2002:python/object/apply:os\.system is not allowed")
    assert not marker.exists()


def test_custom_tag_refused(tmp_path):
    p = variant(tmp_path, ("title: 政府工作报告", "title: !secret 政府工作报告"))
    check_fails(p, r"meta\.title: tag !secret is not allowed")


def test_duplicate_key_refused_with_both_lines(tmp_path):
    p = variant(tmp_path, ("  date: 2024-01-16\n", "  date: 2024-01-16\n  date: 2025-01-16\n"))
    first = line_of(p, "date: 2024-01-16")
    check_fails(p, rf"x\.yaml:{first + 1}:3: meta\.date: duplicate key 'date' \(first defined at line {first}\)")


def test_duplicate_indicator_id_refused(tmp_path):
    dup = "  gdp:\n    label: 重复\n    value: 1\n    period: 2023\n    group: economy\n"
    p = variant(tmp_path, ("indicators:\n", "indicators:\n" + dup))
    check_fails(p, r"indicators\.gdp: duplicate key 'gdp'")


def test_billion_laughs_fails_fast(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    p = tmp_path / "lol.yaml"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    with pytest.raises(ContentError) as e:
        load(p)
    # A guard against a hang (expanding it would take minutes and GBs), not a speed test: the machine is shared.
    assert time.perf_counter() - t0 < 20.0
    assert "expands to more than" in str(e.value)
    check_fails(p, r"lol\.yaml:\d+:\d+: the file expands to more than")


def test_gbk_file_named(tmp_path):
    p = tmp_path / "gbk.yaml"
    p.write_bytes(MINI_TEXT.encode("gbk", errors="replace"))
    check_fails(p, r"gbk\.yaml:\d+:\d+: not UTF-8; re-save as UTF-8")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.yaml", b"", r"empty\.yaml: file is empty"),
        ("comments.yaml", b"# nothing here\n\n", r"comments\.yaml: file is empty"),
        ("list.yaml", b"- a\n- b\n", r"list\.yaml:1:1: the top level is a list"),
        ("binary.yaml", bytes(range(256)) * 4, r"binary\.yaml: binary file, not YAML text"),
    ],
)
def test_unusable_files(tmp_path, name, data, message):
    p = tmp_path / name
    p.write_bytes(data)
    check_fails(p, message)


def test_missing_file(tmp_path):
    check_fails(tmp_path / "nope.yaml", r"nope\.yaml: no such file")


def test_syntax_error_has_line(tmp_path):
    p = variant(tmp_path, ("  speaker: 长宁区区长 侯继军", '  speaker: "长宁区区长 侯继军'))
    check_fails(p, r"x\.yaml:\d+:\d+: YAML syntax: ")
    r = run_build(str(p), "--check", cwd=tmp_path)
    line = int(r.stderr.split(":")[1])
    assert line >= line_of(p, "speaker:")


def test_dangling_reference_points_at_token(tmp_path):
    p = variant(tmp_path, ("同比增长{gdp.change}", "同比增长{no_such_indicator_xyz}"))
    n = line_of(p, "{no_such_indicator_xyz}")
    col = p.read_text(encoding="utf-8").splitlines()[n - 1].index("{no_such_indicator_xyz}") + 1
    check_fails(p, rf"x\.yaml:{n}:{col}: body\.parts\[0\]\.areas\[0\]\.paragraphs\[0\]: unknown indicator 'no_such_indicator_xyz'")


def test_unknown_reference_part(tmp_path):
    p = variant(tmp_path, ("{gdp.change}", "{gdp.growth}"))
    check_fails(p, r"unknown part \.growth")


def test_target_period_must_be_plan_year(tmp_path):
    p = variant(tmp_path, ("    period: 2024\n    group: targets", "    period: 2023\n    group: targets"))
    n = next(i for i, ln in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if "period: 2023" in ln and i > line_of(p, "gdp_target:"))
    check_fails(p, rf"x\.yaml:{n}:13: indicators\.gdp_target\.period: a target's period must be the plan year 2024")


def test_unknown_group(tmp_path):
    p = variant(tmp_path, ("    group: industry\n    headline: true", "    group: industri\n    headline: true"))
    check_fails(p, rf"x\.yaml:{line_of(p, 'group: industri')}:12: indicators\.key_industry_share\.group: unknown group 'industri'")


def test_unknown_key(tmp_path):
    p = variant(tmp_path, ("    short: 区级财政收入", "    shrt: 区级财政收入"))
    check_fails(p, r"indicators\.district_revenue\.shrt: unknown key")


def test_unreferenced_is_warning_and_strict_makes_it_error(tmp_path):
    extra = "  spare:\n    label: 备用指标\n    value: 1\n    unit: 家\n    period: 2023\n    group: economy\n"
    p = variant(tmp_path, ("indicators:\n", "indicators:\n" + extra))
    _, warnings = load_with_warnings(p)
    assert [w.path for w in warnings] == ["indicators.spare"]
    ok = run_build(str(p), "--check", cwd=tmp_path)
    assert ok.returncode == 0 and "warning: indicators.spare: never referenced" in ok.stderr
    check_fails_strict = run_build(str(p), "--check", "--strict", cwd=tmp_path)
    assert check_fails_strict.returncode == 2 and "never referenced" in check_fails_strict.stderr


def test_unreferenced_headline_is_error(tmp_path):
    p = variant(tmp_path, ("同比增长{gdp.change}；", "同比增长12.8%；"), ("达到{gdp}，", "达到2286.2亿元，"))
    check_fails(p, r"indicators\.gdp: headline indicator is never referenced")


def test_check_writes_nothing(tmp_path):
    out = tmp_path / "out"
    r = run_build(str(MINI), "--check", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert re.search(r"ok: 2 parts, 3 areas, 12 paragraphs, 5 indicators", r.stdout)
    assert not out.exists()


def _available():
    return [n for n in builders.BUILDERS if builders.available(n)]


def test_failed_build_leaves_earlier_outputs_untouched(tmp_path):
    names = _available()
    assert names == list(builders.BUILDERS)
    good = variant(tmp_path, name="r.yaml")
    out = tmp_path / "out"
    r = run_build(str(good), "--out", str(out), "--only", ",".join(names), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    before = {p.name: p.read_bytes() for p in (out / "r").iterdir()}
    assert before
    variant(tmp_path, ("value: 2286.2", "value: lots"), name="r.yaml")
    r = run_build(str(good), "--out", str(out), "--only", ",".join(names), cwd=tmp_path)
    assert r.returncode == 2
    after = {p.name: p.read_bytes() for p in (out / "r").iterdir()}
    assert after == before  # same files, same bytes, no temp files left


def test_unbuilt_outputs_are_named_not_faked(tmp_path, monkeypatch, capsys):
    from govreport import cli

    monkeypatch.setitem(builders.BUILDERS, "poster", "govreport.builders.poster_not_written_yet")
    assert cli.main([str(MINI), "--out", str(tmp_path), "--only", "poster"]) == 0
    assert "poster: not available yet" in capsys.readouterr().out
    assert not any(tmp_path.rglob("*.*"))


@pytest.mark.parametrize("typed", ["0123", "1:30", "1.5e+3", "0x1F", "1_000"])
def test_numbers_must_be_plain_digits(tmp_path, typed):
    p = variant(tmp_path, ("value: 2286.2", f"value: {typed}"))
    check_fails(p, rf"x\.yaml:{line_of(p, 'value: ' + typed)}:12: indicators\.gdp\.value: write the number as plain digits")


def test_reference_to_a_missing_part(tmp_path):
    p = variant(tmp_path, ("企业{ai_firms}。", "企业{ai_firms}，增长{ai_firms.change}。"))
    n = line_of(p, "{ai_firms.change}")
    col = p.read_text(encoding="utf-8").splitlines()[n - 1].index("{ai_firms.change}") + 1
    check_fails(p, rf"x\.yaml:{n}:{col}: .*\{{ai_firms\.change\}}: indicator 'ai_firms' has no change")


def test_unmatched_brace(tmp_path):
    p = variant(tmp_path, ("同比增长{gdp.change}；", "同比增长{gdp.change}；{gdp.label "))
    check_fails(p, rf"x\.yaml:{line_of(p, '{gdp.label ')}:\d+: .*unmatched '\{{'")


def test_utf16_file_named(tmp_path):
    p = tmp_path / "u16.yaml"
    p.write_bytes(MINI_TEXT.encode("utf-16"))
    check_fails(p, r"u16\.yaml: UTF-16 text; re-save as UTF-8")


def test_control_character_has_a_line(tmp_path):
    p = variant(tmp_path, ("  speaker: 长宁区区长 侯继军", "  speaker: 长宁区区长\x07侯继军"))
    bell = "\x07"
    check_fails(p, rf"x\.yaml:{line_of(p, bell)}:17: character U\+0007 is not allowed")


def test_a_value_needs_its_unit(tmp_path):
    p = variant(tmp_path, ("    value: 2286.2\n    unit: 亿元\n", "    value: 2286.2\n"))
    check_fails(p, r"indicators\.gdp: a value needs its unit")


@pytest.mark.parametrize("typed", ['"1e3"', '"13,600"'])
def test_quoted_numbers_must_be_plain_digits_too(tmp_path, typed):
    p = variant(tmp_path, ("value: 2286.2", f"value: {typed}"))
    check_fails(p, r"indicators\.gdp\.value: expected a number in plain digits")


def test_a_fall_is_a_word_not_a_minus_sign(tmp_path):
    p = variant(tmp_path, ("change: {value: 12.8,", "change: {value: -12.8,"))
    check_fails(p, r"indicators\.gdp\.change\.value: .*word: 下降")


def test_one_message_for_a_refused_value(tmp_path):
    p = variant(tmp_path, ("value: 2286.2", "value: 017"))
    lines = check_fails(p, r"indicators\.gdp\.value: write the number as plain digits")
    assert len(lines) == 1, lines


def test_full_width_braces_are_a_warning(tmp_path):
    p = variant(tmp_path, ("同比增长{gdp.change}；", "同比增长{gdp.change}；｛gdp｝"))
    r = run_build(p.name, "--check", cwd=tmp_path)
    assert r.returncode == 0
    assert re.search(rf"x\.yaml:{line_of(p, '｛gdp｝')}:\d+: warning: .*full-width braces", r.stderr), r.stderr


def test_full_width_colon_is_named_at_its_line(tmp_path):
    p = variant(tmp_path, ("  plan_year: 2024", "  plan_year：2024"))
    check_fails(p, rf"x\.yaml:{line_of(p, 'plan_year')}:\d+: YAML syntax: .*ASCII colon")


def test_bad_indentation_gets_a_hint(tmp_path):
    p = variant(tmp_path, ("    unit: 亿元\n    period: 2023\n    change: {value: 12.8", "    unit: 亿元\n   period: 2023\n    change: {value: 12.8"))
    check_fails(p, r"YAML syntax: .*check the indentation")


def test_a_heading_of_spaces_is_refused(tmp_path):
    p = variant(tmp_path, ("    - heading: 一、2023年工作回顾", '    - heading: "   "'))
    check_fails(p, r"body\.parts\[0\]\.heading: must not be empty or only spaces")
