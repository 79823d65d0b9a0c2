"""Find the numbers written in Chinese text: value, unit, precision, qualifier.

One extractor serves three readers: the fact engine (numbers written inside notes
strings are facts), the number checker (every number in a draft is a claim), and
the interview (parsing what people type, e.g. ``5,860万`` or ``2.6个百分点``).

What counts as a number (``shared/spec/number-check.md``):

- Arabic numbers with separators and decimals (``5,860``, ``24.2``), with their
  magnitude (``万``, ``亿``, ``千万``) and unit (``万元``, ``%``, ``个百分点``, ``款`` ...);
- Chinese numerals used as quantities: they need a classifier after them
  (``三个百分点``, ``两成``, ``五个等级``, ``十二条``, ``一倍``, ``翻了一番``, ``两大项目``);
  idioms (一些, 一定, 进一步, 十分, 一个 as an article ...) are not quantities;
- ``百分之二十`` style percentages;
- template placeholders (``X``, ``XX%``, ``X.X``, ``XXX万元``), marked ``placeholder``.

Structure is not a claim and is skipped: years near the report year, festival
names (618, 双十一, 38节, 99划算节), quarter/month/chapter words (第一季度, Q4, 第三章,
篇一) and list or heading numbering (一、 1. (二)).

Every mention's ``unit`` is a key of ``assistant.units.UNITS`` (so that
``unit_scale(mention.unit) == mention.scale``) or a plain classifier of scale 1
(``类``, ``种``); a magnitude that has no unit of its own is folded into the value.
The scanner is a single left-to-right pass, linear in the length of the text (the
start of the current line is tracked as the scan moves, never searched back for).
Full-width and ASCII commas, colons, semicolons and parentheses read the same: the
text is scanned with full-width marks mapped to ASCII (one character each, so offsets hold).
A number with thousands of digits is still a number (its value may be ``inf``); it
never raises.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.typography import to_ascii_punctuation
from assistant.units import UNITS, UnitKind

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CN_FRAC = "零〇一二三四五六七八九"

# -- units --------------------------------------------------------------------------

# Count classifiers that units.py does not list; scale 1, kind COUNT.
_EXTRA_COUNT_UNITS = ("类", "种", "期", "轮", "组", "支", "套", "份", "批", "张", "台", "届",
                      "所", "座", "门", "节课")
_MAGNITUDE_ONLY = {"万", "亿", "千元", "万元", "亿元", "万人", "亿人", "万人次", "万次", "万单",
                   "万件"}
# Unit words after an Arabic number, longest first so 个百分点 wins over 个.
_UNIT_WORDS: tuple[str, ...] = tuple(sorted(
    [u for u in UNITS if u and u not in _MAGNITUDE_ONLY] + list(_EXTRA_COUNT_UNITS)
    + ["PP", "pct", "PCT", "Pct", "个点"],
    key=len, reverse=True,
))
# All mean 个百分点 (个点 is how people say it).
_UNIT_ALIASES = {"PP": "pp", "pct": "pp", "PCT": "pp", "Pct": "pp", "个点": "个百分点"}
_MAGNITUDES: dict[str, float] = {"千万": 1e7, "百万": 1e6, "万": 1e4, "亿": 1e8, "千": 1e3}
_MAGNITUDE_WORDS = tuple(sorted(_MAGNITUDES, key=len, reverse=True))
_ASCII_MAGNITUDES = {"w": 1e4, "W": 1e4}

# Classifiers after a Chinese numeral, longest first.
_CN_UNIT_WORDS: tuple[str, ...] = tuple(sorted(
    ["个百分点", "百分点", "个点", "成", "倍", "番", "大", "个月", "小时", "分钟", "个季度", "个",
     "款", "条", "场", "位", "次", "项", "家", "名", "篇", "件", "类", "种", "天", "周", "秒",
     "人次", "人", "期", "轮", "支", "届", "季", "单", "元", "块", "套", "批", "日", "%"],
    key=len, reverse=True,
))
# 一 + classifier is usually an article ("一个有温度的品牌"), not a claim.
_ARTICLE_UNITS = {"个", "个月", "款", "条", "场", "位", "次", "项", "家", "名", "篇", "件", "类", "种",
                  "期", "轮", "支", "届", "大", "季", "天", "周", "人", "组", "套", "批", "日",
                  "块", "单", "元", "人次"}

# Idioms that start with a numeral + classifier: (numeral run, text that follows).
_IDIOMS_AFTER = ("位数", "位一体", "天无理由", "条腿", "番努力", "成不变", "次元", "人一策",
                 "大促", "周年")
# Four-character idioms with numerals in them; a numeral inside one is not a quantity.
_IDIOMS_WHOLE = ("三番五次", "三令五申", "三心二意", "一五一十", "千方百计", "五花八门", "七上八下",
                 "一心一意", "独一无二", "十全十美", "一举两得", "一石二鸟", "万无一失", "九牛一毛",
                 "一年四季", "四面八方", "三三两两", "接二连三", "一清二楚", "说一不二", "数一数二",
                 "千家万户", "成千上万", "千军万马", "百里挑一", "一针一线", "一点一滴", "一人一策")
# A unit word that is really the start of another word: 618天猫, 18.6万日活, 10秒杀.
_NOT_UNIT_BEFORE: dict[str, str] = {
    "天": "猫", "日": "活均常", "周": "年边", "单": "品", "人": "均", "次": "日年", "秒": "杀",
    "场": "景域", "期": "间末初望待", "位": "置", "款": "式项", "元": "旦素", "成": "功",
    "分": "享析类别层之",
}
_CN_FRAC_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}

# -- qualifiers ---------------------------------------------------------------------

_PRE_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("不超过", "under"), ("不低于", "over"), ("不少于", "over"), ("不到", "under"),
    ("不足", "under"), ("超过", "over"), ("突破", "over"), ("高于", "over"), ("至少", "over"),
    ("多于", "over"), ("接近", "under"), ("将近", "under"), ("低于", "under"),
    ("少于", "under"), ("大约", "about"), ("大概", "about"), ("大致", "about"),
    ("约", "about"), ("近", "under"), ("逾", "over"), ("超", "over"),
)
_POST_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("以上", "over"), ("出头", "over"), ("以下", "under"), ("以内", "under"),
    ("左右", "about"), ("上下", "about"),
)

# -- structure ----------------------------------------------------------------------

# "项目1", "阶段2": a small whole number with no unit right after one of these names a part.
_ORDINAL_NOUNS = ("篇", "章", "项目", "战役", "阶段", "模块", "部分", "方向", "举措", "步骤",
                  "案例", "方案", "附件", "附录", "图", "表", "环节", "维度")
_FESTIVAL_ALWAYS = {"618", "1111", "1212", "11.11", "12.12", "6.18", "1688"}
_GENERATIONS = {"00", "05", "10", "60", "70", "75", "80", "85", "90", "95"}  # 90后, 00后
_FESTIVAL_WITH_SUFFIX = {"38", "3.8", "99", "9.9", "520", "818", "88", "315", "11", "12", "66",
                         "1688"}
_FESTIVAL_SUFFIX = ("节", "划算", "大促", "活动", "购物", "狂欢", "年中", "预售", "会员日", "当天",
                    "期间", "女神", "妇女", "当晚", "返场", "前后", "大战", "战役", "促销", "女王",
                    "聚划算", "告白", "发烧")
_FESTIVAL_DOT = {("6", "18"), ("11", "11"), ("12", "12"), ("3", "8"), ("9", "9"), ("5", "20"),
                 ("8", "18")}
_ENUM_BEFORE = set(":;。,、 \t(:;,(") | {""}
_DATE_BEFORE = re.compile(r"(?:19|20)\d{2}[-/.](?:\d{1,2}[-/.])?$")
_MONTH_BEFORE = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月$")
_RANGE_TO_PERIOD = re.compile(r"[-~～至到–—]\d{1,2}(?:月|季度)")
_LIST_PREFIX = re.compile(r"[ \t>]*(?:#{1,6}[ \t]*)?(?:[-*+][ \t]+)?(?:\*\*)?[ \t]*")
_METRIC_ACRONYMS = ("ROI", "GMV", "CAC", "AOV", "DAU", "MAU", "UV", "PV", "DSR", "CPA", "CPC",
                    "CPM", "CTR", "CVR", "LTV", "ARPU", "SKU", "SPU", "KPI")

_TOKEN = re.compile(
    rf"(?P<pct>百分之[{CN_DIGITS}]+(?:点[{_CN_FRAC}]+)?)"
    r"|(?P<ph>(?<![A-Za-z0-9])[XxＸ]{1,4}(?:\.[XxＸ]{1,4})?(?![A-Za-z0-9]))"
    r"|(?P<ar>(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?)"
    rf"|(?P<cn>[{CN_DIGITS}]+(?:点[{_CN_FRAC}]+[万亿]*)?)"
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

    @property
    def base_step(self) -> float:
        return self.step * self.scale


def parse_chinese_numeral(text: str) -> float | None:
    """Value of a Chinese numeral (``十二`` -> 12, ``两`` -> 2), ``None`` when not one."""
    return _parse_cn(text)


@lru_cache(maxsize=4096)
def _parse_cn(text: str) -> float | None:
    if not text:
        return None
    from assistant.cnnum import simple_value, units_only

    simple = simple_value(text)  # regular forms without cn2an's 0.1 s import
    if simple is not None or units_only(text):  # 破百万: a unit, not a number
        return simple
    import cn2an  # local import: only needed for an irregular numeral

    try:
        value = cn2an.cn2an(text.replace("〇", "零"), "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        return None


_BIG = 10**9  # stands for any whole number too long to matter to structure checks


def _int(digits: str) -> int:
    """``int(digits)`` for a run of digits, capped: 5,000 digits must not raise."""
    return int(digits) if len(digits) <= 9 else _BIG


class _Lines:
    """Start of the line at a position; queries move forward, so the scan stays linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0  # text[:pos] has been searched
        self.start = 0  # start of the line that contains pos

    def start_of(self, pos: int) -> int:
        if pos < self.pos:  # a step back (rare): search that stretch alone
            return self.text.rfind("\n", 0, pos) + 1
        found = self.text.rfind("\n", self.pos, pos)
        if found != -1:
            self.start = found + 1
        self.pos = pos
        return self.start


