"""One import from files to a planned change of the notes file, and writing it.

``plan_import`` reads every file, builds the report year (and last year), and works
out the new text of the notes file without writing anything; ``write_plan`` then
writes it atomically. Every bad input is an ``ImportFileError`` (a ``RecapError``):
the command exits with status 2 and the notes file is untouched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import InputError
from assistant.imports.aggregate import YearData, collect
from assistant.imports.build import YearImport, build_year
from assistant.imports.merge import Change, apply_changes, new_notes_text, plan_changes
from assistant.imports.reading import ImportFileError, read_sheets
from assistant.imports.tables import Table, parse_table
from assistant.notes.schema import Notes


@dataclass
class ImportPlan:
    notes_path: Path
    existed: bool
    year: int
    year_inferred: bool
    result: YearImport
    changes: list[Change]
    tables: list[Table]
    last_tables: list[Table]
    new_text: str
    unknown: dict[str, list[str]] = field(default_factory=dict)  # file[sheet] -> headers


def read_tables(paths: Sequence[Path], platform: str) -> list[Table]:
    """Every table of every file; a file in which no sheet has a known header is an error."""
    tables: list[Table] = []
    for path in paths:
        sheets = read_sheets(path)
        found: list[Table] = []
        first_error: ImportFileError | None = None
        for sheet in sheets:
            try:
                found.append(parse_table(sheet, platform))
            except ImportFileError as exc:
                first_error = first_error or exc
        if not found:
            if first_error is not None:
                raise first_error
            raise ImportFileError(f"{path} 中没有找到认识的列。")  # pragma: no cover
        tables.extend(found)
    return tables


def _days_by_year(tables: list[Table]) -> Counter[int]:
    days: Counter[int] = Counter()
    for t in tables:
        for row in t.rows:
            days[row.period.start.year] += row.period.days
    return days


def infer_year(days: Counter[int], enough: int = 28) -> int:
    """The latest year with at least four weeks of data (a straddling week is not a year)."""
    full = [y for y, n in days.items() if n >= enough]
    return max(full) if full else max(days, key=lambda y: (days[y], y))


def _span(tables: list[Table]) -> str:
    periods = [r.period for t in tables for r in t.rows]
    if not periods:
        return "没有任何带日期的数据行"
    return f"数据在 {min(p.start for p in periods)} 至 {max(p.end for p in periods)}"


def _files(tables: list[Table]) -> str:
    return "、".join(dict.fromkeys(t.sheet.file.name for t in tables))


def _load_notes(path: Path) -> tuple[Notes | None, str | None]:
    from assistant.notes.loader import parse_notes_text, read_notes_text

    if not path.exists():
        return None, None
    text = read_notes_text(path)
    return parse_notes_text(text, source=str(path)), text


def _check_year(data: YearData, tables: list[Table], what: str) -> None:
    if not data.obs:
        raise ImportFileError(
            f"{what} {_files(tables)} 中没有 {data.year} 年的数据（{_span(tables)}）",
            hint="用 --year 指定报告年份；去年的文件用 --last-year 给出。")


def plan_import(files: Sequence[Path], *, notes_path: Path, year: int | None = None,
                last_year_files: Sequence[Path] = (), platform: str = "auto") -> ImportPlan:
    if not files:
        raise InputError("没有给出要导入的文件。", hint="例如：recap import 生意参谋-2025.xlsx --into 素材.toml")
    if notes_path.is_dir():
        raise InputError(f"{notes_path} 是一个目录，--into 需要的是 .toml 素材文件。")
    notes, old_text = _load_notes(notes_path)
    tables = read_tables(files, platform)
    last_tables = read_tables(last_year_files, platform)
    inferred = False
    if year is None:
        if notes is not None:
            year = notes.report.year
        else:
            counts = _days_by_year(tables)
            if not counts:
                raise ImportFileError(f"{_files(tables)} 中没有任何带日期的数据行。",
                                      hint="需要按日、按周或按月导出的明细。")
            year = infer_year(counts)
            inferred = True
    elif notes is not None and notes.report.year != year:
        raise InputError(
            f"素材文件 {notes_path} 是 {notes.report.year} 年的总结，不能导入 {year} 年的数据。",
            hint=f"去掉 --year，或用 --into 另选一个 {year} 年的素材文件。")
    # A file of last year given among this year's (``--last-year a.xlsx b.xlsx`` puts b.xlsx
    # here) is last year's data: it fills last_year instead of being dropped.
    moved = [t for t in tables if t.rows and all(r.period.end.year == year - 1 for r in t.rows)]
    if len(moved) == len(tables):
        moved = []
    tables = [t for t in tables if t not in moved]
    last_tables = [*last_tables, *moved]
    current = collect(tables, year)
    _check_year(current, tables, "导入的文件")
    last: YearData | None = None
    if last_tables:
        last = collect(last_tables, year - 1, last_year_hint=False)
        _check_year(last, last_tables, "--last-year 的文件")
    result = build_year(current, last)
    changes = plan_changes(result, notes)
    if not changes:
        raise ImportFileError(
            f"{_files(tables)} 中没有能写入素材文件的数字。",
            hint="需要成交金额（如 支付金额、成交金额）或推广花费与成交金额的明细；"
                 "访客数等去重人数只有按全年导出的一行才能写入。")
    from assistant.interview.questions import default_title

    base = old_text if old_text is not None else new_notes_text(year, default_title(year))
    new_text = apply_changes(base, changes)
    _validate(new_text, notes_path)
    unknown = {t.where: t.unknown for t in [*tables, *last_tables] if t.unknown}
    for t in moved:
        result.infos.append(f"{t.where} 的数据都在 {year - 1} 年，按去年的数据填入 last_year")
    return ImportPlan(notes_path, old_text is not None, year, inferred, result, changes, tables,
                      last_tables, new_text, unknown)


def _validate(text: str, path: Path) -> None:
    from assistant.notes.loader import parse_notes_text

    parse_notes_text(text, source=str(path))


def write_plan(plan: ImportPlan) -> None:
    from assistant.atomic import write_text_atomic

    write_text_atomic(plan.notes_path, plan.new_text)
