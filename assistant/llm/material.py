"""What one section's prompt may draw on: its facts, the user's notes, example passages.

Facts are chosen by topic so each section cites what it is about (the KPI section
the core metrics, the plan section next year's targets), then narrowed by the report
plan: a fact the plan gives another section is left to it, the section's own
judgements and the thesis bring their evidence, the problems section sees the metrics
it argues, the closing only the thesis's facts. Misleading facts are never offered.
The checker still accepts any true fact, so a section citing a fact outside its list
is not an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant.analysis.model import ReportPlan
from assistant.draftfile import Draft
from assistant.facts import Fact, FactSet
from assistant.notes import Notes
from assistant.styles import DATA_METRICS_KPI, DATA_METRICS_OPS, PlannedSection, Style
from assistant.units import is_percent

HEADLINE_METRICS = ("gmv", "net_profit", "gross_margin", "new_users", "repurchase_rate",
                    "visitors", "roi")
_INDEXED = re.compile(r"^(projects|campaigns)\[(\d+)\]")


def _root(fact: Fact) -> str:
    """Topic of a fact: the metric id, ``channel``, ``product``, ``plan``, ``count`` ..."""
    if fact.id.startswith("text."):
        return "text"
    head = fact.id.split(".", 1)[0]
    return re.sub(r"\d+$", "", head)


def _metric_of(fact: Fact) -> str | None:
    if fact.id.startswith("text."):
        m = re.match(r"metrics\.([^.]+)\.", fact.origin)
        return m.group(1) if m else None
    root = _root(fact)
    if root in ("channel", "channels", "product", "plan", "count"):
        return None
    return root


def _origin_in(fact: Fact, *prefixes: str) -> bool:
    return fact.id.startswith("text.") and fact.origin.startswith(prefixes)


def _metric_facts(facts: FactSet, metrics: tuple[str, ...] | None) -> list[Fact]:
    return [f for f in facts if (m := _metric_of(f)) is not None
            and (metrics is None or m in metrics)]


FactSelector = Callable[[PlannedSection, Notes, FactSet], list[Fact]]


def _facts_all(planned: PlannedSection, notes: Notes, facts: FactSet) -> list[Fact]:
    return list(facts)


def _facts_kpi(planned: PlannedSection, notes: Notes, facts: FactSet) -> list[Fact]:
    return _metric_facts(facts, DATA_METRICS_KPI + QUALITY_ROOTS) + [
        f for f in facts if _origin_in(f, "review.highlights") or f.id in ("count.highlights",)]


def _facts_operations(planned: PlannedSection, notes: Notes, facts: FactSet) -> list[Fact]:
    return _metric_facts(facts, DATA_METRICS_OPS) + [
        f for f in facts if _root(f) in ("channel", "channels", "product")
        or f.id in ("count.channels", "count.products", "count.campaigns")
        or _origin_in(f, "channels", "products", "campaigns", "review.highlights",
                      "review.notes")]


def _facts_plan(planned: PlannedSection, notes: Notes, facts: FactSet) -> list[Fact]:
    targeted = tuple(notes.plan.targets)
    return [f for f in facts if _root(f) == "plan"
            or f.id in ("count.strategies", "count.personal_goals")
            or _origin_in(f, "plan.") or (f.id in targeted)]


def _facts_headline(planned: PlannedSection, notes: Notes, facts: FactSet) -> list[Fact]:
    return [f for f in facts if _metric_of(f) in HEADLINE_METRICS
            and not f.id.startswith("text.")] + [
        f for f in facts if _origin_in(f, "review.highlights")]


def _facts_strategy(planned: PlannedSection, notes: Notes, facts: FactSet) -> list[Fact]:
    return _metric_facts(facts, HEADLINE_METRICS) + [
        f for f in facts if _root(f) in ("channel", "channels")
        or f.id.startswith("count.")
        or _origin_in(f, "campaigns", "projects", "channels", "review.highlights")]


def _facts_team(planned: PlannedSection, notes: Notes, facts: FactSet) -> list[Fact]:
    return [f for f in facts if f.id.startswith("count.")
            or _origin_in(f, "team.", "growth.", "review.lessons")]


def _facts_duties(planned: PlannedSection, notes: Notes, facts: FactSet) -> list[Fact]:
    return _metric_facts(facts, None) + [
        f for f in facts if f.id.startswith("count.") or _origin_in(f, "report.duties")]


def _facts_projects(planned: PlannedSection, notes: Notes, facts: FactSet) -> list[Fact]:
    return [f for f in facts if f.id in ("count.projects", "count.campaigns")
            or _origin_in(f, "projects", "campaigns")]


def _facts_project(planned: PlannedSection, notes: Notes, facts: FactSet) -> list[Fact]:
    kind = "projects" if notes.projects else "campaigns"
    own = f"{kind}[{planned.index + 1}]"
    chosen = [f for f in facts if _origin_in(f, own + ".")
              or (f.id.startswith("text.") and f.origin == own)]
    if not notes.projects:  # campaigns stand in: the shop's headline numbers help
        chosen += _metric_facts(facts, HEADLINE_METRICS)
    return chosen


def _facts_thesis(planned: PlannedSection, notes: Notes, facts: FactSet) -> list[Fact]:
    """A closing section restates the thesis: its evidence only (added in ``section_facts``)."""
    return []


def _facts_growth(planned: PlannedSection, notes: Notes, facts: FactSet) -> list[Fact]:
    return [f for f in facts if f.id in ("count.skills",)
            or _origin_in(f, "growth.")
            or (f.id.startswith("text.") and ".lessons" in f.origin)]


# Named selectors a section spec (assistant.styles.SectionSpec.facts) picks from.
FACT_SELECTORS: dict[str, FactSelector] = {
    "all": _facts_all, "kpi": _facts_kpi, "operations": _facts_operations,
    "plan": _facts_plan, "headline": _facts_headline, "strategy": _facts_strategy,
    "team": _facts_team, "duties": _facts_duties, "projects": _facts_projects,
    "project": _facts_project, "growth": _facts_growth, "thesis": _facts_thesis,
}
QUALITY_ROOTS = ("margin",)  # derived facts about growth quality (assistant/facts/quality.py)


def misleading(fact: Fact, facts: FactSet) -> bool:
    """Facts a prompt never offers: a percent change of a percentage (``gross_margin.yoy``
    「增长6.7%」; the point difference ``.diff`` says it right) and counts of the notes' own
    lists (「共有2项亮点」), which only invite empty sentences."""
    if fact.source == "count" or fact.id.startswith("count."):
        return True
    base, _, tail = fact.id.rpartition(".")
    if tail == "yoy" or re.fullmatch(r"q\d_qoq", tail):
        metric = facts.get(base)
        return metric is not None and is_percent(metric.unit)
    return False


_WEIGHED_TEXT = ("review.problems", "review.lessons", "review.notes", "growth.", "projects")


def section_facts(planned: PlannedSection, notes: Notes, facts: FactSet,
                  plan: ReportPlan | None = None) -> list[Fact]:
    """The facts offered to one section, in engine order (its spec names the selector).

    With the report ``plan``: the evidence of this section's judgements and of the thesis
    are added, and a fact the plan gives to another section is left to that section."""
    everything = list(facts)
    if not everything:
        return everything
    chosen = FACT_SELECTORS[planned.spec.facts](planned, notes, facts)
    wanted = {f.id for f in chosen}
    if plan is not None:
        mine = {fid for j in plan.for_section(planned.id) for fid in j.evidence}
        thesis = plan.judgement(plan.thesis_id) if plan.thesis_id else None
        theirs = set(thesis.evidence) if thesis is not None else set()
        wanted = {fid for fid in wanted if plan.owners.get(fid, planned.id) == planned.id}
        if planned.spec.facts == "all":  # a section weighing the year: the metrics it argues
            roots = {_metric_of(f) for f in facts if f.id in mine | theirs} - {None}
            wanted = {f.id for f in facts if f.id in wanted and (
                _metric_of(f) in roots or _origin_in(f, *_WEIGHED_TEXT))}
        wanted |= theirs if planned.spec.facts == "thesis" else mine | theirs
    seen: set[str] = set()
    ordered = []
    for fact in facts:  # engine order, no duplicates
        if fact.id in wanted and fact.id not in seen and not misleading(fact, facts):
            seen.add(fact.id)
            ordered.append(fact)
    return ordered


# How a prompt names a fact whose engine label reads awkwardly (the checker keeps the label).
PROMPT_LABELS = (("净利润占GMV比例", "净利率"),)


def prompt_label(fact: Fact) -> str:
    label = fact.label
    for old, new in PROMPT_LABELS:
        label = label.replace(old, new)
    return label


def format_facts(facts: list[Fact]) -> str:
    """One line per fact: ``{{gmv.yoy}} = 增长24.2%(GMV同比)``."""
    if not facts:
        return "（本节没有可引用的数据：不要写任何具体数字，用定性的语言描述。）"
    return "\n".join(f"{{{{{f.id}}}}} = {f.phrase}({prompt_label(f)})" for f in facts)


def _bullets(title: str, items: list[str]) -> list[str]:
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        return []
    return [f"{title}:"] + [f"  - {i}" for i in items]


def _metric_notes(notes: Notes, metrics: tuple[str, ...] | None) -> list[str]:
    lines = []
    for mid, metric in notes.metrics.items():
        if metric.note and (metrics is None or mid in metrics):
            lines.append(f"{notes.metric_label(mid)}:{metric.note.strip()}")
    return _bullets("指标备注", lines)


def _campaign_lines(notes: Notes) -> list[str]:
    out: list[str] = []
    for c in notes.campaigns:
        parts = [c.name + (f"({c.period})" if c.period else "")]
        if c.actions:
            parts.append("做法：" + ";".join(c.actions))
        if c.results:
            parts.append("结果：" + ";".join(c.results))
        if c.reflection:
            parts.append("反思：" + ";".join(c.reflection))
        out.append(" ".join(parts))
    return _bullets("重点活动", out)


def _project_lines(notes: Notes, index: int) -> list[str]:
    if notes.projects:
        if index >= len(notes.projects):
            return []
        p = notes.projects[index]
        lines = [f"项目名称：{p.name}"]
        for label, value in (("我的角色", p.role), ("背景", p.background), ("目标", p.goal)):
            if value:
                lines.append(f"{label}:{value.strip()}")
        lines += _bullets("执行动作", p.actions) + _bullets("结果", p.results)
        lines += _bullets("经验", p.lessons) + _bullets("不足", p.shortfalls)
        return lines
    if index >= len(notes.campaigns):
        return []
    c = notes.campaigns[index]
    lines = [f"活动名称：{c.name}" + (f"({c.period})" if c.period else "")]
    return lines + _bullets("做法", c.actions) + _bullets("结果", c.results) + _bullets(
        "反思", c.reflection)


NotesSelector = Callable[[PlannedSection, Notes], list[str]]


def _notes_none(planned: PlannedSection, notes: Notes) -> list[str]:
    return []


def _notes_kpi(planned: PlannedSection, notes: Notes) -> list[str]:
    return _metric_notes(notes, DATA_METRICS_KPI) + _bullets("年度亮点", notes.review.highlights)


def _notes_operations(planned: PlannedSection, notes: Notes) -> list[str]:
    rv = notes.review
    lines = _metric_notes(notes, DATA_METRICS_OPS)
    lines += _bullets("渠道", [c.name + (f"({c.note})" if c.note else "") for c in notes.channels])
    lines += _bullets("商品结构", [p.segment + (f"({p.note})" if p.note else "")
                               for p in notes.products])
    lines += _campaign_lines(notes) + _bullets("年度亮点", rv.highlights)
    if rv.notes:
        lines += _bullets("其他记录", [rv.notes])
    return lines


def _notes_problems(planned: PlannedSection, notes: Notes) -> list[str]:
    rv = notes.review
    lines = _bullets("主要问题", rv.problems) + _bullets("不足", notes.growth.shortfalls)
    lines += _bullets("项目中的不足", [s for p in notes.projects for s in p.shortfalls])
    lines += _bullets("经验教训", rv.lessons) + _metric_notes(notes, None)
    if rv.notes:
        lines += _bullets("其他记录", [rv.notes])
    return lines


def _notes_plan(planned: PlannedSection, notes: Notes) -> list[str]:
    plan = notes.plan
    lines = _bullets("核心策略", plan.strategies)
    lines += _bullets("个人发展目标", plan.personal_goals)
    lines += _bullets("下年度目标", [t.label or notes.metric_label(k)
                                 for k, t in plan.targets.items()])
    return lines + _bullets("本年主要问题（规划要回应）", notes.review.problems)


def _notes_summary(planned: PlannedSection, notes: Notes) -> list[str]:
    rv = notes.review
    lines = _bullets("年度亮点", rv.highlights) + _bullets("经验教训", rv.lessons)
    lines += _bullets("主要问题", rv.problems)
    return lines + _bullets("下年度核心策略", notes.plan.strategies)


def _notes_preface(planned: PlannedSection, notes: Notes) -> list[str]:
    r, rv = notes.report, notes.review
    lines = []
    who = " · ".join(x for x in (r.organization, r.team) if x)
    if who:
        lines.append(f"单位：{who}")
    if r.audience:
        lines.append(f"呈报对象：{r.audience}")
    lines += _bullets("年度亮点", rv.highlights)
    if rv.notes:
        lines += _bullets("其他记录", [rv.notes])
    return lines


def _notes_strategy(planned: PlannedSection, notes: Notes) -> list[str]:
    lines = _campaign_lines(notes)
    lines += _bullets("重点项目", [p.name + (f":{p.goal}" if p.goal else "") for p in notes.projects])
    lines += _bullets("渠道", [c.name + (f"({c.note})" if c.note else "") for c in notes.channels])
    return lines + _bullets("年度亮点", notes.review.highlights)


def _notes_team(planned: PlannedSection, notes: Notes) -> list[str]:
    t = notes.team
    lines = _bullets("团队举措", t.initiatives)
    if t.notes:
        lines += _bullets("团队情况", [t.notes])
    return lines + _bullets("能力成长", notes.growth.skills) + _bullets("经验教训", notes.review.lessons)


def _notes_duties(planned: PlannedSection, notes: Notes) -> list[str]:
    r = notes.report
    lines = [f"岗位：{r.role}"] if r.role else []
    return lines + _bullets("工作职责", r.duties) + _metric_notes(notes, None)


def _notes_projects(planned: PlannedSection, notes: Notes) -> list[str]:
    names = [p.name for p in notes.projects] or [c.name for c in notes.campaigns]
    return _bullets("重点项目（后面各有一节详细复盘，这里只做引出）", names)


def _notes_project(planned: PlannedSection, notes: Notes) -> list[str]:
    return _project_lines(notes, planned.index)


def _notes_growth(planned: PlannedSection, notes: Notes) -> list[str]:
    lines = _bullets("能力成长", notes.growth.skills)
    lines += _bullets("存在的不足", notes.growth.shortfalls)
    return lines + _bullets("项目经验", [s for p in notes.projects for s in p.lessons])


# Named selectors a section spec (assistant.styles.SectionSpec.notes) picks from.
NOTES_SELECTORS: dict[str, NotesSelector] = {
    "none": _notes_none, "kpi": _notes_kpi, "operations": _notes_operations,
    "problems": _notes_problems, "plan": _notes_plan, "summary": _notes_summary,
    "preface": _notes_preface, "strategy": _notes_strategy, "team": _notes_team,
    "duties": _notes_duties, "projects": _notes_projects, "project": _notes_project,
    "growth": _notes_growth,
}


def section_notes(planned: PlannedSection, notes: Notes) -> str:
    """The user's own words relevant to a section, as a short bulleted block."""
    lines = NOTES_SELECTORS[planned.spec.notes](planned, notes)
    return "\n".join(lines) if lines else "（素材里没有专门针对本节的文字记录。）"


