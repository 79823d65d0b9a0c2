"""Find the line of a field in TOML source text, for error messages.

``tomllib`` keeps no positions, so this scans the text: it tracks the current table
header (counting ``[[array]]`` entries) and finds the key inside it. It is a best
effort for messages only; ``None`` means "no line to show".
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'.]+)\s*=")


def _norm(key: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in key.split("."))


def locate_field(text: str, path: tuple[str | int, ...]) -> int | None:
    """1-based line of ``path`` (e.g. ``("metrics", "gmv", "target")``) or ``None``."""
    if not path:
        return None
    # Resolve path to (table header, key within table).
    parts = [str(p) for p in path]
    lines = text.splitlines()
    array_counts: dict[str, int] = {}
    current = ""
    current_index: int | None = None
    best: int | None = None
    best_len = -1
    for lineno, line in enumerate(lines, start=1):
        m = _HEADER.match(line)
        if m:
            name = _norm(m.group(2))
            if m.group(1) == "[[":
                array_counts[name] = array_counts.get(name, -1) + 1
                current, current_index = name, array_counts[name]
            else:
                current, current_index = name, None
            cand = current.split(".")
            if current_index is not None:
                cand = [*cand, str(current_index)]
            if parts[: len(cand)] == cand and len(cand) > best_len:
                best, best_len = lineno, len(cand)
            continue
        km = _KEY.match(line)
        if not km:
            continue
        prefix = current.split(".") if current else []
        if current_index is not None:
            prefix = [*prefix, str(current_index)]
        full = [*prefix, *_norm(km.group(1)).split(".")]
        if parts[: len(full)] == full and len(full) > best_len:
            best, best_len = lineno, len(full)
    return best
