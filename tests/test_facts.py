"""The fact engine: each derivation rule against values computed by hand."""

from __future__ import annotations

import pytest
from paths import EXAMPLES

from assistant.facts import FactSet, build_facts
from assistant.facts.format import fmt_number
from assistant.notes import load_notes, parse_notes_text
from assistant.units import UnitKind


@pytest.fixture(scope="module")
def shop() -> FactSet:
    return build_facts(load_notes(EXAMPLES / "shop-2025.toml"))


@pytest.fixture(scope="module")
def specialist() -> FactSet:
    return build_facts(load_notes(EXAMPLES / "specialist-2025.toml"))


def test_stated_numbers_keep_their_unit(shop: FactSet) -> None:
    assert shop["gmv"].text == "5860万元"
    assert shop["new_users"].text == "86.5万人"
    assert shop["dsr_description"].text == "4.86分"
    assert shop["gmv.q4"].text == "2010万元"
    assert shop["gmv"].base_value == 58_600_000


def test_growth_and_difference_on_last_year(shop: FactSet) -> None:
    # 5860 / 4720 - 1 = 0.241525...
    assert shop["gmv.yoy"].value == pytest.approx(24.1525, abs=1e-4)
    assert shop["gmv.yoy"].phrase == "增长24.2%"
    assert shop["gmv.diff"].phrase == "增加1140万元"
    # a percentage metric changes in points: 41.2 - 38.6
    assert shop["gross_margin.diff"].phrase == "提升2.6个百分点"
    assert shop["gross_margin.diff"].kind == UnitKind.POINTS
    # a duration that went down is "shortened": 46 vs 53 days
    assert shop["inventory_turnover_days.diff"].phrase == "缩短7天"
    assert shop["inventory_turnover_days.diff"].favorable is True
    # CAC going up is bad news: 108 / 89 - 1 = 21.35%
    assert shop["cac.yoy"].phrase == "增长21.3%"
    assert shop["cac.yoy"].favorable is False


def test_target_completion_and_gap(shop: FactSet, specialist: FactSet) -> None:
    assert shop["gmv.completion"].text == "97.7%"  # 5860 / 6000
    assert shop["gmv.gap"].phrase == "距目标还差140万元"
    assert shop["new_users.completion"].text == "96.1%"  # 86.5 / 90
    assert shop["conversion_rate.gap"].phrase == "距目标还差0.7个百分点"
    assert specialist["visitors.completion"].text == "108.4%"  # 412 / 380
    assert specialist["visitors.gap"].phrase == "超出目标32万人"
    assert specialist["roi.gap"].text == "0.4"


def test_quarterly_sum_shares_and_changes(shop: FactSet) -> None:
    assert shop["gmv.q_sum"].text == "5860万元"
    assert [shop[f"gmv.q{i}_share"].text for i in range(1, 5)] == ["17.4%", "23.5%", "24.7%", "34.3%"]
    # 1380/1020-1 = 35.29%, 1450/1380-1 = 5.07%, 2010/1450-1 = 38.62%
    assert [shop[f"gmv.q{i}_qoq"].phrase for i in range(2, 5)] == ["增长35.3%", "增长5.1%", "增长38.6%"]


def test_channel_totals_shares_and_roi(shop: FactSet) -> None:
    assert shop["channels.total_spend"].text == "980万元"  # 420 + 210 + 350
    assert shop["channels.total_gmv"].text == "3759万元"  # 1890 + 714 + 1155
    assert shop["channel1.roi"].text == "4.5"  # 1890 / 420
    assert shop["channel2.roi"].text == "3.4"
    assert shop["channel3.roi"].text == "3.3"
    assert shop["channels.roi"].text == "3.84"  # 3759 / 980 = 3.8357
    assert shop["channel1.spend_share"].text == "42.9%"  # 420 / 980
    assert shop["channel3.gmv_share"].text == "30.7%"  # 1155 / 3759
    assert shop["channel4.users"].text == "12.4万人"


def test_margins_and_activity_ratio(shop: FactSet) -> None:
    assert shop["gross_profit.of_gmv"].text == "41.2%"  # 2414 / 5860
    assert shop["net_profit.of_gmv"].text == "10%"  # 586 / 5860 = 10.0%
    assert shop["dau.of_mau"].text == "14.1%"  # 18.6 / 132


def test_plan_targets_against_this_year(shop: FactSet) -> None:
    assert shop["plan.gmv"].text == "7200万元"
    assert shop["plan.gmv.growth"].phrase == "增长22.9%"  # 7200 / 5860 - 1
    assert shop["plan.repurchase_rate.points"].phrase == "提升3.5个百分点"  # 35 - 31.5


def test_counts_of_listed_things(shop: FactSet, specialist: FactSet) -> None:
    assert shop["count.problems"].value == 3
    assert shop["count.strategies"].value == 3
    assert shop["count.channels"].value == 4
    assert specialist["count.projects"].value == 2
    assert specialist["count.duties"].value == 3


def test_numbers_inside_notes_strings_are_facts(shop: FactSet, specialist: FactSet) -> None:
    texts = {f.text for f in shop if f.source == "text"}
    assert {"36款", "4款", "27%", "32%", "45%", "2%", "两款"} <= texts
    spec_texts = {f.text for f in specialist if f.source == "text"}
    assert {"80%", "23%", "12条", "3个", "五个", "三条", "18日", "42%", "17%"} <= spec_texts
    # structure in notes strings is not a fact: 二、三季度, 618, 双十一
    assert not any(f.text in {"618", "二", "三"} for f in shop)


def test_unknown_metric_with_label_and_zero_guards() -> None:
    notes = parse_notes_text(
        '[report]\ntitle = "t"\nyear = 2025\n'
        '[metrics.live_hours]\nlabel = "直播时长"\nvalue = 300\nunit = "小时"\nlast_year = 0\ntarget = 250\n'
    )
    facts = build_facts(notes)
    assert facts["live_hours"].text == "300小时"
    assert "live_hours.yoy" not in facts  # no growth from a zero base
    assert facts["live_hours.completion"].text == "120%"


def test_rounding_is_half_up() -> None:
    assert fmt_number(24.15, 1) == "24.2"
    assert fmt_number(0.05, 1) == "0.1"
    assert fmt_number(3.8357, 2) == "3.84"
    assert fmt_number(10.0, 1) == "10"
