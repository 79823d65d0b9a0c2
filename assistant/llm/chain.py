"""The model chain: sections drafted concurrently, numbers true by construction.

Per section (a ``RunnableLambda``; the sections run through ``abatch`` with
``max_concurrency``)::

    prompt (templates, facts, notes, examples; fitted to the token budget)
      -> ChatOpenAI call (cache, timeout, retries with backoff on 429 / 5xx / timeouts)
      -> clean reply -> fill {{fact.id}} with the facts' phrases
      -> checker on every number left -> problems? send them back (reask) and retry
      -> best attempt kept; what still fails is reported in ``SectionResult.flags``

This module imports langchain and openai, so only ``assistant.llm.backend`` imports
it, and only when the llm backend runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.runnables import RunnableLambda

from assistant.checker import Flag, check_text
from assistant.draftfile import todo_marker
from assistant.drafting import DraftContext, SectionRequest, SectionResult
from assistant.errors import ModelError
from assistant.llm.cache import CachedReply, SQLiteCallCache
from assistant.llm.config import LLMConfig
from assistant.llm.placeholders import (
    UNKNOWN_MARKER,
    FactIndex,
    Filled,
    Substitution,
    clean_reply,
    fill,
    separate_adjacent,
)
from assistant.llm.progress import NullProgress, ProgressSink
from assistant.llm.prompting import Message, PromptBuilder, SectionPrompt
from assistant.llm.tokens import count_messages, count_tokens
from assistant.styles import PlannedSection

if TYPE_CHECKING:
    import httpx
    import openai
    from langchain_openai import ChatOpenAI

RETRY_AFTER_CAP = 30.0
MAX_PROBLEMS_SHOWN = 12
PLACEHOLDER_KEY = "not-needed"  # OpenAI client insists on a key; local servers ignore it

_REASONS = {
    "unsupported": "素材里没有这个数字",
    "placeholder": "这是范文里的占位符,不能出现在报告里",
    "unit": "单位不对(例如把“个百分点”写成了“%”)",
    "mismatch": "这个数字在素材里属于另一个指标、渠道或年份\uff0c不是这里所写对象的数字",
}


class SectionFailed(Exception):
    """A section could not be drafted (after retries); the message is for people."""


class FatalModelError(Exception):
    """Every section would fail the same way (bad key, unknown model, wrong URL)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class ModelReply:
    text: str
    prompt_tokens: int
    completion_tokens: int
    cached: bool = False


@dataclass
class Attempt:
    filled: Filled
    flags: list[Any]
    problems: list[str]  # for the re-ask message (possibly shortened)
    score: int  # how many problems in all: fewer is better


@dataclass
class SectionRun:
    """Bookkeeping for one section while it is drafted."""

    request: SectionRequest
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    all_cached: bool = True
    truncated: bool = False  # the model stopped at max_output_tokens
    attempts: list[Attempt] = field(default_factory=list)


def redact(text: str, secret: str) -> str:
    """Remove the API key (or a long piece of it) from a message."""
    if not secret:
        return text
    text = text.replace(secret, "***")
    if len(secret) >= 12:  # providers echo keys partly ("sk-abc...wxyz")
        for piece in (secret[:8], secret[-6:]):
            text = text.replace(piece, "***")
    return text


