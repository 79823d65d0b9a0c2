"""篇三 style: a personal review by duty and by project, in the author's own voice (我).

The report is composed once per draft (``project_compose``) so that each number is
stated in full in one section and the sections argue one thesis; the functions here
hand out its sections.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from assistant.analysis import build_plan
from assistant.offline.common import Facts
from assistant.offline.project_compose import Composed, ProjectComposer

_CACHE: WeakKeyDictionary[Facts, Composed] = WeakKeyDictionary()


def composed(f: Facts) -> Composed:
    """The whole review for ``f`` (composed once per ``Facts``)."""
    done = _CACHE.get(f)
    if done is None:
        plan = build_plan(f.notes, f.set, f.ctx.style)
        done = ProjectComposer(f, plan).compose()
        _CACHE[f] = done
    return done


def duties(f: Facts) -> str:
    return composed(f).duties


def projects_intro(f: Facts) -> str:
    return composed(f).projects


def project(f: Facts, index: int) -> str:
    items = composed(f).items
    return items[index] if 0 <= index < len(items) else ""


def growth(f: Facts) -> str:
    return composed(f).growth


def plan(f: Facts) -> str:
    return composed(f).plan
