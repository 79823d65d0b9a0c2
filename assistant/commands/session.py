"""``recap session`` (and ``recap`` with no arguments): interview, draft, review."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def require_terminal(what: str) -> None:
    """The interactive commands need a terminal; say so instead of failing on EOF."""
    import sys

    from assistant.errors import InputError

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError(
            f"{what}需要在终端里交互运行，当前的输入或输出不是终端。",
            hint="非交互使用请改用 recap draft 素材.toml、recap check 草稿.md、recap export 草稿.md。",
        )


def _run(notes: Path | None, backend: str | None, config: Path | None,
         wishes: dict[str, str] | None = None) -> None:
    require_terminal("交互式会话")
    from assistant.console import UI
    from assistant.interview.prompter import PromptToolkitPrompter
    from assistant.session import run_session

    status = run_session(UI(), PromptToolkitPrompter(), notes_path=notes, backend=backend,
                         config=config, wishes=wishes)
    if status:
        raise typer.Exit(status)


def run_default(ctx: typer.Context) -> None:
    """What ``recap`` does with no subcommand: the interactive session."""
    _run(None, None, None)


def register(app: typer.Typer) -> None:
    @app.command("session")
    def session(
        notes: Annotated[Path | None, typer.Argument(readable=False, help="素材文件（.toml），不存在时新建")] = None,
        backend: Annotated[str | None, typer.Option("--backend", "-b",
                           help="offline 或 llm；默认：配置了模型用 llm，否则 offline")] = None,
        config: Annotated[Path | None, typer.Option("--config", readable=False, help="用户配置文件")] = None,
        length: Annotated[str | None, typer.Option("--length",
                          help="篇幅：short / standard / long，或全文目标字数")] = None,
        tone: Annotated[str | None, typer.Option("--tone", help="语气：正式 或 平实")] = None,
    ) -> None:
        """交互式会话:访谈补全素材 → 起草 → 逐节查看、按意见重写、核对数字、导出。"""
        wishes = {k: v for k, v in (("length", length), ("tone", tone)) if v}
        _run(notes, backend, config, wishes or None)
