"""Shared phrasing for the offline drafter.

Every number the offline drafter writes comes from a ``Fact`` (its ``phrase`` or
``text``) or is quoted from the notes text; template wording itself holds no digits
and no Chinese-numeral quantities, so its drafts pass the number checker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from assistant.draftfile import todo_marker
from assistant.drafting import DraftContext
from assistant.facts import Fact
from assistant.facts.quality import is_paid_channel
from assistant.metrics_catalog import known_metric
from assistant.units import UnitKind

if TYPE_CHECKING:
    from assistant.analysis import ReportPlan


def clean(text: str) -> str:
    """Strip a notes string and its final punctuation so it can sit inside a sentence."""
    return text.strip().rstrip("。.;;,,").strip()  # noqa: B005 - a set of end marks


# Plain-word rewrites a writer makes when restating a note in a report (meaning kept,
# numbers untouched): 「体系尚未建立」 reads 「体系还没有建立」. The sample reviews use the
# formal words, so notes copied from them would otherwise be copied into the draft.
PLAIN_WORDS = (
    ("尚未", "还没有"),
    ("缺乏", "缺少"),
    ("降低对", "减少对"),
    ("效果不佳", "效果不好"),
    ("初具规模", "已有一定规模"),
    ("提升了", "提高了"),
    ("提升至", "提高到"),
    ("同比增长", "较上年同期增长"),
    ("至少", "不少于"),
)


def plain_words(text: str) -> str:
    """``text`` with the formal words of ``PLAIN_WORDS`` in plain ones (no fact changed)."""
    for old, new in PLAIN_WORDS:
        text = text.replace(old, new)
    return text


def join_cn(items: Iterable[str], last: str = "和") -> str:
    """``a、b和c``."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return "、".join(items[:-1]) + last + items[-1]


def paid_blend_only(channels: Iterable[Any]) -> bool:
    """Is the engine's blended ``channels.roi`` a paid-spend figure?

    The engine blends every channel that lists both spend and GMV; a private or content
    channel written with ``spend = 0`` would add its free GMV to the paid return.
    """
    return all(is_paid_channel(c.kind, c.spend) for c in channels
               if c.spend is not None and c.gmv is not None)


def paid_gmv_only(channels: Iterable[Any]) -> bool:
    """Is ``channels.total_gmv`` all bought with spend (no free channel's GMV in it)?"""
    return all(is_paid_channel(c.kind, c.spend) for c in channels if c.gmv is not None)


def sentence(*parts: str | None) -> str:
    """Join clauses with ``,`` and end with ``。``; empty when no clause is given."""
    kept = [p.strip().rstrip("。，，") for p in parts if p and p.strip()]  # noqa: B005
    if not kept:
        return ""
    return ",".join(kept) + "。"


def bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines if line)


def paragraphs(*blocks: str | None) -> str:
    return "\n\n".join(b.strip() for b in blocks if b and b.strip())


_SENTENCE_END = re.compile(r"(?<=[。!?;])")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.replace("\n", "。")) if s.strip("。 ")]


class Facts:
    """Convenient, None-tolerant access to the fact set for template code."""

    def __init__(self, ctx: DraftContext) -> None:
        self.ctx = ctx
        self.notes = ctx.notes
        self.set = ctx.facts
        self.pen: Pen | None = None
        self._plan: ReportPlan | None = None
        self.data_sections: dict[str, str] | None = None  # the data drafter's whole draft

    @property
    def plan(self) -> ReportPlan:
        """The report plan of these notes in the draft's style (built once)."""
        if self._plan is None:
            from assistant.analysis import build_plan

            self._plan = build_plan(self.notes, self.set, self.ctx.style)
        return self._plan

    def get(self, fid: str) -> Fact | None:
        return self.set.get(fid)

    def has(self, *ids: str) -> bool:
        return all(i in self.set for i in ids)

    def p(self, fid: str) -> str:
        """The fact's phrase (``增长24.2%``) or empty."""
        f = self.set.get(fid)
        return f.phrase if f else ""

    def t(self, fid: str) -> str:
        """The fact's formatted value (``24.2%``) or empty."""
        f = self.set.get(fid)
        return f.text if f else ""

    def label(self, metric_id: str) -> str:
        return self.notes.metric_label(metric_id)

    def favorable(self, fid: str) -> bool | None:
        f = self.set.get(fid)
        return f.favorable if f else None

    def metric_line(self, mid: str, *, lead: str | None = None) -> str:
        """One sentence about a metric: value, change on last year, target completion."""
        if mid not in self.notes.metrics:
            return ""
        label = self.label(mid)
        parts = [f"{lead or label}为{self.t(mid)}"]
        if self.has(f"{mid}.last_year"):
            parts.append(self.change_clause(mid))
        if self.has(f"{mid}.target"):
            parts.append(self.target_clause(mid))
        return sentence(*parts)

    def change_clause(self, mid: str) -> str:
        """``较去年的4720万元增长24.2%``; for a percentage, the point change as well."""
        if not self.has(f"{mid}.last_year"):
            return ""
        clause = f"较去年的{self.t(mid + '.last_year')}{self.p(mid + '.yoy')}"
        diff = self.get(f"{mid}.diff")
        if diff is not None and diff.unit == "分":  # a score moves in points, not percent
            word = "提高" if diff.value > 0 else "下降" if diff.value < 0 else ""
            clause = (f"较去年的{self.t(mid + '.last_year')}{word}{diff.text}" if word
                      else f"与去年的{self.t(mid + '.last_year')}持平")
        elif (diff is not None and diff.unit == "个百分点") or (
                diff is not None and diff.kind == UnitKind.DURATION):
            clause = f"较去年的{self.t(mid + '.last_year')}{diff.phrase}"
        return clause

    def target_clause(self, mid: str) -> str:
        """``完成目标6000万元的97.7%，距目标还差140万元`` and friends."""
        if not self.has(f"{mid}.target"):
            return ""
        info = known_metric(mid)
        higher_better = info.higher_is_better if info else True
        m = self.notes.metrics[mid]
        target = self.t(f"{mid}.target")
        reached = (m.value >= (m.target or 0)) if higher_better else (m.value <= (m.target or 0))
        gap = self.p(f"{mid}.gap")
        if higher_better and reached:
            return f"完成目标{target}的{self.t(mid + '.completion')},{gap}"
        if higher_better:
            return f"目标为{target}，完成率{self.t(mid + '.completion')},{gap}"
        return f"目标为{target},{gap}"

    def plan_target_clause(self, mid: str, label: str, pen: Pen | None = None) -> str:
        """``GMV达到7200万元，较本年增长22.9%``: next year's target against this year's value.

        With ``pen`` the figures are recorded as stated.
        """
        say: Facts | Pen = pen if pen is not None else self
        text = f"{label}达到{say.t('plan.' + mid)}"
        for change in ("points", "growth"):
            if self.has(f"plan.{mid}.{change}"):
                return text + f"，较本年{say.p(f'plan.{mid}.{change}')}"
        return text

    def unmet_targets(self, skip: set[str] | None = None) -> list[str]:
        """``GMV距目标还差140万元`` for every metric that missed its target."""
        return [f"{self.label(mid)}{self.p(mid + '.gap')}" for mid in self.notes.metrics
                if self.favorable(f"{mid}.gap") is False and mid not in (skip or set())]

    def notes_sentences(self, keywords: tuple[str, ...], used: set[str]) -> list[str]:
        """Sentences of ``[review] notes`` that mention any keyword and were not used yet."""
        text = self.notes.review.notes or ""
        out = []
        for s in split_sentences(text):
            if s in used:
                continue
            if not keywords or any(k in s for k in keywords):
                used.add(s)
                out.append(clean(s) + "。")
        return out


