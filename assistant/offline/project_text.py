"""Sentence tools for the project-style drafter: notes items rewritten as 我 sentences.

A notes item is a terse fragment (「二季度制作12条短视频小额测款」). These helpers
turn it into a sentence of a personal report without adding any fact: a leading time
word becomes the sentence's opening (「二季度，我制作12条短视频小额测款」), 我 is
added only before a verb or preposition, and items are chained with connectives
instead of being pasted together with ；. Numbers stay exactly as the notes wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.facts import Fact
from assistant.offline.common import join_cn, plain_words

_END_MARKS = "。.；;，,！!？?、 \t\n"

# A time word opening a notes item: it becomes the sentence's opening adverbial.
_TIME_LEAD = re.compile(
    r"^(?P<time>(?:第?[一二三四1-4]季度|Q[1-4]|[上下]半年|年初|年中|年底|年末|"
    r"(?:[一二三四五六七八九十]{1,2}|\d{1,2})(?:至(?:[一二三四五六七八九十]{1,2}|\d{1,2}))?月份?)"
    r"(?:起|开始|以来|期间|内)?)[，,、\s]*(?P<rest>.+)$"
)
_QUARTERS = re.compile(r"^(第?[一二三四1-4]季度|Q[1-4]|[上下]半年)")

# A fragment that opens with one of these reads as an action the author took, so 我 can
# stand before it. Anything else (「每月18日定为会员日」) keeps its own subject.
_ACTION_STARTS = (
    "调研", "制作", "加大", "部署", "建立", "搭建", "推进", "策划", "优化", "上线", "组织",
    "负责", "完成", "开展", "设计", "制定", "测试", "引入", "梳理", "落地", "对接", "协调",
    "主导", "参与", "跟进", "投放", "分析", "研究", "打造", "推出", "开通", "启动", "选定",
    "筛选", "整合", "重构", "改版", "联合", "配合", "协助", "牵头", "统筹", "规划", "调整",
    "削减", "增加", "拓展", "开拓", "招募", "培训", "复盘", "监控", "上新", "拍摄", "撰写",
    "编写", "输出", "学习", "掌握", "熟练", "学会", "尝试", "探索", "坚持", "持续", "系统",
    "深入", "争取", "带领", "指导", "承担", "接手", "独立", "提升", "降低", "提高", "减少",
    "扩大", "缩短", "推动", "完善", "沉淀", "培养", "报名", "考取", "构建", "把", "将", "用",
    "与", "和", "跟", "为", "对", "在", "给", "向", "从", "按", "以", "通过", "借助", "利用",
    "针对", "围绕", "基于", "每月至少", "每周至少", "每月输出", "每周输出", "开设", "建设",
    "开发", "申请", "组建", "搭", "盯",
)
_CN_DIGITS = "零一两三四五六七八九十"

_IS_OF = re.compile(r"^(?P<a>[^，,；;是的]{2,10})是(?P<b>[^，,；;是]{2,10})的(?P<c>[^，,；;的]{2,6})$")


def clean(text: str) -> str:
    """A notes string without surrounding space and its final punctuation."""
    return text.strip().strip(_END_MARKS).strip()


def restate(text: str) -> str:
    """A notes item in the report's own plain words (no fact added or dropped)."""
    return plain_words(clean(text))


def restate_maxim(text: str) -> str:
    """``A是B的C`` (a lesson) as ``对B来说，A就是C``; anything else as ``restate``."""
    out = restate(text)
    m = _IS_OF.match(out)
    if m:
        return f"对{m.group('b')}来说，{m.group('a')}就是{m.group('c')}"
    return out


def split_time(item: str) -> tuple[str, str]:
    """``("二季度", "制作12条短视频小额测款")``; no time word gives ``("", item)``."""
    text = restate(item)
    m = _TIME_LEAD.match(text)
    if not m or len(m.group("rest")) < 2:
        return "", text
    return m.group("time"), clean(m.group("rest"))


def is_quarterly(time: str) -> bool:
    return bool(_QUARTERS.match(time))


_NOT_ACTIONS = ("用户", "对比", "对象", "在线", "以上", "以下", "和谐", "为主", "从业", "把控",
                "将来", "给予", "按时", "系统性")


def acts(fragment: str) -> bool:
    """Whether a fragment opens with a verb or preposition, so 我 can stand before it."""
    text = clean(fragment)
    if text.startswith(_NOT_ACTIONS):
        return False
    return text.startswith("我") or text.startswith(_ACTION_STARTS)


def mine(fragment: str, adverb: str = "") -> str:
    """``我先调研……``; a fragment that does not open with an action keeps its own subject."""
    text = restate(fragment)
    if text.startswith("我"):
        return text if not adverb else "我" + adverb + text[1:]
    if acts(text):
        return "我" + adverb + text
    return text


def clauses(text: str) -> list[str]:
    return [c for c in (clean(p) for p in re.split(r"[，,；;。\n]", text or "")) if c]


def sentences_of(text: str) -> list[str]:
    """Whole sentences of free notes text."""
    return [clean(s) for s in re.split(r"[。！？!?\n]+", text or "") if clean(s)]


def head_clause(text: str) -> str:
    return clauses(text)[0] if clauses(text) else clean(text)


def join_list(items: Sequence[str]) -> str:
    """``A和B，以及C``: a list the way a report reads it aloud."""
    items = [i for i in items if i]
    if len(items) < 3:
        return join_cn(items)
    return join_cn(items[:-1]) + f"，以及{items[-1]}"


_QUALIFIERS_AFTER = ("以上", "以下", "左右", "上下", "多")
_QUALIFIERS_BEFORE = ("约", "近", "超过", "逾", "接近", "将近", "不到", "不足", "从", "至", "达到", "达")


def without_numbers(text: str, year: int) -> str:
    """A notes clause with its numbers taken out, to refer back to it in words."""
    from assistant.numbers import find_numbers

    out = clean(text)
    for m in sorted(find_numbers(out, year=year), key=lambda m: -m.start):
        if m.placeholder:
            continue
        start, end = m.start, m.end
        for q in _QUALIFIERS_AFTER:
            if out.startswith(q, end):
                end += len(q)
                break
        for q in _QUALIFIERS_BEFORE:
            if out[:start].endswith(q):
                start -= len(q)
                break
        out = out[:start] + out[end:]
    return "".join(clauses(out))


def quoted(name: str) -> str:
    return f"“{clean(name)}”"


def cn_count(fact: Fact | None, noun: str = "") -> str:
    """A small count fact in Chinese numerals (``两个``); digits beyond ten."""
    if fact is None:
        return ""
    n = round(fact.value)
    if 1 <= n <= 10:
        word = "十" if n == 10 else _CN_DIGITS[n]
        return f"{word}{fact.unit}{noun}"
    return f"{fact.text}{noun}"


def sentences(*parts: str | None) -> str:
    """Sentences joined into one paragraph; each ends with 。 once."""
    out = []
    for p in parts:
        if not p:
            continue
        s = p.strip()
        if not s:
            continue
        if s[-1] not in "。！？】":
            s = s.rstrip("，,；;：:") + "。"
        out.append(s)
    return "".join(out)


def paragraphs(*blocks: str | None) -> str:
    return "\n\n".join(b.strip() for b in blocks if b and b.strip())


def pick(pool: Sequence[str], index: int) -> str:
    return pool[index % len(pool)]
