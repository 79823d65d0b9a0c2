"""Turn the model's ``{{fact.id}}`` citations into the facts' own wording.

The model never writes a number it was given: it writes ``GMV同比{{gmv.yoy}}`` and
the program puts in ``增长24.2%`` (the fact's ``phrase``). What can go wrong is
caught here and reported as an ``Issue`` so the chain can send it back:

- an id that is not a fact (made up or misspelt): ``unknown`` — never left as braces;
- two values run together without a label between them: ``adjacent``;
- a direction word contradicting the fact (``下降{{gmv.yoy}}`` when GMV grew):
  ``direction``.

Harmless doubling is repaired silently: ``同比增长{{gmv.yoy}}`` does not become
``同比增长增长24.2%`` and ``{{gmv}}万元`` does not become ``5860万元万元``.

This module also cleans a reply into a section body (no stray anchors, no repeated
title, no ``<think>`` block).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.facts import Fact, FactSet

IssueKind = Literal["unknown", "adjacent", "direction", "empty"]

UNKNOWN_MARKER = "【待核实：此处引用的数据不存在】"

# {{id}} with sloppy variants: single or unbalanced braces, spaces, full-width braces.
_PLACEHOLDER = re.compile(r"\{\{?[ \t]*([^{}\n]{0,80}?)[ \t]*\}?\}")
# ... and one never closed: "{{gmv.yoy。" is read as "{{gmv.yoy}}。"
_UNCLOSED = re.compile(r"\{\{?[ \t]*([A-Za-z][A-Za-z0-9_.\[\]\-]*)(?![A-Za-z0-9_.\[\]\-]|[ \t]*\})")
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
_LEADING_WORDS = re.compile(rf"^([^\d{_CN_NUMERAL}]*)")
_UP_WORDS = ("增长", "增加", "提升", "上涨", "上升", "提高", "延长", "超出目标", "超出")
_DOWN_WORDS = ("下降", "减少", "降低", "下滑", "下跌", "回落", "缩短", "缩减")
_PUNCT = set("、,,;;::。 \t\n()()“”\"'-—~～/|*_#>")
_CONNECTOR_WORDS = {"", "和", "与", "及", "以及", "或", "或者", "至", "到", "比", "较", "并", "且",
                    "从", "达", "为", "是"}
_LETTER = re.compile(r"[A-Za-z\u3400-\u9fff]")


@dataclass(frozen=True)
class Issue:
    kind: IssueKind
    text: str  # what the reader would see (or the bad placeholder itself)
    detail: str  # Chinese, for the re-ask message and the report
    fact_id: str | None = None


@dataclass(frozen=True)
class Substitution:
    start: int  # span in the output text
    end: int
    fact: Fact


@dataclass
class Filled:
    """A reply with every citation resolved (unknown ones left as markers)."""

    text: str
    spans: list[Substitution] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    unknown_spans: list[tuple[int, int, str]] = field(default_factory=list)


def _norm(fact_id: str) -> str:
    s = fact_id.strip().lower()
    for prefix in ("facts.", "fact."):
        if s.startswith(prefix):
            s = s[len(prefix):]
    return re.sub(r"[._\-\s]+", ".", s)


class FactIndex:
    """Resolves an id written by the model: exact, or unambiguous after normalising."""

    def __init__(self, facts: FactSet) -> None:
        self.facts = facts
        groups: dict[str, list[Fact]] = {}
        for fact in facts:
            groups.setdefault(_norm(fact.id), []).append(fact)
        self._loose = {k: v[0] for k, v in groups.items() if len(v) == 1}

    def resolve(self, written: str) -> Fact | None:
        written = written.strip()
        exact = self.facts.get(written)
        if exact is not None:
            return exact
        return self._loose.get(_norm(written))


def _direction(word: str) -> int:
    if word.endswith(_UP_WORDS) or word.startswith(_UP_WORDS):
        return 1
    if word.endswith(_DOWN_WORDS) or word.startswith(_DOWN_WORDS):
        return -1
    return 0


def _lead(phrase: str) -> str:
    m = _LEADING_WORDS.match(phrase)
    return m.group(1) if m else ""


def _unit(fact: Fact) -> str:
    """The unit written after the number in the fact's text (``万元``, ``%``, ``款``)."""
    if fact.text[:1].isdigit():
        return re.sub(r"^[\d.,]+", "", fact.text)
    return re.sub(r"^[零〇一二两三四五六七八九十百千]+", "", fact.text)


def _overlap_with_lead(before: str, lead: str) -> bool:
    """``before`` already ends with (the tail of) the phrase's leading words."""
    if not lead:
        return False
    tail = before.rstrip()
    return any(tail.endswith(lead[-size:]) for size in range(len(lead), 1, -1))


def _trailing_direction(before: str) -> str | None:
    tail = before.rstrip()
    for word in (*_UP_WORDS, *_DOWN_WORDS):
        if tail.endswith(word):
            return word
    return None


