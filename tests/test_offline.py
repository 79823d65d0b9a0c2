"""The offline drafter: complete, honest, readable first drafts in every style."""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_quality import PLACEHOLDER, chinese_chars, repeated_sentences
from paths import SAMPLES, STYLES

from assistant.draftfile import Draft
from assistant.drafting import DraftContext, draft_report
from assistant.facts import FactSet
from assistant.notes import parse_notes_text
from assistant.numbers import find_numbers
from assistant.offline import OfflineDrafter
from assistant.units import UnitKind


def _draft(notes: Path, style: str, out: Path) -> tuple[Draft, DraftContext]:
    ctx = DraftContext.from_notes_file(notes, style)
    draft, results = draft_report(ctx, OfflineDrafter(), out)
    assert all(r.ok for r in results)
    return draft, ctx


def _supported(value: float, step: float, scale: float, kind: UnitKind, facts: FactSet) -> bool:
    """A number is traceable when some fact rounds to it at the written precision."""
    lo, hi = (value - step / 2) * scale, (value + step / 2) * scale
    for fact in facts:
        if kind not in (UnitKind.NONE, UnitKind.RATIO) and fact.kind not in (kind, UnitKind.NONE) \
                and fact.kind != UnitKind.RATIO:
            continue
        if lo - 1e-9 <= fact.base_value <= hi + 1e-9:
            return True
    return False


# The project drafter repeats one sentence on the third sample; it is being rewritten on branch proj.
_CASES = [pytest.param(n, s, id=f"{n.stem}-{s}", marks=[pytest.mark.xfail(
    strict=False, reason="being rewritten on branch proj")] if (n.stem, s) == (
    "douyin-2025", "project") else []) for n in SAMPLES for s in STYLES]


@pytest.mark.parametrize(("notes", "style"), _CASES)
def test_offline_draft_is_complete_and_honest(notes: Path, style: str, tmp_path: Path) -> None:
    draft, ctx = _draft(notes, style, tmp_path / "draft.md")
    outline = ctx.outline()
    assert [s.id for s in draft.sections] == [p.id for p in outline]
    body = "\n".join(s.body for s in draft.sections)
    assert chinese_chars(body) >= 800
    assert not PLACEHOLDER.findall(body), "no XX placeholders"
    assert repeated_sentences(draft) == []
    for planned in outline:
        section = draft.section(planned.id)
        if planned.missing:
            assert section.body.startswith(("【待补充:", "【待补充\uff1a"))
        else:
            assert "【待补充" not in section.body.split("\n")[0]
            assert len(section.body) > 20
    unsupported = [
        n.text for n in find_numbers(body, year=ctx.notes.report.year)
        if not _supported(n.value, n.step, n.scale, n.kind, ctx.facts)
    ]
    assert unsupported == []


@pytest.mark.parametrize("style", STYLES)
def test_offline_draft_is_deterministic(style: str, tmp_path: Path) -> None:
    first, _ = _draft(SAMPLES[0], style, tmp_path / "a.md")
    second, _ = _draft(SAMPLES[0], style, tmp_path / "b.md")
    assert [s.raw for s in first.sections] == [s.raw for s in second.sections]


def test_key_facts_reach_the_data_draft(tmp_path: Path) -> None:
    draft, _ = _draft(SAMPLES[0], "data", tmp_path / "d.md")
    kpi = draft.section("kpi").body
    for text in ("5860万元", "97.7%", "增长24.2%", "提升2.6个百分点", "14.1%"):
        assert text in kpi
    ops = draft.section("operations").body
    assert "980万元" in ops and "缩短7天" in ops and "3.84" in ops
    plan = draft.section("plan").body
    assert "7200万元" in plan and "增长22.9%" in plan


def test_thin_notes_get_markers_not_inventions(tmp_path: Path) -> None:
    notes = tmp_path / "thin.toml"
    notes.write_text('[report]\ntitle = "小店总结"\nyear = 2025\n[metrics.gmv]\nvalue = 320\n'
                     'last_year = 400\n', encoding="utf-8")
    parse_notes_text(notes.read_text(encoding="utf-8"))
    draft, _ = _draft(notes, "data", tmp_path / "d.md")
    assert "下降20%" in draft.section("kpi").body  # 320 / 400 - 1
    assert draft.section("problems").body.startswith(("【待补充:", "【待补充\uff1a"))
    assert draft.section("plan").body.startswith(("【待补充:", "【待补充\uff1a"))
    assert "XX" not in draft.to_text()


def test_draft_file_records_its_notes_and_style(tmp_path: Path) -> None:
    draft, _ = _draft(SAMPLES[1], "project", tmp_path / "d.md")
    assert draft.meta["style"] == "project"
    assert draft.meta["backend"] == "offline"
    assert draft.notes_path(tmp_path / "d.md") == SAMPLES[1].resolve()
    assert len(draft.meta["notes_sha256"]) == 64


def test_traceability_check_catches_a_planted_number(tmp_path: Path) -> None:
    draft, ctx = _draft(SAMPLES[0], "data", tmp_path / "d.md")
    planted = draft.section("kpi").body.replace("增长24.2%", "增长26.8%")
    bad = [n.text for n in find_numbers(planted, year=2025)
           if not _supported(n.value, n.step, n.scale, n.kind, ctx.facts)]
    assert bad == ["26.8%"]


def test_repeat_detector_sees_a_sentence_behind_different_lead_ins() -> None:
    from assistant.draftfile import render_section

    text = (render_section("a", "甲", "- **内容策划**:这是需要在下一年度补齐的短板。")
            + render_section("b", "乙", "- **战略思考**:这是需要在下一年度补齐的短板。"))
    assert repeated_sentences(Draft.parse(text)) == ["这是需要在下一年度补齐的短板"]


def test_summary_credits_growth_even_when_the_target_was_missed(tmp_path: Path) -> None:
    draft, _ = _draft(SAMPLES[0], "data", tmp_path / "d.md")
    summary = draft.section("summary").body
    # the year's verdict in words: scale grew, margin did not; gains named, the cost of growth named
    assert "规模上去了" in summary and "利润率没有跟上" in summary
    assert "毛利率" in summary and "复购率" in summary
    assert "获客成本" in summary
    # numbers were stated in their own sections; the summary refers back in words
    assert "24.2%" not in summary and "140万元" not in summary
