"""Read facts and notes for the analysis layer: lookups, comparisons, notes quotes.

Comparisons here (which quarter is higher, which channel's ROI is larger) only order
facts; every number a claim shows is a fact's ``text`` or ``phrase``.
"""

from __future__ import annotations

import re

from assistant.analysis.model import Quote
from assistant.facts import Fact, FactSet
from assistant.metrics_catalog import known_metric
from assistant.notes.schema import Notes

QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")

# Words that name a metric in notes text (a project's goal, a problem), besides its label.
METRIC_ALIASES: dict[str, tuple[str, ...]] = {
    "gmv": ("GMV", "成交额", "销售额"),
    "roi": ("ROI", "投入产出"),
    "repurchase_rate": ("复购率",),
    "visitors": ("访客",),
    "conversion_rate": ("转化率",),
    "new_users": ("新增用户", "新客"),
    "aov": ("客单价",),
    "cac": ("获客成本", "CAC"),
    "net_profit": ("净利润",),
    "gross_margin": ("毛利率",),
    "stockout_rate": ("缺货率",),
    "inventory_turnover_days": ("周转",),
}

_CLAUSE_END = "。.；；，，！！？？"


def clean(text: str) -> str:
    """A notes string without surrounding space and its final punctuation."""
    return text.strip().rstrip(_CLAUSE_END + " ").strip()


def split_sentences(text: str) -> list[str]:
    parts = re.split(r"[。！？!?\n]+", text or "")
    return [clean(p) for p in parts if clean(p)]


class Reader:
    """Facts and notes of one file, with the small lookups claims are built from."""

    def __init__(self, notes: Notes, facts: FactSet) -> None:
        self.notes = notes
        self.facts = facts

    def has(self, *ids: str) -> bool:
        return all(i in self.facts for i in ids)

    def fact(self, fid: str) -> Fact | None:
        return self.facts.get(fid)

    def t(self, fid: str) -> str:
        f = self.facts.get(fid)
        return f.text if f else ""

    def p(self, fid: str) -> str:
        f = self.facts.get(fid)
        return f.phrase if f else ""

    def v(self, fid: str) -> float:
        f = self.facts.get(fid)
        return f.value if f else 0.0

    def favorable(self, fid: str) -> bool | None:
        f = self.facts.get(fid)
        return f.favorable if f else None

    def label(self, mid: str) -> str:
        """A metric's label without a parenthesised abbreviation：获客成本（CAC） -> 获客成本."""
        return re.sub(r"[(\uff08][^()\uff08\uff09]*[)\uff09]$", "", self.notes.metric_label(mid))

    def describe(self, fid: str) -> str:
        """A fact in words: ``复购率提升3.3个百分点``, ``DAU/MAU活跃度为14.1%``."""
        f = self.facts.get(fid)
        if f is None:
            return ""
        head, _, tail = fid.rpartition(".")
        if tail in ("yoy", "diff", "gap") and head in self.notes.metrics:
            return f"{self.label(head)}{'同比' if tail == 'yoy' else ''}{f.phrase}"
        label = re.sub(r"[(\uff08][^()\uff08\uff09]*[)\uff09]", "", f.label)
        return f"{label}{'' if f.phrase != f.text else '为'}{f.phrase}"

    def higher_is_better(self, mid: str) -> bool:
        info = known_metric(mid)
        return info.higher_is_better if info else True

    def note(self, mid: str) -> Quote | None:
        m = self.notes.metrics.get(mid)
        if m is None or not m.note or not clean(m.note):
            return None
        return Quote(clean(m.note), f"metrics.{mid}.note")

    def metrics_named_in(self, text: str) -> list[str]:
        """Metric ids of the notes that ``text`` names (by label or alias)."""
        found = []
        for mid in self.notes.metrics:
            words = (self.label(mid), *METRIC_ALIASES.get(mid, ()))
            if any(w and w in text for w in words):
                found.append(mid)
        return found

    def review_sentences(self) -> list[Quote]:
        return [Quote(s, "review.notes") for s in split_sentences(self.notes.review.notes or "")]

    def quarter_ids(self, mid: str) -> list[str]:
        return [f"{mid}.q{i}" for i in range(1, 5) if self.has(f"{mid}.q{i}")]
