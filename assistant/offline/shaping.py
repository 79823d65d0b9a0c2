"""``--length`` and ``--tone`` for the offline drafter: choices, not new prose.

Length: a section longer than its target (``assistant.lengths``) drops its secondary
paragraphs, the later ones first, until it fits. Headings, the first paragraph under
each heading (the judgement), tables and 【待补充】 markers always stay, so a short
draft keeps every section's argument and only loses supporting detail; standard and
long keep everything (the offline drafter does not invent more than the notes hold).
Nothing is rewritten, so every number is still the fact engine's.

Tone: 平实 swaps a few bookish connectives for spoken ones (此外 -> 另外, 较去年 -> 比去年);
正式 is the prose as written.
"""

from __future__ import annotations

import re

from assistant.draftfile import TODO_OPEN
from assistant.lengths import han_count

PLAIN_CONNECTIVES = (("综上所述", "总的来看"), ("与此同时", "同时"), ("此外", "另外"),
                     ("因此", "所以"), ("然而", "不过"), ("鉴于", "因为"),
                     ("较去年", "比去年"))


def _blocks(body: str) -> list[str]:
    return [b for b in re.split(r"\n\s*\n", body.strip()) if b.strip()]


def _fixed(block: str) -> bool:
    """A block that never goes: a heading, a table, a gap marker."""
    first = block.lstrip()
    return first.startswith(("#", "|")) or TODO_OPEN in block


def fit_length(body: str, target: int | None) -> str:
    """``body`` without its later secondary paragraphs, as far as needed to reach ``target``."""
    if not target or han_count(body) <= target:
        return body
    blocks = _blocks(body)
    secondary: list[int] = []
    lead = True  # the first paragraph after a heading (or at the top) is the judgement
    for i, block in enumerate(blocks):
        if _fixed(block):
            lead = block.lstrip().startswith("#")
            continue
        if lead:
            lead = False
            continue
        secondary.append(i)
    dropped: set[int] = set()
    length = han_count(body)
    for i in reversed(secondary):
        if length <= target:
            break
        dropped.add(i)
        length -= han_count(blocks[i])
    return "\n\n".join(b for i, b in enumerate(blocks) if i not in dropped)


def apply_tone(body: str, tone: str) -> str:
    if tone != "平实":
        return body
    for bookish, plain in PLAIN_CONNECTIVES:
        body = body.replace(bookish, plain)
    return body