# -- small readers ------------------------------------------------------------------

_FIRST_CHARS: dict[int, frozenset[str]] = {}  # id(word tuple) -> first characters


def _read_word(text: str, pos: int, words: tuple[str, ...]) -> str:
    first = _FIRST_CHARS.get(id(words))
    if first is not None and text[pos:pos + 1] not in first:
        return ""  # the common case, decided without trying every word
    for word in words:
        if text.startswith(word, pos):
            return word
    return ""


def _read_unit(text: str, pos: int, words: tuple[str, ...]) -> str:
    """The unit word at ``pos``, unless it starts another word (天猫, 日活, 秒杀)."""
    unit = _read_word(text, pos, words)
    follow = text[pos + len(unit):pos + len(unit) + 1]
    if unit and follow and follow in _NOT_UNIT_BEFORE.get(unit, ""):
        return ""
    return unit


def _qualifier_before(text: str, start: int) -> str | None:
    while start and text[start - 1] in " \u00a0":  # "约 24%"
        start -= 1
    end = start
    if end and text[end - 1] in "了为":  # 超过了20%, 约为20%
        end -= 1
    if text[end - 1:end] not in _PRE_LAST and text[start - 1:start] not in _PRE_LAST:
        return None
    for word, q in _PRE_QUALIFIERS:
        if text.endswith(word, max(0, end - len(word)), end):
            return q
    if end != start:
        for word, q in _PRE_QUALIFIERS:
            if text.endswith(word, max(0, start - len(word)), start):
                return q
    return None


