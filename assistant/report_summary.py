"""What ``recap draft`` prints when it is done: per-section status, length against its
target (``assistant.lengths``, the targets the drafters aim at) and tokens."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from rich.table import Table

from assistant.console import UI
from assistant.draftfile import is_todo
from assistant.drafting import DraftContext, Drafter, SectionResult
from assistant.lengths import han_count, section_targets
from assistant.typography import fullwidth


def drafter_length(drafter: Drafter) -> str:
    """The ``--length`` a drafter writes to (the offline drafter's, or the model config's)."""
    length = getattr(drafter, "length", None) or getattr(getattr(drafter, "config", None),
                                                           "length", None)
    return length if isinstance(length, str) else "standard"


def section_table(ctx: DraftContext, results: list[SectionResult],
                  targets: dict[str, int] | None = None) -> Table:
    """One row per section: its status, its length against its target (Chinese characters)
    and, when a model was called, its tokens."""
    if targets is None:
        targets = section_targets(ctx)
    titles = {p.id: p.title for p in ctx.outline()}
    # Token columns only mean something when a model was called (or its cache read).
    with_tokens = any(r.prompt_tokens or r.completion_tokens or r.calls or r.cached for r in results)
    table = Table(title=fullwidth(f"{ctx.style.label} · {ctx.notes.report.title}"))
    table.add_column("章节")
    table.add_column("状态")
    table.add_column("字数/目标", justify="right")
    if with_tokens:
        table.add_column("输入 tokens", justify="right")
        table.add_column("输出 tokens", justify="right")
    total_in = total_out = 0
    for r in results:
        if not r.ok:
            kept = fullwidth("（保留原文）") if r.kept_previous else ""
            status = f"[red]失败[/red]{kept}" + fullwidth(f":{escape(r.error or '')}")
        elif is_todo(r.body):
            status = "[yellow]待补充素材[/yellow]"
        else:
            status = "已缓存" if r.cached else "完成"
            if r.flags:
                status += fullwidth(f"(⚠ {len(r.flags)} 处数字待核对)")
        target = targets.get(r.id)
        size = "" if not r.ok or is_todo(r.body) else str(han_count(r.body or ""))
        if size and target:
            size += f" / {target}"
        row = [escape(titles.get(r.id, r.id)), status, size]
        if with_tokens:
            row += [str(r.prompt_tokens), str(r.completion_tokens)]
        table.add_row(*row)
        total_in += r.prompt_tokens
        total_out += r.completion_tokens
    if with_tokens:
        table.add_row("合计", "", "", str(total_in), str(total_out), style="bold")
    return table


def print_draft_summary(ui: UI, ctx: DraftContext, results: list[SectionResult],
                        out: Path, backup: Path | None = None,
                        targets: dict[str, int] | None = None) -> None:
    ui.err.print(section_table(ctx, results, targets))
    failed = [r for r in results if not r.ok]
    kept = [r for r in failed if r.kept_previous]
    if failed:
        what = f"{len(failed)} 个章节起草失败"
        if kept:
            what += f"(其中 {len(kept)} 节保留了草稿里原来的内容)"
        ui.warn(f"{what}，其余章节已写入；可用 recap regen {out} --section ID 重试。")
    if any(is_todo(r.body) for r in results):
        ui.notice("标为“待补充素材”的章节缺少素材，补充素材文件后重新起草，或用 recap regen 只重写那一节。")
    if backup is not None:
        ui.info(f"原来的草稿（含手工修改）已备份为 {backup}")
    ui.success(f"草稿已写入 {out}")
    ui.info(f"下一步：recap check {out} 核对数字；recap export {out} --to docx 导出 Word。")


def print_nothing_drafted(ui: UI, ctx: DraftContext, results: list[SectionResult],
                          message: str, targets: dict[str, int] | None = None) -> None:
    """Every section failed: the table, then plainly that nothing was written."""
    ui.err.print(section_table(ctx, results, targets))
    ui.error(message)
