"""Hostile input, broken output folders, kills, races and hostile templates (issue 14).

Every case ends in a clear error (exit 2, one line per problem, no traceback) or a correct
build, and never loses or mixes outputs.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import MINI, ROOT

HEADING = "（一）凝心聚力谋发展，经济向好态势持续巩固。"


def variant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """MINI with one piece of text replaced, written as ``name``."""
    src = MINI.read_text(encoding="utf-8")
    assert old in src
    p = tmp_path / name
    p.write_text(src.replace(old, new, 1), encoding="utf-8")
    return p


def measured(code: str, *args: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run Python ``code`` in a child that reports its own CPU seconds and peak memory (MB)."""
    code = textwrap.dedent(code) + textwrap.dedent(
        """
        import resource
        u = resource.getrusage(resource.RUSAGE_SELF)
        print(f"@@ {u.ru_utime + u.ru_stime:.2f} {u.ru_maxrss / 1024:.0f}", file=sys.stderr)
        sys.exit(rc)
        """
    )
    r = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    stat = [l for l in r.stderr.splitlines() if l.startswith("@@ ")]
    assert stat, r.stderr
    return r, float(stat[-1].split()[1]), float(stat[-1].split()[2])


BUILD = """
import sys
from govreport.cli import main
rc = main(sys.argv[1:])
"""

# The deck's planner on a report whose area heading is ``sys.argv[2]`` characters long, past the
# loader (which refuses headings over 1,000 characters): the fitting itself must stay cheap.
PLAN_LONG_HEADING = """
import sys
from pathlib import Path
from govreport import builders
from govreport.errors import ContentError
from govreport.loader import parse, read_text
from govreport.model import Report
path = Path(sys.argv[1])
data, _ = parse(read_text(path, str(path)), str(path))
area = data["body"]["parts"][0]["areas"][0]
area["heading"] = "（一）" + ("凝心聚力谋发展经济向好态势持续巩固" * 2000)[: int(sys.argv[2])]
report = Report.model_validate(data)
try:
    builders.get("deck").build(report, builders.BuildContext(source=path))
    print("built")
except ContentError as e:
    print(e)
rc = 0
"""


# Deck fitting ------------------------------------------------------------------------------


def test_20000_character_heading_costs_seconds_and_little_memory():
    r, cpu, mb = measured(PLAN_LONG_HEADING, str(MINI), "20000")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert "body.parts[0].areas[0].heading: slide title" in r.stdout
    assert "(20003 characters)" in r.stdout and "shorten it to at most" in r.stdout
    assert len(r.stdout.splitlines()[0]) < 400  # the title is quoted in part, not 20,000 characters of it
    assert cpu < 10 and mb < 500, (cpu, mb)