def _qualifier_after(text: str, pos: int) -> str | None:
    if text.startswith("+", pos) and not text[pos + 1:pos + 2].isdigit():  # 10万+
        return "over"
    for word, q in _POST_QUALIFIERS:
        if text.startswith(word, pos):
            return q
    return None


_PRE_LAST = frozenset(word[-1] for word, _ in _PRE_QUALIFIERS)
_MAGNITUDE_OR_UNIT_WORDS = _MAGNITUDE_WORDS + _UNIT_WORDS
for _words in (_UNIT_WORDS, _MAGNITUDE_WORDS, _CN_UNIT_WORDS, _MAGNITUDE_OR_UNIT_WORDS):
    _FIRST_CHARS[id(_words)] = frozenset(w[0] for w in _words)


def _unit_info(unit: str) -> tuple[UnitKind, float]:
    if unit in UNITS:
        return UNITS[unit]
    return UnitKind.COUNT, 1.0


# -- structure ----------------------------------------------------------------------

def _is_line_numbering(text: str, start: int, end: int, lines: _Lines) -> bool:
    """``一、`` / ``1.`` / ``1.2 `` / ``(二)`` / ``1)`` numbering a list item or heading."""
    before1 = text[start - 1:start] if start else ""
    after = text[end:end + 1]
    if before1 in ("(", "(", "[", "【") and after in (")", ")", "]", "】"):
        return True
    chain_end = end  # "2.1.3": a dotted section number
    while text.startswith(".", chain_end) and text[chain_end + 1:chain_end + 2].isdigit():
        chain_end += 1
        while chain_end < len(text) and text[chain_end].isdigit():
            chain_end += 1
    line_start = lines.start_of(start)
    if _LIST_PREFIX.fullmatch(text, line_start, start) is None:
        return _is_inline_numbering(text, start, end, before1, after)
    if chain_end != end:
        return text[chain_end:chain_end + 1] in (" ", "\t", "\u3000", "、", ".", ")", ")", ":", ":")
    if after in ("、", ")", ")", ".", ".", ":", ":"):
        return not (after == "." and text[end + 1:end + 2].isdigit())
    # "## 2.1 流量获取": a dotted number opening a heading or list item.
    return "." in text[start:end] and after in (" ", "\t", "\u3000")


