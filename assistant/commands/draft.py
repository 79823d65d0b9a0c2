"""``recap draft``: notes file -> a full review in one style."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def default_output(notes: Path, style: str) -> Path:
    return Path(f"{notes.stem}-{style}.md")


def register(app: typer.Typer) -> None:
    @app.command("draft")
    def draft(
        notes: Annotated[Path, typer.Argument(readable=False, help="素材文件（.toml）")],
        style: Annotated[str | None, typer.Option("--style", "-s",
                         help="风格：data / narrative / project，默认取素材 report.style")] = None,
        backend: Annotated[str | None, typer.Option("--backend", "-b",
                           help="offline（离线起草）或 llm（模型）；默认：配置了模型用 llm，否则 offline")] = None,
        output: Annotated[Path | None, typer.Option("--output", "-o", readable=False,
                          help="输出的草稿文件（Markdown），默认 <素材名>-<风格>.md")] = None,
        config: Annotated[Path | None, typer.Option("--config", readable=False, help="用户配置文件")] = None,
        force: Annotated[bool, typer.Option("--force",
                         help="草稿已存在且有手工修改时也覆盖（原文件先备份在旁边）")] = False,
        plan: Annotated[str | None, typer.Option("--plan",
                        help="报告主线：computed（程序计算，默认）或 model（模型先改写论点，多一次调用）")
                        ] = None,
        length: Annotated[str | None, typer.Option("--length",
                          help="篇幅：short / standard / long，或全文目标字数（离线起草只会删减次要细节）")] = None,
        tone: Annotated[str | None, typer.Option("--tone",
                        help="语气：正式 或 平实")] = None,
        show_prompts: Annotated[bool, typer.Option("--show-prompts",
                                help="只显示每一节发给模型的提示词，不调用模型、不写文件")] = False,
    ) -> None:
        """从素材文件起草一份完整的年终总结(Markdown 草稿)。"""
        wishes = {k: v for k, v in (("plan", plan), ("length", length), ("tone", tone)) if v}
        if show_prompts:
            from assistant.console import UI
            from assistant.llm.show import show_prompts as render

            UI().write(render(notes, style, config, wishes or None))
            return
        from assistant.backends import get_drafter
        from assistant.console import UI
        from assistant.draftfile import prepare_overwrite
        from assistant.drafting import (
            DraftContext,
            NothingDraftedError,
            draft_report,
            warnings_before_drafting,
        )
        from assistant.fileio import check_output
        from assistant.lengths import section_targets
        from assistant.report_summary import (
            drafter_length,
            print_draft_summary,
            print_nothing_drafted,
        )

        ui = UI()
        ctx = DraftContext.from_notes_file(notes, style)
        out = output if output is not None else default_output(notes, ctx.style.name)
        check_output(out, what="草稿", inputs=[(notes, "素材文件")])
        if not force:
            prepare_overwrite(out, force=False)  # refuse before any model is set up
        for line in warnings_before_drafting(ctx):
            ui.warn(line)
        notices: list[str] = []
        drafter = get_drafter(backend, config_path=config, notice=notices, ui=ui,
                              overrides=wishes or None)
        if plan and drafter.name != "llm":
            notices.append("--plan 只对模型起草生效，离线起草用程序计算的主线。")
        for line in notices:
            ui.notice(line)
        try:
            written, results = draft_report(ctx, drafter, out, force=force)
        except NothingDraftedError as exc:
            targets = section_targets(ctx, drafter_length(drafter))
            print_nothing_drafted(ui, ctx, exc.results, str(exc), targets)
            raise typer.Exit(1) from None
        # The targets the drafters aimed at (computed after drafting: nothing delays the first call).
        targets = section_targets(ctx, drafter_length(drafter))
        print_draft_summary(ui, ctx, results, out, written.backup, targets)
        if any(not r.ok for r in results):
            raise typer.Exit(1)
