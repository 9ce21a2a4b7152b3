"""The importer's structure on the shapes real reports have beyond the seed (short made-up plain texts):
run-in 一是/二是 areas, annexes and a glossary after the closing, a closing paragraph between two areas,
a heading line of its own. Each draft is imported as a user imports it, loaded as --check loads it, and
read back (the body and annexes as the model holds them, report.docx's text as Word shows it)."""

from __future__ import annotations

import contextlib
import io

from govreport.importer import main
from govreport.loader import load

HEAD = """2026年临江省政府工作报告
——2026年1月27日在临江省第十四届人民代表大会第四次会议上
省长 王明
各位代表：
现在，我代表省人民政府向大会报告工作，请予审议。
"""
REVIEW_RUN_IN = """一、2025年工作回顾
过去一年，我们主要做了以下工作。
一是经济运行稳中有进。地区生产总值达到5000亿元，增长5.2%。
二是科技创新加快发展。新建重点实验室12家。
三是民生保障持续加强。城镇新增就业30万人。
这些成绩来之不易。
"""
PLAN = """二、2026年重点工作
（一）扩大有效需求。推动消费提质升级。
稳定投资规模，实施重点项目200个。
各位代表！今年，我们继续安排10件民生实事，件件抓好落实。
（二）发展新质生产力。实施科技创新行动。
培育壮大新兴产业。
各位代表！让我们团结一心，奋勇争先！
"""
ANNEXES = """附件1
2026年省十件民生实事
1.新增普惠托育托位3000个。
2.改造老旧小区500个。
3.新建社区食堂100家。
附件2
名词解释
1.“一网通办”：政务服务事项在一个网上平台办理。
2.“高效办成一件事”：多个相关事项一次办理。
"""


def imported(tmp_path, text: str):
    src = tmp_path / "report.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "report.yaml"
    with contextlib.redirect_stderr(io.StringIO()) as err:
        code = main([str(src), "-o", str(out), "--force"])
    assert code == 0, err.getvalue()
    return load(out), out


def review_figures(tmp_path, review: str):
    """(report, its indicators by the figure as the text writes it) of a draft with this review part."""
    report, _ = imported(tmp_path, HEAD + review + PLAN)
    return report, {i.value_text or i.change_text: i for i in report.indicators.values()}


def test_yi_shi_paragraphs_are_run_in_areas(tmp_path):
    report, _ = imported(tmp_path, HEAD + REVIEW_RUN_IN + PLAN)
    part = report.body.parts[0]
    assert [a.heading for a in part.areas] == ["一是经济运行稳中有进。", "二是科技创新加快发展。", "三是民生保障持续加强。"]
    assert all(a.run_in for a in part.areas)
    assert report.render(part.areas[0].paragraphs[0].text) == "地区生产总值达到5000亿元，增长5.2%。"
    assert [p.text for p in part.intro] == ["过去一年，我们主要做了以下工作。"]
    assert [p.text for p in part.closing] == ["这些成绩来之不易。"]


def test_one_yi_shi_paragraph_is_no_list_of_areas(tmp_path):
    review = "一、2025年工作回顾\n一是经济运行稳中有进，地区生产总值达到5000亿元。\n全年工作扎实推进。\n"
    report, _ = imported(tmp_path, HEAD + review + PLAN)
    assert report.body.parts[0].areas == ()


def test_plain_paragraphs_after_an_area_stay_in_it_and_a_closing_between_areas_keeps_its_place(tmp_path):
    report, _ = imported(tmp_path, HEAD + REVIEW_RUN_IN + PLAN)
    first, second = report.body.parts[1].areas
    texts = [report.render(p.text) for p in first.paragraphs]
    assert texts == ["推动消费提质升级。", "稳定投资规模，实施重点项目200个。", "各位代表！今年，我们继续安排10件民生实事，件件抓好落实。"]
    assert [report.render(p.text) for p in second.paragraphs] == ["实施科技创新行动。", "培育壮大新兴产业。"]
    assert [p.text for p in report.body.closing] == ["各位代表！让我们团结一心，奋勇争先！"]