def _is_inline_numbering(text: str, start: int, end: int, before1: str, after: str) -> bool:
    """``重点如下:1、提升复购;2、降低CAC`` or ``如下: 1. 提升复购``: numbering inside a line."""
    raw = text[start:end]
    if not raw.isdigit() or _int(raw) > 20 or before1 not in _ENUM_BEFORE:
        return False
    follow = text[end + 1:end + 2]
    if after == "、":
        return not follow.isdigit()
    if after in (".", ")", ")"):
        return bool(follow) and not follow.isdigit() and follow not in "\n\r"
    return False


def _is_structure(text: str, start: int, end: int, raw: str, unit: str, year: int | None,
                  lines: _Lines) -> bool:
    before1 = text[start - 1:start] if start else ""
    nxt = text[end:end + 4]
    if _is_line_numbering(text, start, end, lines):
        return True
    if before1 in ("第", "Q", "q", "H", "h", "篇", "双", "#", "№", "每"):
        return True  # 每 + number is a rate's basis: 每1元投入, 每1000个访客
    if raw == "1" and nxt[:1] in (":", ":") and nxt[1:2].isdigit():
        return True  # ROI 1:4.5
    if (year is not None and raw.isdigit() and len(raw) == 2 and unit == "" and nxt.startswith("年")
            and _int(raw) in {(year + d) % 100 for d in range(-2, 3)}):
        return True  # 25年双11
    if raw.isdigit() and _int(raw) <= 31 and _DATE_BEFORE.search(text, max(0, start - 8), start):
        return True  # 2025/12/31, 2025-06-18
    whole, dot, frac = raw.partition(".")
    if (dot and len(whole) == 4 and year is not None and year - 2 <= _int(whole) <= year + 2
            and frac.isdigit() and 1 <= _int(frac) <= 12 and unit == ""):
        return True  # 2025.12
    if (unit == "" and text.endswith(_ORDINAL_NOUNS, max(0, start - 2), start)
            and (not raw.isdigit() or _int(raw) <= 20)):
        return True
    if raw.isdigit() and len(raw) == 4 and unit == "":
        y = _int(raw)
        if year is not None and year - 2 <= y <= year + 2:
            return True  # without a report year (the interview), 2025年 is an answer
    if unit in ("", "日") and nxt.startswith(("日", "号")) and raw.isdigit() and 1 <= _int(raw) <= 31:
        # 6月18日 is a calendar date; 每月18日 stays a claim.
        head = text[max(0, start - 4):start]
        if _MONTH_BEFORE.search(head) and not head.endswith("每月"):
            return True
    if unit == "" and _RANGE_TO_PERIOD.match(text, end):  # 1-3月, 1至3季度
        return True
    if unit == "":
        if nxt.startswith(("季度", "季")):
            return True
        if (nxt.startswith("月") and not nxt.startswith(("月均", "月活")) and raw.isdigit()
                and 1 <= _int(raw) <= 12):
            return True
        if raw in _FESTIVAL_ALWAYS:
            return True
        if raw in _GENERATIONS and nxt.startswith("后"):
            return True
        if nxt.startswith(("对1", "对一")) or text.endswith(("1对", "一对"), 0, start):
            return True  # 1对1 service, not a quantity
        if nxt[:1] in ("·", "•", "・") and (raw, _lead_digits(text, end + 1)) in _FESTIVAL_DOT:
            return True
        if before1 in ("·", "•", "・") and (_trail_digits(text, start - 1), raw) in _FESTIVAL_DOT:
            return True
    return raw in _FESTIVAL_WITH_SUFFIX and unit == "" and (
        nxt.startswith(_FESTIVAL_SUFFIX) or "节" in nxt)


