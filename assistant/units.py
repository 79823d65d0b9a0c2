"""Units and unit kinds.

A unit kind says what a number measures; the checker only lets a draft number be
supported by a fact of the same kind. ``scale`` converts a value written in a unit
to the base unit of its kind (元, 人/个, 秒, %), so that 1.25亿元 and 12500万元 compare
equal.
"""

from __future__ import annotations

from enum import StrEnum


class UnitKind(StrEnum):
    MONEY = "money"
    SHARE = "share"
    POINTS = "points"
    COUNT = "count"
    DURATION = "duration"
    SCORE = "score"
    RATIO = "ratio"
    NONE = "none"  # a bare number: matches any kind


# unit text -> (kind, scale to base unit)
UNITS: dict[str, tuple[UnitKind, float]] = {
    "元": (UnitKind.MONEY, 1.0),
    "块": (UnitKind.MONEY, 1.0),
    "千元": (UnitKind.MONEY, 1e3),
    "万元": (UnitKind.MONEY, 1e4),
    "万": (UnitKind.NONE, 1e4),
    "亿元": (UnitKind.MONEY, 1e8),
    "亿": (UnitKind.NONE, 1e8),
    "%": (UnitKind.SHARE, 1.0),
    "％": (UnitKind.SHARE, 1.0),
    "成": (UnitKind.SHARE, 10.0),
    "个百分点": (UnitKind.POINTS, 1.0),
    "百分点": (UnitKind.POINTS, 1.0),
    "pp": (UnitKind.POINTS, 1.0),
    "人": (UnitKind.COUNT, 1.0),
    "万人": (UnitKind.COUNT, 1e4),
    "亿人": (UnitKind.COUNT, 1e8),
    "人次": (UnitKind.COUNT, 1.0),
    "万人次": (UnitKind.COUNT, 1e4),
    "个": (UnitKind.COUNT, 1.0),
    "款": (UnitKind.COUNT, 1.0),
    "条": (UnitKind.COUNT, 1.0),
    "场": (UnitKind.COUNT, 1.0),
    "位": (UnitKind.COUNT, 1.0),
    "次": (UnitKind.COUNT, 1.0),
    "万次": (UnitKind.COUNT, 1e4),
    "单": (UnitKind.COUNT, 1.0),
    "万单": (UnitKind.COUNT, 1e4),
    "件": (UnitKind.COUNT, 1.0),
    "万件": (UnitKind.COUNT, 1e4),
    "家": (UnitKind.COUNT, 1.0),
    "篇": (UnitKind.COUNT, 1.0),
    "项": (UnitKind.COUNT, 1.0),
    "名": (UnitKind.COUNT, 1.0),
    "秒": (UnitKind.DURATION, 1.0),
    "分钟": (UnitKind.DURATION, 60.0),
    "小时": (UnitKind.DURATION, 3600.0),
    "天": (UnitKind.DURATION, 86400.0),
    "日": (UnitKind.DURATION, 86400.0),
    "周": (UnitKind.DURATION, 7 * 86400.0),
    "个月": (UnitKind.DURATION, 30 * 86400.0),
    "分": (UnitKind.SCORE, 1.0),
    "倍": (UnitKind.RATIO, 1.0),
    "": (UnitKind.RATIO, 1.0),
}


def unit_kind(unit: str | None) -> UnitKind:
    """Kind of a unit as written in a notes file; unknown units count as bare numbers."""
    if unit is None:
        return UnitKind.RATIO
    return UNITS.get(unit.strip(), (UnitKind.NONE, 1.0))[0]


def unit_scale(unit: str | None) -> float:
    """Factor from ``unit`` to the base unit of its kind (1 for unknown units)."""
    if unit is None:
        return 1.0
    return UNITS.get(unit.strip(), (UnitKind.NONE, 1.0))[1]


def is_percent(unit: str | None) -> bool:
    return (unit or "").strip() in {"%", "％"}
