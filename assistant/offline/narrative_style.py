"""篇二 style: a narrative review that argues the year's thesis chapter by chapter.

The whole review is composed in one pass (``compose``) so that every figure is
stated in full once, in the chapter that owns it, and later chapters refer back to
it in words; each section writer returns its part of that one composition. The
argument: 前言 states the thesis; 第一章 tells the few things the year was made of
(judgement -> evidence -> cause in the notes' own words -> what it means for next
year); 第二章 the people; 第三章 the problems, each with what shows it and what
answers it; 第四章 next year's targets tied to those problems; 结语 a short close.

Every number is a fact's ``text``/``phrase`` or quoted from the notes. The prose
speaks as 我们 for a shop or team and as 我 for a personal report.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from assistant.offline.common import Facts
from assistant.offline.narrative_story import Narrative
from assistant.typography import fullwidth

_CACHE: WeakKeyDictionary[Facts, dict[str, str]] = WeakKeyDictionary()


def compose(f: Facts) -> dict[str, str]:
    """All chapters of the narrative review, by section id (computed once per draft)."""
    done = _CACHE.get(f)
    if done is None:
        done = {k: fullwidth(v) for k, v in Narrative(f).write().items()}
        _CACHE[f] = done
    return done


def preface(f: Facts) -> str:
    return compose(f)["preface"]


def strategy(f: Facts) -> str:
    return compose(f)["strategy"]


def team(f: Facts) -> str:
    return compose(f)["team"]


def challenges(f: Facts) -> str:
    return compose(f)["challenges"]


def outlook(f: Facts) -> str:
    return compose(f)["outlook"]


def closing(f: Facts) -> str:
    return compose(f)["closing"]