def _lead_digits(text: str, pos: int) -> str:
    end = pos
    while end < len(text) and text[end].isdigit():
        end += 1
    return text[pos:end]


def _trail_digits(text: str, pos: int) -> str:
    start = pos
    while start > 0 and text[start - 1].isdigit():
        start -= 1
    return text[start:pos]


# -- the scanner --------------------------------------------------------------------

def find_numbers(text: str, *, year: int | None = None) -> list[NumberMention]:
    """Every number claim in ``text``, in order, skipping structure."""
    original = text
    text = to_ascii_punctuation(text)  # same length: offsets hold for the original
    lines = _Lines(text)
    found: list[NumberMention] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN.search(text, pos)
        if m is None:
            break
        kind = m.lastgroup
        if kind == "ar":
            mention, pos = _arabic(text, m, year, lines)
        elif kind == "cn":
            mention, pos = _chinese(text, m, year, lines)
        elif kind == "pct":
            mention, pos = _percent_words(text, m)
        else:
            mention, pos = _placeholder(text, m)
        if mention is not None:
            found.append(mention)
    if original != text:
        found = [replace(f, text=original[f.start:f.end]) if f.text != original[f.start:f.end]
                 else f for f in found]
    return found


def _placeholder(text: str, m: re.Match[str]) -> tuple[NumberMention | None, int]:
    s, e = m.start(), m.end()
    before1 = text[s - 1:s] if s else ""
    if before1 in ("Q", "H", "第") or not _looks_like_placeholder(text, s, e):
        return None, e
    pos = e
    mag = _read_word(text, pos, _MAGNITUDE_WORDS)
    pos += len(mag)
    unit = _read_word(text, pos, _UNIT_WORDS)
    pos += len(unit)
    full = mag + unit
    ukind, scale = UNITS.get(full, (UnitKind.NONE, 1.0))
    return NumberMention(s, pos, text[s:pos], 0.0, full, ukind, scale, 0, 1.0, None, True), pos


def _looks_like_placeholder(text: str, s: int, e: int) -> bool:
    """``X`` alone is a placeholder only next to Chinese text or a unit, not in English."""
    raw = text[s:e]
    if len(raw) > 1:
        return True
    before = text[s - 1:s] if s else ""
    after = text[e:e + 1]
    if after in ("-", "/", "光", "轴") or before in ("-", "/", "×", "*"):
        return False
    return not (before.isascii() and before.strip() and after.isascii() and after.strip())


