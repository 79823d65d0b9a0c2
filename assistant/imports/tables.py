"""From the rows of a sheet to dated rows of measures.

The header row is found by its content (the first row with at least two known
headers), so the note rows 生意参谋 writes above it are skipped; totals rows
(合计 / 总计 / 汇总) and blank rows below are not data. Each data row gets its period
from the date column (or, for a one-row custom-range export, from the date range in
the note rows), its breakdown (SKU, scene, plan) and its measures as ``Decimal``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from assistant.imports import aliases as al
from assistant.imports.reading import ImportFileError, Sheet
from assistant.imports.values import CellValueError, Period, find_range, is_missing, parse_number, parse_period

HEADER_SCAN_ROWS = 40
EXAMPLE_HEADERS = ("统计日期、支付金额、支付买家数（生意参谋），成交金额（京东商智、抖店、拼多多），"
                   "花费、总成交金额（万相台）")


@dataclass(frozen=True)
class Column:
    index: int
    header: str  # as the file writes it
    role: str  # a measure id or a column role (al.DATE, al.SCENE …)


@dataclass
class Row:
    line: int  # 1-based line (row) number in the sheet
    period: Period
    dims: tuple[str, ...]
    channel: str | None  # scene or plan name (ad reports)
    values: dict[str, Decimal]
    missing: list[str]  # headers of measure cells that were empty, '-' or '--'


@dataclass
class Table:
    sheet: Sheet
    platform: al.Platform
    header_line: int
    columns: list[Column]
    unknown: list[str]
    comparisons: list[str]
    rows: list[Row] = field(default_factory=list)
    totals_skipped: int = 0
    notes_skipped: int = 0
    issues: list[str] = field(default_factory=list)
    period_from_notes: Period | None = None

    @property
    def where(self) -> str:
        return self.sheet.where

    def header_of(self, measure: str) -> str:
        for col in self.columns:
            if col.role == measure:
                return col.header
        return al.MEASURES[measure].label if measure in al.MEASURES else measure

    @cached_property
    def has_sources(self) -> bool:
        """A traffic-source breakdown: its amounts overlap and are never added up."""
        return any(c.role == al.SOURCE for c in self.columns)


def _text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def find_header(sheet: Sheet) -> int | None:
    """Index of the header row: the first with at least two known headers."""
    for i, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        known = sum(1 for c in row if isinstance(c, str) and (al.known_anywhere(c) or al.is_comparison(c)))
        if known >= 2:
            return i
    return None


def _is_total(row: list[object]) -> bool:
    for cell in row[:3]:
        if isinstance(cell, str) and cell.strip():
            key = al.header_key(cell)
            return any(key.startswith(w) for w in al.TOTAL_WORDS)
    return False


def parse_table(sheet: Sheet, platform_id: str = "auto") -> Table:
    """The dated rows of ``sheet``; ``ImportFileError`` when no known column is found."""
    index = find_header(sheet)
    if index is None:
        first = next((r for r in sheet.rows if any(_text(c) for c in r)), [])
        seen = "、".join(_text(c) for c in first[:8] if _text(c)) or "（空）"
        raise ImportFileError(
            f"{sheet.where} 中没有找到认识的列（前 {HEADER_SCAN_ROWS} 行里没有表头）；第一行是：{seen}",
            hint=f"需要后台导出的明细表，表头如 {EXAMPLE_HEADERS}。")
    header = sheet.rows[index]
    pid = platform_id if platform_id != "auto" else al.detect_platform(list(header))
    if pid is None or al.score(pid, list(header))[1] == 0:
        shown = "、".join(_text(c) for c in header if _text(c))
        which = al.PLATFORMS[pid].label if pid else ""
        raise ImportFileError(
            f"{sheet.where} 第 {index + 1} 行的表头里没有认识的{which}指标列：{shown}",
            hint=f"需要如 {EXAMPLE_HEADERS} 这样的列；平台不对时用 --platform 指定。")
    platform = al.PLATFORMS[pid]
    columns: list[Column] = []
    unknown: list[str] = []
    comparisons: list[str] = []
    taken: set[str] = set()
    for i, cell in enumerate(header):
        name = _text(cell)
        if not name:
            continue
        role = al.lookup(pid, name)
        if role is None:
            (comparisons if al.is_comparison(name) else unknown).append(name)
            continue
        if role in taken and not role.startswith("@") and role != "rate":
            # The same measure twice (支付老买家数 and 老买家数): the first column counts.
            comparisons.append(name)
            continue
        taken.add(role)
        columns.append(Column(i, name, role))
    table = Table(sheet, platform, index + 1, columns, unknown, comparisons, notes_skipped=index)
    _read_rows(table, sheet.rows[index + 1:], index + 2)
    return table


def _read_rows(table: Table, rows: list[list[object]], first_line: int) -> None:
    date_col = next((c for c in table.columns if c.role == al.DATE), None)
    if date_col is None:
        for note in table.sheet.rows[:table.header_line - 1]:
            found = find_range(" ".join(_text(c) for c in note))
            if found:
                table.period_from_notes = found
                break
        if table.period_from_notes is None:
            raise ImportFileError(
                f"{table.where} 没有日期列（统计日期、日期、时间），表头上方也没有写日期范围",
                hint="导出时选择按日、按周或按月的明细，或在导出的说明行里保留日期范围。")
    measures = [c for c in table.columns if not c.role.startswith("@") and c.role != "rate"]
    dims = [c for c in table.columns if c.role in (al.DIMENSION, al.SOURCE, al.SCENE, al.PLAN)]
    scene = next((c for c in table.columns if c.role == al.SCENE), None)
    plan = next((c for c in table.columns if c.role == al.PLAN), None)
    for offset, raw in enumerate(rows):
        line = first_line + offset
        if not any(_text(c) for c in raw):
            continue
        if _is_total(raw):
            table.totals_skipped += 1
            continue
        cells = raw + [None] * (len(table.sheet.rows[table.header_line - 1]) - len(raw))
        if date_col is not None:
            period = parse_period(cells[date_col.index])
            if period is None:
                table.issues.append(f"第 {line} 行的{date_col.header}“{_text(cells[date_col.index])}”"
                                    "不是可识别的日期或日期范围，这一行没有计入")
                continue
        elif table.period_from_notes is not None:
            period = table.period_from_notes
        else:  # pragma: no cover - a table without a date column has a period from its notes
            continue
        values: dict[str, Decimal] = {}
        missing: list[str] = []
        for col in measures:
            cell = cells[col.index] if col.index < len(cells) else None
            if is_missing(cell):
                missing.append(col.header)
                continue
            try:
                number = parse_number(cell)
            except CellValueError:
                table.issues.append(f"第 {line} 行（{period}）的{col.header}“{_text(cell)}”不是数字，按缺失处理")
                missing.append(col.header)
                continue
            if number is not None:
                values[col.role] = number
        channel_col = scene or plan
        channel = _text(cells[channel_col.index]) if channel_col is not None else None
        table.rows.append(Row(line, period, tuple(_text(cells[c.index]) for c in dims),
                              channel or None, values, missing))
