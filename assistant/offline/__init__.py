"""The offline drafter: a whole review from the notes, deterministically, no model.

It is the default backend when no model is configured, and the floor the model
chain must beat. Every number it writes comes from the fact engine or is quoted from
the notes, so its drafts pass the number checker with zero flags.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.drafting import DraftContext, SectionRequest, SectionResult
from assistant.offline import data_style, narrative_style, project_style
from assistant.offline.common import Facts, missing_marker
from assistant.typography import fullwidth

SectionWriter = Callable[[Facts, SectionRequest], str]


def _data_section(sid: str) -> SectionWriter:
    def write(f: Facts, r: SectionRequest) -> str:
        written = getattr(f, "data_sections", None)
        if written is None:
            written = data_style.write_all(f)
            f.data_sections = written
        return written[sid]
    return write


def _writers() -> dict[str, dict[str, SectionWriter]]:
    return {
        "data": {sid: _data_section(sid) for sid in data_style.SECTIONS},
        "narrative": {
            "preface": lambda f, r: narrative_style.preface(f),
            "strategy": lambda f, r: narrative_style.strategy(f),
            "team": lambda f, r: narrative_style.team(f),
            "challenges": lambda f, r: narrative_style.challenges(f),
            "outlook": lambda f, r: narrative_style.outlook(f),
            "closing": lambda f, r: narrative_style.closing(f),
        },
        "project": {
            "duties": lambda f, r: project_style.duties(f),
            "projects": lambda f, r: project_style.projects_intro(f),
            "project": lambda f, r: project_style.project(f, r.planned.index),
            "growth": lambda f, r: project_style.growth(f),
            "plan": lambda f, r: project_style.plan(f),
        },
    }


class OfflineDrafter:
    """Drafts every requested section from facts and notes text."""

    name = "offline"

    def draft(self, ctx: DraftContext, requests: list[SectionRequest]) -> list[SectionResult]:
        facts = Facts(ctx)
        writers = _writers()[ctx.style.name]
        results = []
        for req in requests:
            planned = req.planned
            if planned.missing:
                body = missing_marker(planned.missing, planned.spec.question)
            else:
                key = "project" if planned.id.startswith("project-") else planned.id
                body = writers[key](facts, req).strip() or missing_marker(
                    planned.spec.title, planned.spec.question)
            results.append(SectionResult(planned.id, fullwidth(body)))
        return results
