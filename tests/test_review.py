"""Last year's targets against this year's results (issue 22): the two-year pair of a made-up
district, tests/two_years/qinghe-2023.yaml (its 2023 targets) and qinghe-2024.yaml (its 2023
results; settings.previous), and qinghe-2022.yaml, a previous file of the wrong year.

What a user checks: the pairs and their assessment, the command's lines (a warning for a target
without a result, exit 2 naming both years for the wrong file, the previous file's problems at its
own lines), and the outputs read back (tests further down)."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import FIXTURES
from govreport import figures, review
from govreport.cli import main
from govreport.loader import load
from govreport.model import Indicator

REVIEW = FIXTURES.parent / "two_years"  # not in fixtures/: the loops over every fixture (test_deck_lines) want longer texts
THIS = REVIEW / "qinghe-2024.yaml"
PREVIOUS = REVIEW / "qinghe-2023.yaml"
WRONG = REVIEW / "qinghe-2022.yaml"

# (指标, 目标, 完成情况, 评价) of every target of qinghe-2023.yaml, in its order, and how it is paired.
ROWS = [
    (("地区生产总值增长", "5.5%左右", "增长6.1%", "完成"), "label"),          # a growth target written as a value, met
    (("一般公共预算收入", "增长6%", "增长3.2%", "未完成"), "id"),             # a change, missed
    (("固定资产投资", "增长8%—10%", "增长9.1%", "完成"), "result_of"),       # a range
    (("城镇调查失业率", "5.5%以内", "4.9%", "完成"), "label"),              # a ceiling (以内)
    (("城镇登记失业人数", "控制在市下达指标以内", "控制在市下达指标以内", "待核"), "label"),  # words against words
    (("单位生产总值能耗", "下降3%", "下降2.1%", "基本完成"), "label"),        # assessment: overrides 未完成
    (("社会消费品零售总额增长", "7%以上", "增长7.4%", "完成"), "label"),       # a floor (以上)
    (("新增就业岗位", "3万个", "—", "待核"), ""),                          # no result: a warning
]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """build.py ARGS in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd or Path.cwd()), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def copy_pair(tmp_path: Path, *this_edits, previous_edits=()) -> Path:
    """The two fixture files copied into tmp_path, each (old, new) replaced once; the new THIS."""
    for src, edits in ((PREVIOUS, previous_edits), (THIS, this_edits)):
        text = src.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, old
            text = text.replace(old, new, 1)
        (tmp_path / src.name).write_text(text, encoding="utf-8")
    return tmp_path / THIS.name


@pytest.fixture(scope="module")
def the_review() -> review.Review:
    return review.load(THIS, load(THIS))


def test_every_target_paired_and_assessed_by_its_form(the_review):
    assert the_review.year == 2023
    assert [(p.row, p.by) for p in the_review.pairs] == ROWS
    by_id = {p.target.id: p for p in the_review.pairs}
    assert by_id["investment_growth_target"].result.id == "fixed_asset_investment"  # result_of, not its label
    assert by_id["gdp_target"].result.id == "gdp"  # 地区生产总值增长 -> 地区生产总值
    assert by_id["energy_target"].overridden and by_id["energy_target"].rule.startswith("change 2.1 at least 3")


def test_check_prints_the_review_and_warns_of_the_target_without_a_result():
    r = run(str(THIS), "--check")
    assert r.returncode == 0, r.stderr
    assert "review: 8 targets of 2023: 4 完成, 1 未完成, 2 待核, 1 基本完成" in r.stdout
    line = line_of(PREVIOUS, "label: 新增就业岗位")  # where the target's entry starts
    warning = [l for l in r.stderr.splitlines() if "new_jobs_target" in l]
    assert warning == [f"{PREVIOUS}:{line}:5: warning: indicators.new_jobs_target: target 新增就业岗位 (new_jobs_target) "
                       f"has no result in {THIS} (no figure of 2023 has its id or label): write "
                       "`result_of: new_jobs_target` on the indicator that gives its result"]


