"""Fact and FactSet: what the engine produces and everyone else reads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from assistant.units import UnitKind, unit_scale

FactSource = Literal["stated", "derived", "text", "count"]


class DuplicateFactError(ValueError):
    """Two facts with one id (a notes id that equals a derived fact's id)."""

    def __init__(self, fact_id: str) -> None:
        super().__init__(f"duplicate fact id {fact_id}")
        self.fact_id = fact_id


@dataclass(frozen=True)
class Fact:
    """One number the review may state.

    ``value`` is signed and unrounded, in ``unit``; ``text`` is its magnitude formatted
    in Chinese with the unit (``24.2%``, ``7天``); ``phrase`` is how a sentence states
    it, direction included (``增长24.2%``, ``缩短7天``). Drafts and prompts use
    ``phrase``; the checker matches on ``abs(value)``.
    """

    id: str
    label: str
    value: float
    unit: str
    kind: UnitKind
    text: str
    phrase: str
    source: FactSource
    origin: str = ""  # field path in the notes file the number comes from
    decimals: int = 0  # precision it is shown with
    favorable: bool | None = None  # for changes: is the direction good news?

    @property
    def magnitude(self) -> float:
        return abs(self.value)

    @property
    def base_value(self) -> float:
        """Magnitude in the base unit of its kind (元, 人, 秒, %)."""
        return abs(self.value) * unit_scale(self.unit)

    def describe(self) -> str:
        """Label and value for people, e.g. ``GMV同比增长 24.2%``."""
        return f"{self.label} {self.phrase}"


@dataclass
class FactSet:
    """All facts of one notes file, by id and in derivation order."""

    facts: list[Fact] = field(default_factory=list)
    _by_id: dict[str, Fact] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {}
        for fact in self.facts:
            self._index(fact)

    def _index(self, fact: Fact) -> None:
        if fact.id in self._by_id:
            raise DuplicateFactError(fact.id)
        self._by_id[fact.id] = fact

    def add(self, fact: Fact) -> Fact:
        self._index(fact)
        self.facts.append(fact)
        return fact

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def __contains__(self, fact_id: object) -> bool:
        return fact_id in self._by_id

    def get(self, fact_id: str) -> Fact | None:
        return self._by_id.get(fact_id)

    def __getitem__(self, fact_id: str) -> Fact:
        return self._by_id[fact_id]