def test_annexes_and_glossary_after_the_closing_are_no_parts(tmp_path):
    report, out = imported(tmp_path, HEAD + REVIEW_RUN_IN + PLAN + ANNEXES)
    assert [p.heading for p in report.body.parts] == ["一、2025年工作回顾", "二、2026年重点工作"]
    assert [p.text for p in report.body.closing] == ["各位代表！让我们团结一心，奋勇争先！"]
    [annex] = report.annexes
    assert (annex.label, annex.title, annex.numbering) == ("附件1", "2026年省十件民生实事", "1.")
    assert [report.render(p.text) for p in annex.items] == ["新增普惠托育托位3000个。", "改造老旧小区500个。", "新建社区食堂100家。"]
    g = report.glossary
    assert (g.label, g.title, g.numbering) == ("附件2", "名词解释", "1.")
    assert [(t.term, t.text) for t in g.terms] == [("“一网通办”", "政务服务事项在一个网上平台办理。"),
                                                  ("“高效办成一件事”", "多个相关事项一次办理。")]
    # The list of the plan year's 民生实事: its figures are the plan year's, in a group of its own.
    [托位] = [i for i in report.indicators.values() if i.value_text == "3000个"]
    assert (托位.period.year, 托位.target, report.groups[托位.group]) == (2026, False, "2026年省十件民生实事")
    assert report.render(annex.items[0].text) == "新增普惠托育托位3000个。"


def test_a_numbered_annex_in_chinese_numerals_and_a_glossary_with_markers(tmp_path):
    annexes = ("附件 2026年省政府民生实事\n一、新增托位3000个。\n二、改造老旧小区500个。\n注释\n"
               "［1］智慧城市试点：城市数字化治理试点。\n［2］“一网通办”：在一个网上平台办理。\n")
    report, _ = imported(tmp_path, HEAD + REVIEW_RUN_IN + PLAN + annexes)
    [annex] = report.annexes
    assert (annex.label, annex.title, annex.numbering, len(annex.items)) == ("附件", "2026年省政府民生实事", "一、", 2)
    g = report.glossary
    assert (g.label, g.title, g.numbering, [t.term for t in g.terms]) == (None, "注释", "［1］", ["智慧城市试点", "“一网通办”"])


def test_a_heading_line_of_its_own_is_not_joined_to_the_next(tmp_path):
    review = "“十四五”时期发展成就和2025年工作回顾\n五年来，全省经济实力稳步提升。\n" + REVIEW_RUN_IN
    report, _ = imported(tmp_path, HEAD + review + PLAN)
    assert [p.text for p in report.body.opening][-2:] == ["“十四五”时期发展成就和2025年工作回顾", "五年来，全省经济实力稳步提升。"]


def test_report_docx_reads_as_the_source(tmp_path):
    """Every paragraph of the source, in order, in the built report.docx (the annexes after the body)."""
    import docx

    from govreport.builders import BuildContext, get

    text = HEAD + REVIEW_RUN_IN + PLAN + ANNEXES
    report, out = imported(tmp_path, text)
    data = get("report").build(report, BuildContext(source=out, data=out.read_bytes()))
    (tmp_path / "report.docx").write_bytes(data)
    paras = [p.text.replace("\n", "") for p in docx.Document(str(tmp_path / "report.docx")).paragraphs if p.text.strip()]
    paras = paras[: paras.index("附表1")] if "附表1" in paras else paras  # the builder's table of figures
    assert paras == [line for line in text.splitlines() if line.strip()]


def test_a_change_with_its_qualifier_is_printed_once(tmp_path):
    review = "一、2025年工作回顾\n集成电路产业规模增长超20%，高技术制造业投资增长10%以上，全年工作扎实推进。\n"
    report, _ = imported(tmp_path, HEAD + review + PLAN)
    texts = [report.render(p.text) for _, _, p in report.paragraphs()]
    assert "集成电路产业规模增长超20%，高技术制造业投资增长10%以上，全年工作扎实推进。" in texts


