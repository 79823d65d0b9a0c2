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
    error: str = ""  # error message; "{auth}" is replaced by the request's Authorization
    finish: str = "stop"  # finish_reason ("length": cut off at max_tokens)


@dataclass
class Recorded:
    section: str
    body: dict[str, Any]
    headers: dict[str, str]
    status: int

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    @property
    def last_user(self) -> str:
        users = [m for m in self.messages if m.get("role") == "user"]
        return str(users[-1]["content"]) if users else ""


def default_reply(prompt: str) -> str:
    """A plausible section citing the first few facts offered in the prompt."""
    lines = []
    for m in FACT_LINE.finditer(prompt):
        fact_id = m.group(1)
        label = m.group(2) or fact_id
        lines.append(f"- {label}:{{{{{fact_id}}}}}。")
        if len(lines) == 3:
            break
    body = "\n".join(lines) if lines else "本节工作扎实推进,成效初显。"
    return f"本年度我们围绕核心目标稳步推进。\n\n{body}\n\n下一步将继续巩固成果、补齐短板。"


class FakeOpenAI:
    """Run as a context manager; ``base_url`` is what recap should be pointed at."""

    def __init__(self, *, latency: float = 0.0, usage: bool = True) -> None:
        self.latency = latency
        self.usage = usage  # report token usage for unscripted replies
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
        step = fake._next(section) or Step(default_reply(prompt), usage=fake.usage)
        with fake._lock:
            fake.requests.append(Recorded(section, body, {k.lower(): v for k, v in self.headers.items()},
                                         step.status))
        time.sleep(fake.latency + step.delay)
        try:
            if step.status != 200:
                message = (step.error or f"scripted {step.status}").replace(
                    "{auth}", self.headers.get("Authorization", ""))
                self._json(step.status, {"error": {"message": message, "type": "server_error"}},
                           step.headers)
                return
            text = step.reply if step.reply is not None else default_reply(prompt)
            usage = {"prompt_tokens": max(1, len(prompt) // 2),
                     "completion_tokens": max(1, len(text) // 2)}
            usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
            if body.get("stream"):
                want_usage = bool((body.get("stream_options") or {}).get("include_usage"))
                self._sse(body.get("model", "fake"), text, usage if step.usage and want_usage
                          else None, step.finish)
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

    def _sse(self, model: str, text: str, usage: dict[str, int] | None,
             finish: str = "stop") -> None:
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
            for i in range(0, len(text), 16):
                yield {**base, "choices": [{"index": 0, "delta": {"content": text[i:i + 16]},
                                            "finish_reason": None}]}
            yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]}
            if usage is not None:
                yield {**base, "choices": [], "usage": usage}

        for event in events():
            self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
