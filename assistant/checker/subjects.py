"""What a number in a draft is about (spec: "Numbers must belong to what they are
written about").

A number's subject is the nearest measure and the nearest entity named before it in
the same sentence (``assistant.checker.names``), carried across commas while the
clause holds only words that keep it (同比增长, 较去年的, 占总投入的), and the periods
its sentence allows (去年, 目标, 下一年度, 第四季度 ... in the sentence, the heading
above, a table's column header or the section title). Names, sentence and clause
boundaries and period words are found in one pass over the text each and looked up
with ``bisect``, so a check stays linear in the length of the draft.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from assistant.checker.names import Lexicon, Mention
from assistant.checker.tags import CHANGE_RE, LAST, NEXT, QUARTER, TARGET, THIS

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
        change = CHANGE_RE.search(self.text, max(sentence, start - CHANGE_BEFORE),
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
