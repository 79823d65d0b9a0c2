"""The draft file: parse -> write is byte for byte; one section can be replaced alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.draftfile import Draft, render_front_matter, render_section
from assistant.errors import DraftFileError

TEXT = (
    render_front_matter({"recap_draft": "1", "notes": "素材.toml", "style": "data"})
    + "\n# 标题\n\n**山野茶事**\n\n"
    + render_section("kpi", "一、核心指标", "GMV 5860万元。")
    + render_section("plan", "二、计划", "- 目标7200万元。\n- 复购率35%。")
)


def test_round_trip_is_exact() -> None:
    draft = Draft.parse(TEXT)
    assert draft.to_text() == TEXT
    assert [s.id for s in draft.sections] == ["kpi", "plan"]
    assert draft.section("plan").title == "二、计划"
    assert draft.section("plan").body == "- 目标7200万元。\n- 复购率35%。"
    assert draft.meta == {"recap_draft": "1", "notes": "素材.toml", "style": "data"}


def test_round_trip_keeps_hand_edits_and_odd_whitespace() -> None:
    edited = TEXT.replace("GMV 5860万元。", "GMV 5860万元。\r\n\n\n手写的一段  \n")
    assert Draft.parse(edited).to_text() == edited


def test_replace_one_section_leaves_others_untouched(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_text(TEXT, encoding="utf-8")
    draft = Draft.load(path)
    draft.replace_section("kpi", render_section("kpi", "一、核心指标", "新的正文。"))
    draft.save(path)
    new = path.read_text(encoding="utf-8")
    assert "新的正文。" in new
    assert new.endswith(render_section("plan", "二、计划", "- 目标7200万元。\n- 复购率35%。"))
    assert new.startswith(TEXT[: TEXT.index("<!-- section: kpi")])


def test_section_at_offset() -> None:
    draft = Draft.parse(TEXT)
    assert draft.section_at(TEXT.index("7200")).id == "plan"  # type: ignore[union-attr]
    assert draft.section_at(TEXT.index("山野")) is None


def test_unknown_section_and_duplicates() -> None:
    with pytest.raises(DraftFileError, match="kpi、plan"):
        Draft.parse(TEXT).section("summary")
    with pytest.raises(DraftFileError, match="两次"):
        Draft.parse(TEXT + render_section("kpi", "重复", "x"))


def test_binary_and_missing_files(tmp_path: Path) -> None:
    binary = tmp_path / "b.md"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(DraftFileError, match="二进制"):
        Draft.load(binary)
    with pytest.raises(DraftFileError, match="找不到"):
        Draft.load(tmp_path / "none.md")
