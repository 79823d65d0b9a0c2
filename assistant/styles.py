"""The three report styles and their section outlines.

Each style follows one example document in ``examples/styles/`` （篇一/篇二/篇三）；
section ids here are the anchors of those files, so every section can find its
matching example passage. ``outline(notes)`` gives the sections a given notes file
has material for; a section without material is kept with ``missing`` set so the
drafter writes a 【待补充：…】 marker instead of inventing content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from assistant.notes.schema import Notes

CN_ORDINALS = "一二三四五六七八九十"
DATA_METRICS_KPI = ("gmv", "gross_profit", "gross_margin", "net_profit", "net_margin", "new_users",
                    "mau", "dau", "repurchase_rate", "aov", "visitors")
DATA_METRICS_OPS = ("ad_spend", "roi", "cac", "conversion_rate", "first_response_seconds",
                    "satisfaction", "ship_hours", "delivery_days", "dsr_description",
                    "dsr_service", "dsr_logistics", "new_products", "new_product_sell_through",
                    "inventory_turnover_days", "stockout_rate", "slow_stock_ratio")


@dataclass(frozen=True)
class SectionSpec:
    id: str
    title: str
    level: int = 2
    subsections: tuple[str, ...] = ()
    example_id: str | None = None  # section id in the style's example document
    purpose: str = ""  # what the section must do, for prompts
    material: Callable[[Notes], str | None] = field(default=lambda n: None, repr=False)
    # ``material`` returns None when the notes have what the section needs, else a
    # Chinese phrase naming what is missing (worded for someone who never saw the TOML).
    argues: tuple[str, ...] = ()  # judgement kinds (assistant.analysis) this section argues
    question: str = ""  # the interview question that asks for this section's material
    # -- everything else about the section, in one place (checked by tests/test_section_specs.py)
    facts: str = "all"  # fact selector in assistant.llm.material.FACT_SELECTORS
    notes: str = "none"  # notes selector in assistant.llm.material.NOTES_SELECTORS
    writer: str = ""  # offline writer: "<module in assistant.offline>.<function>"
    interview: tuple[str, ...] = ()  # interview groups that ask for this section's material
    kpi: str | None = None  # "lead" / "end": the export's KPI table goes here (first such section)
    charts: tuple[str, ...] = ()  # chart kinds placed in this section
    chart_fallback: tuple[str, ...] = ()  # chart kinds placed here when no section above is present
    each: SectionSpec | None = None  # a section repeated once per project (or campaign)


@dataclass(frozen=True)
class PlannedSection:
    id: str
    title: str  # numbered, as it appears in the draft
    level: int
    spec: SectionSpec
    missing: str | None = None
    index: int = 0  # for per-project sections: which project (0-based)


@dataclass(frozen=True)
class Style:
    name: str
    label: str
    example: str  # 篇一 / 篇二 / 篇三
    summary: str
    sections: tuple[SectionSpec, ...]
    numbering: str  # "cn" (一、) or "chapter" (第一章:)

    def outline(self, notes: Notes) -> list[PlannedSection]:
        planned: list[PlannedSection] = []
        n = 0
        for spec in self.sections:
            missing = spec.material(notes)
            if spec.each is not None:
                n += 1
                planned.append(PlannedSection(spec.id, self._number(spec, n), spec.level, spec,
                                              missing))
                each = spec.each
                for i, (name, item_id) in enumerate(zip(project_names(notes),
                                                        project_ids(notes), strict=True)):
                    if each is None:
                        break
                    sub = replace(each, id=f"project-{item_id}", title=name,
                                  example_id="project-1" if i % 2 == 0 else "project-2")
                    planned.append(PlannedSection(sub.id, f"项目{CN_ORDINALS[i % 10]}\uff1a{name}",
                                                  3, sub, None, i))
                continue
            if spec.level == 2 and not spec.title.startswith(("前言", "结语")):
                n += 1
            planned.append(PlannedSection(spec.id, self._number(spec, n), spec.level, spec,
                                          missing))
        return planned

    def _number(self, spec: SectionSpec, n: int) -> str:
        if spec.title.startswith(("前言", "结语")):
            return spec.title
        if self.numbering == "chapter":
            return f"第{CN_ORDINALS[n - 1]}章：{spec.title}"
        return f"{CN_ORDINALS[n - 1]}、{spec.title}"

    def section_ids(self, notes: Notes | None = None) -> list[str]:
        if notes is None:
            return [s.id for s in self.sections]
        return [p.id for p in self.outline(notes)]


def _need_any_metric(ids: tuple[str, ...], what: str) -> Callable[[Notes], str | None]:
    def check(notes: Notes) -> str | None:
        return None if any(i in notes.metrics for i in ids) else what
    return check


def _ops_material(notes: Notes) -> str | None:
    if notes.channels or notes.products or notes.campaigns or any(
        m in notes.metrics for m in DATA_METRICS_OPS
    ):
        return None
    return "各流量渠道的投入与产出、转化与服务、商品与库存的情况"


def _problems_material(notes: Notes) -> str | None:
    if notes.review.problems or notes.growth.shortfalls or any(p.shortfalls for p in notes.projects):
        return None
    return "这一年遇到的主要问题，以及它们的表现和影响"


def _plan_material(notes: Notes) -> str | None:
    p = notes.plan
    if p.strategies or p.targets or p.personal_goals:
        return None
    return "下一年的目标和打算怎么做"


def _strategy_material(notes: Notes) -> str | None:
    if notes.campaigns or notes.projects or notes.channels or notes.review.highlights:
        return None
    return "全年打过的关键战役或做过的重点项目"


def _team_material(notes: Notes) -> str | None:
    t = notes.team
    if t.initiatives or t.notes or t.size or notes.growth.skills or notes.review.lessons:
        return None
    return "团队这一年在培训、机制和人才上做了什么"


def project_names(notes: Notes) -> list[str]:
    """Projects reviewed one by one; a shop's campaigns stand in when it lists no projects."""
    if notes.projects:
        return [p.name for p in notes.projects]
    return [c.name for c in notes.campaigns]


