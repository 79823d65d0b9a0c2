"""Make every string of an export document safe for Word and HTML.

Text pasted from Word carries ``\\x0b`` (manual line break) and ``\\x0c`` (page
break); notes strings may hold any control character. XML (and so python-docx)
refuses them, and Word's core properties take at most 255 characters. Chinese text
gets full-width punctuation here too, for the same reason: one place, every string. Cleaning
happens once, on the finished ``ExportDocument``, so no writer can miss a string.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

from assistant.typography import fullwidth

T = TypeVar("T")

# Characters XML 1.0 does not allow, plus the C1 controls: line and page breaks
# become newlines, every other one is dropped.
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
_INVALID = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
CORE_PROPERTY_MAX = 255  # python-docx and Word refuse longer core properties


def clean_text(text: str) -> str:
    """``text`` without characters XML cannot hold (breaks kept as newlines), and with
    full-width punctuation beside Chinese (a hand-edited draft, a label, a table note)."""
    text = text.translate(_BREAKS)
    return fullwidth(_INVALID.sub("", text))


def core_property(text: str | None) -> str:
    """A cleaned, single-line value of at most 255 characters for Word's core properties."""
    value = " ".join(clean_text(text or "").split())
    if len(value) > CORE_PROPERTY_MAX:
        value = value[: CORE_PROPERTY_MAX - 1] + "…"
    return value


def clean_strings(value: T) -> T:
    """A copy of ``value`` (dataclasses, lists, tuples, dicts) with every string cleaned."""
    return _clean(value)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_clean(v) for v in value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _clean(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if f.init}
        return dataclasses.replace(value, **changes)
    return value
