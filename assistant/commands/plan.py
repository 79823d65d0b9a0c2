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
        from assistant.analysis.render import plan_text
        from assistant.console import UI
        from assistant.errors import InputError
        from assistant.facts import build_facts
        from assistant.notes import load_notes
        from assistant.styles import get_style

        if fmt not in ("text", "json"):
            raise InputError(f"--format 只能是 text 或 json，收到 “{fmt}”。")
        parsed = load_notes(notes)
        st = get_style(style or parsed.effective_style())
        report_plan = build_plan(parsed, build_facts(parsed), st)
        ui = UI()
        if fmt == "json":
            ui.write(json.dumps(report_plan.to_json(), ensure_ascii=False, indent=2) + "\n")
            return
        ui.write(plan_text(report_plan, parsed.report.title))
