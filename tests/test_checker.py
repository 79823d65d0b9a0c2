"""The number checker's matching rules, one spec sentence at a time, and its Python API."""

from __future__ import annotations

import pytest
from paths import EXAMPLES

from assistant.checker import CheckReport, Flag, check_draft, check_text
from assistant.draftfile import Draft
from assistant.facts import Fact, FactSet, build_facts
from assistant.notes import load_notes
from assistant.units import UnitKind, unit_kind

YEAR = 2025


def fact(fid: str, value: float, unit: str, kind: UnitKind | None = None,
         label: str = "指标") -> Fact:
    text = f"{value:g}{unit}"
    return Fact(fid, label, value, unit, kind or unit_kind(unit), text, text, "stated")


def facts(*items: Fact) -> FactSet:
    return FactSet(list(items))


GROWTH = facts(fact("gmv.yoy", 24.15, "%", label="GMV同比"))


def flagged(text: str, fs: FactSet) -> list[str]:
    return [f.text for f in check_text(text, fs, year=YEAR)]


# -- rounding to the written precision ------------------------------------------------

@pytest.mark.parametrize("written", ["24.2%", "24%", "24.15%", "两成"])
def test_a_fact_supports_every_rounding_of_itself(written: str) -> None:
    assert flagged(f"GMV增长{written}", GROWTH) == []


@pytest.mark.parametrize("written", ["25%", "23%", "24.3%", "三成"])
def test_a_wrong_rounding_is_flagged(written: str) -> None:
    assert flagged(f"GMV增长{written}", GROWTH) == [written]


def test_rounding_down_a_fact_that_rounds_up_is_flagged() -> None:
    fs = facts(fact("gmv.yoy", 5860 / 4720 * 100 - 100, "%"))  # 24.1525...
    assert flagged("GMV增长24.2%", fs) == []
    assert flagged("GMV增长24.1%", fs) == ["24.1%"]


# -- qualifier windows ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "ok"), [
    ("增长超过20%", True), ("增长超过30%", False), ("增长逾20%", True), ("增长20%以上", True),
    ("增长突破20%", True), ("增长超过24%", True), ("增长超过19.4%", True), ("增长超过19.3%", False),
    ("增长近25%", True), ("增长近30%", False), ("增长接近25%", True), ("增长不到25%", True),
    ("增长不足26%", True), ("增长不到24%", False), ("增长将近26.8%", True), ("增长将近27%", False),
])
def test_over_and_under_windows(text: str, ok: bool) -> None:
    assert (flagged(text, GROWTH) == []) is ok


@pytest.mark.parametrize(("value", "text", "ok"), [
    (10.0, "约10%", True), (9.2, "约10%", True), (10.0, "约12%", False),
    (10.0, "10%左右", True), (10.0, "大约11%", True), (10.0, "11.2%上下", False),
])
def test_about_window_is_ten_percent_either_side(value: float, text: str, ok: bool) -> None:
    fs = facts(fact("x", value, "%"))
    assert (flagged(f"净利率{text}", fs) == []) is ok


def test_qualifier_on_a_magnitude_uses_the_converted_value() -> None:
    fs = facts(fact("gmv", 5860, "万元"))
    assert flagged("GMV突破5000万元", fs) == []
    assert flagged("GMV近6000万元", fs) == []
    assert flagged("GMV近0.6亿元", fs) == []
    assert flagged("GMV超过6000万元", fs) == ["6000万元"]


# -- units and magnitudes -------------------------------------------------------------

@pytest.mark.parametrize("written", ["12,500万元", "12500万元", "1.25亿元", "125,000,000元",
                                     "1.25亿", "一点二五亿元", "约1.3亿元"])
def test_money_in_any_magnitude(written: str) -> None:
    fs = facts(fact("gmv", 12500, "万元"))
    assert flagged(f"GMV达到{written}", fs) == []


def test_people_in_any_magnitude() -> None:
    fs = facts(fact("new_users", 86.5, "万人"))
    assert flagged("新增865,000人", fs) == []
    assert flagged("新增86.5万人", fs) == []
    assert flagged("新增86.5万", fs) == []
    assert flagged("新增87万人", fs) == []  # 86.5 rounds to 87
    assert flagged("新增88万人", fs) == ["88万人"]


