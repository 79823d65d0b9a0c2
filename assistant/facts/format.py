"""Chinese number formatting shared by every fact."""

from __future__ import annotations

import math

from assistant.units import UnitKind

# A value written with more decimals than a person types (an import's 441.390594万元,
# a float sum's 0.30000000000000004) is shown at a reader's precision: three
# significant digits, at most two decimals. Facts keep the full value; the checker
# matches a written number at the precision it is written with.
TYPED_DECIMALS = 2
SIGNIFICANT_DIGITS = 3


def decimals_of(value: float) -> int:
    """Decimal places a stated value is shown with (86.5 -> 1, 5860.0 -> 0).

    Up to two written decimals are kept as typed; a longer tail (an imported
    441.390594) is cut to three significant digits, at most two decimals (441).
    """
    if not math.isfinite(value):
        return 0
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{value:.10f}"
    if "." not in text:
        return 0
    frac = text.split(".", 1)[1].rstrip("0")
    written = len(frac)
    if written <= TYPED_DECIMALS:
        return written
    return min(written, reader_decimals(value))


def reader_decimals(value: float) -> int:
    """Decimals that show ``value`` with three significant digits (at most two decimals,
    more only for a magnitude below 0.01 so it does not read as 0)."""
    magnitude = abs(value)
    if magnitude == 0:
        return 0
    digits = math.floor(math.log10(magnitude)) + 1  # 441.39 -> 3, 0.035 -> -1
    wanted = max(0, SIGNIFICANT_DIGITS - digits)
    if magnitude >= 0.01:
        return min(TYPED_DECIMALS, wanted)
    return wanted


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
