"""How long each section should be: one place for both backends and the draft summary.

A section's target is its example passage's length (Chinese characters), scaled by the
``--length`` the user chose (short / standard / long, or a character target for the
whole report), rounded to 50. The model prompt states it, the chain re-asks a reply far
below it, the offline drafter drops secondary details to approach it, and the summary
table after drafting shows each section's length against it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.typography import is_han

if TYPE_CHECKING:
    from assistant.drafting import DraftContext
    from assistant.styles import PlannedSection

DEFAULT_LENGTH = 400  # a section without an example passage
LENGTH_SCALE = {"short": 0.6, "standard": 1.0, "long": 1.6}
TONE_NAMES = ("正式", "平实")


def han_count(text: str) -> int:
    """Chinese characters in ``text`` (how a section's length is measured)."""
    return sum(1 for ch in text if is_han(ch))


def length_scale(length: str, passages_chars: int) -> float:
    """short / standard / long, or a character target for the whole report."""
    if length in LENGTH_SCALE:
        return LENGTH_SCALE[length]
    try:
        total = int(length)
    except ValueError:
        return 1.0
    return max(0.2, min(5.0, total / max(passages_chars, 1)))


def round_length(chars: int) -> int:
    return max(100, round(chars / 50.0) * 50)


def example_chars(ctx: DraftContext, planned: PlannedSection,
                  examples_dir: Path | None = None) -> int | None:
    """Chinese characters of the section's (first) example passage, if it has one."""
    from assistant.llm.material import example_passages

    passages = example_passages(ctx.style, planned, examples_dir)
    return han_count(passages[0].text) if passages else None


def report_scale(ctx: DraftContext, length: str, examples_dir: Path | None = None) -> float:
    """How much longer or shorter than the example passages the sections should be."""
    if length in LENGTH_SCALE:
        return LENGTH_SCALE[length]
    total = sum(example_chars(ctx, p, examples_dir) or 0 for p in ctx.outline() if not p.missing)
    return length_scale(length, total)


def scaled(example: int | None, scale: float) -> int | None:
    """An example passage's length scaled to the chosen length (``None``: no example)."""
    return None if example is None else round_length(round(example * scale))


def section_targets(ctx: DraftContext, length: str = "standard",
                    examples_dir: Path | None = None) -> dict[str, int]:
    """Section id -> target length in Chinese characters, for every section with material."""
    scale = report_scale(ctx, length, examples_dir)
    return {p.id: scaled(example_chars(ctx, p, examples_dir), scale) or DEFAULT_LENGTH
            for p in ctx.outline() if not p.missing}
