"""What each fact of a notes file is about, from its id and origin.

The fact engine is not asked for anything new: ``gmv.yoy`` is a change of GMV,
``channel2.roi`` the ROI of the second channel, ``plan.gmv`` next year's GMV,
``net_profit.of_gmv.last_year`` last year's net margin; a number inside a notes
string belongs to where the string is and to the names it holds. An id of no known
pattern gives a fact that may support a number about anything, so a new kind of
derived fact never causes a false alarm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.facts import Fact, FactSet
from assistant.metrics_catalog import METRICS
from assistant.units import UnitKind

if TYPE_CHECKING:
    from assistant.checker.names import Lexicon

# -- periods ------------------------------------------------------------------------

THIS, LAST, TARGET, NEXT, QUARTER = "this", "last", "target", "next", "quarter"

_MARGIN_OF = {"gross_profit": "gross_margin", "net_profit": "net_margin"}
# Derived metric facts: suffix -> (period, is a change, is a growth in %).
_METRIC_SUFFIXES: dict[str, tuple[str, bool, bool]] = {
    "target": (TARGET, False, False), "last_year": (LAST, False, False),
    "yoy": (THIS, True, True), "diff": (THIS, True, False),
    "completion": (THIS, False, False), "gap": (THIS, False, False),
    "q_sum": (THIS, False, False),
}
_QUARTER_SUFFIX = re.compile(r"q(\d)(?:_(share|qoq))?$")
_ITEM_ORIGIN = re.compile(r"^(channels|products|campaigns|projects)\[(\d+)\]")
_ITEM_KIND = {"channels": "channel", "products": "product", "campaigns": "campaign",
              "projects": "project"}
_CHANGE_WORDS = ("增长", "提升", "提高", "上涨", "上升", "增加", "下降", "降低", "减少", "缩短",
                 "延长", "翻", "同比", "环比", "较", "增幅", "涨幅", "降幅")
CHANGE_RE = re.compile("|".join(_CHANGE_WORDS))
_RATIO_WORDS = ("ROI", "roi", "倍", "投产", "产出比", "回报")


@dataclass(frozen=True)
class Tags:
    """What one fact is about."""

    measures: frozenset[str]
    entities: frozenset[str]
    period: str = THIS
    change: bool = False  # a change (growth, difference): 提升 / 增长 point at these
    growth: bool = False  # a change in %: may support 一倍 / 翻了一番 / N倍
    ratio: bool = False  # a multiple (ROI): may support N倍
    free: bool = False  # may support a number about any subject (counts, unknown ids)
    unowned: bool = False  # a number in a notes string that names no subject


# -- tagging facts ------------------------------------------------------------------

def metric_ids(facts: FactSet | list[Fact]) -> set[str]:
    """Metric ids of a fact set: catalogue ids and every id stated as ``metrics.<id>.value``."""
    ids = set(METRICS)
    for f in facts:
        if f.origin == f"metrics.{f.id}.value":
            ids.add(f.id)
    return ids


def _item_measure(field: str) -> str | None:
    """The measure a channel field speaks of (spend, spend_share, gmv_of_total ...)."""
    for word, measure in (("spend", "ad_spend"), ("gmv", "gmv"), ("users", "users"),
                          ("roi", "roi")):
        if word in field:
            return measure
    return None


def tag_fact(f: Fact, metrics: set[str], lexicon: Lexicon | None = None) -> Tags:
    """Tags from the fact's id and origin (and, for notes strings, the names in its text).

    Ids follow the engine's patterns (``gmv.yoy``, ``channel2.roi``, ``plan.gmv.growth``,
    ``net_profit.of_gmv.last_year``); an id of no known pattern gives a fact that may
    support a number about anything, so new kinds of facts never cause false alarms.
    """
    fid = f.id
    if f.source == "text" or fid.startswith("text."):
        return _tag_text(f, lexicon)
    if fid.startswith("count.") or fid == "team.size":
        return Tags(frozenset(), frozenset(), free=True)
    head, _, rest = fid.partition(".")
    parts = rest.split(".") if rest else []
    is_roi = bool(parts) and parts[-1] == "roi"
    if head.startswith("channel") and head[7:].isdigit():
        measure = _item_measure(rest)
        return Tags(frozenset({measure} if measure else ()), frozenset({f"channel:{head[7:]}"}),
                    ratio=is_roi)
    if head == "channels":
        measure = _item_measure(rest)
        return Tags(frozenset({measure} if measure else ()), frozenset({"group:channel"}),
                    ratio=is_roi)
    if head.startswith("product") and head[7:].isdigit():
        return Tags(frozenset({parts[0]} if parts else ()), frozenset({f"product:{head[7:]}"}))
    if head == "plan" and parts:
        kind = parts[1] if len(parts) > 1 else ""
        return Tags(frozenset({parts[0]}), frozenset(), NEXT, change=bool(kind),
                    growth=kind == "growth")
    if head not in metrics:
        return Tags(frozenset(), frozenset(), free=True)
    measures = {head}
    if fid == "dau.of_mau":
        measures.add("mau")
    if "of_gmv" in parts and head in _MARGIN_OF:
        measures.add(_MARGIN_OF[head])  # 净利润占GMV比例 is the net margin
    period, change, growth = THIS, False, False
    for part in parts:
        if part in _METRIC_SUFFIXES:
            p, c, g = _METRIC_SUFFIXES[part]
            period = p if p != THIS else period
            change, growth = change or c, growth or g
        q = _QUARTER_SUFFIX.match(part)
        if q:
            qoq = q.group(2) == "qoq"
            period = QUARTER if q.group(2) is None else period
            change, growth = change or qoq, growth or qoq
    return Tags(frozenset(measures), frozenset(), period, change, growth,
                ratio=not parts and f.kind is UnitKind.RATIO)


def _tag_text(f: Fact, lexicon: Lexicon | None) -> Tags:
    measures: set[str] = set()
    entities: set[str] = set()
    origin = f.origin
    if origin.startswith("metrics."):
        measures.add(origin.split(".")[1])
    item = _ITEM_ORIGIN.match(origin)
    if item:
        entities.add(f"{_ITEM_KIND[item.group(1)]}:{item.group(2)}")
    if lexicon is not None:
        for mention in lexicon.mentions(f.label):
            if mention.base:
                continue
            if mention.kind == "measure":
                measures.add(mention.key)
            elif mention.kind == "entity":
                entities.add(mention.key)
    label = f.label
    change = any(w in label for w in _CHANGE_WORDS)
    growth = change and f.kind is UnitKind.SHARE
    ratio = f.kind in (UnitKind.NONE, UnitKind.RATIO) and any(w in label for w in _RATIO_WORDS)
    return Tags(frozenset(measures), frozenset(entities), THIS, change, growth, ratio,
                unowned=not measures and not entities)
