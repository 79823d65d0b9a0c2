"""Measures of an offline draft that tests assert on (shared by several test files)."""

from __future__ import annotations

import re
from collections import Counter

from assistant.draftfile import Draft
from assistant.typography import COLON, EXCLAM, QUESTION, SEMICOLON

CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"(?<![A-Za-z])X{1,4}(?:\.X+)?(?![A-Za-z])")


def chinese_chars(text: str) -> int:
    return len(CJK.findall(text))


def sentences(text: str) -> list[str]:
    parts = re.split("[。!?;" + EXCLAM + QUESTION + SEMICOLON + "\n]", text)
    out = []
    for p in parts:
        if re.fullmatch(r"\s*\*\*[^*]+\*\*\s*", p):
            continue  # a bold sub-heading such as **项目背景与目标**
        p = re.sub(r"^[\s>#\-]+", "", p)
        p = re.sub(r"^\*\*[^*]+\*\*[:" + COLON + "]", "", p)  # a bullet's bold lead-in is not the sentence
        p = p.replace("**", "").strip()
        if len(CJK.findall(p)) >= 8:
            out.append(p)
    return out


def repeated_sentences(draft: Draft) -> list[str]:
    """Sentences that appear more than once anywhere in the draft body."""
    counts: Counter[str] = Counter()
    for section in draft.sections:
        counts.update(sentences(section.body))
    return [s for s, c in counts.items() if c > 1]