def project_ids(notes: Notes) -> list[str]:
    """Stable ids of the repeated project sections (an ``id`` in the notes, else a slug of the name)."""
    from assistant.analysis.slug import item_ids

    if notes.projects:
        return item_ids([p.name for p in notes.projects], [p.id for p in notes.projects])
    return item_ids([c.name for c in notes.campaigns], [c.id for c in notes.campaigns])


def _projects_material(notes: Notes) -> str | None:
    return None if project_names(notes) else "你负责的重点项目：背景、目标、做法和结果"


def _growth_material(notes: Notes) -> str | None:
    g = notes.growth
    return None if g.skills or g.shortfalls else "这一年你的能力有哪些成长、还有哪些不足"


def _duties_material(notes: Notes) -> str | None:
    if notes.report.duties or notes.metrics:
        return None
    return "你负责哪些工作，以及年初定下的指标和完成情况"


def _always(notes: Notes) -> str | None:
    return None


DATA = Style(
    name="data",
    label="数据驱动型全面复盘",
    example="篇一",
    summary="以核心指标为骨架，逐项对比目标与去年，适合店铺负责人向管理层汇报",
    numbering="cn",
    sections=(
        SectionSpec("kpi", "年度核心业绩指标回顾与分析", 2,
                    ("整体销售业绩（GMV）", "盈利能力分析", "用户数据分析"), "kpi",
                    "用数据回顾全年核心业绩：销售、盈利、用户，逐项对比目标与去年",
                    _need_any_metric(DATA_METRICS_KPI, "全年的销售额、利润和用户数据"),
                    argues=("growth_quality", "targets", "seasonality", "users"),
                    question="访谈“销售业绩”“盈利能力”“用户”几组问题，例如：全年GMV是多少？",
                    facts="kpi", notes="kpi", writer="data_style.kpi", kpi="lead",
                    interview=("sales", "profit", "users"),
                    charts=("quarterly", "yoy", "completion"), chart_fallback=("channels",)),
        SectionSpec("operations", "关键运营模块深度复盘", 2,
                    ("流量获取与渠道管理", "转化率优化与用户体验", "商品运营与供应链管理"),
                    "operations", "按流量、转化与体验、商品与供应链三个模块复盘，讲清做了什么、效果如何、问题在哪",
                    _ops_material, argues=("cost_value", "channels", "campaign", "project"),
                    question="访谈“流量渠道”一组，例如：第一个渠道的名称？",
                    facts="operations", notes="operations", writer="data_style.operations", kpi="lead",
                    interview=("channels", "conversion", "goods", "campaigns"),
                    charts=("channels",)),
        SectionSpec("problems", "存在的主要问题与挑战", 2, (), "problems",
                    "直面问题：每个问题讲清表现、原因和影响，用数据佐证", _problems_material,
                    argues=("tension", "problem", "unanswered"),
                    question="访谈“亮点与问题”一组：存在哪些主要问题？",
                    facts="all", notes="problems", writer="data_style.problems", interview=("review",)),
        SectionSpec("plan", "下一年度战略规划与目标展望", 2, ("目标设定", "核心策略"), "plan",
                    "给出下一年度的量化目标与核心策略", _plan_material,
                    argues=("problem", "unanswered"),
                    question="访谈“明年计划”一组：明年的核心策略或工作计划？",
                    facts="plan", notes="plan", writer="data_style.plan", interview=("plan",)),
        SectionSpec("summary", "总结", 2, (), "summary", "简短收束全年，态度务实", _always,
                    argues=("growth_quality", "targets"),
                    facts="thesis", notes="summary", writer="data_style.summary"),
    ),
)