def _arabic(text: str, m: re.Match[str], year: int | None,
            lines: _Lines) -> tuple[NumberMention | None, int]:
    s, e = m.start(), m.end()
    raw = m.group("ar")
    # Digits glued to letters are codes or names (B2C, 5G, iPhone15), except a metric
    # acronym right before the number (ROI3.1).
    if (s and text[s - 1].isascii() and text[s - 1].isalpha()
            and not text.endswith(_METRIC_ACRONYMS, max(0, s - 4), s)):
        return None, _skip_alnum(text, e)
    if s >= 2 and text[s - 1] in ".," and text[s - 2].isdigit():  # the tail of 1.2.3
        return None, e
    intpart, _, dec = raw.replace(",", "").partition(".")
    value = float(intpart + ("." + dec if dec else ""))
    decimals = len(dec)
    pos = e
    qualifier = _qualifier_before(text, s)
    if text.startswith(("多", "余"), pos) and _read_word(text, pos + 1, _MAGNITUDE_OR_UNIT_WORDS):
        qualifier, pos = "over", pos + 1
    if text[pos:pos + 1] in (" ", "\u00a0") and _read_word(text, pos + 1, _MAGNITUDE_WORDS):
        pos += 1  # "5860 万元"
    mag = _read_word(text, pos, _MAGNITUDE_WORDS)
    mag_factor = _MAGNITUDES.get(mag, 1.0)
    if not mag and text[pos:pos + 1] in _ASCII_MAGNITUDES and not text[pos + 1:pos + 2].isalpha():
        mag, mag_factor = "万", 1e4
        pos += 1
    else:
        pos += len(mag)
    if text.startswith(("多", "余"), pos) and mag and _read_word(text, pos + 1, _UNIT_WORDS):
        qualifier, pos = "over", pos + 1
    unit_pos = pos
    if not mag and text[pos:pos + 1] in (" ", "\u00a0"):
        unit_pos = pos + 1
    unit = _read_unit(text, unit_pos, _UNIT_WORDS)
    if unit:
        pos = unit_pos + len(unit)
        unit = _UNIT_ALIASES.get(unit, unit)
    if text[pos:pos + 1].isascii() and text[pos:pos + 1].isalpha() and not (unit or mag):
        return None, _skip_alnum(text, pos)  # 5G, 3C, 4K: a product code, not a quantity
    if text.startswith(_IDIOMS_AFTER, e):  # 7天无理由, 两位数, 10周年
        return None, pos
    if unit == "个季度" or (unit == "个" and text.startswith("季度", pos)):
        return None, pos
    written_unit = mag + unit
    if _is_structure(text, s, e, raw.replace(",", ""), written_unit, year, lines):
        return None, e
    step = 10.0 ** -decimals
    if written_unit in UNITS:
        ukind, scale = UNITS[written_unit]
        out_unit = written_unit
    elif unit:
        # A magnitude with a unit units.py does not list (千人, 千万元, 万名): fold it in.
        ukind, scale = _unit_info(unit)
        value, step = value * mag_factor, step * mag_factor
        out_unit = unit
    elif mag:
        # 3千, 2千万: express in 万 so scale and unit_scale agree.
        value, step = value * mag_factor / 1e4, step * mag_factor / 1e4
        ukind, scale = UNITS["万"]
        out_unit = "万"
    else:
        ukind, scale = UNITS[""]
        out_unit = ""
    post = _qualifier_after(text, pos)
    if post and qualifier is None:
        qualifier = post
    return NumberMention(s, pos, text[s:pos], value, out_unit, ukind, scale, decimals, step,
                         qualifier), pos


