"""Model backend settings, merged from four layers (later wins).

1. ``config.toml`` shipped with recap (``assistant.resources.default_config_path()``)
2. the user's config file: ``--config PATH``, else ``<user config dir>/recap/config.toml``
   (the directory can be moved with ``RECAP_CONFIG_DIR``)
3. environment: ``RECAP_BASE_URL``, ``RECAP_MODEL``, ``RECAP_API_KEY``
4. command-line flags (``overrides``)

``OPENAI_API_KEY`` / ``OPENAI_BASE_URL`` are fallbacks used only when recap's own
settings leave the key / endpoint unset, so a generic OpenAI key in the environment
is never sent to an endpoint the user configured a key for.

All settings live in the ``[llm]`` table. The API key is held as a ``SecretStr`` and
only ever described by where it came from, never shown.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from assistant.llm.redact import Redactor

OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1"

ENV_BASE_URL = "RECAP_BASE_URL"
ENV_MODEL = "RECAP_MODEL"
ENV_API_KEY = "RECAP_API_KEY"
ENV_CONFIG_DIR = "RECAP_CONFIG_DIR"
ENV_CACHE_DIR = "RECAP_CACHE_DIR"
FALLBACK_ENV_API_KEY = "OPENAI_API_KEY"
FALLBACK_ENV_BASE_URL = "OPENAI_BASE_URL"

SOURCE_DEFAULT = "程序默认值"


class LLMSettings(BaseModel):
    """The ``[llm]`` table as written in a config file (every key optional)."""

    model_config = ConfigDict(extra="forbid", strict=False)

    model: str | None = None
    base_url: str | None = None
    api_key: str | None = None
    api_key_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    temperature: float | None = Field(default=None, ge=0, le=2)
    max_output_tokens: int | None = Field(default=None, ge=64, le=32768)
    concurrency: int | None = Field(default=None, ge=1, le=32)
    timeout: float | None = Field(default=None, gt=0, le=3600)
    max_retries: int | None = Field(default=None, ge=0, le=10)
    retry_backoff: float | None = Field(default=None, ge=0, le=60)
    token_budget: int | None = Field(default=None, ge=500, le=1_000_000)
    reask_rounds: int | None = Field(default=None, ge=0, le=5)
    stream: bool | None = None
    cache: bool | None = None
    cache_path: str | None = None
    deadline: float | None = Field(default=None, gt=0, le=7200)
    context_window: int | None = Field(default=None, ge=512, le=10_000_000)
    context_windows: dict[str, Annotated[int, Field(ge=512, le=10_000_000)]] | None = None
    tokenizer_factor: float | None = Field(default=None, ge=1, le=4)
    plan: Literal["computed", "model"] | None = None
    length: str | None = Field(default=None, pattern=r"^(short|standard|long|[1-9][0-9]{1,5})$")
    tone: Literal["正式", "平实"] | None = None


_FIELD_LABELS: dict[str, str] = {
    "model": "模型名称",
    "base_url": "接口地址",
    "api_key": "API 密钥",
    "api_key_env": "存放密钥的环境变量名",
    "temperature": "temperature(0 到 2)",
    "max_output_tokens": "每节最多输出 tokens(64 到 32768)",
    "concurrency": "并发章节数（1 到 32）",
    "timeout": "单次请求超时秒数（大于 0）",
    "max_retries": "失败重试次数（0 到 10）",
    "retry_backoff": "重试等待起始秒数（0 到 60）",
    "token_budget": "每节提示词 token 预算（至少 500）",
    "reask_rounds": "数字核对不通过时的重问轮数（0 到 5）",
    "stream": "是否流式输出（true 或 false）",
    "cache": "是否启用调用缓存（true 或 false）",
    "cache_path": "缓存文件路径",
    "deadline": "单次调用的总时限秒数（大于 0）",
    "context_window": "模型的上下文窗口 tokens（至少 512）",
    "context_windows": "按模型名写的上下文窗口表，如 {\"qwen2.5:7b\" = 8192}",
    "tokenizer_factor": "模型分词器相对 cl100k 的 token 倍数（1 到 4）",
    "plan": "报告主线的来源：computed（程序计算，默认）或 model（模型改写，多一次调用）",
    "length": "篇幅：short、standard、long，或全文目标字数（如 3000）",
    "tone": "语气：正式 或 平实",
}


class LLMConfig(BaseModel):
    """Effective settings after merging every layer, with where each came from."""

    model_config = ConfigDict(frozen=True)

    model: str = ""
    base_url: str = OPENAI_DEFAULT_BASE_URL
    api_key: SecretStr | None = None
    temperature: float = 0.7
    max_output_tokens: int = 2000
    concurrency: int = 6
    timeout: float = 60.0
    max_retries: int = 3
    retry_backoff: float = 1.0
    token_budget: int = 6000
    reask_rounds: int = 2
    stream: bool = True
    cache: bool = True
    cache_path: Path | None = None
    deadline: float = 240.0
    context_window: int | None = None
    context_windows: dict[str, int] = Field(default_factory=dict)
    tokenizer_factor: float = 2.0
    plan: str = "computed"
    length: str = "standard"
    tone: str = "正式"
    sources: dict[str, str] = Field(default_factory=dict)
    files: tuple[Path, ...] = ()  # config files that were read, lowest layer first

    @property
    def configured(self) -> bool:
        """A model is named; the key is optional (local Ollama / vLLM need none)."""
        return bool(self.model.strip())

    def source(self, name: str) -> str:
        return self.sources.get(name, SOURCE_DEFAULT)

    def key_status(self) -> str:
        """How the key is set, for people; never the key itself."""
        if self.api_key is None or not self.api_key.get_secret_value():
            return "未设置（本地服务如 Ollama、vLLM 可以不设）"
        return f"已设置(来自 {self.source('api_key')})"

    def resolved_cache_path(self) -> Path:
        if self.cache_path is not None:
            return self.cache_path
        return default_cache_dir() / "llm-cache.sqlite3"

    def secret(self) -> str:
        return self.api_key.get_secret_value() if self.api_key is not None else ""

    @property
    def display_url(self) -> str:
        """The endpoint as shown to people: URL credentials replaced by ``***``."""
        from assistant.llm.redact import display_url

        return display_url(self.base_url)

    def redactor(self) -> Redactor:
        """Scrubs the key and URL secrets out of any text."""
        from assistant.llm.redact import redactor_for

        return redactor_for(self.secret(), self.base_url)

    def window(self) -> int | None:
        """The model's context window in its own tokens, when configured (per model first)."""
        return self.context_windows.get(self.model) or self.context_window

    def max_reply_chars(self) -> int:
        """A cap on one reply's length: no model writes more than 4 characters per token."""
        return self.max_output_tokens * 4


