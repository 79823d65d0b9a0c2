"""Small text tools for the narrative drafter: notes items into clauses, voice, keywords.

The narrative drafter writes paragraphs, not lists, so a notes item has to become a
clause inside a sentence: its end mark stripped, its inner ``；`` turned into ``，``,
its good and bad halves told apart (a metric note often says what helped and what
is still missing). Nothing here computes a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from assistant.notes.schema import Notes
from assistant.offline.common import plain_words
from assistant.typography import COMMA, IDEOGRAPHIC_COMMA, PERIOD

END_MARKS = "。.；;，,！!？? \n\t"
_CLAUSE_SPLIT = re.compile("[；;，,]")
_SENTENCE_SPLIT = re.compile("[。！？!?\n]+")
_PAREN = re.compile(r"[(\uff08][^()\uff08\uff09]*[)\uff09]")

# Words that mark a clause as bad news or an open issue (for splitting a metric note).
BAD_WORDS = ("差距", "不足", "缺乏", "缺少", "不够", "未", "没有", "压力", "同质化", "放缓",
             "下滑", "回落", "偏高", "偏低", "上涨", "高企", "依赖", "断货", "缺货", "延迟",
             "尚未", "不完善", "偶然", "滞后", "流失", "下降", "短板", "倚重", "还没有")
SLOWDOWN_WORDS = ("放缓", "回落", "减速", "下滑")
# Roles that write about their own work (我), not a team's (我们).
PERSONAL_ROLES = ("专员", "助理", "实习", "个人")

# Two-character pieces too common to link two notes items by.
_STOP_BIGRAMS = frozenset({
    "提升", "优化", "建立", "体系", "运营", "提高", "加强", "完善", "能力", "以上", "以下",
    "我们", "一个", "进行", "工作", "管理", "降低", "增长", "年度", "全年", "成为", "构建",
    "推广", "策略", "实现", "用户", "流量",
})


def clean(text: str) -> str:
    """A notes string without surrounding space and its final punctuation."""
    return text.strip().strip(END_MARKS).strip()


# Plain-word rewrites for notes text written into the prose: the same meaning in the
# words an operations lead would say aloud (and not the stock phrases of the samples).
REWORDS = (
    ("提升至", "提高到"), ("提升", "提高"), ("降至", "降到"), ("尚未", "还没有"),
    ("依赖", "倚重"), ("效果不佳", "效果不好"), ("初具规模", "已有一定规模"),
    ("为核心的", "为主线的"), ("主导", "牵头"), ("贡献占比", "贡献比重"), ("建立", "建起"),
    ("理解不够深入", "吃得不够透"), ("不够深入", "还不够深"), ("同比增长", "比去年增长"), ("大多处于", "多数处在"),
    ("体系和", "体系与"), ("起到积极作用", "发挥了作用"), ("缺乏", "缺少"),
)


_REWORD_PATTERNS = (
    (re.compile(r"以([\u4e00-\u9fff]{1,4})为(?:核心|主线)的"), r"围绕\1的"),
    (re.compile(r"对总([A-Za-z\u4e00-\u9fff]{1,6})的贡献"), r"在总\1中的贡献"),
)


def reword(text: str) -> str:
    for pattern, repl in _REWORD_PATTERNS:
        text = pattern.sub(repl, text)
    for old, new in REWORDS:
        text = text.replace(old, new)
    return plain_words(text)  # what the offline drafter does to every section anyway


def lesson(text: str) -> str:
    """A lesson as a firm statement: ``A是B`` -> ``A就是B``."""
    c = clause(text)
    if c.count("是") == 1 and not any(w in c for w in ("就是", "不是", "还是", "也是", "但是")):
        c = c.replace("是", "就是")
    return c


def clause(text: str) -> str:
    """A notes item as one clause: reworded, inner ``；`` become ``，``, end marks dropped."""
    return reword(re.sub("[；;]", COMMA, clean(text)))


def clauses(text: str) -> list[str]:
    """The comma- and semicolon-separated parts of a notes string."""
    return [reword(clean(p)) for p in _CLAUSE_SPLIT.split(clean(text)) if clean(p)]


def sentences_of(text: str | None) -> list[str]:
    return [clean(s) for s in _SENTENCE_SPLIT.split(text or "") if clean(s)]


def is_bad(text: str) -> bool:
    return any(w in text for w in BAD_WORDS)


def split_note(text: str | None) -> tuple[list[str], list[str]]:
    """A note's clauses split into what helped (good) and what is still open (bad).

    A clause that opens with 但/却 is bad news even without a bad word.
    """
    good: list[str] = []
    bad: list[str] = []
    for part in clauses(text or ""):
        if part.startswith(("但", "却", "不过", "然而")):
            bad.append(part.lstrip("但却不过然而").strip())
        elif is_bad(part):
            bad.append(part)
        else:
            good.append(part)
    return good, bad


def list_phrase(items: Sequence[str], last: str = "和") -> str:
    """``a、b和c``; items holding a comma are joined with commas so they stay readable."""
    kept = [clause(i) for i in items if clean(i)]
    if not kept:
        return ""
    if len(kept) == 1:
        return kept[0]
    if any(COMMA in k or IDEOGRAPHIC_COMMA in k for k in kept):
        return COMMA.join(kept[:-1]) + COMMA + "还有" + kept[-1]
    return IDEOGRAPHIC_COMMA.join(kept[:-1]) + last + kept[-1]


def short_label(label: str) -> str:
    """``获客成本(CAC)`` -> ``获客成本``: the bracketed alias is dropped in prose."""
    return _PAREN.sub("", label).strip() or label


def bigrams(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff" or c.isalnum()]
    grams = {"".join(chars[i:i + 2]) for i in range(len(chars) - 1)}
    return grams - _STOP_BIGRAMS


def overlap(a: str, b: str) -> int:
    """How many meaningful two-character pieces two texts share."""
    return len(bigrams(a) & bigrams(b))


def best_match(text: str, candidates: Iterable[str], minimum: int = 1) -> str | None:
    """The candidate that shares most with ``text`` (ties: the first), or None."""
    best, score = None, minimum - 1
    for c in candidates:
        s = overlap(text, c)
        if s > score:
            best, score = c, s
    return best


def is_personal(notes: Notes) -> bool:
    """Whether the report speaks for one person (我) rather than a team or shop (我们)."""
    r = notes.report
    role = r.role or ""
    return bool(any(w in role for w in PERSONAL_ROLES) or "个人" in (r.title or ""))


def para(*sentences: str | None) -> str:
    """Sentences joined into one paragraph; each already ends with its mark."""
    out = []
    for s in sentences:
        if not s or not s.strip():
            continue
        s = s.strip()
        if not s.endswith((PERIOD, "！", "？", "”", "：")):
            s += PERIOD
        out.append(s)
    return "".join(out)


_NAME_VERBS = ("优化", "搭建", "建设", "升级", "改造", "打造", "提升", "项目")


CN_NUMERALS = ("零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十")


def cn_count(value: float) -> str:
    """A small whole count written as a Chinese numeral (``2`` -> ``两``), for prose."""
    k = int(value)
    return CN_NUMERALS[k] if k == value and 0 < k <= 10 else f"{value:g}"


def name_ref(name: str) -> str:
    """How the prose refers back to a project: its name without the trailing verb.

    ``付费流量渠道结构优化`` -> ``付费流量渠道结构``; the full name is the heading.
    """
    stem = clean(name)
    for verb in _NAME_VERBS:
        if stem.endswith(verb) and len(stem) > len(verb) + 2:
            return stem[: -len(verb)]
    return stem
