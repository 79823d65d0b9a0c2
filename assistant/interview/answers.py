"""Turn what people type into values for the notes file.

Numbers are read with ``assistant.numbers.find_numbers`` and converted to the unit of
the field they answer (``5860万`` for a 万元 metric -> 5860, ``¥168`` for 元 -> 168).
A wrong answer raises ``AnswerError`` with a short Chinese reason for the user.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.numbers import NumberMention, find_numbers
from assistant.typography import LIST_SEPARATORS, NUMBER_SEPARATORS
from assistant.units import UNITS, UnitKind


class AnswerError(ValueError):
    """An answer that cannot be used; ``str()`` is the reason shown to the user."""


_CURRENCY = ("¥", "￥", "RMB", "rmb")
_MINUS = ("-", "−", "－", "负")
# Either width: a Chinese keyboard types ；and ，(typography.py keeps them as escapes).
_LIST_SPLIT = re.compile("[" + re.escape(LIST_SEPARATORS) + "]+")
_QUARTER_SPLIT = re.compile(r"[\s" + re.escape(NUMBER_SEPARATORS) + "|]+")
_YES = {"y", "yes", "是", "是的", "好", "好的", "要", "对", "嗯", "需要", "继续", "添加", "加", "1", "ok"}
_NO = {"n", "no", "否", "不", "不要", "不用", "没有", "没了", "无", "算了", "0", "结束", "不了"}


def _round(value: float) -> float:
    """Drop float noise from unit conversion (1.2 × 1e8 / 1e4 -> 12000, not 12000.000000000002)."""
    return float(f"{value:.10g}")


def unit_example(unit: str) -> str:
    """A short example of an answer in ``unit``, for hints and error messages."""
    examples = {
        "万元": "5860、5860万 或 0.586亿",
        "元": "168 或 ¥168",
        "%": "24.2 或 24.2%",
        "万人": "86.5 或 86.5万",
        "天": "46 或 46天",
        "秒": "18 或 18秒",
        "小时": "24 或 24小时",
        "分": "4.8",
        "款": "36",
        "": "3.1",
    }
    return examples.get(unit, "一个数字")


def _kind_and_scale(unit: str) -> tuple[UnitKind, float]:
    return UNITS.get(unit.strip(), (UnitKind.NONE, 1.0))


def _describe_unit(unit: str) -> str:
    return f"“{unit}”" if unit else "一个没有单位的数（如倍数、ROI）"


def convert_mention(mention: NumberMention, unit: str, *, currency: bool = False) -> float:
    """Value of ``mention`` expressed in ``unit``, or ``AnswerError``."""
    if mention.placeholder:
        raise AnswerError("请填写具体数字，不要用 XX 之类的占位符")
    target_kind, target_scale = _kind_and_scale(unit)
    value = mention.value
    if mention.unit == "":
        if currency and target_kind is UnitKind.MONEY:
            return _round(value / target_scale)
        return value
    if mention.kind is UnitKind.NONE:  # a bare magnitude: 5860万, 1.2亿
        if target_kind in (UnitKind.MONEY, UnitKind.COUNT, UnitKind.RATIO, UnitKind.NONE):
            return _round(value * mention.scale / target_scale)
        raise AnswerError(f"这里的单位是{_describe_unit(unit)}，不能写“{mention.unit}”，"
                          f"例如 {unit_example(unit)}")
    if mention.kind is UnitKind.POINTS and target_kind is UnitKind.SHARE:
        raise AnswerError("“个百分点”是变化幅度；这里要填比率本身，例如 24.2%")
    if mention.kind is UnitKind.SHARE and target_kind is UnitKind.POINTS:
        return value
    if mention.kind is target_kind or target_kind is UnitKind.NONE:
        return _round(value * mention.scale / target_scale)
    raise AnswerError(f"单位不对：这里需要{_describe_unit(unit)}，你写的是“{mention.unit}”。"
                      f"可以写 {unit_example(unit)}")


_PLAIN = re.compile(r"^\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*年?(?:度)?\s*$")


def _mentions(text: str) -> list[NumberMention]:
    """Numbers in one typed answer.

    ``find_numbers`` skips structure in drafts (list numbering, festival names like
    618); an answer has none, so a plain number is read directly and anything else is
    read after a neutral prefix that keeps it off the start of a line.
    """
    if _PLAIN.match(text):
        raw = text.strip().replace(",", "")
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        return [NumberMention(0, len(text), text, float(raw), "", UnitKind.RATIO, 1.0, decimals,
                              10.0 ** -decimals)]
    return find_numbers("数值" + text)


def _negative(text: str) -> bool:
    return text.lstrip().startswith(_MINUS)


def parse_number(text: str, unit: str = "") -> float:
    """One number typed by a person, converted to ``unit``."""
    raw = text.strip()
    currency = any(c in raw for c in _CURRENCY)
    cleaned = raw
    for c in _CURRENCY:
        cleaned = cleaned.replace(c, "")
    negative = _negative(cleaned)
    if negative:
        cleaned = cleaned.lstrip().lstrip("".join(_MINUS))
    mentions = _mentions(cleaned)
    if not mentions:
        raise AnswerError(f"没有看懂这个数字，请直接写数字，例如 {unit_example(unit)}")
    if len(mentions) > 1:
        raise AnswerError("这里只需要一个数字（其他说明可以写在备注里）")
    value = convert_mention(mentions[0], unit, currency=currency)
    return -value if negative else value


def parse_int(text: str, unit: str = "") -> int:
    year = _YEAR.match(text)
    if year:
        return int(year.group(1))
    value = parse_number(text, unit)
    if not float(value).is_integer():
        raise AnswerError("这里需要一个整数")
    return int(value)


def parse_quarterly(text: str, unit: str = "") -> list[float]:
    """Four numbers, one per quarter (``1020, 1380, 1450, 2010``)."""
    raw = text.strip()
    for c in _CURRENCY:
        raw = raw.replace(c, "")
    mentions = _mentions(raw)
    if len(mentions) != 4:
        parts = [p for p in _QUARTER_SPLIT.split(raw) if p]
        split = [_mentions(p) for p in parts]
        if len(parts) == 4 and all(len(m) == 1 for m in split):
            mentions = [m[0] for m in split]
    if len(mentions) != 4:
        raise AnswerError(f"需要 4 个数字（一到四季度），用逗号或空格分开，现在有 {len(mentions)} 个")
    return [convert_mention(m, unit) for m in mentions]


def parse_list(text: str) -> list[str]:
    """Several items separated by ``;`` or ``；`` (also a new line or ``|``)."""
    return [item.strip() for item in _LIST_SPLIT.split(text) if item.strip()]


def parse_yes_no(text: str) -> bool:
    word = text.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise AnswerError("请回答 是 或 否（y / n）")


def parse_choice(text: str, choices: Sequence[tuple[str, str]]) -> str:
    """One of ``choices`` (value, label) by number, value or part of the label."""
    word = text.strip()
    if word.isdigit() and 1 <= int(word) <= len(choices):
        return choices[int(word) - 1][0]
    lowered = word.lower()
    for value, label in choices:
        if lowered == value.lower() or word == label:
            return value
    matches = [value for value, label in choices if word and word in label]
    if len(matches) == 1:
        return matches[0]
    raise AnswerError(f"请写序号(1 到 {len(choices)})或选项名称")


def format_number(value: float | int) -> str:
    """A number as people write it: no trailing ``.0``."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)