def section_argument(planned: PlannedSection, plan: ReportPlan) -> str:
    """What this section argues, from the report plan: the thesis, its judgements in order
    (numberless, with the fact ids that show them and causes in the notes' own words),
    and the numbers an earlier section already stated (refer back in words)."""
    lines = [f"全篇论点：{plan.thesis}"]
    mine = plan.for_section(planned.id)
    if mine:
        lines.append("本节要论证的判断（按顺序；每条先下判断，再给数据，再引素材里的原因，最后说对明年意味着什么）：")
        for j in mine:
            ids = "、".join(f"{{{{{fid}}}}}" for fid in j.evidence)
            line = f"  - {j.gist or j.subject or j.kind}" + (
                f"；数据（前文已写出的用文字指代）：{ids}" if ids else "")
            if j.causes:
                line += "；素材中的原因：" + "/".join(c.text for c in j.causes)
            if j.answers:
                line += "；明年的对策：" + "/".join(a.text for a in j.answers)
            lines.append(line)
    earlier = sorted(fid for fid, owner in plan.owners.items() if owner != planned.id
                     and _before(plan, owner, planned.id))
    if earlier:
        lines.append("前文已经写出的数字（本节不要再写这些数字，用文字指代即可）："
                     + "、".join(f"{{{{{fid}}}}}" for fid in earlier))
    lines.append(f"行文人称：{plan.voice}")
    return "\n".join(lines)


