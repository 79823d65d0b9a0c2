"""How drafting scales with the number of metrics (issue 14, item 11).

Writes notes files with 1,000 and 10,000 metrics (each with target, last year and
four quarters, so every derived fact is built), then times ``recap draft`` in-process
(load, facts, offline draft, atomic save) for each, beside two baselines measured in
the same run: the sample notes file and the 1,000-metric file. Linear scaling means
the 10,000-metric draft takes about ten times the 1,000-metric one; the quadratic
fact engine (a ``list.index`` per metric) took 213 s for 10,000.

Run: .venv/bin/python bench/bench_scale.py [--metrics 10000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from assistant.drafting import DraftContext, draft_report
from assistant.offline import OfflineDrafter

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "examples" / "shop-2025.toml"


def many_metrics(path: Path, n: int) -> Path:
    lines = ['[report]', 'title = "规模测试"', "year = 2025", 'style = "data"', ""]
    for i in range(n):
        lines += [f"[metrics.m{i}]", f'label = "指标{i}"', 'unit = "万元"',
                  f"value = {100 + i}", f"target = {120 + i}", f"last_year = {90 + i}",
                  f"quarterly = [{20 + i}, {25 + i}, {30 + i}, {25 + i}]", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def time_draft(notes: Path, out: Path) -> float:
    start = time.perf_counter()
    ctx = DraftContext.from_notes_file(notes)
    draft_report(ctx, OfflineDrafter(), out)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", type=int, default=10_000)
    args = parser.parse_args()
    small = max(1, args.metrics // 10)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = time_draft(SAMPLE, folder / "sample.md")
        t_small = time_draft(many_metrics(folder / "small.toml", small), folder / "small.md")
        t_big = time_draft(many_metrics(folder / "big.toml", args.metrics), folder / "big.md")
    print(f"draft of the sample notes (baseline)      {sample:8.2f} s")
    print(f"draft of {small:>6,} metrics (baseline)        {t_small:8.2f} s")
    print(f"draft of {args.metrics:>6,} metrics                   {t_big:8.2f} s")
    print(f"ratio {args.metrics:,} / {small:,} metrics: {t_big / t_small:.1f} "
          f"(linear = 10, quadratic = 100; the old engine took 213 s for 10,000)")


if __name__ == "__main__":
    main()
