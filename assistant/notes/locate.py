"""Find the line of a field in TOML source text, for error messages.

``tomllib`` keeps no positions, so this scans the text: it tracks the current table
header (counting ``[[array]]`` entries) and finds the key inside it. Lines inside a
multi-line string are text, not headers or keys. It is a best effort for messages
only; ``None`` means "no line to show".
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'.]+)\s*=")
_ML_DELIMS = ('"""', "'''")


def _norm(key: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in key.split("."))


def _code_lines(text: str) -> list[tuple[int, str]]:
    """``(line number, line)`` for every line that is not inside a multi-line string."""
    out: list[tuple[int, str]] = []
    open_delim: str | None = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if open_delim is not None:
            end = line.find(open_delim)
            if end == -1:
                continue
            open_delim = None
            line = line[end + 3:]
            if not line.strip():
                continue
            out.append((lineno, line))
            open_delim = _opens(line)
            continue
        out.append((lineno, line))
        open_delim = _opens(line)
    return out


def _opens(line: str) -> str | None:
    """The delimiter of a multi-line string this line opens and does not close."""
    found = [(line.find(d), d) for d in _ML_DELIMS if d in line]
    if not found:
        return None
    _, delim = min(found)
    return delim if line.count(delim) % 2 == 1 else None


def locate_field(text: str, path: tuple[str | int, ...]) -> int | None:
    """1-based line of ``path`` (e.g. ``("metrics", "gmv", "target")``) or ``None``."""
    if not path:
        return None
    # Resolve path to (table header, key within table).
    parts = [str(p) for p in path]
    array_counts: dict[str, int] = {}
    current = ""
    current_index: int | None = None
    best: int | None = None
    best_len = -1
    for lineno, line in _code_lines(text):
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
            elif cand[: len(parts)] == parts and len(parts) > best_len:
                # The header opens something under the path (``[[report]]`` where
                # ``report`` should be a table): the first such header is the place.
                best, best_len = lineno, len(parts)
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
