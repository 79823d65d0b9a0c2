"""Find the numbers written in Chinese text: value, unit, precision, qualifier.

One extractor serves three readers: the fact engine (numbers written inside notes
strings are facts), the number checker (every number in a draft is a claim), and
the interview (parsing what people type, e.g. ``5,860万`` or ``2.6个百分点``).

Structure is not a claim and is skipped: years near the report year, festival
names (618, 双十一), quarter/month/chapter words and list numbering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.units import UNITS, UnitKind

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"

# Units that may follow a number, longest first so 个百分点 wins over 个.
_UNIT_WORDS = sorted(
    [u for u in UNITS if u and u not in ("万", "亿", "千元", "万元", "亿元", "万人", "亿人",
                                         "万人次", "万次", "万单", "万件")],
    key=len,
    reverse=True,
)
_MAGNITUDES = {"千": 1e3, "万": 1e4, "亿": 1e8}

_ARABIC = re.compile(
    r"(?<![A-Za-z0-9.])(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?(?![\d])"
)
_CHINESE = re.compile(rf"(?P<num>[{CN_DIGITS}]+)")
_PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?P<num>[Xx]{1,4}(?:\.[Xx]+)?)(?![A-Za-z])")
_PERCENT_WORDS = re.compile(rf"百分之(?P<num>[{CN_DIGITS}]+(?:点[{CN_DIGITS}]+)?)")

_PRE_QUALIFIERS = {
    "超过": "over", "逾": "over", "突破": "over", "高于": "over",
    "近": "under", "接近": "under", "将近": "under", "不到": "under", "不足": "under",
    "约": "about", "大约": "about", "大概": "about",
}
_POST_QUALIFIERS = {"以上": "over", "多": "over", "余": "over", "左右": "about", "上下": "about"}

# Chinese numeral + classifier combinations that are counts/quantities.
_CN_UNIT_WORDS = [
    "个百分点", "百分点", "成", "倍", "番", "大", "个月", "小时", "分钟",
    "个", "款", "条", "场", "位", "次", "项", "家", "名", "篇", "件", "类", "种", "天", "周",
    "秒", "人", "期", "轮", "支", "届", "季",
]
# 一 + classifier is usually an article ("一个有温度的品牌"), not a claim.
_ARTICLE_UNITS = {"个", "款", "条", "场", "位", "次", "项", "家", "名", "篇", "件", "类", "种",
                  "期", "轮", "支", "届", "大", "季", "天", "周", "人"}
_ORDINAL_NOUNS = ("篇", "章", "项目", "战役", "阶段", "模块", "部分", "方向", "举措", "策略",
                  "步骤", "案例", "目标", "问题", "挑战")
_FESTIVAL_ALWAYS = {"618", "1111", "1212", "11.11", "12.12", "6.18"}
_FESTIVAL_WITH_SUFFIX = {"38", "99", "520", "818", "88", "315", "11", "12"}
_FESTIVAL_SUFFIX = ("节", "划算", "大促", "活动", "购物", "狂欢", "年中", "预售", "会员日", "当天",
                    "期间")
_LIST_PREFIX = re.compile(
    r"^[ \t>]*(?:#{1,6}[ \t]*)?(?:[-*+][ \t]+)?(?:\*\*)?[ \t]*$"
)


@dataclass(frozen=True)
class NumberMention:
    """One number written in text."""

    start: int
    end: int
    text: str
    value: float  # in the written unit (1.25 for 1.25亿元)
    unit: str  # normalised unit word ("亿元", "%", "个百分点", "")
    kind: UnitKind
    scale: float  # written unit -> base unit of the kind
    decimals: int  # digits after the point as written (0 for Chinese numerals)
    step: float  # precision of the written value, in the written unit
    qualifier: str | None = None  # "over", "under", "about"
    placeholder: bool = False

    @property
    def base_value(self) -> float:
        return self.value * self.scale


def parse_chinese_numeral(text: str) -> float | None:
    """Value of a Chinese numeral (``十二`` -> 12, ``两`` -> 2), ``None`` when not one."""
    return _parse_cn(text)


@lru_cache(maxsize=4096)
def _parse_cn(text: str) -> float | None:
    import cn2an  # local import: cn2an pulls in a few modules we only need here

    if not text:
        return None
    try:
        value = cn2an.cn2an(text.replace("〇", "零"), "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _read_unit(text: str, pos: int, words: list[str]) -> tuple[str, int]:
    for word in words:
        if text.startswith(word, pos):
            return word, pos + len(word)
    return "", pos


def _qualifier_before(text: str, start: int) -> str | None:
    for word, q in _PRE_QUALIFIERS.items():
        if text.endswith(word, max(0, start - len(word)), start):
            return q
    return None


def _is_line_numbering(text: str, start: int, end: int) -> bool:
    """``一、`` / ``1.`` / ``(二)`` / ``1)`` at the start of a line (after Markdown marks)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    after = text[end:end + 1]
    if before.endswith(("(", "(")) and after in (")", ")"):
        return _LIST_PREFIX.match(before[:-1]) is not None or True
    if not _LIST_PREFIX.match(before):
        return False
    if after in ("、", ")", ")", "."):
        if after == "." and text[end + 1:end + 2].isdigit():
            return False
        return True
    return False


