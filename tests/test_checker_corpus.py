"""Recall and precision of the checker over a corpus of planted errors and traps.

``tests/checker_corpus/passages.toml`` holds draft passages in the three styles over
both sample notes and ``tests/fixtures/checker-brand-2025.toml``. Numbers wrapped in
⟦…⟧ are planted errors (optionally ⟦…|reason⟧); every other number is a trap.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from paths import EXAMPLES, REPO

from assistant.checker import Flag, check_text
from assistant.facts import FactSet, build_facts
from assistant.notes import load_notes
from assistant.notes.schema import Notes
from assistant.typography import is_han, to_ascii_punctuation

CORPUS = REPO / "tests" / "checker_corpus" / "passages.toml"
NOTES = {
    "shop": EXAMPLES / "shop-2025.toml",
    "specialist": EXAMPLES / "specialist-2025.toml",
    "brand": REPO / "tests" / "fixtures" / "checker-brand-2025.toml",
}
MARK = re.compile(r"⟦([^⟧|]+)(?:\|(\w+))?⟧")
ERROR_KINDS = {"value", "rounding", "qualifier", "unit", "placeholder", "count", "date",
               "metric", "channel", "year"}
_MARKS = {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "(": "\uff08", ")": "\uff09"}


def widen(text: str) -> str:
    """ASCII , : ; ( ) beside a Chinese character made full-width (same length, so the
    planted offsets hold); ``to_ascii_punctuation`` is the way back."""
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch in _MARKS and any(is_han(c) for c in text[max(0, i - 1):i + 2]):
            chars[i] = _MARKS[ch]
    return "".join(chars)


@dataclass
class Passage:
    id: str
    notes: str
    style: str
    kinds: list[str]
    text: str
    expected: list[tuple[int, int, str | None]]  # planted errors: start, end, reason


def parse_passage(entry: dict[str, object]) -> Passage:
    raw = str(entry["text"])
    text, expected, last = "", [], 0
    for m in MARK.finditer(raw):
        text += raw[last:m.start()]
        start = len(text)
        text += m.group(1)
        expected.append((start, len(text), m.group(2)))
        last = m.end()
    text += raw[last:]
    kinds = entry.get("kinds", [])
    assert isinstance(kinds, list)
    return Passage(str(entry["id"]), str(entry["notes"]), str(entry["style"]),
                   [str(k) for k in kinds], text, expected)


def load_corpus() -> list[Passage]:
    with CORPUS.open("rb") as fh:
        data = tomllib.load(fh)
    return [parse_passage(p) for p in data["passage"]]


@pytest.fixture(scope="module")
def corpus() -> list[Passage]:
    return load_corpus()


@pytest.fixture(scope="module")
def fact_sets() -> dict[str, tuple[FactSet, int, Notes]]:
    out = {}
    for name, path in NOTES.items():
        notes = load_notes(path)
        out[name] = (build_facts(notes), notes.report.year, notes)
    return out


def score(passage: Passage, flags: list[Flag]) -> tuple[int, int, int, list[str]]:
    """True positives, false positives, false negatives, and what went wrong."""
    got = {(f.start, f.end): f for f in flags}
    tp = fn = 0
    problems: list[str] = []
    for start, end, reason in passage.expected:
        flag = got.get((start, end))
        if flag is None:
            fn += 1
            problems.append(f"{passage.id}: missed {passage.text[start:end]}")
        elif reason and flag.reason != reason:
            fn += 1
            problems.append(f"{passage.id}: {flag.text} flagged as {flag.reason}, not {reason}")
        else:
            tp += 1
    planted = {(s, e) for s, e, _ in passage.expected}
    fp = 0
    for key, flag in got.items():
        if key not in planted:
            fp += 1
            problems.append(f"{passage.id}: false alarm {flag.text} ({flag.reason})")
    return tp, fp, fn, problems


def test_corpus_covers_every_style_notes_file_and_error_kind(corpus: list[Passage]) -> None:
    assert len(corpus) >= 40
    assert {p.style for p in corpus} == {"data", "narrative", "project"}
    assert {p.notes for p in corpus} == set(NOTES)
    assert {k for p in corpus for k in p.kinds} == ERROR_KINDS
    reasons = {r for p in corpus for _, _, r in p.expected}
    assert {"unit", "placeholder", "mismatch"} <= reasons
    assert sum(r == "mismatch" for p in corpus for _, _, r in p.expected) >= 20
    assert sum(len(p.expected) for p in corpus) >= 60
    assert len({p.id for p in corpus}) == len(corpus)


@pytest.mark.parametrize("width", ["as written", "ascii", "full-width"])
def test_recall_and_precision_over_the_corpus(
        corpus: list[Passage], fact_sets: dict[str, tuple[FactSet, int, Notes]],
        width: str) -> None:
    tp = fp = fn = 0
    problems: list[str] = []
    change = {"as written": str, "ascii": to_ascii_punctuation, "full-width": widen}[width]
    for passage in corpus:
        facts, year, notes = fact_sets[passage.notes]
        text = change(passage.text)
        assert len(text) == len(passage.text)
        flags = check_text(text, facts, year=year, notes=notes)
        a, b, c, p = score(passage, flags)
        tp, fp, fn = tp + a, fp + b, fn + c
        problems += p
    recall = tp / (tp + fn)
    precision = tp / (tp + fp) if tp + fp else 1.0
    print(f"\nchecker corpus ({width}): {len(corpus)} passages, {tp + fn} planted errors, "
          f"recall {recall:.3f}, precision {precision:.3f}")
    for line in problems:
        print("  " + line)
    assert recall >= 0.95, problems
    assert precision >= 0.95, problems


def test_scoring_counts_misses_and_false_alarms() -> None:
    passage = parse_passage({"id": "t", "notes": "shop", "style": "data",
                             "text": "增长⟦25%⟧,提升⟦2.6%|unit⟧,2025年"})
    assert [passage.text[s:e] for s, e, _ in passage.expected] == ["25%", "2.6%"]
    year_flag = Flag("2025", 13, 17, "", "unsupported", None)
    wrong_reason = Flag("2.6%", 8, 12, "", "unsupported", None)
    assert score(passage, [wrong_reason, year_flag])[:3] == (0, 1, 2)


def test_corpus_file_is_readable_as_a_data_file() -> None:
    assert Path(CORPUS).read_text(encoding="utf-8").count("[[passage]]") == len(load_corpus())
