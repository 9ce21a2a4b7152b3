"""The importer's figures, labels and targets on the shapes real reports write (short texts made up
for each shape): each draft is loaded as a user's --check loads it and read back."""

from __future__ import annotations

import pytest

from govreport import importer
from govreport.loader import load

HEAD = """# 政府工作报告

——2026年1月20日在临江市第十届人民代表大会第三次会议上

临江市市长 王明

各位代表：

现在，我代表临江市人民政府向大会报告工作，请予审议。

## 一、2025年工作回顾

"""
PLAN = "\n\n## 二、2026年工作安排\n\n"


def draft(tmp_path, review: str, plan: str = "今年要统筹做好各项工作。"):
    path = tmp_path / "draft.yaml"
    path.write_text(importer.to_yaml(importer.parse(HEAD + review + PLAN + plan)), encoding="utf-8")
    report = load(path)
    texts = [report.render(p.text) for _, _, p in report.paragraphs()]
    return report, texts, path.read_text(encoding="utf-8")


def by_value(report, text: str):
    found = [i for i in report.indicators.values() if i.value_text == text]
    assert len(found) == 1, (text, [(i.id, i.value_text) for i in report.indicators.values()])
    return found[0]


def test_a_figure_and_its_change_after_a_pause_mark_are_one_indicator(tmp_path):
    src = "全市地区生产总值7232亿元、增长5.6%，一般公共预算收入580.5亿元，增长3.1%。"
    report, texts, _ = draft(tmp_path, src)
    gdp, revenue = by_value(report, "7232亿元"), by_value(report, "580.5亿元")
    assert (gdp.label, gdp.change.text, gdp.change.word) == ("全市地区生产总值", "5.6%", "增长")
    assert (revenue.label, revenue.change.text) == ("一般公共预算收入", "3.1%")
    assert len(report.indicators) == 2  # no change-only indicator with an empty label
    assert src in texts


def test_a_change_list_gives_each_figure_its_own_label(tmp_path):
    src = "城镇、农村居民人均可支配收入分别增长4.5%、6.2%。"
    report, texts, _ = draft(tmp_path, src)
    labels = sorted((i.label, i.change.text) for i in report.indicators.values())
    assert labels == [("农村居民人均可支配收入", "6.2%"), ("城镇居民人均可支配收入", "4.5%")]
    assert src in texts


def test_a_value_list_after_fenbie_gives_each_figure_its_own_label(tmp_path):
    src = "农村卫生厕所普及率、生活垃圾分类覆盖率、生活污水治理率分别提高到88%、83.6%、70%。"
    report, texts, _ = draft(tmp_path, src)
    assert [i.label for i in report.indicators.values()] == ["农村卫生厕所普及率", "生活垃圾分类覆盖率", "生活污水治理率"]
    assert src in texts


def test_a_figure_a_change_started_from_stays_text(tmp_path):
    src = "全市森林覆盖率从40.2%提高到42.5%。"
    report, texts, _ = draft(tmp_path, src)
    assert [(i.label, i.value_text) for i in report.indicators.values()] == [("全市森林覆盖率", "42.5%")]
    assert src in texts


def test_no_figure_inside_a_name_or_from_a_list_marker(tmp_path):
    src = "建成30万吨级航道2条，打造千亿级产业集群3个。详见附件2名词解释。"
    report, texts, _ = draft(tmp_path, src)
    values = sorted(i.value_text for i in report.indicators.values())
    assert values == ["2条", "3个"]
    assert src in texts


def test_a_figure_without_a_label_stays_text_and_its_paragraph_says_so(tmp_path):
    src = "持续推进，完成5项。"
    report, texts, yaml_text = draft(tmp_path, src)
    assert not any(i.value_text == "5项" for i in report.indicators.values())
    assert src in texts
    assert "# check: no label found for 5项: kept as text" in yaml_text


def test_chao_is_a_qualifier(tmp_path):
    report, texts, _ = draft(tmp_path, "新增经营主体超2000户。")
    firms = by_value(report, "超2000户")
    assert (firms.qualifier, str(firms.value), firms.unit) == ("超", "2000", "户")


def test_change_words_and_qualifiers_of_real_reports(tmp_path):
    src = ("居民消费价格上涨0.3%。高技术产业投资增长20%以上。单位地区生产总值能耗降低3.1%。"
           "城乡居民收入差距缩小0.2个百分点。")
    report, texts, _ = draft(tmp_path, src)
    changes = sorted((i.change.word, i.change.text) for i in report.indicators.values())
    assert changes == [("上涨", "0.3%"), ("增长", "20%以上"), ("缩小", "0.2个百分点"), ("降低", "3.1%")]
    assert src in texts


