"""The number extractor: what counts as a number in Chinese text, and what is structure."""

from __future__ import annotations

import pytest

from assistant.numbers import NumberMention, find_numbers, parse_chinese_numeral
from assistant.units import UnitKind, unit_scale


def one(text: str, year: int | None = 2025) -> NumberMention:
    found = find_numbers(text, year=year)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


def texts(text: str, year: int | None = 2025) -> list[str]:
    return [m.text for m in find_numbers(text, year=year)]


@pytest.mark.parametrize(("text", "value", "unit", "base"), [
    ("GMV达到5860万元", 5860, "万元", 58_600_000),
    ("GMV达到5,860万元", 5860, "万元", 58_600_000),
    ("约1.25亿元", 1.25, "亿元", 125_000_000),
    ("共125,000,000元", 125_000_000, "元", 125_000_000),
    ("新增86.5万人", 86.5, "万人", 865_000),
    ("毛利率41.2%", 41.2, "%", 41.2),
    ("占比34.3％", 34.3, "％", 34.3),
    ("提升2.6个百分点", 2.6, "个百分点", 2.6),
    ("响应时间18秒", 18, "秒", 18),
    ("平均发货36小时", 36, "小时", 36 * 3600),
    ("评分4.86分", 4.86, "分", 4.86),
    ("ROI为0.5", 0.5, "", 0.5),
    ("GMV 5860 万元", 5860, "万元", 58_600_000),
    ("增长24.2 %", 24.2, "%", 24.2),
    ("约12.5W", 12.5, "万", 125_000),
    ("提升2.6pct", 2.6, "pp", 2.6),
    ("提升2.6PP", 2.6, "pp", 2.6),
    ("提升2.6个点", 2.6, "个百分点", 2.6),
])
def test_arabic_numbers_with_units_and_magnitudes(text: str, value: float, unit: str,
                                                  base: float) -> None:
    m = one(text)
    assert m.value == pytest.approx(value)
    assert m.unit == unit
    assert m.base_value == pytest.approx(base)


@pytest.mark.parametrize(("text", "base", "kind", "shown"), [
    ("毛利率提升三个百分点", 3, UnitKind.POINTS, "三个百分点"),
    ("毛利率提升三个点", 3, UnitKind.POINTS, "三个点"),
    ("销售额提升两成", 20, UnitKind.SHARE, "两成"),
    ("把会员分为五个等级", 5, UnitKind.COUNT, "五个"),
    ("制作十二条短视频", 12, UnitKind.COUNT, "十二条"),
    ("增长一倍", 1, UnitKind.RATIO, "一倍"),
    ("日活翻了一番", 100, UnitKind.SHARE, "翻了一番"),
    ("销售额翻两番", 300, UnitKind.SHARE, "翻两番"),
    ("负责两大项目", 2, UnitKind.COUNT, "两大"),
    ("复购率百分之二十六点四", 26.4, UnitKind.SHARE, "百分之二十六点四"),
    ("GMV一点二五亿元", 125_000_000, UnitKind.MONEY, "一点二五亿元"),
    ("五千八百六十万元的GMV", 58_600_000, UnitKind.MONEY, "五千八百六十万元"),
    ("两万多人", 20_000, UnitKind.COUNT, "两万多人"),
    ("新增用户八十六点五万", 865_000, UnitKind.NONE, "八十六点五万"),
    ("三千多万元", 30_000_000, UnitKind.MONEY, "三千多万元"),
])
def test_chinese_numerals_used_as_quantities(text: str, base: float, kind: UnitKind,
                                             shown: str) -> None:
    m = one(text)
    assert m.base_value == pytest.approx(base)
    assert m.kind is kind
    assert m.text == shown


def test_precision_is_the_written_one() -> None:
    assert one("24.2%").step == pytest.approx(0.1)
    assert one("24%").step == 1
    assert one("1.25亿元").base_step == pytest.approx(1e6)
    two_tenths = one("两成")
    assert two_tenths.step * two_tenths.scale == 10  # 两成 is precise to tens of %


@pytest.mark.parametrize(("text", "qualifier"), [
    ("超过20%", "over"), ("逾20%", "over"), ("20%以上", "over"), ("20多万", "over"),
    ("突破6000万元", "over"), ("10余条", "over"), ("超过了20%", "over"),
    ("近25%", "under"), ("接近25%", "under"), ("将近25%", "under"), ("不到25%", "under"),
    ("不足25%", "under"), ("降至2%以下", "under"),
    ("约10%", "about"), ("大约10%", "about"), ("10%左右", "about"), ("10%上下", "about"),
    ("约为10%", "about"), ("近两成", "under"), ("约 24%", "about"), ("10万+", "over"),
    ("增长10%", None),
])
def test_qualifiers(text: str, qualifier: str | None) -> None:
    assert one(text).qualifier == qualifier


