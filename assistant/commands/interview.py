"""``recap interview``: fill a notes file by answering questions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEFAULT_NOTES = Path("recap-notes.toml")


def register(app: typer.Typer) -> None:
    @app.command("interview")
    def interview(
        notes: Annotated[Path, typer.Argument(readable=False, help="素材文件（.toml），不存在时新建")] = DEFAULT_NOTES,
        all_questions: Annotated[bool, typer.Option("--all", "-a",
                                 help="逐题过一遍，已有答案作为默认值")] = False,
        config: Annotated[Path | None, typer.Option("--config", readable=False, help="用户配置文件")] = None,
    ) -> None:
        """逐题访谈,填写素材文件(每答一题自动保存,可随时 Ctrl-C 退出后继续)。"""
        from rich.markup import escape

        from assistant.commands.session import require_terminal
        from assistant.console import UI
        from assistant.interview import run_interview
        from assistant.interview.extract import make_extractor

        require_terminal("访谈")
        ui = UI()
        result = run_interview(notes, ui, mode="all" if all_questions else "missing",
                               extractor=make_extractor(config))
        if result.status == "interrupted":
            raise typer.Exit(130)
        ui.print(escape(f"下一步：recap draft {notes} 起草报告；或运行 recap session {notes}"))
