"""Choose the drafting backend: the offline drafter or a model (OpenAI-compatible).

Kept tiny and import-light: the model chain (langchain, openai) is imported only
when the ``llm`` backend is actually chosen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.drafting import Drafter
from assistant.errors import ConfigError

if TYPE_CHECKING:
    from assistant.console import UI

BackendName = Literal["offline", "llm"]


def get_drafter(name: str | None, *, config_path: Path | None = None,
                notice: list[str] | None = None, ui: UI | None = None,
                overrides: dict[str, Any] | None = None) -> Drafter:
    """The drafter for ``name`` (``None``: llm when a model is configured, else offline).

    ``notice`` collects one-line messages for the user (e.g. why offline was chosen).
    ``ui`` shows the llm backend's live progress (default: a stderr ``UI``).
    """
    if name not in (None, "offline", "llm"):
        raise ConfigError(f"未知的后端 “{name}”，可选 offline 或 llm。")
    if name == "offline" or name is None:
        from assistant.llm.config import load_llm_config

        # --length / --tone (and config.toml's length / tone) shape offline drafts too.
        wishes = {k: v for k, v in (overrides or {}).items() if k in ("length", "tone")}
        cfg = load_llm_config(config_path, overrides=wishes or None)
        if name is None:
            if cfg.configured:
                return _llm_drafter(config_path, ui, overrides)
            if notice is not None:
                notice.append("未配置模型，使用离线起草（确定性、只用素材中的数字）。"
                              "配置模型见 README“接入模型”。")
        from assistant.offline import OfflineDrafter

        return OfflineDrafter(length=cfg.length, tone=cfg.tone)
    return _llm_drafter(config_path, ui, overrides)


def _llm_drafter(config_path: Path | None, ui: UI | None = None,
                 overrides: dict[str, Any] | None = None) -> Drafter:
    try:
        from assistant.llm.backend import make_llm_drafter
    except ImportError as exc:  # pragma: no cover - only when the package is broken
        raise ConfigError(f"模型后端不可用：{exc}") from None
    if ui is None:
        from assistant.console import UI

        ui = UI()
    return make_llm_drafter(config_path, ui=ui, overrides=overrides)