def _skip_alnum(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isascii() and (text[pos].isalnum() or text[pos] in "._"):
        pos += 1
    return pos


def _percent_words(text: str, m: re.Match[str]) -> tuple[NumberMention | None, int]:
    s, e = m.start(), m.end()
    raw = m.group("pct")[3:]
    whole, _, frac = raw.partition("点")
    w = _parse_cn(whole)
    if w is None or not math.isfinite(w):
        return None, e
    value = float(f"{int(w)}.{''.join(str(_CN_FRAC_VALUE[c]) for c in frac)}") if frac else w
    decimals = len(frac)
    qualifier = _qualifier_before(text, s) or _qualifier_after(text, e)
    return NumberMention(s, e, text[s:e], value, "%", UnitKind.SHARE, 1.0, decimals,
                         10.0 ** -decimals, qualifier), e


def _split_cn_magnitude(raw: str) -> tuple[str, float]:
    """``三千万`` -> (``三千``, 1e4); ``两亿`` -> (``两``, 1e8); ``十二`` -> (``十二``, 1)."""
    core, factor = raw, 1.0
    while len(core) > 1 and core[-1] in "万亿" and "点" not in core[-1:]:
        factor *= 1e4 if core[-1] == "万" else 1e8
        core = core[:-1]
    return core, factor


def _inside_idiom(text: str, pos: int) -> bool:
    window = text[max(0, pos - 3):pos + 4]
    offset = pos - max(0, pos - 3)
    for idiom in _IDIOMS_WHOLE:
        i = window.find(idiom)
        if i != -1 and i <= offset < i + len(idiom):
            return True
    return False


def _chinese_magnitude(text: str, s: int, end: int, raw: str, extra: float,
                       qualifier: str | None, year: int | None,
                       lines: _Lines) -> NumberMention | None:
    """A Chinese numeral with 万/亿 and no classifier (三十万, 八十六点五万) is a quantity."""
    core, factor = _split_cn_magnitude(raw)
    factor *= extra
    if factor < 1e4 or text.startswith(_IDIOMS_AFTER, s + len(raw)) or _inside_idiom(text, s):
        return None
    if text.startswith(("火急", "分"), s + len(raw)) or _is_structure(text, s, s + len(raw), raw,
                                                                       "", year, lines):
        return None  # 十万火急, 万分感谢
    number = _parse_cn(core)
    if number is None:
        return None
    decimals = len(core.partition("点")[2])
    kind, scale = UNITS["万"]
    value = number * factor / scale
    step = 10.0 ** -decimals * factor / scale
    post = _qualifier_after(text, end)
    return NumberMention(s, end, text[s:end], value, "万", kind, scale, decimals, step,
                         qualifier or post)


def _chinese(text: str, m: re.Match[str], year: int | None,
             lines: _Lines) -> tuple[NumberMention | None, int]:
    s, e = m.start(), m.end()
    raw = m.group("cn")
    if raw in ("万", "亿", "千", "百", "零", "〇"):
        return None, e
    if s and text[s - 1] in "几数上":  # 几十个, 数十家: vague, not a claim
        return None, e
    pos = e
    qualifier = _qualifier_before(text, s)
    extra = 1.0  # 三十多万: a magnitude after 多
    if text.startswith(("多", "余"), pos):
        after, factor_after = pos + 1, 1.0
        while after < len(text) and text[after] in "万亿":
            factor_after *= 1e4 if text[after] == "万" else 1e8
            after += 1
        if factor_after > 1 or _read_word(text, after, _CN_UNIT_WORDS):
            qualifier, pos, extra = "over", after, factor_after
    unit = _read_unit(text, pos, _CN_UNIT_WORDS)
    if not unit:
        return (_chinese_magnitude(text, s, pos, raw, extra, qualifier, year, lines),
                max(e, pos))
    end = pos + len(unit)
    if text.startswith(_IDIOMS_AFTER, pos):
        return None, end
    if unit == "番" and not text.endswith(("翻", "翻了"), max(0, s - 2), s):
        return None, end  # 一番努力, 三番五次
    if raw == "十" and unit in ("分",):
        return None, end
    if raw == "一" and unit in _ARTICLE_UNITS:
        return None, end
    if unit in ("季", "个季度") or _is_structure(text, s, e, raw, "", year, lines):
        return None, end
    if _inside_idiom(text, s):
        return None, end
    if raw == "二" and unit == "次":  # 二次购买, 二次传播: "second", not a count
        return None, end
    if unit == "大" and text.startswith("促", end):
        return None, end
    core, factor = _split_cn_magnitude(raw)
    factor *= extra
    number = _parse_cn(core)
    if number is None:
        return None, end
    whole_frac = core.partition("点")[2]
    decimals = len(whole_frac)
    value = number * factor
    step = 10.0 ** -decimals * factor
    if unit == "番":
        value, out_unit, ukind, scale, step = (2 ** number - 1) * 100, "%", UnitKind.SHARE, 1.0, 10.0
        s -= 2 if text.endswith("翻了", 0, s) else 1  # the claim reads 翻了一番
    elif unit == "成":
        value, out_unit, ukind, scale, step = value * 10, "%", UnitKind.SHARE, 1.0, step * 10
    elif unit in ("个百分点", "百分点", "个点"):
        out_unit, (ukind, scale) = "个百分点", UNITS["个百分点"]
    elif unit == "大":
        out_unit, ukind, scale = "个", UnitKind.COUNT, 1.0
    elif unit == "个季度":
        return None, end
    else:
        out_unit = unit
        ukind, scale = _unit_info(unit)
    post = _qualifier_after(text, end)
    if post and qualifier is None:
        qualifier = post
    return NumberMention(s, end, text[s:end], value, out_unit, ukind, scale, decimals, step,
                         qualifier), end
