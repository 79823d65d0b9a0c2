"""``recap`` with no arguments: notes -> interview -> draft -> review loop.

The review loop finds its commands by method name (``cmd_list``, ``cmd_show`` …);
each method's docstring is its help line. The draft lives on disk and every change
is saved atomically by the drafting pipeline, so an error or Ctrl-C inside a
command never loses it.
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.table import Table

from assistant.console import UI
from assistant.errors import RecapError
from assistant.fileio import NOTES_MAX_BYTES, read_limited
from assistant.interview.prompter import Prompter
from assistant.notes.loader import read_notes_text
from assistant.typography import fullwidth

DEFAULT_NOTES = "recap-notes.toml"

ALIASES: dict[str, str] = {
    "ls": "list", "列表": "list", "章节": "list",
    "查看": "show", "看": "show", "s": "show",
    "重写": "regen", "重新生成": "regen", "r": "regen",
    "核对": "check", "检查": "check",
    "导出": "export",
    "打开": "open", "路径": "open",
    "素材": "notes", "访谈": "notes", "补充": "notes",
    "重新起草": "draft", "起草": "draft",
    "帮助": "help", "?": "help", "\uff1f": "help", "h": "help",
    "退出": "quit", "q": "quit", "exit": "quit",
}


COMMAND_ORDER = ("list", "show", "regen", "check", "export", "open", "notes", "draft", "help",
                 "quit")


class SessionExit(Exception):
    """Leave the review loop."""


def find_notes_candidates(folder: Path) -> list[Path]:
    """TOML files in ``folder`` that look like notes files (have a [report] table)."""
    found: list[Path] = []
    for path in sorted(folder.glob("*.toml")):
        if path.name in ("pyproject.toml", "config.toml"):
            continue
        try:  # only regular files, size-limited: a FIFO named x.toml must not block the session
            text = read_limited(path, what="素材文件", limit=NOTES_MAX_BYTES).decode("utf-8-sig")
        except (RecapError, UnicodeDecodeError):
            continue
        if "[report]" in text:
            found.append(path)
    return found


class Session:
    """One interactive session over one notes file and its draft."""

    def __init__(self, ui: UI, prompter: Prompter, *, notes_path: Path | None = None,
                 backend: str | None = None, config: Path | None = None,
                 wishes: dict[str, str] | None = None) -> None:
        self.ui = ui
        self.wishes: dict[str, str] = dict(wishes or {})  # --length / --tone for both backends
        self.prompter = prompter
        self.notes_path = notes_path
        self.backend = backend
        self.config = config
        self.draft_path: Path | None = None
        self._drafter: Any = None
        self._draft_interrupted = False

    # -- setup ------------------------------------------------------------------------

    def choose_notes(self) -> Path:
        if self.notes_path is not None:
            return self.notes_path
        candidates = find_notes_candidates(Path.cwd())
        default = str(candidates[0]) if len(candidates) == 1 else DEFAULT_NOTES
        if len(candidates) > 1:
            self.ui.print("当前目录下的素材文件：")
            for i, path in enumerate(candidates, start=1):
                self.ui.print(f"  {i}. {escape(path.name)}")
        self.ui.print("[bold]素材文件[/bold] [dim]（回车使用默认；不存在时会新建并开始访谈）[/dim]")
        while True:
            answer = self.prompter.ask("› ", default=default,
                                       completions=[p.name for p in candidates]).strip()
            if answer.isdigit() and 1 <= int(answer) <= len(candidates):
                return candidates[int(answer) - 1]
            if answer:
                path = Path(answer).expanduser()
                if path.is_dir():
                    self.ui.print("[red]✗[/red] 这是一个目录，请给出 .toml 文件名。")
                    continue
                return path
            self.ui.print("[red]✗[/red] 请输入素材文件名，例如 " + DEFAULT_NOTES)

    def interview(self, path: Path, *, offer_skip: bool, mode: str = "missing",
                  paste: bool = False) -> str:
        from assistant.interview.extract import make_extractor
        from assistant.interview.runner import Interview

        interview = Interview(path, self.ui, self.prompter, mode="all" if mode == "all"
                              else "missing", resume_hint=f"recap session {path}",
                              offer_skip=offer_skip,
                              extractor=make_extractor(self.config) if paste else None)
        return interview.run().status

    def drafter(self) -> Any:
        if self._drafter is None:
            from assistant.backends import get_drafter

            notices: list[str] = []
            self._drafter = get_drafter(self.backend, config_path=self.config, notice=notices,
                                        overrides=self.wishes or None)
            for line in notices:
                self.ui.notice(line)
        return self._drafter

    def draft_all(self, *, force: bool = False) -> bool:
        """Draft every section with live progress; ``False`` when interrupted or nothing came.

        ``force``: the user agreed to replace a hand-edited draft (a backup is kept).
        """
        from assistant.drafting import (
            DraftContext,
            NothingDraftedError,
            draft_report,
            warnings_before_drafting,
        )
        from assistant.session.progress import ProgressDrafter

        notes_path = self._notes()
        ctx = DraftContext.from_notes_file(notes_path)
        out = self.draft_path_for(ctx.style.name)
        for line in warnings_before_drafting(ctx):
            self.ui.warn(line)
        self.ui.print(f"\n开始起草：{escape(ctx.style.label)}，共 {len(ctx.outline())} 节")

        def start(planned: Any, i: int, total: int) -> None:
            self.ui.print(f"[dim]  [{i}/{total}] 正在起草 {escape(planned.title)} …[/dim]")

        def done(planned: Any, result: Any, i: int, total: int) -> None:
            if result.ok:
                note = f"({len(result.flags)} 处数字待核对)" if result.flags else ""
                self.ui.print(f"  [green]✓[/green] [{i}/{total}] {escape(planned.title)}{note}")
            else:
                self.ui.print(f"  [red]✗[/red] [{i}/{total}] {escape(planned.title)}:"
                              f"{escape(str(result.error))}")

        drafter = self.drafter()
        if hasattr(drafter, "ui") and drafter.name == "llm":
            # The model backend drafts sections concurrently and shows its own live
            # per-section table when given the UI; wrapping it would serialise the calls.
            drafter.ui = self.ui
        else:
            drafter = ProgressDrafter(drafter, start, done)
        try:
            written, results = draft_report(ctx, drafter, out, force=force)
        except KeyboardInterrupt:
            self.ui.print("\n[yellow]起草已中断[/yellow]，草稿文件没有改动。")
            self._draft_interrupted = True
            return False
        except NothingDraftedError as exc:
            self.ui.error(str(exc))
            return False
        self.draft_path = out
        failed = [r for r in results if not r.ok]
        kept = sum(1 for r in failed if r.kept_previous)
        if failed:
            note = f"（其中 {kept} 节保留了原来的内容）" if kept else ""
            self.ui.warn(f"{len(failed)} 个章节起草失败{note}，其余已写入；可用 regen 重试。")
        if written.backup is not None:
            self.ui.info(f"原来的草稿（含手工修改）已备份为 {written.backup}")
        self.ui.print(f"[green]✓[/green] 草稿已保存到 {escape(str(out))}")
        return True

    def _confirm_redraft(self, target: Path, *, notes_changed: bool) -> bool | None:
        """The one overwrite rule, asked: ``None`` to keep the draft, else whether to force.

        A draft still as recap wrote it is replaced on a yes; one edited since is replaced
        only on a yes given to a question that says so, and is backed up first.
        """
        from assistant.draftfile import draft_state

        state = draft_state(target)
        if state == "absent":
            return False
        if state == "untouched":
            why = "素材在那之后有改动，" if notes_changed else ""
            question = f"{why}重新起草会替换 {target.name}（生成后没有手工修改），确定吗？"
            return False if self._yes_no(question, notes_changed) else None
        self.ui.warn(f"{target.name} 在生成之后有手工修改（或不是 recap 写的）。")
        question = f"重新起草会覆盖 {target.name} 中的手工修改（原文件先备份在旁边），确定吗？"
        return True if self._yes_no(question, False) else None

    def run(self) -> int:
        """The whole session; returns the exit status."""
        from assistant.drafting import DraftContext

        path = self.choose_notes()
        self.notes_path = path
        existed = path.exists()
        if existed:
            read_notes_text(path)
        status = self.interview(path, offer_skip=existed, paste=True)
        if status == "interrupted":
            return 130
        if not path.exists():
            self.ui.print("素材文件还是空的，先回答几道题再来起草吧。")
            return 0
        ctx = DraftContext.from_notes_file(path)
        self.draft_path = self.draft_path_for(ctx.style.name)
        if self.draft_path.exists():
            from assistant.draftfile import Draft
            from assistant.drafting import notes_changed

            try:
                changed = notes_changed(Draft.load(self.draft_path), ctx.notes_path)
            except RecapError:
                changed = False
            self.ui.print(f"已有草稿 {escape(str(self.draft_path))}"
                          + ("（素材在那之后有改动）。" if changed else "。"))
            force = self._confirm_redraft(self.draft_path, notes_changed=changed)
            if force is not None:
                self.draft_all(force=force)
        elif not self.draft_all():
            return 130 if self._draft_interrupted else 1
        self.cmd_list("")
        self.ui.print("[dim]输入 help 查看全部命令；show 1 查看第一节，quit 退出。[/dim]")
        return self.loop()

    # -- review loop ------------------------------------------------------------------

    def commands(self) -> dict[str, Callable[[str], None]]:
        """Every ``cmd_*`` method by name, in the order people need them."""
        found = {name[4:]: method for name, method in inspect.getmembers(self, inspect.ismethod)
                 if name.startswith("cmd_")}
        order = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return dict(sorted(found.items(), key=lambda item: (order.get(item[0], 99), item[0])))

    def loop(self) -> int:
        commands = self.commands()
        completions = sorted(commands) + sorted(ALIASES)
        while True:
            try:
                line = self.prompter.ask("recap › ", completions=completions)
            except KeyboardInterrupt:
                self.ui.print("[dim]（输入 quit 或按 Ctrl-D 退出）[/dim]")
                continue
            except EOFError:
                self._bye()
                return 0
            try:
                self.dispatch(line)
            except SessionExit:
                return 0
            except KeyboardInterrupt:
                self.ui.print("\n[yellow]已取消[/yellow]，草稿保持原样。")
            except RecapError as exc:
                self.ui.error(escape(str(exc)))
            except Exception as exc:  # keep the session alive whatever a command does
                self.ui.error(escape(f"命令执行出错：{type(exc).__name__}: {exc}"))
                self.ui.print("[dim]草稿文件没有丢失；可以重试，或输入 quit 退出。[/dim]")

    def dispatch(self, line: str) -> None:
        line = line.strip()
        if not line:
            return
        word, _, rest = line.partition(" ")
        name = ALIASES.get(word, word).lower()
        command = self.commands().get(name)
        if command is None:
            self.ui.print(f"[red]✗[/red] 没有命令 “{escape(word)}”。输入 help 查看可用命令。")
            return
        command(rest.strip())

    def _yes_no(self, question: str, default: bool) -> bool:
        from assistant.interview.answers import AnswerError, parse_yes_no

        shown = "是" if default else "否"
        self.ui.print(f"[bold]{escape(question)}[/bold] [dim]（是 / 否，直接回车表示{shown}）[/dim]")
        while True:
            answer = self.prompter.ask("› ").strip()
            if not answer:
                return default
            try:
                return parse_yes_no(answer)
            except AnswerError as exc:
                self.ui.print(f"[red]✗[/red] {escape(str(exc))}")

    def _bye(self) -> None:
        if self.draft_path is not None:
            self.ui.print(f"再见。草稿在 {escape(str(self.draft_path))}")

    def draft_path_for(self, style: str) -> Path:
        """The draft beside the notes file: ``<notes stem>-<style>.md``."""
        notes = self._notes()
        return notes.with_name(f"{notes.stem}-{style}.md")

    def _notes(self) -> Path:
        if self.notes_path is None:
            raise RecapError("还没有选择素材文件。")
        return self.notes_path

    def _draft(self) -> Path:
        if self.draft_path is None or not self.draft_path.exists():
            raise RecapError("还没有草稿。", hint="输入 draft 起草。")
        return self.draft_path

    def _load(self) -> Any:
        from assistant.drafting import load_draft_context

        return load_draft_context(self._draft(), self.notes_path)

    def _section_id(self, ref: str) -> str:
        draft, _ = self._load()
        ids = [s.id for s in draft.sections]
        if not ref:
            raise RecapError("请指定章节：序号或 id。", hint="输入 list 查看章节。")
        if ref.isdigit() and 1 <= int(ref) <= len(ids):
            return ids[int(ref) - 1]
        if ref in ids:
            return ref
        raise RecapError(f"没有章节 “{ref}”。", hint="可用：" + "、".join(
            f"{i} {sid}" for i, sid in enumerate(ids, start=1)))

    # -- commands (docstring = help line) ----------------------------------------------

    def cmd_help(self, arg: str) -> None:
        """列出全部命令;help 命令名 查看一个命令的用法。"""
        commands = self.commands()
        if arg:
            name = ALIASES.get(arg, arg)
            method = commands.get(name)
            if method is None:
                self.ui.print(f"[red]✗[/red] 没有命令 “{escape(arg)}”。")
                return
            self.ui.print(escape(fullwidth(inspect.getdoc(method) or "")))
            return
        table = Table(title="会话命令", show_header=True)
        table.add_column("命令")
        table.add_column("别名")
        table.add_column("说明")
        for name, method in commands.items():
            aliases = " ".join(a for a, target in ALIASES.items() if target == name)
            doc = (inspect.getdoc(method) or "").splitlines()[0]
            table.add_row(name, escape(aliases), escape(fullwidth(doc)))
        self.ui.print(table)

    def cmd_list(self, arg: str) -> None:
        """列出草稿的章节(序号、id、标题、字数)。"""
        from assistant.draftfile import TODO_WORD, count_todo

        draft, _ = self._load()
        table = Table(title=f"草稿 {self.draft_path} 的章节")
        table.add_column("序号", justify="right")
        table.add_column("id")
        table.add_column("标题")
        table.add_column("字数", justify="right")
        table.add_column(TODO_WORD, justify="right")
        for i, section in enumerate(draft.sections, start=1):
            body = section.body
            table.add_row(str(i), section.id, section.title, str(len(body)),
                          str(count_todo(body)) if count_todo(body) else "")
        self.ui.print(table)

    def cmd_show(self, arg: str) -> None:
        """show 序号|id:显示一节的正文(按 Markdown 排版)。"""
        from rich.markdown import Markdown

        section_id = self._section_id(arg)
        draft, _ = self._load()
        section = draft.section(section_id)
        self.ui.show(Markdown(f"{'#' * max(section.level, 1)} {section.title}\n\n{section.body}"))

    def cmd_regen(self, arg: str) -> None:
        """regen 序号|id [修改意见]:按意见重新生成一节,其他内容一字不动。"""
        from assistant.drafting import OFFLINE_FEEDBACK_NOTICE, regenerate_section

        ref, _, feedback = arg.partition(" ")
        section_id = self._section_id(ref)
        feedback = feedback.strip()
        drafter = self.drafter()
        offline = drafter.name == "offline"
        if offline and feedback:
            self.ui.notice(OFFLINE_FEEDBACK_NOTICE)
        elif not feedback and not offline:
            self.ui.print("[bold]修改意见？[/bold] [dim]（如 更简洁、多写用户运营；直接回车表示没有）[/dim]")
            feedback = self.prompter.ask("› ").strip()
        before = self._load()[0].section(section_id).raw
        self.ui.print(f"[dim]正在重新生成 {escape(section_id)} …[/dim]")
        result = regenerate_section(self._draft(), section_id, drafter,
                                    feedback=feedback or None, notes_override=self.notes_path)
        if not result.ok:
            self.ui.error(f"重新生成失败：{result.error}，原文保持不变。")
            return
        if self._load()[0].section(section_id).raw == before:
            why = "离线起草只按素材写，素材没变，结果也不变" if offline else "模型给出了相同的内容"
            self.ui.print(f"[yellow]内容没有变化[/yellow]:{escape(why)}。"
                          + ("要按意见改写，请配置模型后用 recap session -b llm。" if offline else ""))
            return
        self.ui.print(f"[green]✓[/green] 已重新生成 {escape(section_id)}，已保存。")
        self.cmd_show(section_id)

    def cmd_check(self, arg: str) -> None:
        """核对草稿中的数字:找出素材里没有依据的数字。"""
        try:
            from assistant.checker import check_draft
        except ImportError:
            self.ui.print("数字核对功能暂不可用（assistant.checker 尚未安装）。")
            return
        draft, ctx = self._load()
        report = check_draft(draft, ctx.facts, year=ctx.notes.report.year, notes=ctx.notes)
        flags = list(getattr(report, "flags", []))
        if not flags:
            self.ui.print("[green]✓[/green] 草稿里的数字都能在素材中找到依据。")
            return
        table = Table(title=f"{len(flags)} 处数字需要核对")
        table.add_column("章节")
        table.add_column("数字")
        table.add_column("原因")
        table.add_column("最接近的素材")
        from assistant.checker.report import REASON_LABELS as reasons
        for flag in flags:
            reason = str(getattr(flag, "reason", ""))
            table.add_row(str(getattr(flag, "section", "") or ""),
                          str(getattr(flag, "text", flag)),
                          reasons.get(reason, reason),
                          str(getattr(flag, "nearest", "") or ""))
        self.ui.print(table)

    def cmd_export(self, arg: str) -> None:
        """export [docx|html]:导出为 Word 文档(默认)或 HTML 网页。"""
        try:
            from assistant.export import export_draft, parse_format
        except ImportError:
            self.ui.print("导出功能暂不可用。")
            return
        fmt = parse_format(arg or None, None)
        result = export_draft(self._draft(), fmt, None, notes=self.notes_path)
        for line in getattr(result, "warnings", []):
            self.ui.warn(escape(str(line)))
        self.ui.print(f"[green]✓[/green] 已导出：{escape(str(result.path))}")

    def cmd_open(self, arg: str) -> None:
        """显示草稿与素材文件的完整路径,并尝试用系统默认程序打开草稿。"""
        if self.draft_path is not None:
            self.ui.print(f"草稿：{escape(str(self.draft_path.resolve()))}")
        if self.notes_path is not None:
            self.ui.print(f"素材：{escape(str(self.notes_path.resolve()))}")
        if self.draft_path is None or os.environ.get("RECAP_NO_LAUNCH"):
            return
        import typer

        try:
            typer.launch(str(self.draft_path.resolve()), wait=False)
        except Exception:  # no desktop opener: the path above is enough
            self.ui.print("[dim]无法自动打开，请用编辑器打开上面的路径。[/dim]")

    def cmd_notes(self, arg: str) -> None:
        """补充素材(继续访谈);notes all 逐题过一遍。改完后可用 draft 重新起草。"""
        status = self.interview(self._notes(), offer_skip=False,
                                mode="all" if arg.strip() in ("all", "全部") else "missing")
        if status != "interrupted":
            self.ui.print("输入 draft 按新素材重新起草，或 regen 只重写某一节。")

    def cmd_import(self, arg: str) -> None:
        """import 文件… [--last-year 文件] [--platform 平台] [--year 年份]：从后台导出的报表导入全年数据到素材。"""
        from assistant.commands.import_ import confirm, finish, parse_session_args, show_plan
        from assistant.imports import plan_import

        options = parse_session_args(arg)
        plan = plan_import(options.files, notes_path=self._notes(), year=options.year,
                           last_year_files=options.last_year, platform=options.platform)
        show_plan(self.ui, plan)
        if not options.yes and not confirm(self.ui, self.prompter, plan):
            self.ui.print(f"没有写入，{escape(str(plan.notes_path))} 保持原样。")
            return
        finish(self.ui, plan, in_session=True)

    def cmd_draft(self, arg: str) -> None:
        """重新起草整篇草稿(草稿有手工修改时先问,并先备份原文件)。
        可带篇幅和语气:draft short、draft long 平实、draft 3000 正式
        (篇幅:short / standard / long 或全文目标字数;语气:正式 / 平实;离线和模型起草都生效)。"""
        from assistant.drafting import DraftContext

        wishes = parse_wishes(arg)
        if wishes is None:
            self.ui.print(f"[red]✗[/red] 看不懂 “{escape(arg)}”。篇幅写 short、standard、long 或"
                          "全文目标字数（如 3000），语气写 正式 或 平实。")
            return
        if wishes:
            self.wishes.update(wishes)
            self._drafter = None  # the next draft uses the new length and tone
            shown = ",".join(f"{WISH_LABELS[k]}:{v}" for k, v in self.wishes.items())
            self.ui.print(f"[dim]{escape(fullwidth(shown))}[/dim]")
        style = DraftContext.from_notes_file(self._notes()).style.name
        force = self._confirm_redraft(self.draft_path_for(style), notes_changed=False)
        if force is not None:
            self.draft_all(force=force)

    def cmd_quit(self, arg: str) -> None:
        """退出会话(草稿已保存在磁盘上)。"""
        self._bye()
        raise SessionExit


WISH_LABELS = {"length": "篇幅", "tone": "语气"}
_LENGTH = re.compile(r"^(short|standard|long|[1-9][0-9]{1,5})$")


def parse_wishes(arg: str) -> dict[str, str] | None:
    """``draft``'s words: a length (short / standard / long / characters) and a tone
    (正式 / 平实), in any order; ``None`` when a word is neither."""
    wishes: dict[str, str] = {}
    for word in arg.replace("\uff0c", " ").replace(",", " ").split():
        if _LENGTH.match(word.lower()):
            wishes["length"] = word.lower()
        elif word in ("正式", "平实"):
            wishes["tone"] = word
        else:
            return None
    return wishes


def run_session(ui: UI, prompter: Prompter, *, notes_path: Path | None = None,
                backend: str | None = None, config: Path | None = None,
                wishes: dict[str, str] | None = None) -> int:
    return Session(ui, prompter, notes_path=notes_path, backend=backend, config=config,
                   wishes=wishes).run()
