"""A local cache of model calls, so a second run reuses finished sections.

SQLite in the user cache dir (``RECAP_CACHE_DIR`` or ``[llm] cache_path`` moves it).
It follows langchain-core's ``BaseCache`` interface (``prompt`` + ``llm_string`` ->
generations) and is keyed by a hash of both: the exact messages and the model
settings that shape a reply (model, endpoint, temperature, output limit). Only the
reply text and its token counts are stored: not the prompt, never the API key.

One connection guarded by a lock, WAL mode and a busy timeout: safe for many
concurrent asyncio tasks (the async methods run the queries in a worker thread)
and for two recap processes sharing the file.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.caches import RETURN_VAL_TYPE, BaseCache
from langchain_core.outputs import Generation

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class CachedReply:
    text: str
    prompt_tokens: int
    completion_tokens: int


def cache_key(prompt: str, llm_string: str) -> str:
    return hashlib.sha256(f"{SCHEMA_VERSION}\x00{llm_string}\x00{prompt}".encode()).hexdigest()


class SQLiteCallCache(BaseCache):
    """``BaseCache`` over one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False,
                                   isolation_level=None)
            with contextlib.suppress(sqlite3.DatabaseError):
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS calls (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
                " created REAL NOT NULL)")
            self._conn = conn
        return self._conn

    # -- BaseCache -------------------------------------------------------------------

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        reply = self.get(prompt, llm_string)
        if reply is None:
            return None
        return [Generation(text=reply.text, generation_info={
            "prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens})]

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        gens: Sequence[Generation] = return_val
        if not gens:
            return
        info: dict[str, Any] = gens[0].generation_info or {}
        self.put(prompt, llm_string, CachedReply(gens[0].text, int(info.get("prompt_tokens", 0)),
                                                 int(info.get("completion_tokens", 0))))

    def clear(self, **kwargs: Any) -> None:
        with self._lock:
            self._db().execute("DELETE FROM calls")

    async def alookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        return await asyncio.to_thread(self.lookup, prompt, llm_string)

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        await asyncio.to_thread(self.update, prompt, llm_string, return_val)

    async def aclear(self, **kwargs: Any) -> None:
        await asyncio.to_thread(self.clear)

    # -- typed helpers used by the chain ---------------------------------------------

    def get(self, prompt: str, llm_string: str) -> CachedReply | None:
        key = cache_key(prompt, llm_string)
        try:
            with self._lock:
                row = self._db().execute("SELECT value FROM calls WHERE key = ?",
                                         (key,)).fetchone()
        except (sqlite3.Error, OSError):
            return None  # a broken cache never breaks drafting
        if row is None:
            return None
        try:
            data = json.loads(row[0])
            return CachedReply(str(data["text"]), int(data["prompt_tokens"]),
                               int(data["completion_tokens"]))
        except (ValueError, KeyError, TypeError):
            return None

    def put(self, prompt: str, llm_string: str, reply: CachedReply) -> None:
        key = cache_key(prompt, llm_string)
        value = json.dumps({"text": reply.text, "prompt_tokens": reply.prompt_tokens,
                            "completion_tokens": reply.completion_tokens}, ensure_ascii=False)
        try:
            with self._lock:
                self._db().execute(
                    "INSERT OR REPLACE INTO calls (key, value, created) VALUES (?, ?, ?)",
                    (key, value, time.time()))
        except (sqlite3.Error, OSError):
            pass

    async def aget(self, prompt: str, llm_string: str) -> CachedReply | None:
        return await asyncio.to_thread(self.get, prompt, llm_string)

    async def aput(self, prompt: str, llm_string: str, reply: CachedReply) -> None:
        await asyncio.to_thread(self.put, prompt, llm_string, reply)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
