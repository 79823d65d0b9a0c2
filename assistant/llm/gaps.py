"""No gaps inside the prose: what the notes lack is gathered, not left in a paragraph.

The section prompt asks the model to write around what the notes do not hold and to
put what the user should add on lines of their own starting with 「缺口：」. Those
lines leave the body; a 【待补充…】 the model wrote anyway takes its sentence with
it. Both become entries of the gap list shown after drafting, so the user can add
them to the notes and regenerate.
"""

from __future__ import annotations

import re

from assistant.draftfile import TODO_CLOSE, TODO_OPEN
from assistant.typography import COLON

_GAP_LINE = re.compile(r"^[ \t>*-]*(?:\*\*)?缺口(?:\*\*)?[：:]\s*(?P<gap>.+?)\s*$", re.MULTILINE)
_MARKER = re.compile(re.escape(TODO_OPEN) + "[" + COLON + ":]?(?P<gap>[^" + TODO_CLOSE + "]*)"
                     + TODO_CLOSE)
_SENTENCE = re.compile(r"[^。！？!?\n]*" + re.escape(TODO_OPEN) + "[^" + TODO_CLOSE + "]*" + TODO_CLOSE
                       + r"[^。！？!?\n]*[。！？!?]?")


def take_gaps(body: str) -> tuple[str, list[str]]:
    """``body`` without gap lines and 【待补充】 sentences, and the gaps they named."""
    gaps: list[str] = []
    for sentence in _SENTENCE.findall(body):
        for m in _MARKER.finditer(sentence):
            gap = m.group("gap").strip()
            gaps.append(gap or sentence.replace(m.group(0), "……").strip())
    body = _SENTENCE.sub("", body)
    gaps += [m.group("gap").strip("。 ") for m in _GAP_LINE.finditer(body)]  # asked for: at the end
    body = _GAP_LINE.sub("", body)
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    return body, list(dict.fromkeys(g for g in gaps if g))
