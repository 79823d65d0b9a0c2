"""The checker under hostile input (issue 14): huge numbers, one enormous line."""

from __future__ import annotations

import json
from pathlib import Path

from paths import SAMPLES
from typer.testing import CliRunner

from assistant.checker import check_text
from assistant.cli import app
from assistant.drafting import DraftContext, draft_report
from assistant.facts import build_facts
from assistant.notes import load_notes
from assistant.numbers import find_numbers
from assistant.offline import OfflineDrafter

YEAR = 2025


def test_a_number_of_thousands_of_digits_is_flagged_not_a_crash() -> None:
    facts = build_facts(load_notes(SAMPLES[0]))
    for digits in (5000, 4301, 400, 309):
        huge = "9" * digits
        flags = check_text(f"GMV达到{huge}万元,增长{huge}%,还有{huge}。", facts, year=YEAR)
        assert [f.reason for f in flags] == ["unsupported"] * 3, digits
        assert [f.text for f in flags] == [f"{huge}万元", f"{huge}%", huge]


def test_a_huge_number_is_never_supported_by_overflowing_to_infinity() -> None:
    facts = build_facts(load_notes(SAMPLES[0]))
    text = "约" + "1" * 320 + "人,超过" + "5" * 400 + "倍"
    assert all(m.value == float("inf") for m in find_numbers(text, year=YEAR))
    assert [f.reason for f in check_text(text, facts, year=YEAR)] == ["unsupported"] * 2


def test_recap_check_reports_a_5000_digit_number(tmp_path: Path) -> None:
    ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
    out = tmp_path / "d.md"
    draft_report(ctx, OfflineDrafter(), out)
    text = out.read_text(encoding="utf-8")
    out.write_text(text.replace("5860万元", "9" * 5000 + "万元", 1), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(out), "--format", "json"])
    assert result.exit_code == 1, result.output
    [flag] = json.loads(result.stdout)["flags"]
    assert flag["reason"] in ("unsupported", "mismatch") and flag["text"].startswith("9999")


def test_a_long_line_of_numbers_is_checked_number_by_number() -> None:
    """One line of 20,000 numbers (bench/bench_check.py times 700,000 of them)."""
    facts = build_facts(load_notes(SAMPLES[0]))
    line = ",".join(str(i % 90 + 10) + "%" for i in range(20_000))
    flags = check_text(line, facts, year=YEAR)
    assert len(find_numbers(line, year=YEAR)) == 20_000
    assert 0 < len(flags) < 20_000  # 10%..99%: some are facts (24.2% rounds to 24%), most not
