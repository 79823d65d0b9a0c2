"""The local call cache: exact prompt + model settings -> reply, safe under concurrency."""

from __future__ import annotations

import asyncio
from pathlib import Path

from langchain_core.outputs import Generation

from assistant.llm.cache import CachedReply, SQLiteCallCache

MODEL = '{"model": "m", "base_url": "http://x/v1"}'


def test_reply_is_found_only_for_the_same_prompt_and_model(tmp_path: Path) -> None:
    cache = SQLiteCallCache(tmp_path / "c.sqlite3")
    cache.put("提示词", MODEL, CachedReply("回复", 10, 2))
    assert cache.get("提示词", MODEL) == CachedReply("回复", 10, 2)
    assert cache.get("提示词 ", MODEL) is None
    assert cache.get("提示词", MODEL.replace("m", "n", 1)) is None
    # The langchain-core BaseCache interface over the same rows.
    [gen] = cache.lookup("提示词", MODEL) or []
    assert gen.text == "回复"
    cache.update("另一个", MODEL, [Generation(text="别的", generation_info={"prompt_tokens": 3})])
    assert cache.get("另一个", MODEL) == CachedReply("别的", 3, 0)
    cache.clear()
    assert cache.get("提示词", MODEL) is None
    cache.close()


def test_many_tasks_and_two_processes_share_one_file(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    a, b = SQLiteCallCache(path), SQLiteCallCache(path)

    async def worker(i: int) -> CachedReply | None:
        cache = a if i % 2 else b
        await cache.aput(f"p{i}", MODEL, CachedReply(f"r{i}", i, i))
        await asyncio.sleep(0)
        return await (b if i % 2 else a).aget(f"p{i}", MODEL)

    async def main() -> list[CachedReply | None]:
        return await asyncio.gather(*(worker(i) for i in range(60)))

    got = asyncio.run(main())
    assert got == [CachedReply(f"r{i}", i, i) for i in range(60)]
    a.close()
    b.close()


def test_an_unusable_cache_never_breaks_drafting(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    cache = SQLiteCallCache(blocker / "c.sqlite3")  # parent is a file: cannot be created
    cache.put("p", MODEL, CachedReply("r", 1, 1))
    assert cache.get("p", MODEL) is None
