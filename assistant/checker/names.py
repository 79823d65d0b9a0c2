"""The names a draft uses for what its numbers are about, found in one pass.

A *measure* is a metric id (``gmv``, ``repurchase_rate``; named by the catalogue's
label and aliases, or by the notes' own label) or a field of a notes item (``users``
of a channel, ``order_share`` of a product segment). An *entity* is a notes item
(``channel:1``, ``product:2``, ``campaign:1``, ``project:1``). A name that is the base
of a comparison (占GMV的, 与直通车相比, 相当于…的) is marked ``base``; items listed
together (直通车、超级推荐和抖音信息流) are marked ``group``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.facts import Fact, FactSet
from assistant.metrics_catalog import METRICS

if TYPE_CHECKING:
    from assistant.notes.schema import Notes

# -- measures that are not catalogue metrics ----------------------------------------

ITEM_MEASURES: dict[str, tuple[str, ...]] = {
    "users": ("沉淀用户", "私域用户", "私域用户数"),
    "sku_share": ("SKU占比", "SKU数占比", "SKU占"),
    "traffic_share": ("流量占比", "流量占"),
    "order_share": ("订单占比", "订单量占比", "订单占"),
    "sales_share": ("销售额占比", "销售占比", "销售额占"),
    "profit_share": ("利润占比", "利润贡献占比", "利润占"),
}

# Words after which the entity named earlier no longer holds (the whole shop again).
_RESET_WORDS = ("全店", "店铺", "整体", "全年", "总体", "全渠道", "全部渠道")

# -- a name that is the base of a comparison -----------------------------------------

_BASE_BEFORE = ("占", "较", "相当于", "相比", "对比", "对照", "高于", "低于", "多于", "少于",
                "优于", "好于", "不及", "不如", "快于", "慢于", "快过", "跑赢", "跑输", "超过",
                "比")
_BASE_SKIP = ("全店", "店铺", "全年", "整体", "全部", "去年", "上年", "同期", "当年", "本年",
              "总", "全", "的", "了")
_BASE_AFTER = ("相比", "相较", "比较")
_NUMBER_START = set("0123456789零〇一二两三四五六七八九十百千万") | {"近", "约", "逾", "超"}


# -- names --------------------------------------------------------------------------

@dataclass(frozen=True)
class Mention:
    """A name found in text: a measure, an entity or a reset word."""

    start: int
    end: int
    kind: str  # "measure", "entity", "reset"
    key: str
    base: bool = False  # the base of a comparison, not the subject
    group: bool = False  # one of several items listed together


def _paren_parts(label: str) -> list[str]:
    """``月均活跃用户数(MAU)`` -> [``月均活跃用户数(MAU)``, ``月均活跃用户数``, ``MAU``]."""
    out = [label]
    m = re.match(r"^(.*?)[(\uff08]([^()\uff08\uff09]+)[)\uff09]$", label)
    if m:
        out += [m.group(1).strip(), m.group(2).strip()]
    return [p for p in out if p]


def _common_prefix(labels: list[str]) -> str:
    if not labels:
        return ""
    first, last = min(labels), max(labels)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


_LABEL_SUFFIXES = ("带来GMV", "沉淀用户", "投入", "ROI", "SKU占比", "流量占比", "订单占比",
                   "销售额占比", "利润占比")


def _names_from_facts(facts: FactSet | list[Fact]) -> dict[str, str]:
    """Channel and product names read back from fact labels (when no notes are given)."""
    labels: dict[str, list[str]] = {}
    for f in facts:
        head = f.id.partition(".")[0]
        for prefix, kind in (("channel", "channel"), ("product", "product")):
            if head.startswith(prefix) and head[len(prefix):].isdigit():
                labels.setdefault(f"{kind}:{head[len(prefix):]}", []).append(f.label)
    names: dict[str, str] = {}
    for key, items in labels.items():
        name = _common_prefix(items)
        if len(items) == 1:
            for suffix in _LABEL_SUFFIXES:
                if name.endswith(suffix):
                    name = name[:-len(suffix)]
                    break
        name = name.strip()
        if len(name) >= 2:
            names[name] = key
    return names


def _names_from_notes(notes: Notes) -> dict[str, str]:
    names: dict[str, str] = {}
    for kind, items, attr in (("channel", notes.channels, "name"),
                              ("product", notes.products, "segment"),
                              ("campaign", notes.campaigns, "name"),
                              ("project", notes.projects, "name")):
        for i, item in enumerate(items, start=1):
            name = str(getattr(item, attr, "") or "").strip()
            if len(name) >= 2:
                names.setdefault(name, f"{kind}:{i}")
    return names


class Lexicon:
    """Every name the checker knows for one notes file, found with one regex pass."""

    def __init__(self, measures: dict[str, str], entities: dict[str, str]) -> None:
        self.lookup: dict[str, tuple[str, str]] = {}
        for name, key in entities.items():
            self.lookup.setdefault(name.upper(), ("entity", key))
        for name, key in measures.items():
            self.lookup.setdefault(name.upper(), ("measure", key))
        for word in _RESET_WORDS:
            self.lookup.setdefault(word, ("reset", ""))
        self.pattern = re.compile(_trie_pattern(list(self.lookup)), re.IGNORECASE) \
            if self.lookup else None

    @classmethod
    def build(cls, facts: FactSet | list[Fact], metrics: set[str],
              notes: Notes | None = None) -> Lexicon:
        present: set[str] = set()
        stated_labels: dict[str, str] = {}
        for f in facts:
            head = f.id.partition(".")[0]
            if head in metrics:
                present.add(head)
            if f.origin == f"metrics.{f.id}.value":
                stated_labels[f.id] = f.label
        measures: dict[str, str] = {}
        for mid, label in stated_labels.items():  # the notes' own labels first
            for part in _paren_parts(label):
                measures.setdefault(part, mid)
        for mid in sorted(present | set(METRICS)):
            info = METRICS.get(mid)
            if info is None:
                continue
            for part in [*_paren_parts(info.label), *info.aliases]:
                measures.setdefault(part, mid)
        for mid, words in ITEM_MEASURES.items():
            for word in words:
                measures.setdefault(word, mid)
        entities = _names_from_notes(notes) if notes is not None else {}
        for name, key in _names_from_facts(facts).items():
            entities.setdefault(name, key)
        return cls(measures, entities)

    def mentions(self, text: str) -> list[Mention]:
        """Every name in ``text`` (ASCII punctuation), left to right, with base and group marks."""
        if self.pattern is None:
            return []
        out: list[Mention] = []
        for m in self.pattern.finditer(text):
            kind, key = self.lookup[m.group(0).upper()]
            base = kind != "reset" and _is_base(text, m.start(), m.end())
            out.append(Mention(m.start(), m.end(), kind, key, base))
        return _mark_groups(text, out)


class _Trie(dict[str, "_Trie"]):
    """Names by character; the key ``""`` marks the end of a name."""


def _trie_pattern(names: list[str]) -> str:
    """One regex for many names, factored by common prefixes (quick to scan with); the
    longest name wins; an ASCII name must not touch other ASCII letters (UV in UVA)."""
    trie = _Trie()
    for name in names:
        node = trie
        for ch in name.upper():
            node = node.setdefault(ch, _Trie())
        node[""] = _Trie()

    def emit(node: _Trie, prev: str) -> str:
        alts = []
        for ch in (c for c in node if c):
            lead = r"(?<![A-Za-z])" if not prev and ch.isascii() and ch.isalpha() else ""
            alts.append(lead + re.escape(ch) + emit(node[ch], ch))
        if "" in node:  # after the longer names: the longest match wins
            alts.append(r"(?![A-Za-z])" if prev.isascii() and prev.isalpha() else "")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie, "")


_BASE_RE = re.compile("(?:" + "|".join(
    ("(?<![同环占对])比" if w == "比" else re.escape(w)) for w in _BASE_BEFORE)
    + ")(?:" + "|".join(re.escape(w) for w in _BASE_SKIP) + "){0,3}$")


def _is_base(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is what something is compared with or a share of."""
    if _BASE_RE.search(text[max(0, start - 12):start]):
        return True  # 占GMV的, 较去年同期, 与其相比 (同比GMV is not a comparison with GMV)
    after = text[end:end + 3]
    if after.startswith(_BASE_AFTER):
        return True
    return after[:1] == "的" and after[1:2] in _NUMBER_START  # 会员销售额的17%


def _mark_groups(text: str, mentions: list[Mention]) -> list[Mention]:
    """Items listed together (直通车、超级推荐和抖音信息流) stand for their group."""
    out = list(mentions)
    prev: int | None = None
    for k, m in enumerate(out):
        if m.kind != "entity":
            continue
        if prev is not None:
            p = out[prev]
            gap = text[p.end:m.start]
            if (p.key.split(":")[0] == m.key.split(":")[0] and len(gap) <= 3
                    and gap.strip(" 、,和与及以/") == ""):
                out[prev] = _grouped(p)
                out[k] = _grouped(m)
        prev = k
    return out


def _grouped(m: Mention) -> Mention:
    return Mention(m.start, m.end, m.kind, m.key, m.base, True)
