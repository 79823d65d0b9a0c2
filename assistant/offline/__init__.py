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

SectionWriter = Callable[[Facts, SectionRequest], str]


def _writers() -> dict[str, dict[str, SectionWriter]]:
    return {
        "data": {
            "kpi": lambda f, r: data_style.kpi(f),
            "operations": lambda f, r: data_style.operations(f, set()),
            "problems": lambda f, r: data_style.problems(f),
            "plan": lambda f, r: data_style.plan(f),
            "summary": lambda f, r: data_style.summary(f),
        },
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
                body = missing_marker(planned.missing)
            else:
                key = "project" if planned.id.startswith("project-") else planned.id
                body = writers[key](facts, req).strip() or missing_marker(planned.spec.title)
            results.append(SectionResult(planned.id, body))
        return results
