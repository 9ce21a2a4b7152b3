"""`build.py diff OLD.yaml NEW.yaml [-o 变化.xlsx]`: two drafts of the seed compared, as plain text
and as a workbook; exactly the changes made, in reading order."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from conftest import SEED, run_build
from test_checklist import copy_of, no_leaks  # noqa: F401  (no_leaks: autouse)

REWORDED = ("增速位居中心城区第三。", "增速位居中心城区前列。")
CLOSING = "    - 各位代表，风好正是扬帆时，"
NEW_PARAGRAPH = "    - 新一年，全区将继续实施{fresh_target}。\n"
NEW_INDICATOR = """  fresh_target:
    label: 新增就业岗位
    value: 3.2
    unit: 万个
    period: 2024
    group: tasks
"""


def edit(text: str, old: str, new: str, count: int = 1) -> str:
    assert text.count(old) == count, old
    return text.replace(old, new)


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """送审稿 (a copy of the seed) and 定稿 with figures and texts changed."""
    d = tmp_path_factory.mktemp("drafts")
    old = copy_of(SEED, d / "old")
    text = old.read_text(encoding="utf-8")
    text = edit(text, "    value: 2286.2\n", "    value: 2287.1\n")  # a value
    text = edit(text, '    change: {value: 14, unit: "%", word: 增长}\n', '    change: {value: 14.2, unit: "%", word: 增长}\n')
    text = edit(text, "    qualifier: 左右\n", "    qualifier: 以上\n")  # the GDP target's qualifier
    text = edit(text, *REWORDED)  # a sentence reworded
    # An indicator removed (its figure written into the text as words), one added with a new paragraph.
    start = text.index("  waic_exhibitors:\n")
    end = text.index("\n  ", text.index("    group:", start)) + 1
    text = text[:start] + text[end:]
    text = edit(text, "{waic_exhibitors}人工智能企业参展", "6家人工智能企业参展")
    text = edit(text, "  # 经济发展\n", NEW_INDICATOR + "  # 经济发展\n")
    text = edit(text, CLOSING, NEW_PARAGRAPH + CLOSING)
    new = d / "new" / "changning-2024.yaml"
    new.parent.mkdir()
    new.write_text(text, encoding="utf-8")
    return old, new


def test_diff_lists_exactly_the_figures_and_texts_changed_in_reading_order(drafts):
    old, new = drafts
    proc = run_build("diff", str(old), str(new), cwd=old.parent)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == (f"{old} → {new}: 3 figures changed, 1 added, 1 removed; "
                        f"2 texts changed, 1 added, 0 removed")
    body = lines[1:]
    assert body[:5] == [
        "figure gdp 地区生产总值 (经济发展): 数值 2286.2 → 2287.1",
        "removed waic_exhibitors (产业发展): 参展世界人工智能大会的人工智能企业6家。",
        "figure retail_sales 社会消费品零售总额 (经济发展): 变化 增长14% → 增长14.2%",
        "figure gdp_target 地区生产总值增长 (2024年预期目标): 限定词 左右 → 以上",
        "added fresh_target (2024年工作任务): 新增就业岗位3.2万个。",
    ]
    texts = body[5:]
    assert texts[0] == "text 一、（一）第1段:"
    was, now = texts[1], texts[2]
    assert was.startswith("  - ") and was.endswith("增速位居中心城区第三。")
    assert now.startswith("  + ") and now.endswith("增速位居中心城区前列。")
    # Read as the reader reads it: the reworded sentence, and the figure it quotes as it now is.
    assert now[4:] == was[4:].replace(*REWORDED).replace("2286.2亿元", "2287.1亿元")
    # The removed indicator's figure now stands as words: the paragraph reads the same, written otherwise.
    assert texts[3] == "text 一、（一）第2段: reads the same, written otherwise ({id} and the figure's words)"
    assert texts[4].startswith("  = ") and "，6家人工智能企业参展2023年世界人工智能大会" in texts[4]
    assert texts[5:] == ["text added 结尾第1段:", "  + 新一年，全区将继续实施3.2万个。"]


def test_the_same_draft_has_no_changes_and_a_bad_draft_exits_2_naming_both_files(drafts, tmp_path):
    old, new = drafts
    proc = run_build("diff", str(old), str(old), cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == f"{old} → {old}: 0 figures changed, 0 added, 0 removed; 0 texts changed, 0 added, 0 removed\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text(new.read_text(encoding="utf-8").replace("    value: 2287.1\n", "    value: lots\n"), encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    proc = run_build("diff", str(missing), str(bad), cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    errs = proc.stderr.splitlines()
    assert errs[0].startswith(str(missing)) and any(e.startswith(f"{bad}:") and "expected a number" in e for e in errs)


def test_the_changes_as_a_workbook_the_words_that_differ_marked(drafts, tmp_path):
    from openpyxl.cell.rich_text import CellRichText, TextBlock

    old, new = drafts
    out = tmp_path / "变化.xlsx"
    proc = run_build("diff", str(old), str(new), "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"{out}: {old} → {new}: 3 figures changed")
    again = tmp_path / "again.xlsx"
    assert run_build("diff", str(old), str(new), "-o", str(again), cwd=tmp_path).returncode == 0
    assert again.read_bytes() == out.read_bytes()  # same drafts, same bytes
    wb = openpyxl.load_workbook(out, rich_text=True)
    ws = wb["变化"]
    assert [c.value for c in ws[1]] == ["序号", "类别", "位置", "编号", "指标", "项目", "原稿", "新稿"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert [r[1] for r in rows] == ["指标变化", "删除指标", "指标变化", "指标变化", "新增指标", "文字修改", "文字修改",
                                    "新增文字"]
    assert [r[2] for r in rows] == ["经济发展", "产业发展", "经济发展", "2024年预期目标", "2024年工作任务",
                                    "一、（一）第1段", "一、（一）第2段", "结尾第1段"]
    gdp = next(r for r in rows if r[3] == "gdp")
    assert (gdp[5], str(gdp[6]), str(gdp[7])) == ("数值", "2286.2", "2287.1")
    reworded = next(r for r in rows if r[1] == "文字修改" and "前列" in str(r[7]))
    marked_old = [b.text for b in reworded[6] if isinstance(b, TextBlock) and b.font.b]
    marked_new = [b.text for b in reworded[7] if isinstance(b, TextBlock) and b.font.b]
    assert isinstance(reworded[6], CellRichText)
    # Marked: the characters that differ: 2286.2 -> 2287.1 (its figure) and 第三 -> 前列.
    assert marked_old == ["6", "2", "第三"] and marked_new == ["7", "1", "前列"]
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    import hashlib

    assert props["govreport.old_sha256"] == hashlib.sha256(Path(old).read_bytes()).hexdigest()
    assert props["govreport.new_sha256"] == hashlib.sha256(Path(new).read_bytes()).hexdigest()
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