def test_times_and_doubling_are_a_hundred_percent() -> None:
    fs = facts(fact("dau.yoy", 100.0, "%", UnitKind.SHARE))
    assert flagged("日活翻了一番", fs) == []
    assert flagged("日活增长一倍", fs) == []
    assert flagged("日活是去年的2倍", fs) == []
    assert flagged("日活翻了两番", fs) == ["翻了两番"]


def test_points_written_as_percent_is_a_unit_error() -> None:
    fs = facts(fact("gross_margin.diff", 2.6, "个百分点", label="毛利率较去年变化"))
    [flag] = check_text("毛利率提升2.6%", fs, year=YEAR)
    assert flag.reason == "unit"
    assert flag.nearest == "毛利率较去年变化 2.6个百分点"
    assert flagged("毛利率提升2.6个百分点", fs) == []
    assert flagged("毛利率提升2.6pp", fs) == []


def test_other_kind_mismatches_are_unit_errors() -> None:
    fs = facts(fact("new_users", 86.5, "万人"), fact("first_response", 18, "秒"))
    reasons = {f.text: f.reason for f in check_text("新增86.5万元,响应18分钟", fs, year=YEAR)}
    assert reasons == {"86.5万元": "unit", "18分钟": "unit"}


def test_a_coincidence_across_kinds_is_unsupported_not_a_unit_error() -> None:
    fs = facts(fact("q3.qoq", 5.1, "%"), fact("count.products", 4, "款"),
               fact("channel.users", 12.4, "万人"))
    found = check_text("会员分为五个等级,制作了10余条视频", fs, year=YEAR)
    assert [(f.text, f.reason) for f in found] == [("五个", "unsupported"), ("10余条", "unsupported")]
    assert found[0].nearest == "指标 4款"  # the nearest fact of the same kind


def test_facts_are_signed_but_match_on_magnitude() -> None:
    fs = facts(fact("days.diff", -7, "天"), fact("q3.qoq", -16.1, "%"))
    assert flagged("周转天数缩短7天,三季度环比下降16.1%", fs) == []


def test_bare_numbers_match_any_kind_and_text_facts_match_any_unit() -> None:
    fs = facts(fact("gmv", 5860, "万元"), fact("roi", 3.1, "", UnitKind.RATIO),
               fact("text.1", 28, "万", UnitKind.NONE),
               fact("text.2", 3.5, "", UnitKind.NONE, label="综合ROI提升至3.5以上"))
    assert flagged("| GMV(万元) | 5860 |", fs) == []
    assert flagged("ROI 3.1,ROI 3.1倍", fs) == []
    assert flagged("约28万名会员,28万人", fs) == []
    assert flagged("ROI提升至3.5以上,3.5%的提升", fs) == []


def test_chinese_and_arabic_counts_support_each_other() -> None:
    notes_fact = Fact("text.1", "会员分为五个等级", 5, "个", UnitKind.COUNT, "五个", "五个", "text")
    fs = facts(notes_fact)
    assert flagged("会员分为五个等级", fs) == []
    assert flagged("会员分为5个等级", fs) == []
    assert flagged("会员分为六个等级", fs) == ["六个"]


def test_placeholders_are_always_flagged() -> None:
    fs = facts(fact("gmv", 5860, "万元"))
    found = check_text("GMV XXX万元,增长XX%,ROI X.X", fs, year=YEAR)
    assert [(f.text, f.reason, f.nearest) for f in found] == [
        ("XXX万元", "placeholder", None), ("XX%", "placeholder", None),
        ("X.X", "placeholder", None)]


def test_nearest_fact_is_named_for_an_unsupported_number() -> None:
    [flag] = check_text("GMV同比增长25%", GROWTH, year=YEAR)
    assert flag == Flag("25%", 7, 10, "", "unsupported", "GMV同比 24.15%")


def test_nearest_fact_prefers_what_the_sentence_talks_about(shop: FactSet) -> None:
    def nearest(text: str) -> str | None:
        [flag] = check_text(text, shop, year=YEAR)
        return flag.nearest

    assert nearest("GMV同比增长26.5%") == "GMV同比 增长24.2%"
    assert nearest("净利润同比增长13.7%") == "净利润同比 增长12.7%"
    assert nearest("复购率为33%") == "复购率 31.5%"


