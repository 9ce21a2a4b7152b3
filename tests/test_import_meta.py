"""The importer's meta on every title-block shape real reports print (short made-up texts): the
draft is imported from a .txt file as a user imports it, loaded as --check loads it, and read back."""

from __future__ import annotations

import contextlib
import io

import pytest

from govreport.importer import main
from govreport.loader import load

BODY = """各位代表：
现在，{opening}向大会报告工作，请予审议。
一、2025年工作回顾
过去一年，全省经济平稳运行，地区生产总值达到5000亿元。
二、2026年工作安排
今年要统筹做好各项工作。
"""
SUB = "在临江省第十四届人民代表大会第四次会议上"
SESSION = "临江省第十四届人民代表大会第四次会议"


def imported(tmp_path, head: str, opening: str = "我代表省人民政府", title: str = "2026年临江省政府工作报告"):
    src = tmp_path / "report.txt"
    src.write_text(title + "\n" + head + "\n" + BODY.format(opening=opening), encoding="utf-8")
    out = tmp_path / "report.yaml"
    with contextlib.redirect_stderr(io.StringIO()) as err:
        code = main([str(src), "-o", str(out), "--force"])
    assert code == 0, err.getvalue()
    return load(out)  # a meta field left empty fails here, as --check would


SHAPES = {
    "em dashes": (f"——2026年1月27日{SUB}\n省长 王明", f"——2026年1月27日{SUB}", "省长 王明"),
    "horizontal bars": (f"――2026年1月27日{SUB}\n省长 王明", f"――2026年1月27日{SUB}", "省长 王明"),
    "no dash": (f"2026年1月27日{SUB}\n省长 王明", f"2026年1月27日{SUB}", "省长 王明"),
    "in brackets": (f"（2026年1月27日{SUB}）\n省长 王明", f"（2026年1月27日{SUB}）", "省长 王明"),
    "split over two lines": ("——2026年1月27日在临江省第十四届\n人民代表大会第四次会议上\n省长 王明", f"——2026年1月27日{SUB}", "省长 王明"),
    "split, in brackets": ("（2026年1月27日在临江省\n第十四届人民代表大会第四次会议上）\n省长 王明", f"（2026年1月27日{SUB}）", "省长 王明"),
    "speaker after it on one line": (f"——2026年1月27日{SUB} 临江省省长 王明", f"——2026年1月27日{SUB}", "临江省省长 王明"),
    "speaker before it on one line": (f"临江省省长 王明 ——2026年1月27日{SUB}", f"——2026年1月27日{SUB}", "临江省省长 王明"),
    "speaker first, own lines": (f"临江省人民政府省长 王明\n（2026年1月27日{SUB}）", f"（2026年1月27日{SUB}）", "临江省人民政府省长 王明"),
    "Chinese numerals": (f"——二〇二六年一月二十七日{SUB}\n省长 王明", f"——二〇二六年一月二十七日{SUB}", "省长 王明"),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_title_block_shapes(tmp_path, shape):
    head, subtitle, speaker = SHAPES[shape]
    m = imported(tmp_path, head).meta
    assert (m.subtitle, m.speaker) == (subtitle, speaker)
    assert (m.session, str(m.date)) == (SESSION, "2026-01-27")
    assert (m.issuer, m.review_year, m.plan_year) == ("临江省人民政府", 2025, 2026)


def test_the_subtitle_is_not_printed_twice(tmp_path):
    """A subtitle without —— was read as the opening's first paragraph (and the speaker lost)."""
    report = imported(tmp_path, f"2026年1月31日{SUB}\n省长 王明")
    texts = [report.render(p.text) for _, _, p in report.paragraphs()]
    assert texts[:2] == ["各位代表：", "现在，我代表省人民政府向大会报告工作，请予审议。"]
    assert not any(SUB in t for t in texts)


@pytest.mark.parametrize(
    "opening, title, speaker, issuer",
    [
        ("我代表临江省人民政府", "政府工作报告", "省长 王明", "临江省人民政府"),  # named in full
        ("我代表省人民政府", "2026年临江省政府工作报告", "省长 王明", "临江省人民政府"),
        ("我代表省政府", "政府工作报告", "省长 王明", "临江省人民政府"),  # the place from the session
        ("我代表省政府", "临江省政府工作报告", "省长 王明", "临江省人民政府"),  # a title without the year
    ],
)
def test_issuer_from_the_opening_and_the_place(tmp_path, opening, title, speaker, issuer):
    m = imported(tmp_path, f"——2026年1月27日{SUB}\n{speaker}", opening, title).meta
    assert m.issuer == issuer and m.title == title


def test_issuer_of_an_autonomous_region_and_a_city_and_a_district(tmp_path):
    head = "——2026年2月4日在临江自治区第十四届人民代表大会第五次会议上\n自治区人民政府主席 王明"
    assert imported(tmp_path, head, "我代表自治区人民政府", "2026年临江自治区政府工作报告").meta.issuer == "临江自治区人民政府"
    head = "——2026年1月26日在临江市第十八届人民代表大会第四次会议上\n临江市市长 王明"
    assert imported(tmp_path, head, "我代表市人民政府", "2026年临江市政府工作报告").meta.issuer == "临江市人民政府"
    # the seed's district form: 区人民政府 and the place from the speaker line and the session
    head = "——2024年1月16日在长宁区第十七届人民代表大会第五次会议上\n长宁区区长 侯继军"
    assert imported(tmp_path, head, "我代表区人民政府", "政府工作报告").meta.issuer == "长宁区人民政府"


def test_the_speakers_title_alone_never_gives_the_issuer(tmp_path):
    """No 我代表…政府 in the opening: the issuer is left for the user (exit 0, empty with a check)."""
    src = tmp_path / "report.txt"
    src.write_text("政府工作报告\n" + f"——2026年1月27日{SUB}\n临江省省长 王明\n" + BODY.format(opening="向大会"), encoding="utf-8")
    out = tmp_path / "report.yaml"
    with contextlib.redirect_stderr(io.StringIO()):
        assert main([str(src), "-o", str(out)]) == 0
    assert 'issuer: ""  # check:' in out.read_text(encoding="utf-8")


def test_review_year_when_the_first_part_has_no_year(tmp_path):
    """一、“十四五”时期工作回顾 … 三、2026年工作安排: the review year is 2025, not 2026."""
    src = tmp_path / "report.txt"
    body = BODY.format(opening="我代表省人民政府").replace("一、2025年工作回顾", "一、“十四五”时期工作回顾")
    src.write_text(f"2026年临江省政府工作报告\n——2026年1月27日{SUB}\n省长 王明\n" + body, encoding="utf-8")
    out = tmp_path / "report.yaml"
    with contextlib.redirect_stderr(io.StringIO()):
        assert main([str(src), "-o", str(out)]) == 0
    m = load(out).meta
    assert (m.review_year, m.plan_year) == (2025, 2026)


def test_a_draft_with_no_year_leaves_each_period_for_you_never_a_year_0(tmp_path):
    """A text naming no year anywhere: meta's years and every figure's period are left empty with a '# check:'
    comment, and --check names each (line, field) to complete; no `period: 0` that reads as a year."""
    from conftest import run_build

    src = tmp_path / "report.txt"
    src.write_text("临江区政府工作报告\n各位代表：\n现在，我代表区人民政府向大会报告工作。\n一、工作回顾\n"
                   "地区生产总值达到500亿元，增长5%。\n二、主要任务\n新建学校3所。\n", encoding="utf-8")
    out = tmp_path / "report.yaml"
    with contextlib.redirect_stderr(io.StringIO()):
        assert main([str(src), "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    periods = [n for n, line in enumerate(lines, 1) if line.strip().startswith("period:")]
    assert len(periods) == 2
    assert all(lines[n - 1].startswith("    period:   # check:") for n in periods), [lines[n - 1] for n in periods]
    r = run_build(str(out), "--check")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    for n in periods:
        assert f"{out}:{n}:" in r.stderr and "period: expected a year" in r.stderr, r.stderr
