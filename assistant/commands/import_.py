"""``recap import``: fill a notes file from the shop back office's exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from assistant.console import UI
    from assistant.imports import ImportPlan
    from assistant.interview.prompter import Prompter

DEFAULT_NOTES = Path("recap-notes.toml")
PLATFORM_HELP = ("数据来源平台：auto（按表头识别，默认）、sycm（生意参谋）、jd（京东商智）、doudian（抖店罗盘）、"
                 "pdd（拼多多）、wxt（万相台/直通车）、pdd_ads（拼多多推广）、qianchuan（巨量千川）")


def show_plan(ui: UI, plan: ImportPlan) -> None:
    """The preview table, then what the user should know before confirming."""
    from assistant.imports.preview import finding_lines, preview_table

    ui.print(preview_table(plan))
    warnings, notices = finding_lines(plan)
    for line in warnings:
        ui.warn(line)
    for line in notices:
        ui.notice(line)


def finish(ui: UI, plan: ImportPlan, *, in_session: bool = False) -> None:
    from assistant.imports import write_plan

    write_plan(plan)
    verb = "已写入" if plan.existed else "已新建"
    ui.success(f"{verb} {plan.notes_path}：{len(plan.changes)} 个数值，每个数值旁的注释写明了来源")
    if in_session:
        ui.info("输入 notes 补充导出数据里没有的内容（目标、问题、计划等），再输入 draft 按新素材重新起草。")
    else:
        ui.info(f"下一步：recap interview {plan.notes_path} 只会问导出数据里没有的内容（目标、问题、计划等）；"
                f"或直接 recap draft {plan.notes_path}")


@dataclass
class SessionArgs:
    files: list[Path] = field(default_factory=list)
    last_year: list[Path] = field(default_factory=list)
    year: int | None = None
    platform: str = "auto"
    yes: bool = False


def parse_session_args(arg: str) -> SessionArgs:
    """The arguments of the session's ``import`` command (the same options as ``recap import``)."""
    import shlex

    from assistant.errors import InputError
    from assistant.imports.aliases import PLATFORM_CHOICES

    usage = "用法：import 文件… [--last-year 去年的文件] [--platform 平台] [--year 年份] [--yes]"
    try:
        words = shlex.split(arg)
    except ValueError as exc:
        raise InputError(f"无法解析 import 的参数：{exc}", hint=usage) from None
    out = SessionArgs()
    i = 0
    while i < len(words):
        word = words[i]
        if word in ("--yes", "-y"):
            out.yes = True
        elif word in ("--last-year", "--platform", "-p", "--year"):
            if i + 1 >= len(words):
                raise InputError(f"{word} 后面缺少取值。", hint=usage)
            value = words[i + 1]
            i += 1
            if word == "--last-year":
                out.last_year.append(Path(value).expanduser())
            elif word == "--year":
                if not value.isdigit() or not 2000 <= int(value) <= 2100:
                    raise InputError(f"--year 应为 2000 到 2100 之间的年份，现在是“{value}”。", hint=usage)
                out.year = int(value)
            else:
                if value not in PLATFORM_CHOICES:
                    raise InputError(f"--platform 不认识“{value}”。", hint="可选：" + "、".join(PLATFORM_CHOICES))
                out.platform = value
        elif word.startswith("-"):
            raise InputError(f"import 不认识选项 {word}。", hint=usage)
        else:
            out.files.append(Path(word).expanduser())
        i += 1
    if not out.files:
        raise InputError("没有给出要导入的文件。", hint=usage)
    return out


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_(
        files: Annotated[list[Path], typer.Argument(help="后台导出的文件（.xlsx、.xls、.csv），可一次给多个")],
        into: Annotated[Path, typer.Option("--into", "-i", help="写入的素材文件（.toml），不存在时新建")]
        = DEFAULT_NOTES,
        year: Annotated[int | None, typer.Option("--year", "-y", min=2000, max=2100,
                        help="报告年份；默认取素材文件的年份，或数据最多的年份")] = None,
        last_year: Annotated[list[Path] | None, typer.Option("--last-year",
                             help="去年同一报表的导出文件，填入 last_year（可重复给出）")] = None,
        platform: Annotated[str, typer.Option("--platform", "-p", help=PLATFORM_HELP)] = "auto",
        yes: Annotated[bool, typer.Option("--yes", help="不询问，直接写入（脚本中使用）")] = False,
    ) -> None:
        """从店铺后台导出的报表（生意参谋、京东商智、抖店、拼多多、万相台、千川）导入全年数据到素材文件。"""
        import sys

        from assistant.console import UI
        from assistant.errors import InputError
        from assistant.imports import plan_import
        from assistant.imports.aliases import PLATFORM_CHOICES

        if platform not in PLATFORM_CHOICES:
            raise InputError(f"--platform 不认识“{platform}”。", hint="可选：" + "、".join(PLATFORM_CHOICES))
        ui = UI()
        plan = plan_import(files, notes_path=into, year=year, last_year_files=last_year or [],
                           platform=platform)
        show_plan(ui, plan)
        if not yes:
            if not sys.stdin.isatty():
                raise InputError(f"没有写入 {into}：需要确认，但当前输入不是终端。",
                                 hint="检查上面的预览后，加 --yes 直接写入。")
            from assistant.interview.prompter import PromptToolkitPrompter

            if not confirm(ui, PromptToolkitPrompter(), plan):
                ui.info(f"没有写入，{into} 保持原样。")
                raise typer.Exit(1)
        finish(ui, plan)


def confirm(ui: UI, prompter: Prompter, plan: ImportPlan) -> bool:
    """Ask whether to write; Ctrl-C or Ctrl-D mean no."""
    from rich.markup import escape

    from assistant.interview.answers import AnswerError, parse_yes_no

    question = f"把以上 {len(plan.changes)} 个数值写入 {plan.notes_path} 吗？（是 / 否，直接回车表示是）"
    ui.print(escape(question))
    while True:
        try:
            answer = prompter.ask("› ").strip()
        except (KeyboardInterrupt, EOFError):
            return False
        if not answer:
            return True
        try:
            return parse_yes_no(answer)
        except AnswerError as exc:
            ui.print(escape(str(exc)))