def test_structure_is_never_flagged_even_without_facts() -> None:
    text = ("## 一、2025年回顾\n1. 第一季度与Q4:618、双11、双十一、38节、99划算节期间,上半年第三章篇一。\n"
            "(二)2026年规划:一方面进一步统一口径,一些一定要做的事,一系列唯一的机会,十分关键。")
    assert check_text(text, FactSet(), year=YEAR) == []


def test_html_comments_and_todo_markers_are_not_prose() -> None:
    text = "<!-- section: project-1 -->\n【待补充:本节起草失败(HTTP 500),可用 recap regen 重新生成】\nGMV增长9%"
    assert flagged(text, GROWTH) == ["9%"]


def test_markdown_link_targets_are_not_prose() -> None:
    assert flagged("见![GMV走势](chart-1.png)与[报表](http://x.cn/2019/7),增长24.2%", GROWTH) == []


def test_check_text_reports_offsets_and_section() -> None:
    text = "第二季度GMV同比增长24.2%,全年增长25%。"
    [flag] = check_text(text, GROWTH, year=YEAR, section="一、业绩")
    assert text[flag.start:flag.end] == "25%"
    assert flag.section == "一、业绩"


# -- whole drafts ---------------------------------------------------------------------

DRAFT = """---
recap_draft: "1"
notes: "shop-2025.toml"
notes_sha256: "8372e16f3459001557bd7dd0b1747a02626216a0f8de5e74ab6bc811c0e9a812"
generated_at: "2025-12-01T10:00:00+00:00"
---

# 2025年度电商运营年终总结

<!-- section: kpi -->
## 一、年度核心业绩指标回顾与分析

GMV 5860万元,同比增长24.2%,毛利率提升2.6%。

<!-- section: plan -->
## 四、下一年度战略规划

GMV目标XXXX万元,复购率提升至35%,新增门店9家。
"""


@pytest.fixture(scope="module")
def shop() -> FactSet:
    return build_facts(load_notes(EXAMPLES / "shop-2025.toml"))


def test_check_draft_offsets_are_into_the_file_text(shop: FactSet) -> None:
    draft = Draft.parse(DRAFT)
    report = check_draft(draft, shop, year=YEAR)
    assert isinstance(report, CheckReport)
    assert [(f.text, f.reason, f.section) for f in report.flags] == [
        ("2.6%", "unit", "一、年度核心业绩指标回顾与分析"),
        ("XXXX万元", "placeholder", "四、下一年度战略规划"),
        ("9家", "unsupported", "四、下一年度战略规划"),
    ]
    for f in report.flags:
        assert DRAFT[f.start:f.end] == f.text
    # front matter (dates, hashes) and anchors are not counted; the title's year is structure
    assert report.numbers_checked == 6


def test_report_json_shape(shop: FactSet) -> None:
    report = check_draft(Draft.parse(DRAFT), shop, year=YEAR)
    data = report.to_json()
    assert list(data) == ["flags", "numbers_checked"]
    assert list(data["flags"][0]) == ["text", "start", "end", "section", "reason", "nearest"]
    assert data["flags"][0]["nearest"] == "毛利率较去年变化 提升2.6个百分点"


def test_front_matter_is_skipped_even_after_a_byte_order_mark(shop: FactSet) -> None:
    report = check_draft(Draft.parse("\ufeff" + DRAFT), shop, year=YEAR)
    assert [f.text for f in report.flags] == ["2.6%", "XXXX万元", "9家"]


def test_title_block_numbers_have_an_empty_section(shop: FactSet) -> None:
    draft = Draft.parse("# 2025年度总结\n\n全年GMV 9999万元\n")
    [flag] = check_draft(draft, shop, year=YEAR).flags
    assert flag.section == ""
    assert flag.text == "9999万元"


def test_empty_draft_is_clean(shop: FactSet) -> None:
    report = check_draft(Draft.parse("# 标题\n\n还没有写正文。\n"), shop, year=YEAR)
    assert report.flags == [] and report.numbers_checked == 0
    assert report.clean
