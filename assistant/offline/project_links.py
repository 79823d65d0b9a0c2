"""What ties the notes of a personal review together: KPIs to projects, gaps to plans.

Links are found only in the notes' own words (a project goal naming 复购率 is about
the repurchase-rate KPI; a plan item that shares a meaningful word with a shortfall
answers it). Nothing here writes a number or invents a cause.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.metrics_catalog import known_metric
from assistant.notes.schema import Campaign, Notes, Project
from assistant.numbers import find_numbers
from assistant.offline.project_text import clauses, clean

# Words that name a metric in notes text, besides its label.
METRIC_WORDS: dict[str, tuple[str, ...]] = {
    "gmv": ("GMV", "成交额", "销售额"),
    "roi": ("ROI", "投入产出"),
    "repurchase_rate": ("复购率",),
    "visitors": ("访客",),
    "conversion_rate": ("转化率",),
    "new_users": ("新增用户", "新客"),
    "aov": ("客单价",),
    "cac": ("获客成本", "CAC"),
    "net_profit": ("净利润",),
    "gross_margin": ("毛利率",),
    "stockout_rate": ("缺货率",),
    "inventory_turnover_days": ("周转",),
    "mau": ("月活", "MAU"),
    "dau": ("日活", "DAU"),
}

# Two-character words too common in operations notes to tie two items together.
_COMMON = frozenset((
    "运营", "能力", "管理", "提升", "工作", "数据", "分析", "体系", "建立", "营销", "优化",
    "用户", "会员", "店铺", "年度", "全年", "目标", "完成", "提高", "降低", "不够",
    "不足", "尚未", "缺少", "以上", "以下", "至少", "每月", "每周", "相关", "进行", "深入",
    "系统", "学习", "方面", "问题", "计划", "推广", "活动", "项目", "整体", "持续", "加强",
))


def metric_words(notes: Notes, mid: str) -> tuple[str, ...]:
    words = list(METRIC_WORDS.get(mid, ()))
    label = notes.metrics[mid].label if mid in notes.metrics else None
    info = known_metric(mid)
    for name in (label, info.label if info else None):
        if name and name not in words:
            words.append(name)
    return tuple(words)


def mentions(notes: Notes, mid: str, text: str) -> bool:
    return any(w and w in text for w in metric_words(notes, mid))


def _bigrams(text: str) -> set[str]:
    text = clean(text)
    return {text[i:i + 2] for i in range(len(text) - 1)
            if all("\u4e00" <= c <= "\u9fff" for c in text[i:i + 2])} - _COMMON


def shared_words(a: str, b: str) -> set[str]:
    return _bigrams(a) & _bigrams(b)


def answering(item: str, candidates: Iterable[str], *, least: int = 1) -> list[str]:
    """Candidates that share at least ``least`` meaningful words with ``item``."""
    return [c for c in candidates if len(shared_words(item, c)) >= least]


@dataclass(frozen=True)
class GoalLink:
    """A project's goal tied to a KPI of the notes."""

    metric: str  # metric id
    goal_clause: str  # the goal's clause that names the metric
    result: str  # a result item that names the metric ("" when none)
    goal_states_target: bool  # the goal's clause already writes the metric's target
    result_reaches_goal: bool | None  # the result item's number against the goal's number


def _numbers(text: str, year: int) -> list[float]:
    return [m.value for m in find_numbers(text, year=year) if not m.placeholder]


def goal_link(notes: Notes, project: Project) -> GoalLink | None:
    """The KPI a project's goal names, if any (the first one the goal mentions)."""
    goal = project.goal or ""
    year = notes.report.year
    for clause in clauses(goal):
        for mid, metric in notes.metrics.items():
            if not mentions(notes, mid, clause):
                continue
            result = next((r for r in project.results if mentions(notes, mid, r)), "")
            goal_values = _numbers(clause, year)
            states_target = metric.target is not None and any(
                abs(v - metric.target) < 1e-9 for v in goal_values)
            reaches: bool | None = None
            result_values = _numbers(result, year) if result else []
            if goal_values and result_values:
                info = known_metric(mid)
                higher = info.higher_is_better if info else True
                g, r = goal_values[-1], result_values[-1]
                reaches = r >= g if higher else r <= g
            return GoalLink(mid, clause, result, states_target, reaches)
    return None


def project_metric(notes: Notes, project: Project) -> str | None:
    link = goal_link(notes, project)
    return link.metric if link else None


def campaign_mentions(notes: Notes, campaign: Campaign) -> list[tuple[str, str]]:
    """Clauses of metric and channel notes that name the campaign: ``(metric id, clause)``."""
    name = clean(campaign.name)
    out: list[tuple[str, str]] = []
    if not name:
        return out
    for mid, metric in notes.metrics.items():
        for clause in clauses(metric.note or ""):
            if name in clause:
                out.append((mid, clause))
    return out


def loose_words(a: str, b: str) -> set[str]:
    """Shared two-character words, the common operations words included."""
    return (_bigrams(a) | (_all_bigrams(a) & _COMMON)) & (_bigrams(b) | (_all_bigrams(b) & _COMMON)) - {
        "运营", "管理", "工作", "能力", "提升", "年度", "全年"}


def _all_bigrams(text: str) -> set[str]:
    text = clean(text)
    return {text[i:i + 2] for i in range(len(text) - 1)
            if all("\u4e00" <= c <= "\u9fff" for c in text[i:i + 2])}


def assign(findings: Sequence[str], items: Sequence[str]) -> dict[str, str]:
    """Each plan item paired with the finding it answers best; each finding used once."""
    scored = sorted(((len(shared_words(f, it)), -k, -j, f, it)
                     for k, f in enumerate(findings) for j, it in enumerate(items)), reverse=True)
    out: dict[str, str] = {}
    used: set[str] = set()
    for score, _, _, finding, item in scored:
        if score < 1 or item in out or finding in used:
            continue
        out[item] = finding
        used.add(finding)
    return out
