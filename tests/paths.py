"""Where test inputs live."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"
SAMPLE_NAMES = ("shop-2025.toml", "specialist-2025.toml", "douyin-2025.toml")
SAMPLES = [EXAMPLES / n for n in SAMPLE_NAMES]
STYLES = ("data", "narrative", "project")
