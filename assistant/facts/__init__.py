"""The fact engine: every number a review may state, stated or derived, formatted."""

from assistant.facts.engine import build_facts
from assistant.facts.model import Fact, FactSet

__all__ = ["Fact", "FactSet", "build_facts"]
