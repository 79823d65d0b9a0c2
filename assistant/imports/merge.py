"""Put imported values into a notes file, keeping the user's comments and layout.

Like the interview's saver (``assistant/notes/writer.py``), the file is edited with
tomlkit: only the imported values change, everything else stays byte for byte. Each
imported value gets a comment beside it saying where it came from (platform, column,
file, rows and period) and the value it replaced, so every number of the review can
be traced back to the export.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assistant.imports.build import ChannelImport, MetricImport, Sourced, YearImport, round_half_up
from assistant.notes.schema import Notes
from assistant.units import unit_kind, unit_scale

MARK = "导入"  # our comments start with this word; a re-import replaces them
ROI_DECIMALS = 2
CHANNEL_UNIT = "万元"


@dataclass
class Change:
    """One value the import writes, for the preview and the merge."""

    section: str  # "metrics" or "channels"
    key: str  # metric id or channel name
    field: str  # value, last_year, quarterly, spend, gmv, roi
    label: str  # for people: "GMV", "GMV(去年)", "直通车 花费"
    new: float | int | list[float | int]
    unit: str
    old: Any
    source: str
    comment: str
    quarters: list[float | int] | None = None  # shown beside a yearly value
    quarter_note: str | None = None
    write_unit: bool = False  # the notes have no unit for this metric yet


def _scale(unit: str) -> Decimal:
    return Decimal(repr(unit_scale(unit)))


def _number(value: Decimal) -> float | int:
    """A number that prints as the Decimal does: whole numbers as integers (``3``, not ``3.0``)."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return int(normal)
    return float(normal)


def _convert(value: Decimal, base: str, unit: str, decimals: int | None) -> float | int:
    converted = value * _scale(base) / _scale(unit) if base != unit else value
    if decimals is not None:
        converted = round_half_up(converted, decimals)
    return _number(converted)


def _metric_unit(m: MetricImport, notes: Notes | None) -> tuple[str, bool]:
    """(unit to write the values in, whether the unit field must be written).

    The unit the notes already use for the metric wins when it is of the same kind
    (a GMV kept in 亿元 stays in 亿元); otherwise the metric's default unit is written.
    """
    existing = notes.metrics.get(m.id) if notes is not None else None
    if existing is not None and notes is not None:
        unit = notes.metric_unit(m.id)
        if unit and unit_kind(unit) == unit_kind(m.default_unit):
            return unit, False
    return m.default_unit, True


def plan_changes(result: YearImport, notes: Notes | None) -> list[Change]:
    changes: list[Change] = []
    for m in result.metrics.values():
        unit, write_unit = _metric_unit(m, notes)
        old = notes.metrics.get(m.id) if notes is not None else None
        if m.value is not None:
            quarters = ([_convert(q, m.base_unit, unit, m.decimals) for q in m.quarterly]
                        if m.quarterly is not None else None)
            changes.append(Change("metrics", m.id, "value", m.label,
                                  _convert(m.value.value, m.base_unit, unit, m.decimals), unit,
                                  old.value if old else None, m.value.source, m.value.comment,
                                  quarters, m.quarter_note, write_unit))
            if quarters is not None:
                changes.append(Change("metrics", m.id, "quarterly", f"{m.label}（季度）", quarters, unit,
                                      old.quarterly if old else None, m.value.source,
                                      f"{MARK}：一至四季度分别合计"))
        if m.value is not None and m.last_year is None and old is not None and old.last_year is not None:
            result.warnings.append(
                f"{m.label}的去年值仍是素材里原有的 {_fmt_old(old.last_year)}，同比将拿导入的今年值与它比较；"
                "口径不同时请用 --last-year 给出去年同一报表的导出文件")
        if m.last_year is not None and m.value is None and old is None:
            result.warnings.append(f"去年的{m.label}没有写入：今年的文件里没有{m.label}，素材里也还没有这个指标")
        elif m.last_year is not None:
            changes.append(Change("metrics", m.id, "last_year", f"{m.label}（去年）",
                                  _convert(m.last_year.value, m.base_unit, unit, m.decimals), unit,
                                  old.last_year if old else None, m.last_year.source,
                                  m.last_year.comment, write_unit=write_unit and m.value is None))
    for c in result.channels:
        changes.extend(_channel_changes(c, notes))
    return changes


