"""Shared state of the narrative review: the plan, the figures stated, the notes told.

A figure is written in full once, in the chapter that owns it (``x``/``xp`` record it,
``can`` says whether this chapter may state it); notes items already written are
remembered (``tell``) so no chapter repeats them. Comparisons between facts only
choose the wording; every number shown is a fact's text or phrase, or part of a
quoted notes item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.analysis import Judgement, ReportPlan, build_plan
from assistant.offline.common import Facts
from assistant.offline.narrative_text import (
    clause,
    clauses,
    clean,
    overlap,
    short_label,
)
from assistant.typography import COMMA

CN_ORDER = ("一", "二", "三", "四", "五", "六")
USER_METRICS = ("repurchase_rate", "aov", "mau", "dau")
SUPPLY_METRICS = ("inventory_turnover_days", "stockout_rate", "slow_stock_ratio", "new_products",
                  "new_product_sell_through")
SERVICE_METRICS = ("first_response_seconds", "satisfaction", "ship_hours", "delivery_days",
                   "dsr_description", "dsr_service", "dsr_logistics")
TOLD_ELSEWHERE = ("gmv", "gross_profit", "gross_margin", "net_profit", "net_margin", "ad_spend",
                  "roi", "cac", "new_users", "conversion_rate", *USER_METRICS, *SUPPLY_METRICS,
                  *SERVICE_METRICS)
ALIASES: dict[str, tuple[str, ...]] = {
    "gmv": ("GMV", "成交额", "销售额"), "roi": ("ROI", "投入产出"), "cac": ("获客成本", "CAC"),
    "ad_spend": ("投放费用", "推广费", "广告费"),
    "repurchase_rate": ("复购",), "visitors": ("访客",), "conversion_rate": ("转化率",),
    "new_users": ("新增用户", "新客"), "aov": ("客单价",), "stockout_rate": ("缺货", "断货"),
}
TOPIC_WORDS = {"content": "内容", "retention": "会员和私域", "acquisition": "渠道投放",
               "stock": "备货", "conversion": "转化", "attribution": "归因", "profit": "利润"}
# ``提高到20%`` / ``降到2%以下`` / ``至少2个`` at the end of a plan item: cut for a numberless mention.
NUMBER_TAIL = re.compile(r"(?:到|至|在)?(?:至少|不少于)?[0-9.]+(?:%|个|款|场|篇|人|万元|元)?"
                         r"(?:以上|以下|以内|左右)?$")
VERB_LEADS = ("建", "构建", "优化", "上线", "提", "降", "培养", "推", "打造", "搭建", "完善", "加",
              "引入", "开展", "主导", "牵头", "系统", "学习", "把", "每", "扩大", "减少", "控制",
              "落地", "实现", "拓展", "开拓", "组建", "招", "深化", "探索", "布局", "坚持", "持续",
              "继续", "做", "用", "将", "对", "与", "在", "上", "拉", "砍", "关", "停", "收", "补",
              "签", "开", "投", "试", "跑", "抓")
COST_TOKENS = ("CPA", "CPC", "CPM", "CAC", "获客成本")
TEAM_WORDS = ("团队", "招聘", "培训", "主播", "人员", "梯队")
PROMISING = ("验证", "起量", "见效", "潜力", "提升", "增长", "跑通")
FREE_TRAFFIC = ("自然", "搜索", "免费")
OPS_INCIDENTS = ("支付", "物流", "客服", "系统", "发货", "延迟")
BUDGET_MOVES = ("预算", "投放", "广告", "渠道")


@dataclass
class Battle:
    title: str
    write: Callable[[], str]


class NarrativeBase:
    """The plan, the figures already stated and the notes already told, with lookups."""

    def __init__(self, f: Facts, plan: ReportPlan | None = None) -> None:
        self.f = f
        self.n = f.notes
        self.plan = plan or build_plan(f.notes, f.set, "narrative")
        self.personal = self.plan.voice == "我"
        self.we = self.plan.voice
        self.year = self.n.report.year
        self.next = f"{self.year + 1}年"
        self.section = "preface"
        self.stated: set[str] = set()
        self.told: set[str] = set()  # notes items already written into the text
        self.cited: set[str] = set()  # plan items already named as an answer
        self.targets_told = False
        self.battles = self._battles()

    def _battles(self) -> list[Battle]:
        """The few things 第一章 tells (StrategyChapter)."""
        return []

    def can(self, *fids: str) -> bool:
        """The facts exist, none was stated yet, and this chapter may state them."""
        return all(self.f.has(i) and i not in self.stated
                   and self.plan.owners.get(i, self.section) == self.section for i in fids)

    def x(self, fid: str) -> str:
        self.stated.add(fid)
        return self.f.t(fid)

    def xp(self, fid: str) -> str:
        """The fact's phrase; a rise that is bad news reads 上升, not 提升."""
        self.stated.add(fid)
        phrase = self.f.p(fid)
        if self.fav(fid) is False and phrase.startswith("提升"):
            phrase = "上升" + phrase[len("提升"):]
        return phrase

    def value(self, fid: str) -> float:
        fact = self.f.get(fid)
        return fact.value if fact is not None else 0.0

    def fav(self, fid: str) -> bool | None:
        return self.f.favorable(fid)

    def label(self, mid: str) -> str:
        return short_label(self.f.label(mid))

    def has_metric(self, mid: str) -> bool:
        return mid in self.n.metrics

    def note(self, mid: str) -> str:
        m = self.n.metrics.get(mid)
        return (m.note or "") if m is not None else ""

    def tell(self, text: str) -> str:
        """Record a notes item as written; returns it as a clause."""
        self.told.add(clean(text))
        return clause(text)

    def is_told(self, text: str) -> bool:
        return clean(text) in self.told

    def metric_of(self, text: str) -> list[str]:
        """Metric ids of the notes that ``text`` names (label or alias)."""
        return [mid for mid in self.n.metrics
                if any(w and w in text for w in (self.label(mid), *ALIASES.get(mid, ())))]

    def judgement(self, jid: str) -> Judgement | None:
        return self.plan.judgement(jid)

    def of_kind(self, kind: str) -> list[Judgement]:
        return [j for j in self.plan.all_judgements() if j.kind == kind]

    @property
    def who(self) -> str:
        return self.n.report.organization or self.n.report.team or "店铺"

    def target_split(self) -> tuple[list[str], list[str]]:
        beaten, missed = [], []
        for mid in self.n.metrics:
            fav = self.fav(f"{mid}.gap")
            if fav is True:
                beaten.append(mid)
            elif fav is False:
                missed.append(mid)
        missed.sort(key=lambda m: self.value(f"{m}.completion") or 100.0)
        return beaten, missed

    def metric_sentence(self, mid: str) -> str:
        if not self.can(mid):
            return ""
        s = f"{self.label(mid)}为{self.x(mid)}"
        diff = self.f.get(f"{mid}.diff")
        # a rate or a score moves in points (下降0.09分), not in percent of itself
        fid = (f"{mid}.diff" if diff is not None and diff.unit in ("个百分点", "分")
               else f"{mid}.yoy")
        if self.can(fid):
            s += f"{COMMA}较去年{self.xp(fid)}"
        note = self.note(mid)
        if note and not self.is_told(note):
            s += f"{COMMA}{self.tell(note)}"
        return s + "。"

    def problem_metrics(self, prob: str) -> list[str]:
        """Metrics outside the covered set whose name shares a word with a problem."""
        return [m for m in self.n.metrics if m not in TOLD_ELSEWHERE
                and overlap(self.label(m), prob) > 0]

    def plan_words(self, item: str) -> str:
        """A plan item as a numberless phrase for chapters before 第四章."""
        from assistant.analysis.problems import topics_of

        first = clauses(item)[0]
        if not any(ch.isdigit() for ch in first):
            return first
        bare = NUMBER_TAIL.sub("", first).strip()
        if bare and not any(ch.isdigit() for ch in bare) and len(bare) >= 4:
            for verb, turn in (("提高", "提上去"), ("提升", "提上去"), ("降低", "降下来"),
                               ("降", "降下来")):
                if bare.endswith(verb) and len(bare) > len(verb) + 2:
                    return f"把{bare[:-len(verb)]}{turn}"
            return bare
        words = [TOPIC_WORDS[t] for t in sorted(topics_of(item)) if t in TOPIC_WORDS]
        return f"在{words[0]}上加码" if words else "下一步的计划"

    def do(self, item: str) -> str:
        """A plan item after 要: verb-led as it is, else ``让…``."""
        c = clause(item)
        return c if c.startswith(VERB_LEADS) else f"让{c}"

    def plan_by_words(self, prob: str) -> list[str]:
        """Plan strategies that share a word with a problem the topic linking missed."""
        words = [w for w in clauses(prob) if w]
        return [s for s in self.n.plan.strategies + self.n.plan.personal_goals
                if any(overlap(w, s) >= 2 for w in words[:1])]
