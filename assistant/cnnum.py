"""Standard Chinese numerals without cn2an (whose import costs about 0.1 s).

``simple_value`` reads the regular forms (十二, 二十, 三千五百二十, 一百零五, 两万三千,
一亿两千万, 三点五, 零点五) exactly as cn2an's "smart" mode does, and returns ``None``
for anything else (spoken abbreviations such as 三百五, digit strings such as 一二三,
odd orders), which ``assistant.numbers`` then hands to cn2an. Tests check the two
agree on every form this module accepts.
"""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}
SMALL = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10**4, "亿": 10**8}
FRACTION = {c: v for c, v in DIGITS.items() if c != "两"}


def units_only(text: str) -> bool:
    """百, 千万, 百亿...: units without a digit (and not 十), which cn2an never reads as a
    number (checked for every such string up to four characters)."""
    return bool(text) and text[0] != "十" and all(c in "百千万亿" for c in text)


def simple_value(text: str) -> float | None:
    whole, dot, frac = text.partition("点")
    if dot and (not frac or any(c not in FRACTION for c in frac)):
        return None
    value = _whole(whole)
    if value is None:
        return None
    if frac:
        return float(f"{value}.{''.join(str(FRACTION[c]) for c in frac)}")
    return float(value)


def _whole(text: str) -> int | None:
    if not text or "亿" in text or text[-1] in "零〇":
        return None  # 亿 and trailing zeros have irregular readings: cn2an decides
    total = 0  # the 万 group
    section = 0  # below 万
    pending: int | None = None  # a digit waiting for its unit
    zero = False  # a 零 since the last unit
    last_small = 10**5  # units within a section must fall: 千 > 百 > 十
    last_unit = 0
    after_wan = False  # right after 万 the next unit is 千, or a 零 marks the gap
    for i, ch in enumerate(text):
        if ch in DIGITS:
            if ch in "零〇":
                if pending is not None or i == 0 or last_unit == 10:
                    return None  # 一二零, 零三, 十零三: not this grammar
                zero = True
                pending = 0
                continue
            if pending is not None and not zero:
                return None  # 一二三: digits read one by one
            if zero and pending not in (None, 0):
                return None
            pending = DIGITS[ch]
            continue
        if ch in SMALL:
            unit = SMALL[ch]
            if unit >= last_small:
                return None
            if unit == 10 and text[i - 1 : i] == "两":
                return None  # 两十 is not regular
            if pending == 0 or pending is None:
                if unit == 10 and (i == 0 or zero):
                    pending = 1  # 十二, 八千零十四
                else:
                    return None
            if after_wan and not zero and unit != 1000:
                return None  # 两万三百 wants a 零
            if zero and unit * 10 >= last_unit:
                return None  # 三百零八十: a 零 only marks a skipped place
            section += pending * unit
            pending, zero, last_small, last_unit, after_wan = None, False, unit, unit, False
            continue
        if ch == "万":
            if total or zero or (pending is not None and last_unit > 10):
                return None  # 万万, 六千〇万, 六千五万
            section += pending or 0
            if section == 0:
                return None
            total = section * BIG["万"]
            section, pending = 0, None
            last_small, last_unit, after_wan = 10**5, BIG["万"], True
            continue
        return None
    if pending is not None:
        if last_unit > 10 and not zero:
            return None  # 三百五 / 两万三: spoken short forms, left to cn2an
        section += pending
    return total + section
