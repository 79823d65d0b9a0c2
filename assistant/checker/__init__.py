"""The number checker: flag every number in a draft that the notes do not support.

``shared/spec/number-check.md`` is the requirement. Numbers are found with
``assistant.numbers.find_numbers`` and matched against the ``FactSet`` the fact
engine built (``assistant.checker.match``); what each number is about comes from
``assistant.checker.subjects``. This module walks a text or a whole draft and
collects flags with their offsets and section. Full-width and ASCII punctuation
are the same to it: the text is read with full-width marks mapped to ASCII (one
character each, so every offset holds for the text as written).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.checker.match import CONTEXT_CHARS, FactIndex, Reason, judge
from assistant.checker.subjects import SubjectFinder
from assistant.draftfile import TODO_PATTERN, Draft, front_matter_end
from assistant.facts import FactSet
from assistant.numbers import find_numbers
from assistant.typography import to_ascii_punctuation

if TYPE_CHECKING:
    from assistant.notes.schema import Notes

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


QUOTE_BEFORE = 30  # characters of the number's clause compared with a notes string
QUOTE_AFTER = 12


def _scan(text: str, index: FactIndex, year: int,
          section_of: Callable[[int], str]) -> tuple[list[Flag], int]:
    text = to_ascii_punctuation(text)  # same length: offsets hold
    flags: list[Flag] = []
    mentions = find_numbers(text, year=year)
    finder = SubjectFinder(text, index.lexicon, year=year)
    for m in mentions:
        subject = finder.subject(m.start, m.end, section_of(m.start))
        clause = finder.clause_start(m.start)
        around = (text[max(clause, m.start - QUOTE_BEFORE):m.start],
                  text[m.end:m.end + QUOTE_AFTER])
        verdict = judge(m, index, text[max(0, m.start - CONTEXT_CHARS):m.start], subject, around)
        if verdict.reason is None:
            continue
        nearest = verdict.fact.describe() if verdict.fact is not None else None
        flags.append(Flag(m.text, m.start, m.end, section_of(m.start), verdict.reason, nearest))
    return flags, len(mentions)


def _index(facts: FactSet | FactIndex, notes: Notes | None) -> FactIndex:
    return facts if isinstance(facts, FactIndex) else FactIndex(facts, notes)


def check_text(text: str, facts: FactSet | FactIndex, *, year: int,
               section: str = "", notes: Notes | None = None) -> list[Flag]:
    """Flags for the numbers in ``text`` (offsets into ``text``), all in ``section``.

    ``notes``: the notes file the facts come from, for the names of its campaigns
    and projects (what a number may be about); without it only metric, channel and
    product names are known.
    """
    index = _index(facts, notes)
    flags, _ = _scan(_mask(text), index, year, lambda _pos: section)
    # Report the text as written (masking only blanks comments and markers).
    return [Flag(text[f.start:f.end], f.start, f.end, f.section, f.reason, f.nearest)
            for f in flags]


def check_draft(draft: Draft, facts: FactSet | FactIndex, *, year: int,
                notes: Notes | None = None) -> CheckReport:
    """Check every number of a draft; offsets are into ``draft.to_text()`` (the file)."""
    text = draft.to_text()
    index = _index(facts, notes)
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
