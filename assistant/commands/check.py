"""``recap check``: flag every number in a draft that its notes file does not support."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from assistant.draftfile import Draft


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check(
        draft: Annotated[Path, typer.Argument(readable=False, help="草稿文件（Markdown）")],
        notes: Annotated[Path | None, typer.Option(
            "--notes", "-n", readable=False, help="素材文件（.toml），默认取草稿开头记录的素材文件")] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table 或 json")] = "table",
    ) -> None:
        """核对草稿中的每个数字是否能在素材中找到依据(有问题时退出码为 1)。"""
        from assistant.checker import check_draft
        from assistant.checker.report import flags_table, summary_line, to_json_text
        from assistant.console import UI
        from assistant.drafting import notes_changed, resolve_notes_path
        from assistant.errors import InputError
        from assistant.facts import build_facts
        from assistant.notes import load_notes

        if fmt not in ("table", "json"):
            raise InputError(f"--format 只能是 table 或 json，收到 “{fmt}”。")
        d = _load_draft(draft)
        notes_path = resolve_notes_path(d, draft, notes)
        parsed = load_notes(notes_path)
        report = check_draft(d, build_facts(parsed), year=parsed.report.year, notes=parsed)
        ui = UI()
        if notes is None and notes_changed(d, notes_path):
            ui.notice(f"素材文件 {notes_path} 在起草之后改动过，按改动后的素材核对。")
        if fmt == "json":
            ui.write(to_json_text(report))
        else:
            if report.flags:
                ui.print(flags_table(report, f"{draft} 中需要核对的数字", d.to_text()))
                ui.warn(summary_line(report))
            else:
                ui.success(summary_line(report))
        if report.flags:
            raise typer.Exit(1)


def _load_draft(path: Path) -> Draft:
    from assistant.draftfile import Draft
    from assistant.errors import DraftFileError

    if path.suffix.lower() == ".toml":
        raise DraftFileError(f"{path} 是素材文件（.toml），recap check 需要的是草稿（Markdown）。",
                             hint="用法：recap check 草稿.md --notes 素材.toml")
    if path.is_file() and path.stat().st_size == 0:
        raise DraftFileError(f"草稿文件 {path} 是空的（0 字节），没有可核对的内容。",
                             hint="确认文件路径是否正确，或先用 recap draft 生成草稿。")
    d = Draft.load(path)
    if not d.to_text().strip():
        raise DraftFileError(f"草稿文件 {path} 只有空白，没有可核对的内容。",
                             hint="确认文件路径是否正确，或先用 recap draft 生成草稿。")
    return d
