"""Print how long `recap --help` takes to start and how long an offline draft takes.

Run: .venv/bin/python bench/bench_startup_offline.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "examples" / "shop-2025.toml"


def time_command(args: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=REPO)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_offline_draft(style: str, runs: int = 20) -> float:
    from assistant.drafting import DraftContext, draft_report
    from assistant.offline import OfflineDrafter

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            start = time.perf_counter()
            ctx = DraftContext.from_notes_file(SAMPLE, style)
            draft_report(ctx, OfflineDrafter(), Path(tmp) / "d.md")
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    py = sys.executable
    help_s = time_command([py, "-m", "assistant", "--help"])
    bare_s = time_command([py, "-c", "pass"])
    print(f"recap --help 启动时间(中位数): {help_s * 1000:.0f} ms(空 Python 进程 {bare_s * 1000:.0f} ms)")
    for style in ("data", "narrative", "project"):
        t = time_offline_draft(style)
        print(f"离线起草 shop-2025.toml · {style}(进程内,含读取素材与写文件): {t * 1000:.1f} ms")
    whole = time_command([py, "-m", "assistant", "draft", str(SAMPLE), "--backend", "offline",
                          "-o", str(Path(tempfile.gettempdir()) / "recap-bench.md")], runs=3)
    print(f"recap draft 整条命令(含启动): {whole * 1000:.0f} ms")


if __name__ == "__main__":
    main()