class DraftChain:
    """Drafts sections of one report with an OpenAI-compatible chat model."""

    def __init__(self, config: LLMConfig, ctx: DraftContext, *,
                 progress: ProgressSink | None = None,
                 cache: SQLiteCallCache | None = None) -> None:
        self.config = config
        self.ctx = ctx
        self.progress: ProgressSink = progress or NullProgress()
        self.cache = cache
        self.builder = PromptBuilder(ctx, token_budget=config.token_budget)
        self.index = FactIndex(ctx.facts)
        self._abort: asyncio.Event | None = None
        self._fatal: FatalModelError | None = None
        self._llm: ChatOpenAI | None = None
        self._http: httpx.AsyncClient | None = None
        self._llm_lock: asyncio.Lock | None = None
        self.llm_string = json.dumps({
            "model": config.model, "base_url": config.base_url,
            "temperature": config.temperature, "max_tokens": config.max_output_tokens,
        }, sort_keys=True)

    # -- entry point -----------------------------------------------------------------

    async def run(self, requests: list[SectionRequest]) -> list[SectionResult]:
        self._abort = asyncio.Event()
        self._llm_lock = asyncio.Lock()
        section = RunnableLambda(self._section, name="recap_section")
        try:
            with _no_tracing():
                outputs = await section.abatch(
                    requests, config={"max_concurrency": self.config.concurrency},
                    return_exceptions=True)
        finally:
            if self._http is not None:
                await self._http.aclose()
            self._http = self._llm = None
        if self._fatal is not None:
            raise ModelError(redact(self._fatal.message, self.config.secret()),
                             hint=self._fatal.hint)
        results: list[SectionResult] = []
        for req, out in zip(requests, outputs, strict=True):
            if isinstance(out, SectionResult):
                results.append(out)
            else:  # a bug in our own code: report it on the section, keep the rest
                message = redact(f"内部错误:{type(out).__name__}: {out}", self.config.secret())
                results.append(SectionResult(req.planned.id, None, error=message))
        return results

    async def _model(self) -> ChatOpenAI:
        """The chat model, created on the first real call (a cached run never imports it)."""
        if self._llm_lock is None:  # pragma: no cover - run() sets it
            raise RuntimeError("model used outside run()")
        async with self._llm_lock:
            if self._llm is None:
                self._http = _http_client(self.config)
                self._llm = _chat_model(self.config, self._http,
                                        max_tokens=self.config.max_output_tokens,
                                        streaming=self.config.stream)
            return self._llm

    # -- one section -----------------------------------------------------------------

    async def _section(self, request: SectionRequest) -> SectionResult:
        planned = request.planned
        sid = planned.id
        if planned.missing:
            body = todo_marker(planned.missing)
            self.progress.started(sid, planned.title, 0)
            self.progress.finished(sid, ok=True, status="素材不足,已留待补充标记",
                                   prompt_tokens=0, completion_tokens=0)
            return SectionResult(sid, body, calls=0)
        prompt = self.builder.build(request)
        self.progress.started(sid, planned.title, prompt.tokens)
        if prompt.trimmed:
            self.progress.update(sid, status=f"提示词超出预算,范文保留 {prompt.examples_kept}/"
                                              f"{prompt.examples_total} 段")
        run = SectionRun(request)
        try:
            result = await self._draft_rounds(prompt, run)
        except SectionFailed as exc:
            message = redact(str(exc), self.config.secret())
            result = SectionResult(sid, None, error=message, prompt_tokens=run.prompt_tokens,
                                   completion_tokens=run.completion_tokens, calls=run.calls)
        except FatalModelError as exc:
            if self._fatal is None:
                self._fatal = exc
            if self._abort is not None:
                self._abort.set()
            result = SectionResult(sid, None, error=redact(exc.message, self.config.secret()),
                                   calls=run.calls)
        if result.ok:
            status = "已缓存" if result.cached else "完成"
            if result.flags:
                status += f",{len(result.flags)} 处数字待核对"
            if run.truncated:
                status += ",输出达到 max_output_tokens 上限,结尾可能不完整"
        else:
            status = f"失败:{result.error}"
        self.progress.finished(sid, ok=result.ok, status=status,
                               prompt_tokens=result.prompt_tokens,
                               completion_tokens=result.completion_tokens)
        return result

    async def _draft_rounds(self, prompt: SectionPrompt, run: SectionRun) -> SectionResult:
        planned = run.request.planned
        messages: list[Message] = list(prompt.messages)
        rounds = 1 + self.config.reask_rounds
        for round_no in range(1, rounds + 1):
            if round_no > 1:
                self.progress.update(planned.id, status=f"核对数字未通过,第 {round_no - 1} 次重写")
            # A regeneration wants a fresh text: skip the cache lookup for its first call.
            fresh = round_no == 1 and run.request.previous is not None
            reply = await self._call(messages, planned.id, run, fresh=fresh)
            attempt = self._evaluate(reply.text, planned)
            run.attempts.append(attempt)
            if not attempt.problems:
                break
            if round_no < rounds:
                messages = [*messages, ("ai", reply.text),
                            ("human", self.builder.reask(attempt.problems, prompt.facts))]
        best = min(reversed(run.attempts), key=lambda a: a.score)
        body, flags = self._finalize(best, planned.id)
        if not body.strip():
            raise SectionFailed("模型返回了空内容")
        return SectionResult(planned.id, body, prompt_tokens=run.prompt_tokens,
                             completion_tokens=run.completion_tokens, calls=run.calls,
                             cached=run.all_cached and run.calls == 0, flags=flags)

    # -- checking --------------------------------------------------------------------

    def _evaluate(self, reply: str, planned: PlannedSection) -> Attempt:
        body = clean_reply(reply, title=planned.title, level=planned.level)
        filled = fill(body, self.ctx.facts, index=self.index)
        flags = self._check(filled, planned.id)
        problems = [i.detail for i in filled.issues]
        problems += [self._describe_flag(f, filled.text) for f in flags]
        score = len(problems)
        if len(problems) > MAX_PROBLEMS_SHOWN:  # keep the re-ask short; the rest come next round
            problems = [*problems[:MAX_PROBLEMS_SHOWN],
                        f"……另有 {len(problems) - MAX_PROBLEMS_SHOWN} 处同类问题,请一并检查"]
        if not filled.text.strip():
            problems.append("没有输出任何正文,请输出本节的完整正文")
            score += 1000
        return Attempt(filled, flags, problems, score)

    def _check(self, filled: Filled, section_id: str) -> list[Any]:
        """Checker flags on numbers the model wrote itself (not on substituted facts)."""
        year = self.ctx.notes.report.year
        flags = check_text(filled.text, self.ctx.facts, year=year, section=section_id,
                           notes=self.ctx.notes)
        inside = [(s.start, s.end) for s in filled.spans]
        return [f for f in flags
                if not any(a <= f.start and f.end <= b for a, b in inside)]

    def _describe_flag(self, flag: Any, text: str) -> str:
        reason = _REASONS.get(str(flag.reason), str(flag.reason))
        lo, hi = max(0, flag.start - 12), min(len(text), flag.end + 12)
        context = text[lo:hi].replace("\n", " ")
        line = f"“{flag.text}”(上下文:…{context}…):{reason}"
        nearest = _nearest_text(flag)
        if nearest:
            line += f";素材中最接近的是:{nearest}"
        return line

    def _finalize(self, best: Attempt, sid: str) -> tuple[str, list[Any]]:
        filled = best.filled
        if any(i.kind == "adjacent" for i in filled.issues):
            filled = separate_adjacent(filled)
        text: str = filled.text.strip()
        strip_offset = len(filled.text) - len(filled.text.lstrip())
        spans = Filled(text, [_shift(s, -strip_offset) for s in filled.spans])
        flags = self._check(spans, sid)
        for start in _find_all(text, UNKNOWN_MARKER):
            flags.append(Flag(text=UNKNOWN_MARKER, start=start, end=start + len(UNKNOWN_MARKER),
                              section=sid, reason="unsupported", nearest=None))
        flags.sort(key=lambda f: f.start)
        return text, flags

    # -- the model call --------------------------------------------------------------

    async def _call(self, messages: list[Message], section_id: str, run: SectionRun,
                    *, fresh: bool) -> ModelReply:
        prompt_key = json.dumps(messages, ensure_ascii=False)
        if self.cache is not None and not fresh:
            hit = await self.cache.aget(prompt_key, self.llm_string)
            if hit is not None:
                run.prompt_tokens += hit.prompt_tokens
                run.completion_tokens += hit.completion_tokens
                self.progress.update(section_id, status="使用缓存",
                                     completion_tokens=run.completion_tokens)
                return ModelReply(hit.text, hit.prompt_tokens, hit.completion_tokens, True)
        run.all_cached = False
        reply = await self._call_with_retry(messages, section_id, run)
        run.prompt_tokens += reply.prompt_tokens
        run.completion_tokens += reply.completion_tokens
        if self.cache is not None and reply.text.strip():
            await self.cache.aput(prompt_key, self.llm_string,
                                  CachedReply(reply.text, reply.prompt_tokens,
                                              reply.completion_tokens))
        return reply

    async def _call_with_retry(self, messages: list[Message], section_id: str,
                               run: SectionRun) -> ModelReply:
        attempts = self.config.max_retries + 1
        for attempt in range(1, attempts + 1):
            if self._abort is not None and self._abort.is_set():
                raise SectionFailed("已停止:其他章节遇到了无法恢复的配置错误")
            run.calls += 1
            try:
                return await self._invoke(messages, section_id, run)
            except Exception as exc:  # classify every failure of one HTTP call
                kind, message, wait_hint = self._classify(exc)
                if kind == "fatal":
                    raise FatalModelError(message, "运行 recap doctor 检查模型配置。") from None
                if kind == "fail" or attempt == attempts:
                    tries = f"(已尝试 {attempt} 次)" if attempt > 1 else ""
                    raise SectionFailed(message + tries) from None
                delay = self._backoff(attempt, wait_hint)
                self.progress.update(section_id, status=f"{message},{delay:.1f} 秒后第 "
                                                        f"{attempt} 次重试")
                await asyncio.sleep(delay)
        raise SectionFailed("未知错误")  # pragma: no cover - the loop always returns

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        base = self.config.retry_backoff
        delay = base * (2 ** (attempt - 1)) * random.uniform(0.8, 1.2)
        if retry_after is not None:
            delay = max(delay, min(retry_after, RETRY_AFTER_CAP))
        return min(delay, 60.0)

    async def _invoke(self, messages: list[Message], section_id: str,
                      run: SectionRun) -> ModelReply:
        llm = await self._model()
        text = ""
        usage: dict[str, Any] | None = None
        finish: str | None = None
        if self.config.stream:
            chunks = 0
            async for chunk in llm.astream(messages):
                if isinstance(chunk, AIMessageChunk):
                    if isinstance(chunk.content, str):
                        text += chunk.content
                    if chunk.usage_metadata:
                        usage = dict(chunk.usage_metadata)
                    finish = chunk.response_metadata.get("finish_reason") or finish
                chunks += 1
                if chunks % 8 == 0:
                    self.progress.update(section_id,
                                         completion_tokens=run.completion_tokens + chunks)
        else:
            message: BaseMessage = await llm.ainvoke(messages)
            text = message.content if isinstance(message.content, str) else ""
            usage_meta = getattr(message, "usage_metadata", None)
            usage = dict(usage_meta) if usage_meta else None
            finish = message.response_metadata.get("finish_reason")
        if finish == "length":
            run.truncated = True
        if usage and usage.get("input_tokens"):
            prompt_tokens = int(usage.get("input_tokens", 0))
            completion_tokens = int(usage.get("output_tokens", 0))
        else:  # the server did not report usage: count it ourselves
            prompt_tokens = count_messages(messages)
            completion_tokens = count_tokens(text)
        return ModelReply(text, prompt_tokens, completion_tokens)

    def _classify(self, exc: BaseException) -> tuple[str, str, float | None]:
        """(retry | fail | fatal, Chinese message, server's Retry-After)."""
        verdict = classify_error(exc, self.config)
        if verdict is None:
            raise exc
        return verdict


