"""``recap regen``: redraft one section of a draft in place, optionally with feedback."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command("regen")
    def regen(
        draft: Annotated[Path, typer.Argument(readable=False, help="草稿文件（Markdown）")],
        section: Annotated[str, typer.Option("--section", "-s",
                           help="要重新生成的章节 id（recap sections 草稿 可以列出）")],
        feedback: Annotated[str | None, typer.Option("--feedback", "-f",
                            help="修改意见，例如 “更突出私域的增长”（仅模型后端使用）")] = None,
        backend: Annotated[str | None, typer.Option("--backend", "-b",
                           help="offline 或 llm；默认：配置了模型用 llm，否则 offline")] = None,
        notes: Annotated[Path | None, typer.Option("--notes", readable=False,
                         help="素材文件（默认取草稿记录的位置）")] = None,
        config: Annotated[Path | None, typer.Option("--config", readable=False, help="用户配置文件")] = None,
    ) -> None:
        """重新生成草稿中的一个章节;其余内容(包括手工修改)一字不动。"""
        from assistant.backends import get_drafter
        from assistant.console import UI
        from assistant.draftfile import Draft
        from assistant.drafting import (
            OFFLINE_FEEDBACK_NOTICE,
            load_draft_context,
            notes_changed,
            regenerate_section,
        )
        from assistant.fileio import check_output

        ui = UI()
        existing, ctx = load_draft_context(draft, notes)
        existing.section(section)  # a clear error before any model is set up
        check_output(draft, what="草稿", inputs=[(ctx.notes_path, "素材文件")])
        notices: list[str] = []
        drafter = get_drafter(backend, config_path=config, notice=notices, ui=ui)
        for line in notices:
            ui.notice(line)
        if drafter.name == "offline" and feedback:
            ui.notice(OFFLINE_FEEDBACK_NOTICE)
        before = existing.section(section).raw
        if notes_changed(existing, ctx.notes_path):
            ui.notice(f"素材文件 {ctx.notes_path} 在起草后改动过，本节将按现在的素材重新生成。")
        result = regenerate_section(draft, section, drafter, feedback=feedback,
                                    loaded=(existing, ctx))
        if not result.ok:
            ui.error(f"章节 {section} 重新生成失败：{result.error}。草稿没有改动。")
            raise typer.Exit(1)
        if drafter.name == "llm":
            source = "缓存" if result.cached else f"调用模型 {result.calls} 次"
            ui.info(f"{source},tokens 输入 {result.prompt_tokens} / 输出 {result.completion_tokens}")
        for flag in result.flags:
            nearest = f"（最接近：{flag.nearest}）" if getattr(flag, "nearest", None) else ""
            ui.warn(f"“{flag.text}” 没有素材支持，请核对{nearest}")
        if Draft.load(draft).section(section).raw == before:
            ui.notice(f"章节 {section} 重新生成后内容没有变化，草稿保持原样"
                      + ("；离线起草只按素材写，素材没变，结果也不变。" if drafter.name == "offline"
                         else "。"))
            return
        ui.success(f"已重新生成章节 {section}，其余内容保持不变：{draft}")
