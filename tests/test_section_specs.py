"""Issue 9 item 5: the section is the unit. One spec per section carries everything about it,
and every section of every style is complete: nothing falls back silently when a piece is missing."""

from __future__ import annotations

from typing import get_args

import pytest
from paths import EXAMPLES, REPO

from assistant.analysis.model import JudgementKind
from assistant.draftfile import Draft
from assistant.export.charts import CHART_KINDS
from assistant.interview.questions import GROUPS, STYLE_GROUPS
from assistant.llm.material import FACT_SELECTORS, NOTES_SELECTORS
from assistant.notes.schema import StyleName
from assistant.offline import resolve_writer
from assistant.styles import STYLES, SectionSpec, Style

SPECS = [(style, spec) for style in STYLES.values()
         for top in style.sections for spec in (top, *([top.each] if top.each else []))]


def _id(value: object) -> str:
    if isinstance(value, Style):
        return value.name
    if isinstance(value, SectionSpec):
        return value.id
    return str(value)


@pytest.mark.parametrize(("style", "spec"), SPECS, ids=_id)
def test_every_section_is_complete(style: Style, spec: SectionSpec) -> None:
    assert spec.title or spec.level == 3  # a repeated section takes its item's name
    assert spec.purpose, "the prompt needs the section's purpose"
    assert spec.facts in FACT_SELECTORS, f"fact selector {spec.facts!r}"
    assert spec.notes in NOTES_SELECTORS, f"notes selector {spec.notes!r}"
    resolve_writer(spec.writer)  # raises when the offline writer does not exist
    assert set(spec.argues) <= set(get_args(JudgementKind)), spec.argues
    assert set(spec.interview) <= set(GROUPS), spec.interview
    assert set(spec.charts) | set(spec.chart_fallback) <= set(CHART_KINDS)
    assert spec.kpi in (None, "lead", "end")
    example = Draft.parse((EXAMPLES / "styles" / f"{style.name}.md").read_text(encoding="utf-8"))
    assert example.section(spec.example_id or spec.id) is not None, "no example passage"
    if spec.material.__name__ != "_always" and spec.level == 2:
        assert spec.question, "a section that can be empty names the interview question that fills it"


@pytest.mark.parametrize("style", list(STYLES.values()), ids=_id)
def test_every_style_is_complete(style: Style) -> None:
    assert (REPO / "prompts" / "styles" / f"{style.name}.md").is_file()
    assert (EXAMPLES / "styles" / f"{style.name}.md").is_file()
    assert any(spec.kpi for spec in style.sections), "the export needs a home for the KPI table"
    for kind in CHART_KINDS:
        assert any(kind in s.charts or kind in s.chart_fallback for s in style.sections), kind
    # the interview asks what the sections need, after the opening groups
    assert STYLE_GROUPS[style.name][:3] == ("basics", "style", "about")
    asked = {g for s in style.sections for g in (*s.interview, *(s.each.interview if s.each else ()))}
    assert asked == set(STYLE_GROUPS[style.name][3:])


def test_style_names_in_the_schema_match_the_styles() -> None:
    assert set(get_args(StyleName)) == set(STYLES)


def test_unknown_selectors_fail_loudly() -> None:
    with pytest.raises(LookupError):
        resolve_writer("data_style.no_such_section")
