"""Write a notes file back as readable TOML.

The output follows the table order of the sample files (``[report]``, ``[metrics.*]``,
``[[channels]]`` … ``[plan]``), leaves out empty fields, writes whole numbers without
``.0`` and long lists one item per line. ``parse_notes_text(dump_notes(n)) == n``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from assistant.notes.schema import Notes

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")

# Table order of the samples; fields inside a table follow the schema order.
_TABLE_ORDER = ("report", "metrics", "channels", "products", "campaigns", "projects",
                "review", "team", "growth", "plan")


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else _string(name)


def _escape(text: str, *, multiline: bool) -> str:
    out: list[str] = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\n" if multiline else "\\n")
        elif ch == "\t":
            out.append("\t" if multiline else "\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _string(text: str) -> str:
    if "\n" in text:
        return '"""\n' + _escape(text, multiline=True) + '"""'
    return '"' + _escape(text, multiline=False) + '"'


def _number(value: float | int) -> str:
    if isinstance(value, bool):  # pragma: no cover - the schema has no booleans
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _value(value: Any) -> str:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, Sequence):
        items = [_value(v) for v in value]
        one_line = "[" + ", ".join(items) + "]"
        if all(not isinstance(v, str) for v in value) or (len(one_line) <= 60 and len(items) <= 3
                                                             and "\n" not in one_line):
            return one_line
        return "[\n" + "".join(f"  {item},\n" for item in items) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (list, tuple, dict)):
        return len(value) == 0
    return False


def _scalars(table: Mapping[str, Any]) -> list[str]:
    return [f"{_key(k)} = {_value(v)}" for k, v in table.items()
            if not _is_empty(v) and not isinstance(v, Mapping)]


def _prune(value: Any) -> Any:
    """Drop empty fields (None, empty lists and tables), recursively.

    Empty text is kept: ``unit = ""`` means "no unit", which differs from no field.
    """
    if isinstance(value, Mapping):
        out = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if not _is_empty(v)}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def dump_notes_data(data: Mapping[str, Any], *, header: str = "") -> str:
    """TOML text for a notes dictionary (as ``Notes.model_dump()`` gives it)."""
    data = _prune(data)
    blocks: list[str] = []
    order = [t for t in _TABLE_ORDER if t in data] + [t for t in data if t not in _TABLE_ORDER]
    for name in order:
        value = data[name]
        if name == "metrics" and isinstance(value, Mapping):
            for metric_id, metric in value.items():
                blocks.append("\n".join([f"[metrics.{_key(metric_id)}]", *_scalars(metric)]))
        elif isinstance(value, list):
            for item in value:
                blocks.append("\n".join([f"[[{name}]]", *_scalars(item)]))
        elif isinstance(value, Mapping):
            lines = _scalars(value)
            if lines:
                blocks.append("\n".join([f"[{name}]", *lines]))
            for sub, subvalue in value.items():
                if not isinstance(subvalue, Mapping):
                    continue
                for sub_id, entry in subvalue.items():
                    if isinstance(entry, Mapping):
                        blocks.append("\n".join([f"[{name}.{_key(sub)}.{_key(sub_id)}]",
                                                 *_scalars(entry)]))
        else:  # pragma: no cover - top-level scalars do not exist in the schema
            blocks.append(f"{_key(name)} = {_value(value)}")
    text = "\n\n".join(blocks) + "\n"
    if header:
        text = header.rstrip("\n") + "\n\n" + text
    return text


def dump_notes(notes: Notes, *, header: str = "") -> str:
    """Readable TOML for ``notes``; ``header`` (comment lines) goes on top."""
    return dump_notes_data(notes.model_dump(mode="python"), header=header)


def leading_comments(text: str) -> str:
    """The comment block at the top of a notes file, to keep it when saving again."""
    lines: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#") or (not stripped and lines):
            lines.append(line)
            continue
        break
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def save_notes(path: Any, notes: Notes, *, header: str = "") -> None:
    """Write ``notes`` to ``path`` atomically.

    An existing file is changed only where the values differ, so its comments and
    layout stay (``update_notes_text``); a new file gets ``header`` on top.
    """
    from pathlib import Path

    from assistant.atomic import write_text_atomic
    from assistant.notes.loader import read_notes_text

    target = Path(path)
    text = (update_notes_text(read_notes_text(target), notes) if target.exists()
            else dump_notes(notes, header=header))
    write_text_atomic(target, text, what="素材文件")


# -- keeping a hand-written file's comments and layout ------------------------------------

def _plain(value: Any) -> Any:
    """Pruned data with whole floats as ints, ready for tomlkit."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _new_item(value: Any) -> Any:
    """A tomlkit item for a value the file does not have yet (tables stay tables)."""
    import tomlkit

    if isinstance(value, Mapping):
        table = tomlkit.table()
        for k, v in value.items():
            table.add(k, _new_item(v))
        return table
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        aot = tomlkit.aot()
        for v in value:
            aot.append(_new_item(v))
        return aot
    return tomlkit.item(value)


def _merge(container: Any, new: Mapping[str, Any]) -> None:
    """Make a tomlkit table hold ``new``, touching only what differs."""
    for key in [k for k in container if k not in new]:
        del container[key]
    for key, value in new.items():
        if key not in container:
            container[key] = _new_item(value)
            continue
        current = container[key]
        if isinstance(value, Mapping) and isinstance(current, Mapping):
            _merge(current, value)
        elif (isinstance(value, list) and isinstance(current, list) and len(value) == len(current)
              and all(isinstance(v, Mapping) for v in value)
              and all(isinstance(c, Mapping) for c in current)):
            for item, new_item in zip(current, value, strict=True):
                _merge(item, new_item)
        elif _plain(current.unwrap() if hasattr(current, "unwrap") else current) != value:
            container[key] = _new_item(value)


def update_notes_text(original: str, notes: Notes) -> str:
    """``original`` (a notes file's text) changed to hold ``notes``, comments kept.

    Only the values that differ are rewritten, so a hand-written file keeps its comments,
    order and layout. If the merged text would not read back as ``notes`` (an unusual
    layout tomlkit cannot update in place), the file is written afresh with its leading
    comments, as ``dump_notes`` does.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from assistant.notes.loader import parse_notes_text

    try:
        doc = tomlkit.parse(original)
        _merge(doc, _plain(_prune(notes.model_dump(mode="python"))))
        text = tomlkit.dumps(doc)
        if parse_notes_text(text) == notes:
            return text
    except (TOMLKitError, ValueError, TypeError, KeyError):
        pass
    return dump_notes(notes, header=leading_comments(original))
