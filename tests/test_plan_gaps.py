"""``recap plan`` lists what the notes lack, in words for someone who never opened the TOML,
with the interview question that asks it, in text and in JSON."""

from __future__ import annotations

import json
import re

from paths import EXAMPLES
from typer.testing import CliRunner

from assistant.cli import app

SHOP = EXAMPLES / "shop-2025.toml"


def plan(*args: str) -> str:
    result = CliRunner().invoke(app, ["plan", str(SHOP), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_lists_missing_sections_and_missing_details() -> None:
    data = json.loads(plan("--style", "project", "--format", "json"))
    assert {"thesis", "judgements", "problem_plan", "details", "owners", "warnings",
            "gaps"} <= set(data)
    gaps = data["gaps"]
    assert all(set(g) == {"section", "what", "question"} for g in gaps)
    by_section = {g["section"] for g in gaps}
    assert "growth" in by_section  # a section the notes hold nothing for
    detail = [g for g in gaps if g["section"].startswith("project-")]
    assert any("双十一的时间段" in g["what"] for g in detail)  # a detail inside a section
    assert all(g["question"].startswith("访谈") for g in gaps)
    for g in gaps:  # worded for people: no TOML table or field names
        assert not re.search(r"[\[\]=_.]|campaigns|projects|growth", g["what"]), g["what"]


def test_text_lists_each_gap_with_its_question_once() -> None:
    text = plan("--style", "project")
    section = text.split("## 素材还缺的内容")[1].split("\n## ")[0]
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(lines) == len(set(lines)) >= 3
    assert any("双十一期间做了哪些关键动作" in line and "（访谈“大促与战役”一组" in line
               for line in lines)


def test_notes_that_lack_nothing_list_no_gaps() -> None:
    data = json.loads(plan("--style", "data", "--format", "json"))
    assert data["gaps"] == []
    assert "素材还缺的内容" not in plan("--style", "data")
