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
    # Token columns only mean something when a model was called (or its cache read).
    with_tokens = any(r.prompt_tokens or r.completion_tokens or r.calls or r.cached for r in results)
    table = Table(title=f"{ctx.style.label} · {ctx.notes.report.title}")
    table.add_column("章节")
    table.add_column("状态")
    if with_tokens:
        table.add_column("输入 tokens", justify="right")
        table.add_column("输出 tokens", justify="right")
    total_in = total_out = 0
    for r in results:
        if not r.ok:
            status = f"[red]失败[/red]:{escape(r.error or '')}"
        elif (r.body or "").startswith("【待补充"):
            status = "[yellow]待补充素材[/yellow]"
        else:
            status = "已缓存" if r.cached else "完成"
            if r.flags:
                status += f"(⚠ {len(r.flags)} 处数字待核对)"
        row = [escape(titles.get(r.id, r.id)), status]
        if with_tokens:
            row += [str(r.prompt_tokens), str(r.completion_tokens)]
        table.add_row(*row)
        total_in += r.prompt_tokens
        total_out += r.completion_tokens
    if with_tokens:
        table.add_row("合计", "", str(total_in), str(total_out), style="bold")
    ui.err.print(table)
    failed = [r for r in results if not r.ok]
    if failed:
        ui.warn(f"{len(failed)} 个章节起草失败,其余章节已写入;可用 recap regen {out} --section ID 重试。")
    if any((r.body or "").startswith("【待补充") for r in results):
        ui.notice("标为“待补充素材”的章节缺少素材,补充素材文件后重新起草,或用 recap regen 只重写那一节。")
    ui.success(f"草稿已写入 {out}")
    ui.info(f"下一步:recap check {out} 核对数字;recap export {out} --to docx 导出 Word。")
