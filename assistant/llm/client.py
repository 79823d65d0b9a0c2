"""The one model client: every request recap sends to an OpenAI-compatible endpoint.

Transport only (what instructor keeps in ``retry.py``): one chat request, streamed or
not, under an overall deadline and a cap on the reply's length; token usage (the
server's, else counted locally); retries with backoff for transient failures;
every failure classified into a ``CallError`` whose message is Chinese, says what
to do next, and never holds the API key or URL credentials; the reply scrubbed of
those secrets before anyone sees it; and ``aping``. What to *ask* after a bad
reply (re-ask rounds, shrinking the prompt) is the caller's business
(``assistant.llm.reask``, ``assistant.llm.chain``).

Used by the draft chain, the interview's extraction step and ``recap doctor``.
Imports langchain-openai lazily, on the first real request.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import os
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from assistant.llm.config import LLMConfig
from assistant.llm.redact import Redactor

if TYPE_CHECKING:
    import httpx
    from langchain_openai import ChatOpenAI

Message = tuple[str, str]  # (role, content)
Kind = Literal["retry", "fail", "fatal", "context"]

PLACEHOLDER_KEY = "not-needed"  # the OpenAI client insists on a key; local servers ignore it
RETRY_AFTER_CAP = 30.0
MAX_BACKOFF = 60.0
CONNECT_TIMEOUT = 10.0

HINT_CONNECT = ("检查 RECAP_BASE_URL（或配置文件 [llm] base_url）是否写对、服务是否已启动；"
                "运行 recap doctor --ping 测试连接；也可以用 --backend offline 离线起草。")
HINT_CONFIG = "运行 recap doctor --ping 检查模型名称、接口地址和密钥。"
HINT_FORMAT = ("接口地址应指向 OpenAI 兼容接口（通常以 /v1 结尾），而不是网页或代理的登录页；"
               "运行 recap doctor --ping 检查。")
HINT_CONTEXT = ("在配置文件 [llm] 中写明模型的 context_window（上下文窗口），"
                "或调大服务端的上下文（Ollama 的 num_ctx、llama.cpp 的 -c），见 docs/models.md。")
HINT_DEADLINE = "调大配置文件 [llm] 中的 deadline（单次调用的总时限），或换用更快的模型。"

_CONTEXT_ERROR = re.compile(
    r"context[ _](?:size|length|window)|context_length_exceeded|maximum context|n_ctx"
    r"|prompt is too long|too many tokens|input is too long", re.IGNORECASE)
_NUMBER = re.compile(r"\d[\d,]*")


class CallError(Exception):
    """One request failed; ``kind`` says what the caller may do about it.

    ``retry``: transient (timeout, 429, 5xx), already retried when raised by
    ``complete``; ``fail``: this request cannot succeed as sent; ``fatal``: every
    request would fail the same way (bad key, wrong URL, nothing listening, not an
    OpenAI-compatible server); ``context``: the prompt is over the model's context
    window, so send a shorter one (``limit`` / ``requested`` when the server said).
    """

    def __init__(self, kind: Kind, message: str, *, hint: str = "",
                 retry_after: float | None = None, limit: int | None = None,
                 requested: int | None = None) -> None:
        super().__init__(message)
        self.kind: Kind = kind
        self.message = message
        self.hint = hint
        self.retry_after = retry_after
        self.limit = limit
        self.requested = requested
        self.attempts = 1


@dataclass
class Reply:
    text: str
    prompt_tokens: int
    completion_tokens: int
    finish: str | None = None
    capped: bool = False  # stopped reading at the reply-length cap
    usage_reported: bool = True
    attempts: int = 1

    @property
    def truncated(self) -> bool:
        return self.finish == "length" or self.capped


ProgressFn = Callable[[int], None]  # chunks received so far
RetryFn = Callable[[str, float, int], None]  # message, delay, attempt number


class ModelClient:
    """An OpenAI-compatible chat endpoint, as configured; use as an async context manager."""

    def __init__(self, config: LLMConfig, *, max_tokens: int | None = None,
                 temperature: float | None = None, streaming: bool | None = None,
                 json_mode: bool = False, deadline: float | None = None,
                 on_first_request: Callable[[], None] | None = None) -> None:
        self.config = config
        self.on_first_request = on_first_request  # called as the first request goes out
        self.max_tokens = max_tokens or config.max_output_tokens
        self.temperature = config.temperature if temperature is None else temperature
        self.streaming = config.stream if streaming is None else streaming
        self.json_mode = json_mode
        self.deadline = deadline or config.deadline
        self.redact: Redactor = config.redactor()
        self._http: httpx.AsyncClient | None = None
        self._models: dict[int, ChatOpenAI] = {}

    async def __aenter__(self) -> ModelClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
        self._http = None
        self._models.clear()

    def _model(self, max_tokens: int) -> ChatOpenAI:
        model = self._models.get(max_tokens)
        if model is None:
            import httpx
            from langchain_openai import ChatOpenAI

            cfg = self.config
            if self._http is None:
                self._http = httpx.AsyncClient(
                    timeout=httpx.Timeout(cfg.timeout, connect=min(cfg.timeout, CONNECT_TIMEOUT)),
                    limits=httpx.Limits(max_connections=max(cfg.concurrency, 1) * 2),
                    event_hooks={"request": [self._request_hook]})
            extra: dict[str, Any] = {}
            if self.json_mode:
                extra["model_kwargs"] = {"response_format": {"type": "json_object"}}
            model = ChatOpenAI(
                model=cfg.model,
                base_url=cfg.base_url,
                api_key=cfg.secret() or PLACEHOLDER_KEY,  # type: ignore[arg-type]
                temperature=self.temperature,
                max_tokens=max_tokens,  # type: ignore[call-arg]
                timeout=cfg.timeout,
                max_retries=0,  # retries are ours: backoff, classification, also for streams
                streaming=self.streaming,
                stream_usage=True,
                stream_chunk_timeout=cfg.timeout,
                http_async_client=self._http,
                **extra,
            )
            self._models[max_tokens] = model
        return model

    async def _request_hook(self, request: Any) -> None:
        hook, self.on_first_request = self.on_first_request, None
        if hook is not None:
            hook()

    # -- one request -----------------------------------------------------------------

    async def call(self, messages: Sequence[Message], *, max_tokens: int | None = None,
                   on_progress: ProgressFn | None = None) -> Reply:
        """One request under the overall deadline; ``CallError`` on any failure."""
        try:
            async with asyncio.timeout(self.deadline):
                reply = await self._send(list(messages), max_tokens or self.max_tokens,
                                         on_progress)
        except CallError:
            raise
        except TimeoutError:
            raise CallError("fail", f"模型在 {self.deadline:g} 秒内没有写完回复（单次调用的总时限）",
                            hint=HINT_DEADLINE) from None
        except Exception as exc:  # every way one HTTP exchange can go wrong
            raise self.classify(exc) from None
        if not reply.usage_reported:
            from assistant.llm.tokens import count_messages, count_tokens

            reply.prompt_tokens = count_messages(messages)
            reply.completion_tokens = count_tokens(reply.text)
        return reply

    async def _send(self, messages: list[Message], max_tokens: int,
                    on_progress: ProgressFn | None) -> Reply:
        from langchain_core.messages import AIMessageChunk

        llm = self._model(max_tokens)
        cap = self.config.max_reply_chars()
        text = ""
        usage: dict[str, Any] | None = None
        finish: str | None = None
        capped = False
        with no_tracing():
            if self.streaming:
                chunks = 0
                stream = llm.astream(messages)
                try:
                    async for chunk in stream:
                        if not isinstance(chunk, AIMessageChunk):
                            continue
                        if isinstance(chunk.content, str):
                            text += chunk.content
                        if chunk.usage_metadata:
                            usage = dict(chunk.usage_metadata)
                        finish = chunk.response_metadata.get("finish_reason") or finish
                        chunks += 1
                        if on_progress is not None and chunks % 8 == 0:
                            on_progress(chunks)
                        if len(text) > cap:
                            text, capped = text[:cap], True
                            break
                finally:
                    close = getattr(stream, "aclose", None)
                    if close is not None:
                        await close()
            else:
                message = await llm.ainvoke(messages)
                if not isinstance(message.content, str):
                    raise BadReply("回复的 content 不是文本")
                text = message.content
                usage_meta = getattr(message, "usage_metadata", None)
                usage = dict(usage_meta) if usage_meta else None
                finish = message.response_metadata.get("finish_reason")
                if len(text) > cap:
                    text, capped = text[:cap], True
        text = self.redact(text)  # a server may echo the Authorization header
        if usage and usage.get("input_tokens"):
            return Reply(text, _int(usage.get("input_tokens")), _int(usage.get("output_tokens")),
                         finish, capped)
        return Reply(text, 0, 0, finish, capped, usage_reported=False)

    # -- with retries ----------------------------------------------------------------

    async def complete(self, messages: Sequence[Message], *, max_tokens: int | None = None,
                       on_progress: ProgressFn | None = None, on_retry: RetryFn | None = None,
                       stop: asyncio.Event | None = None) -> Reply:
        """``call`` with retries and backoff for transient failures.

        Raises ``CallError`` (``attempts`` set) when retries are used up or the failure
        is not transient; ``stop`` set by the caller ends the retries early.
        """
        attempts = self.config.max_retries + 1
        for attempt in range(1, attempts + 1):
            if stop is not None and stop.is_set():
                err = CallError("fail", "已停止：其他章节遇到了无法恢复的错误")
                err.attempts = attempt - 1
                raise err
            try:
                reply = await self.call(messages, max_tokens=max_tokens, on_progress=on_progress)
            except CallError as err:
                err.attempts = attempt
                if err.kind != "retry" or attempt == attempts:
                    raise
                delay = self.backoff(attempt, err.retry_after)
                if on_retry is not None:
                    on_retry(err.message, delay, attempt)
                await asyncio.sleep(delay)
                continue
            reply.attempts = attempt
            return reply
        raise CallError("fail", "未知错误")  # pragma: no cover - the loop always returns

    def backoff(self, attempt: int, retry_after: float | None) -> float:
        delay = self.config.retry_backoff * (2 ** (attempt - 1)) * random.uniform(0.8, 1.2)
        if retry_after is not None:
            delay = max(delay, min(retry_after, RETRY_AFTER_CAP))
        return min(delay, MAX_BACKOFF)

    # -- classification --------------------------------------------------------------

    def classify(self, exc: BaseException) -> CallError:
        err = classify_error(exc, self.config)
        err.message = self.redact(err.message)
        return err


class BadReply(Exception):
    """The server answered 200 with something that is not an OpenAI chat completion."""


def classify_error(exc: BaseException, config: LLMConfig) -> CallError:
    """Turn any exception from one request into a ``CallError`` (messages not yet redacted)."""
    import httpx
    import openai

    url = config.display_url
    if isinstance(exc, CallError):
        return exc
    refused = _refused(exc)
    if refused is not None:
        return CallError("fatal", f"无法连接模型服务 {url}：{refused}", hint=HINT_CONNECT)
    if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException | TimeoutError):
        return CallError("retry", f"请求超时（超过 {config.timeout:g} 秒没有响应）")
    if isinstance(exc, openai.APIConnectionError | httpx.TransportError):
        return CallError("retry", f"与模型服务 {url} 的连接中断")
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return CallError("fatal", f"模型服务拒绝了请求（HTTP {exc.status_code}）：API 密钥无效、"
                                  f"未设置或没有权限（接口 {url}）",
                         hint="检查 RECAP_API_KEY（或配置里 api_key_env 指向的环境变量）；"
                              "运行 recap doctor --ping 测试。")
    if isinstance(exc, openai.NotFoundError):
        return CallError("fatal", f"模型服务返回 404：接口地址 {url} 或模型名“{config.model}”不对",
                         hint="接口地址通常以 /v1 结尾；模型名以服务商的模型列表为准；"
                              "运行 recap doctor --ping 测试。")
    if isinstance(exc, openai.RateLimitError):
        return CallError("retry", "模型服务限流（HTTP 429）", retry_after=_retry_after(exc))
    if isinstance(exc, openai.APIStatusError):
        status: int = exc.status_code
        detail = _error_detail(exc)
        if _CONTEXT_ERROR.search(detail):
            limit, requested = _context_numbers(detail)
            return CallError("context", f"提示词超出了模型的上下文窗口（HTTP {status}）",
                             hint=HINT_CONTEXT, limit=limit, requested=requested)
        if status >= 500 or status in (408, 409):
            return CallError("retry", f"模型服务出错（HTTP {status}）", retry_after=_retry_after(exc))
        shown = f"：{detail[:200]}" if detail else ""
        return CallError("fail", f"模型服务拒绝了请求（HTTP {status}）{shown}", hint=HINT_CONFIG)
    # A 200 that is not a chat completion: an HTML page, broken JSON, a wrong shape.
    looks = _what_it_looks_like(exc)
    return CallError("fatal", f"模型服务 {url} 的回复不是 OpenAI 兼容接口的格式（{looks}）",
                     hint=HINT_FORMAT)


def _refused(exc: BaseException) -> str | None:
    """Why nothing could be reached (refused, no such host), or ``None`` if that is not it."""
    for e in _chain(exc):
        if isinstance(e, ConnectionRefusedError) or (
                isinstance(e, OSError) and e.errno == errno.ECONNREFUSED):
            return "连接被拒绝（服务没有启动，或地址、端口不对）"
        if isinstance(e, socket.gaierror):
            return "找不到这个主机名"
        text = str(e)
        if "Connection refused" in text or "All connection attempts failed" in text:
            return "连接被拒绝（服务没有启动，或地址、端口不对）"
        if "Name or service not known" in text or "nodename nor servname" in text:
            return "找不到这个主机名"
    return None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [x for x in (e.__cause__, e.__context__) if x is not None]


def _what_it_looks_like(exc: BaseException) -> str:
    for e in _chain(exc):
        response = getattr(e, "response", None)
        ctype = ""
        if response is not None:
            with contextlib.suppress(Exception):
                ctype = str(response.headers.get("content-type", ""))
        if "html" in ctype:
            return "收到的是网页"
        if isinstance(e, json.JSONDecodeError):
            return "收到的 JSON 无法解析"
    name = type(exc).__name__
    if "Validation" in name or isinstance(exc, KeyError | TypeError | AttributeError | BadReply):
        return "回复缺少应有的字段"
    return "回复无法解析"


def _int(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def _retry_after(exc: Any) -> float | None:
    try:
        value = exc.response.headers.get("retry-after")
        return float(value) if value is not None else None
    except (AttributeError, ValueError):
        return None


def _error_detail(exc: Any) -> str:
    body = getattr(exc, "body", None)
    msg: Any = None
    if isinstance(body, dict):
        err = body.get("error", body)
        msg = err.get("message") if isinstance(err, dict) else err
    elif isinstance(body, str):
        msg = body
    return str(msg) if msg else ""


def _context_numbers(detail: str) -> tuple[int | None, int | None]:
    """(window, prompt tokens) from messages such as llama.cpp's and OpenAI's."""
    numbers = [int(n.replace(",", "")) for n in _NUMBER.findall(detail)[:4]
               if len(n) < 12]
    numbers = [n for n in numbers if n >= 64]
    if len(numbers) < 2:
        return (numbers[0] if numbers else None), None
    low = detail.lower()
    if "maximum context length is" in low:  # OpenAI / vLLM: limit first, then requested
        return numbers[0], numbers[1]
    # llama.cpp: "request (9598 tokens) exceeds the available context size (8192 tokens)"
    return min(numbers[:2]), max(numbers[:2])


@contextlib.contextmanager
def no_tracing() -> Iterator[None]:
    """Never ship the user's business data to a tracing service by accident."""
    try:
        from langsmith import tracing_context
    except ImportError:  # pragma: no cover - langsmith ships with langchain-core
        yield
        return
    with tracing_context(enabled=False):
        yield