def test_figures_of_a_five_year_part_are_the_spans(tmp_path):
    """二、“十四五”时期发展成就 … 三、“十五五”时期主要目标: their figures are 2021-2025 and 2026-2030, unless
    their clause names a year; only the review year's figures are the review's."""
    five = ("二、“十四五”时期发展成就\n全省累计新增城镇就业150万人，2025年全省常住人口城镇化率达到65.2%。\n"
            "三、“十五五”时期主要目标\n全省新建高标准农田300万亩，到2030年数字经济核心产业增加值达到8000亿元。\n")
    report, _ = imported(tmp_path, HEAD + REVIEW_RUN_IN + five + PLAN.replace("二、", "四、"))
    by_value = {i.value_text: i for i in report.indicators.values()}
    assert str(by_value["150万人"].period) == "2021-2025" and by_value["65.2%"].period == 2025
    assert str(by_value["300万亩"].period) == "2026-2030" and by_value["8000亿元"].period == 2030
    assert by_value["5000亿元"].period == 2025 and by_value["200个"].period == 2026
    assert by_value["150万人"] not in report.review_indicators and by_value["65.2%"] in report.review_indicators


def test_a_review_and_a_plan_under_unnumbered_headings_are_read_as_such(tmp_path):
    """The review and the plan under headings of their own before the numbered parts (“十四五”时期发展成就和
    2025年工作回顾, “十五五”时期主要目标和2026年重点工作, 一、… inside the second): the structure stays the
    source's (the headings are the opening's lines, the numbered parts the parts), the review's figures are
    the review year's headline figures, its five-year paragraph's figures the span's, and every numbered
    part is the plan's."""
    text = HEAD + (
        "“十四五”时期发展成就和2025年工作回顾\n"
        "——这五年综合实力大幅提升。经济总量达到6000亿元，累计新增城镇就业150万人。\n"
        "刚刚过去的2025年，我们统筹推进各项工作。地区生产总值增长5.2%，一般公共预算收入达到400亿元、增长3.1%。\n"
        "“十五五”时期主要目标和2026年重点工作\n"
        "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；城镇新增就业30万人以上。\n"
        "一、扩大有效需求\n（一）推动消费提质升级。实施重点项目200个。\n（二）稳定投资规模。新建产业园区12个。\n"
        "二、发展新质生产力\n（一）实施科技创新行动。新增高新技术企业800家。\n（二）培育壮大新兴产业。建设算力中心3个。\n"
        "各位代表！让我们团结一心，奋勇争先！\n")
    report, _ = imported(tmp_path, text)
    assert [p.heading for p in report.body.parts] == ["一、扩大有效需求", "二、发展新质生产力"]
    assert "“十四五”时期发展成就和2025年工作回顾" in [p.text for p in report.body.opening]
    by_value = {i.value_text or i.change_text: i for i in report.indicators.values()}
    assert str(by_value["6000亿元"].period) == "2021-2025" and str(by_value["150万人"].period) == "2021-2025"
    assert by_value["400亿元"].period == 2025 and by_value["5.2%"].period == 2025
    headlines = report.headline_indicators
    assert {i.label for i in headlines} >= {"地区生产总值", "一般公共预算收入"}
    assert all(report.is_review(i) for i in headlines)
    assert report.groups["review"] == "“十四五”时期发展成就和2025年工作回顾"
    for v in ("200个", "12个", "800家", "3个"):
        assert by_value[v].period == 2026 and by_value[v] not in report.review_indicators, v
    assert [i.value_text or i.change_text for i in report.target_indicators] == ["5%左右", "30万人以上"]


