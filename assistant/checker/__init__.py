"""The number checker: flag every number in a draft that the notes do not support.

``shared/spec/number-check.md`` is the requirement. Numbers are found with
``assistant.numbers.find_numbers`` and matched against the ``FactSet`` the fact
engine built (``assistant.checker.match``); this module walks a text or a whole
draft and collects flags with their offsets and section.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.checker.match import CONTEXT_CHARS, FactIndex, Reason, judge
from assistant.draftfile import TODO_PATTERN, Draft, front_matter_end
from assistant.facts import FactSet
from assistant.numbers import find_numbers

__all__ = ["CheckReport", "FactIndex", "Flag", "Reason", "check_draft", "check_text"]

# Text that is not prose: HTML comments (section anchors), 【待补充:…】 markers and
# Markdown link targets (chart-1.png).
_NOT_PROSE = re.compile(r"<!--.*?-->|" + TODO_PATTERN.pattern + r"|(?<=\])\([^)\n]*\)", re.DOTALL)


@dataclass(frozen=True)
class Flag:
    """One number the notes do not support."""

    text: str
    start: int
    end: int
    section: str
    reason: Reason
    nearest: str | None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end,
                "section": self.section, "reason": self.reason, "nearest": self.nearest}


@dataclass
class CheckReport:
    """All flags of a draft and how many numbers were checked."""

    flags: list[Flag] = field(default_factory=list)
    numbers_checked: int = 0

    @property
    def clean(self) -> bool:
        return not self.flags

    def to_json(self) -> dict[str, Any]:
        return {"flags": [f.to_json() for f in self.flags],
                "numbers_checked": self.numbers_checked}


def _mask(text: str, start: int = 0) -> str:
    """``text`` with non-prose parts blanked out (same length, so offsets hold)."""
    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))

    head = text[:start]
    return re.sub(r"[^\n]", " ", head) + _NOT_PROSE.sub(blank, text[start:])


def _scan(text: str, index: FactIndex, year: int,
          section_of: Callable[[int], str]) -> tuple[list[Flag], int]:
    flags: list[Flag] = []
    mentions = find_numbers(text, year=year)
    for m in mentions:
        verdict = judge(m, index, text[max(0, m.start - CONTEXT_CHARS):m.start])
        if verdict.reason is None:
            continue
        nearest = verdict.fact.describe() if verdict.fact is not None else None
        flags.append(Flag(m.text, m.start, m.end, section_of(m.start), verdict.reason, nearest))
    return flags, len(mentions)


def check_text(text: str, facts: FactSet | FactIndex, *, year: int,
               section: str = "") -> list[Flag]:
    """Flags for the numbers in ``text`` (offsets into ``text``), all in ``section``."""
    index = facts if isinstance(facts, FactIndex) else FactIndex(facts)
    flags, _ = _scan(_mask(text), index, year, lambda _pos: section)
    # Report the text as written (masking only blanks comments and markers).
    return [Flag(text[f.start:f.end], f.start, f.end, f.section, f.reason, f.nearest)
            for f in flags]


def check_draft(draft: Draft, facts: FactSet | FactIndex, *, year: int) -> CheckReport:
    """Check every number of a draft; offsets are into ``draft.to_text()`` (the file)."""
    text = draft.to_text()
    index = facts if isinstance(facts, FactIndex) else FactIndex(facts)
    starts: list[int] = []
    titles: list[str] = []
    pos = len(draft.header)
    for s in draft.sections:
        starts.append(pos)
        titles.append(s.title)
        pos += len(s.raw)

    def section_of(offset: int) -> str:
        i = bisect_right(starts, offset) - 1
        return titles[i] if i >= 0 else ""

    flags, checked = _scan(_mask(text, max(front_matter_end(text), 0)), index, year, section_of)
    flags = [Flag(text[f.start:f.end], f.start, f.end, f.section, f.reason, f.nearest)
             for f in flags]
    return CheckReport(flags, checked)
