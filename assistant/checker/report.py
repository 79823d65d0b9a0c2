"""How a check report is shown: a table for people, JSON for programs."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from assistant.checker import CheckReport
from assistant.typography import COMMA, LPAREN, RPAREN

if TYPE_CHECKING:
    from rich.table import Table

REASON_LABELS: dict[str, str] = {
    "unsupported": "素材中没有依据",
    "placeholder": f"模板占位符{COMMA}未填数字",
    "unit": "单位不符",
    "mismatch": "对象不符",
}


def to_json_text(report: CheckReport) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"


def flags_table(report: CheckReport, title: str, text: str | None = None) -> Table:
    """One row per flag; with the draft ``text`` the position is a line number."""
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    table.add_column("数字", no_wrap=True)
    table.add_column("位置", justify="right", no_wrap=True)
    table.add_column("章节")
    table.add_column("问题")
    table.add_column("最接近的素材数字")
    line_starts = ([0] + [m.end() for m in re.finditer("\n", text)]
                   if text is not None else [])
    for f in report.flags:
        where = (f"第 {bisect_right(line_starts, f.start)} 行" if text is not None
                 else f"{f.start}–{f.end}")
        table.add_row(f.text, where, f.section or f"{LPAREN}标题{RPAREN}",
                      REASON_LABELS.get(f.reason, f.reason), f.nearest or "—")
    return table


def summary_line(report: CheckReport) -> str:
    n = len(report.flags)
    if n == 0:
        return f"核对了 {report.numbers_checked} 个数字{COMMA}全部能在素材中找到依据。"
    return (f"核对了 {report.numbers_checked} 个数字{COMMA}其中 {n} 处在素材中找不到依据、"
            f"写法有误或写错了对象{COMMA}请逐条修改或补充素材。")