def test_a_paragraph_opening_with_the_five_years_is_for_the_span(tmp_path):
    """五年来，… / ——这五年… in a part that mixes the year and the five-year plan: the paragraph's figures are
    2021-2025 (unless their clause names a year), the year's paragraphs stay the year's."""
    review = ("一、2025年和“十四五”时期工作回顾\n过去一年，地区生产总值增长5.2%。\n"
              "五年来，全省经济实力稳步提升。高速公路通车里程达到8000公里，2025年新增城镇就业30万人。\n")
    report, by_value = review_figures(tmp_path, review)
    assert str(by_value["8000公里"].period) == "2021-2025"
    assert by_value["30万人"].period == 2025 and by_value["5.2%"].period == 2025


def test_the_five_years_named_after_a_framing_sentence_carry_into_the_paragraphs_that_continue_them(tmp_path):
    """各位代表！2025年是“十四五”收官之年。五年来，… then ——…实现新跃升。 paragraphs (山东省's form): the
    ——paragraphs continue the five years, and their figures are the span's, so none is proposed as the
    year's headline; the first paragraph after them that is no ——paragraph is the year's again. A run of
    ——paragraphs after a paragraph of the year (江苏省's form: 刚刚过去的2025年，…) stays the year's."""
    review = ("一、2025年及“十四五”时期工作回顾\n"
              "过去一年，地区生产总值增长5.2%，一般公共预算收入达到400亿元。\n"
              "各位代表！2025年是“十四五”收官之年。五年来，我们砥砺奋进，现代化建设实现良好开局。\n"
              "——经济综合实力实现新跃升。民营经济增加值增长31.6%，人均生产总值提升至10.26万元。\n"
              "——现代化产业体系实现新跃升。标志性产业链达到19条。\n"
              "这些成绩的取得，离不开全省上下的共同奋斗。全年新增城镇就业30万人。\n")
    report, by_value = review_figures(tmp_path, review)
    for v in ("31.6%", "10.26万元", "19条"):
        assert str(by_value[v].period) == "2021-2025", v
        assert not by_value[v].headline, v
    assert by_value["5.2%"].period == 2025 and by_value["30万人"].period == 2025
    year = ("一、2025年工作回顾\n各位代表，刚刚过去的2025年，全省经济运行总体平稳，地区生产总值增长5.3%。\n"
            "——“向新”的动能持续增强。新增高新技术企业800家。\n")
    report, _ = imported(tmp_path, HEAD + year + PLAN)
    by_value = {i.value_text or i.change_text: i for i in report.indicators.values()}
    assert by_value["800家"].period == 2025 and by_value["5.3%"].period == 2025


ANNEX_OF_PARAGRAPHS = ("附件\n2026年省政府民生实事项目说明\n今年安排的民生实事，聚焦群众急难愁盼。\n"
                       "新增普惠托育托位3000个，改造老旧小区500个。\n")


def test_an_annex_of_paragraphs_keeps_its_title_and_every_paragraph(tmp_path):
    """附件 on its own line, the title on the next, then paragraphs (no numbered list): the title stays the
    title and the first paragraph the first paragraph (it was glued to the title, and an annex of one
    paragraph was left with none and dropped)."""
    title, first, second = ANNEX_OF_PARAGRAPHS.splitlines()[1:]
    for annex_text, paragraphs in ((ANNEX_OF_PARAGRAPHS, [first, second]),
                                   ("\n".join(ANNEX_OF_PARAGRAPHS.splitlines()[:3]) + "\n", [first]),
                                   (f"附件1 {title}\n{first}\n", [first])):
        report, out = imported(tmp_path, HEAD + REVIEW_RUN_IN + PLAN + annex_text)
        [annex] = report.annexes
        assert (annex.label, annex.title) == (annex_text.split()[0], title), annex_text
        assert annex.items == ()
        assert [report.render(p.text) for p in annex.paragraphs] == paragraphs, annex_text