def fill(text: str, facts: FactSet, *, index: FactIndex | None = None) -> Filled:
    """Replace every citation by its fact's phrase; collect what needs a re-ask.

    The result is always safe to show: unknown ids become a visible marker and a
    direction word contradicting the fact is dropped (the fact's own phrase says
    which way it went), while the issues still ask the model to rewrite.
    """
    index = index or FactIndex(facts)
    text = text.replace("｛", "{").replace("｝", "}")
    text = _UNCLOSED.sub(lambda m: "{{" + m.group(1) + "}}", text)
    filled = Filled("")
    buf = ""
    pos = 0
    skip_unit = ""
    for m in _PLACEHOLDER.finditer(text):
        chunk = text[pos:m.start()]
        if skip_unit and chunk.startswith(skip_unit):
            chunk = chunk[len(skip_unit):]
        skip_unit = ""
        buf += _no_braces(chunk)
        pos = m.end()
        fact = index.resolve(m.group(1))
        if fact is None:
            filled.unknown_spans.append((len(buf), len(buf) + len(UNKNOWN_MARKER), m.group(1)))
            buf += UNKNOWN_MARKER
            filled.issues.append(Issue(
                "unknown", m.group(0),
                f"引用了不存在的编号 {m.group(0)}（只能使用“可引用的数据”清单里的编号）"))
            continue
        phrase = fact.phrase
        lead = _lead(phrase)
        said = _trailing_direction(buf)
        lead_dir = _direction(lead) if lead else 0
        said_dir = _direction(said) if said else 0
        if said and lead_dir and said_dir and lead_dir != said_dir:
            filled.issues.append(Issue(
                "direction", f"{said}{{{{{fact.id}}}}}",
                f"“{said}{{{{{fact.id}}}}}”与数据方向相反：{fact.label}实际是“{fact.phrase}”，"
                "请按实际方向改写这句话", fact.id))
            buf = buf.rstrip()[:-len(said)]
        elif (said and lead_dir and lead_dir == said_dir) or _overlap_with_lead(buf, lead):
            phrase = phrase[len(lead):]
        skip_unit = _unit(fact)
        filled.spans.append(Substitution(len(buf), len(buf) + len(phrase), fact))
        buf += phrase
    rest = text[pos:]
    if skip_unit and rest.startswith(skip_unit):
        rest = rest[len(skip_unit):]
    filled.text = buf + _no_braces(rest)
    filled.issues.extend(_adjacent(filled))
    return filled


def _no_braces(text: str) -> str:
    """Text between citations never carries a brace into the draft."""
    return text.replace("{", "").replace("}", "")


def _adjacent(filled: Filled) -> list[Issue]:
    issues = []
    for a, b in zip(filled.spans, filled.spans[1:], strict=False):
        gap = filled.text[a.end:b.start]
        if "\n\n" in gap:
            continue
        line_start = filled.text.rfind("\n", 0, a.start) + 1
        if "|" in gap and filled.text[line_start:a.start].lstrip().startswith("|"):
            continue  # table cells: the column headers are the labels
        words = "".join(ch for ch in gap if ch not in _PUNCT)
        if words in _CONNECTOR_WORDS or len(_LETTER.findall(words)) < 2:
            seen = filled.text[a.start:b.end]
            issues.append(Issue(
                "adjacent", seen,
                f"“{seen}”两个数据连在一起，看不出各自是什么指标；"
                f"请在每个数据前写明指标名称（如“{a.fact.label}”“{b.fact.label}”）",
                b.fact.id))
    return issues


def separate_adjacent(filled: Filled) -> Filled:
    """Last resort after re-asks: put the label before each crowded value."""
    crowded = {i.fact_id for i in filled.issues if i.kind == "adjacent"}
    text = filled.text
    spans: list[Substitution] = []
    shift = 0
    for sub in filled.spans:
        start, end = sub.start + shift, sub.end + shift
        label = sub.fact.label
        if sub.fact.id in crowded and not text[:start].endswith(label):
            text = text[:start] + label + text[start:]
            start, end, shift = start + len(label), end + len(label), shift + len(label)
        spans.append(Substitution(start, end, sub.fact))
    issues = [i for i in filled.issues if i.kind != "adjacent"]
    return Filled(text, spans, issues)


# -- reply -> body -------------------------------------------------------------------

_THINK = re.compile(r"<think>.*?(</think>|\Z)", re.DOTALL)
_FENCE = re.compile(r"^\s*```[a-zA-Z]*\n(.*?)\n```\s*$", re.DOTALL)
_ANCHOR_LINE = re.compile(r"^[ \t]*<!--\s*section:.*?-->[ \t]*\n?", re.MULTILINE)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$", re.MULTILINE)


def clean_reply(text: str, *, title: str, level: int) -> str:
    """A model reply as a section body: Markdown, headings below the section's level."""
    text = _THINK.sub("", text).strip()
    fence = _FENCE.match(text)
    if fence:
        text = fence.group(1).strip()
    text = _ANCHOR_LINE.sub("", text)
    first_line = text.split("\n", 1)[0].strip()
    bold = re.fullmatch(r"\*\*(.+?)\*\*", first_line)
    heading = _HEADING.match(first_line)
    shown = heading.group(2) if heading else (bold.group(1) if bold else None)
    if shown is not None and _same_title(shown, title):  # the model repeated the title
        text = text[len(text.split("\n", 1)[0]):].lstrip("\n")
    sub_level = min(level + 1, 6)

    def demote(m: re.Match[str]) -> str:
        hashes = m.group(1)
        if len(hashes) < sub_level:
            hashes = "#" * sub_level
        return f"{hashes} {m.group(2)}"

    return _HEADING.sub(demote, text).strip()


def _same_title(heading: str, title: str) -> bool:
    def core(s: str) -> str:
        s = re.sub(r"^(第[一二三四五六七八九十]+章[::]?|[一二三四五六七八九十]+、|项目[一二三四五六七八九十]+[::])",
                   "", s.strip())
        return re.sub(r"[\s*::]", "", s)

    a, b = core(heading), core(title)
    if not a:
        return False
    return a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a))