def _channel_changes(c: ChannelImport, notes: Notes | None) -> list[Change]:
    old = next((ch for ch in (notes.channels if notes else []) if ch.name == c.name), None)
    unit = (old.unit if old is not None and old.unit else CHANNEL_UNIT)
    if unit_kind(unit) != unit_kind(CHANNEL_UNIT):
        unit = CHANNEL_UNIT
    out: list[Change] = []
    fields: list[tuple[str, str, Sourced | None]] = [("spend", "花费", c.spend), ("gmv", "成交额", c.gmv),
                                                     ("roi", "ROI", c.roi)]
    for name, word, sourced in fields:
        if sourced is None:
            continue
        if name == "roi":
            value = _number(round_half_up(sourced.value, ROI_DECIMALS))
            shown_unit = ""
        else:
            value = _convert(sourced.value, "元", unit, None)
            shown_unit = unit
        out.append(Change("channels", c.name, name, f"{c.name} {word}", value, shown_unit,
                          getattr(old, name) if old is not None else None, sourced.source,
                          sourced.comment))
    return out


# -- writing ------------------------------------------------------------------------------

def _fmt_old(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_fmt_old(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


USER_NOTE = "；原注释："


def _plain(value: Any) -> Any:
    if hasattr(value, "unwrap"):
        value = value.unwrap()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _set(table: Any, key: str, value: Any, comment: str) -> None:
    """Set ``key`` with ``comment`` beside it, keeping the user's own comment.

    A value that is already there with our comment is left exactly as it is; a user's
    comment on the line is kept after ours (``；原注释：…``), also across re-imports.
    """
    import tomlkit

    existing = table.get(key) if key in table else None
    old_comment = ""
    if existing is not None and hasattr(existing, "trivia"):
        old_comment = existing.trivia.comment.lstrip("#").strip()
    if old_comment.startswith(MARK) and _plain(existing) == value:
        return
    kept = old_comment.partition(USER_NOTE)[2] if old_comment.startswith(MARK) else old_comment
    table[key] = tomlkit.item(value)
    table[key].comment(comment + (USER_NOTE + kept if kept else ""))


def _metric_table(doc: Any, metric_id: str) -> Any:
    import tomlkit

    if "metrics" not in doc:
        doc.add(tomlkit.nl())
        doc.add("metrics", tomlkit.table(is_super_table=True))
    metrics = doc["metrics"]
    if metric_id not in metrics:
        table = tomlkit.table()
        metrics.add(metric_id, table)
    return metrics[metric_id]


def _channel_table(doc: Any, name: str) -> Any:
    import tomlkit

    if "channels" not in doc:
        doc.add(tomlkit.nl())
        doc.add("channels", tomlkit.aot())
    for table in doc["channels"]:
        if table.get("name") == name:
            return table
    table = tomlkit.table()
    table.add("name", name)
    table.add("kind", "paid")
    doc["channels"].append(table)
    return doc["channels"][-1]


def _comment(change: Change) -> str:
    text = change.comment
    if change.old is not None and change.old != change.new:
        text += f"；原值 {_fmt_old(change.old)}"
    return text


def apply_changes(text: str, changes: list[Change]) -> str:
    """``text`` (a notes file) with ``changes`` merged in, comments and layout kept."""
    import tomlkit

    doc = tomlkit.parse(text)
    new_tables: list[Any] = []
    for change in changes:
        if change.section == "metrics":
            fresh = "metrics" not in doc or change.key not in doc["metrics"]
            table = _metric_table(doc, change.key)
            if fresh:
                new_tables.append(table)
            _set(table, change.field, change.new, _comment(change))
            if change.write_unit:
                table["unit"] = change.unit
        else:
            fresh = "channels" not in doc or all(t.get("name") != change.key for t in doc["channels"])
            table = _channel_table(doc, change.key)
            if fresh:
                new_tables.append(table)
            _set(table, change.field, change.new, _comment(change))
            if change.field in ("spend", "gmv") and change.unit != CHANNEL_UNIT and "unit" not in table:
                table["unit"] = change.unit
    for table in new_tables:
        table.add(tomlkit.nl())
    out = tomlkit.dumps(doc)
    if "\n\n\n" not in text:
        # tomlkit separates some new tables by itself: keep one blank line between tables.
        while "\n\n\n" in out:
            out = out.replace("\n\n\n", "\n\n")
    return out.rstrip("\n") + "\n"


def new_notes_text(year: int, title: str) -> str:
    """The text of a new notes file that only holds the report's year and title."""
    from assistant.notes.schema import Report
    from assistant.notes.writer import dump_notes

    header = f"# 年终总结素材：由 recap import 从后台导出数据生成，{MARK}的数字旁注明了来源\n"
    return dump_notes(Notes(report=Report(title=title, year=year)), header=header)
