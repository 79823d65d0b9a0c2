"""Shared test setup: every test runs isolated from the developer's own recap setup."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

_MODEL_ENV = ("RECAP_MODEL", "RECAP_BASE_URL", "RECAP_API_KEY", "OPENAI_API_KEY",
              "OPENAI_BASE_URL", "OPENAI_API_BASE", "LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2")


@pytest.fixture(autouse=True)
def isolated_recap_env(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No real user config, cache or model credentials leak into a test (or its subprocesses)."""
    home = tmp_path_factory.mktemp("recap-home")
    monkeypatch.setenv("RECAP_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("RECAP_CACHE_DIR", str(home / "cache"))
    for name in _MODEL_ENV:
        monkeypatch.delenv(name, raising=False)
    yield home


@pytest.fixture(autouse=True)
def no_process_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    """``os._exit`` inside the test process would end the whole run with status 0 and hide
    every test after it: only the ``recap`` process entry (``assistant.cli.entry``) may use it."""
    import os

    def refuse(code: int) -> None:
        raise AssertionError(f"os._exit({code}) called inside the test process")

    monkeypatch.setattr(os, "_exit", refuse)


@pytest.fixture(scope="module")
def warm_model_imports() -> None:
    """Import the model libraries once per module, so timings measure drafting only.

    Modules that talk to a model server use it with
    ``pytestmark = pytest.mark.usefixtures("warm_model_imports")``.
    """
    import langchain_openai  # noqa: F401

    import assistant.llm.chain  # noqa: F401
