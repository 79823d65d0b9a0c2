"""``recap export``: a draft -> a Word document or a self-contained HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export(
        draft: Annotated[Path, typer.Argument(readable=False, help="草稿文件（Markdown）")],
        to: Annotated[str | None, typer.Option("--to", "-t",
                      help="导出格式：docx(Word)或 html；默认按 -o 的后缀，否则 docx")] = None,
        output: Annotated[Path | None, typer.Option("--output", "-o", readable=False,
                          help="输出文件，默认与草稿同名，后缀换成 .docx / .html")] = None,
        notes: Annotated[Path | None, typer.Option("--notes", readable=False,
                         help="素材文件；草稿记录的素材文件移动或改名后用它指定新位置")] = None,
    ) -> None:
        """把草稿导出为 Word 文档或 HTML 网页(含核心指标表与图表)。"""
        from assistant.console import UI
        from assistant.export import export_draft, parse_format

        ui = UI()
        fmt = parse_format(to, output)
        result = export_draft(draft, fmt, output, notes=notes)
        for line in result.warnings:
            ui.warn(line)
        kind = "Word 文档" if fmt == "docx" else "HTML 网页"
        extras = [f"{result.sections} 个章节"]
        if result.tables:
            extras.append(f"{result.tables} 张指标表")
        if result.charts:
            extras.append(f"{result.charts} 张图表")
        ui.success(f"已导出 {kind}:{result.path}({','.join(extras)})")
