"""Cell values of back-office exports: numbers written as text, dates and ranges.

Numbers come as ``10,095.00``, ``0.45%``, ``2.5万``, ``1.2亿``, ``¥168`` or real
numbers; ``-``, ``--`` and empty cells are missing. Periods come as dates
(``2025-06-04``, ``2025/6/4``, ``20250604``, Excel dates), ranges
(``2025-05-11~2025-05-17``, ``20250730-20250730``, ``20250803至20250809``) or months
(``2025-06``, ``2025年6月``). Everything is kept as ``Decimal`` so that sums of yuan
are exact to the cent.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

MISSING_MARKS = frozenset({"", "-", "--", "---", "—", "——", "/", "n/a", "na", "null", "none", "无"})

_SCALE_SUFFIX = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000)}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class CellValueError(ValueError):
    """A cell that should hold a number or a date holds something else."""


def _normal(text: str) -> str:
    """Full-width digits and marks to ASCII (NFKC), surrounding blanks removed."""
    return unicodedata.normalize("NFKC", text).strip()


def is_missing(cell: object) -> bool:
    if cell is None:
        return True
    if isinstance(cell, str):
        return _normal(cell).lower() in MISSING_MARKS
    return False


def parse_number(cell: object) -> Decimal | None:
    """The number in ``cell`` (``None`` when missing); ``CellValueError`` when not a number.

    A percentage stays in percent (``"0.45%"`` -> 0.45); 万 and 亿 are multiplied out.
    """
    if is_missing(cell):
        return None
    if isinstance(cell, bool):
        raise CellValueError(str(cell))
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        if cell != cell or cell in (float("inf"), float("-inf")):
            raise CellValueError(str(cell))
        # repr gives the shortest text that round-trips: 10095.3 stays 10095.3.
        return Decimal(repr(cell))
    if isinstance(cell, Decimal):
        return cell
    if not isinstance(cell, str):
        raise CellValueError(str(cell))
    text = _normal(cell)
    text = text.replace(",", "").replace(" ", "").replace("\u3000", "")
    for mark in ("¥", "￥", "$"):
        text = text.replace(mark, "")
    if text.endswith("元"):
        text = text[:-1]
    scale = Decimal(1)
    if text.endswith("%"):
        text = text[:-1]
    elif text and text[-1] in _SCALE_SUFFIX:
        scale = _SCALE_SUFFIX[text[-1]]
        text = text[:-1]
    if not _NUMBER.match(text):
        raise CellValueError(cell)
    try:
        return Decimal(text) * scale
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise CellValueError(cell) from None


# -- periods --------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Period:
    """A closed range of days ``start``..``end`` that one row of an export covers."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"

    def within(self, other: Period) -> bool:
        return other.start <= self.start and self.end <= other.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def each_day(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def quarter_periods(year: int) -> list[Period]:
    out = []
    for q in range(4):
        first = date(year, 3 * q + 1, 1)
        last_month = 3 * q + 3
        out.append(Period(first, date(year, last_month, calendar.monthrange(year, last_month)[1])))
    return out


_DAY = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})"
_DAY_RE = re.compile(rf"^(?:{_DAY})$")
_MONTH_RE = re.compile(r"^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*月?(?:份)?$|^(\d{4})(\d{2})$")
_YEAR_RE = re.compile(r"^(\d{4})\s*年(?:度|全年)?$")
_TIME_TAIL = re.compile(r"[T\s]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$")
_RANGE_SEARCH = re.compile(
    r"((?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{8}))\s*(?:~|至|到|—|–|-)\s*"
    r"((?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{8}))")


def _day(match: re.Match[str], offset: int = 0) -> date:
    g = match.groups()[offset:offset + 6]
    y, m, d = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
    return date(int(y), int(m), int(d))


def _parse_day(text: str) -> date | None:
    m = _DAY_RE.match(text)
    if not m:
        return None
    try:
        return _day(m)
    except ValueError:
        return None


def parse_period(cell: object) -> Period | None:
    """The period a date cell names, or ``None`` when it names none."""
    if isinstance(cell, datetime):
        return Period(cell.date(), cell.date())
    if isinstance(cell, date):
        return Period(cell, cell)
    if isinstance(cell, int) and not isinstance(cell, bool) and 19000101 <= cell <= 21001231:
        cell = str(cell)
    if isinstance(cell, float) and cell.is_integer() and 19000101 <= cell <= 21001231:
        cell = str(int(cell))
    if not isinstance(cell, str):
        return None
    text = _normal(cell)
    text = _TIME_TAIL.sub("", text).strip()
    if not text:
        return None
    day = _parse_day(text)
    if day is not None:
        return Period(day, day)
    found = _RANGE_SEARCH.fullmatch(text)
    if found:
        start, end = _parse_day(found.group(1).strip()), _parse_day(found.group(2).strip())
        if start is not None and end is not None and start <= end:
            return Period(start, end)
        return None
    m = _MONTH_RE.match(text)
    if m:
        y, mo = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        year, month = int(y), int(mo)
        if 1 <= month <= 12:
            return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
        return None
    m = _YEAR_RE.match(text)
    if m:
        return year_period(int(m.group(1)))
    return None


def find_range(text: str) -> Period | None:
    """A date range written somewhere inside a note line (``日期:2025-01-01~2025-12-31``)."""
    m = _RANGE_SEARCH.search(_normal(text))
    if not m:
        return None
    start, end = _parse_day(m.group(1).strip()), _parse_day(m.group(2).strip())
    if start is None or end is None or start > end:
        return None
    return Period(start, end)
