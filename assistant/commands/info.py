"""``recap styles`` and ``recap sections``: what styles exist, what a draft holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command("styles")
    def styles() -> None:
        """列出三种报告风格及其章节 id。"""
        from rich.table import Table

        from assistant.console import UI
        from assistant.styles import STYLES
        from assistant.typography import fullwidth

        table = Table(title="报告风格", show_lines=True)
        table.add_column("风格")
        table.add_column("说明")
        table.add_column("章节 id")
        for style in STYLES.values():
            ids = "\n".join(f"{s.id}  {s.title}" for s in style.sections)
            if style.name == "project":
                ids += "\nproject-…  每个重点项目一节（id 取自项目名称，或素材里项目的 id）"
            table.add_row(f"{style.name}\n{style.label}",
                          fullwidth(f"{style.summary}\n（参照范文{style.example}）"), fullwidth(ids))
        UI().print(table)

    @app.command("sections")
    def sections(
        draft: Annotated[Path, typer.Argument(readable=False, help="草稿文件（Markdown）")],
        fmt: Annotated[str, typer.Option("--format", "-f", help="table 或 json")] = "table",
    ) -> None:
        """列出草稿中的章节(id 与标题)。"""
        from assistant.console import UI
        from assistant.draftfile import Draft
        from assistant.errors import InputError

        if fmt not in ("table", "json"):
            raise InputError(f"--format 只能是 table 或 json，收到 “{fmt}”。")
        d = Draft.load(draft)
        items = [{"id": s.id, "title": s.title} for s in d.sections]
        ui = UI()
        if fmt == "json":
            ui.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
            return
        from rich.table import Table

        table = Table(title=f"{draft} 的章节")
        table.add_column("id")
        table.add_column("标题")
        for item in items:
            table.add_row(item["id"], item["title"])
        ui.print(table)
