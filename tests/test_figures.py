"""How a figure is written (govreport/figures.py), and the three outputs agreeing on it.

The agreement test changes nothing in the builders: it builds a content file with a target that
has both a value and a change, and reads the target back from the .docx, the .pptx and the PDF.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from conftest import MINI, ROOT
from govreport import figures
from govreport.cli import main
from govreport.model import Change, Indicator


def ind(**kw) -> Indicator:
    base = dict(id="x", label="指标", period=2023, group="g")
    return Indicator(**{**base, **kw})


@pytest.mark.parametrize("kw, value, phrase, target", [
    (dict(value="2286.2", unit="亿元", change=Change(value="12.8", unit="%")), "2286.2亿元", "增长12.8%",
     "2286.2亿元，增长12.8%"),
    (dict(value="600", unit="家", qualifier="超过"), "超过600家", "", "超过600家"),
    (dict(value="2.3", unit="万次", qualifier="余"), "2.3万余次", "", "2.3万余次"),
    (dict(value="5", unit="%", qualifier="左右"), "5%左右", "", "5%左右"),
    (dict(value="168.50", unit="亿元", change=Change(value="3.2", unit="%", word="下降")), "168.50亿元", "下降3.2%",
     "168.50亿元，下降3.2%"),
    (dict(change=Change(value="2.4", unit="个百分点", word="提高")), "", "提高2.4个百分点", "提高2.4个百分点"),
])
def test_value_change_and_target_phrases(kw, value, phrase, target):
    i = ind(**kw)
    assert figures.value_text(i) == value == i.value_text
    assert figures.change_phrase(i) == phrase
    assert figures.target_phrase(i) == target
    assert figures.spoken(i) == "指标" + target + "。"


def test_split_signed_tile_and_date():
    assert figures.split_value(ind(value="600", unit="家", qualifier="超过")) == ("超过", "600", "家")
    assert figures.split_value(ind(value="2.3", unit="万次", qualifier="余")) == ("", "2.3", "万余次")
    assert figures.split_value(ind(value="5", unit="%", qualifier="左右")) == ("", "5", "%左右")
    fall = ind(value="1", unit="亿元", change=Change(value="3.2", unit="%", word="下降"))
    assert figures.signed_change(fall) == "-3.2%" and figures.direction(fall.change) == -1
    only = ind(change=Change(value="14", unit="%"))
    assert figures.tile(only) == ("增长", "14", "%", "", 1) and figures.tile(only).change_only
    assert figures.tile(fall) == ("", "1", "亿元", "下降3.2%", -1) and not figures.tile(fall).change_only
    assert figures.bar_value(fall) == -3.2 and figures.bar_value(only) == 14.0
    assert figures.date_text(dt.date(2024, 1, 6)) == "2024年1月6日"
    assert figures.number(None) == "" and str(figures.number(ind(value="1.50", unit="元").value)) == "1.50"


@pytest.mark.parametrize("kw, columns", [
    (dict(value="600", unit="家", qualifier="超过"), ("超过600", "家")),
    (dict(value="350", unit="人", qualifier="余"), ("350余", "人")),
    (dict(value="2.3", unit="万次", qualifier="余"), ("2.3万余", "次")),
    (dict(value="5", unit="%", qualifier="左右"), ("5", "%左右")),
    (dict(value="2286.2", unit="亿元"), ("2286.2", "亿元")),
])
def test_table_columns(kw, columns):
    """A table's figure and unit columns; joined they read as the text does."""
    i = ind(**kw)
    assert figures.columns(i) == columns
    assert "".join(columns) == figures.value_text(i)


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def both_built(tmp_path_factory) -> Path:
    """The mini fixture with a target of value and change, built by the command (in-process)."""
    d = tmp_path_factory.mktemp("both")
    text = MINI.read_text(encoding="utf-8")
    text = text.replace(
        "body:\n",
        "  revenue_target:\n"
        "    label: 区级一般公共预算收入\n"
        "    value: 175\n"
        "    unit: 亿元\n"
        "    qualifier: 超过\n"
        "    period: 2024\n"
        "    change: {value: 3.8, unit: \"%\", word: 增长}\n"
        "    group: targets\n"
        "    target: true\n\n"
        "body:\n", 1)
    text = text.replace("地区生产总值增长{gdp_target}。", "地区生产总值增长{gdp_target}，区级一般公共预算收入{revenue_target}。")
    text = text.replace("groups:\n", "settings:\n  appendix: true  # the report's 附表2 is read\n\ngroups:\n", 1)
    src = d / "both.yaml"
    src.write_text(text, encoding="utf-8")
    assert main([str(src), "--out", str(d / "out")]) == 0
    return d / "out" / "both"


