"""Chinese number formatting shared by every fact."""

from __future__ import annotations

import math

from assistant.units import UnitKind


def decimals_of(value: float) -> int:
    """Decimal digits a stated value was written with (86.5 -> 1, 5860.0 -> 0)."""
    if not math.isfinite(value):
        return 0
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{value:.10f}"
    if "." not in text:
        return 0
    frac = text.split(".", 1)[1].rstrip("0")
    return len(frac)


def fmt_number(value: float, decimals: int) -> str:
    """Round half away from zero to ``decimals`` places and strip trailing zeros."""
    if not math.isfinite(value):  # never a fact; shown as is rather than crash
        return str(value)
    factor = 10 ** max(decimals, 0)
    if decimals <= 0 or not math.isfinite(abs(value) * factor):
        return str(math.floor(abs(value) + 0.5) * (1 if value >= 0 else -1))
    rounded = math.floor(abs(value) * factor + 0.5 + 1e-9) / factor
    text = f"{rounded:.{decimals}f}".rstrip("0").rstrip(".")
    if value < 0 and text != "0":
        text = "-" + text
    return text


def with_unit(number_text: str, unit: str) -> str:
    return f"{number_text}{unit}"


# Direction words: (up, down) per kind of change.
DIRECTION_WORDS: dict[str, tuple[str, str]] = {
    "growth": ("增长", "下降"),
    "amount": ("增加", "减少"),
    "points": ("提升", "下降"),
    "duration": ("延长", "缩短"),
}


def direction_word(kind: UnitKind, value: float, *, style: str = "growth") -> str:
    """Chinese verb for a signed change, e.g. 增长 / 下降 / 缩短."""
    if kind == UnitKind.DURATION:
        style = "duration"
    up, down = DIRECTION_WORDS[style]
    if value > 0:
        return up
    if value < 0:
        return down
    return "持平"