@pytest.mark.parametrize(("text", "shown"), [
    ("GMV达成XXX万元", "XXX万元"), ("增长XX%", "XX%"), ("ROI为X.X", "X.X"),
    ("提升X个百分点", "X个百分点"), ("打造X个栏目", "X个"), ("新增XX万", "XX万"),
])
def test_placeholders(text: str, shown: str) -> None:
    m = one(text)
    assert m.placeholder
    assert m.text == shown


@pytest.mark.parametrize("text", [
    "2025年", "2026年度规划", "2023年的基数", "回望2025", "618大促", "618期间", "双11", "双十一",
    "双12", "双十二", "38节", "3.8节", "99划算节", "520活动", "11.11当晚", "6·18",
    "第一季度", "一季度", "三、四季度", "Q4", "H1", "上半年", "第三章", "篇一", "第1名",
    "项目一", "项目2", "战役三", "12月", "3月份", "6月18日", "12月31日", "1-3月", "四个季度",
    "一些", "一定", "进一步", "一系列", "统一", "唯一", "十分重要", "一方面", "一个有温度的品牌",
    "一次次", "一款产品", "一成不变", "经过一番努力", "三番五次", "两位数增长", "7天无理由退货",
    "千人千面", "百分百", "万一", "二次元", "90后和00后", "B2C", "O2O", "5G", "3C数码",
    "TOP10", "1688平台", "1对1服务", "618天猫", "一人一策", "接二连三", "几十个渠道", "数十家门店",
    "十万火急", "千万不要", "百万级", "亿万用户", "上万人",
])
def test_structure_and_idioms_are_not_numbers(text: str) -> None:
    assert texts(text) == []


@pytest.mark.parametrize("text", [
    "重点如下:1、提升复购;2、降低CAC", "如下: 1. 提升复购 2. 降低获客成本", "### 2.1.3 流量结构",
    "25年双11", "2025/12/31", "2025-06-18", "截至2025.12", "38女王节", "818发烧节",
    "每1元投入", "ROI 1:4.5",
])
def test_more_structure(text: str) -> None:
    assert texts(text) in ([], ["4.5"])


def test_inline_numbers_that_are_not_numbering() -> None:
    assert texts("分别为1、2、3款") == ["1", "2", "3款"]
    assert texts("新增门店3.") == ["3"]


@pytest.mark.parametrize("text", ["一、概述", "1. 第一条", "(二)说明", "(3)说明", "## 2.1 流量获取",
                                  "- 1) 调研", "10. 第十条", "**1.** 加粗编号"])
def test_list_and_heading_numbering(text: str) -> None:
    assert texts(text) == []


def test_numbering_only_at_the_start_of_a_line() -> None:
    assert texts("毛利率提升1.5个百分点。\n2. 下一条") == ["1.5个百分点"]
    assert texts("GMV为5860万元。") == ["5860万元"]


def test_unit_words_that_start_another_word() -> None:
    assert texts("DAU为18.6万日活") == ["18.6万"]
    assert texts("3场景覆盖") == ["3"]


def test_years_outside_the_window_are_numbers() -> None:
    assert texts("2019年") == ["2019"]
    assert texts("新增2025位会员") == ["2025位"]
    assert texts("2025年", year=None) == ["2025"]  # the interview asks for the year


def test_a_day_of_every_month_is_a_claim() -> None:
    m = one("每月18日定为会员日")
    assert m.text == "18日"
    assert m.kind is UnitKind.DURATION


def test_mentions_carry_exact_offsets() -> None:
    text = "GMV同比增长24.2%,复购率提升3.3个百分点。"
    for m in find_numbers(text, year=2025):
        assert text[m.start:m.end] == m.text
    assert texts(text) == ["24.2%", "3.3个百分点"]


def test_unit_and_scale_agree_for_the_fact_engine() -> None:
    """The fact engine computes base values from ``unit`` alone; it must match ``scale``."""
    sample = ("5860万元 1.25亿元 86.5万人 3千人 2千万 12.5W 两成 翻了一番 一点二亿元 五个等级 "
              "20多万 10余条 3.5万人次 18秒 36小时 4.86分 2.6个百分点 7类商品 百分之二十")
    for m in find_numbers(sample, year=2025):
        assert unit_scale(m.unit) == pytest.approx(m.scale), m.text
        assert m.value * unit_scale(m.unit) == pytest.approx(m.base_value), m.text


def test_chinese_numeral_parser() -> None:
    assert parse_chinese_numeral("十二") == 12
    assert parse_chinese_numeral("两") == 2
    assert parse_chinese_numeral("一千零一") == 1001
    assert parse_chinese_numeral("几") is None


def test_long_text_is_linear() -> None:
    import time

    text = "GMV同比增长24.2%,一方面2025年双十一期间两款爆款断货,第一季度1020万元。\n" * 4000
    started = time.perf_counter()
    found = find_numbers(text, year=2025)
    assert len(found) == 4000 * 3
    assert time.perf_counter() - started < 5
