"""What a number in a draft is about, and which facts belong to what.

``shared/spec/number-check.md`` ("Numbers must belong to what they are written
about"). A subject has two parts, either may be missing:

- a *measure*: a metric id (``gmv``, ``repurchase_rate``; named by the catalogue's
  label and aliases or by the notes' own label) or a field of a notes item
  (``users`` of a channel, ``order_share`` of a product segment);
- an *entity*: a notes item (``channel:1``, ``product:2``, ``campaign:1``,
  ``project:1``) or a list of them (``group:channel``).

Every fact gets tags derived from its id and origin (the fact engine is not asked
for anything new): its measures, entities, the period it speaks of (this year, last
year, the target, next year's plan, one quarter) and whether it is a change.

A number's subject is the nearest measure and the nearest entity named before it in
the same sentence (carried across commas), skipping a name that is the base of a
comparison (占GMV的, 与直通车相比, 相当于…的). Names, sentence and clause boundaries and
period cues are found in one pass over the text each, so a check stays linear.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.facts import Fact, FactSet
from assistant.metrics_catalog import METRICS
from assistant.units import UnitKind

if TYPE_CHECKING:
    from assistant.notes.schema import Notes

# -- periods ------------------------------------------------------------------------

THIS, LAST, TARGET, NEXT, QUARTER = "this", "last", "target", "next", "quarter"

# Words that let a number speak of another period than this year's actual result.
_CUE_WORDS: dict[str, tuple[str, ...]] = {
    LAST: ("去年", "上年", "上一年", "前一年", "同期", "往年", "此前", "以往", "原来", "原先",
           "从", "由"),
    TARGET: ("目标", "KPI", "考核", "计划", "预期", "预算", "挑战", "任务", "指标", "要求",
             "达成", "完成率"),
    NEXT: ("下年", "下一年", "明年", "来年", "新的一年", "新一年", "计划", "目标", "规划",
           "展望", "力争", "冲刺", "预计", "将", "争取", "plan", "outlook"),
    QUARTER: ("季度", "季", "Q1", "Q2", "Q3", "Q4", "q1", "q2", "q3", "q4", "上半年", "下半年"),
}
CUE_AFTER = 10  # characters after a number, in its clause, searched for 目标 (6000万元的目标)

# -- measures that are not catalogue metrics ----------------------------------------

ITEM_MEASURES: dict[str, tuple[str, ...]] = {
    "users": ("沉淀用户", "私域用户", "私域用户数"),
    "sku_share": ("SKU占比", "SKU数占比", "SKU占"),
    "traffic_share": ("流量占比", "流量占"),
    "order_share": ("订单占比", "订单量占比", "订单占"),
    "sales_share": ("销售额占比", "销售占比", "销售额占"),
    "profit_share": ("利润占比", "利润贡献占比", "利润占"),
}
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
                 "延长", "翻", "同比", "环比", "较", "比", "增幅", "涨幅", "降幅")
_CHANGE_RE = re.compile("|".join(_CHANGE_WORDS))
_RATIO_WORDS = ("ROI", "roi", "倍", "投产", "产出比", "回报")
# Words after which the entity named earlier no longer holds (the whole shop again).
_RESET_WORDS = ("全店", "店铺", "整体", "全年", "总体", "全渠道", "全部渠道")

# Words a clause may hold and still speak of the subject named before its comma
# (GMV达到5860万元,同比增长24.2%). A clause with any other word (付费推广投入980万元,
# 换回成交3759万元) may be about something the checker has no name for: the subject
# named before the comma is not carried into it.
_CARRY_WORDS = tuple(sorted((
    "同比", "环比", "较", "比", "去年", "上年", "上一年", "同期", "前一年", "今年", "本年", "全年",
    "年度", "年", "增长", "提升", "提高", "上涨", "上升", "增加", "下降", "降低", "减少", "缩短",
    "延长", "下滑", "回落", "达到", "达", "为", "是", "约", "近", "超过", "突破", "逾", "超",
    "实现", "完成", "达成", "目标", "的", "了", "至", "到", "从", "由", "占", "还差", "距离", "距",
    "差", "仍", "只", "仅", "共", "累计", "合计", "总计", "总", "整体", "平均", "其中", "分别",
    "首次", "再次", "稳定在", "维持在", "保持在", "在", "以", "相比", "相较", "幅度", "增幅",
    "涨幅", "降幅", "也", "又", "更", "已", "已经", "将", "有", "所", "而", "并", "且", "和",
    "与", "及", "超出", "超额", "低于", "高于", "不足", "不到", "接近", "将近", "左右", "以上",
    "以下", "比例", "比重", "占比", "水平", "规模", "金额", "总额", "额", "绝对", "约为", "大约",
    "大概", "同样", "均", "都", "同时", "明显", "大幅", "小幅", "略有", "略", "稳步", "持续",
    "继续", "显著", "较为", "但", "却", "其", "即", "就", "则", "还", "再", "翻", "番", "倍",
    "个", "百分点", "点", "万", "亿", "元", "人", "天", "小时", "秒", "分钟", "分", "款", "次",
    "单", "件", "家", "成", "一", "两", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    "百", "千", "零", "季度", "第", "上半年", "下半年", "月", "日", "贡献", "带来", "相当于",
), key=len, reverse=True))
_CARRY_RE = re.compile("|".join(re.escape(w) for w in _CARRY_WORDS))
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# -- a name that is the base of a comparison -----------------------------------------

_BASE_BEFORE = ("占", "较", "相当于", "相比", "对比", "对照", "高于", "低于", "多于", "少于",
                "优于", "好于", "不及", "不如", "快于", "慢于", "快过", "跑赢", "跑输", "超过",
                "比")
_BASE_SKIP = ("全店", "店铺", "全年", "整体", "全部", "去年", "上年", "同期", "当年", "本年",
              "总", "全", "的", "了")
_BASE_AFTER = ("相比", "相较", "比较")
_NUMBER_START = set("0123456789零〇一二两三四五六七八九十百千万") | {"近", "约", "逾", "超"}


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


@dataclass(frozen=True)
class Subject:
    """What a draft number is about, and what its sentence allows."""

    measure: str | None
    entity: str | None
    named_in_clause: bool  # named after the last comma (not carried from before it)
    periods: frozenset[str]
    change: bool  # a change word right before the number
    entity_first: bool = False  # the entity was named before the measure
    together: bool = False  # measure and entity named in the number's own clause
    measure_carried: bool = False  # the measure was named before the number's clause

    @property
    def empty(self) -> bool:
        return self.measure is None and self.entity is None


NO_SUBJECT = Subject(None, None, False, frozenset({THIS}), False)


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


# -- subjects of the numbers of one text --------------------------------------------

_SENTENCE_END = re.compile(r"[。!?;\n]")
_CUE_SENTENCE_END = re.compile(r"[。!?\n]")
_CLAUSE_END = re.compile(r"[,、:|]")
CHANGE_BEFORE = 8  # characters before a number searched for a change word
MAX_TABLE_ROW = 2000  # a longer "table row" is not read as one
MAX_CARRY_CLAUSE = 40  # a longer clause does not carry a subject from before its comma


class SubjectFinder:
    """Subjects of numbers of one text, asked for in order of position."""

    def __init__(self, text: str, lexicon: Lexicon, *, year: int | None) -> None:
        self.text = text
        self.mentions = lexicon.mentions(text)
        self.k = 0
        self.measure: Mention | None = None
        self.entity: Mention | None = None
        self.reset: Mention | None = None
        self.sentence_ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        self.cue_ends = [m.start() for m in _CUE_SENTENCE_END.finditer(text)]
        self.clause_ends = [m.start() for m in _CLAUSE_END.finditer(text)]
        words: dict[str, list[str]] = {p: list(w) for p, w in _CUE_WORDS.items()}
        if year is not None:
            words[LAST].append(str(year - 1))
            words[NEXT].append(str(year + 1))
        self.cues: dict[str, list[int]] = {}
        for period, ws in words.items():
            pat = re.compile("|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True)))
            self.cues[period] = [m.start() for m in pat.finditer(text)]
        self.cue_patterns = {p: tuple(ws) for p, ws in words.items()}
        self._around_cache: dict[str, frozenset[str]] = {}
        self._layout(text)

    def _layout(self, text: str) -> None:
        """Headings and table header rows: where a period may be named for a number."""
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.heading_starts: list[int] = []
        self.table_header: dict[int, int] = {}  # line number -> its table's first line
        first: int | None = None
        for i, start in enumerate(self.line_starts):
            lead = text[start:start + 8].lstrip(" >")
            if lead.startswith("#"):
                self.heading_starts.append(start)
            if lead.startswith("|"):
                first = i if first is None else first
                self.table_header[i] = first
            else:
                first = None

    def _line_end(self, start: int) -> int:
        end = self.text.find("\n", start)
        return len(self.text) if end == -1 else end

    def layout_words(self, pos: int) -> str:
        """The heading above ``pos`` and, in a table, its column's header cell."""
        if not self.heading_starts and not self.table_header:
            return ""
        out = ""
        h = bisect_right(self.heading_starts, pos) - 1
        if h >= 0:
            start = self.heading_starts[h]
            out += self.text[start:min(self._line_end(start), start + 80)]
        line = bisect_right(self.line_starts, pos) - 1
        first = self.table_header.get(line)
        if first is not None and first != line:
            row = self.line_starts[line]
            if pos - row <= MAX_TABLE_ROW:
                column = self.text.count("|", row, pos)
                top = self.line_starts[first]
                cells = self.text[top:min(self._line_end(top), top + MAX_TABLE_ROW)].split("|")
                lead = 0 if self.text[top:top + 8].lstrip().startswith("|") else 1
                k = column - 1 + lead
                if 0 <= k + 1 < len(cells):
                    out += " " + cells[k + 1]
        return out

    def _after(self, ends: list[int], pos: int) -> int:
        """Start of the stretch (sentence, clause) that holds ``pos``."""
        i = bisect_right(ends, pos - 1)
        return ends[i - 1] + 1 if i else 0

    def _next(self, ends: list[int], pos: int) -> int:
        """The first boundary at or after ``pos`` (the end of the text when none)."""
        i = bisect_right(ends, pos - 1)
        return ends[i] if i < len(ends) else len(self.text)

    def clause_start(self, pos: int) -> int:
        """Start of the clause (after the last comma or sentence end) that holds ``pos``."""
        return max(self._after(self.sentence_ends, pos), self._after(self.clause_ends, pos))

    def _cue(self, period: str, lo: int, hi: int) -> bool:
        positions = self.cues[period]
        i = bisect_right(positions, lo - 1)
        return i < len(positions) and positions[i] < hi

    def subject(self, start: int, end: int, section: str = "") -> Subject:
        """The subject of the number at ``start:end``; calls come in increasing ``start``."""
        while self.k < len(self.mentions) and self.mentions[self.k].end <= start:
            m = self.mentions[self.k]
            self.k += 1
            if m.base:
                continue
            if m.kind == "measure":
                self.measure = m
            elif m.kind == "entity":
                self.entity = m
            else:
                self.reset = m
        sentence = self._after(self.sentence_ends, start)
        clause = max(sentence, self._after(self.clause_ends, start))
        measure = self.measure if self.measure and self.measure.start >= sentence else None
        entity = self.entity if self.entity and self.entity.start >= sentence else None
        if entity and self.reset and entity.start < self.reset.start:
            entity = None
        cue_start = self._after(self.cue_ends, start)
        cue_end = min(end + CUE_AFTER, self._next(self.cue_ends, end),
                      self._next(self.clause_ends, end), self._next(self.sentence_ends, end))
        periods = set(self._periods_named(section + " " + self.layout_words(start)))
        for period in (LAST, TARGET, NEXT, QUARTER):
            if self._cue(period, cue_start, cue_end):
                periods.add(period)
        if TARGET in periods or NEXT in periods:  # a target is a plan, a plan a target
            periods |= {TARGET, NEXT}
        change = _CHANGE_RE.search(self.text, max(sentence, start - CHANGE_BEFORE),
                                   start) is not None
        after = self._postposed(end)
        if after is not None and after.kind == "unknown":
            # 用42.9%的投入拿到50.3%的渠道成交: about something the checker cannot name
            return Subject(None, None, False, frozenset(periods), change)
        if after is not None:  # 45%的订单占比, 以7200万元的GMV目标: named after the number
            measure = after
        elif measure is not None and measure.start < clause and not self._carries(clause, start):
            measure = None  # 付费推广投入980万元,换回成交3759万元: 成交 is not 投入
        if (entity is not None and measure is not None and after is None
                and entity.start > measure.start):
            measure = None  # 不花推广费的短视频自然流量带来成交426万元: the item is nearest
        named = [m for m in (measure, entity) if m is not None]
        named_in_clause = any(m.start >= clause for m in named)
        if not named:
            return Subject(None, None, False, frozenset(periods), change)
        entity_key = None
        if entity is not None:
            entity_key = f"group:{entity.key.split(':')[0]}" if entity.group else entity.key
        entity_first = together = False
        if measure is not None and entity is not None:
            entity_first = entity.start < measure.start
            together = min(entity.start, measure.start) >= clause
        return Subject(measure.key if measure else None, entity_key, named_in_clause,
                       frozenset(periods), change, entity_first, together,
                       measure is not None and measure.start < clause)

    def _periods_named(self, around: str) -> frozenset[str]:
        """Periods a section title, heading or table header names (cached: they repeat)."""
        found = self._around_cache.get(around)
        if found is None:
            found = frozenset({THIS} | {p for p in (LAST, TARGET, NEXT, QUARTER)
                                        if any(w in around for w in self.cue_patterns[p])})
            self._around_cache[around] = found
        return found

    def _postposed(self, end: int) -> Mention | None:
        """What ``N的X`` names after the number: a known measure (45%的订单占比), or an
        ``unknown`` mention when a word the checker has no name for follows (的渠道成交)."""
        if self.text[end:end + 1] != "的":
            return None
        if self.k < len(self.mentions):
            nxt = self.mentions[self.k]
            if nxt.start == end + 1 and nxt.kind == "measure" and not nxt.base:
                return nxt
        if _HAN.match(self.text, end + 1):
            return Mention(end + 1, end + 2, "unknown", "")
        return None

    def _carries(self, clause: int, start: int) -> bool:
        """Whether the clause before the number holds only words that keep the subject
        named before its comma (同比增长, 较去年的, 占总投入的), names and numbers aside."""
        if start - clause > MAX_CARRY_CLAUSE:
            return False
        k = self.k
        while k > 0 and self.mentions[k - 1].start >= clause:  # drop names in the clause
            k -= 1
        words = self.text[clause:start]
        for m in self.mentions[k:self.k]:
            words = words.replace(self.text[m.start:m.end], " ")
        return _HAN.search(_CARRY_RE.sub("", words)) is None