_PROXY_VARS = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")


def preflight(config: LLMConfig, timeout: float = 3.0) -> CallError | None:
    """Connect to the endpoint's host and port: nothing listening, or no such host, is known
    in milliseconds, before the model libraries load (about a second). ``None`` otherwise,
    also when a proxy is configured (the proxy is what would be reached)."""
    if any(os.environ.get(v) for v in _PROXY_VARS):
        return None
    try:
        parts = urlsplit(config.base_url)
        host = parts.hostname
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    if not host:
        return None
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        refused = _refused(exc)
        if refused is not None:
            return CallError("fatal", f"无法连接模型服务 {config.display_url}：{refused}",
                             hint=HINT_CONNECT)
    return None


class Preflight:
    """``preflight`` in a thread, started as soon as the model path is chosen."""

    def __init__(self, config: LLMConfig) -> None:
        self.config = config
        self.error: CallError | None = None
        self._thread = threading.Thread(target=self._run, name="recap-preflight", daemon=True)

    def start(self) -> Preflight:
        self._thread.start()
        return self

    def _run(self) -> None:
        self.error = preflight(self.config, timeout=min(self.config.timeout, CONNECT_TIMEOUT))

    def result(self, wait: float) -> CallError | None:
        """The verdict if it is in within ``wait`` seconds (``None``: go ahead)."""
        self._thread.join(wait)
        return None if self._thread.is_alive() else self.error


async def aping(config: LLMConfig) -> float:
    """One tiny request, no retries; seconds it took, or ``ModelError`` saying what to do."""
    from assistant.errors import ModelError

    start = time.monotonic()
    early = preflight(config, timeout=min(config.timeout, 3.0))
    if early is not None:
        raise ModelError(early.message, hint=early.hint)
    deadline = min(config.deadline, max(config.timeout, 1.0) * 2)
    async with ModelClient(config, max_tokens=8, streaming=False, deadline=deadline) as client:
        try:
            await client.call([("human", "连接测试：请只回复“好”。")])
        except CallError as err:
            raise ModelError(err.message, hint=err.hint or HINT_CONFIG) from None
    return time.monotonic() - start


def complete_sync(config: LLMConfig, messages: Sequence[Message], **options: Any) -> Reply:
    """``complete`` for synchronous callers (the interview's extraction step)."""
    from assistant.llm.backend import run_sync

    async def go() -> Reply:
        async with ModelClient(config, **options) as client:
            return await client.complete(messages)

    return run_sync(go())