def test_20000_character_heading_is_refused_by_the_loader_and_the_longest_allowed_fails_cleanly(tmp_path):
    src = variant(tmp_path, "long.yaml", HEADING, "（一）" + "长" * 20000)
    r, cpu, mb = measured(BUILD, str(src), "--out", str(tmp_path / "out"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"{src}:70:20: body.parts[0].areas[0].heading: 20,003 characters; this field takes at most 1,000" in r.stderr
    src = variant(tmp_path, "long.yaml", HEADING, "长" * 1000)
    r, cpu, mb = measured(BUILD, str(src), "--out", str(tmp_path / "out"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "slide title" in r.stderr and "shorten it to at most" in r.stderr
    assert cpu < 10 and mb < 500, (cpu, mb)
    assert not (tmp_path / "out" / "long").exists()  # nothing written


# Content the outputs cannot hold ----------------------------------------------------------

PARA = "- 加大改革开放力度。"


def check(path: Path, capsys) -> list[str]:
    """build.py --check in-process: exit 2, no traceback, every line located in ``path``."""
    from govreport.cli import main

    code = main([str(path), "--check"])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines and all(l.startswith(f"{path}:") for l in lines), err
    return lines


def where(path: Path, needle: str) -> str:
    """'line:col' of the first ``needle`` in the file, as a message gives it."""
    text = path.read_text(encoding="utf-8", errors="surrogatepass")
    i = text.index(needle)
    return f"{text.count(chr(10), 0, i) + 1}:{i - text.rfind(chr(10), 0, i)}"


@pytest.mark.parametrize(
    "old, new, needle, code, name",
    [
        (PARA, '- "加大改革\\v开放力度。"', "\\v", "000B", "vertical tab, written as an escape"),
        ("title: 政府工作报告", 'title: "政府\\x1f工作报告"', "\\x1f", "001F", "a control character, written as an escape"),
        (PARA, '- "加大改革\\0开放力度。"', "\\0", "0000", "NUL, written as an escape"),
        (PARA, '- "加大改革\\uFFFE开放力度。"', "\\uFFFE", "FFFE", "not a character, written as an escape"),
        ("label: 地区生产总值", 'label: "地区\\uffff生产总值"', "\\uffff", "FFFF", "not a character, written as an escape"),
        (PARA, '- "加大改革\\L开放力度。"', "\\L", "2028", "line separator, written as an escape"),
        (PARA, "- 加大改革\x0b开放力度。", "\x0b", "000B", "vertical tab"),
        (PARA, "- 加大改革\x0c开放力度。", "\x0c", "000C", "form feed"),
        (PARA, "- 加大改革\x00开放力度。", "\x00", "0000", "NUL"),
        (PARA, "- 加大改革\ufffe开放力度。", "\ufffe", "FFFE", "not a character"),
        (PARA, "- 加大改革\u2028开放力度。", "\u2028", "2028", "line separator"),
        (PARA, "- 加大改革开放\u2029力度。", "\u2029", "2029", "paragraph separator"),
    ],
)
def test_characters_no_output_can_hold_are_refused_at_their_place(tmp_path, capsys, old, new, needle, code, name):
    p = variant(tmp_path, "x.yaml", old, new)
    lines = check(p, capsys)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{p}:{where(p, needle)}: "), lines
    assert f"character U+{code} is not allowed ({name})" in lines[0]


def test_a_lone_surrogate_escape_is_named(tmp_path, capsys):
    p = variant(tmp_path, "x.yaml", PARA, '- "加大改革\\uD800开放力度。"')
    (line,) = check(p, capsys)
    assert "surrogate" in line and line.startswith(f"{p}:79:")


def test_every_bad_character_is_listed_at_once(tmp_path, capsys):
    p = variant(tmp_path, "x.yaml", PARA, "- 加大\x01改革\x1f开放力度。")
    p.write_text(p.read_text(encoding="utf-8").replace("title: 政府工作报告", "title: 政府\x7f工作报告"), encoding="utf-8")
    lines = check(p, capsys)
    assert [l.split(": ")[0] for l in lines] == [f"{p}:{where(p, c)}" for c in ("\x7f", "\x01", "\x1f")]


@pytest.mark.parametrize(
    "old, new, token, message",
    [
        ("value: 2286.2", "value: " + "9" * 5000, "9", "a figure of 5,000 digits; a report's figures have at most 20"),
        ("value: 2286.2", 'value: "' + "9" * 5000 + '"', '"', "a figure of 5,000 digits"),
        ("value: 2286.2", "value: 1." + "5" * 4999, "1", "a figure of 5,000 digits"),
        ("value: 2286.2", "value: 123456789012345678901", "1", "a figure of 21 digits"),
        ("period: 2023\n    change: {value: 12.8", "period: " + "2" * 5000 + "\n    change: {value: 12.8", "2", "a figure of 5,000 digits"),
        ("value: 2286.2", "value: -0", "-", "write 0, not '-0'"),
        ("change: {value: 12.8,", "change: {value: -0.0,", "-", "write 0, not '-0.0'"),
        ("change: {value: 12.8,", 'change: {value: "-0.0",', '"', "write 0, not '-0.0'"),
    ],
)
def test_numbers_no_report_means_are_refused(tmp_path, capsys, old, new, token, message):
    p = variant(tmp_path, "x.yaml", old, new)
    (line,) = check(p, capsys)
    row, col = map(int, where(p, new).split(":"))
    assert line.startswith(f"{p}:{row}:{col + new.index(token)}: indicators.gdp."), line
    assert message in line


def test_twenty_digits_still_build(tmp_path, capsys):
    from govreport.loader import load

    p = variant(tmp_path, "x.yaml", "value: 600", "value: 12345678901234567890")
    assert str(load(p).indicators["ai_firms"].value) == "12345678901234567890"


@pytest.mark.parametrize(
    "old, new, path, message",
    [
        ("title: 政府工作报告", "title: 政府工作报告{gdp}", "meta.title", "{gdp} would be printed as typed"),
        ("subtitle: ——2024", "subtitle: ——{{2024}}", "meta.subtitle", "{{ and }} would be printed as typed here"),
        ("label: 地区生产总值", "label: 地区生产总值{gdp.value}", "indicators.gdp.label", "{gdp.value} would be printed"),
        ("  economy: 经济发展", "  economy: 经济{ gdp }", "groups.economy", "{ gdp } would be printed as typed"),
        ("title: 政府工作报告", "title: " + "长" * 201, "meta.title", "201 characters; this field takes at most 200"),
        ("label: 地区生产总值", "label: " + "长" * 1001, "indicators.gdp.label", "1,001 characters; this field takes at most 1,000"),
        ("unit: 亿元", "unit: " + "亿" * 51, "indicators.gdp.unit", "51 characters; this field takes at most 50"),
        (HEADING, "长" * 1001, "body.parts[0].areas[0].heading", "1,001 characters; this field takes at most 1,000"),
        (PARA, "- " + "长" * 20001, "body.parts[0].areas[1].paragraphs[0]", "20,001 characters; this field takes at most 20,000"),
    ],
)
def test_fields_printed_as_typed_and_over_long_fields(tmp_path, capsys, old, new, path, message):
    p = variant(tmp_path, "x.yaml", old, new)
    lines = check(p, capsys)
    assert any(f": {path}: {message}" in l for l in lines), lines


def test_a_key_past_yamls_limit_is_named(tmp_path, capsys):
    p = variant(tmp_path, "x.yaml", "  economy: 经济发展", "  " + "k" * 2000 + ": 经济发展")
    (line,) = check(p, capsys)
    assert line == f"{p}:15:3: YAML syntax: a key of 2,000 characters; YAML reads at most 1,024 before a key's ':' " \
                   "(keys here are short names; a long text goes after the colon)"
