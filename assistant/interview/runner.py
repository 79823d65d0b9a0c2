"""The interview loop: ask, validate on the spot, save after every answer.

Answers live in a plain dict shaped like the notes file. Each answer is parsed
(``answers.py``), put into a copy of that dict and validated by the pydantic schema
(through ``parse_notes_text``, so the reasons are the loader's Chinese messages);
only a valid answer is kept, and the notes file is then written atomically.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rich.markup import escape
from rich.panel import Panel

from assistant.console import UI
from assistant.errors import NotesError
from assistant.fileio import writable_target
from assistant.interview.answers import (
    AnswerError,
    format_number,
    parse_choice,
    parse_int,
    parse_list,
    parse_number,
    parse_quarterly,
    parse_yes_no,
    unit_example,
)
from assistant.interview.extract import Extractor
from assistant.interview.prompter import Prompter
from assistant.interview.questions import (
    GROUPS,
    LIST_HINT,
    Step,
    default_title,
    default_year,
    del_path,
    follow_ups,
    get_path,
    good_answer,
    group_position,
    is_missing,
    plan_steps,
    set_path,
)
from assistant.metrics_catalog import known_metric
from assistant.notes.loader import parse_notes_text, read_notes_text
from assistant.notes.plausibility import Doubt, check_plausibility
from assistant.notes.schema import Notes
from assistant.notes.writer import dump_notes_data, save_notes
from assistant.typography import IDEOGRAPHIC_COMMA, SEMICOLON, fullwidth

Mode = Literal["missing", "all"]
Status = Literal["done", "finished", "interrupted"]

BACK_WORDS = {"<", "\uff1c", "上一题", "返回", "back"}
HELP_WORDS = {"?", "\uff1f", "帮助", "说明", "help"}
SKIP_GROUP_WORDS = {">>", "》》", "跳过本组"}
FINISH_WORDS = {"结束", "完成", "!"}
_REQUIRED_IN_ENTRY = {"channels": "name", "products": "segment", "campaigns": "name",
                      "projects": "name"}

COMMANDS_LINE = ("直接回车 跳过本题 · ? 查看说明 · < 或 上一题 返回上一题\n"
                 ">> 跳过本组 · 结束 保存并结束访谈 · Ctrl-C 随时保存退出")


@dataclass
class InterviewResult:
    status: Status
    path: Path
    notes: Notes | None
    answered: int


def _complete(data: dict[str, Any]) -> dict[str, Any]:
    """A copy ready to validate: required report fields filled, unfinished entries left out."""
    out = copy.deepcopy(data)
    report = out.setdefault("report", {})
    if report.get("year") is None:
        report["year"] = default_year()
    if not report.get("title"):
        report["title"] = default_title(int(report["year"]))
    for table, required in _REQUIRED_IN_ENTRY.items():
        if table in out:
            out[table] = [e for e in out[table] if isinstance(e, dict) and e.get(required)]
    return out


def validate_data(data: dict[str, Any]) -> Notes:
    """``Notes`` for the answers so far, or ``AnswerError`` with the schema's reason."""
    try:
        return parse_notes_text(dump_notes_data(_complete(data)), source="<访谈>")
    except NotesError as exc:
        problem = exc.problems[0] if exc.problems else None
        raise AnswerError(problem.expected if problem else "取值不合法") from None


def notes_to_data(notes: Notes) -> dict[str, Any]:
    data = notes.model_dump(mode="python", exclude_none=True)
    return {k: v for k, v in data.items() if not is_missing(v)}