def test_an_annex_without_a_title_line_keeps_its_first_paragraph(tmp_path):
    """附件 followed straight by a sentence: that sentence is the annex's text, never its title."""
    first = ANNEX_OF_PARAGRAPHS.splitlines()[2]
    report, _ = imported(tmp_path, HEAD + REVIEW_RUN_IN + PLAN + f"附件\n{first}\n")
    [annex] = report.annexes
    assert annex.title != first
    assert [report.render(p.text) for p in annex.paragraphs] == [first]


def test_the_figures_of_an_annex_are_the_year_its_title_names(tmp_path):
    """An annex's figures are the plan year's when its title names the plan year (or it lists 民生实事 and
    names no year), the review year's when it names the review year, and text in any other annex."""
    def annex_figures(title: str):
        text = HEAD + REVIEW_RUN_IN + PLAN + f"附件\n{title}\n1.新增普惠托育托位3000个。\n2.改造老旧小区500个。\n"
        report, _ = imported(tmp_path, text)
        [annex] = report.annexes
        assert [report.render(q.text) for q in annex.items] == ["新增普惠托育托位3000个。", "改造老旧小区500个。"]
        return report, [i for i in report.indicators.values() if i.value_text in ("3000个", "500个")]

    for title, year in (("2026年省十件民生实事", 2026), ("省政府民生实事项目", 2026), ("2025年民生实事完成情况", 2025)):
        report, got = annex_figures(title)
        assert len(got) == 2 and all(i.period.year == year and not i.target for i in got), title
        assert all(report.is_review(i) == (year == 2025) for i in got), title
        assert not any(i.headline for i in got), title
    for title in ("有关情况说明", "“十四五”时期民生实事", "2024年民生实事"):
        assert annex_figures(title)[1] == [], title


def test_headline_proposals_take_the_key_figures_of_the_review_after_a_short_summary(tmp_path):
    """A summary with one figure: the review's key figures of its later areas are proposed after it (an
    area of small counts first is not), a five-year figure never."""
    review = ("一、2025年工作回顾\n过去一年，全省地区生产总值增长5.2%。\n"
              "（一）科技创新加快发展。新建重点实验室12家，新增孵化器3家。\n"
              "（二）经济运行稳中有进。社会消费品零售总额增长4%，进出口总额增长6%，一般公共预算收入增长3%"
              "。五年来，固定资产投资年均增长7%。\n")
    report, _ = imported(tmp_path, HEAD + review + PLAN)
    proposed = [i.label for i in report.indicators.values() if i.headline]
    assert proposed == ["全省地区生产总值", "社会消费品零售总额", "进出口总额", "一般公共预算收入"]


def test_an_annex_with_a_title_and_no_text_is_kept_and_asked_for(tmp_path):
    """附件1 and its title with no text after it (the list left out of the draft): the annex is kept, not
    dropped unsaid; the draft says what to add and --check names the annex; the glossary after it stays."""
    from conftest import run_build

    annexes = "附件1\n2026年省政府民生实事项目清单\n附件2\n名词解释\n1.“一网通办”：政务服务事项在一个网上平台办理。\n"
    src = tmp_path / "report.txt"
    src.write_text(HEAD + REVIEW_RUN_IN + PLAN + annexes, encoding="utf-8")
    out = tmp_path / "report.yaml"
    with contextlib.redirect_stderr(io.StringIO()) as err:
        assert main([str(src), "-o", str(out), "--force"]) == 0
    assert "to complete" in err.getvalue()
    lines = out.read_text(encoding="utf-8").splitlines()
    at = lines.index("  - label: 附件1")
    assert lines[at + 1] == "    title: 2026年省政府民生实事项目清单"
    assert lines[at + 2].startswith("    paragraphs: []  # check: no text after the annex's title")
    r = run_build(str(out), "--check")
    assert r.returncode == 2 and f"{out}:{at + 1}:" in r.stderr and "annexes[0]" in r.stderr, r.stderr
    assert "glossary" not in r.stderr


