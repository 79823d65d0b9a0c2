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

When the sentence names what the number is about (``assistant.checker.subjects``),
the number must match a fact of that subject, of a period the sentence allows
(last year's value needs 去年, a target 目标, a plan figure 下一年度 …). A number only
another subject's facts support is a ``mismatch``; the nearest fact reported is
then the subject's own. ``一倍`` / ``翻了一番`` / ``N倍`` only match changes in % and
multiples (ROI), never a bare count equal to 2.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from assistant.checker.names import Lexicon
from assistant.checker.subjects import NO_SUBJECT, Subject
from assistant.checker.tags import Tags, metric_ids, tag_fact
from assistant.facts import Fact, FactSet
from assistant.numbers import NumberMention
from assistant.units import UnitKind

if TYPE_CHECKING:
    from assistant.notes.schema import Notes

Reason = Literal["unsupported", "placeholder", "unit", "mismatch"]

OVER_FACTOR = 1.25
UNDER_FACTOR = 0.9
ABOUT_FACTOR = 0.1
PERCENT_PER_TIMES = 100.0
TIMES_SHARE_STEP = 10.0  # 一倍 / 翻了一番 read as a change in % is as precise as 一成
NEIGHBOURS = 4  # facts looked at on each side when naming the nearest one
NEAREST_CACHE = 10_000  # remembered (kind, value, words) -> nearest fact
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
    pool: str = ""  # "growth": only changes in %; "ratio": only multiples (ROI)


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

    def all_in(self, lo: float, hi: float, kind: UnitKind | None = None) -> list[Fact]:
        i, j = bisect_left(self.keys, lo), bisect_right(self.keys, hi)
        return [self.facts[k] for k in range(i, j) if kind is None or self.facts[k].kind is kind]

    def near(self, value: float, count: int = NEIGHBOURS) -> list[tuple[float, Fact]]:
        """Up to ``count`` facts on each side of ``value``, with their relative distance."""
        i = bisect_left(self.keys, value)
        lo, hi = max(0, i - count), min(len(self.keys), i + count)
        return [(_distance(self.keys[k], value), self.facts[k]) for k in range(lo, hi)]


@lru_cache(maxsize=4096)
def _bigrams(text: str) -> frozenset[str]:
    """Character pairs of ``text`` (labels repeat: cached)."""
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


_NOT_WORD = frozenset("0123456789.,%:;()|+-*/ \n\t")


def _word_pairs(text: str) -> frozenset[str]:
    """Character pairs of the words in ``text`` (numbers and marks left out)."""
    return frozenset(text[i:i + 2] for i in range(len(text) - 1)
                     if text[i] not in _NOT_WORD and text[i + 1] not in _NOT_WORD)


def _distance(a: float, b: float) -> float:
    """Relative distance, symmetric, for choosing the nearest fact."""
    scale = max(abs(a), abs(b), 1e-9)
    return abs(a - b) / scale


class FactIndex:
    """The facts of one notes file, indexed for matching draft numbers.

    ``notes`` (optional) gives the names of campaigns and projects, which no fact
    carries; channel and product names are read back from the facts' labels.
    """

    def __init__(self, facts: FactSet | list[Fact], notes: Notes | None = None) -> None:
        facts = list(facts)
        metrics = metric_ids(facts)
        self.lexicon = Lexicon.build(facts, metrics, notes)
        by_kind: dict[UnitKind, list[tuple[float, Fact]]] = {}
        every: list[tuple[float, Fact]] = []
        written: list[tuple[float, Fact]] = []
        growth: list[tuple[float, Fact]] = []
        ratio: list[tuple[float, Fact]] = []
        self._tags: dict[int, Tags] = {}
        self._by_measure: dict[str, list[Fact]] = {}
        self._by_entity: dict[str, list[Fact]] = {}
        self._free: list[Fact] = []
        for fact in facts:
            base = fact.base_value
            if not math.isfinite(base):
                continue
            tags = tag_fact(fact, metrics, self.lexicon)
            self._tags[id(fact)] = tags
            by_kind.setdefault(fact.kind, []).append((base, fact))
            every.append((base, fact))
            written.append((fact.magnitude, fact))
            if tags.growth:
                growth.append((base, fact))
            if tags.ratio or fact.kind is UnitKind.RATIO:
                ratio.append((fact.magnitude, fact))
            if tags.free:
                self._free.append(fact)
            for measure in tags.measures:
                self._by_measure.setdefault(measure, []).append(fact)
            for entity in tags.entities:
                self._by_entity.setdefault(entity, []).append(fact)
                self._by_entity.setdefault("group:" + entity.split(":")[0], []).append(fact)
        self._kinds = {k: _Sorted(v) for k, v in by_kind.items()}
        self._none = self._kinds.get(UnitKind.NONE, _Sorted([]))
        self._all = _Sorted(every)
        self._written = _Sorted(written)
        self._growth = _Sorted(growth)
        self._ratio = _Sorted(ratio)
        self._subject_cache: dict[tuple[str | None, str | None], list[Fact]] = {}
        self._nearest_cache: dict[tuple[UnitKind | None, float, frozenset[str]], Fact | None] = {}
        self._period_cache: dict[tuple[str | None, str | None, frozenset[str]], list[Fact]] = {}
        self.size = len(every)

    def in_pool(self, reading: Reading, fact: Fact) -> bool:
        """Whether ``fact`` is of the kind ``reading`` is limited to (changes, multiples)."""
        if reading.pool == "growth":
            return self.tags(fact).growth
        if reading.pool == "ratio":
            return self.tags(fact).ratio or fact.kind is UnitKind.RATIO
        return True

    @property
    def free_facts(self) -> list[Fact]:
        """Facts that may support a number about any subject (counts of listed things)."""
        return self._free

    def tags(self, fact: Fact) -> Tags:
        return self._tags.get(id(fact)) or Tags(frozenset(), frozenset(), free=True)

    # -- subjects ---------------------------------------------------------------------

    def _of(self, measure: str | None, entity: str | None) -> list[Fact]:
        """Facts about ``measure`` of ``entity`` (either may be None: any)."""
        key = (measure, entity)
        cached = self._subject_cache.get(key)
        if cached is not None:
            return cached
        if measure is not None and entity is not None:
            ents = set(id(f) for f in self._by_entity.get(entity, []))
            out = [f for f in self._by_measure.get(measure, []) if id(f) in ents]
        elif measure is not None:
            out = list(self._by_measure.get(measure, []))
        elif entity is not None:
            out = list(self._by_entity.get(entity, []))
        else:
            out = []
        self._subject_cache[key] = out
        return out

    def resolve(self, subject: Subject) -> tuple[str | None, str | None]:
        """The subject's measure and entity, dropping a name the notes have no fact about."""
        measure, entity = subject.measure, subject.entity
        if measure is not None and not self._of(measure, None):
            measure = None
        if entity is not None and not self._of(None, entity):
            entity = None
        if measure is not None and entity is not None and not self._of(measure, entity):
            # 企微社群新增用户12.4万人: the item has no such fact; keep the item when both are
            # named in the number's clause, else the name nearest the number.
            if subject.together or not subject.entity_first:
                measure = None
            else:
                entity = None
        return measure, entity

    def subject_facts(self, measure: str | None, entity: str | None) -> list[Fact]:
        return self._of(measure, entity)

    def in_periods(self, measure: str | None, entity: str | None,
                   periods: frozenset[str]) -> list[Fact]:
        """The subject's facts of the periods a sentence allows (cached)."""
        key = (measure, entity, periods)
        found = self._period_cache.get(key)
        if found is None:
            found = [f for f in self._of(measure, entity) if self.tags(f).period in periods]
            self._period_cache[key] = found
        return found

    def _lists(self, kind: UnitKind | None) -> list[_Sorted]:
        if kind is None:
            return [self._all]
        lists = [self._none]
        if kind in self._kinds and kind is not UnitKind.NONE:
            lists.append(self._kinds[kind])
        return lists

    def supporting(self, reading: Reading, centre: float) -> Fact | None:
        if reading.pool == "growth":
            return self._growth.first_in(reading.lo, reading.hi, centre)
        if reading.pool == "ratio":
            return self._ratio.first_in(reading.lo, reading.hi, centre)
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
        pairs = _word_pairs(context)
        key = (kind, value, pairs)
        if key in self._nearest_cache:
            return self._nearest_cache[key]
        if len(self._nearest_cache) > NEAREST_CACHE:
            self._nearest_cache.clear()
        found = self._nearest(kind, value, pairs)
        self._nearest_cache[key] = found
        return found

    def _nearest(self, kind: UnitKind | None, value: float, pairs: frozenset[str]) -> Fact | None:
        cands = [c for lst in self._lists(kind) for c in lst.near(value)]
        if not cands and kind is not None:
            cands = self._all.near(value)
        if not cands:
            return None
        closest = min(d for d, _ in cands)

        def score(item: tuple[float, Fact]) -> tuple[int, float]:
            d, fact = item
            hits = len(pairs & _bigrams(fact.label)) if d <= closest + CONTEXT_SLACK else 0
            return -hits, d

        return min(cands, key=score)[1]

    def all_supporting(self, reading: Reading) -> list[Fact]:
        """Every fact that supports ``reading`` by value, whatever it is about."""
        if reading.pool == "growth":
            return self._growth.all_in(reading.lo, reading.hi)
        if reading.pool == "ratio":
            return self._ratio.all_in(reading.lo, reading.hi)
        if reading.written:
            return self._written.all_in(reading.lo, reading.hi)
        return [f for lst in self._lists(reading.kind) for f in lst.all_in(reading.lo, reading.hi)]

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
    """Every reading of a draft number.

    ``翻了N番`` is a change in % and ``N倍`` a multiple (or the change it makes: 2倍 is
    +100 % or +200 %, 一倍 is +100 %); both are read against changes in % and
    multiples only, never against a count or a bare number that happens to match.
    """
    base, step = m.base_value, m.base_step
    if m.unit == "%" and m.text.endswith("番"):
        lo, hi = window(base, step, m.qualifier)
        return [Reading(UnitKind.SHARE, lo, hi, pool="growth")]
    if m.unit == "倍":
        out = []
        if base != 1:
            lo, hi = window(base, step, m.qualifier)
            out.append(Reading(UnitKind.RATIO, lo, hi, pool="ratio"))
        share_step = min(step * PERCENT_PER_TIMES, TIMES_SHARE_STEP)
        for times in (base, base - 1) if base > 1 else (base,):
            lo, hi = window(times * PERCENT_PER_TIMES, share_step, m.qualifier)
            out.append(Reading(UnitKind.SHARE, lo, hi, pool="growth"))
        return out
    any_kind = m.unit == "" or m.kind is UnitKind.NONE
    lo, hi = window(base, step, m.qualifier)
    out = [Reading(None if any_kind else m.kind, lo, hi)]
    if m.unit == "":
        out.append(Reading(None, lo, hi, written=True))
    return out


def judge(m: NumberMention, index: FactIndex, context: str = "",
          subject: Subject = NO_SUBJECT, around: tuple[str, str] = ("", "")) -> Verdict:
    """Whether the facts support ``m``; for a flag, the reason and nearest fact.

    ``context``: text before the number (to name the nearest fact); ``subject``: what
    the sentence says the number is about; ``around``: the number's clause before it
    and the text after it (to recognise a number quoted from a notes string).
    """
    if m.placeholder:
        return Verdict("placeholder", None)
    if not math.isfinite(m.base_value):  # 400 digits: no fact is that large
        return Verdict("unsupported", None)
    rs = readings(m)
    measure, entity = index.resolve(subject)
    if measure is not None or entity is not None:
        return _judge_subject(m, rs, index, subject, measure, entity, around, context)
    for r in rs:
        fact = index.supporting(r, (r.lo + r.hi) / 2)
        if fact is not None:
            return Verdict(None, fact)
    return _unit_or_unsupported(m, rs, index, context)


def _unit_or_unsupported(m: NumberMention, rs: list[Reading], index: FactIndex,
                         context: str) -> Verdict:
    base = m.base_value
    primary = rs[0]
    if primary.kind is not None and not primary.pool:
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


def _in(reading: Reading, fact: Fact) -> bool:
    """Whether ``fact`` supports ``reading`` (kind and value)."""
    if reading.pool == "growth":
        return fact.kind is UnitKind.SHARE and reading.lo <= fact.base_value <= reading.hi
    if reading.pool == "ratio":
        return (fact.kind in (UnitKind.RATIO, UnitKind.NONE)
                and reading.lo <= fact.magnitude <= reading.hi)
    if reading.written:
        return reading.lo <= fact.magnitude <= reading.hi
    if reading.kind is not None and fact.kind not in (reading.kind, UnitKind.NONE):
        return False
    return reading.lo <= fact.base_value <= reading.hi


_QUOTE_SKIP = frozenset(("同比", "比增", "增长", "提升", "达到", "实现", "完成", "较去", "去年",
                         "全年", "年度", "为了", "以上", "以下", "左右", "超过", "提高", "降低",
                         "下降", "上涨", "增加", "减少"))


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)
            if not text[i].isspace() and not text[i + 1].isspace()} - _QUOTE_SKIP


