"""The ``recap`` command line: thin commands over small modules.

Each command lives in ``assistant/commands/<name>.py`` and registers itself with
``register(app)``. Heavy libraries are imported inside command bodies, never here,
so ``recap --help`` stays fast.
"""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer

from assistant import __version__
from assistant.cli_i18n import install as install_chinese
from assistant.errors import RecapError

install_chinese()  # --help pages and usage errors in Chinese (before any command runs)

# Command modules, in the order they appear in --help.
COMMAND_MODULES = ["plan", "draft", "regen", "check", "info", "export", "interview", "import_", "session",
                   "doctor"]

app = typer.Typer(
    name="recap",
    help="电商运营年终总结助手：从素材起草报告、核对数字、导出 Word/HTML。",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"assistant.commands.{name}")
        module.register(app)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"recap {__version__}")
        raise typer.Exit(0)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", "-V", callback=_show_version,
                                          is_eager=True, help="显示版本号并退出。")] = False,
) -> None:
    """电商运营年终总结助手。不带子命令运行时进入交互式会话。"""
    if ctx.invoked_subcommand is None:
        try:
            session = importlib.import_module("assistant.commands.session")
        except ModuleNotFoundError:
            typer.echo(ctx.get_help())
            raise typer.Exit(0) from None
        session.run_default(ctx)


_register_commands()


def main() -> None:
    """Run recap in this process: user errors become a message and exit status 2.

    Typer runs in standalone mode, so usage errors (exit 2), ``typer.Exit`` and
    ``typer.Abort`` are handled by it whichever click it bundles; only our own
    errors need catching here. Typer turns Ctrl-C into a silent exit 130; the
    ``SystemExit`` it raises still carries the ``KeyboardInterrupt`` as its cause,
    which is how we know to say 「已中断」. Callers in the same process (tests)
    get a ``SystemExit`` like any click program gives.
    """
    _run()


def entry() -> None:
    """The ``recap`` console script and ``python -m assistant``: ``main`` in its own process.

    Only here may the process leave without the interpreter's teardown (``_exit``).
    """
    try:
        _run()
    except SystemExit as exit_:
        _exit(exit_)


def _run() -> None:
    try:
        app()
    except RecapError as exc:
        from assistant.console import UI

        UI().error(str(exc))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _interrupted()
    except SystemExit as exc:
        if exc.code == 130 and _from_ctrl_c(exc):
            _interrupted()
        raise
    except OSError as exc:  # a file operation nobody turned into a RecapError
        from assistant.console import UI

        where = f" {exc.filename}" if exc.filename else ""
        UI().error(f"文件操作失败{where}：{exc.strerror or exc}")
        sys.exit(2)


def _from_ctrl_c(exc: BaseException) -> bool:
    """Whether an exit was caused, somewhere down its chain, by Ctrl-C."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, KeyboardInterrupt):
            return True
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return False


def _interrupted() -> None:
    sys.stderr.write("\n已中断。\n")
    sys.exit(130)


def _exit(exit_: SystemExit) -> None:
    """Leave without the interpreter's teardown once the model libraries are loaded.

    Tearing down langchain / openai / pydantic takes 0.4 s or more after the work
    is saved (every file recap writes is written atomically and closed by then);
    the user should not wait for it. Other commands exit normally.
    """
    if "langchain_core" not in sys.modules or not isinstance(exit_.code, int | None):
        raise exit_
    import contextlib
    import os

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(exit_.code or 0)
