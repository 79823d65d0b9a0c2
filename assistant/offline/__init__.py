"""The offline drafter: a whole review from the notes, deterministically, no model.

It is the default backend when no model is configured, and the floor the model
chain must beat. Every number it writes comes from the fact engine or is quoted from
the notes, so its drafts pass the number checker with zero flags.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import cast

from assistant.drafting import DraftContext, SectionRequest, SectionResult
from assistant.offline.common import Facts, missing_marker, plain_words
from assistant.typography import fullwidth

SectionWriter = Callable[[Facts, SectionRequest], str]


def resolve_writer(name: str) -> SectionWriter:
    """The offline writer a section spec names (``"data_style.kpi"``), as ``(facts, request)``.

    Writers take ``(facts, request)``; older ones take ``(facts)`` or ``(facts, index)``
    (the repeated section's position) and are adapted here. An unknown name raises
    ``LookupError``: tests/test_section_specs.py resolves every spec's writer.
    """
    module_name, _, func_name = name.rpartition(".")
    try:
        module = importlib.import_module(f"assistant.offline.{module_name}")
        func = getattr(module, func_name)
    except (ImportError, AttributeError, ValueError) as exc:
        raise LookupError(f"no offline writer {name!r}") from exc
    params = list(inspect.signature(func).parameters.values())
    if len(params) == 1:
        return lambda f, r: str(func(f))
    if params[1].name in ("index", "i"):
        return lambda f, r: str(func(f, r.planned.index))
    return cast(SectionWriter, func)


class OfflineDrafter:
    """Drafts every requested section from facts and notes text.

    ``length`` (short / standard / long / a character target) chooses how much
    supporting detail each section keeps; ``tone`` (正式 / 平实) a few connectives
    (assistant/offline/shaping.py). Section targets come from ``assistant.lengths``,
    the same ones the model path asks for."""

    name = "offline"

    def __init__(self, *, length: str = "standard", tone: str = "正式") -> None:
        self.length = length
        self.tone = tone

    def draft(self, ctx: DraftContext, requests: list[SectionRequest]) -> list[SectionResult]:
        from assistant.lengths import section_targets
        from assistant.offline.shaping import apply_tone, fit_length

        facts = Facts(ctx)
        trims = self.length not in ("standard", "long")
        targets = section_targets(ctx, self.length) if trims else {}
        results = []
        for req in requests:
            planned = req.planned
            if planned.missing:
                body = missing_marker(planned.missing, planned.spec.question)
            else:
                body = resolve_writer(planned.spec.writer)(facts, req).strip() or missing_marker(
                    planned.spec.title, planned.spec.question)
                body = apply_tone(fit_length(body, targets.get(planned.id)), self.tone)
            results.append(SectionResult(planned.id, fullwidth(plain_words(body))))
        return results