def test_spans_and_other_years(tmp_path):
    src = ("“十四五”时期，全市地区生产总值年均增长5.9%。细颗粒物平均浓度比2020年下降25%。"
           "2025年全市常住人口城镇化率达到67.4%。到2030年，数字经济核心产业增加值达到5000亿元。")
    report, texts, _ = draft(tmp_path, src)
    inds = list(report.indicators.values())
    per_year = next(i for i in inds if i.change and i.change.text == "5.9%")
    assert per_year.change.per_year and str(per_year.period) == "2021-2025"
    base = next(i for i in inds if i.change and i.change.text == "25%")
    assert base.change.base == 2020 and base.period == 2025
    assert by_value(report, "67.4%").period == 2025
    assert by_value(report, "5000亿元").period == 2030
    review = report.review_indicators
    assert per_year not in review and by_value(report, "5000亿元") not in review and by_value(report, "67.4%") in review
    assert src in texts


TARGETS = ("今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，在实际工作中努力争取更好结果；"
           "城镇调查失业率控制在5.5%左右，城镇新增就业30万人以上；居民消费价格涨幅2%左右；"
           "居民收入增长与经济增长同步；粮食产量超过500亿斤；完成国家下达的节能降碳任务。")


def targets(report):
    return [(t.value_text if t.value is not None else t.text) for t in report.target_indicators]


def test_targets_in_their_own_paragraph_in_order_with_the_rider_on_the_target_before(tmp_path):
    report, texts, _ = draft(tmp_path, "全年地区生产总值增长5.2%。", TARGETS)
    assert targets(report) == ["5%左右", "5.5%左右", "30万人以上", "2%左右", "居民收入增长与经济增长同步", "超过500亿斤",
                               "完成国家下达的节能降碳任务"]
    assert [t.period for t in report.target_indicators] == [2026] * 7
    gdp = report.target_indicators[0]
    if "rider" in type(gdp).model_fields:
        assert gdp.rider == "在实际工作中努力争取更好结果"
    assert TARGETS in texts


def test_targets_mid_paragraph_in_the_review_part_and_without_yuqi(tmp_path):
    review = "今年是开局之年。今年经济社会发展主要目标是：地区生产总值增长5%，一般公共预算收入增长3%左右。重点做好八方面工作。"
    report, texts, _ = draft(tmp_path, review)
    assert targets(report) == ["5%", "3%左右"]
    assert review in texts


def test_the_five_year_plans_aims_are_no_targets_of_the_year(tmp_path):
    plan = ("“十五五”时期经济社会发展的主要目标是：地区生产总值年均增长5%左右，居民收入增长与经济增长同步。"
            "\n\n主要预期目标是：地区生产总值增长5%左右，城镇新增就业12万人。")
    report, _, _ = draft(tmp_path, "全年地区生产总值增长5.2%。", plan)
    assert targets(report) == ["5%左右", "12万人"]


def test_a_target_list_going_on_past_its_full_stop_and_a_fenbie_clause(tmp_path):
    plan = ("主要预期目标是：地区生产总值增长5%左右，城镇、农村居民人均可支配收入分别增长5%、6%左右。"
            "单位地区生产总值能耗下降3%左右。反映转型成效的预期性指标增长高于经济增速。这些目标考虑了各方面因素。")
    report, texts, _ = draft(tmp_path, "全年地区生产总值增长5.2%。", plan)
    assert targets(report) == ["5%左右", "5%", "6%左右", "3%左右", "反映转型成效的预期性指标增长高于经济增速"]
    labels = [t.label for t in report.target_indicators]
    assert labels[1:3] == ["城镇居民人均可支配收入增长", "农村居民人均可支配收入增长"]
    assert plan.replace("\n\n", "") in "".join(texts)


@pytest.mark.parametrize("written,value,upper", [
    ("5%—5.5%", "5", "5.5"), ("5%-5.5%", "5", "5.5"), ("4.5-5%", "4.5", "5"), ("5%到5.5%", "5", "5.5"), ("2—4家", "2", "4"),
])
def test_ranges_are_one_figure_written_back_exactly(tmp_path, written, value, upper):
    plan = f"主要预期目标是：地区生产总值增长{written}，城镇新增就业12万人。"
    report, texts, _ = draft(tmp_path, "全年地区生产总值增长5.2%。", plan)
    gdp = report.target_indicators[0]
    assert (str(gdp.value), str(gdp.upper), gdp.value_text) == (value, upper, written)
    assert plan in texts
