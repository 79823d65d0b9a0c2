"""Load a notes file and turn every kind of bad input into one clear ``NotesError``."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.errors import InputError, NotesError, NotesProblem
from assistant.notes.locate import locate_field
from assistant.notes.schema import Notes
from assistant.notes.toml_errors import describe_toml_error

_PYDANTIC_MESSAGES: dict[str, str] = {
    "float_parsing": "应为数字(不要加引号或单位,单位写在 unit 字段里)",
    "float_type": "应为数字(不要加引号或单位,单位写在 unit 字段里)",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "string_type": "应为文本(用英文双引号括起来)",
    "list_type": "应为列表,例如 [\"第一条\", \"第二条\"]",
    "dict_type": "应为一个表(TOML 的 [表名] 段)",
    "model_type": "应为一个表(TOML 的 [表名] 段)",
    "missing": "缺少必填字段",
    "extra_forbidden": "不认识的字段(检查拼写;可用字段见 README 的“素材文件”一节)",
    "bool_type": "应为 true 或 false",
}


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
        return loc, f"quarterly 应为 4 个数字(一到四季度),现在有 {ctx.get('actual_length', '?')} 个"
    if etype in ("too_short", "too_long"):
        return loc, f"长度不对:{err.get('msg', '')}"
    if etype == "literal_error":
        return loc, f"应为以下之一:{ctx.get('expected', '')}"
    if etype in ("greater_than_equal", "less_than_equal"):
        if loc and str(loc[-1]).endswith("_share"):
            return loc, f"占比是百分数,应在 0 到 100 之间,现在是 {err.get('input')}"
        bound = ctx.get("ge", ctx.get("le"))
        word = "不小于" if etype == "greater_than_equal" else "不大于"
        return loc, f"应{word} {bound},现在是 {err.get('input')}"
    base = _PYDANTIC_MESSAGES.get(etype, err.get("msg", "取值不合法"))
    if etype in ("float_parsing", "float_type", "string_type", "int_parsing", "int_type"):
        base += f",现在是 {err.get('input')!r}"
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


def parse_notes_text(text: str, source: str = "<素材>") -> Notes:
    """Parse TOML text into ``Notes`` or raise ``NotesError`` naming ``source``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = describe_toml_error(str(exc), text)
        raise NotesError(source, [NotesProblem("", message, line=line)]) from None
    try:
        return Notes.model_validate(data)
    except ValidationError as exc:
        problems: list[NotesProblem] = []
        for err in exc.errors(include_url=False):
            loc, message = _describe(dict(err))
            problems.append(NotesProblem(_path_text(loc), message, line=locate_field(text, loc)))
        raise NotesError(source, problems) from None


def read_notes_text(path: str | Path) -> str:
    """Read a notes file as UTF-8, or raise a clear ``InputError``."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"找不到素材文件:{p}", hint="检查路径,或用 recap interview 新建一个。")
    if p.is_dir():
        raise InputError(f"{p} 是一个目录,需要的是 .toml 素材文件。")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取素材文件 {p}:{exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotesError(
            str(p), [NotesProblem("", "文件不是 UTF-8 编码的文本(请用 UTF-8 另存后再试)")]
        ) from None


def load_notes(path: str | Path) -> Notes:
    """Load and validate a notes file."""
    return parse_notes_text(read_notes_text(path), source=str(path))