def user_config_path() -> Path:
    """The user's config file (it may not exist)."""
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override) / "config.toml"
    import platformdirs

    return Path(platformdirs.user_config_dir("recap", appauthor=False)) / "config.toml"


def default_cache_dir() -> Path:
    override = os.environ.get(ENV_CACHE_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("recap", appauthor=False))


def _read_llm_table(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"无法读取配置文件 {path}:{exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"配置文件 {path} 不是 UTF-8 编码的文本。") from None
    except RecursionError:
        raise ConfigError(f"配置文件 {path} 的方括号或花括号嵌套得太深，无法读取。") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"配置文件 {path} 不是合法的 TOML:{exc}",
            hint="检查引号、等号和 [llm] 表头；示例见 docs/models.md。",
        ) from None
    table = data.get("llm", {})
    if not isinstance(table, dict):
        raise ConfigError(f"配置文件 {path} 中的 llm 应为一个表（[llm] 段）。")
    misplaced = [k for k in data if k in LLMSettings.model_fields and k != "llm"]
    if misplaced:
        raise ConfigError(
            f"配置文件 {path} 中的 {'、'.join(misplaced)} 写在了顶层。",
            hint="模型相关的设置要写在 [llm] 表下，例如：\n[llm]\nmodel = \"deepseek-chat\"",
        )
    return table


def _validate(values: Mapping[str, Any], where: str) -> LLMSettings:
    try:
        return LLMSettings.model_validate(dict(values))
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = ".".join(str(p) for p in err.get("loc", ())) or "?"
            if err.get("type") == "extra_forbidden":
                known = "、".join(LLMSettings.model_fields)
                problems.append(f"不认识的配置项 llm.{key}（可用：{known}）")
                continue
            label = _FIELD_LABELS.get(key, key)
            problems.append(f"llm.{key} 应为{label}，现在是 {err.get('input')!r}")
        raise ConfigError(f"{where} 有误：\n  - " + "\n  - ".join(problems)) from None


def _check_base_url(url: str, source: str) -> str:
    from assistant.llm.redact import display_url

    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ConfigError(
            f"接口地址 “{display_url(url)}”（来自 {source}）应以 http:// 或 https:// 开头。",
            hint="例如 https://api.deepseek.com/v1 或 http://localhost:11434/v1",
        )
    return url


