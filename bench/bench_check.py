"""How long the number checker takes on a 200,000-character draft.

Builds a long draft from offline drafts of both sample notes (all three styles,
repeated, with a few planted errors), then times, in-process:

1. ``find_numbers`` over the whole file;
2. ``check_draft`` (extraction + matching + sections), the figure that must stay
   under one second;
3. ``recap check --format json`` as a user runs it (new process: start-up, loading
   the notes, building the facts included).

Run: .venv/bin/python bench/bench_check.py [--chars 200000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assistant.checker import check_draft
from assistant.draftfile import Draft
from assistant.drafting import DraftContext, draft_report
from assistant.facts import build_facts
from assistant.notes import load_notes
from assistant.numbers import find_numbers
from assistant.offline import OfflineDrafter

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "examples" / "shop-2025.toml"
TARGET_SECONDS = 1.0


def long_draft(folder: Path, chars: int) -> Path:
    """A draft of at least ``chars`` characters whose front matter names SAMPLE."""
    bodies: list[str] = []
    head = ""
    for style in ("data", "narrative", "project"):
        ctx = DraftContext.from_notes_file(SAMPLE, style)
        draft, _ = draft_report(ctx, OfflineDrafter(), folder / f"{style}.md")
        head = head or draft.header
        bodies.append("".join(s.raw for s in draft.sections))
    text, n = head, 0
    while len(text) < chars:
        body = bodies[n % len(bodies)].replace("<!-- section: ", f"<!-- section: r{n}-")
        text += body + f"补充说明:第{n}轮复盘中,新增门店{n % 7 + 9}家,GMV增长XX%。\n\n"
        n += 1
    out = folder / "long.md"
    out.write_text(text, encoding="utf-8")
    return out


def best_of(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = long_draft(Path(tmp), args.chars)
        draft = Draft.load(path)
        text = draft.to_text()
        notes = load_notes(SAMPLE)
        facts = build_facts(notes)
        year = notes.report.year

        find_numbers(text[:2000], year=year)  # warm the cn2an import and caches
        t_find = best_of(3, lambda: find_numbers(text, year=year))
        t_check = best_of(3, lambda: check_draft(draft, facts, year=year))
        report = check_draft(draft, facts, year=year)

        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "assistant", "check", str(path), "--notes",
                               str(SAMPLE), "--format", "json"], capture_output=True, text=True)
        t_cli = time.perf_counter() - start

    print(f"草稿长度:{len(text):,} 字符,{len(draft.sections)} 节,{len(facts)} 条事实")
    print(f"核对数字:{report.numbers_checked:,} 个,标记 {len(report.flags):,} 处")
    print(f"find_numbers:{t_find:.3f} s")
    print(f"check_draft:{t_check:.3f} s(目标 < {TARGET_SECONDS:.0f} s)")
    print(f"recap check 命令(含启动):{t_cli:.3f} s,退出码 {proc.returncode}")
    print("结果:" + ("达标" if t_check < TARGET_SECONDS else "超时"))


if __name__ == "__main__":
    main()