def _before(plan: ReportPlan, a: str, b: str) -> bool:
    order = [s for j in plan.all_judgements() for s in j.sections]
    first = {sid: order.index(sid) for sid in dict.fromkeys(order)}
    return first.get(a, 1 << 30) < first.get(b, 1 << 30)


@dataclass(frozen=True)
class ExamplePassage:
    section_id: str
    text: str


@cache
def _example_document(path: Path) -> Draft | None:
    if not path.is_file():
        return None
    return Draft.parse(path.read_text(encoding="utf-8"), str(path))


def example_passages(style: Style, planned: PlannedSection,
                     examples_dir: Path | None = None) -> list[ExamplePassage]:
    """The passage(s) of the style's example document matching this section.

    For a per-project section the other project passage is offered second, so the
    budget can drop it first.
    """
    if examples_dir is None:
        from assistant.resources import examples_dir as default_dir

        examples_dir = default_dir()
    doc = _example_document(examples_dir / "styles" / f"{style.name}.md")
    if doc is None:
        return []
    by_id = {s.id: s for s in doc.sections}
    wanted = [planned.spec.example_id or planned.id]
    if planned.id.startswith("project-"):
        wanted += [i for i in ("project-1", "project-2") if i not in wanted]
    out = []
    for sid in wanted:
        sec = by_id.get(sid)
        if sec is not None and sec.body.strip():
            out.append(ExamplePassage(sid, sec.body.strip()))
    return out
