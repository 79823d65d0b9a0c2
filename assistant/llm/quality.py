"""Garbage is not a draft: reject a reply that is not a section of a Chinese report.

A small model, asked to write a section, may answer with the prompt's own
scaffolding (「### 现在请撰写的章节」 three times, 「<范文片段>」), lines repeated over
and over, text that is hardly Chinese, or a sentence where a page was wanted. It
holds no number to flag, so the checker would pass it. ``judge`` names what is
wrong (in Chinese, to send back once and to report), or returns ``None``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from assistant.typography import is_han

# Markers of recap's own prompts that never belong in a section.
FIXED_MARKERS = ("章节 id", "<范文片段", "</范文片段", "可引用的数据", "用户的素材",
                 "现在请撰写的章节", "本节要做的事", "数字规则", "（……范文其余部分从略）")
MIN_CHINESE_SHARE = 0.5  # of the letters (Han characters and Latin letters)
SHORT_SHARE = 0.2  # a reply under a fifth of the section's expected length is "far below"
MIN_CHARS = 20
LONG_DIGITS = 30  # no figure in a year-end review has this many digits

_FACT_REF = re.compile(r"\{\{[^{}]*\}\}")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*(.+?)\s*#*\s*$")
_LATIN = re.compile(r"[A-Za-z]")
_DIGITS = re.compile(rf"\d{{{LONG_DIGITS},}}")
_NOISE = re.compile(r"^[\s\-*#>|`_=~.·。，,、:：;；!！?？()（）\[\]【】0-9]*$")


def template_headings(texts: Iterable[str]) -> list[str]:
    """Heading texts of prompt templates (``# 报告信息``), to spot them echoed back."""
    found = []
    for text in texts:
        for line in text.splitlines():
            m = _HEADING.match(line)
            if m and len(m.group(1)) >= 4 and "$" not in m.group(1):
                found.append(m.group(1))
    return found


def han_count(text: str) -> int:
    return sum(1 for ch in text if is_han(ch))


def judge(text: str, *, markers: Iterable[str] = (), expected_chars: int | None = None
          ) -> str | None:
    """Why ``text`` is not a usable section, or ``None`` when it may be one."""
    body = text.strip()
    if not body:
        return "没有输出任何正文"
    echoed = _echoed(body, [*FIXED_MARKERS, *markers])
    if echoed:
        return f"回复里照抄了提示词的结构（“{echoed}”），没有写出本节正文"
    if _DIGITS.search(body):
        return f"回复里有超过 {LONG_DIGITS} 位的数字，不是报告正文"
    repeated = _repeated(body)
    if repeated:
        return f"回复里同一行反复出现（“{repeated[:30]}”），不是正常的正文"
    plain = _FACT_REF.sub("", body)
    han = han_count(plain)
    latin = len(_LATIN.findall(plain))
    if han + latin and han / (han + latin) < MIN_CHINESE_SHARE:
        return "回复大部分不是中文"
    if expected_chars:
        floor = max(MIN_CHARS, int(expected_chars * SHORT_SHARE))
        if han < floor:
            return f"回复只有约 {han} 个汉字，远短于本节应有的篇幅（约 {expected_chars} 字）"
    elif han < MIN_CHARS // 2:
        return f"回复只有约 {han} 个汉字，不成一节"
    return None


def _echoed(body: str, markers: list[str]) -> str | None:
    for line in body.splitlines():
        stripped = line.strip()
        heading = _HEADING.match(stripped)
        for marker in markers:
            if not marker:
                continue
            if heading and marker in heading.group(1) and len(heading.group(1)) <= len(marker) + 6:
                return stripped[:40]
            if marker in FIXED_MARKERS and marker in stripped:
                return marker
    return None


def _repeated(body: str) -> str | None:
    lines = [ln.strip() for ln in body.splitlines() if ln.strip() and not _NOISE.match(ln)]
    counts = Counter(ln for ln in lines if len(ln) >= 8)
    if not counts:
        return None
    line, n = counts.most_common(1)[0]
    duplicates = sum(c - 1 for c in counts.values() if c > 1)
    if n >= 3 or (len(lines) >= 4 and duplicates / len(lines) >= 0.3):
        return line
    return None
