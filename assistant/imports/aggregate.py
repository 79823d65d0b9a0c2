"""A year from rows: which rows count, sums per year and quarter, ratios of sums.

Rules (``shared/spec/imports.md``):
- only rows whose whole period lies inside the year count; rows outside it and rows
  straddling its boundary are reported, not counted;
- files may overlap (a year arrives as many downloads): per breakdown and measure, a
  day is counted once; a repeated row is dropped and reported, a row that partly
  overlaps what is already counted is dropped and reported;
- additive measures are summed; rates are recomputed from summed parts over the same
  rows; de-duplicated counts (访客数, 买家数) are never summed into a yearly figure;
- missing days inside the year and missing cells ('-', '--', empty) are reported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from assistant.imports import aliases as al
from assistant.imports.tables import Row, Table
from assistant.imports.values import Period, quarter_periods, year_period

MAX_LISTED = 6


@dataclass(frozen=True)
class Obs:
    """One counted value: a measure of one row."""

    table: Table
    row: Row
    measure: str
    value: Decimal

    @property
    def series(self) -> tuple[str, tuple[str, ...]]:
        return self.table.platform.id, self.row.dims


@dataclass
class Total:
    """The sum of an additive measure over the year."""

    value: Decimal
    quarters: list[Decimal] | None
    quarter_note: str | None
    rows: int
    sources: list[tuple[str, str]]  # (file[sheet], column header)
    first: date
    last: date


@dataclass
class YearData:
    year: int
    tables: list[Table]
    obs: list[Obs] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    covered: dict[str, set[date]] = field(default_factory=dict)  # platform -> days with rows

    # -- queries --------------------------------------------------------------------------

    def platforms(self, kind: str) -> list[al.Platform]:
        seen: dict[str, al.Platform] = {}
        for t in self.tables:
            if t.platform.kind == kind and not t.has_sources:
                seen.setdefault(t.platform.id, t.platform)
        return list(seen.values())

    def _select(self, measure: str, platform: str | None, channel: str | None) -> list[Obs]:
        return [o for o in self.obs if o.measure == measure
                and (platform is None or o.table.platform.id == platform)
                and (channel is None or o.row.channel == channel)
                and not o.table.has_sources]

    def total(self, measure: str, *, platform: str | None = None,
              channel: str | None = None) -> Total | None:
        chosen = self._select(measure, platform, channel)
        if not chosen:
            return None
        quarters = [Decimal(0)] * 4
        spans = quarter_periods(self.year)
        crossing = 0
        for o in chosen:
            q = next((i for i, span in enumerate(spans) if o.row.period.within(span)), None)
            if q is None:
                crossing += 1
            else:
                quarters[q] += o.value
        note = None
        if crossing:
            note = f"有 {crossing} 行的期间跨越季度边界，无法拆分到季度"
        sources = list(dict.fromkeys((o.table.where, o.table.header_of(measure)) for o in chosen))
        return Total(sum((o.value for o in chosen), Decimal(0)), None if crossing else quarters, note,
                     len(chosen), sources, min(o.row.period.start for o in chosen),
                     max(o.row.period.end for o in chosen))

    def ratio_parts(self, numerator: str, denominator: str, *, platform: str | None = None,
                    channel: str | None = None) -> tuple[Decimal, Decimal, int] | None:
        """(summed numerator, summed denominator, rows) over the rows that have both."""
        by_row: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
        for o in self.obs:
            if o.measure in (numerator, denominator) and not o.table.has_sources and (
                    platform is None or o.table.platform.id == platform) and (
                    channel is None or o.row.channel == channel):
                by_row[(id(o.table), o.row.line)][o.measure] = o.value
        pairs = [v for v in by_row.values() if numerator in v and denominator in v]
        if not pairs:
            return None
        num = sum((v[numerator] for v in pairs), Decimal(0))
        den = sum((v[denominator] for v in pairs), Decimal(0))
        return num, den, len(pairs)

    def whole_year(self, measure: str, *, platform: str | None = None) -> Obs | None:
        """A de-duplicated count is usable only from a row covering the whole year."""
        whole = year_period(self.year)
        return next((o for o in self._select(measure, platform, None) if o.row.period == whole), None)

    def channels(self, platform: str) -> list[str]:
        names: dict[str, None] = {}
        for o in self.obs:
            if o.table.platform.id == platform:
                names.setdefault(o.row.channel or o.table.platform.label, None)
        return list(names)

    def gaps(self, platform: str) -> list[Period]:
        return missing_ranges(self.covered.get(platform, set()), year_period(self.year))


def missing_ranges(covered: set[date], span: Period) -> list[Period]:
    out: list[Period] = []
    start: date | None = None
    day = span.start
    while day <= span.end:
        if day not in covered:
            start = start or day
        elif start is not None:
            out.append(Period(start, day - timedelta(days=1)))
            start = None
        day += timedelta(days=1)
    if start is not None:
        out.append(Period(start, span.end))
    return out


def _listed(items: list[str]) -> str:
    shown = "、".join(items[:MAX_LISTED])
    return shown + (f" 等 {len(items)} 处" if len(items) > MAX_LISTED else "")


@dataclass
class _Taken:
    period: Period
    value: Decimal
    where: str
    line: int


def collect(tables: list[Table], year: int, *, last_year_hint: bool = True) -> YearData:
    """The rows of ``tables`` that count for ``year``, with every problem reported.

    ``last_year_hint``: say that rows of the year before belong in ``--last-year``.
    """
    data = YearData(year, tables)
    span = year_period(year)
    taken: dict[tuple[tuple[str, tuple[str, ...]], str], dict[date, _Taken]] = defaultdict(dict)
    duplicates: dict[tuple[str, str], int] = defaultdict(int)
    for table in tables:
        outside: list[Period] = []
        straddling: list[str] = []
        missing: dict[str, list[str]] = defaultdict(list)
        overlaps: list[str] = []
        for row in table.rows:
            if not row.period.overlaps(span):
                outside.append(row.period)
                continue
            if not row.period.within(span):
                straddling.append(f"第 {row.line} 行（{row.period}）")
                continue
            days = row.period.each_day()
            data.covered.setdefault(table.platform.id, set()).update(days)
            for header in row.missing:
                missing[header].append(f"{row.period}（第 {row.line} 行）")
            for measure, value in row.values.items():
                occupied = taken[((table.platform.id, row.dims), measure)]
                clash = next((occupied[d] for d in days if d in occupied), None)
                if clash is not None:
                    if clash.period == row.period and clash.value == value:
                        duplicates[(table.where, clash.where)] += 1
                    elif clash.period == row.period:
                        overlaps.append(f"第 {row.line} 行（{row.period}）的{table.header_of(measure)}"
                                        f"与 {clash.where} 第 {clash.line} 行同期但数值不同，"
                                        f"保留先读入的 {clash.where}")
                    else:
                        overlaps.append(f"第 {row.line} 行（{row.period}）的{table.header_of(measure)}"
                                        f"与 {clash.where} 第 {clash.line} 行（{clash.period}）重叠，未计入")
                    continue
                record = _Taken(row.period, value, table.where, row.line)
                for d in days:
                    occupied[d] = record
                data.obs.append(Obs(table, row, measure, value))
        w = table.where
        if outside:
            first, last = min(p.start for p in outside), max(p.end for p in outside)
            hint = ("；去年的数据请用 --last-year 给出"
                    if last_year_hint and any(p.end.year == year - 1 for p in outside) else "")
            data.warnings.append(f"{w} 有 {len(outside)} 行不在 {year} 年内（{first} 至 {last}），没有计入{hint}")
        if straddling:
            data.warnings.append(f"{w} 有 {len(straddling)} 行跨越 {year} 年的年初或年末，"
                                 f"无法拆分，没有计入：{_listed(straddling)}")
        for header, where in missing.items():
            data.warnings.append(f"{w} 的{header}有 {len(where)} 行为空、“-”或“--”，视为缺失，没有计入："
                                 f"{_listed(where)}")
        if overlaps:
            data.warnings.append(f"{w} 与先读入的文件期间重叠：{_listed(overlaps)}")
        data.warnings.extend(f"{w} {issue}" for issue in table.issues)
    for (later, earlier), n in duplicates.items():
        what = "自身" if later == earlier else f"先读入的 {earlier}"
        data.warnings.append(f"{later} 与{what}有 {n} 个数值是同一期间的重复数据，只计一次")
    for table in tables:
        if table.has_sources:
            data.warnings.append(f"{table.where} 是按流量来源拆分的报表：各来源的金额和人数有重叠，"
                                 "不能相加，没有写入全店指标")
    for platform in {t.platform.id: t.platform for t in tables}.values():
        gaps = data.gaps(platform.id)
        if gaps and platform.id in data.covered:
            missing_days = sum(g.days for g in gaps)
            data.warnings.append(f"{platform.label}的数据在 {year} 年内缺 {missing_days} 天："
                                 f"{_listed([str(g) for g in gaps])}")
    return data
