"""Per-section progress while drafting: wrap any drafter and report each section."""

from __future__ import annotations

from collections.abc import Callable

from assistant.drafting import DraftContext, Drafter, SectionRequest, SectionResult
from assistant.styles import PlannedSection


class ProgressDrafter:
    """Drafts one section at a time through ``inner`` and calls back around each."""

    def __init__(self, inner: Drafter,
                 on_start: Callable[[PlannedSection, int, int], None],
                 on_done: Callable[[PlannedSection, SectionResult, int, int], None]) -> None:
        self.inner = inner
        self.name = inner.name
        self.on_start = on_start
        self.on_done = on_done

    def draft(self, ctx: DraftContext, requests: list[SectionRequest]) -> list[SectionResult]:
        results: list[SectionResult] = []
        total = len(requests)
        for i, request in enumerate(requests, start=1):
            self.on_start(request.planned, i, total)
            got = self.inner.draft(ctx, [request])
            result = got[0] if got else SectionResult(request.planned.id, None, "没有返回结果")
            results.append(result)
            self.on_done(request.planned, result, i, total)
        return results