def _http_client(config: LLMConfig) -> httpx.AsyncClient:
    import httpx

    t = config.timeout
    return httpx.AsyncClient(timeout=httpx.Timeout(t, connect=min(t, 10.0)),
                             limits=httpx.Limits(max_connections=max(config.concurrency, 1) * 2))


def _chat_model(config: LLMConfig, client: httpx.AsyncClient, *, max_tokens: int,
                streaming: bool) -> ChatOpenAI:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=config.model,
        base_url=config.base_url,
        api_key=config.secret() or PLACEHOLDER_KEY,  # type: ignore[arg-type]
        temperature=config.temperature,
        max_tokens=max_tokens,  # type: ignore[call-arg]
        timeout=config.timeout,
        max_retries=0,  # retries are ours: configurable backoff, also for streams
        streaming=streaming,
        stream_usage=True,
        stream_chunk_timeout=config.timeout,
        http_async_client=client,
    )


async def aping(config: LLMConfig) -> float:
    """Send one tiny request; seconds it took, or ``ModelError`` saying what is wrong."""
    start = time.monotonic()
    async with _http_client(config) as client:
        llm = _chat_model(config, client, max_tokens=8, streaming=False)
        try:
            with _no_tracing():
                await llm.ainvoke([("human", "连接测试:请只回复“好”。")])
        except Exception as exc:
            verdict = classify_error(exc, config)
            if verdict is None:
                raise
            raise ModelError(redact(verdict[1], config.secret()),
                             hint="检查上面显示的模型名称、接口地址和密钥来源。") from None
    return time.monotonic() - start


