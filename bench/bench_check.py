"""How long the number checker takes on a 200,000-character draft and on one line
of 700,000 numbers.

Builds a long draft from offline drafts of the sample notes (all three styles,
repeated, with a few planted errors), then times, in-process:

1. ``find_numbers`` over the whole file;
2. ``check_draft`` (extraction, subjects, matching, sections), the figure that must
   stay under one second;
3. ``recap check --format json`` as a user runs it (new process: start-up, loading
   the notes, building the facts included);
4. ``check_text`` over one line of 700,000 numbers (issue 14: this took minutes when
   the start of the line was searched back for every number), and over a tenth of it,
   to show the time grows linearly.

Beside each figure it prints a baseline measured in the same run on the same text:
one regex pass that finds every run of digits. The ratio to the baseline says how
much work the checker does per character, whatever the speed of the machine.

Run: .venv/bin/python bench/bench_check.py [--chars 200000] [--numbers 700000]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assistant.checker import check_draft, check_text
from assistant.draftfile import Draft
from assistant.drafting import DraftContext, draft_report
from assistant.facts import build_facts
from assistant.notes import load_notes
from assistant.numbers import find_numbers
from assistant.offline import OfflineDrafter
from assistant.typography import COLON, COMMA, LPAREN, RPAREN

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


def number_line(count: int) -> str:
    """One line of ``count`` numbers, as a pasted spreadsheet row might be."""
    return "数据:" + ",".join(f"{i % 997 + 3}.{i % 10}%" for i in range(count)) + "\n"


def baseline(text: str) -> float:
    """One regex pass over ``text`` that finds every run of digits."""
    pattern = re.compile(r"\d+")
    return best_of(3, lambda: sum(1 for _ in pattern.finditer(text)))


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
    parser.add_argument("--numbers", type=int, default=700_000)
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
        t_check = best_of(3, lambda: check_draft(draft, facts, year=year, notes=notes))
        t_base = baseline(text)
        report = check_draft(draft, facts, year=year, notes=notes)

        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "assistant", "check", str(path), "--notes",
                               str(SAMPLE), "--format", "json"], capture_output=True, text=True)
        t_cli = time.perf_counter() - start

    c, col = COMMA, COLON
    print(f"草稿长度{col}{len(text):,} 字符{c}{len(draft.sections)} 节{c}{len(facts)} 条事实")
    print(f"核对数字{col}{report.numbers_checked:,} 个{c}标记 {len(report.flags):,} 处")
    print(f"基线{LPAREN}同一文本一次正则扫描数字{RPAREN}{col}{t_base:.3f} s")
    print(f"find_numbers{col}{t_find:.3f} s")
    print(f"check_draft{col}{t_check:.3f} s{LPAREN}目标 < {TARGET_SECONDS:.0f} s{c}"
          f"基线的 {t_check / t_base:.0f} 倍{RPAREN}")
    print(f"recap check 命令{LPAREN}含启动{RPAREN}{col}{t_cli:.3f} s{c}退出码 {proc.returncode}")
    print("结果" + col + ("达标" if t_check < TARGET_SECONDS else "超时"))

    small_n = max(1, args.numbers // 10)
    small, big = number_line(small_n), number_line(args.numbers)
    t_small = best_of(1, lambda: check_text(small, facts, year=year, notes=notes))
    t_big = best_of(1, lambda: check_text(big, facts, year=year, notes=notes))
    b_small, b_big = baseline(small), baseline(big)
    print()
    print(f"一行 {small_n:,} 个数字{col}check_text {t_small:.2f} s{c}基线 {b_small:.3f} s"
          f"{LPAREN}{t_small / b_small:.0f} 倍{RPAREN}")
    print(f"一行 {args.numbers:,} 个数字{col}check_text {t_big:.2f} s{c}基线 {b_big:.3f} s"
          f"{LPAREN}{t_big / b_big:.0f} 倍{RPAREN}")
    growth = t_big / t_small
    size = args.numbers / small_n
    print(f"数字多 {size:.0f} 倍{c}用时多 {growth:.1f} 倍" + c
          + ("线性增长" if growth < size * 2 else "增长快于线性"))


if __name__ == "__main__":
    main()
