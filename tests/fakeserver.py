"""A local OpenAI-compatible chat server for tests and the llm benchmark.

``FakeOpenAI`` listens on 127.0.0.1 (a free port) and answers
``POST /v1/chat/completions`` in plain JSON or as SSE when the request streams.
Replies are scripted per section: the section id is read from the prompt line
``章节 id:<id>``. Each request for a section takes the next ``Step`` of its script;
when the script is used up, a default reply is built from the facts the prompt
offers (citing them as ``{{id}}``), so an unscripted section always succeeds.

Every request is recorded (section, JSON body, headers) so tests can count calls and
check what was sent. The real ``openai`` client talks to it over real HTTP.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LLAMA_CPP_CONTEXT = ("the request exceeds the available context size, try increasing it")
OPENAI_CONTEXT = ("This model's maximum context length is {limit} tokens. However, your messages "
                  "resulted in {tokens} tokens. Please reduce the length of the messages.")
SECTION_LINE = re.compile(r"章节 id:(\S+)")
FACT_LINE = re.compile(r"^\{\{([^}]+)\}\} = [^(\n]*\((.*)\)$", re.MULTILINE)


@dataclass
class Step:
    """One scripted answer: a reply text, or an HTTP error, after an optional delay."""

    reply: str | None = None
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    usage: bool = True
    error: str = ""  # error message; "{auth}" (here and in reply) becomes the Authorization header
    finish: str = "stop"  # finish_reason ("length": cut off at max_tokens)
    raw: str | None = None  # a 200 with this body instead of a chat completion (HTML, bad JSON)
    content_type: str = "application/json"  # of ``raw``
    drip: float = 0.0  # seconds between streamed chunks (one character each when set)


@dataclass
class Recorded:
    section: str
    body: dict[str, Any]
    headers: dict[str, str]
    status: int
    received_at: float = 0.0  # time.time() when the request arrived

    @property
    def prompt(self) -> str:
        return "\n".join(str(m.get("content", "")) for m in self.messages)

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    @property
    def last_user(self) -> str:
        users = [m for m in self.messages if m.get("role") == "user"]
        return str(users[-1]["content"]) if users else ""


# A paragraph with no number in it, long enough that a scripted reply is a real section
# (recap rejects a reply far below the section's length as garbage).
FILLER = (
    "这一年我们把精力放在最能拉动经营结果的几件事上：稳住核心品类的基本盘，提升新客转化与老客"
    "复购，压缩低效投放，同时把供应链和客服的响应速度提上来。过程中有做得好的地方，也暴露了不"
    "少短板：部分活动的节奏与备货没有对齐，内容团队的产出还不稳定，数据复盘的颗粒度不够细。下"
    "一步我们会把有效的方法沉淀成固定动作，把问题拆解到具体的人和时间点，逐项跟踪落实，确保明"
    "年的增长建立在更扎实的运营基础之上，也让团队在更清晰的分工中持续成长。")


def long(text: str) -> str:
    """``text`` followed by ``FILLER``: a scripted reply of a section's length."""
    return f"{text}\n\n{FILLER}"


def fake_tokens(prompt: str) -> int:
    """A Llama-like count: Chinese costs about twice what cl100k charges for it."""
    cjk = sum(1 for ch in prompt if ord(ch) > 0x2E80)
    return 2 * cjk + (len(prompt) - cjk) // 3


def default_reply(prompt: str) -> str:
    """A plausible section citing the first few facts offered in the prompt."""
    lines = []
    for m in FACT_LINE.finditer(prompt):
        fact_id = m.group(1)
        label = m.group(2) or fact_id
        lines.append(f"- {label}:{{{{{fact_id}}}}}。")
        if len(lines) == 3:
            break
    body = "\n".join(lines) if lines else "本节工作扎实推进，成效初显。"
    return f"本年度我们围绕核心目标稳步推进。\n\n{body}\n\n{FILLER}"


