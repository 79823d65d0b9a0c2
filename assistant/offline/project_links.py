"""What ties the notes of a personal review together: KPIs to projects, duties to projects.

Links are found only in the notes' own words (a project goal naming 复购率 is about the
repurchase-rate KPI; a duty that shares a word with a project is carried by it).
Nothing here writes a number or invents a cause.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.analysis.reading import Reader
from assistant.notes.schema import Campaign, Notes, Project
from assistant.numbers import find_numbers
from assistant.offline.project_text import clauses, clean

# Two-character words too common in operations notes to tie two items together.
_COMMON = frozenset((
    "运营", "能力", "管理", "提升", "工作", "数据", "分析", "体系", "建立", "营销", "优化",
    "用户", "店铺", "年度", "全年", "目标", "完成", "提高", "降低", "不够", "不足", "尚未",
    "缺少", "以上", "以下", "至少", "每月", "每周", "相关", "进行", "深入", "系统", "学习",
    "方面", "问题", "计划", "活动", "项目", "整体", "持续", "加强",
))
_LOOSE_SKIP = frozenset(("运营", "管理", "工作", "能力", "提升", "年度", "全年", "体系"))


def _bigrams(text: str) -> set[str]:
    text = clean(text)
    return {text[i:i + 2] for i in range(len(text) - 1)
            if all("\u4e00" <= c <= "\u9fff" for c in text[i:i + 2])}


def shared_words(a: str, b: str) -> set[str]:
    """Meaningful two-character words two notes items share."""
    return (_bigrams(a) & _bigrams(b)) - _COMMON


def loose_words(a: str, b: str) -> set[str]:
    """Shared two-character words, most common operations words included."""
    return (_bigrams(a) & _bigrams(b)) - _LOOSE_SKIP


@dataclass(frozen=True)
class GoalLink:
    """A project's goal tied to a KPI of the notes."""

    metric: str  # metric id
    goal_clause: str  # the goal's clause that names the metric
    result: str  # a result item that names the metric ("" when none)
    result_reaches_goal: bool | None  # the result item's number against the goal's number


def _numbers(text: str, year: int) -> list[float]:
    return [m.value for m in find_numbers(text, year=year) if not m.placeholder]


def goal_link(reader: Reader, project: Project) -> GoalLink | None:
    """The KPI a project's goal names, if any (the first one the goal mentions)."""
    notes = reader.notes
    year = notes.report.year
    for clause in clauses(project.goal or ""):
        for mid in reader.metrics_named_in(clause):
            result = next((r for r in project.results if mid in reader.metrics_named_in(r)), "")
            goal_values = _numbers(clause, year)
            result_values = _numbers(result, year) if result else []
            reaches: bool | None = None
            if goal_values and result_values:
                higher = reader.higher_is_better(mid)
                g, r = goal_values[-1], result_values[-1]
                reaches = r >= g if higher else r <= g
            return GoalLink(mid, clause, clean(result), reaches)
    return None


def campaign_mentions(notes: Notes, campaign: Campaign) -> list[tuple[str, str]]:
    """Clauses of metric notes that name the campaign: ``(metric id, clause)``."""
    name = clean(campaign.name)
    out: list[tuple[str, str]] = []
    if not name:
        return out
    for mid, metric in notes.metrics.items():
        for clause in clauses(metric.note or ""):
            if name in clause:
                out.append((mid, clause))
    return out


def duties_by_project(notes: Notes) -> dict[int, list[str]]:
    """Each duty of the report, given to the project that carries it (by shared words)."""
    out: dict[int, list[str]] = {}
    for duty in notes.report.duties:
        best, score = -1, 0
        for i, p in enumerate(notes.projects):
            text = " ".join([p.name, p.goal or "", p.background or "", *p.actions, *p.results])
            sc = len(loose_words(duty, text))
            if sc > score:
                best, score = i, sc
        if best >= 0:
            out.setdefault(best, []).append(clean(duty))
    return out


def project_for(notes: Notes, text: str) -> int | None:
    """The project whose name and actions share most words with ``text``."""
    best, score = None, 0
    for i, p in enumerate(notes.projects):
        s = len(shared_words(text, p.name)) * 2 + len(
            shared_words(text, " ".join([*p.actions, *p.lessons])))
        if s > score:
            best, score = i, s
    return best
