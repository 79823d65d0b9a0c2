"""What the user sees before confirming an import: a table and the findings.

Library code never prints: these functions build rich renderables and lines of
text, and the command writes them through the ``UI``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.imports.plan import ImportPlan

if TYPE_CHECKING:
    from rich.table import Table


def fmt(value: Any, unit: str = "") -> str:
    """A number as people read it: thousands separators, all its digits, then the unit."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return " / ".join(fmt(v) for v in value) + (f" {unit}" if unit else "")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = f"{value:,}"
    elif isinstance(value, float):
        whole, _, frac = repr(value).partition(".")
        text = f"{int(whole):,}" + (f".{frac}" if frac else "")
        if whole.startswith("-0"):
            text = "-" + text
    else:
        text = str(value)
    return f"{text} {unit}".rstrip() if unit and unit != "%" else text + unit


def preview_table(plan: ImportPlan) -> Table:
    from rich.markup import escape
    from rich.table import Table

    title = f"导入 {plan.year} 年数据到 {plan.notes_path}" + ("" if plan.existed else "（新建）")
    table = Table(title=escape(title), show_lines=False)
    table.add_column("指标", overflow="fold")
    table.add_column("导入值", justify="right", overflow="fold")
    table.add_column("一至四季度", overflow="fold")
    table.add_column("来源（平台、列与文件）", overflow="fold")
    table.add_column("原值", justify="right", overflow="fold")
    for change in plan.changes:
        if change.field == "quarterly":
            continue
        if change.quarters is not None:
            quarters = fmt(change.quarters)
        elif change.quarter_note:
            quarters = change.quarter_note
        else:
            quarters = ""
        old = fmt(change.old, change.unit) if change.old is not None else ""
        table.add_row(*(escape(cell) for cell in (change.label, fmt(change.new, change.unit), quarters,
                                                  change.source, old)))
    return table


def finding_lines(plan: ImportPlan) -> tuple[list[str], list[str]]:
    """(warnings, notices): what the user should know before confirming."""
    warnings = list(plan.result.warnings)
    notices = list(plan.result.infos)
    for where, headers in plan.unknown.items():
        notices.append(f"{where} 中不认识的列（未导入）：" + "、".join(headers))
    if plan.year_inferred:
        notices.append(f"按数据所在的年份，报告年份定为 {plan.year} 年（可用 --year 指定）")
    return warnings, notices
