"""The notes writer: readable TOML that loads back to the same notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.notes import load_notes, parse_notes_text
from assistant.notes.schema import Notes
from assistant.notes.writer import dump_notes, leading_comments, save_notes

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("name", ["shop-2025.toml", "specialist-2025.toml"])
def test_samples_round_trip(name: str) -> None:
    notes = load_notes(EXAMPLES / name)
    assert parse_notes_text(dump_notes(notes)) == notes


def test_table_order_follows_the_samples() -> None:
    text = dump_notes(load_notes(EXAMPLES / "shop-2025.toml"))
    order = ["[report]", "[metrics.gmv]", "[[channels]]", "[[products]]", "[[campaigns]]",
             "[review]", "[plan]", "[plan.targets.gmv]"]
    positions = [text.index(header) for header in order]
    assert positions == sorted(positions)


def test_empty_fields_are_left_out_and_numbers_read_naturally() -> None:
    notes = Notes.model_validate({
        "report": {"title": "总结", "year": 2025},
        "metrics": {"gmv": {"value": 5860.0, "unit": "万元"},
                    "gross_margin": {"value": 41.2, "unit": "%"}},
    })
    text = dump_notes(notes)
    assert "value = 5860\n" in text
    assert "value = 41.2\n" in text
    for absent in ("[review]", "[team]", "[plan]", "channels", "duties", "note ="):
        assert absent not in text


def test_awkward_text_survives() -> None:
    notes = Notes.model_validate({
        "report": {"title": 'He said "hi" \\ 反斜杠\t', "year": 2025},
        "metrics": {"私域占比": {"value": 12.5, "label": "私域GMV占比", "unit": ""}},
        "review": {"notes": "第一行\n第二行 \"引号\" 和 ''' 三引号\n", "problems": ["一", "二"]},
    })
    text = dump_notes(notes)
    assert parse_notes_text(text) == notes
    assert '[metrics."私域占比"]' in text
    assert 'unit = ""' in text  # "no unit" is kept: it differs from a missing unit


def test_save_keeps_header_comments(tmp_path: Path) -> None:
    source = (EXAMPLES / "shop-2025.toml").read_text(encoding="utf-8")
    header = leading_comments(source)
    assert header.startswith("# 年终总结素材")
    path = tmp_path / "notes.toml"
    save_notes(path, load_notes(EXAMPLES / "shop-2025.toml"), header=header)
    written = path.read_text(encoding="utf-8")
    assert written.startswith(header + "\n\n[report]")
    assert load_notes(path) == load_notes(EXAMPLES / "shop-2025.toml")


# -- saving into a hand-written file keeps its comments -----------------------------------

HAND_WRITTEN = """# 我的素材
[report]
title = "2025年度总结"   # 标题先这样
year = 2025

# 销售数据来自生意参谋
[metrics.gmv]
value = 5860   # 万元
unit = "万元"

[review]
# 老板最关心的问题
problems = ["获客成本高"]
"""


def test_update_keeps_comments_and_changes_only_what_changed() -> None:
    from assistant.notes import parse_notes_text
    from assistant.notes.schema import Metric
    from assistant.notes.writer import update_notes_text

    notes = parse_notes_text(HAND_WRITTEN)
    assert update_notes_text(HAND_WRITTEN, notes) == HAND_WRITTEN
    changed = notes.model_copy(deep=True)
    changed.metrics["gmv"].target = 6000
    changed.metrics["aov"] = Metric(value=168, unit="元")
    changed.review.problems.append("复购率低")
    text = update_notes_text(HAND_WRITTEN, changed)
    for comment in ("# 我的素材", "# 标题先这样", "# 销售数据来自生意参谋", "# 万元", "# 老板最关心的问题"):
        assert comment in text
    assert parse_notes_text(text) == changed
    assert "target = 6000" in text and "[metrics.aov]" in text


def test_update_removes_a_cleared_answer() -> None:
    from assistant.notes import parse_notes_text
    from assistant.notes.writer import update_notes_text

    notes = parse_notes_text(HAND_WRITTEN)
    cleared = notes.model_copy(deep=True)
    cleared.review.problems = []
    text = update_notes_text(HAND_WRITTEN, cleared)
    assert "获客成本高" not in text
    assert parse_notes_text(text) == cleared