def test_strict_makes_the_unpaired_target_an_error():
    r = run(str(THIS), "--check", "--strict")
    assert r.returncode == 2
    assert re.search(r"qinghe-2023\.yaml:\d+:5: indicators\.new_jobs_target: target 新增就业岗位 .*\(--strict\)", r.stderr)
    assert "Traceback" not in r.stderr


def test_a_previous_file_of_the_wrong_year_is_exit_2_naming_both_years(tmp_path):
    r = run(str(THIS), "--check", "--previous", str(WRONG))
    assert r.returncode == 2
    assert r.stderr.strip() == (f"{THIS}: --previous: {WRONG} is the report for 2022 (its plan_year), but this report "
                                "reviews 2023 (its review_year): name the report whose plan year is 2023")
    # Named in the content: at the line of settings.previous.
    this = copy_pair(tmp_path, ("previous: qinghe-2023.yaml", "previous: qinghe-2022.yaml"))
    (tmp_path / WRONG.name).write_bytes(WRONG.read_bytes())
    r = run(this.name, "--check", cwd=tmp_path)
    assert r.returncode == 2
    line = line_of(this, "previous: qinghe-2022.yaml")
    assert re.fullmatch(rf"qinghe-2024\.yaml:{line}:13: settings\.previous: qinghe-2022\.yaml is the report for 2022 "
                        r"\(its plan_year\), but this report reviews 2023 .*", r.stderr.strip()), r.stderr