class Interview:
    """One interview over one notes file."""

    def __init__(self, path: str | Path, ui: UI, prompter: Prompter, *,
                 mode: Mode = "missing", resume_hint: str | None = None,
                 data: dict[str, Any] | None = None, offer_skip: bool = False,
                 extractor: Extractor | None = None) -> None:
        self.path = Path(path)
        self.ui = ui
        self.prompter = prompter
        self.mode: Mode = mode
        self.offer_skip = offer_skip
        self.extractor = extractor
        self.resume_hint = resume_hint or f"recap interview {self.path}"
        self.existing = False
        # Refuse a directory, FIFO, read-only file or missing folder before any question.
        writable_target(self.path, what="素材文件")
        self.data: dict[str, Any] = {}
        if data is not None:
            self.data = copy.deepcopy(data)
        elif self.path.exists():
            text = read_notes_text(self.path)
            self.data = notes_to_data(parse_notes_text(text, source=str(self.path)))
            self.existing = True
        self.visited: set[str] = set()
        self.history: list[str] = []
        self.forced: str | None = None
        self.answered = 0
        self.saved_once = False
        self._group: str | None = None
        self.confirmed: set[str] = set()  # doubts the user said are right

    # -- flow -------------------------------------------------------------------------

    def needed(self, step: Step) -> bool:
        if step.kind == "add":
            items = self.data.get(str(step.path[0])) or []
            return step.index >= len(items)
        return is_missing(get_path(self.data, step.path))

    def next_step(self) -> Step | None:
        steps = plan_steps(self.data)
        if self.forced is not None:
            forced, self.forced = self.forced, None
            for step in steps:
                if step.key == forced:
                    return step
        for step in steps:
            if step.key in self.visited:
                continue
            if self.mode == "all" or self.needed(step):
                return step
        return None

    def run(self) -> InterviewResult:
        try:
            if self.existing and not self._choose_mode():
                return InterviewResult("done", self.path, self.notes(), 0)
            self._intro()
            if self.extractor is not None:
                self._extract_step(self.extractor)
            while True:
                step = self.next_step()
                if step is None:
                    break
                outcome = self._ask(step)
                if outcome == "finish":
                    self.ui.print(f"[green]✓[/green] 访谈提前结束。{self._saved_note()}")
                    return InterviewResult("finished", self.path, self.notes(), self.answered)
        except (KeyboardInterrupt, EOFError):
            return self._interrupted()
        self.ui.print(f"[green]✓[/green] 访谈完成。{self._saved_note()}")
        return InterviewResult("done", self.path, self.notes(), self.answered)

    def notes(self) -> Notes | None:
        if not self.data:
            return None
        try:
            return validate_data(self.data)
        except AnswerError:  # pragma: no cover - every kept answer was validated
            return None

    def _saved_note(self) -> str:
        if self.saved_once:
            return f"素材已保存到 {escape(str(self.path))}"
        if self.path.exists():
            return f"{escape(str(self.path))} 没有改动。"
        return "没有回答任何问题，没有写入文件。"

    def _interrupted(self) -> InterviewResult:
        # Every kept answer was saved when it was given: nothing to write here.
        self.ui.print("")
        if self.saved_once:
            self.ui.print(f"[yellow]已中断[/yellow]，已答内容已保存到 {escape(str(self.path))}。")
            self.ui.print(f"继续填写：{escape(self.resume_hint)}")
        elif self.path.exists():
            self.ui.print(f"[yellow]已中断[/yellow],{escape(str(self.path))} 没有改动。")
            self.ui.print(f"继续填写：{escape(self.resume_hint)}")
        else:
            self.ui.print("[yellow]已中断[/yellow]，还没有回答任何问题，没有写入文件。")
        return InterviewResult("interrupted", self.path, self.notes(), self.answered)

    def _intro(self) -> None:
        self.ui.print(Panel(fullwidth(
            "回答几组问题，recap 会把答案整理成素材文件，再据此起草年终总结。\n"
            f"每答一题自动保存到 {escape(str(self.path))}。\n"
            "数字可以照平时的写法填，如 5,860、5860万、24.2%、¥168。\n"
            + escape(COMMANDS_LINE)),
            title="recap 访谈", expand=False))

    def _choose_mode(self) -> bool:
        """Ask how to go on with an existing file; ``False`` to skip the interview."""
        missing = sum(1 for s in plan_steps(self.data) if self.needed(s))
        self.ui.print(f"素材文件 {escape(str(self.path))} 已有内容，还有 {missing} 个问题没有答案。")
        options = ["1", "2", "3"]
        menu = "  1. 只补充缺少的（默认）\n  2. 先查看已有内容\n  3. 逐题过一遍（已有答案作为默认值）"
        if self.offer_skip:
            options.append("4")
            menu += "\n  4. 不补充，直接往下"
        while True:
            self.ui.print(menu)
            choice = self.prompter.ask("选择 › ", completions=options).strip()
            if choice in ("", "1"):
                self.mode = "missing"
                return True
            if choice == "3":
                self.mode = "all"
                return True
            if choice == "2":
                self.show_existing()
                continue
            if choice == "4" and self.offer_skip:
                return False
            self.ui.print("[red]✗[/red] 请输入 " + "、".join(options))

    def show_existing(self) -> None:
        """What the file holds, in Chinese (not the raw TOML)."""
        from rich.table import Table

        from assistant.interview.summary import notes_summary

        notes = self.notes()
        if notes is None:
            self.ui.print("（还没有任何内容）")
            return
        table = Table(title=f"{escape(str(self.path))} 的已有内容", show_header=False)
        table.add_column("项目", style="bold", no_wrap=True)
        table.add_column("内容", overflow="fold")
        for name, value in notes_summary(notes):
            table.add_row(escape(fullwidth(name)), escape(fullwidth(value)))
        self.ui.print(table)

    # -- optional: values from pasted notes (only with a model) -------------------------

    def _extract_step(self, extractor: Extractor) -> None:
        from assistant.interview.extract import ExtractionError, extractable_steps

        self.ui.print("[bold]已配置模型：可以先粘贴现有的笔记（周报、复盘记录、数据摘录），"
                      "自动提取能填的答案，再逐项确认。[/bold]")
        self.ui.print("[dim]粘贴后按回车，可分几次粘贴，空行结束；直接回车跳过这一步。[/dim]")
        chunks: list[str] = []
        while True:
            line = self.prompter.ask("笔记 › ")
            if not line.strip():
                break
            chunks.append(line)
        if not chunks:
            return
        steps = extractable_steps()
        order = {s.key: i for i, s in enumerate(steps)}
        by_key = {s.key: s for s in steps}
        try:
            with self.ui.err.status("正在从笔记中提取…"):
                found = extractor("\n".join(chunks), steps)
        except ExtractionError as exc:
            self.ui.print(f"[yellow]提取失败[/yellow]:{escape(str(exc))}。改为逐题回答。")
            return
        found = sorted((f for f in found if f[0] in by_key), key=lambda f: order[f[0]])
        if not found:
            self.ui.print("没有从笔记中找到可以直接填写的答案，改为逐题回答。")
            return
        self.ui.print(f"找到 {len(found)} 项。逐项确认：回车接受，改正后回车更正，"
                      "Ctrl-U 清空后回车舍弃。")
        for key, value in found:
            step = by_key[key]
            hint = f"  [dim]({escape(step.hint)})[/dim]" if step.hint else ""
            self.ui.print(f"[bold]{escape(step.text)}[/bold]{hint}")
            text = value
            while True:
                text = self.prompter.ask("› ", default=text).strip()
                if not text:
                    self.ui.print("[dim]已舍弃。[/dim]")
                    break
                try:
                    self._answer(step, text)
                except AnswerError as exc:
                    self.ui.print(f"[red]✗[/red] {escape(str(exc))}，请改正或清空舍弃。")
                    continue
                break

    # -- one question -----------------------------------------------------------------

    def _current_text(self, step: Step) -> str:
        if step.kind == "add":
            return ""  # 回车 keeps an existing entry / adds nothing
        value = get_path(self.data, step.path)
        if value is None:
            return step.default or ""
        if isinstance(value, list):
            if step.kind == "quarterly":
                return ", ".join(format_number(v) for v in value)
            return SEMICOLON.join(str(v) for v in value)
        if isinstance(value, (int, float)):
            return format_number(value)
        return str(value)

    def _show_question(self, step: Step) -> None:
        if step.group != self._group:
            self._group = step.group
            self.ui.print("")
            n, total = group_position(self.data, step.group)
            self.ui.out.rule(fullwidth(f"{GROUPS[step.group].title}({n}/{total})"), style="cyan")
        hint = f"  [dim]({escape(step.hint)})[/dim]" if step.hint else ""
        self.ui.print(f"[bold]{escape(step.text)}[/bold]{hint}")
        if step.kind == "choice":
            for i, (_, label) in enumerate(step.choices, start=1):
                self.ui.print(f"  {i}. {escape(label)}")

    def _show_help(self, step: Step) -> None:
        info = known_metric(step.metric) if step.metric else None
        lines: list[str] = []
        if info is not None:
            lines.append(f"[bold]{escape(info.label)}[/bold]")
            lines.append(escape(info.help))
        elif step.help:
            lines.append(escape(step.help))
        example = good_answer(step)
        if example:
            lines.append(f"好的回答：{escape(example)}")
        if step.kind in ("number", "quarterly"):
            unit = step.unit
            shown = unit or "无单位"
            lines.append(f"单位：{escape(shown)}，可以写 {escape(unit_example(unit))}")
        if step.kind == "choice":
            lines += [f"{i}. {escape(label)}" for i, (_, label) in enumerate(step.choices, 1)]
        if step.kind == "list":
            lines.append(escape(LIST_HINT) + "。")
        if step.kind == "add":
            lines.append(f"回答 是 添加一个{escape(step.noun)}，回答 否 或直接回车进入下一组问题。")
        if not step.required and step.kind != "add":
            lines.append("不知道或不适用：直接回车跳过。")
        lines.append(f"[dim]{escape(COMMANDS_LINE)}[/dim]")
        self.ui.print(Panel(fullwidth("\n".join(lines)), title="说明", expand=False))

    def _ask(self, step: Step) -> str:
        self._show_question(step)
        completions: tuple[str, ...] = ()
        if step.kind == "choice":
            completions = tuple(v for v, _ in step.choices)
        while True:
            default = self._current_text(step)
            raw = self.prompter.ask("› ", default=default, completions=completions)
            text = raw.strip()
            if default and text != default and text.startswith(default):
                typed = text[len(default):].strip()  # a command typed after a pre-filled answer
                if typed in BACK_WORDS | HELP_WORDS | SKIP_GROUP_WORDS | FINISH_WORDS:
                    text = typed
            if text in BACK_WORDS:
                if self._go_back():
                    return "back"
                continue
            if text in HELP_WORDS:
                self._show_help(step)
                continue
            if text in SKIP_GROUP_WORDS:
                self._skip_group(step)
                return "skip"
            if text in FINISH_WORDS:
                return "finish"
            try:
                self._answer(step, text)
            except AnswerError as exc:
                if not self._typed_after_default(step, default, text):
                    self.ui.print(f"[red]✗[/red] {escape(str(exc))}，请重新输入。")
                    continue
            self.visited.add(step.key)
            self.history.append(step.key)
            return "answered"

    def _typed_after_default(self, step: Step, default: str, text: str) -> bool:
        """``20252024`` after a pre-filled ``2025``: use what was typed, if that is valid."""
        if step.kind == "text" or not default or not text.startswith(default):
            return False
        typed = text[len(default):].strip()
        if not typed:
            return False
        try:
            self._answer(step, typed)
        except AnswerError:
            return False
        self.ui.print(f"[dim]已按新输入的 {escape(typed)} 记录（下次可先按 Ctrl-U 清空默认值）。[/dim]")
        return True

    def _go_back(self) -> bool:
        if not self.history:
            self.ui.print("[yellow]已经是第一题了。[/yellow]")
            return False
        previous = self.history.pop()
        self.visited.discard(previous)
        self.forced = previous
        return True

    def _skip_group(self, step: Step) -> None:
        for other in plan_steps(self.data):
            if other.group == step.group:
                self.visited.add(other.key)
        self.history.append(step.key)
        self.ui.print(f"[dim]已跳过“{escape(GROUPS[step.group].title)}”这一组。[/dim]")

    # -- applying answers ----------------------------------------------------------------

    def _answer(self, step: Step, text: str) -> None:
        candidate = copy.deepcopy(self.data)
        value: Any = None
        if step.kind == "add":
            self._answer_add(step, text, candidate)
        elif not text:
            if not self._answer_empty(step, candidate):
                self._say_skipped_follow_ups(step)
                return
        else:
            value = self._parse(step, text)
            if step.path == ("report", "year"):
                old = get_path(candidate, ("report", "year")) or default_year()
                if get_path(candidate, ("report", "title")) == default_title(int(old)):
                    set_path(candidate, ("report", "title"), default_title(int(value)))
            set_path(candidate, step.path, value)
            if step.metric and step.path[-1] == "value" and step.unit:
                set_path(candidate, (*step.path[:-1], "unit"),
                         get_path(candidate, (*step.path[:-1], "unit")) or step.unit)
        notes = validate_data(candidate)
        if value is not None:
            self._echo(step, text, value)
        if candidate == self.data:
            self._say_skipped_follow_ups(step)
            return  # nothing changed: the file is not rewritten
        self._confirm_doubts(notes)
        self.data = candidate
        self.answered += 1
        self._save()

    def _say_skipped_follow_ups(self, step: Step) -> None:
        """A skipped metric value also skips its target, last year …: say so."""
        if get_path(self.data, step.path) is not None:
            return
        skipped = follow_ups(self.data, step)
        if skipped:
            info = known_metric(step.metric) if step.metric else None
            label = info.label if info else str(step.path[-2])
            self.ui.print(f"[dim]没有{escape(label)}的全年数字，它的"
                          f"{escape(IDEOGRAPHIC_COMMA.join(skipped))}也一并跳过。"
                          "以后补上全年数字时会再问。[/dim]")

    def _confirm_doubts(self, notes: Notes) -> None:
        """Numbers that look wrong after this answer: confirm, or ``AnswerError`` to re-enter."""
        before = {d.key for d in self._doubts(self.notes())}
        new = [d for d in check_plausibility(notes)
               if d.key not in before and d.key not in self.confirmed]
        if not new:
            return
        for doubt in new:
            self.ui.print(f"[yellow]请核对[/yellow] {escape(doubt.message)}")
        self.ui.print("[bold]这个数字对吗？[/bold] [dim]（是：照此记录；否 或直接回车：重新输入）[/dim]")
        while True:
            answer = self.prompter.ask("› ").strip()
            if not answer:
                raise AnswerError("没有记录这个答案")
            try:
                keep = parse_yes_no(answer)
            except AnswerError as exc:
                self.ui.print(f"[red]✗[/red] {escape(str(exc))}")
                continue
            if not keep:
                raise AnswerError("没有记录这个答案")
            self.confirmed.update(d.key for d in new)
            return

    @staticmethod
    def _doubts(notes: Notes | None) -> list[Doubt]:
        return check_plausibility(notes) if notes is not None else []

    def _answer_add(self, step: Step, text: str, candidate: dict[str, Any]) -> None:
        table = str(step.path[0])
        items: list[Any] = candidate.setdefault(table, [])
        exists = step.index < len(items)
        wanted = exists if not text else parse_yes_no(text)
        if wanted and not exists:
            items.append({})
        elif not wanted and exists:
            items.pop(step.index)
            self.ui.print(f"[dim]已删除第 {step.index + 1} 个{escape(step.noun)}。[/dim]")
        if not items:
            candidate.pop(table, None)

    def _answer_empty(self, step: Step, candidate: dict[str, Any]) -> bool:
        """Apply an empty answer (skip or clear); ``False`` when nothing changes."""
        current = get_path(candidate, step.path)
        if step.required and len(step.path) == 3 and isinstance(step.path[1], int):
            entry = get_path(candidate, step.path[:2]) or {}
            if current is None and not any(v for k, v in entry.items() if k != step.path[2]):
                del_path(candidate, step.path[:2])
                if not candidate.get(str(step.path[0])):
                    candidate.pop(str(step.path[0]), None)
                self.ui.print("[dim]已取消添加。[/dim]")
                return True
            if current is not None:
                self.ui.print("[dim]名称不能为空，保留原来的名称。[/dim]")
                return False
            raise AnswerError("这一项需要名称")
        if step.required:
            if current is None and step.default:
                value: Any = int(step.default) if step.kind == "int" else step.default
                set_path(candidate, step.path, value)
                self.ui.print(f"[dim]这一项必填，已使用默认值：{escape(step.default)}[/dim]")
                return True
            return False
        if current is None:
            return False
        if step.metric and step.path[-1] == "value":
            del_path(candidate, step.path[:-1])
            self.ui.print("[dim]已清除这个指标。[/dim]")
        else:
            del_path(candidate, step.path)
        return True

    def _parse(self, step: Step, text: str) -> Any:
        if step.kind == "number":
            return parse_number(text, step.unit)
        if step.kind == "int":
            return parse_int(text, step.unit)
        if step.kind == "quarterly":
            return parse_quarterly(text, step.unit)
        if step.kind == "list":
            return parse_list(text)
        if step.kind == "choice":
            return parse_choice(text, step.choices)
        return text

    def _echo(self, step: Step, text: str, value: Any) -> None:
        """Say what was recorded when it differs from what was typed."""
        if step.kind == "number":
            shown = format_number(value)
            if text.replace(" ", "") not in (shown, shown + step.unit):
                self.ui.print(f"[dim]已记为 {shown} {escape(step.unit)}[/dim]")
        elif step.kind == "quarterly":
            shown = ", ".join(format_number(v) for v in value)
            self.ui.print(f"[dim]已记为 {shown}(单位：{escape(step.unit)})[/dim]")
        elif step.kind == "choice":
            label = dict(step.choices).get(value, value).split("(")[0]
            self.ui.print(f"[dim]已选择：{escape(label)}[/dim]")

    def _save(self) -> None:
        if not self.data:
            return
        # An existing file changes only where the answers did: comments and layout stay.
        save_notes(self.path, validate_data(self.data))
        if not self.saved_once:
            self.saved_once = True


def run_interview(path: str | Path, ui: UI, *, input: Any = None, output: Any = None,
                  prompter: Prompter | None = None, mode: Mode = "missing",
                  resume_hint: str | None = None,
                  extractor: Extractor | None = None) -> InterviewResult:
    """Run the interview on ``path`` (created when missing)."""
    from assistant.interview.prompter import PromptToolkitPrompter

    return Interview(path, ui, prompter or PromptToolkitPrompter(input, output), mode=mode,
                     resume_hint=resume_hint, extractor=extractor).run()