# -- writing on the report plan (issue 9) -----------------------------------------------

TIME_LEADS = ("一季度", "二季度", "三季度", "四季度", "第一季度", "第二季度", "第三季度", "第四季度",
              "上半年", "下半年", "年初", "年中", "年底", "年末", "全年", "每月", "每周")


# Items that open with one of these verbs read well with the author as subject.
VERB_LEADS = ("用", "为", "部署", "建立", "上线", "制作", "调研", "搭建", "推出", "优化", "完成",
              "负责", "组织", "策划", "开展", "引入", "梳理", "制定", "加大", "削减", "提前",
              "与", "和", "联合", "主导", "推动", "落地", "设计", "测试", "复盘", "培训", "招聘",
              "更换", "开始", "调整", "增加", "减少", "把", "将", "对", "打造")


def say(*clauses: str | None) -> str:
    """Clauses joined with full-width commas into one sentence ending in 。 (empty when none)."""
    kept = [c.strip().rstrip("\u3002\uff0c,") for c in clauses if c and c.strip()]
    return "\uff0c".join(kept) + "\u3002" if kept else ""


def as_sentence(item: str, voice: str = "") -> str:
    """A notes item as a sentence of its own, the author as subject where it reads naturally.

    ``二季度制作12条短视频小额测款`` -> ``二季度，我们制作12条短视频小额测款。``
    """
    text = clean(item)
    if not text:
        return ""
    for lead in TIME_LEADS:
        if (text.startswith(lead) and len(text) > len(lead) + 1
                and not text[len(lead)].isdigit()):
            rest = text[len(lead):].lstrip("\uff0c, ")
            return f"{lead}\uff0c{voice}{rest}\u3002"
    if voice and text.startswith(VERB_LEADS):
        return f"{voice}{text}\u3002"
    return f"{text}\u3002"


def pen_for(f: Facts) -> Pen:
    """The draft-wide pen of ``f`` (one per drafting run)."""
    pen = getattr(f, "pen", None)
    if pen is None:
        pen = Pen(f)
        f.pen = pen
    return pen


class Pen:
    """Keeps a number stated once: the first mention gives the figure, later ones refer back."""

    def __init__(self, f: Facts) -> None:
        self.f = f
        self.stated: set[str] = set()

    def fresh(self, *fids: str) -> bool:
        """Whether every fact exists and none has been stated yet."""
        return all(self.f.has(i) and i not in self.stated for i in fids)

    def t(self, fid: str) -> str:
        self.stated.add(fid)
        return self.f.t(fid)

    def p(self, fid: str) -> str:
        self.stated.add(fid)
        return self.f.p(fid)

    def mark(self, *fids: str) -> None:
        self.stated.update(fids)


def pick(pool: tuple[str, ...], index: int) -> str:
    """A deterministic choice from ``pool`` so repeated items do not read the same."""
    return pool[index % len(pool)]


def missing_marker(what: str, question: str = "") -> str:
    """The marker for a section the notes hold nothing for, worded for people."""
    ask = f"\uff08{question}\uff09" if question else ""
    return todo_marker(f"请告诉 recap {what}{ask}")