NARRATIVE = Style(
    name="narrative",
    label="叙事型战略复盘与前瞻",
    example="篇二",
    summary="以战略转型为主线讲故事，数字点到为止，适合部门负责人做年度述职",
    numbering="chapter",
    sections=(
        SectionSpec("preface", "前言", 2, (), "preface", "交代大环境与团队的核心理念，引出全文",
                    _always, argues=("growth_quality", "targets"),
                    facts="headline", notes="preface", writer="narrative_style.preface", kpi="end",
                    interview=("sales", "users"),
                    chart_fallback=("quarterly", "yoy", "completion")),
        SectionSpec("strategy", "战略执行回顾", 2, (), "strategy",
                    "以几场关键战役讲述全年战略执行：每场战役写执行回顾与战略反思", _strategy_material,
                    argues=("seasonality", "cost_value", "channels", "campaign", "project"),
                    question="访谈“大促与战役”一组，例如：第一个活动的名称？",
                    facts="strategy", notes="strategy", writer="narrative_style.strategy",
                    kpi="lead", interview=("campaigns",),
                    charts=("quarterly", "yoy", "completion", "channels")),
        SectionSpec("team", "组织与人的成长", 2, (), "team", "讲团队能力建设与机制创新",
                    _team_material, question="访谈“团队”一组：团队建设做了哪些事？",
                    facts="team", notes="team", writer="narrative_style.team", interview=("team",)),
        SectionSpec("challenges", "面临的挑战与深层反思", 2, (), "challenges",
                    "清醒地指出挑战与深层原因", _problems_material,
                    argues=("tension", "problem", "unanswered"),
                    question="访谈“亮点与问题”一组：存在哪些主要问题？",
                    facts="all", notes="problems", writer="narrative_style.challenges",
                    interview=("review",)),
        SectionSpec("outlook", "未来展望", 2, (), "outlook", "给出下一阶段的战略方向", _plan_material,
                    argues=("problem", "unanswered"),
                    question="访谈“明年计划”一组：明年的核心策略或工作计划？",
                    facts="plan", notes="plan", writer="narrative_style.outlook", interview=("plan",)),
        SectionSpec("closing", "结语", 2, (), "closing", "收束全文，鼓舞人心但不空洞", _always,
                    argues=("growth_quality",),
                    facts="thesis", notes="summary", writer="narrative_style.closing"),
    ),
)

PROJECT = Style(
    name="project",
    label="项目制精细化复盘（个人/小组）",
    example="篇三",
    summary="以个人职责和重点项目为单位逐个复盘，适合运营专员或小组长的个人总结",
    numbering="cn",
    sections=(
        SectionSpec("duties", "个人年度工作职责与目标完成情况概述", 2, ("目标完成情况",), "duties",
                    "说明职责范围与年度KPI，逐项说明完成情况", _duties_material,
                    argues=("targets", "growth_quality", "cost_value"),
                    question="访谈“关于你”一组：你负责哪些工作？",
                    facts="duties", notes="duties", writer="project_style.duties", kpi="lead",
                    interview=("kpi",), charts=("quarterly", "yoy", "completion"),
                    chart_fallback=("channels",)),
        SectionSpec("projects", "重点工作项目执行复盘", 2, (), "project-1",
                    "引出重点项目的逐个复盘", _projects_material,
                    argues=("channels", "seasonality"),
                    question="访谈“重点项目”一组，例如：第一个项目的名称？",
                    facts="projects", notes="projects", writer="project_style.projects_intro",
                    interview=("projects",), charts=("channels",),
                    each=SectionSpec(
                        "project", "", 3,
                        ("项目背景与目标", "执行过程与策略", "数据结果与分析", "总结与可复制经验"),
                        "project-1",
                        "复盘一个重点项目：背景与目标、执行过程与策略、数据结果与分析、总结与可复制经验",
                        argues=("project", "campaign", "tension"), facts="project",
                        notes="project", writer="project_style.project", interview=("projects",))),
        SectionSpec("growth", "个人能力成长与不足", 2, ("能力成长", "存在的不足"), "growth",
                    "具体说明能力成长与不足", _growth_material,
                    argues=("problem", "unanswered"),
                    question="访谈“个人成长”一组：这一年你的能力有哪些成长？",
                    facts="growth", notes="growth", writer="project_style.growth", interview=("growth",)),
        SectionSpec("plan", "下一年度工作计划与个人发展目标", 2, ("工作计划", "个人发展目标"),
                    "plan", "给出下一年度的工作计划与个人发展目标", _plan_material,
                    argues=("problem", "unanswered"),
                    question="访谈“明年计划”一组：明年的核心策略或工作计划？",
                    facts="plan", notes="plan", writer="project_style.plan", interview=("review", "plan")),
    ),
)

STYLES: dict[str, Style] = {s.name: s for s in (DATA, NARRATIVE, PROJECT)}


def get_style(name: str) -> Style:
    from assistant.errors import InputError

    style = STYLES.get(name)
    if style is None:
        raise InputError(
            f"没有名为 “{name}” 的风格。", hint="可选：" + "、".join(STYLES) + "（recap styles 查看说明）"
        )
    return style
