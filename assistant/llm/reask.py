"""What to send back after a reply that cannot stand (as instructor's ``reask.py``).

Transport (``assistant.llm.client``) sends and retries requests; this module only
decides the next *question*: the flagged sentences with what is wrong in each (a
number the notes do not hold, a made-up fact id), or why the whole reply was
rejected (``assistant.llm.quality``). A re-ask carries the section prompt, the
last reply and the note; never the earlier rounds, so it stays inside the
model's context window (the chain fits it).
"""

from __future__ import annotations

import re
from typing import Any

from assistant.facts import Fact
from assistant.llm.material import format_facts
from assistant.llm.templates import PromptTemplate

Message = tuple[str, str]
MAX_PROBLEMS_SHOWN = 12
MAX_SENTENCE = 80

REASONS = {
    "unsupported": "素材里没有这个数字",
    "placeholder": "这是范文里的占位符，不能出现在报告里",
    "unit": "单位不对（例如把“个百分点”写成了“%”）",
    "mismatch": "这个数字在素材里属于另一个指标、渠道或年份，不是这里所写对象的数字",
}
_SENTENCE_END = re.compile(r"[。！？!?\n]")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding ``text[start:end]``, shortened around it when long."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    m = _SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    sentence = text[left:right].strip()
    if len(sentence) > MAX_SENTENCE:
        lo, hi = max(left, start - 30), min(right, end + 30)
        sentence = "…" + text[lo:hi].strip() + "…"
    return sentence


def describe_flag(flag: Any, text: str) -> str:
    reason = REASONS.get(str(flag.reason), str(flag.reason))
    line = f"“{sentence_around(text, flag.start, flag.end)}”中的“{flag.text}”：{reason}"
    nearest = getattr(flag, "nearest", None)
    if nearest is not None:
        described = nearest.describe() if hasattr(nearest, "describe") else nearest
        line += f"；素材中最接近的是：{described}"
    return line


def shorten(problems: list[str]) -> list[str]:
    """Keep the re-ask short; the rest come in the next round."""
    if len(problems) <= MAX_PROBLEMS_SHOWN:
        return problems
    return [*problems[:MAX_PROBLEMS_SHOWN],
            f"……另有 {len(problems) - MAX_PROBLEMS_SHOWN} 处同类问题，请一并检查"]


def number_note(template: PromptTemplate, problems: list[str], facts: list[Fact]) -> str:
    return template.render(problems="\n".join(f"- {p}" for p in shorten(problems)),
                           facts=format_facts(facts)).prompt


def reject_note(template: PromptTemplate, reason: str, title: str,
                expected_chars: int | None) -> str:
    length = str(expected_chars) if expected_chars else "三五百"
    return template.render(reason=reason, section_title=title, length=length).prompt


def reask_messages(base: list[Message], reply: str | None, note: str) -> list[Message]:
    """The section prompt, the last reply (when worth showing) and the note."""
    messages = list(base)
    if reply:
        messages.append(("ai", reply))
    messages.append(("human", note))
    return messages