def test_three_outputs_write_a_target_with_value_and_change_alike(both_built):
    import docx
    import pdfplumber
    from pptx import Presentation

    want = "超过175亿元，增长3.8%"
    doc = docx.Document(str(both_built / "report.docx"))
    cells = [_squash(c.text) for t in doc.tables for row in t.rows for c in row.cells]
    assert want in cells, "附表2 (report appendix) lacks the target phrase"

    deck = Presentation(str(both_built / "deck.pptx"))
    deck_cells = [_squash(c.text) for s in deck.slides for sh in s.shapes if sh.has_table
                  for row in sh.table.rows for c in row.cells]
    # two targets: no table slide, the part's divider states them (as the table would write them)
    deck_text = "".join(_squash(sh.text_frame.text) for s in deck.slides for sh in s.shapes if sh.has_text_frame)
    assert want in deck_cells or want in deck_text, "the deck lacks the target phrase (value and change)"

    # The brief: the text inside the targets box (the rectangle filled with colours.target_fill),
    # the targets' labels taken out, so what is left is the figure column in reading order.
    fill = yaml.safe_load((ROOT / "templates" / "brief.yaml").read_text(encoding="utf-8"))["colours"]["target_fill"]
    rgb = tuple(int(fill[k:k + 2], 16) / 255 for k in (1, 3, 5))
    with pdfplumber.open(str(both_built / "brief.pdf")) as pdf:
        page = pdf.pages[0]
        boxes = [r for r in page.rects if r["fill"] and len(r["non_stroking_color"] or ()) == 3
                 and all(abs(a - b) < 0.01 for a, b in zip(r["non_stroking_color"], rgb))]
        assert boxes, "no targets box in the brief"
        box = max(boxes, key=lambda r: r["width"] * r["height"])
        lines = (page.crop((box["x0"], box["top"], box["x1"], box["bottom"])).extract_text() or "").split("\n")
    text = _squash("".join(lines))
    for label in ("区级一般公共预算收入", "地区生产总值增长"):
        text = text.replace(label, "")
    assert want in text, f"the brief's targets box lacks the target phrase: {text!r}"


@pytest.mark.parametrize("change, head, row", [
    ({"value": 12.8, "unit": "%"}, "比上年", ("地区生产总值", "增长12.8%", "")),
    ({"value": 25, "unit": "%", "word": "下降", "base": 2020}, "比上年",
     ("地区生产总值（比2020年下降25%）", "", "比2020年下降25%")),
    ({"value": 5.9, "unit": "%", "per_year": True}, "较上年", ("地区生产总值（年均增长5.9%）", "", "年均增长5.9%")),
    ({"value": 25, "unit": "%", "word": "下降", "base": 2020}, "变化", ("地区生产总值", "比2020年下降25%", "")),
    (None, "比上年", ("地区生产总值", "", "")),
])
def test_a_last_year_column_holds_only_changes_against_last_year(change, head, row):
    """``figures.row_change``, the one rule of every indicator table (brief, web page, report): under
    比上年 a change against another year or a yearly average goes beside the label as the report
    writes it; a column that allows any change (变化) takes it as it is."""
    ind = Indicator(label="地区生产总值", value=1, unit="亿元", period=2025, group="economy",
                    change=Change(**change) if change else None)
    assert tuple(figures.row_change(ind, head)) == row