def test_a_target_in_words_is_labelled_by_its_thing_never_by_the_whole_statement(tmp_path):
    """A target stated in words without a target verb (固定资产投资提质增效, 进出口稳量提质) or in step with
    another (居民人均可支配收入与经济增长同步): its label is the thing, and what every output writes after it
    (``figures.target_phrase``) is the rest, never the label again (天津市's deck read 固定资产投资提质增效 |
    固定资产投资提质增效)."""
    from govreport import figures

    targets = ("今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；固定资产投资提质增效；进出口稳量提质；"
               "居民人均可支配收入与经济增长同步；城镇调查失业率5.5%左右。\n")
    report, _ = imported(tmp_path, HEAD + REVIEW_RUN_IN + targets + PLAN)
    words = {i.text: i for i in report.target_indicators if figures.qualitative(i)}
    want = {"固定资产投资提质增效": ("固定资产投资", "提质增效"), "进出口稳量提质": ("进出口", "稳量提质"),
            "居民人均可支配收入与经济增长同步": ("居民人均可支配收入", "与经济增长同步")}
    assert {t: (i.label, figures.target_phrase(i)) for t, i in words.items()} == want


def test_a_figure_of_the_whole_year_in_a_part_of_the_five_years_is_the_years(tmp_path):
    """In a review of the five years only (一、“十四五”时期工作回顾, 山西省's form), 全年GDP增长4% and
    去年… are the review year's figures, and may be its headline; the part's other figures stay the
    span's."""
    review = ("一、“十四五”时期工作回顾\n"
              "“十四五”时期是极不平凡的五年。地区生产总值超过2.5万亿元、年均增长5%，新建高速公路800公里。\n"
              "全年GDP增长4%，规上原煤产量13.05亿吨。去年城镇新增就业45万人。\n")
    report, by_value = review_figures(tmp_path, review)
    for v in ("4%", "13.05亿吨", "45万人"):
        assert by_value[v].period == 2025, (v, by_value[v].period)
    assert str(by_value["800公里"].period) == "2021-2025"
    assert "4%" in {i.change_text for i in report.headline_indicators}


def test_a_paragraph_opening_with_the_review_year_in_a_part_of_the_five_years_is_the_years(tmp_path):
    """一、“十四五”时期经济社会发展回顾 with 这五年… paragraphs and one opening 刚刚过去的2025年，… (河北省's
    form): that paragraph's figures are the review year's, and its key figures the headline; the 这五年
    paragraphs' stay the span's."""
    review = ("一、“十四五”时期经济社会发展回顾\n"
              "这五年，经济实力跃上新台阶。高速公路通车里程达到9000公里。\n"
              "刚刚过去的2025年，我们顶住压力、迎难而上，经济回升向好态势持续巩固。全省生产总值增长5.6%，"
              "一般公共预算收入增长2%，固定资产投资增长6.1%。\n")
    report, by_value = review_figures(tmp_path, review)
    for v in ("5.6%", "2%", "6.1%"):
        assert by_value[v].period == 2025, (v, by_value[v].period)
    assert str(by_value["9000公里"].period) == "2021-2025"
    assert {"5.6%", "2%", "6.1%"} <= {i.change_text for i in report.headline_indicators}


def test_the_level_a_from_to_of_the_five_years_reached_is_the_review_years(tmp_path):
    """这五年，…高铁里程由2110公里增至3055公里: the level reached (3055公里) is the review year's, the one
    it started from stays text; a change over the five years (年均增长5.9%) stays the span's."""
    review = ("一、“十四五”时期工作回顾\n"
              "这五年，经济实力跃上新台阶。地区生产总值年均增长5.9%，高铁里程由2110公里增至3055公里，"
              "一般公共预算收入从3800亿元增长到4398.6亿元。\n")
    report, by_value = review_figures(tmp_path, review)
    assert by_value["3055公里"].period == 2025 and by_value["4398.6亿元"].period == 2025
    assert "2110公里" not in by_value and "3800亿元" not in by_value
    assert str(by_value["5.9%"].period) == "2021-2025"