def test_the_previous_file_is_checked_as_any_content_file(tmp_path):
    this = copy_pair(tmp_path, previous_edits=[("value: 1020.5", "value: lots"), ("target: true", "target: yes please")])
    r = run(this.name, "--check", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    prev = tmp_path / PREVIOUS.name
    lines = r.stderr.strip().splitlines()
    assert f"qinghe-2023.yaml:{line_of(prev, 'value: lots')}:12: indicators.gdp.value: expected a number in plain digits (like 168.53), not 'lots'" in lines
    assert any(l.startswith(f"qinghe-2023.yaml:{line_of(prev, 'target: yes please')}:13: indicators.gdp_target.target:")
               for l in lines), lines


def test_a_missing_previous_file_is_named_at_its_setting(tmp_path):
    this = copy_pair(tmp_path, ("previous: qinghe-2023.yaml", "previous: 上年.yaml"))
    r = run(this.name, "--check", cwd=tmp_path)
    assert r.returncode == 2
    assert f"qinghe-2024.yaml:{line_of(this, '上年.yaml')}:13: settings.previous: no such file: 上年.yaml" in r.stderr


def test_result_of_must_name_a_target_of_the_previous_file(tmp_path):
    this = copy_pair(tmp_path, ("result_of: investment_growth_target", "result_of: investment_target"))
    r = run(this.name, "--check", cwd=tmp_path)
    assert r.returncode == 2
    assert (f"qinghe-2024.yaml:{line_of(this, 'result_of: investment_target')}:16: "
            "indicators.fixed_asset_investment.result_of: 'investment_target' is no target of qinghe-2023.yaml "
            "(its targets: gdp_target, revenue, investment_growth_target, jobless_rate_target, "
            "registered_jobless_target, energy_target, retail_target, new_jobs_target)") in r.stderr


def test_result_of_and_assessment_belong_on_a_result(tmp_path):
    this = copy_pair(tmp_path, ("    group: targets\n    target: true\n", "    group: targets\n    target: true\n"
                                                                          "    assessment: 完成\n"))
    r = run(this.name, "--check", cwd=tmp_path)
    assert r.returncode == 2
    assert "indicators.gdp_target: assessment: belongs on a result (a figure of the review year), not on a target" in r.stderr
    this = copy_pair(tmp_path, ("    assessment: 基本完成\n", "    assessment: 基本完成\n    result_of: investment_growth_target\n"))
    r = run(this.name, "--check", cwd=tmp_path)
    assert r.returncode == 2
    assert ("indicators.energy.result_of: indicator 'fixed_asset_investment' is already the result of "
            "'investment_growth_target': one result per target") in r.stderr


def test_a_result_in_words_is_no_figure_of_the_tables(the_review):
    report = load(THIS)
    assert "registered_jobless" not in {i.id for i in report.review_indicators}
    assert report.render("{registered_jobless}") == "城镇登记失业人数控制在市下达指标以内"


def test_every_qualifier_has_a_sense():
    assert set(figures.QUALIFIER_SENSE) == set(figures.QUALIFIERS)
    assert set(figures.QUALIFIER_SENSE.values()) == {"at_least", "above", "at_most", "about"}


def ind(**kw) -> Indicator:
    base = {"id": "x", "label": "指标", "period": 2023, "group": "g"}
    if "change" in kw and isinstance(kw["change"], dict):
        kw["change"] = {"unit": "%", **kw["change"]}
    return Indicator.model_validate({**base, **kw})


@pytest.mark.parametrize("target, result, word", [
    # 左右: met from the target less 5% of it (5.5 -> 5.225)
    ({"value": 5.5, "unit": "%", "qualifier": "左右"}, {"change": {"value": "5.23"}}, "完成"),
    ({"value": 5.5, "unit": "%", "qualifier": "左右"}, {"change": {"value": "5.22"}}, "未完成"),
    # a change target against a fall: 增长6% is not met by 下降1%
    ({"change": {"value": 6}}, {"change": {"value": 1, "word": "下降"}}, "未完成"),
    # a fall in its own direction: 下降3% is met by 下降3.5%, not by 增长1%
    ({"change": {"value": 3, "word": "下降"}}, {"change": {"value": "3.5", "word": "下降"}}, "完成"),
    ({"change": {"value": 3, "word": "下降"}}, {"change": {"value": 1}}, "未完成"),
    # a ceiling: 以内 / 以下 / 不超过, at the bound is met
    ({"value": "5.5", "unit": "%", "qualifier": "以内"}, {"value": "5.5", "unit": "%"}, "完成"),
    ({"value": "5.5", "unit": "%", "qualifier": "以下"}, {"value": "5.6", "unit": "%"}, "未完成"),
    ({"value": 3, "unit": "%", "qualifier": "不超过", "upper": 4}, {"value": "3.5", "unit": "%"}, "完成"),
    # 超过 must be passed; 以上 and a figure without qualifier reached
    ({"value": 600, "unit": "家", "qualifier": "超过"}, {"value": 600, "unit": "家"}, "未完成"),
    ({"value": 600, "unit": "家", "qualifier": "以上"}, {"value": 600, "unit": "家"}, "完成"),
    ({"value": 3, "unit": "万个", "aim": "力争"}, {"value": "2.9", "unit": "万个"}, "未完成"),
    # a range: from its lower bound, above the upper one counts as met
    ({"change": {"value": 8, "upper": 10}}, {"change": {"value": "7.9"}}, "未完成"),
    ({"change": {"value": 8, "upper": 10}}, {"change": {"value": 11}}, "完成"),
    # no rule: another unit, a result without the change a change target needs, words
    ({"value": 3, "unit": "万个"}, {"value": 30000, "unit": "个"}, "待核"),
    ({"change": {"value": 6}}, {"value": 80, "unit": "亿元"}, "待核"),
    ({"text": "全面完成目标任务", "target": True}, {"value": 80, "unit": "亿元"}, "待核"),
])
def test_the_rule(target, result, word):
    target = ind(target=True, period=2023, **{k: v for k, v in target.items() if k != "target"})
    assert review.assess(target, ind(**result))[0] == word


def test_a_build_without_previous_is_the_build_it_was():
    """Without a previous file, target_review:, result_of: and assessment: change nothing: each
    output has the bytes of the same file without them (built with the same content hash)."""
    from govreport import builders

    text = THIS.read_text(encoding="utf-8").replace("  previous: qinghe-2023.yaml\n", "")
    bare = text.replace("    result_of: investment_growth_target\n", "").replace("    assessment: 基本完成\n", "")
    bare = bare.replace("settings:\n  target_review: true\n", "")
    assert bare != text
    built = []
    for t in (text, bare):
        from govreport.loader import load_with_warnings

        path = THIS.parent / "qinghe-bare.yaml"
        report = load_with_warnings(path, t.encode("utf-8"))[0]
        ctx = lambda: builders.BuildContext(source=path, data=b"the same hash")  # noqa: E731
        built.append({n: builders.get(n).build(report, ctx()) for n in builders.BUILDERS})
    for name in builders.BUILDERS:
        assert built[0][name] == built[1][name], name


# The outputs, read back ---------------------------------------------------------------------------

HEAD = ["指标", "预期目标", "实际完成", "完成情况"]


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """qinghe-2024.yaml built (with its previous file), the outputs' folder."""
    out = tmp_path_factory.mktemp("review-out")
    r = run(str(THIS), "--out", str(out))
    assert r.returncode == 0, r.stderr
    return out / THIS.stem


def test_the_deck_shows_the_review_after_the_review_parts_divider(built):
    from pptx import Presentation

    prs = Presentation(str(built / "deck.pptx"))
    titles = [s.shapes.title.text if s.shapes.title is not None else "" for s in prs.slides]
    k = titles.index("2023年主要预期目标完成情况")
    assert titles[k - 1] == "一、2023年工作回顾"  # the divider of the review part, whose notes are its overview
    assert "2023年主要预期目标完成情况（续）" not in titles  # eight rows: one slide
    slide = prs.slides[k]
    tables = [sh.table for sh in slide.shapes if sh.has_table]
    assert len(tables) == 1
    rows = [tuple(squash(c.text) for c in row.cells) for row in tables[0].rows]
    assert rows[0] == tuple(HEAD)
    assert rows[1:] == [tuple(squash(x) for x in row) for row, _ in ROWS]
    notes = slide.notes_slide.notes_text_frame.text
    assert "一般公共预算收入：目标增长6%，实际增长3.2%，未完成。" in notes
    # every frame and the table inside the slide
    for sh in slide.shapes:
        assert sh.left >= 0 and sh.top >= 0 and sh.left + sh.width <= prs.slide_width
        assert sh.top + sh.height <= prs.slide_height


def test_the_brief_shows_the_box_on_its_one_page(built):
    import pdfplumber

    with pdfplumber.open(str(built / "brief.pdf")) as pdf:
        assert len(pdf.pages) == 1
        lines = [squash(l) for l in (pdf.pages[0].extract_text() or "").split("\n")]
    k = lines.index("2023年主要预期目标完成情况")
    assert lines[k + 1] == "".join(HEAD)
    assert lines[k + 2: k + 2 + len(ROWS)] == [squash("".join(row)) for row, _ in ROWS]


def read_report(path: Path) -> tuple[list[str], list[list[tuple[str, ...]]]]:
    import docx

    d = docx.Document(str(path))
    paras = [p.text for p in d.paragraphs]
    tables = [[tuple(squash(c.text) for c in row.cells) for row in t.rows] for t in d.tables]
    return paras, tables


def test_the_report_carries_the_annex_after_the_closing(built):
    paras, tables = read_report(built / "report.docx")
    k = paras.index("上年主要预期目标完成情况")
    closing = next(n for n, p in enumerate(paras) if p.startswith("各位代表，让我们团结奋斗"))
    assert closing < k
    assert "附表1" not in paras or k < paras.index("附表1")  # the indicator tables only with settings.appendix: true
    review = [t for t in tables if t[0] == tuple(HEAD)]
    assert len(review) == 1
    assert review[0][1:] == [tuple(squash(x) for x in row) for row, _ in ROWS]


def test_without_target_review_the_report_has_no_annex_the_deck_and_brief_still_show_it(tmp_path):
    this = copy_pair(tmp_path, ("  target_review: true\n", "  target_review: false\n"))
    r = run(this.name, "--out", "out", "--only", "report,deck", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    paras, tables = read_report(tmp_path / "out" / this.stem / "report.docx")
    assert "上年主要预期目标完成情况" not in paras and not [t for t in tables if t[0] == tuple(HEAD)]
    from pptx import Presentation

    prs = Presentation(str(tmp_path / "out" / this.stem / "deck.pptx"))
    assert "2023年主要预期目标完成情况" in [s.shapes.title.text for s in prs.slides if s.shapes.title is not None]


def test_verify_checks_every_pair_in_each_output(built, tmp_path):
    import shutil

    r = run(str(THIS), "--out", str(built.parent), "--verify-only")
    assert r.returncode == 0, r.stdout + r.stderr
    for p in review.load(THIS, load(THIS)).pairs:
        row = next(l for l in r.stdout.splitlines() if l.split()[:1] == [f"previous.{p.target.id}"])
        assert row.split()[1:] == ["ok", "ok", "ok", "ok"], row  # report, deck, brief, web
    # A hand edit of one cell of the slide's table (未完成 made 完成) is caught, named by its target.
    from pptx import Presentation

    out = tmp_path / "out" / THIS.stem
    shutil.copytree(built, out)
    prs = Presentation(str(out / "deck.pptx"))
    slide = next(s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == "2023年主要预期目标完成情况")
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    cell = table.rows[2].cells[3]
    assert cell.text == "未完成"
    cell.text_frame.paragraphs[0].runs[0].text = "完成"
    prs.save(str(out / "deck.pptx"))
    r = run(str(THIS), "--out", str(tmp_path / "out"), "--verify-only")
    assert r.returncode == 3
    assert any(l.endswith("previous.revenue: deck: differs: 一般公共预算收入: expected «一般公共预算收入 | 增长6% | 增长3.2% | 未完成»")
               for l in r.stderr.splitlines()), r.stderr
    # and one of the web page's rows (its 未完成 made 完成)
    shutil.copy(built / "deck.pptx", out / "deck.pptx")
    page = (out / "report.html").read_text(encoding="utf-8")
    row = next(l for l in page.splitlines() if l.startswith('<tr><th scope="row">一般公共预算收入</th>') and "未完成" in l)
    assert row.endswith("<td><strong>未完成</strong></td></tr>"), row
    (out / "report.html").write_text(page.replace(row, row.replace("<strong>未完成</strong>", "完成")), encoding="utf-8")
    r = run(str(THIS), "--out", str(tmp_path / "out"), "--verify-only")
    assert r.returncode == 3
    wrong = [l.split(": ")[1:3] for l in r.stderr.splitlines() if "differs" in l or "missing" in l]
    assert wrong and {w for w, _ in wrong} <= {"previous.revenue", "revenue"} and {o for _, o in wrong} == {"web"}, r.stderr
    assert any(l.endswith("previous.revenue: web: differs: 一般公共预算收入: expected «一般公共预算收入 | 增长6% | 增长3.2% | 未完成»")
               for l in r.stderr.splitlines()), r.stderr


def review_table(page: Path) -> tuple[list, list[str], list[str], list[list[str]]]:
    """The web page's review table: (its section's place among the page's h2/h3 ids, the caption
    and the head, the body rows as cell texts)."""
    from lxml import html as lxml_html

    doc = lxml_html.fromstring(page.read_bytes())
    heads = [h.get("id") for h in doc.iter("h2", "h3")]
    table = doc.get_element_by_id("review").getparent().find("table")
    caption = table.find("caption").text_content()
    head = [th.text_content() for th in table.find("thead").iter("th")]
    rows = [[c.text_content() for c in tr] for tr in table.find("tbody").iter("tr")]
    return heads, [caption], head, rows


def test_the_web_page_shows_the_review_with_the_review_of_the_year(built):
    """After the review part's overview, before its areas; in the contents under that part; each
    row as the two files give it, its head cells with scope."""
    heads, caption, head, rows = review_table(built / "report.html")
    assert heads[heads.index("part-1") + 1] == "review" and heads[heads.index("review") + 1] == "part-1-1"
    assert caption == ["2023年主要预期目标完成情况"] and head == HEAD
    assert [tuple(r) for r in rows] == [row for row, _ in ROWS]
    page = (built / "report.html").read_text(encoding="utf-8")
    toc = page[page.index('<nav class="toc"'):page.index("</nav>")]
    assert toc.index('href="#part-1"') < toc.index('href="#review"') < toc.index('href="#part-1-1"')
    assert page.count('<th scope="col">完成情况</th>') == 1 and page.count('<th scope="row">新增就业岗位</th>') == 1


# The words, from the templates ---------------------------------------------------------------------

WORDS = {"title": ('"{year}年主要预期目标完成情况"', '"{year}年目标执行对照"'),
         "head": ('["指标", "预期目标", "实际完成", "完成情况"]', '["项目", "年初目标", "全年实际", "评价"]'),
         "met": ("完成", "已完成"), "missed": ("未完成", "未达到"), "unsure": ("待核", "待评估"),
         "no_result": ('"—"', '"无数据"')}
OVERLAID = {"完成": "已完成", "未完成": "未达到", "待核": "待评估", "—": "无数据"}


def overlay(folder: Path) -> Path:
    """A --templates folder with the review's words changed in deck, brief, report and web.yaml."""
    from govreport.paths import builtin_templates

    folder.mkdir()
    for name in ("deck.yaml", "brief.yaml", "report.yaml", "web.yaml"):
        lines = (builtin_templates() / name).read_text(encoding="utf-8").splitlines(keepends=True)
        start = next(n for n, l in enumerate(lines) if l.strip().startswith("review:"))
        for n in range(start + 1, len(lines)):
            key = lines[n].strip().split(":")[0]
            if key in WORDS or key in ("spoken",):
                old, new = WORDS.get(key, ("目标{target}，实际{result}", "年初定{target}，全年{result}"))
                if name == "report.yaml" and key == "title":
                    old, new = "上年主要预期目标完成情况", "附：目标执行对照"
                assert old in lines[n], (name, lines[n])
                lines[n] = lines[n].replace(old, new, 1)
        (folder / name).write_text("".join(lines), encoding="utf-8")
    return folder


def test_an_overlay_changes_the_reviews_words_in_every_output(tmp_path):
    """The title, the heads and 完成/未完成/待核/— from a --templates overlay, in the deck, the brief,
    the report's annex and the web page; an office's own assessment: stays; --verify checks the rows in
    each output's words."""
    import pdfplumber
    from pptx import Presentation

    folder = overlay(tmp_path / "office")
    r = run(str(THIS), "--out", str(tmp_path / "out"), "--templates", str(folder))
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out" / THIS.stem
    head = ("项目", "年初目标", "全年实际", "评价")
    rows = [(label, target, OVERLAID.get(result, result), OVERLAID.get(word, word)) for (label, target, result, word), _ in ROWS]
    assert rows[1][3] == "未达到" and rows[4][3] == "待评估" and rows[5][3] == "基本完成" and rows[7][2:] == ("无数据", "待评估")

    prs = Presentation(str(out / "deck.pptx"))
    slide = next(s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == "2023年目标执行对照")
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    assert [tuple(squash(c.text) for c in row.cells) for row in table.rows] == [head] + [tuple(map(squash, x)) for x in rows]
    assert "一般公共预算收入：年初定增长6%，全年增长3.2%，未达到。" in slide.notes_slide.notes_text_frame.text
    assert "2023年主要预期目标完成情况" not in [s.shapes.title.text for s in prs.slides if s.shapes.title is not None]

    with pdfplumber.open(str(out / "brief.pdf")) as pdf:
        assert len(pdf.pages) == 1
        lines = [squash(l) for l in (pdf.pages[0].extract_text() or "").split("\n")]
    k = lines.index("2023年目标执行对照")
    assert lines[k + 1] == "".join(head)
    assert lines[k + 2: k + 2 + len(rows)] == [squash("".join(row)) for row in rows]

    paras, tables = read_report(out / "report.docx")
    assert "附：目标执行对照" in paras and "上年主要预期目标完成情况" not in paras
    assert [t[1:] for t in tables if t[0] == head] == [[tuple(map(squash, x)) for x in rows]]

    _, caption, web_head, web_rows = review_table(out / "report.html")
    assert caption == ["2023年目标执行对照"] and tuple(web_head) == head
    assert [tuple(x) for x in web_rows] == rows

    r = run(str(THIS), "--out", str(tmp_path / "out"), "--templates", str(folder), "--verify-only")
    assert r.returncode == 0, r.stdout + r.stderr
    for p in review.load(THIS, load(THIS)).pairs:
        row = next(l for l in r.stdout.splitlines() if l.split()[:1] == [f"previous.{p.target.id}"])
        assert row.split()[1:] == ["ok", "ok", "ok", "ok"], row


def test_the_seed_with_a_review_still_fits_one_page_and_names_what_yields(tmp_path):
    """The seed at its minimum with eight review rows: its table's rows yield (named in the note)."""
    import pdfplumber

    from conftest import SEED

    r = run(str(SEED), "--out", str(tmp_path), "--only", "brief", "--previous", str(PREVIOUS))
    assert r.returncode == 0, r.stderr
    with pdfplumber.open(str(tmp_path / SEED.stem / "brief.pdf")) as pdf:
        assert len(pdf.pages) == 1
        text = squash(pdf.pages[0].extract_text() or "")
    assert "2023年主要预期目标完成情况" in text and squash("地区生产总值增长5.5%左右增长12.8%完成") in text
    assert re.search(r"brief\.pdf: note: table: \d+ of 100 rows left out to keep the brief on one page", r.stdout)


def test_the_review_slide_renders_with_every_row_on_it(built, soffice_pdf):
    """LibreOffice's rendering of the deck: the review slide's page holds every row's words."""
    pdf = soffice_pdf(built / "deck.pptx")
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    page = next(squash(p) for p in pages if "2023年主要预期目标完成情况" in squash(p))
    for (label, target, result, word), _ in ROWS:
        for text in (target, result, word):
            assert squash(text) in page, text
    assert "未完成" in page and "基本完成" in page


def test_a_changed_previous_file_rebuilds_the_outputs(tmp_path):
    """Last year's file is an input: the manifest records its hash, so a build after it changed
    (nothing else did) writes the new review, not 'unchanged'."""
    this = copy_pair(tmp_path)
    out = tmp_path / "out"
    assert run(str(this), "--out", str(out)).returncode == 0
    folder = out / this.stem
    before = {n: (folder / n).read_bytes() for n in ("deck.pptx", "brief.pdf")}
    again = run(str(this), "--out", str(out))
    assert again.returncode == 0
    assert {n: (folder / n).read_bytes() for n in before} == before  # nothing changed: the same files
    previous = tmp_path / PREVIOUS.name
    text = previous.read_text(encoding="utf-8")
    old = 'change: {value: 6, unit: "%"}'  # 一般公共预算收入's target, 增长6%
    assert old in text
    previous.write_text(text.replace(old, 'change: {value: 9.9, unit: "%"}', 1), encoding="utf-8")
    r = run(str(this), "--out", str(out))
    assert r.returncode == 0, r.stderr
    from pptx import Presentation
    prs = Presentation(str(folder / "deck.pptx"))
    tables = [sh.table for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == "2023年主要预期目标完成情况"
              for sh in s.shapes if sh.has_table]
    assert tables and any("9.9%" in "".join(c.text.split()) for row in tables[0].rows for c in row.cells), \
        "the deck still shows last year's old target after the previous file changed"
    assert run(str(this), "--out", str(out), "--verify-only").returncode == 0
