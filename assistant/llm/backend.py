"""The ``llm`` backend as a ``Drafter``: config in, section results out.

``make_llm_drafter`` is what ``assistant.backends`` calls; it reads the config
(cheap) and defers importing langchain/openai to the first ``draft`` call.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from assistant.drafting import DraftContext, SectionRequest, SectionResult
from assistant.errors import ConfigError, ModelError
from assistant.llm import startup
from assistant.llm.config import LLMConfig, load_llm_config

if TYPE_CHECKING:
    from assistant.console import UI

T = TypeVar("T")
PREFLIGHT_WAIT = 0.1  # seconds; a local refusal takes under a millisecond


class LLMDrafter:
    """Drafts sections with the configured OpenAI-compatible model."""

    name = "llm"

    def __init__(self, config: LLMConfig, *, ui: UI | None = None) -> None:
        if not config.configured:
            raise ConfigError(
                "没有配置模型，无法使用 llm 后端。",
                hint="设置环境变量 RECAP_MODEL（以及 RECAP_BASE_URL、RECAP_API_KEY），"
                     "或在配置文件 [llm] 中写 model；各家服务的写法见 docs/models.md。"
                     "也可以用 --backend offline 离线起草。",
            )
        self.config = config
        self.ui = ui
        self.last_results: list[SectionResult] = []
        self.gaps: dict[str, list[str]] = {}  # section id -> what the notes lack (last draft)
        from assistant.llm.client import Preflight

        # Nothing listening at the endpoint is known before the model libraries load.
        self._preflight = Preflight(config).start()

    def draft(self, ctx: DraftContext, requests: list[SectionRequest]) -> list[SectionResult]:
        self.last_results = run_sync(self.adraft(ctx, requests))
        return self.last_results

    async def adraft(self, ctx: DraftContext, requests: list[SectionRequest]
                     ) -> list[SectionResult]:
        early = self._preflight.result(wait=PREFLIGHT_WAIT)
        if early is not None and any(not r.planned.missing for r in requests):
            raise ModelError(early.message, hint=early.hint)
        startup.pause()  # resumed as the first request goes out (assistant.llm.chain)
        try:
            return await self._adraft(ctx, requests)
        finally:
            startup.resume()

    async def _adraft(self, ctx: DraftContext, requests: list[SectionRequest]
                      ) -> list[SectionResult]:
        from assistant.llm.cache import SQLiteCallCache
        from assistant.llm.chain import DraftChain
        from assistant.llm.progress import LiveProgress, NullProgress

        cache = SQLiteCallCache(self.config.resolved_cache_path()) if self.config.cache else None
        try:
            if self.ui is None:
                chain = DraftChain(self.config, ctx, progress=NullProgress(), cache=cache)
                results = await chain.run(requests)
            else:
                heading = f"模型起草中：{self.config.model} @ {self.config.display_url}"
                with LiveProgress(self.ui, heading) as progress:
                    chain = DraftChain(self.config, ctx, progress=progress, cache=cache)
                    results = await chain.run(requests)
        finally:
            if cache is not None:
                cache.close()
        self.gaps = chain.gaps
        if self.ui is not None:
            for note in chain.plan_notes:
                self.ui.notice(note)
            if self.config.plan == "model" and chain.builder.plan.thesis:
                self.ui.info(f"全篇论点：{chain.builder.plan.thesis}")
        if self.ui is not None and self.gaps:
            titles = {r.planned.id: r.planned.title for r in requests}
            self.ui.notice("素材里缺少下面这些内容（正文已绕开不写；补进素材后可用 recap regen "
                           "重新生成对应章节）：")
            for sid, gaps in self.gaps.items():
                for gap in gaps:
                    self.ui.info(f"  - {titles.get(sid, sid)}：{gap}")
        return results


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine from sync code, also when an event loop is already running."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def make_llm_drafter(config_path: Path | None = None, *, ui: UI | None = None,
                     overrides: dict[str, Any] | None = None) -> LLMDrafter:
    """The llm drafter for the merged configuration (``ConfigError`` when unusable)."""
    return LLMDrafter(load_llm_config(config_path, overrides=overrides), ui=ui)