def _quoted(fact: Fact, around: tuple[str, str]) -> bool:
    """Whether the draft quotes the notes string ``fact`` comes from, around the number."""
    label = fact.label
    pos = label.find(fact.text)
    if pos == -1:
        return False
    head = label[:pos]
    for sep in ",\uff0c\u3002;\uff1b\u3001:\uff1a\n":
        head = head[head.rfind(sep) + 1:]
    tail = label[pos + len(fact.text):]
    wanted = _pairs(head[-12:]) | _pairs(tail[:10])
    if not wanted:
        return False
    shared = wanted & (_pairs(around[0]) | _pairs(around[1]))
    return len(shared) >= min(2, len(wanted))


def _judge_subject(m: NumberMention, rs: list[Reading], index: FactIndex, subject: Subject,
                   measure: str | None, entity: str | None,
                   around: tuple[str, str], context: str) -> Verdict:
    own = index.subject_facts(measure, entity)
    allowed = index.in_periods(measure, entity, subject.periods)
    pools = [allowed, index.free_facts]
    if subject.measure_carried and measure is not None and entity is not None:
        # 引流款:SKU占比20%,利润贡献仅8%: a measure carried across a comma gives way
        # to the item named with it.
        pools.append(index.in_periods(None, entity, subject.periods))
    for r in rs:
        for pool in pools:
            for fact in pool:
                if _in(r, fact) and index.in_pool(r, fact):
                    return Verdict(None, fact)
    elsewhere = [f for r in rs for f in index.all_supporting(r)]
    for fact in elsewhere:
        tags = index.tags(fact)
        if fact.source == "text" and (_quoted(fact, around)
                                      or (tags.unowned and not subject.named_in_clause)):
            return Verdict(None, fact)  # quoted from the notes, or its subject only carried
    primary = rs[0]
    if primary.kind is not None and not primary.pool:
        lo, hi = primary.lo, primary.hi
        for fact in allowed:
            if lo <= fact.base_value <= hi and _plausible_slip(m, fact):
                return Verdict("unit", fact)
        if m.kind in (UnitKind.DURATION, UnitKind.MONEY) or (m.qualifier is None
                                                             and _specific(m)):
            lo, hi = window(m.value, m.step, m.qualifier)
            for fact in allowed:
                if fact.kind is m.kind and lo <= fact.magnitude <= hi:
                    return Verdict("unit", fact)
    nearest = _nearest_own(m, own, index, subject, around[0])
    if elsewhere:  # another subject's fact, or this subject's of another period
        return Verdict("mismatch", nearest)
    if primary.kind is not None and not primary.pool:
        slip = index.any_kind(primary.lo, primary.hi, m.base_value)
        if slip is not None and _plausible_slip(m, slip):
            return Verdict("mismatch", nearest)
    return Verdict("unsupported", nearest)