def classify_error(exc: BaseException, config: LLMConfig
                   ) -> tuple[str, str, float | None] | None:
    """(retry | fail | fatal, Chinese message, server's Retry-After)."""
    import httpx
    import openai

    cfg = config
    if isinstance(exc, openai.APITimeoutError | asyncio.TimeoutError | httpx.TimeoutException):
        return "retry", f"请求超时(超过 {cfg.timeout:g} 秒没有响应)", None
    if isinstance(exc, openai.APIConnectionError | httpx.TransportError):
        return "retry", f"无法连接模型服务 {cfg.base_url}", None
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return "fatal", (f"模型服务拒绝了请求(HTTP {exc.status_code}):API 密钥无效、未设置或没有权限"
                         f"(接口 {cfg.base_url})"), None
    if isinstance(exc, openai.NotFoundError):
        return "fatal", (f"模型服务返回 404:接口地址 {cfg.base_url} 或模型名 "
                         f"“{cfg.model}”不对"), None
    if isinstance(exc, openai.RateLimitError):
        return "retry", "模型服务限流(HTTP 429)", _retry_after(exc)
    if isinstance(exc, openai.APIStatusError):
        status: int = exc.status_code
        if status >= 500 or status in (408, 409):
            return "retry", f"模型服务出错(HTTP {status})", _retry_after(exc)
        detail = _error_detail(exc)
        return "fail", f"模型服务拒绝了请求(HTTP {status}){detail}", None
    if isinstance(exc, openai.OpenAIError):
        return "fail", f"模型调用出错:{type(exc).__name__}", None
    return None


def _retry_after(exc: openai.APIStatusError) -> float | None:
    try:
        value = exc.response.headers.get("retry-after")
        return float(value) if value is not None else None
    except (AttributeError, ValueError):
        return None


def _error_detail(exc: openai.APIStatusError) -> str:
    body = exc.body
    msg = None
    if isinstance(body, dict):
        err = body.get("error", body)
        msg = err.get("message") if isinstance(err, dict) else None
    return f":{str(msg)[:200]}" if msg else ""


def _nearest_text(flag: Any) -> str:
    nearest = getattr(flag, "nearest", None)
    if nearest is None:
        return ""
    if hasattr(nearest, "describe"):
        return str(nearest.describe())
    return str(nearest)


def _shift(sub: Substitution, delta: int) -> Substitution:
    return Substitution(sub.start + delta, sub.end + delta, sub.fact)


def _find_all(text: str, needle: str) -> Iterator[int]:
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + len(needle))


@contextlib.contextmanager
def _no_tracing() -> Iterator[None]:
    """Never ship the user's business data to a tracing service by accident."""
    try:
        from langsmith import tracing_context
    except ImportError:  # pragma: no cover - langsmith ships with langchain-core
        yield
        return
    with tracing_context(enabled=False):
        yield
