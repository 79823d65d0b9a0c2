"""Parsing what people type into interview answers."""

from __future__ import annotations

import pytest

from assistant.interview.answers import (
    AnswerError,
    parse_choice,
    parse_int,
    parse_list,
    parse_number,
    parse_quarterly,
    parse_yes_no,
)
from assistant.interview.questions import STYLE_CHOICES


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("5,860", "万元", 5860),
        ("5860万", "万元", 5860),
        ("5860万元", "万元", 5860),
        ("1.2亿", "万元", 12000),
        ("58600000元", "万元", 5860),
        ("24.2%", "%", 24.2),
        ("24.2", "%", 24.2),
        ("百分之二十", "%", 20),
        ("¥168", "元", 168),
        ("168元", "元", 168),
        ("86.5万人", "万人", 86.5),
        ("865000人", "万人", 86.5),
        ("2小时", "秒", 7200),
        ("46天", "天", 46),
        ("约5860万", "万元", 5860),
        ("-120", "万元", -120),
        ("3.1", "", 3.1),
        ("2.6个百分点", "个百分点", 2.6),
        ("618", "万元", 618),
    ],
)
def test_numbers_people_type_are_converted_to_the_field_unit(text: str, unit: str,
                                                             expected: float) -> None:
    assert parse_number(text, unit) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "unit", "reason"),
    [
        ("2.6个百分点", "%", "变化幅度"),
        ("5860万", "%", "单位"),
        ("18秒", "万元", "单位不对"),
        ("很多", "万元", "没有看懂"),
        ("5860 和 6000", "万元", "只需要一个数字"),
        ("XX", "万元", "占位符"),
    ],
)
def test_wrong_numbers_give_a_chinese_reason(text: str, unit: str, reason: str) -> None:
    with pytest.raises(AnswerError, match=reason):
        parse_number(text, unit)


def test_quarterly_needs_four_numbers() -> None:
    assert parse_quarterly("1020, 1380, 1450, 2010", "万元") == [1020, 1380, 1450, 2010]
    assert parse_quarterly("1020 1380 1450 2010") == [1020, 1380, 1450, 2010]
    assert parse_quarterly("1,020、1,380、1,450、2,010", "万元") == [1020, 1380, 1450, 2010]
    assert parse_quarterly("0.102亿 1380 1450 2010", "万元") == [1020, 1380, 1450, 2010]
    with pytest.raises(AnswerError, match="4 个数字"):
        parse_quarterly("1020 1380 1450", "万元")


def test_int_list_choice_yes_no() -> None:
    assert parse_int("2025年") == 2025
    with pytest.raises(AnswerError, match="整数"):
        parse_int("12.5")
    assert parse_list("预热蓄水;爆款打透; 会员专享 ;") == ["预热蓄水", "爆款打透", "会员专享"]
    assert parse_choice("2", STYLE_CHOICES) == "narrative"
    assert parse_choice("project", STYLE_CHOICES) == "project"
    assert parse_choice("叙事", STYLE_CHOICES) == "narrative"
    with pytest.raises(AnswerError, match="序号"):
        parse_choice("7", STYLE_CHOICES)
    assert parse_yes_no("是") is True
    assert parse_yes_no("N") is False
    with pytest.raises(AnswerError, match="是 或 否"):
        parse_yes_no("也许")


# -- either width: a Chinese keyboard types ；and ，------------------------------------------


@pytest.mark.parametrize("text", [
    "直通车ROI偏低\uff1b新品动销慢\uff1b客服响应慢",  # full-width ；
    "直通车ROI偏低;新品动销慢;客服响应慢",
    "直通车ROI偏低\uff1b 新品动销慢 ; 客服响应慢\uff1b",
    "直通车ROI偏低\n新品动销慢|客服响应慢",
])
def test_list_answers_split_on_either_semicolon(text: str) -> None:
    assert parse_list(text) == ["直通车ROI偏低", "新品动销慢", "客服响应慢"]


@pytest.mark.parametrize("text", [
    "1020\uff0c1380\uff0c1450\uff0c2010",  # full-width ，
    "1020\u30011380\u30011450\u30012010",  # 、
    "1020, 1380, 1450, 2010",
    "1020 1380 1450 2010",
    "1020\uff0c 1380 \u3001 1450\uff1b2010",
])
def test_quarterly_answers_split_on_either_comma(text: str) -> None:
    assert parse_quarterly(text, "万元") == [1020, 1380, 1450, 2010]


def test_the_list_hint_shows_the_full_width_semicolon() -> None:
    from assistant.interview.questions import LIST_HINT

    assert "\u201c\uff1b\u201d" in LIST_HINT  # “；”
    assert ";" not in LIST_HINT
