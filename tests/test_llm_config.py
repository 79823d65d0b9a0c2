"""Model configuration: shipped < user file < environment < flags; keys never shown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from paths import REPO

from assistant.errors import ConfigError
from assistant.llm.config import load_llm_config, user_config_path
from assistant.typography import to_ascii_punctuation

FAKE_KEY = "sk-test-DO-NOT-PRINT-8f3a9c2e71"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_defaults_leave_the_model_unconfigured() -> None:
    cfg = load_llm_config()
    assert not cfg.configured
    assert cfg.concurrency >= 4
    assert cfg.base_url == "https://api.openai.com/v1"
    assert cfg.source("temperature") == "内置默认配置"


def test_layers_override_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    write(user_config_path(), '[llm]\nmodel = "from-file"\nbase_url = "https://file.example/v1"\n'
                              "temperature = 0.2\nconcurrency = 5\n")
    cfg = load_llm_config()
    assert (cfg.model, cfg.base_url, cfg.temperature, cfg.concurrency) == (
        "from-file", "https://file.example/v1", 0.2, 5)
    monkeypatch.setenv("RECAP_MODEL", "from-env")
    cfg = load_llm_config()
    assert cfg.model == "from-env" and cfg.source("model") == "环境变量 RECAP_MODEL"
    assert cfg.base_url == "https://file.example/v1"
    cfg = load_llm_config(overrides={"model": "from-flag", "base_url": None})
    assert cfg.model == "from-flag" and cfg.source("model") == "命令行 --model"
    assert cfg.configured


def test_explicit_config_path_replaces_the_user_file(tmp_path: Path) -> None:
    write(user_config_path(), '[llm]\nmodel = "user-dir"\n')
    other = write(tmp_path / "other.toml", '[llm]\nmodel = "explicit"\n')
    assert load_llm_config(other).model == "explicit"


def test_key_sources_and_generic_openai_fallbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-generic-openai-key")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://openai-proxy.example/v1")
    cfg = load_llm_config()
    assert cfg.secret() == "sk-generic-openai-key"
    assert cfg.base_url == "https://openai-proxy.example/v1"
    # A key configured for recap wins over the generic OpenAI one ...
    write(user_config_path(), '[llm]\nmodel = "deepseek-chat"\n'
                              'base_url = "https://api.deepseek.com/v1"\n'
                              'api_key_env = "DEEPSEEK_API_KEY"\n')
    monkeypatch.setenv("DEEPSEEK_API_KEY", FAKE_KEY)
    cfg = load_llm_config()
    assert cfg.secret() == FAKE_KEY and cfg.base_url == "https://api.deepseek.com/v1"
    assert cfg.key_status() == "已设置(来自 环境变量 DEEPSEEK_API_KEY)"
    # ... and RECAP_API_KEY wins over everything.
    monkeypatch.setenv("RECAP_API_KEY", "sk-recap")
    assert load_llm_config().key_status() == "已设置(来自 环境变量 RECAP_API_KEY)"
    assert FAKE_KEY not in repr(load_llm_config())


def test_local_server_needs_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECAP_MODEL", "qwen2.5:7b")
    monkeypatch.setenv("RECAP_BASE_URL", "http://localhost:11434/v1/")
    cfg = load_llm_config()
    assert cfg.configured and cfg.api_key is None
    assert cfg.base_url == "http://localhost:11434/v1"
    assert cfg.key_status().startswith("未设置")


@pytest.mark.parametrize(("text", "expected"), [
    ("[llm]\nmodle = \"x\"\n", "不认识的配置项 llm.modle"),
    ("[llm]\ntemperature = 5\n", "llm.temperature 应为temperature(0 到 2)"),
    ("[llm]\nconcurrency = \"many\"\n", "llm.concurrency"),
    ("[llm\nmodel = 1\n", "不是合法的 TOML"),
    ('model = "gpt-4o"\n', "写在了顶层"),
    ('[llm]\nbase_url = "api.deepseek.com"\n', "应以 http:// 或 https:// 开头"),
    ('[llm]\napi_key_env = "MISSING_KEY_VAR"\n', "MISSING_KEY_VAR"),
])
def test_bad_config_is_a_chinese_config_error(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path / "bad.toml", text)
    with pytest.raises(ConfigError) as err:
        load_llm_config(path)
    assert expected in str(err.value)
    assert err.value.exit_code == 2


def test_missing_explicit_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="找不到配置文件"):
        load_llm_config(tmp_path / "nope.toml")


def run_recap(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True,
                          text=True, timeout=120, cwd=REPO)


def test_doctor_names_backend_endpoint_and_key_source_without_the_key(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECAP_MODEL", "deepseek-chat")
    monkeypatch.setenv("RECAP_BASE_URL", "https://api.deepseek.com/v1")
    monkeypatch.setenv("RECAP_API_KEY", FAKE_KEY)
    proc = run_recap("doctor")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout + proc.stderr
    assert "llm" in out and "deepseek-chat" in out and "https://api.deepseek.com/v1" in out
    assert "已设置(来自 环境变量 RECAP_API_KEY)" in out
    assert FAKE_KEY not in out and FAKE_KEY[:8] not in out


def test_doctor_without_a_model_says_offline_and_bad_config_exits_2(tmp_path: Path) -> None:
    proc = run_recap("doctor")
    assert proc.returncode == 0
    assert "offline" in proc.stdout
    bad = write(tmp_path / "bad.toml", "[llm]\ntimeout = -1\n")
    proc = run_recap("doctor", "--config", str(bad))
    assert proc.returncode == 2
    assert "llm.timeout" in proc.stderr and "Traceback" not in proc.stderr


def test_importing_the_cli_loads_no_model_library() -> None:
    code = ("import sys, assistant.cli, assistant.backends, assistant.llm.config; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('langchain_core', 'langchain_openai', 'openai', 'httpx', 'tiktoken', 'langsmith')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_doctor_ping_reports_a_working_endpoint_and_a_rejected_key(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from fakeserver import FakeOpenAI, Step

    with FakeOpenAI() as server:
        monkeypatch.setenv("RECAP_MODEL", "fake-model")
        monkeypatch.setenv("RECAP_BASE_URL", server.base_url)
        monkeypatch.setenv("RECAP_API_KEY", FAKE_KEY)
        proc = run_recap("doctor", "--ping")
        assert proc.returncode == 0, proc.stderr
        assert "连接正常:模型 fake-model" in to_ascii_punctuation(proc.stderr)  # shown full-width
        server.script("?", Step(status=401, error="Incorrect API key provided: {auth}"))
        proc = run_recap("doctor", "--ping")
        assert proc.returncode == 1
        assert "API 密钥无效" in proc.stderr
        assert FAKE_KEY not in proc.stdout + proc.stderr
        assert len(server.calls()) == 2


def test_llm_backend_without_a_model_explains_how_to_configure(tmp_path: Path) -> None:
    proc = run_recap("draft", str(REPO / "examples" / "shop-2025.toml"), "--backend", "llm",
                     "-o", str(tmp_path / "d.md"))
    assert proc.returncode == 2
    assert "没有配置模型" in proc.stderr and "RECAP_MODEL" in proc.stderr
    assert not (tmp_path / "d.md").exists()


def test_a_configured_model_makes_llm_the_default_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.backends import get_drafter
    from assistant.console import UI

    notices: list[str] = []
    assert get_drafter(None, notice=notices).name == "offline"
    assert notices and "离线" in notices[0]
    monkeypatch.setenv("RECAP_MODEL", "qwen2.5:7b")
    monkeypatch.setenv("RECAP_BASE_URL", "http://localhost:11434/v1")
    assert get_drafter(None, ui=UI.recording()).name == "llm"


def test_context_window_per_model_and_its_validation(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[llm]\nmodel = "qwen2.5:7b"\ncontext_window = 8192\ndeadline = 30\n'
                    '[llm.context_windows]\n"qwen2.5:7b" = 4096\n', encoding="utf-8")
    cfg = load_llm_config(path)
    assert cfg.window() == 4096 and cfg.deadline == 30  # the model's own entry wins
    monkeypatch.setenv("RECAP_MODEL", "llama3")
    assert load_llm_config(path).window() == 8192
    path.write_text('[llm]\ncontext_window = 100\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="context_window"):
        load_llm_config(path)


def test_doctor_shows_the_window_and_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECAP_MODEL", "qwen2.5:7b")
    monkeypatch.setenv("RECAP_BASE_URL", "http://localhost:11434/v1")
    proc = run_recap("doctor")
    assert proc.returncode == 0, proc.stderr
    assert "上下文窗口" in proc.stdout and "context_window" in proc.stdout
    assert "单次调用时限" in proc.stdout