def _nearest_own(m: NumberMention, own: list[Fact], index: FactIndex,
                 subject: Subject, context: str) -> Fact | None:
    """The subject's own fact a writer most likely meant.

    This year's facts before other periods; after a change word (提升, 增长) the
    changes; a rate written in % or points after a change word points at its
    difference in points (复购率提升了9% -> 提升3.3个百分点); then the same kind; then the
    closest value. Among facts of the same kind and sort, the words of the number's
    clause (占GMV的比例) pick first.
    """
    if not own:
        return None
    base = m.base_value
    pairs = _word_pairs(context)
    # A rate (复购率 31.5%) that 提升了 X% most likely rose X points; an amount (净利润)
    # that 增长 X% grew by X %.
    rate = any(f.kind is UnitKind.SHARE and not index.tags(f).change
               and f.source == "stated" for f in own)

    def key(fact: Fact) -> tuple[int, int, int, int, int, float]:
        tags = index.tags(fact)
        period = 0 if tags.period in subject.periods else 1
        # GMV为2010万元: the shop's GMV, not a channel's, unless the sentence names one.
        item = 0 if subject.entity is not None or not tags.entities else 1
        change = 0 if tags.change == subject.change else 1
        if rate and subject.change and m.kind in (UnitKind.SHARE, UnitKind.POINTS) and (
                fact.kind in (UnitKind.SHARE, UnitKind.POINTS)):
            kind = 0 if fact.kind is UnitKind.POINTS else 1
        elif m.unit == "" or fact.kind is m.kind:
            kind = 0
        elif {fact.kind, m.kind} == {UnitKind.SHARE, UnitKind.POINTS}:
            kind = 1
        else:
            kind = 2
        if fact.kind is m.kind:
            value, wanted = fact.base_value, base
        elif m.unit == "倍" and fact.kind is UnitKind.SHARE:  # 一倍 is +100 %
            value, wanted = fact.base_value, base * PERCENT_PER_TIMES
        else:
            value, wanted = fact.magnitude, m.value
        hits = len(pairs & _bigrams(fact.label))
        return period, item, kind, change, -hits, _distance(value, wanted)

    return min(own, key=key)


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