def load_llm_config(config_path: str | Path | None = None, *,
                    overrides: Mapping[str, Any] | None = None,
                    environ: Mapping[str, str] | None = None,
                    shipped_path: Path | None = None) -> LLMConfig:
    """Merge shipped defaults, the user file, the environment and CLI ``overrides``.

    Raises ``ConfigError`` (Chinese message, exit 2) for a missing ``--config`` file,
    bad TOML, an unknown key or a value out of range.
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    files: list[Path] = []

    def apply(settings: LLMSettings, source: str) -> None:
        for name, value in settings.model_dump(exclude_none=True).items():
            values[name] = value
            sources[name] = source

    if shipped_path is None:
        from assistant.resources import default_config_path

        shipped_path = default_config_path()
    if shipped_path.is_file():
        shipped = _validate(_read_llm_table(shipped_path), f"内置配置 {shipped_path}")
        if shipped.api_key:
            raise ConfigError(f"内置配置 {shipped_path} 不应包含 api_key。")
        apply(shipped, "内置默认配置")
        files.append(shipped_path)

    if config_path is not None:
        user_path = Path(config_path).expanduser()
        if not user_path.is_file():
            raise ConfigError(f"找不到配置文件：{user_path}", hint="检查 --config 给出的路径。")
    else:
        user_path = user_config_path()
    if user_path.is_file():
        apply(_validate(_read_llm_table(user_path), f"配置文件 {user_path}"),
              f"配置文件 {user_path}")
        files.append(user_path)

    # Environment: recap's own variables override the files.
    env_values: dict[str, Any] = {}
    env_sources: dict[str, str] = {}
    for name, var in (("model", ENV_MODEL), ("base_url", ENV_BASE_URL)):
        if env.get(var, "").strip():
            env_values[name] = env[var].strip()
            env_sources[name] = f"环境变量 {var}"
    key_var: str | None = values.get("api_key_env")
    for key_env in (ENV_API_KEY, key_var):
        if key_env and env.get(key_env, "").strip():
            env_values["api_key"] = env[key_env].strip()
            env_sources["api_key"] = f"环境变量 {key_env}"
            break
    if key_var and "api_key" not in env_values and "api_key" not in values:
        raise ConfigError(
            f"配置要求从环境变量 {key_var} 读取 API 密钥({sources.get('api_key_env')}),"
            "但它没有设置。",
            hint=f"先 export {key_var}=你的密钥，或删掉 api_key_env 这一行。",
        )
    apply(_validate(env_values, "环境变量"), "")
    sources.update(env_sources)

    # Generic OpenAI variables: only when nothing recap-specific set the value.
    if "api_key" not in values and env.get(FALLBACK_ENV_API_KEY, "").strip():
        values["api_key"] = env[FALLBACK_ENV_API_KEY].strip()
        sources["api_key"] = f"环境变量 {FALLBACK_ENV_API_KEY}"
    if "base_url" not in values and env.get(FALLBACK_ENV_BASE_URL, "").strip():
        values["base_url"] = env[FALLBACK_ENV_BASE_URL].strip()
        sources["base_url"] = f"环境变量 {FALLBACK_ENV_BASE_URL}"

    if overrides:
        given = {k: v for k, v in overrides.items() if v is not None}
        for name in given:
            if name not in LLMSettings.model_fields or name in ("api_key", "api_key_env"):
                raise ConfigError(f"命令行不能设置 {name}。")
        settings = _validate(given, "命令行参数")
        for name, value in settings.model_dump(exclude_none=True).items():
            values[name] = value
            sources[name] = "命令行 --" + name.replace("_", "-")

    values.pop("api_key_env", None)
    if "base_url" in values:
        values["base_url"] = _check_base_url(values["base_url"], sources["base_url"])
    for name in ("temperature", "timeout", "retry_backoff", "deadline", "tokenizer_factor"):
        if name in values and not math.isfinite(float(values[name])):
            raise ConfigError(f"{name} 应为有限的数字（来自 {sources[name]}）。")
    if values.get("cache_path"):
        try:
            values["cache_path"] = Path(values["cache_path"]).expanduser()
        except RuntimeError:  # "~nosuchuser/…": no such user, no home directory
            raise ConfigError(
                f"cache_path = “{values['cache_path']}” 中的 ~ 无法展开：没有这个用户或主目录"
                f"（来自 {sources.get('cache_path', '配置')}）。",
                hint="写完整路径，例如 cache_path = \"/home/我/.cache/recap/cache.sqlite\"。",
            ) from None
    if "api_key" in values:
        values["api_key"] = SecretStr(values["api_key"])
    if "model" in values:
        values["model"] = str(values["model"]).strip()
    return LLMConfig(**values, sources=sources, files=tuple(files))
