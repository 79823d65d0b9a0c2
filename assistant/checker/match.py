"""Match one number of a draft against the facts of its notes file.

A number is supported when a fact of a compatible kind lies in its window (in the
base unit of the kind: 元, 人, 秒, %):

- no qualifier: the written precision, X ± step/2 (24.2 -> 24.15..24.25, 两成 -> 15..25);
- ``超过/逾/以上/多/突破``: X .. 1.25 X; ``近/接近/将近/不到/不足``: 0.9 X .. X;
  ``约/大约/左右/上下``: 0.9 X .. 1.1 X.

Kinds are compatible when equal, when the draft number has no unit (or only a
magnitude such as 万), or when the fact has no unit (a bare number in a notes
string). A number whose value matches only a fact of another kind is a unit error
(``毛利率提升2.6%`` when the margin rose 2.6 个百分点).

Facts are indexed once per ``FactSet``: sorted base values per kind, searched with
``bisect``, so checking a number costs O(log facts).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Literal

from assistant.facts import Fact, FactSet
from assistant.numbers import NumberMention
from assistant.units import UnitKind

Reason = Literal["unsupported", "placeholder", "unit"]

OVER_FACTOR = 1.25
UNDER_FACTOR = 0.9
ABOUT_FACTOR = 0.1
PERCENT_PER_TIMES = 100.0
TIMES_SHARE_STEP = 10.0  # 一倍 / 翻了一番 read as a change in % is as precise as 一成
NEIGHBOURS = 4  # facts looked at on each side when naming the nearest one
CONTEXT_SLACK = 0.25  # a fact this much further away may still win on its label
CONTEXT_CHARS = 16  # text before a number that names what it measures
SPECIFIC_NUMBER = 20.0  # a whole number this large matching another kind is a unit slip


@dataclass(frozen=True)
class Reading:
    """One way to read a draft number: a kind (None: any) and a window in base units.

    ``written``: compare with each fact's magnitude in its own unit instead (a bare
    ``5860`` in a table headed 万元 states the fact 5860万元).
    """

    kind: UnitKind | None
    lo: float
    hi: float
    written: bool = False


@dataclass(frozen=True)
class Verdict:
    reason: Reason | None  # None: supported
    fact: Fact | None  # the supporting fact, or the nearest one for a flag


class _Sorted:
    """Facts sorted by one key, for range and nearest queries."""

    def __init__(self, pairs: list[tuple[float, Fact]]) -> None:
        pairs.sort(key=lambda p: p[0])
        self.keys = [k for k, _ in pairs]
        self.facts = [f for _, f in pairs]

    def first_in(self, lo: float, hi: float, centre: float,
                 kind: UnitKind | None = None) -> Fact | None:
        """The fact in ``lo..hi`` closest to ``centre`` (of ``kind`` if given)."""
        i, j = bisect_left(self.keys, lo), bisect_right(self.keys, hi)
        cands = [k for k in range(i, j) if kind is None or self.facts[k].kind is kind]
        if not cands:
            return None
        best = min(cands, key=lambda k: abs(self.keys[k] - centre))
        return self.facts[best]

    def near(self, value: float, count: int = NEIGHBOURS) -> list[tuple[float, Fact]]:
        """Up to ``count`` facts on each side of ``value``, with their relative distance."""
        i = bisect_left(self.keys, value)
        lo, hi = max(0, i - count), min(len(self.keys), i + count)
        return [(_distance(self.keys[k], value), self.facts[k]) for k in range(lo, hi)]


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _distance(a: float, b: float) -> float:
    """Relative distance, symmetric, for choosing the nearest fact."""
    scale = max(abs(a), abs(b), 1e-9)
    return abs(a - b) / scale


class FactIndex:
    """The facts of one notes file, indexed for matching draft numbers."""

    def __init__(self, facts: FactSet | list[Fact]) -> None:
        by_kind: dict[UnitKind, list[tuple[float, Fact]]] = {}
        every: list[tuple[float, Fact]] = []
        written: list[tuple[float, Fact]] = []
        for fact in facts:
            base = fact.base_value
            if not math.isfinite(base):
                continue
            by_kind.setdefault(fact.kind, []).append((base, fact))
            every.append((base, fact))
            written.append((fact.magnitude, fact))
        self._kinds = {k: _Sorted(v) for k, v in by_kind.items()}
        self._none = self._kinds.get(UnitKind.NONE, _Sorted([]))
        self._all = _Sorted(every)
        self._written = _Sorted(written)
        self.size = len(every)

    def _lists(self, kind: UnitKind | None) -> list[_Sorted]:
        if kind is None:
            return [self._all]
        lists = [self._none]
        if kind in self._kinds and kind is not UnitKind.NONE:
            lists.append(self._kinds[kind])
        return lists

    def supporting(self, reading: Reading, centre: float) -> Fact | None:
        if reading.written:
            return self._written.first_in(reading.lo, reading.hi, centre)
        for lst in self._lists(reading.kind):
            fact = lst.first_in(reading.lo, reading.hi, centre)
            if fact is not None:
                return fact
        return None

    def nearest(self, kind: UnitKind | None, value: float, context: str = "") -> Fact | None:
        """The fact a writer most likely meant: close in value, and among facts about as
        close, the one whose label shares the most words with the text before the number
        (``GMV同比增长26.5%`` -> GMV同比 24.2%, not another share that happens to be nearer)."""
        cands = [c for lst in self._lists(kind) for c in lst.near(value)]
        if not cands and kind is not None:
            cands = self._all.near(value)
        if not cands:
            return None
        closest = min(d for d, _ in cands)
        pairs = _bigrams(context)

        def score(item: tuple[float, Fact]) -> tuple[int, float]:
            d, fact = item
            hits = len(pairs & _bigrams(fact.label)) if d <= closest + CONTEXT_SLACK else 0
            return -hits, d

        return min(cands, key=score)[1]

    def any_kind(self, lo: float, hi: float, centre: float) -> Fact | None:
        return self._all.first_in(lo, hi, centre)

    def same_kind_as_written(self, lo: float, hi: float, centre: float,
                             kind: UnitKind) -> Fact | None:
        """A fact of ``kind`` whose magnitude in its own unit is in range (18分钟 vs 18秒)."""
        return self._written.first_in(lo, hi, centre, kind)


def window(value: float, step: float, qualifier: str | None) -> tuple[float, float]:
    """Base-unit range of facts that support ``value`` written with ``step`` precision."""
    eps = 1e-9 * max(1.0, abs(value)) + 1e-6 * step
    if qualifier == "over":
        return value - eps, value * OVER_FACTOR + eps
    if qualifier == "under":
        return value * UNDER_FACTOR - eps, value + eps
    if qualifier == "about":
        return value * (1 - ABOUT_FACTOR) - eps, value * (1 + ABOUT_FACTOR) + eps
    half = step / 2
    return value - half - eps, value + half + eps


def readings(m: NumberMention) -> list[Reading]:
    """Every reading of a draft number: its own kind, plus 倍 read as a change in %."""
    any_kind = m.unit == "" or m.kind is UnitKind.NONE
    base, step = m.base_value, m.base_step
    lo, hi = window(base, step, m.qualifier)
    out = [Reading(None if any_kind else m.kind, lo, hi)]
    if m.unit == "":
        out.append(Reading(None, lo, hi, written=True))
    if m.unit == "倍":
        share_step = min(step * PERCENT_PER_TIMES, TIMES_SHARE_STEP)
        for times in (base, base - 1) if base > 1 else (base,):
            lo, hi = window(times * PERCENT_PER_TIMES, share_step, m.qualifier)
            out.append(Reading(UnitKind.SHARE, lo, hi))
    return out


def judge(m: NumberMention, index: FactIndex, context: str = "") -> Verdict:
    """Whether the facts support ``m``; for a flag, the reason and nearest fact."""
    if m.placeholder:
        return Verdict("placeholder", None)
    base = m.base_value
    for r in readings(m):
        fact = index.supporting(r, (r.lo + r.hi) / 2)
        if fact is not None:
            return Verdict(None, fact)
    primary = readings(m)[0]
    if primary.kind is not None:
        # Right value, wrong kind (2.6% vs 2.6个百分点, 86.5万元 vs 86.5万人), or right
        # value in the wrong unit of the same kind (18分钟 vs 18秒).
        fact = index.any_kind(primary.lo, primary.hi, base)
        if fact is not None and not _plausible_slip(m, fact):
            fact = None
        if fact is None and (m.kind in (UnitKind.DURATION, UnitKind.MONEY)
                             or (m.qualifier is None and _specific(m))):
            lo, hi = window(m.value, m.step, m.qualifier)
            fact = index.same_kind_as_written(lo, hi, m.value, m.kind)
        if fact is not None:
            return Verdict("unit", fact)
    return Verdict("unsupported", index.nearest(primary.kind, base, context))


def _plausible_slip(m: NumberMention, fact: Fact) -> bool:
    """Whether a value match across kinds looks like a wrong unit, not a coincidence.

    个百分点 vs % always does (the spec's example); otherwise the number must be
    specific (a decimal, or 20 and up) and written without a qualifier: 86.5万元 for
    86.5万人 is a slip, 五个 matching 5.1% is a coincidence.
    """
    if {m.kind, fact.kind} == {UnitKind.SHARE, UnitKind.POINTS}:
        return True
    return m.qualifier is None and _specific(m)


def _specific(m: NumberMention) -> bool:
    return m.decimals > 0 or m.value >= SPECIFIC_NUMBER
