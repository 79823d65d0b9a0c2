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
        notes: Annotated[Path, typer.Argument(readable=False, help="素材文件(.toml)")],
        style: Annotated[str | None, typer.Option("--style", "-s",
                         help="风格:data / narrative / project,默认取素材 report.style")] = None,
        backend: Annotated[str | None, typer.Option("--backend", "-b",
                           help="offline(离线起草)或 llm(模型);默认:配置了模型用 llm,否则 offline")] = None,
        output: Annotated[Path | None, typer.Option("--output", "-o", readable=False,
                          help="输出的草稿文件(Markdown),默认 <素材名>-<风格>.md")] = None,
        config: Annotated[Path | None, typer.Option("--config", readable=False, help="用户配置文件")] = None,
    ) -> None:
        """从素材文件起草一份完整的年终总结(Markdown 草稿)。"""
        from assistant.backends import get_drafter
        from assistant.console import UI
        from assistant.drafting import DraftContext, draft_report
        from assistant.fileio import check_output
        from assistant.report_summary import print_draft_summary

        ui = UI()
        ctx = DraftContext.from_notes_file(notes, style)
        out = output if output is not None else default_output(notes, ctx.style.name)
        check_output(out, what="草稿", inputs=[(notes, "素材文件")])
        notices: list[str] = []
        drafter = get_drafter(backend, config_path=config, notice=notices, ui=ui)
        for line in notices:
            ui.notice(line)
        _, results = draft_report(ctx, drafter, out)
        print_draft_summary(ui, ctx, results, out)
        if any(not r.ok for r in results):
            raise typer.Exit(1)
