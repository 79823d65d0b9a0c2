"""The interview's questions: which to ask for a style, in which order, where answers go.

``plan_steps(data)`` turns the answers so far (a plain dict shaped like the notes
file) into the full list of steps. It is recomputed after every answer, so a loop
(再添加一个?) grows as entries are added and the groups follow the chosen style.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from assistant.metrics_catalog import known_metric
from assistant.typography import COMMA, LQUOTE, RQUOTE, SEMICOLON

LIST_HINT = f"可写多条{COMMA}用分号{LQUOTE}{SEMICOLON}{RQUOTE}隔开"

StepKind = Literal["text", "int", "number", "quarterly", "list", "choice", "add"]
Path = tuple[str | int, ...]

STYLE_CHOICES: tuple[tuple[str, str], ...] = (
    ("data", "数据驱动型（参照篇一）：以核心指标为骨架，逐项对比目标与去年，适合店铺负责人"),
    ("narrative", "叙事型（参照篇二）：以战略与关键战役讲故事，数字点到为止，适合部门负责人述职"),
    ("project", "项目制个人复盘（参照篇三）：按职责和重点项目逐个复盘，适合运营专员或小组长"),
)

CHANNEL_KINDS: tuple[tuple[str, str], ...] = (
    ("paid", "付费推广"),
    ("free", "免费/自然流量"),
    ("private", "私域"),
    ("content", "内容（短视频、直播、种草）"),
    ("social", "社交/分销"),
)


@dataclass(frozen=True)
class Step:
    """One question of the interview."""

    key: str  # unique and stable: "metrics.gmv.value", "campaigns.0.name", "campaigns.1.add"
    group: str
    text: str
    kind: StepKind
    path: Path
    unit: str = ""
    metric: str | None = None
    hint: str = ""
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    default: str | None = None  # pre-filled text when there is no answer yet
    required: bool = False
    index: int = 0  # for "add" steps: the entry this step would add or keep
    noun: str = ""  # for "add" steps: what the loop collects


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    build: Callable[[dict[str, Any]], Iterator[Step]] = field(repr=False)


# -- data access ------------------------------------------------------------------------


def get_path(data: dict[str, Any], path: Path) -> Any:
    node: Any = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return None
            node = node[part]
        else:
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
    return node


def set_path(data: dict[str, Any], path: Path, value: Any) -> None:
    node: Any = data
    for i, part in enumerate(path[:-1]):
        nxt = path[i + 1]
        if isinstance(part, int):
            node = node[part]
            continue
        if part not in node or node[part] is None:
            node[part] = [] if isinstance(nxt, int) else {}
        node = node[part]
    last = path[-1]
    if isinstance(last, int):
        node[last] = value
    else:
        node[last] = value


def del_path(data: dict[str, Any], path: Path) -> None:
    parent = get_path(data, path[:-1])
    last = path[-1]
    if isinstance(parent, dict) and not isinstance(last, int):
        parent.pop(last, None)
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        parent.pop(last)


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict)):
        return len(value) == 0
    return False


def default_year(today: date | None = None) -> int:
    """The year being reviewed: this year from October on, else last year."""
    today = today or date.today()
    return today.year if today.month >= 10 else today.year - 1


def default_title(year: int) -> str:
    return f"{year}年度电商运营年终总结"


# -- step builders ------------------------------------------------------------------------

_METRIC_FIELD_TEXT = {
    "value": "{label}全年是多少？",
    "target": "{label}的年度目标是多少？",
    "last_year": "去年的{label}是多少？",
    "quarterly": "{label}分季度各是多少？（一到四季度 4 个数字，用逗号或空格分开）",
    "note": "关于{label}，有什么要说明的（变化原因、背景）？",
}


def _metric_steps(data: dict[str, Any], group: str, metric_id: str,
                  fields: tuple[str, ...] = ("value",), *, table: str = "metrics"
                  ) -> Iterator[Step]:
    info = known_metric(metric_id)
    base: Path = (table, metric_id) if table == "metrics" else ("plan", "targets", metric_id)
    label = get_path(data, (*base, "label")) or (info.label if info else metric_id)
    # Answers are converted to the unit the file already uses for this metric, if any.
    written = get_path(data, (*base, "unit"))
    unit = written if isinstance(written, str) else (info.unit if info else "")
    help_text = info.help if info else ""
    unit_hint = f"单位：{unit}" if unit else "无单位"
    if table != "metrics":
        yield Step(f"plan.targets.{metric_id}.value", group, f"明年{label}的目标是多少？",
                   "number", (*base, "value"), unit, metric_id, unit_hint, help_text)
        return
    if get_path(data, (*base, "value")) is None:
        fields = ("value",)
    for name in fields:
        text = _METRIC_FIELD_TEXT[name].format(label=label)
        if name == "value" and str(label).startswith("全年"):
            text = f"{label}是多少？"
        kind: StepKind = "number"
        hint = unit_hint
        if name == "quarterly":
            kind = "quarterly"
        elif name == "note":
            kind, hint = "text", "一句话即可"
        yield Step(f"metrics.{metric_id}.{name}", group, text, kind, (*base, name), unit,
                   metric_id, hint, help_text)


def _text(group: str, path: Path, text: str, hint: str = "", help_text: str = "",
          **kw: Any) -> Step:
    return Step(".".join(str(p) for p in path), group, text, "text", path, hint=hint,
                help=help_text, **kw)


def _list(group: str, path: Path, text: str, help_text: str = "") -> Step:
    return Step(".".join(str(p) for p in path), group, text, "list", path,
                hint=LIST_HINT, help=help_text)


def _loop(data: dict[str, Any], group: str, table: str, noun: str,
          fields: Callable[[int], list[Step]]) -> Iterator[Step]:
    items = data.get(table) or []
    for i, item in enumerate(items):
        name = item.get("name") or item.get("segment") or ""
        yield Step(f"{table}.{i}.add", group, f"保留第 {i + 1} 个{noun}“{name}”吗？", "add",
                   (table,), hint="是 / 否，直接回车表示保留", index=i, noun=noun)
        yield from fields(i)
    n = len(items)
    text = f"要添加{noun}吗？" if n == 0 else f"再添加一个{noun}吗？"
    yield Step(f"{table}.{n}.add", group, text, "add", (table,), hint="是 / 否，直接回车表示否",
               index=n, noun=noun)


def _channel_fields(i: int) -> list[Step]:
    g = "channels"
    return [
        _text(g, ("channels", i, "name"), f"第 {i + 1} 个渠道的名称？", "如 直通车、抖音信息流、企微社群",
              required=True),
        Step(f"channels.{i}.kind", g, "渠道类型？", "choice", ("channels", i, "kind"),
             choices=CHANNEL_KINDS, help="付费推广、自然流量、私域、内容或社交分销，用于归类分析。"),
        Step(f"channels.{i}.spend", g, "全年投入（花费）多少？", "number", ("channels", i, "spend"),
             "万元", hint="单位：万元", help="该渠道全年的推广花费，见各推广后台的账户报表。"),
        Step(f"channels.{i}.gmv", g, "带来的成交额（GMV）多少？", "number", ("channels", i, "gmv"),
             "万元", hint="单位：万元", help="该渠道带来的成交金额，见推广后台效果报表或生意参谋渠道分析。"),
        _text(g, ("channels", i, "note"), "这个渠道有什么要说明的？", "一句话即可"),
    ]


def _product_fields(i: int) -> list[Step]:
    g = "goods"
    share_help = "该类商品占全店的百分比，见生意参谋商品分析或 ERP 报表。"

    def share(name: str, what: str) -> Step:
        return Step(f"products.{i}.{name}", g, f"{what}占比（%）？", "number",
                    ("products", i, name), "%", hint="0 到 100 之间", help=share_help)

    return [
        _text(g, ("products", i, "segment"), f"第 {i + 1} 类商品叫什么？", "如 引流款、利润款、形象款、清仓款",
              required=True),
        share("sku_share", "SKU 数"),
        share("order_share", "订单"),
        share("sales_share", "销售额"),
        share("profit_share", "利润"),
    ]


def _campaign_fields(i: int) -> list[Step]:
    g = "campaigns"
    p = ("campaigns", i)
    return [
        _text(g, (*p, "name"), f"第 {i + 1} 个活动的名称？", "如 618、双十一、品牌周年庆", required=True),
        _text(g, (*p, "period"), "时间段？", "如 10月20日-11月11日"),
        _list(g, (*p, "actions"), "做了哪些关键动作？"),
        _list(g, (*p, "results"), "取得了什么结果（尽量带数字）？"),
        _list(g, (*p, "reflection"), "有什么反思或经验？"),
    ]


def _project_fields(i: int) -> list[Step]:
    g = "projects"
    p = ("projects", i)
    return [
        _text(g, (*p, "name"), f"第 {i + 1} 个项目的名称？", "如 付费流量渠道结构优化", required=True),
        _text(g, (*p, "role"), "你在项目中的角色？", "如 负责人、核心成员"),
        _text(g, (*p, "background"), "项目背景（为什么要做）？"),
        _text(g, (*p, "goal"), "项目目标？", "尽量量化"),
        _list(g, (*p, "actions"), "执行过程中的关键动作？"),
        _list(g, (*p, "results"), "数据结果？"),
        _list(g, (*p, "lessons"), "可复制的经验？"),
        _list(g, (*p, "shortfalls"), "不足之处？"),
    ]


def _basics(data: dict[str, Any]) -> Iterator[Step]:
    year = get_path(data, ("report", "year")) or default_year()
    yield _text("basics", ("report", "title"), "报告标题？", "回车接受默认，Ctrl-U 清空重写",
                "报告最上面的大标题。", default=default_title(int(year)), required=True)
    yield Step("report.year", "basics", "总结的是哪一年？", "int", ("report", "year"),
               hint="回车接受默认，Ctrl-U 清空重写", help="年终总结覆盖的年份（2000 到 2100）。",
               default=str(default_year()), required=True)
    yield _text("basics", ("report", "organization"), "店铺或单位名称？", "如 山野茶事天猫旗舰店",
                "写在标题下方的店铺、公司或部门名称。")


def _style(data: dict[str, Any]) -> Iterator[Step]:
    yield Step("report.style", "style", "选择报告风格（写序号）", "choice", ("report", "style"),
               choices=STYLE_CHOICES, help="三种风格各参照一篇范文；可用 recap styles 查看章节。")


def _about(data: dict[str, Any]) -> Iterator[Step]:
    g = "about"
    yield _text(g, ("report", "author"), "你的名字？", "会写在标题下方")
    yield _text(g, ("report", "role"), "你的职位？", "如 电商运营负责人、运营专员")
    yield _text(g, ("report", "team"), "所在部门或小组？", "如 电商运营部")
    yield _text(g, ("report", "audience"), "报告给谁看？", "如 公司管理层、部门负责人")
    if _style_of(data) == "project":
        yield _list(g, ("report", "duties"), "你负责哪些工作？",
                    "个人职责范围，如 付费流量推广；内容运营；会员体系维护")


def _sales(data: dict[str, Any]) -> Iterator[Step]:
    fields: tuple[str, ...] = ("value", "target", "last_year", "quarterly", "note")
    if _style_of(data) == "narrative":
        fields = ("value", "target", "last_year")
    yield from _metric_steps(data, "sales", "gmv", fields)


def _profit(data: dict[str, Any]) -> Iterator[Step]:
    yield from _metric_steps(data, "profit", "gross_profit")
    yield from _metric_steps(data, "profit", "gross_margin", ("value", "last_year"))
    yield from _metric_steps(data, "profit", "net_profit", ("value", "last_year"))


def _users(data: dict[str, Any]) -> Iterator[Step]:
    yield from _metric_steps(data, "users", "new_users", ("value", "target"))
    yield from _metric_steps(data, "users", "repurchase_rate", ("value", "last_year"))
    if _style_of(data) == "data":
        yield from _metric_steps(data, "users", "aov", ("value", "last_year"))


def _channels(data: dict[str, Any]) -> Iterator[Step]:
    yield from _loop(data, "channels", "channels", "流量渠道", _channel_fields)


def _conversion(data: dict[str, Any]) -> Iterator[Step]:
    g = "conversion"
    yield from _metric_steps(data, g, "conversion_rate", ("value", "target"))
    yield from _metric_steps(data, g, "cac", ("value", "last_year"))
    yield from _metric_steps(data, g, "first_response_seconds")
    yield from _metric_steps(data, g, "dsr_description")


def _goods(data: dict[str, Any]) -> Iterator[Step]:
    g = "goods"
    yield from _metric_steps(data, g, "new_products")
    yield from _metric_steps(data, g, "inventory_turnover_days", ("value", "last_year"))
    yield from _metric_steps(data, g, "stockout_rate")
    yield from _loop(data, g, "products", "商品结构分类（引流款、利润款…）", _product_fields)


def _campaigns(data: dict[str, Any]) -> Iterator[Step]:
    noun = "关键战役" if _style_of(data) == "narrative" else "大促活动或战役"
    yield from _loop(data, "campaigns", "campaigns", noun, _campaign_fields)


def _kpi(data: dict[str, Any]) -> Iterator[Step]:
    for metric_id in ("visitors", "roi", "repurchase_rate", "conversion_rate"):
        yield from _metric_steps(data, "kpi", metric_id, ("value", "target", "last_year"))


def _projects(data: dict[str, Any]) -> Iterator[Step]:
    yield from _loop(data, "projects", "projects", "重点项目", _project_fields)


def _team(data: dict[str, Any]) -> Iterator[Step]:
    g = "team"
    yield Step("team.size", g, "团队有多少人？", "int", ("team", "size"), hint="整数",
               help="团队人数。")
    yield _list(g, ("team", "initiatives"), "团队建设做了哪些事？", "如 培训、机制创新、人才梯队")
    yield _text(g, ("team", "notes"), "关于团队还有什么想说的？")


def _review(data: dict[str, Any]) -> Iterator[Step]:
    g = "review"
    yield _list(g, ("review", "highlights"), "全年有哪些亮点？")
    yield _list(g, ("review", "problems"), "存在哪些主要问题？", "问题的表现、原因和影响，尽量具体")
    if _style_of(data) == "narrative":
        yield _list(g, ("review", "lessons"), "有哪些深层反思？")


def _growth(data: dict[str, Any]) -> Iterator[Step]:
    yield _list("growth", ("growth", "skills"), "这一年你的能力有哪些成长？")
    yield _list("growth", ("growth", "shortfalls"), "还有哪些不足？")


def _plan(data: dict[str, Any]) -> Iterator[Step]:
    g = "plan"
    style = _style_of(data)
    if style != "project":
        yield from _metric_steps(data, g, "gmv", table="plan")
        yield from _metric_steps(data, g, "repurchase_rate", table="plan")
    yield _list(g, ("plan", "strategies"), "明年的核心策略或工作计划？")
    if style == "project":
        yield _list(g, ("plan", "personal_goals"), "个人发展目标？")


GROUPS: dict[str, Group] = {g.id: g for g in (
    Group("basics", "基本信息", _basics),
    Group("style", "报告风格", _style),
    Group("about", "关于你", _about),
    Group("sales", "销售业绩", _sales),
    Group("profit", "盈利能力", _profit),
    Group("users", "用户", _users),
    Group("channels", "流量渠道", _channels),
    Group("conversion", "转化与服务", _conversion),
    Group("goods", "商品与库存", _goods),
    Group("campaigns", "大促与战役", _campaigns),
    Group("kpi", "个人负责的核心指标", _kpi),
    Group("projects", "重点项目", _projects),
    Group("team", "团队", _team),
    Group("review", "亮点与问题", _review),
    Group("growth", "个人成长", _growth),
    Group("plan", "明年计划", _plan),
)}

def _style_groups() -> dict[str, tuple[str, ...]]:
    """Per style: the opening groups, then the groups its section specs ask for, in order."""
    from assistant.styles import STYLES

    out: dict[str, tuple[str, ...]] = {}
    for name, style in STYLES.items():
        groups: list[str] = ["basics", "style", "about"]
        for spec in style.sections:
            for g in (*spec.interview, *(spec.each.interview if spec.each else ())):
                if g not in groups:
                    groups.append(g)
        out[name] = tuple(groups)
    return out


STYLE_GROUPS: dict[str, tuple[str, ...]] = _style_groups()


def _style_of(data: dict[str, Any]) -> str:
    style = get_path(data, ("report", "style"))
    return style if style in STYLE_GROUPS else "data"


def group_position(data: dict[str, Any], group_id: str) -> tuple[int, int]:
    """(1-based position, number of groups) of a group in the current style."""
    groups = STYLE_GROUPS[_style_of(data)]
    return (groups.index(group_id) + 1 if group_id in groups else 0), len(groups)


def plan_steps(data: dict[str, Any]) -> list[Step]:
    """Every step for the answers so far, in order."""
    steps: list[Step] = []
    for group_id in STYLE_GROUPS[_style_of(data)]:
        steps.extend(GROUPS[group_id].build(data))
    return steps


# -- what a good answer looks like (shown by ? on free-text questions) ---------------------

_GOOD_ANSWERS: dict[str, str] = {
    "title": "报告最上面的一行，如 2025年度电商运营年终总结。",
    "organization": "店铺或公司的全称，如 山野茶事天猫旗舰店。",
    "author": "你的姓名，如 林晓。",
    "role": "你的职位，如 电商运营负责人。",
    "team": "部门或小组名，如 电商运营部。",
    "audience": "读报告的人，如 公司管理层。",
    "name": "简短、同事一看就懂的名称，如 双十一大促、付费流量结构优化。",
    "segment": "商品分层的名称，如 引流款、利润款。",
    "period": "起止日期，如 10月20日-11月11日。",
    "note": "一句话讲清原因或背景，如 四季度双十一带动销售再次冲高。",
    "background": "为什么要做，一两句，如 付费流量成本逐年上涨，ROI 下滑。",
    "goal": "能衡量的目标，如 直通车 ROI 从 2.1 提升到 3.0。",
    "highlights": "具体、带数字的成果，如 双十一GMV 1860万元，同比增长32%；会员复购率提升到31%",
    "problems": "表现 + 原因 + 影响，如 三季度退货率升到8.5%，主因是尺码表不准",
    "lessons": "一条能复用的经验，如 大促前两周预热比临时加投更划算",
    "reflection": "一条能复用的经验，如 预售定金膨胀对老客最有效",
    "actions": "做了什么、怎么做，如 把直通车预算的三成转到抖音直播；按 ROI 每周调价",
    "results": "带数字和对比的结果，如 活动GMV 1860万元，完成目标的103%",
    "strategies": "明年要做的事和目标，如 私域会员复购率提升到35%；新开抖音旗舰店",
    "personal_goals": "可衡量的个人目标，如 考取数据分析师证书；独立负责一个大促",
    "skills": "具体的能力，如 学会用数据看板做周复盘",
    "shortfalls": "诚实、具体的不足，如 跨部门沟通不够主动",
    "duties": "你负责的工作模块，如 付费流量推广；会员体系维护",
    "initiatives": "团队做的事，如 每周复盘会；新人带教制度",
    "notes": "一两句补充说明。",
}


def good_answer(step: Step) -> str:
    """An example of a good answer to a free-text or list question ('' when none fits)."""
    if step.kind not in ("text", "list"):
        return ""
    return _GOOD_ANSWERS.get(str(step.path[-1]), "写你向领导汇报时会说的一句话，尽量具体、带数字。")


_FOLLOW_UP_WORDS = {"target": "年度目标", "last_year": "去年", "quarterly": "分季度",
                    "note": "说明"}


def follow_ups(data: dict[str, Any], step: Step) -> list[str]:
    """What a metric question leads to once answered (asked only when it has a value)."""
    if not step.metric or step.path[-1] != "value" or step.kind != "number":
        return []
    probe = copy.deepcopy(data)
    set_path(probe, step.path, 1.0)
    base = step.path[:-1]
    return [_FOLLOW_UP_WORDS.get(str(s.path[-1]), str(s.path[-1]))
            for s in plan_steps(probe)
            if s.path[:-1] == base and s.key != step.key and s.path[-1] != "unit"]
