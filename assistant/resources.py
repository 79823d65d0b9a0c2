"""Locate the files shipped beside the code: prompts/, examples/, config.toml.

In a source checkout (and an editable install) they live at the repository root;
in a wheel they are packaged under ``assistant/_data``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """The directory holding ``prompts/``, ``examples/`` and ``config.toml``."""
    packaged = _PACKAGE_DIR / "_data"
    if (packaged / "config.toml").is_file():
        return packaged
    return _PACKAGE_DIR.parent


def prompts_dir() -> Path:
    return data_root() / "prompts"


def examples_dir() -> Path:
    return data_root() / "examples"


def default_config_path() -> Path:
    return data_root() / "config.toml"
