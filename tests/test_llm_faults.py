"""A model endpoint that misbehaves: refused, dripping, HTML, broken JSON, echoing secrets.

Every case runs against a real local server (or a closed port) on 127.0.0.1 and
asserts what a user would notice: how long it took, what was written (nothing,
or a draft with no secret and no internal error text), and what recap said.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeserver import FakeOpenAI, Step, long, point_recap_at
from paths import REPO, SAMPLES

from assistant.drafting import DraftContext, SectionResult, draft_report
from assistant.errors import ModelError
from assistant.llm.backend import LLMDrafter
from assistant.llm.config import load_llm_config
from assistant.llm.redact import display_url

FAKE_KEY = "sk-test-FAULTS-7c4a8d09ca3762af61e59520"
URL_SECRET = "hunter2-url-password"
SECTIONS = ("kpi", "operations", "problems", "plan", "summary")


pytestmark = pytest.mark.usefixtures("warm_model_imports")


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as srv:
        yield srv


def point_at(monkeypatch: pytest.MonkeyPatch, base_url: str, config: str = "") -> None:
    defaults = {"timeout": "2", "max_retries": "2", "retry_backoff": "0.01"}
    given = {line.split("=")[0].strip() for line in config.splitlines() if "=" in line}
    lines = [f"{k} = {v}" for k, v in defaults.items() if k not in given]
    point_recap_at(monkeypatch, base_url, key=FAKE_KEY, llm="\n".join(lines) + "\n" + config)


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"  # nothing listens there once the socket is closed


def with_credentials(url: str) -> str:
    return url.replace("http://", f"http://recap-user:{URL_SECRET}@")


def recap(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=REPO)


def draft(tmp_path: Path) -> tuple[str, dict[str, SectionResult]]:
    ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
    out = tmp_path / "draft.md"
    _, results = draft_report(ctx, LLMDrafter(load_llm_config()), out)
    return out.read_text(encoding="utf-8"), {r.id: r for r in results}


def secrets_absent(*texts: str | bytes) -> None:
    for text in texts:
        raw = text.encode() if isinstance(text, str) else text
        for piece in (FAKE_KEY, FAKE_KEY[:8], FAKE_KEY[-6:], URL_SECRET):
            assert piece.encode() not in raw


# -- nothing listening -----------------------------------------------------------------

def test_a_refused_connection_fails_the_draft_fast_with_what_to_do(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    point_at(monkeypatch, with_credentials(closed_port_url()), "max_retries = 3\n")
    out = tmp_path / "draft.md"
    start = time.monotonic()
    with pytest.raises(ModelError) as err:
        draft(tmp_path)
    assert time.monotonic() - start < 2.0  # no retries: refused is not transient
    message = str(err.value)
    assert "连接被拒绝" in message
    assert "RECAP_BASE_URL" in message and "recap doctor --ping" in message
    assert "--backend offline" in message
    assert not out.exists()
    secrets_absent(message)


def test_recap_draft_against_a_refused_connection_writes_nothing(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    point_at(monkeypatch, with_credentials(closed_port_url()), "max_retries = 3\n")
    out = tmp_path / "draft.md"
    start = time.monotonic()
    proc = recap("draft", str(SAMPLES[0]), "--backend", "llm", "-o", str(out))
    elapsed = time.monotonic() - start
    assert proc.returncode == 1
    assert "连接被拒绝" in proc.stderr and "recap doctor --ping" in proc.stderr
    assert not out.exists()
    assert "recap-user:***" not in proc.stderr  # the URL is shown as http://***@host
    secrets_absent(proc.stdout, proc.stderr)
    assert elapsed < 2.0, elapsed  # start-up included: refused before the model libraries load


def test_doctor_ping_on_a_refused_connection_is_fast_and_says_what_to_do(
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = with_credentials(closed_port_url())
    point_at(monkeypatch, url)
    start = time.monotonic()
    proc = recap("doctor", "--ping")
    assert time.monotonic() - start < 2.0
    assert proc.returncode == 1
    assert "连接被拒绝" in proc.stderr and "RECAP_BASE_URL" in proc.stderr
    assert display_url(url) in proc.stdout + proc.stderr  # http://***@127.0.0.1:port/v1
    secrets_absent(proc.stdout, proc.stderr)


# -- replies that are not chat completions ---------------------------------------------

@pytest.mark.parametrize("stream", ["true", "false"])
@pytest.mark.parametrize("raw,ctype,looks", [
    ("<!doctype html><html><body>请登录</body></html>", "text/html", "网页"),
    ('{"choices": [{"message": {"content": "半截', "application/json", "JSON"),
    ('{"object": "error page"}', "application/json", "OpenAI 兼容"),
])
def test_a_200_that_is_not_a_chat_completion_is_a_model_error(
        monkeypatch: pytest.MonkeyPatch, server: FakeOpenAI, tmp_path: Path, stream: str,
        raw: str, ctype: str, looks: str) -> None:
    point_at(monkeypatch, server.base_url, f"stream = {stream}\n")
    for sid in SECTIONS:
        server.script(sid, *[Step(raw=raw, content_type=ctype)] * 4)
    with pytest.raises(ModelError) as err:
        draft(tmp_path)
    message = str(err.value)
    assert "不是 OpenAI 兼容接口的格式" in message
    if stream == "false":  # a stream cut short says less about what it was
        assert looks in message
    assert "/v1" in message  # the hint says what the address should look like
    for internal in ("JSONDecodeError", "ValueError", "TypeError", "内部错误", "Traceback"):
        assert internal not in message
    assert not (tmp_path / "draft.md").exists()


@pytest.mark.parametrize("raw,ctype", [
    ("<html><body>Bad gateway page</body></html>", "text/html"),
    ("{not json at all", "application/json"),
])
def test_doctor_ping_classifies_a_broken_reply(monkeypatch: pytest.MonkeyPatch,
                                               server: FakeOpenAI, raw: str,
                                               ctype: str) -> None:
    point_at(monkeypatch, server.base_url)
    server.script("?", Step(raw=raw, content_type=ctype))
    proc = recap("doctor", "--ping")
    assert proc.returncode == 1
    assert "不是 OpenAI 兼容接口的格式" in proc.stderr
    assert "Traceback" not in proc.stderr and "Error" not in proc.stderr


# -- slow and long replies --------------------------------------------------------------

def test_a_reply_dripping_one_character_a_second_ends_at_the_deadline(
        monkeypatch: pytest.MonkeyPatch, server: FakeOpenAI, tmp_path: Path) -> None:
    point_at(monkeypatch, server.base_url, "deadline = 1.5\n")
    server.script("plan", Step(long("慢"), drip=1.0))
    start = time.monotonic()
    _, results = draft(tmp_path)
    assert time.monotonic() - start < 5
    plan = results["plan"]
    assert not plan.ok and "1.5 秒内没有写完" in (plan.error or "")
    assert plan.calls == 1  # a slow model is not retried into minutes
    assert all(results[s].ok for s in SECTIONS if s != "plan")


@pytest.mark.parametrize("stream", ["true", "false"])
def test_an_endless_reply_is_cut_at_the_length_cap(monkeypatch: pytest.MonkeyPatch,
                                                   server: FakeOpenAI, tmp_path: Path,
                                                   stream: str) -> None:
    point_at(monkeypatch, server.base_url, f"stream = {stream}\nmax_output_tokens = 100\n")
    server.script("summary", Step(long("全年GMV同比{{gmv.yoy}}。") + "无尽的回复。" * 5000))
    text, results = draft(tmp_path)
    summary = results["summary"]
    assert summary.ok
    assert len(summary.body or "") <= 100 * 4
    assert len(text) < 20_000


def test_a_5000_digit_number_in_a_reply_is_rejected_not_a_crash(
        monkeypatch: pytest.MonkeyPatch, server: FakeOpenAI, tmp_path: Path) -> None:
    point_at(monkeypatch, server.base_url)
    huge = "9" * 5000
    server.script("kpi", long(f"全年GMV达到{huge}万元。"), long(f"全年GMV达到{huge}万元。"))
    text, results = draft(tmp_path)
    kpi = results["kpi"]
    assert not kpi.ok and "位的数字" in (kpi.error or "")
    assert huge not in text and "内部错误" not in text and "Exceeds the limit" not in text
    assert all(results[s].ok for s in SECTIONS if s != "kpi")


# -- secrets ----------------------------------------------------------------------------

@pytest.mark.parametrize("credentials", ["key", "url"])
def test_a_server_echoing_the_authorization_header_leaks_nothing(
        monkeypatch: pytest.MonkeyPatch, server: FakeOpenAI, tmp_path: Path,
        credentials: str) -> None:
    # With user info in the URL, httpx sends it as Basic auth (base64) instead of the key.
    url = with_credentials(server.base_url) if credentials == "url" else server.base_url
    point_at(monkeypatch, url, "stream = false\n")
    server.script("kpi", Step(long("全年GMV同比{{gmv.yoy}}。请求头是 {auth}。")))
    server.script("plan", Step(status=400, error="bad request from {auth} to " + url))
    out = tmp_path / "draft.md"
    proc = recap("draft", str(SAMPLES[0]), "--backend", "llm", "-o", str(out))
    assert proc.returncode == 1, proc.stderr  # the plan section failed, the rest is written
    sent = server.calls("kpi")[0].headers["authorization"]
    text = out.read_text(encoding="utf-8")
    if credentials == "key":
        assert sent == f"Bearer {FAKE_KEY}"
        assert "请求头是 Bearer ***" in text
    else:
        assert sent.startswith("Basic ")
        assert sent.split()[1] not in text and "请求头是 Basic ***" in text
    cache_files = [p for p in load_llm_config().resolved_cache_path().parent.rglob("*")
                   if p.is_file()]
    assert cache_files
    secrets_absent(proc.stdout, proc.stderr, text, *(f.read_bytes() for f in cache_files))


def test_url_credentials_never_shown_by_doctor_or_progress(monkeypatch: pytest.MonkeyPatch,
                                                           server: FakeOpenAI,
                                                           tmp_path: Path) -> None:
    point_at(monkeypatch, with_credentials(server.base_url) + "?api-key=" + URL_SECRET[::-1])
    proc = recap("doctor")
    assert proc.returncode == 0, proc.stderr
    assert "http://***@127.0.0.1" in proc.stdout and "api-key=***" in proc.stdout
    secrets_absent(proc.stdout, proc.stderr)
    assert URL_SECRET[::-1] not in proc.stdout
    point_at(monkeypatch, with_credentials(server.base_url))
    for sid in SECTIONS:
        server.script(sid, Step(status=503), Step(status=503), Step(status=503))
    out = tmp_path / "d.md"
    proc = recap("draft", str(SAMPLES[0]), "--backend", "llm", "-o", str(out))
    shown = proc.stdout + proc.stderr + (out.read_text("utf-8") if out.exists() else "")
    assert "HTTP 503" in shown
    assert "recap-user" not in shown and URL_SECRET[::-1] not in shown
    secrets_absent(shown)


def test_display_url_hides_user_info_and_secret_parameters() -> None:
    assert display_url("https://u:p4ss@api.example.com:8443/v1") == \
        "https://***@api.example.com:8443/v1"
    assert display_url("http://localhost:11434/v1") == "http://localhost:11434/v1"
    assert display_url("https://x.openai.azure.com/v1?api-version=2024&api-key=abc") == \
        "https://x.openai.azure.com/v1?api-version=2024&api-key=***"


def test_extraction_reply_that_is_not_json_is_a_clear_failure(
        monkeypatch: pytest.MonkeyPatch, server: FakeOpenAI) -> None:
    from assistant.interview.extract import ExtractionError, extractable_steps, make_extractor

    point_at(monkeypatch, server.base_url)
    extractor = make_extractor(None)
    assert extractor is not None
    server.script("?", Step("这不是 JSON"))
    with pytest.raises(ExtractionError, match="不是约定格式的 JSON"):
        extractor("GMV 5860万", extractable_steps())
    reply = {"values": [{"key": "metrics.gmv.value", "value": "5860万"}]}
    server.script("?", Step("```json\n" + json.dumps(reply, ensure_ascii=False) + "\n```"))
    assert extractor("GMV 5860万", extractable_steps()) == [("metrics.gmv.value", "5860万")]
    sent = server.calls()[-1]
    assert sent.body.get("response_format") == {"type": "json_object"}
    assert "字段：" in sent.messages[0]["content"]  # the prompt comes from prompts/extract.toml
