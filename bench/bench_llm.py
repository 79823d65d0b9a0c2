"""How long ``recap draft`` takes on the model path, beside the code before this work.

Starts the test suite's local OpenAI-compatible server (tests/fakeserver.py) with a
fixed latency per call (3 s by default) and runs ``recap draft`` as a user does (a
new process: interpreter start-up, imports, drafting, writing, exit) for every
style with the bundled sample, alternating between

- *today*: the code at ``--baseline`` (default: the commit this work started from),
  unpacked with ``git archive`` and run with the same interpreter and libraries;
- *now*: this checkout.

For each run it prints the whole-process wall time divided by one call's latency
(sections run concurrently, so about one call is the floor: goal <= 1.45) and the
time from process start to the first request reaching the server (goal <= 1.1 s).
Then a second run of the current code shows the call cache (0 calls).

The server reports no token usage by default (some local servers do not), so
prompt tokens are counted locally; ``--usage`` makes it report them.

Run: .venv/bin/python bench/bench_llm.py [--latency 3] [--runs 3] [--baseline REF]
(``BENCH_STYLES="data"`` limits the styles.)
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "examples" / "shop-2025.toml"
STYLES = tuple(os.environ.get("BENCH_STYLES", "data narrative project").split())
BASELINE = "f3b7a01"  # the model path before issue 10 items 6-9 (one client, start-up)
sys.path.insert(0, str(REPO / "tests"))

from fakeserver import FakeOpenAI  # noqa: E402

GOAL_RATIO = 1.45
GOAL_FIRST = 1.1


@dataclass
class Run:
    wall: float
    first: float
    calls: int
    cpu: float  # the process's own CPU seconds: a figure that a busy machine inflates less


def unpack(ref: str, into: Path) -> Path:
    """The tree of ``ref`` (code, prompts, examples, config) in a directory."""
    archive = into / "baseline.tar"
    subprocess.run(["git", "-C", str(REPO), "archive", "-o", str(archive), ref], check=True)
    root = into / "baseline"
    with tarfile.open(archive) as tar:
        tar.extractall(root, filter="data")
    return root


def draft(server: FakeOpenAI, code: Path, style: str, out: Path, cache: Path) -> Run:
    env = dict(os.environ, RECAP_CACHE_DIR=str(cache), PYTHONPATH=str(code))
    server.reset()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    proc = subprocess.run([sys.executable, "-m", "assistant", "draft", str(SAMPLE), "--style",
                           style, "--backend", "llm", "-o", str(out)],
                          capture_output=True, text=True, cwd=code, env=env)
    wall = time.time() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"recap draft 失败（{code}）：\n{proc.stderr}")
    calls = server.calls()
    first = min(c.received_at for c in calls) - start if calls else float("nan")
    return Run(wall, first, len(calls), cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=3.0, help="每次模型调用的延迟（秒）")
    parser.add_argument("--runs", type=int, default=3, help="每种情况运行几次（取中位数）")
    parser.add_argument("--baseline", default=BASELINE, help="对比的旧版本（git 提交）")
    parser.add_argument("--usage", action="store_true", help="服务端报告 token 用量")
    args = parser.parse_args()
    latency = args.latency

    with tempfile.TemporaryDirectory() as tmp, \
            FakeOpenAI(latency=latency, usage=args.usage) as server:
        root = Path(tmp)
        old_code = unpack(args.baseline, root)
        os.environ.update({
            "RECAP_MODEL": "bench-model", "RECAP_BASE_URL": server.base_url,
            "RECAP_API_KEY": "sk-bench-not-a-real-key", "RECAP_CONFIG_DIR": str(root / "config"),
        })
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            os.environ.pop(name, None)

        results: dict[tuple[str, str], list[Run]] = {}
        n = 0
        for _ in range(args.runs):
            for style in STYLES:
                for label, code in (("today", old_code), ("now", REPO)):
                    n += 1
                    run = draft(server, code, style, root / f"{n}.md", root / f"cache-{n}")
                    results.setdefault((style, label), []).append(run)
        cold = draft(server, REPO, "data", root / "again.md", root / "cache-again")
        again = draft(server, REPO, "data", root / "again2.md", root / "cache-again")

    def med(style: str, label: str, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in results[(style, label)])

    print(f"模型调用延迟 {latency:g} 秒/次；每种情况运行 {args.runs} 次取中位数；"
          f"today = {args.baseline}，now = 当前代码；服务端{'报告' if args.usage else '不报告'}用量")
    print(f"{'风格':<10}{'整体÷延迟 today':>16}{'now':>8}{'首个请求 today':>16}{'now':>8}"
          f"{'CPU today':>11}{'now':>7}   目标")
    ok = True
    for style in STYLES:
        ratio_old = med(style, "today", "wall") / latency
        ratio_new = med(style, "now", "wall") / latency
        first_old = med(style, "today", "first")
        first_new = med(style, "now", "first")
        good = ratio_new <= GOAL_RATIO and first_new <= GOAL_FIRST
        ok = ok and good
        calls = results[(style, "now")][0].calls
        cpu_old = med(style, "today", "cpu")
        cpu_new = med(style, "now", "cpu")
        print(f"{style:<10}{ratio_old:>16.2f}{ratio_new:>8.2f}{first_old:>14.2f} s{first_new:>6.2f} s"
              f"{cpu_old:>9.2f} s{cpu_new:>5.2f} s"
              f"   ≤ {GOAL_RATIO} / ≤ {GOAL_FIRST} s {'✓' if good else '✗'}（{calls} 次调用）")
    print(f"再次运行（命中缓存）：{again.wall:.2f} 秒，模型调用 {again.calls} 次"
          f"（首次 {cold.calls} 次）")
    if not ok:
        print("注意：目标未达到（这台机器负载高时数字会偏大，请在空闲时重跑）。")


if __name__ == "__main__":
    main()
