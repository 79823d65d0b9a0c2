"""Load a notes file and turn every kind of bad input into one clear ``NotesError``."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.errors import NotesError, NotesProblem
from assistant.fileio import NOTES_MAX_BYTES, read_limited
from assistant.notes.locate import locate_field
from assistant.notes.schema import Notes
from assistant.notes.toml_errors import describe_toml_error

MAX_PROBLEMS = 20  # listed in one message; the rest are counted

_PYDANTIC_MESSAGES: dict[str, str] = {
    "float_parsing": "应为数字（不要加引号或单位，单位写在 unit 字段里）",
    "float_type": "应为数字（不要加引号或单位，单位写在 unit 字段里）",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "string_type": "应为文本（用英文双引号括起来）",
    "list_type": r"应为列表，例如 [\“第一条\”，\“第二条\”]",
    "dict_type": "应为一个表（TOML 的 [表名] 段）",
    "model_type": "应为一个表（TOML 的 [表名] 段）",
    "missing": "缺少必填字段",
    "extra_forbidden": "不认识的字段（检查拼写；可用字段见 README 的“素材文件”一节）",
    "bool_type": "应为 true 或 false",
    "finite_number": "应为有限的数字（不能是 nan 或 inf）",
}
_NUMBER_ERRORS = ("float_parsing", "float_type", "int_parsing", "int_type", "finite_number")


def _shown(value: object, n: int = 60) -> str:
    """An input value as the user wrote it, cut short (a field may hold a megabyte)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) >= 10**n:
        return f"一个 {len(str(abs(value)))} 位的整数"
    text = repr(value)
    return text if len(text) <= n else text[:n] + "…"



def _describe(err: dict[str, Any]) -> tuple[tuple[str | int, ...], str]:
    """Chinese description and field path for one pydantic error."""
    loc: tuple[str | int, ...] = tuple(err.get("loc", ()))
    etype = err.get("type", "")
    ctx = err.get("ctx") or {}
    if etype == "value_error":
        original = str(ctx.get("error", err.get("msg", "")))
        if original.startswith("@") and "|" in original:
            path_text, message = original[1:].split("|", 1)
            return tuple(path_text.split(".")), message
        return loc, original
    if etype in ("too_short", "too_long") and loc and loc[-1] == "quarterly":
        return loc, f"quarterly 应为 4 个数字（一到四季度），现在有 {ctx.get('actual_length', '?')} 个"
    if etype == "string_too_long":
        return loc, f"太长了：最多 {ctx.get('max_length', '?')} 个字符，现在有 {len(str(err.get('input', '')))} 个"
    if etype in ("too_short", "too_long"):
        return loc, f"长度不对：{err.get('msg', '')}"
    if etype == "literal_error":
        return loc, f"应为以下之一：{ctx.get('expected', '')}"
    if etype in ("greater_than_equal", "less_than_equal"):
        if loc and str(loc[-1]).endswith("_share"):
            return loc, f"占比是百分数，应在 0 到 100 之间，现在是 {err.get('input')}"
        bound = ctx.get("ge", ctx.get("le"))
        word = "不小于" if etype == "greater_than_equal" else "不大于"
        return loc, f"应{word} {bound}，现在是 {err.get('input')}"
    value = err.get("input")
    if etype in _NUMBER_ERRORS and isinstance(value, bool):
        word = "整数" if etype.startswith("int") else "数字"
        return loc, f"应为{word}，现在是 {_shown(value)}（true/false 不是数字）"
    if etype == "float_type" and isinstance(value, int):
        return loc, f"应为有限的数字，现在是{_shown(value)}，超出了可计算的范围"
    if etype == "finite_number":
        return loc, f"应为有限的数字（不能是 nan 或 inf），现在是 {_shown(value)}"
    base = _PYDANTIC_MESSAGES.get(etype, err.get("msg", "取值不合法"))
    if etype in ("float_parsing", "float_type", "string_type", "int_parsing", "int_type"):
        base += f"，现在是 {_shown(value)}"
    return loc, base


def _path_text(loc: tuple[str | int, ...]) -> str:
    """``("products", 0, "sku_share")`` -> ``products[1].sku_share`` (1-based for people)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


def _first_nul(data: object, loc: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """The field path of the first string holding a NUL character (drafts cannot hold one)."""
    if isinstance(data, str):
        return loc if "\x00" in data else None
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        found = _first_nul(value, (*loc, key))
        if found is not None:
            return found
    return None


def parse_notes_text(text: str, source: str = "<素材>") -> Notes:
    """Parse TOML text into ``Notes`` or raise ``NotesError`` naming ``source``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = describe_toml_error(str(exc), text)
        raise NotesError(source, [NotesProblem("", message, line=line)]) from None
    except RecursionError:
        raise NotesError(
            source,
            [NotesProblem("", "方括号或花括号嵌套得太深，无法读取（素材文件不需要多层嵌套的列表或表）")],
        ) from None
    nul = _first_nul(data)
    if nul is not None:
        raise NotesError(source, [NotesProblem(
            _path_text(nul), "文本里有空字符（\\u0000），它会让草稿无法保存；请删掉它",
            line=locate_field(text, nul))])
    try:
        return Notes.model_validate(data)
    except RecursionError:
        raise NotesError(source, [NotesProblem("", "嵌套得太深，无法检查")]) from None
    except ValidationError as exc:
        problems: list[NotesProblem] = []
        errors = exc.errors(include_url=False)
        for err in errors[:MAX_PROBLEMS]:
            loc, message = _describe(dict(err))
            problems.append(NotesProblem(_path_text(loc), message, line=locate_field(text, loc)))
        if len(errors) > MAX_PROBLEMS:
            problems.append(NotesProblem("", f"另有 {len(errors) - MAX_PROBLEMS} 处问题未列出，先改正上面的"))
        raise NotesError(source, problems, total=len(errors)) from None


def read_notes_text(path: str | Path) -> str:
    """Read a notes file as UTF-8, or raise a clear ``InputError``.

    Only a regular file of at most ``NOTES_MAX_BYTES`` is read (a FIFO or
    ``/dev/zero`` given as the notes file is refused, not waited on).
    """
    p = Path(path)
    raw = read_limited(p, what="素材文件", limit=NOTES_MAX_BYTES,
                       missing_hint="检查路径，或用 recap interview 新建一个。")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotesError(
            str(p), [NotesProblem("", "文件不是 UTF-8 编码的文本（请用 UTF-8 另存后再试）")]
        ) from None


def load_notes(path: str | Path) -> Notes:
    """Load and validate a notes file."""
    return parse_notes_text(read_notes_text(path), source=str(path))
