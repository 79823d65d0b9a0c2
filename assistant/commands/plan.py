"""``recap plan``: the report's argument before any drafting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command("plan")
    def plan(
        notes: Annotated[Path, typer.Argument(help="素材文件（.toml）")],
        style: Annotated[str | None, typer.Option("--style", "-s",
                         help="风格：data / narrative / project，默认取素材 report.style")] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="text 或 json")] = "text",
    ) -> None:
        """起草之前先看报告的论证：论点、关键判断、问题与规划的对应、需要确认的数字口径。"""
        from assistant.analysis import build_plan
        from assistant.analysis.render import all_gaps, gaps_json, plan_text
        from assistant.console import UI
        from assistant.drafting import DraftContext
        from assistant.errors import InputError

        if fmt not in ("text", "json"):
            raise InputError(f"--format 只能是 text 或 json，收到 “{fmt}”。")
        ctx = DraftContext.from_notes_file(notes, style)
        report_plan = build_plan(ctx.notes, ctx.facts, ctx.style)
        gaps = all_gaps(report_plan, ctx)  # missing sections, then details inside the others
        ui = UI()
        if fmt == "json":
            data = report_plan.to_json()
            data["gaps"] = gaps_json(gaps)
            ui.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            return
        ui.write(plan_text(report_plan, ctx.notes.report.title, gaps))