class FakeOpenAI:
    """Run as a context manager; ``base_url`` is what recap should be pointed at."""

    def __init__(self, *, latency: float = 0.0, usage: bool = True,
                 context_limit: int | None = None, context_message: str = LLAMA_CPP_CONTEXT
                 ) -> None:
        self.latency = latency
        self.usage = usage  # report token usage for unscripted replies
        # Answer 400 like llama.cpp when a prompt's own token count (fake_tokens) is over this.
        self.context_limit = context_limit
        self.context_message = context_message
        self.scripts: dict[str, list[Step]] = {}
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting -------------------------------------------------------------------

    def script(self, section: str, *steps: Step | str) -> None:
        with self._lock:
            self.scripts[section] = [s if isinstance(s, Step) else Step(s) for s in steps]

    def calls(self, section: str | None = None) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if section is None or r.section == section]

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.scripts.clear()

    def _next(self, section: str) -> Step | None:
        with self._lock:
            steps = self.scripts.get(section)
            return steps.pop(0) if steps else None

    # -- lifecycle -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("server not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> FakeOpenAI:
        fake = self

        class Handler(_Handler):
            server_state = fake

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    server_state: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._json(404, {"error": {"message": f"no route {self.path}"}})
            return
        fake = self.server_state
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        m = SECTION_LINE.search(prompt)
        section = m.group(1) if m else "?"
        arrived = time.time()
        tokens = fake_tokens(prompt)
        if fake.context_limit is not None and tokens > fake.context_limit:
            message = fake.context_message.format(limit=fake.context_limit, tokens=tokens)
            step = Step(status=400, error=message)
        else:
            step = fake._next(section) or Step(default_reply(prompt), usage=fake.usage)
        with fake._lock:
            fake.requests.append(Recorded(section, body, {k.lower(): v for k, v in self.headers.items()},
                                         step.status, arrived))
        time.sleep(fake.latency + step.delay)
        try:
            if step.raw is not None:
                self._raw(step.raw, step.content_type)
                return
            if step.status != 200:
                message = (step.error or f"scripted {step.status}").replace(
                    "{auth}", self.headers.get("Authorization", ""))
                self._json(step.status, {"error": {"message": message, "type": "server_error"}},
                           step.headers)
                return
            text = step.reply if step.reply is not None else default_reply(prompt)
            text = text.replace("{auth}", self.headers.get("Authorization", ""))  # an echoing server
            usage = {"prompt_tokens": max(1, len(prompt) // 2),
                     "completion_tokens": max(1, len(text) // 2)}
            usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
            if body.get("stream"):
                want_usage = bool((body.get("stream_options") or {}).get("include_usage"))
                self._sse(body.get("model", "fake"), text, usage if step.usage and want_usage
                          else None, step.finish, step.drip)
            else:
                self._json(200, {
                    "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
                    "model": body.get("model", "fake"),
                    "choices": [{"index": 0, "finish_reason": step.finish,
                                 "message": {"role": "assistant", "content": text}}],
                    **({"usage": usage} if step.usage else {}),
                })
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout): nothing to send

    def _json(self, status: int, payload: dict[str, Any],
              headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _raw(self, text: str, content_type: str) -> None:
        data = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _sse(self, model: str, text: str, usage: dict[str, int] | None,
             finish: str = "stop", drip: float = 0.0) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk",
                "created": int(time.time()), "model": model}

        def events() -> Iterator[dict[str, Any]]:
            yield {**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                        "finish_reason": None}]}
            size = 1 if drip else 16
            for i in range(0, len(text), size):
                if drip:
                    time.sleep(drip)
                yield {**base, "choices": [{"index": 0, "delta": {"content": text[i:i + size]},
                                            "finish_reason": None}]}
            yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]}
            if usage is not None:
                yield {**base, "choices": [], "usage": usage}

        for event in events():
            self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


def write_user_config(llm: str) -> None:
    """The test user's recap config: an ``[llm]`` table whose body is ``llm``."""
    from assistant.llm.config import user_config_path

    path = user_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[llm]\n" + llm, encoding="utf-8")


def point_recap_at(monkeypatch: Any, base_url: str, *, model: str = "fake-model",
                   key: str | None = None, llm: str | None = None) -> None:
    """recap's model settings aimed at ``base_url`` (and the user config, when given)."""
    monkeypatch.setenv("RECAP_MODEL", model)
    monkeypatch.setenv("RECAP_BASE_URL", base_url)
    if key is not None:
        monkeypatch.setenv("RECAP_API_KEY", key)
    if llm is not None:
        write_user_config(llm)
