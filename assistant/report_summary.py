"""What ``recap draft`` prints when it is done: per-section status and tokens."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from rich.table import Table

from assistant.console import UI
from assistant.drafting import DraftContext, SectionResult


def print_draft_summary(ui: UI, ctx: DraftContext, results: list[SectionResult],
                        out: Path) -> None:
    titles = {p.id: p.title for p in ctx.outline()}
    table = Table(title=f"{ctx.style.label} · {ctx.notes.report.title}")
    table.add_column("章节")
    table.add_column("状态")
    table.add_column("输入 tokens", justify="right")
    table.add_column("输出 tokens", justify="right")
    total_in = total_out = 0
    for r in results:
        if r.ok:
            status = "已缓存" if r.cached else "完成"
            if r.flags:
                status += f"(⚠ {len(r.flags)} 处数字待核对)"
        else:
            status = f"失败:{escape(r.error or '')}"
        table.add_row(escape(titles.get(r.id, r.id)), status, str(r.prompt_tokens),
                      str(r.completion_tokens))
        total_in += r.prompt_tokens
        total_out += r.completion_tokens
    table.add_row("合计", "", str(total_in), str(total_out), style="bold")
    ui.err.print(table)
    failed = [r for r in results if not r.ok]
    if failed:
        ui.warn(f"{len(failed)} 个章节起草失败,其余章节已写入;可用 recap regen {out} --section ID 重试。")
    ui.success(f"草稿已写入 {out}")