def _is_structure(text: str, start: int, end: int, raw: str, unit: str, year: int | None) -> bool:
    before2 = text[max(0, start - 2):start]
    before1 = text[start - 1:start] if start else ""
    nxt = text[end:end + 4]
    if _is_line_numbering(text, start, end):
        return True
    if before1 == "第":
        return True
    if before1 in ("Q", "q", "H", "h", "篇") or text.endswith(_ORDINAL_NOUNS, 0, start):
        return True
    if raw.isdigit() and len(raw) == 4 and nxt.startswith("年") and year is not None:
        if year - 2 <= int(raw) <= year + 2:
            return True
    if unit == "" and nxt.startswith(("季度", "季")):
        return True
    if unit == "" and nxt.startswith("月") and not nxt.startswith("月均"):
        try:
            month = _parse_cn(raw) if not raw[0].isdigit() else float(raw)
        except ValueError:
            month = None
        if month is not None and 1 <= month <= 12 and before1 not in ("个",):
            return True
    if before1 == "双" or before2.endswith("双"):
        return True
    if raw in _FESTIVAL_ALWAYS and unit == "":
        return True
    return raw in _FESTIVAL_WITH_SUFFIX and nxt.startswith(_FESTIVAL_SUFFIX)


def find_numbers(text: str, *, year: int | None = None) -> list[NumberMention]:
    """Every number claim in ``text``, in order, skipping structure."""
    found: list[NumberMention] = []
    taken: list[tuple[int, int]] = []

    def overlaps(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in taken)

    # Placeholders first: XX%, XXX万元, X.X
    for m in _PLACEHOLDER.finditer(text):
        s, e = m.start(), m.end()
        mag, pos = _read_unit(text, e, list(_MAGNITUDES))
        unit, pos = _read_unit(text, pos, _UNIT_WORDS)
        full_unit = mag + unit
        kind, scale = UNITS.get(full_unit, (UnitKind.NONE, 1.0))
        found.append(NumberMention(s, pos, text[s:pos], 0.0, full_unit, kind, scale, 0, 1.0,
                                   None, True))
        taken.append((s, pos))

    for m in _PERCENT_WORDS.finditer(text):
        raw = m.group("num")
        if "点" in raw:
            whole, frac = raw.split("点", 1)
            w = _parse_cn(whole)
            digits = "".join(str(int(_parse_cn(c) or 0)) for c in frac)
            value = None if w is None else float(f"{int(w)}.{digits}")
            decimals = len(frac)
        else:
            value = _parse_cn(raw)
            decimals = 0
        if value is None:
            continue
        s, e = m.start(), m.end()
        found.append(NumberMention(s, e, text[s:e], value, "%", UnitKind.SHARE, 1.0, decimals,
                                   10.0 ** -decimals, _qualifier_before(text, s)))
        taken.append((s, e))

    for m in _ARABIC.finditer(text):
        s, e = m.start(), m.end()
        if overlaps(s, e):
            continue
        intpart = m.group("num").replace(",", "")
        dec = m.group("dec") or ""
        raw = intpart + ("." + dec if dec else "")
        value = float(raw)
        pos = e
        qualifier = _qualifier_before(text, s)
        for word, q in (("多", "over"), ("余", "over")):
            if text.startswith(word, pos) and text[pos + 1:pos + 2] in _MAGNITUDES:
                qualifier, pos = q, pos + 1
        mag, pos = _read_unit(text, pos, list(_MAGNITUDES))
        while text.startswith(" ", pos) and not mag:
            pos += 1
            if pos - e > 1:
                break
        unit, pos2 = _read_unit(text, pos, _UNIT_WORDS)
        if not unit and not mag:
            pos2 = e  # no unit: the mention is the bare digits
        elif not unit:
            pos2 = pos
        full_unit = mag + unit
        if full_unit in UNITS:
            kind, scale = UNITS[full_unit]
        else:
            kind, scale = UNITS.get(unit, (UnitKind.RATIO, 1.0))
            scale *= _MAGNITUDES.get(mag, 1.0)
            if unit == "" and mag:
                kind = UnitKind.NONE
        if unit == "" and not mag:
            kind = UnitKind.RATIO
        if _is_structure(text, s, e, raw, full_unit, year):
            taken.append((s, e))
            continue
        end = pos2
        post, _ = _read_unit(text, end, list(_POST_QUALIFIERS))
        if post and qualifier is None and not (post == "多" and full_unit == ""):
            qualifier = _POST_QUALIFIERS[post]
        decimals = len(dec)
        found.append(NumberMention(s, end, text[s:end], value, full_unit, kind, scale, decimals,
                                   10.0 ** -decimals, qualifier))
        taken.append((s, end))

    for m in _CHINESE.finditer(text):
        s, e = m.start(), m.end()
        if overlaps(s, e):
            continue
        raw = m.group("num")
        # Strip a trailing magnitude that belongs to the unit (三万人 -> 三 + 万人).
        unit, pos = _read_unit(text, e, _CN_UNIT_WORDS)
        if text.startswith("翻了", max(0, s - 2)) and unit == "番":
            pass
        elif not unit:
            continue
        if raw in ("万", "亿", "千", "百", "十"):
            continue
        value = _parse_cn(raw)
        if value is None:
            continue
        if raw == "一" and unit in _ARTICLE_UNITS:
            continue
        if raw == "十" and unit in ("分",):
            continue
        if _is_structure(text, s, e, raw, "", year) or unit == "季":
            taken.append((s, e))
            continue
        qualifier = _qualifier_before(text, s)
        if unit == "番":
            kind, scale, val, shown = UnitKind.SHARE, 1.0, (2 ** value - 1) * 100, "%"
            step = 1.0
        elif unit == "倍":
            kind, scale, val, shown, step = UnitKind.RATIO, 1.0, value, "倍", 1.0
        elif unit == "成":
            kind, scale, val, shown, step = UnitKind.SHARE, 1.0, value * 10, "%", 10.0
        elif unit in ("个百分点", "百分点"):
            kind, scale, val, shown, step = UnitKind.POINTS, 1.0, value, "个百分点", 1.0
        elif unit in UNITS:
            kind, scale = UNITS[unit]
            val, shown, step = value, unit, 1.0
        else:
            kind, scale, val, shown, step = UnitKind.COUNT, 1.0, value, unit, 1.0
        found.append(NumberMention(s, pos, text[s:pos], val, shown, kind, scale, 0, step,
                                   qualifier))
        taken.append((s, pos))

    found.sort(key=lambda n: n.start)
    return found
