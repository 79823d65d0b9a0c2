"""A notes file in Chinese, for people: what the interview shows for 「先查看已有内容」.

Rows of (what, value) with Chinese names instead of TOML keys; numbers are the ones the
user wrote, with their units (nothing is computed here).
"""

from __future__ import annotations

from assistant.interview.answers import format_number
from assistant.interview.questions import CHANNEL_KINDS, STYLE_CHOICES
from assistant.notes.schema import Notes
from assistant.typography import COMMA, IDEOGRAPHIC_COMMA, LPAREN, RPAREN, SEMICOLON

_LISTS = (
    ("review", "highlights", "全年亮点"),
    ("review", "problems", "主要问题"),
    ("review", "lessons", "深层反思"),
    ("team", "initiatives", "团队建设"),
    ("growth", "skills", "能力成长"),
    ("growth", "shortfalls", "个人不足"),
    ("plan", "strategies", "明年策略"),
    ("plan", "personal_goals", "个人发展目标"),
)


def _amount(value: float | None, unit: str) -> str:
    return "" if value is None else f"{format_number(value)}{unit}"


def _items(items: list[str]) -> str:
    return SEMICOLON.join(items)


def notes_summary(notes: Notes) -> list[tuple[str, str]]:
    """(Chinese name, value) rows for everything the notes file holds."""
    r = notes.report
    styles = {k: label.split(LPAREN)[0].split("(")[0] for k, label in STYLE_CHOICES}
    rows: list[tuple[str, str]] = [("标题", r.title), ("年份", str(r.year))]
    for name, value in (("店铺或单位", r.organization), ("部门", r.team), ("作者", r.author),
                        ("职位", r.role), ("呈报对象", r.audience)):
        if value:
            rows.append((name, value))
    if r.style:
        rows.append(("报告风格", styles.get(r.style, r.style)))
    if r.duties:
        rows.append(("工作职责", _items(r.duties)))
    for mid, metric in notes.metrics.items():
        unit = notes.metric_unit(mid)
        parts = [_amount(metric.value, unit)]
        if metric.target is not None:
            parts.append("目标 " + _amount(metric.target, unit))
        if metric.last_year is not None:
            parts.append("去年 " + _amount(metric.last_year, unit))
        if metric.quarterly:
            parts.append("分季度 " + IDEOGRAPHIC_COMMA.join(format_number(q) for q in metric.quarterly))
        text = COMMA.join(parts)
        if metric.note:
            text += f"{LPAREN}{metric.note}{RPAREN}"
        rows.append((notes.metric_label(mid), text))
    kinds = dict(CHANNEL_KINDS)
    for ch in notes.channels:
        unit = ch.unit or "万元"
        parts = [kinds.get(ch.kind or "", "")] if ch.kind else []
        if ch.spend is not None:
            parts.append("投入 " + _amount(ch.spend, unit))
        if ch.gmv is not None:
            parts.append("成交 " + _amount(ch.gmv, unit))
        rows.append((f"渠道 · {ch.name}", COMMA.join(p for p in parts if p) or "（只有名称）"))
    share_names = (("sku_share", "SKU"), ("order_share", "订单"), ("sales_share", "销售额"),
                   ("profit_share", "利润"))
    for p in notes.products:
        parts = [f"{word} {format_number(getattr(p, name))}%" for name, word in share_names
                 if getattr(p, name) is not None]
        rows.append((f"商品 · {p.segment}", COMMA.join(parts) or "（只有名称）"))
    for c in notes.campaigns:
        rows.append((f"活动 · {c.name}", c.period or ""))
    for pr in notes.projects:
        rows.append((f"项目 · {pr.name}", pr.role or ""))
    if notes.team.size is not None:
        rows.append(("团队人数", f"{notes.team.size}人"))
    for table, field, name in _LISTS:
        items = getattr(getattr(notes, table), field)
        if items:
            rows.append((name, _items(items)))
    for tid, target in notes.plan.targets.items():
        rows.append((f"明年目标 · {notes.metric_label(tid)}",
                     _amount(target.value, target.unit or notes.metric_unit(tid))))
    return rows
