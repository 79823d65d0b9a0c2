"""Issue 12 item 4: repeated sections keep their id when the notes change order."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import EXAMPLES

from assistant.analysis.slug import item_ids, slug
from assistant.draftfile import Draft
from assistant.drafting import DraftContext, draft_report, regenerate_section
from assistant.errors import DraftFileError
from assistant.notes import parse_notes_text
from assistant.offline import OfflineDrafter

NEW_PROJECT = '''[[projects]]
name = "直播间搭建"
goal = "月度自播GMV破百万"
results = ["三个月后自播月GMV稳定在120万元"]

'''


def _draft(notes: Path, out: Path) -> Draft:
    ctx = DraftContext.from_notes_file(notes, "project")
    draft, _ = draft_report(ctx, OfflineDrafter(), out)
    return draft


def test_slugs_are_ascii_stable_and_unique() -> None:
    assert slug("会员精细化运营体系搭建") == slug("会员精细化运营体系搭建")
    assert slug("会员精细化运营体系搭建").isascii()
    assert slug("618").startswith("618")
    assert item_ids(["双十一", "双十一"]) == [slug("双十一"), slug("双十一") + "-2"]
    assert item_ids(["双十一"], ["d11"]) == ["d11"]


def test_regen_follows_the_project_after_one_is_inserted_above(tmp_path: Path) -> None:
    notes = tmp_path / "notes.toml"
    text = (EXAMPLES / "specialist-2025.toml").read_text(encoding="utf-8")
    notes.write_text(text, encoding="utf-8")
    out = tmp_path / "draft.md"
    draft = _draft(notes, out)
    member = next(s for s in draft.sections if s.id.startswith("project-")
                  and "会员精细化运营体系搭建" in s.heading[1])
    # the user inserts a new project at the top of the notes
    first = text.index("[[projects]]")
    notes.write_text(text[:first] + NEW_PROJECT + text[first:], encoding="utf-8")
    parse_notes_text(notes.read_text(encoding="utf-8"))
    regenerate_section(out, member.id, OfflineDrafter())
    after = Draft.load(out).section(member.id)
    assert after is not None
    assert "会员精细化运营体系搭建" in after.heading[1]
    assert "RFM" in after.body and "直播间搭建" not in after.body


def test_regen_refuses_a_section_whose_project_is_gone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.toml"
    text = (EXAMPLES / "specialist-2025.toml").read_text(encoding="utf-8")
    notes.write_text(text, encoding="utf-8")
    out = tmp_path / "draft.md"
    draft = _draft(notes, out)
    member = next(s for s in draft.sections if s.id.startswith("project-")
                  and "会员精细化运营体系搭建" in s.heading[1])
    notes.write_text(text.replace("会员精细化运营体系搭建", "会员体系二期"), encoding="utf-8")
    before = out.read_bytes()
    with pytest.raises(DraftFileError, match="已不在素材里"):
        regenerate_section(out, member.id, OfflineDrafter())
    assert out.read_bytes() == before


def test_an_id_in_the_notes_survives_a_rename(tmp_path: Path) -> None:
    notes = tmp_path / "notes.toml"
    text = (EXAMPLES / "specialist-2025.toml").read_text(encoding="utf-8")
    text = text.replace('name = "会员精细化运营体系搭建"', 'name = "会员精细化运营体系搭建"\nid = "members"')
    notes.write_text(text, encoding="utf-8")
    out = tmp_path / "draft.md"
    draft = _draft(notes, out)
    assert draft.section("project-members") is not None
    notes.write_text(text.replace("会员精细化运营体系搭建", "会员体系二期"), encoding="utf-8")
    regenerate_section(out, "project-members", OfflineDrafter())
    assert "RFM" in Draft.load(out).section("project-members").body  # type: ignore[union-attr]
