"""The narrative review composed from the report plan, one chapter after another.

``Narrative.write()`` returns every chapter's body. The plan (``assistant.analysis``)
gives the thesis, the judgements each chapter argues, the chapter that owns each
figure and the problem -> plan pairs. A figure is written in full once, in the
chapter that owns it (``x``/``xp`` record it); a later chapter that comes back to
it names it in words. Comparisons between facts only choose the wording; every
number shown is a fact's text or phrase, or part of a quoted notes item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from assistant.analysis import Judgement, ProblemPlan, ReportPlan, build_plan
from assistant.notes.schema import Channel
from assistant.offline.common import Facts
from assistant.offline.narrative_text import (
    clause,
    clauses,
    clean,
    cn_count,
    is_bad,
    lesson,
    list_phrase,
    name_ref,
    overlap,
    para,
    sentences_of,
    short_label,
    split_note,
)
from assistant.typography import COLON, COMMA, LQUOTE, RQUOTE, SEMICOLON

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
# What a missed target says about the business, for the preface's synthesis.
MISSED_MEANS = {  # in funnel order: (who, how short)
    "visitors": ("进店的人", "不够"), "new_users": ("拉来的新客", "不够"),
    "conversion_rate": ("进了店的人下单的", "不够多"), "aov": ("每单", "买得不够多"),
    "repurchase_rate": ("回头的老客", "不够"), "roi": ("投放的回报", "不够"),
}
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


class Narrative:
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

    # -- numbers ----------------------------------------------------------------------

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

    # -- the chapters -----------------------------------------------------------------

    def write(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for sid, writer in (("preface", self.preface), ("strategy", self.strategy),
                            ("team", self.team), ("challenges", self.challenges),
                            ("outlook", self.outlook), ("closing", self.closing)):
            self.section = sid
            out[sid] = writer()
        return out

    # 前言 ------------------------------------------------------------------------------

    def preface(self) -> str:
        if self.personal:
            first = self.personal_thesis()
        elif self.judgement("growth-quality") is not None or (
                self.f.has("gmv.yoy") and self.judgement("targets") is None):
            first = self.shop_thesis()
        else:
            first = self.targets_thesis()
        return "\n\n".join(p for p in (first, self.targets_paragraph(), self.roadmap()) if p)

    @property
    def who(self) -> str:
        return self.n.report.organization or self.n.report.team or "店铺"

    def targets_thesis(self) -> str:
        """The thesis when the year is told by its targets (no growth-quality judgement)."""
        j = self.judgement("targets")
        y = f"{self.year}年{COMMA}{self.who}"
        if j is None:
            main = max(self.plan.all_judgements(), key=lambda k: k.weight, default=None)
            if main is None or not main.gist:
                return ""
            return f"{self.year}年{COMMA}{self.who}最值得说的是{main.gist.strip('「」')}。"
        beaten, missed = self.target_split()
        if beaten and missed:
            head = f"{y}的目标有超有欠{COMMA}没做到的那几项比做到的更值得细看。"
        elif missed:
            head = f"{y}定下的目标没有完成{COMMA}差在哪里、怎么补{COMMA}是这份总结要回答的。"
        else:
            head = f"{y}定下的目标全部完成了。"
        self.targets_told = True
        return head + self.targets_text(beaten, missed) + self.missed_causes(missed)

    def missed_causes(self, missed: list[str]) -> str:
        for m in missed:
            note = self.note(m)
            if note and not self.is_told(note):
                return f"{self.label(m)}没做到{COMMA}{self.we}自己的判断是{self.tell(note)}。"
        return ""

    def thesis_buts(self) -> list[str]:
        """The bad news a good year's thesis must name (from the plan's judgements)."""
        out = []
        cost = self.judgement("cost-value")
        if cost is not None and cost.tone == "bad" and cost.gist:
            out.append(cost.gist)
        _, missed = self.target_split()
        if missed:
            out.append("年初的目标也没有拿下")
        return out

    def shop_thesis(self) -> str:
        who = self.who
        growth = self.judgement("growth-quality")
        if growth is None:
            up = self.fav("gmv.yoy") is True
            growth = Judgement("growth-quality", "growth_quality", "", ["gmv.yoy"],
                               tone="good" if up else "bad", gist="规模增长" if up else "规模收缩")
        y = f"{self.year}年"
        if growth.gist == "增收不增利":
            head = f"{y}{COMMA}{who}的生意做大了{COMMA}利润率却降了下来{COMMA}增收没有增利。"
        elif growth.gist == "量利齐升":
            buts = self.thesis_buts()
            head = f"{y}{COMMA}{who}的规模和利润率都在涨{COMMA}但{COMMA.join(buts)}。"
            if not buts:
                head = f"{y}{COMMA}{who}的规模和利润率一起往上走{COMMA}这样的增长经得起推敲。"
        elif growth.tone == "bad":
            head = f"{y}{COMMA}{who}的规模比去年小了{COMMA}先止住下滑是头等大事。"
        else:
            head = f"{y}{COMMA}{who}的规模继续扩大。"
        parts = []
        if self.can("gmv.yoy"):
            parts.append(f"全年GMV同比{self.xp('gmv.yoy')}")
        if self.can("net_profit.yoy"):
            parts.append(f"净利润只{self.xp('net_profit.yoy')}" if growth.gist == "增收不增利"
                         else f"净利润{self.xp('net_profit.yoy')}")
        if self.can("net_profit.of_gmv.last_year", "net_profit.of_gmv"):
            word = "降到" if self.value("net_profit.of_gmv.diff") < 0 else "升到"
            parts.append(f"净利率从{self.x('net_profit.of_gmv.last_year')}{word}"
                         f"{self.x('net_profit.of_gmv')}")
        evidence = COMMA.join(parts) + "。" if parts else ""
        band = ""
        if self.can("margin.cost_share.last_year", "margin.cost_share") and (
                self.f.t("margin.cost_share.last_year") != self.f.t("margin.cost_share")):
            rising = self.value("margin.cost_share.diff") > 0
            band = (f"毛利和净利之间的那一段费用{COMMA}占GMV的比例从"
                    f"{self.x('margin.cost_share.last_year')}{'涨到' if rising else '降到'}"
                    f"{self.x('margin.cost_share')}"
                    + (f"{COMMA}多卖出来的钱有不小一部分又花了出去。" if rising
                       else f"{COMMA}多出来的利润正是从这里省出来的。"))
        cause = ""
        np_note = clean(self.note("net_profit"))
        if growth.gist == "增收不增利":
            bad = [q.text for q in growth.causes if is_bad(q.text)]
            if bad:
                cause = (f"钱花在了哪里{COMMA}{self.we}在复盘时已经有答案{COLON}"
                         f"{self.tell(bad[0])}。")
        elif growth.tone == "good" and np_note and not is_bad(np_note):
            lift = next((h for h in self.n.review.highlights if overlap(h, np_note) >= 2), None)
            cause = (f"省在哪里{self.we}也清楚{COLON}"
                     + (f"{self.tell(lift)}{COMMA}" if lift else "") + self.tell(np_note))
            move = next((x for x in sentences_of(self.n.review.notes)
                         if overlap(x, np_note) >= 2 and not self.is_told(x)), None)
            cause += (f"。另外{COMMA}{self.tell(move)}。" if move else "。")
        stance = ""
        if growth.gist == "增收不增利":
            stance = (f"所以这份总结的重点不在摆成绩{COMMA}而在回答{self.next}怎样让利润"
                      f"跟上规模。")
        elif growth.gist == "量利齐升" and self.thesis_buts():
            stance = (f"所以这份总结要回答的是{COLON}增长靠什么换来{COMMA}"
                      f"{self.next}还能不能照这样换下去。")
        return head + evidence + band + cause + stance

    def targets_paragraph(self) -> str:
        j = self.judgement("targets")
        if j is None or self.personal or self.targets_told:
            return ""
        beaten, missed = self.target_split()
        return self.targets_text(beaten, missed)

    def targets_text(self, beaten: list[str], missed: list[str]) -> str:
        text = ""
        if missed:
            items = []
            for m in missed:
                if self.can(f"{m}.gap"):
                    done = (f"完成{self.x(m + '.completion')}{COMMA}" if self.can(f"{m}.completion")
                            else "")
                    items.append(f"{self.label(m)}{done}{self.xp(m + '.gap')}")
            if items:
                lead = ("年初定下的目标一个也没有拿满" if not beaten else "年初定下的目标有几项没有完成")
                text += f"{lead}{COLON}" + SEMICOLON.join(items) + "。"
        if beaten:
            items = [f"{self.label(m)}{self.xp(m + '.gap')}" for m in beaten if self.can(f"{m}.gap")]
            if items:
                text += "超额完成的是" + SEMICOLON.join(items) + "。"
        reasons = [MISSED_MEANS[m] for m in MISSED_MEANS if m in missed]
        if missed and not beaten and len(reasons) >= 2:
            said = [f"{who}{how}" if k == 0 else f"{who}也{how}"
                    for k, (who, how) in enumerate(reasons)]
            text += (f"几处缺口单看都不大{COMMA}合起来看{COMMA}" + COMMA.join(said)
                     + (f"{COMMA}成交规模自然差了一口气" if "gmv" in missed else "") + "。")
        return text

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

    def personal_thesis(self) -> str:
        n = self.n
        team = n.report.team or n.report.organization or "团队"
        duties_list = [clause(d) for d in n.report.duties]
        lead = f"{self.year}年{COMMA}我在{team}"
        if duties_list:
            lead += f"主要负责{duties_list[0]}"
            if len(duties_list) > 1:
                lead += f"{COMMA}也兼顾{list_phrase(duties_list[1:])}"
        else:
            lead += "工作"
        if n.projects and self.f.has("count.projects"):
            self.stated.add("count.projects")
            lead += (f"{COMMA}全年的主要精力放在"
                     f"{cn_count(self.value('count.projects'))}个重点项目上")
        lead += "。"
        names = " ".join(p.name + (p.goal or "") + "".join(p.actions + p.results)
                         for p in n.projects)
        loose = [d for d in duties_list if n.projects and overlap(d, names) == 0]
        if loose and len(loose) < len(duties_list):
            lead += f"{list_phrase(loose)}这一块今年没有单独立项。"
        beaten, missed = self.target_split()
        body = ""
        if beaten or missed:
            body = "对照年初的指标" + COMMA
            if beaten:
                body += SEMICOLON.join(self.target_status(m) for m in beaten)
            if missed:
                m = missed[0]
                body += (SEMICOLON + "没有达标的是" + self.label(m) + COMMA if beaten
                         else self.label(m))
                if self.can(m):
                    body += f"全年只有{self.x(m)}{COMMA}" if beaten else f"全年做到{self.x(m)}{COMMA}"
                if self.can(m + ".target"):
                    body += f"目标{self.x(m + '.target')}{COMMA}"
                body += self.xp(m + ".gap")
            body += "。"
        tension = next((j for j in self.of_kind("project") if j.tone == "mixed"), None)
        turn = ""
        if tension is None and missed and self.note(missed[0]) and not self.is_told(
                self.note(missed[0])):
            turn = f"差距出在哪里我心里有数{COLON}{self.tell(self.note(missed[0]))}。"
        if tension is not None:
            m = missed[0] if missed else ""
            cause = clause(self.note(m)) if m and self.note(m) else ""
            turn = (f"这个缺口不是方向错了{COMMA}" if cause else "")
            if cause:
                self.told.add(clean(self.note(m)))
                turn += f"而是{cause}{COMMA}回报要到下半年才显出来" if "上半年" in cause else (
                    f"而是{cause}")
                turn += "。"
            turn += (f"所以这份总结想说清楚一件事{COLON}{name_ref(tension.subject)}已经见效{COMMA}"
                     f"但效果还没有完全落到全年的数字上{COMMA}{self.next}要把它做实。")
        return lead + body + turn

    def target_status(self, mid: str) -> str:
        own_value = self.can(mid)
        ly = ""
        if self.can(f"{mid}.last_year"):
            ly = f"{COMMA}去年是{self.x(mid + '.last_year')}"
            diff = self.f.get(f"{mid}.diff")
            grow = f"{mid}.diff" if diff is not None and diff.unit == "个百分点" else f"{mid}.yoy"
            if self.can(grow):
                ly = f"{COMMA}比去年的{self.x(mid + '.last_year')}{self.xp(grow)}"
        head = f"{self.label(mid)}做到{self.x(mid)}" if own_value else self.label(mid)
        if not own_value and ly:
            ly = ly.removeprefix(COMMA)
        return f"{head}{ly}{COMMA}{self.xp(mid + '.gap')}"

    def roadmap(self) -> str:
        names = [b.title for b in self.battles]
        if not names:
            return ""
        if self.personal:
            if self.n.campaigns or not self.f.has("count.projects"):
                return ""
            return (f"下面先逐个复盘这{cn_count(self.value('count.projects'))}个项目{COMMA}"
                    f"再说我自己的成长和短板{COMMA}最后是{self.next}的计划。")
        problems = [p.problem.text for p in self.plan.problem_plan]
        tail = f"{COMMA}再正视{clauses(problems[0])[0]}等几个问题" if problems else ""
        return (f"下面先复盘{list_phrase(names)}{tail}{COMMA}最后交代{self.next}的目标和打法。")

    # 第一章 ----------------------------------------------------------------------------

    def _battles(self) -> list[Battle]:
        n = self.n
        out: list[Battle] = []
        if self.personal:
            for i, p in enumerate(n.projects):
                out.append(Battle(p.name, partial(self.project_story, i)))
            for i, c in enumerate(n.campaigns):
                out.append(Battle(c.name, partial(self.campaign_story, i)))
            return out
        if self.has_metric("gmv"):
            margin = self.has_metric("gross_margin") or self.has_metric("gross_profit")
            out.append(Battle("规模与毛利" if margin else "规模与节奏", self.growth_story))
        if n.channels or any(self.has_metric(m) for m in ("cac", "ad_spend", "roi")):
            out.append(Battle("流量与获客", self.traffic_story))
        if any(self.has_metric(m) for m in USER_METRICS) or any(
                c.kind == "private" for c in n.channels):
            out.append(Battle("老客与复购", self.user_story))
        for i, c in enumerate(n.campaigns):
            out.append(Battle(c.name, partial(self.campaign_story, i)))
        if n.products or any(self.has_metric(m) for m in SUPPLY_METRICS + SERVICE_METRICS) or any(
                "新品" in h or "上新" in h for h in n.review.highlights):
            service = any(self.has_metric(m) for m in SERVICE_METRICS)
            out.append(Battle("商品与服务" if service else "商品与货盘", self.supply_story))
        for i, p in enumerate(n.projects):
            out.append(Battle(p.name, partial(self.project_story, i)))
        return out

    def strategy(self) -> str:
        blocks = []
        for b in self.battles:
            text = b.write()
            if text:
                blocks.append(f"**{b.title}**\n\n{text}")
        rest = self.other_metrics()
        highlights = [h for h in self.n.review.highlights if not self.is_told(h)]
        if highlights:
            rest += (f"这一年还有值得记下的进展{COLON}"
                     + COMMA.join(self.tell(h) for h in highlights) + "。")
        if rest:
            blocks.append(rest)
        return "\n\n".join(blocks)

    def growth_story(self) -> str:
        first = ""
        if self.can("gmv"):
            first = f"全年GMV做到{self.x('gmv')}"
            if self.can("gmv.last_year"):
                first += f"{COMMA}去年是{self.x('gmv.last_year')}"
            if self.can("gmv.yoy"):
                first += f"{COMMA}同比{self.xp('gmv.yoy')}"
            first += "。"
        rhythm = self.quarter_rhythm()
        margin = ""
        if self.fav("gross_margin.diff") is True and self.can("gross_margin"):
            good, _ = split_note(self.note("gross_margin"))
            margin = (f"毛利这一头是好消息{COLON}毛利率升到{self.x('gross_margin')}{COMMA}"
                      f"较去年{self.xp('gross_margin.diff')}")
            if good:
                margin += f"{COMMA}靠的是{list_phrase(good)}"
                self.told.add(clean(self.note("gross_margin")))
            margin += "。"
            j = self.judgement("growth-quality")
            if j is not None and j.gist == "增收不增利":
                margin += (f"可惜毛利多出来的这部分空间{COMMA}被前言说的费用上涨吃掉了{COMMA}"
                           f"没能留进净利润。换句话说{COMMA}{self.year}年利润率的问题不出在"
                           f"货和价格上{COMMA}而出在卖货的费用上{COMMA}"
                           f"{self.next}要改的是花钱的方式{COMMA}不是产品。")
        if self.fav("gross_margin.diff") is False and self.can("gross_margin"):
            margin = (f"毛利率从{self.x('gross_margin.last_year')}降到{self.x('gross_margin')}"
                      if self.can("gross_margin.last_year") else f"毛利率是{self.x('gross_margin')}")
            note = self.note("gross_margin")
            if note:
                margin += f"{COMMA}原因是{self.tell(note)}"
            margin += "。"
            j = self.judgement("growth-quality")
            if j is not None and j.tone == "good":
                margin += f"净利率还能往上走{COMMA}靠的是费用端省下的钱{COMMA}不是货本身更赚钱了。"
        return para(first, rhythm, margin)

    def quarter_rhythm(self) -> str:
        qs = [i for i in range(1, 5) if self.f.has(f"gmv.q{i}")]
        if len(qs) < 4:
            return ""
        peak = max(qs, key=lambda i: self.value(f"gmv.q{i}"))
        name = f"第{CN_ORDER[peak - 1]}季度"
        text = f"四个季度里{name}最重"
        if self.can(f"gmv.q{peak}_share"):
            text += f"{COMMA}占全年的{self.x(f'gmv.q{peak}_share')}"
        if self.can(f"gmv.q{peak}_qoq"):
            text += f"{COMMA}环比{self.xp(f'gmv.q{peak}_qoq')}"
        qoqs = [i for i in (2, 3, 4) if self.f.has(f"gmv.q{i}_qoq") and i != peak]
        flat = min(qoqs, key=lambda i: self.value(f"gmv.q{i}_qoq")) if qoqs else None
        if flat is not None and self.can(f"gmv.q{flat}_qoq"):
            if self.value(f"gmv.q{flat}_qoq") < 0:
                text += (f"{COMMA}第{CN_ORDER[flat - 1]}季度环比{self.xp(f'gmv.q{flat}_qoq')}"
                         f"{COMMA}是全年唯一往回落的一段")
            else:
                text += (f"{COMMA}第{CN_ORDER[flat - 1]}季度环比只{self.xp(f'gmv.q{flat}_qoq')}"
                         f"{COMMA}是全年最平的一段")
        text += "。"
        note = self.note("gmv")
        if note:
            contradicted = self.contradicted()
            kept = [c for c in clauses(note)
                    if not any(c.lstrip("但") in q or q.lstrip("但") in c for q in contradicted)]
            kept = [c.lstrip("但").strip() for c in kept]
            if kept:
                text += f"从{self.we}的复盘看{COMMA}{COMMA.join(kept)}。"
                self.told.add(clean(note))
        return text

    def contradicted(self) -> list[str]:
        """Notes words a consistency warning says the numbers contradict (never repeated)."""
        out = []
        for w in self.plan.warnings:
            for quoted in re.findall(LQUOTE + "([^" + RQUOTE + "]+)" + RQUOTE, w.message):
                out.extend(clauses(quoted))
        return [q for q in out if q]

    def traffic_story(self) -> str:
        n = self.n
        out = []
        spent = [(i, c) for i, c in enumerate(n.channels, 1) if c.spend]
        all_paid = all(c.kind in (None, "paid") for _, c in spent)
        if len(spent) == 1 and spent[0][1].note:
            out.append(f"{spent[0][1].name}方面{COMMA}{self.tell(spent[0][1].note or '')}。")
        if len(spent) > 1 and self.can("channels.total_spend"):
            s = (f"{'付费推广' if all_paid else '各渠道'}全年投入"
                 f"{self.x('channels.total_spend')}")
            if self.can("channels.total_gmv"):
                s += f"{COMMA}换回成交{self.x('channels.total_gmv')}"
            if self.can("channels.roi"):
                s += f"{COMMA}综合ROI {self.x('channels.roi')}"
            out.append(s + "。")
        if self.has_metric("ad_spend") and self.can("ad_spend"):
            s = f"{self.label('ad_spend')}全年{self.x('ad_spend')}"
            if self.can("ad_spend.yoy"):
                s += f"{COMMA}比去年{self.xp('ad_spend.yoy')}"
                if self.f.has("gmv.yoy") and self.value("ad_spend.yoy") > self.value("gmv.yoy"):
                    s += f"{COMMA}花钱的速度快过了GMV的增长"
            if self.can("ad_spend.of_gmv.last_year", "ad_spend.of_gmv"):
                s += (f"{COMMA}占GMV的比例从{self.x('ad_spend.of_gmv.last_year')}"
                      f"升到{self.x('ad_spend.of_gmv')}")
            out.append(s + "。")
        if self.has_metric("roi") and self.can("roi"):
            s = f"投入产出比做到{self.x('roi')}"
            if self.fav("roi.gap") is False:
                s += f"{COMMA}没有达到年初的目标"
            out.append(s + "。")
        out.append(self.channel_ranking(spent))
        cost_j = self.judgement("cost-value")
        if (cost_j is not None and cost_j.tone == "bad" and self.has_metric("ad_spend")
                and self.f.has("gmv.yoy") and self.value("ad_spend.yoy") > self.value("gmv.yoy")):
            out.append(f"投放涨得比成交快{COMMA}说明每多卖一块钱背后的投放在变贵{COMMA}"
                       f"{self.next}的预算不能再照{self.year}年的节奏往上加。")
        for i, c in enumerate(n.channels, 1):
            if c.spend or c.kind == "private" or not self.can(f"channel{i}.gmv"):
                continue
            s = f"不花推广费的{c.name}带来成交{self.x(f'channel{i}.gmv')}"
            if c.note:
                s += f"{COMMA}{self.tell(c.note)}"
            out.append(s + "。")
        for s in sentences_of(n.review.notes):
            if any(w in s for w in BUDGET_MOVES) and not self.is_told(s):
                out.append(f"年内{self.we}已经动过一次刀{COMMA}{self.tell(s)}。")
        cost = []
        if self.has_metric("cac") and self.can("cac"):
            cac = f"获客成本涨到{self.x('cac')}"
            if self.can("cac.yoy"):
                cac += f"{COMMA}同比{self.xp('cac.yoy')}"
            cost.append(cac)
            if self.has_metric("aov") and self.can("aov.yoy"):
                cost.append(f"客单价只{self.xp('aov.yoy')}" if self.fav("cac.yoy") is False
                            else f"客单价{self.xp('aov.yoy')}")
        if self.can("cac.of_aov.last_year", "cac.of_aov"):
            cost.append(f"拉一个新客的花费相当于客单价的比例从{self.x('cac.of_aov.last_year')}"
                        f"升到{self.x('cac.of_aov')}")
        if cost:
            out.append(("流量越买越贵" + COLON if self.fav("cac.yoy") is False else "")
                       + COMMA.join(cost) + "。")
        if self.has_metric("new_users") and self.can("new_users"):
            s = f"全年{self.label('new_users')}{self.x('new_users')}"
            if self.fav("new_users.gap") is False and self.fav("cac.yoy") is False:
                s += f"{COMMA}没到目标{COMMA}多花的获客钱并没有换来足量的新客"
            elif self.fav("new_users.gap") is False:
                s += f"{COMMA}离目标还差一点"
            out.append(s + "。")
        if self.has_metric("conversion_rate") and self.can("conversion_rate"):
            label = self.label("conversion_rate")
            if self.can("conversion_rate.last_year", "conversion_rate.diff"):
                s = (f"{label}从{self.x('conversion_rate.last_year')}"
                     f"{'提高' if self.value('conversion_rate.diff') > 0 else '降'}到"
                     f"{self.x('conversion_rate')}")
                self.stated.add("conversion_rate.diff")
                if self.value("conversion_rate.diff") > 0:
                    s += f"{COMMA}直播间的承接能力在变强" if "直播" in label else (
                        f"{COMMA}承接能力在变强")
            else:
                s = f"{label}停在{self.x('conversion_rate')}"
            if self.fav("conversion_rate.gap") is False:
                s += f"{COMMA}是几项目标里差得最远的"
            out.append(s + "。")
        for h in n.review.highlights:
            if any(w in h for w in FREE_TRAFFIC) and not self.is_told(h):
                answer = next((s for s in n.plan.strategies if "自然" in s), None)
                s = f"好在免费流量在长{COMMA}{self.tell(h)}"
                if answer:
                    s += f"{COMMA}这是{self.next}提高自然流量占比的底气"
                out.append(s + "。")
        return "".join(o for o in out if o)

    def channel_ranking(self, spent: list[tuple[int, Channel]]) -> str:
        ranked = sorted([(i, c) for i, c in spent if self.f.has(f"channel{i}.roi")],
                        key=lambda ic: -self.value(f"channel{ic[0]}.roi"))
        if len(ranked) < 2:
            return ""
        (bi, best), (wi, worst) = ranked[0], ranked[-1]
        s = f"渠道之间差得不少{COLON}{best.name}的ROI最高{COMMA}为{self.x(f'channel{bi}.roi')}"
        if self.can(f"channel{bi}.spend_share", f"channel{bi}.gmv_share") and (
                self.value(f"channel{bi}.gmv_share") > self.value(f"channel{bi}.spend_share")):
            s += (f"{COMMA}用{self.x(f'channel{bi}.spend_share')}的投入拿到"
                  f"{self.x(f'channel{bi}.gmv_share')}的渠道成交")
        s += f"{SEMICOLON}{worst.name}的ROI是{self.x(f'channel{wi}.roi')}{COMMA}垫底"
        if self.can(f"channel{wi}.spend_share", f"channel{wi}.gmv_share") and (
                self.value(f"channel{wi}.gmv_share") < self.value(f"channel{wi}.spend_share")):
            s += (f"{COMMA}花了{self.x(f'channel{wi}.spend_share')}的投入{COMMA}只换回"
                  f"{self.x(f'channel{wi}.gmv_share')}的渠道成交")
        s += "。"
        if worst.note:
            if any(w in worst.note for w in PROMISING):
                s += (f"不过这笔钱不全是学费{COMMA}{self.tell(worst.note)}{COMMA}"
                      f"明年值不值得加码{COMMA}要看它能否追上{best.name}。")
            else:
                s += f"{worst.name}的情况是{self.tell(worst.note)}{COMMA}投入要不要调{COMMA}得先算清这笔账。"
        if self.can("channels.paid_gmv_of_total"):
            s += f"付费渠道合计带来了全店{self.x('channels.paid_gmv_of_total')}的成交。"
        return s

    def user_story(self) -> str:
        n = self.n
        out = []
        if self.has_metric("repurchase_rate"):
            s = f"复购率{self.x('repurchase_rate')}" if self.can("repurchase_rate") else "复购率"
            if self.can("repurchase_rate.diff"):
                s += f"{COMMA}较去年{self.xp('repurchase_rate.diff')}"
            note = self.note("repurchase_rate")
            good, _ = split_note(note)
            if self.fav("repurchase_rate.diff") is False and note:
                s += f"{COMMA}原因是{self.tell(note)}"
            elif good:
                s += f"{COMMA}{COMMA.join(good)}"
            out.append(s + "。")
        if self.has_metric("aov") and self.can("aov"):
            s = f"客单价{self.x('aov')}"
            if self.can("aov.last_year", "aov.yoy"):
                s = (f"客单价从{self.x('aov.last_year')}变成{self.x('aov')}{COMMA}"
                     f"{self.xp('aov.yoy')}")
            note = self.note("aov")
            if note and not self.is_told(note):
                s += f"{COMMA}{self.tell(note)}"
            out.append(s + "。")
        for i, c in enumerate(n.channels, 1):
            if c.kind != "private":
                continue
            s = f"私域方面{COMMA}{c.name}"
            s += f"攒下了{self.x(f'channel{i}.users')}" if self.can(f"channel{i}.users") else ""
            good, _ = split_note(c.note)
            if good:
                s += f"{COMMA}{COMMA.join(good)}"
            out.append(s + "。")
        if self.has_metric("mau") and self.can("mau"):
            s = f"月均活跃用户{self.x('mau')}"
            if self.has_metric("dau") and self.can("dau"):
                s += f"{COMMA}日均活跃用户{self.x('dau')}"
                if self.plan.owners.get("dau.of_mau") == "challenges":
                    s += f"{COMMA}两者的比例说明活跃度还不够{COMMA}第三章细说"
            out.append(s + "。")
        if out and self.fav("repurchase_rate.diff") is True:
            if "repurchase_rate" in n.plan.targets:
                out.append(f"老客回来得更勤了{COMMA}这是{self.year}年最扎实的进步{COMMA}"
                           f"{self.we}也因此敢把{self.next}的复购目标再往上提。")
            else:
                out.append(f"老客回来得更勤了{COMMA}这是{self.year}年最扎实的进步。")
        elif out and self.fav("repurchase_rate.diff") is False:
            out.append(f"新客多了{COMMA}老客却没有跟着回来{COMMA}这是规模之下容易被忽略的一笔账。"
                       if "新客" in self.note("repurchase_rate") else
                       f"老客这条线在往回走{COMMA}要当成{self.next}的重点来抓。")
        return "".join(out)

    def campaign_story(self, index: int) -> str:
        c = self.n.campaigns[index]
        out = []
        when = f"{c.period}{COMMA}" if c.period else ""
        if c.actions:
            out.append(f"{when}{self.we}的打法是{COMMA.join(self.tell(a) for a in c.actions)}。")
        numeric = [r for r in c.results if any(ch.isdigit() for ch in r)]
        other = [r for r in c.results if r not in numeric]
        if numeric:
            out.append(f"从结果看{COMMA}{COMMA.join(self.tell(r) for r in numeric)}。")
        if other:
            out.append(f"更让{self.we}在意的是{COMMA}{COMMA.join(self.tell(r) for r in other)}"
                       f"{COMMA}说明货选对了{COMMA}不靠打折也卖得动。" if any(
                           "降价" in r or "售罄" in r for r in other)
                       else f"另外{COMMA}{COMMA.join(self.tell(r) for r in other)}。")
        lift = next((k for k in clauses(self.note("gmv")) if c.name in k), "")
        if lift:
            out.append(f"季度复盘里那句“{lift}”{COMMA}说的就是它在全年成交里的分量。")
        if c.reflection:
            lesson_for = (f"{self.next}做{c.name}时要先把这一条改掉",
                          f"这个教训要带进{self.next}的{c.name}")[index % 2]
            out.append(f"复盘下来{COMMA}{COMMA.join(self.tell(r) for r in c.reflection)}{COMMA}"
                       f"{lesson_for}。")
        if any(j.subject == c.name and "challenges" in j.sections for j in self.of_kind("tension")):
            out.append(f"可惜这份需求没有被完整接住{COMMA}{c.name}里暴露的备货问题放在第三章说。")
        return "".join(out)

    def supply_story(self) -> str:
        n = self.n
        out = []
        for h in n.review.highlights:
            if ("新品" in h or "上新" in h) and not self.is_told(h):
                out.append(f"商品上{COMMA}{self.tell(h)}。")
        segs = [(i, p) for i, p in enumerate(n.products, 1) if self.f.has(f"product{i}.profit_share")]
        if len(segs) >= 2:
            segs = segs[:]
            segs.sort(key=lambda ip: -self.value(f"product{ip[0]}.profit_share"))
            (ti, top), (li, low) = segs[0], segs[-1]
            s = f"货盘的分工很清楚{COLON}{top.segment}"
            if self.can(f"product{ti}.sku_share"):
                s += f"占{self.x(f'product{ti}.sku_share')}的SKU{COMMA}"
            s += f"贡献了{self.x(f'product{ti}.profit_share')}的利润{SEMICOLON}{low.segment}"
            if self.can(f"product{li}.order_share"):
                s += f"带来{self.x(f'product{li}.order_share')}的订单{COMMA}"
            elif self.can(f"product{li}.sales_share"):
                s += f"带来{self.x(f'product{li}.sales_share')}的销售额{COMMA}"
            s += f"利润只占{self.x(f'product{li}.profit_share')}"
            out.append(s + "。")
            out.append(f"{low.segment}负责拉人{COMMA}{top.segment}负责赚钱{COMMA}"
                       f"只要{low.segment}的引流成本还在涨{COMMA}这个分工就会被侵蚀。"
                       if self.fav("cac.yoy") is False else "")
        if self.has_metric("inventory_turnover_days") and self.can("inventory_turnover_days.diff"):
            out.append(f"库存周转天数是{self.x('inventory_turnover_days')}{COMMA}比去年"
                       f"{self.xp('inventory_turnover_days.diff')}{COMMA}压在仓里的钱少了。")
        service = [m for m in SERVICE_METRICS if self.has_metric(m) and self.can(m)]
        if service:
            out.append("服务端守住了基本盘" + COLON + COMMA.join(
                f"{self.label(m)}{self.x(m)}" for m in service) + "。")
        for s in sentences_of(n.review.notes):
            if not self.is_told(s) and any(w in s for w in OPS_INCIDENTS):
                out.append(f"也有一处隐患{COLON}{self.tell(s)}{COMMA}下一次大促之前要查清楚。")
        return "".join(out)

    def project_story(self, index: int) -> str:
        p = self.n.projects[index]
        out = []
        if p.background:
            lead, why = (("我牵头做这个项目", "是因为"), ("这个项目同样由我牵头", "起因是"))[
                min(index, 1)] if (self.personal and p.role and "负责" in p.role) else (
                f"{self.we}做这件事", "是因为")
            out.append(f"{lead}{COMMA}{why}{self.tell(p.background)}。")
        if p.goal:
            out.append(("定下的目标是", "目标定为")[index % 2] + f"{self.tell(p.goal)}。")
        acts = [clause(a) for a in p.actions]
        if acts:
            timed = all(a[1:3] == "季度" or a.startswith(("上半年", "下半年")) for a in acts)
            if timed:
                out.append(self.timed_steps(acts))
            else:
                links = ["先", "再", "然后", "同时"]
                steps = [(links[i] if i < len(links) else "并且") + a for i, a in enumerate(acts)]
                out.append(f"具体做法是{COMMA}" + COMMA.join(steps) + "。")
            self.told.update(clean(a) for a in p.actions)
        j = next((j for j in self.of_kind("project") if j.subject == p.name), None)
        results = [self.tell(r) for r in p.results]
        if results:
            out.append(("做下来" + COMMA, "一年下来" + COMMA)[index % 2] + f"{COMMA.join(results)}。")
            token = next((t for t in COST_TOKENS if t in (p.background or "")
                          and any(t in r and "低" in r for r in p.results)), None)
            if token:
                out.append(f"年初{token}是麻烦所在{COMMA}到年底它反倒成了新渠道的长处{COMMA}"
                           f"这是这个项目最实在的收获。" if "新渠道" in "".join(p.results) else
                           f"年初{token}是麻烦所在{COMMA}到年底它反倒成了长处。")
        if j is not None:
            for mid in j.evidence:
                if "." in mid or not self.has_metric(mid):
                    continue
                label = self.label(mid)
                if self.fav(f"{mid}.gap") is True:
                    s = f"全年的{label}"
                    s += f"是{self.x(mid)}{COMMA}" if self.can(mid) else "也"
                    s += f"过了项目定下的目标线{COMMA}这件事算是做成了"
                    out.append(s + "。")
                elif self.fav(f"{mid}.gap") is False:
                    s = f"但拿全年的{label}"
                    s += f"（{self.x(mid)}）" if self.can(mid) else ""
                    s += (f"来衡量{COMMA}目标还没有达成{COMMA}项目里的改善要到"
                          f"{self.next}才能完整体现在全年数字上")
                    out.append(s + "。")
        if p.results:
            out.append(self.unanswered_goal(p.goal or "", p.results))
        if self.personal:
            out.append(self.project_next(p.name + (p.goal or "") + "".join(p.results)))
        if not self.personal and p.lessons:
            out.append(f"这件事留下的经验是{COMMA.join(lesson(x) for x in p.lessons)}。")
            self.told.update(clean(x) for x in p.lessons)
        return "".join(out)

    def project_next(self, about: str) -> str:
        from assistant.analysis.problems import topics_of

        topics = topics_of(about)
        items = self.n.plan.strategies + self.n.plan.personal_goals
        for item in items:
            shared = sorted(topics & topics_of(item))
            if shared and clean(item) not in self.cited:
                self.cited.add(clean(item))
                word = TOPIC_WORDS.get(shared[0], "")
                if len(self.cited) % 2:
                    return (f"从这个项目出发{COMMA}{self.next}{self.we}会在{word}上继续加码{COMMA}"
                            f"具体安排见第四章。")
                return f"{word}这条线{self.next}还要接着往下做{COMMA}安排同样放在第四章。"
        return ""

    def unanswered_goal(self, goal: str, results: list[str]) -> str:
        """A part of a project goal that no result and no metric speaks to."""
        parts = clauses(goal)
        if len(parts) < 2:
            return ""
        said = "".join(results) + "".join(self.label(m) for m in self.metric_of(goal))
        loose = [g for g in parts if overlap(g, said) == 0 and not any(
            t in g and t in said for t in ("ROI", "GMV", "CPA", "SOP"))]
        if not loose or len(loose) == len(parts):
            return ""
        return (f"目标里“{loose[0]}”这一条{COMMA}结果里还没有交代{COMMA}"
                f"实际{'花了多少' if '预算' in loose[0] else '做到了什么程度'}需要补上。")

    def timed_steps(self, acts: list[str]) -> str:
        """Quarter-led actions told as a sequence of sentences."""
        out = []
        for i, a in enumerate(acts):
            cut = 3 if a[1:3] == "季度" else 3 if a.startswith(("上半年", "下半年")) else 0
            when, rest = a[:cut], a[cut:].lstrip(COMMA)
            if i == 0:
                out.append(f"{when}{self.we}先{rest}")
            elif i == len(acts) - 1:
                out.append(f"到了{when}{COMMA}{rest}")
            else:
                out.append(f"{when}{COMMA}{rest}")
        return "。".join(out) + "。"

    def problem_metrics(self, prob: str) -> list[str]:
        """Metrics outside the covered set whose name shares a word with a problem."""
        return [m for m in self.n.metrics if m not in TOLD_ELSEWHERE
                and overlap(self.label(m), prob) > 0]

    def other_metrics(self) -> str:
        reserved = {m for p in self.n.review.problems for m in self.problem_metrics(p)}
        rest = [m for m in self.n.metrics if m not in TOLD_ELSEWHERE and self.can(m)
                and m not in reserved and not (self.personal and self.f.has(f"{m}.gap"))]
        lines = [self.metric_sentence(m).rstrip("。") for m in rest]
        lines = [line for line in lines if line]
        if not lines:
            return ""
        return "另外几项基础数据" + COLON + SEMICOLON.join(lines) + "。"

    def metric_sentence(self, mid: str) -> str:
        if not self.can(mid):
            return ""
        s = f"{self.label(mid)}为{self.x(mid)}"
        diff = self.f.get(f"{mid}.diff")
        fid = f"{mid}.diff" if diff is not None and diff.unit == "个百分点" else f"{mid}.yoy"
        if self.can(fid):
            s += f"{COMMA}较去年{self.xp(fid)}"
        note = self.note(mid)
        if note and not self.is_told(note):
            s += f"{COMMA}{self.tell(note)}"
        return s + "。"

    # 第二章 ----------------------------------------------------------------------------

    def team(self) -> str:
        n = self.n
        t = n.team
        blocks = []
        first = []
        if t.size is not None and self.can("team.size"):
            first.append(f"{n.report.team or '团队'}现有{self.x('team.size')}。")
        if len(t.initiatives) == 1:
            first.append(f"这一年带队伍的重点是{self.tell(t.initiatives[0])}。")
        elif t.initiatives:
            first.append("这一年带队伍主要做了几件事" + COLON + COMMA.join(
                f"{CN_ORDER[k] if k < len(CN_ORDER) else '再'}是{self.tell(i)}"
                for k, i in enumerate(t.initiatives)) + "。")
        if t.notes:
            first.append(self.tell(t.notes) + "。")
        for sent in sentences_of(n.review.notes):
            if not self.is_told(sent) and any(w in sent for w in TEAM_WORDS):
                first.append(f"另外{COMMA}{self.tell(sent)}。")
        weak = next((p for p in n.review.problems if any(w in p for w in TEAM_WORDS)), None)
        if first and weak:
            first.append(f"队伍也有短板{COMMA}{clauses(weak)[0]}{COMMA}这一条放到第三章细说。")
            fix = next((s for s in n.plan.strategies if any(w in s for w in TEAM_WORDS)), None)
            if fix:
                first.append(f"{self.next}要在现有做法的基础上{self.plan_words(fix)}。")
        if first:
            blocks.append("".join(first))
        if n.growth.skills:
            skills = [clause(s) for s in n.growth.skills]
            s = f"先说能力。这一年{self.we}进步最明显的是{skills[0]}"
            if len(skills) > 1:
                s += f"{COMMA}{list_phrase(skills[1:])}也比年初更有把握"
            s += "。"
            roles = {p.role for p in n.projects if p.role}
            managing = next((k for k in skills if "项目" in k), None)
            if self.personal and managing and len(roles) == 1 and self.f.has("count.projects"):
                s += (f"{cn_count(self.value('count.projects'))}个项目我都是{roles.pop()}{COMMA}"
                      f"{managing}正是在这里练出来的。")
            blocks.append(s)
        lessons = [(p.name, x) for p in n.projects for x in p.lessons] if self.personal else []
        lessons += [("", x) for x in n.review.lessons]
        lessons = [(name, x) for name, x in lessons if not self.is_told(x)]
        if lessons:
            blocks.append(self.lessons_text(lessons))
        return "\n\n".join(blocks)

    def lessons_text(self, lessons: list[tuple[str, str]]) -> str:
        by_project: dict[str, list[str]] = {}
        for name, x in lessons:
            self.told.add(clean(x))
            by_project.setdefault(name, []).append(lesson(x))
        parts = []
        for k, (name, xs) in enumerate(by_project.items()):
            body = xs[0] + "".join(f"{COMMA}也明白了{x}" for x in xs[1:])
            if name:
                lead = f"在{name_ref(name)}这件事上"
                parts.append(f"{lead}{COMMA}{self.we}{'学到' if k == 0 else '又学到'}的是{body}")
            else:
                parts.append(f"{self.we}总结下来的做法是{body}")
        lead = "再说方法。" if self.personal and self.n.growth.skills else ""
        return lead + "。".join(parts) + "。"

    # 第三章 ----------------------------------------------------------------------------

    def challenges(self) -> str:
        blocks = []
        for j in self.of_kind("tension"):
            if "challenges" in j.sections:
                blocks.append(self.tension_paragraph(j))
        pairs = self.plan.problem_plan
        review = [p for p in pairs if p.problem.origin.startswith("review.")]
        blocks += [self.problem_paragraph(k, p) for k, p in enumerate(review)]
        if self.personal:
            blocks += self.personal_challenges(
                [p for p in pairs if not p.problem.origin.startswith("review.")])
        return "\n\n".join(b for b in blocks if b)

    def tension_paragraph(self, j: Judgement) -> str:
        c = next((c for c in self.n.campaigns if c.name == j.subject), None)
        if c is None or not j.causes:
            return ""
        clash = j.causes[0].text
        self.told.add(clean(clash))
        stock_mid = next((m for m in self.n.metrics if clean(self.note(m)) == clean(clash)), "")
        what = clause(clash)
        for lead in (f"{c.name}期间", f"{c.name}时", c.name):
            if what.startswith(lead) and len(what) > len(lead) + 2:
                what = what[len(lead):].lstrip(COMMA)
                break
        s = f"最该反思的是{c.name}{COLON}需求是有的{COMMA}可{what}"
        if stock_mid and self.can(stock_mid):
            s += f"{COMMA}全年{self.label(stock_mid)}{self.x(stock_mid)}"
        s += "。"
        s += (f"卖得动的货没有备够{COMMA}说明前端的打法已经跑到了备货前面{COMMA}"
              f"这不是运气问题{COMMA}是计划问题。")
        return s

    def problem_paragraph(self, k: int, pp: ProblemPlan) -> str:
        prob = pp.problem.text
        order = ("第一", "第二", "第三", "第四", "第五")
        text = f"{order[min(k, 4)]}个问题是{clause(prob)}。"
        self.told.add(clean(prob))
        evidence = []
        for fid in pp.evidence:
            if self.can(fid) and not (fid.endswith("gmv_of_total") and self.value(fid) >= 99):
                evidence.append(self.evidence_words(fid))
        for mid in self.problem_metrics(prob):
            if self.can(mid):
                evidence.append(self.metric_sentence(mid).rstrip("。"))
        named = [f"{m}.yoy" for m in self.metric_of(prob) if f"{m}.yoy" in self.stated
                 or f"{m}.diff" in self.stated]
        mentions = [self.referback(fid) for fid in [*pp.evidence, *named] if fid in self.stated
                    or fid in named]
        for qn, q in enumerate(("一季度", "二季度", "三季度", "四季度"), 1):
            if q in prob and f"gmv.q{qn}_qoq" in self.stated and self.value(f"gmv.q{qn}_qoq") < 0:
                mentions.append(f"第{CN_ORDER[qn - 1]}季度的回落")
        mentions = [m for m in dict.fromkeys(mentions) if m]
        if evidence:
            text += "数字上看得很清楚" + COLON + COMMA.join(evidence) + "。"
        if mentions:
            m = list_phrase(mentions)
            text += (f"前面讲到的{m}{COMMA}说的都是这件事。",
                     f"{m}就是它在数字上的样子。",
                     f"第一章里{m}{COMMA}根子也在这里。")[k % 3]
        causes = self.problem_causes(prob)
        if causes:
            text += f"往深处看{COMMA}{COMMA.join(causes)}。"
        for c in self.n.campaigns:
            echo = next((r for r in c.reflection if overlap(r, prob) >= 2), None)
            if echo:
                text += f"{c.name}复盘时说的“{clause(echo)}”{COMMA}也是同一个问题。"
        text += self.meaning(prob)
        plans = [q.text for q in pp.plans] or self.plan_by_words(prob)
        fresh = [q for q in plans if clean(q) not in self.cited]
        if fresh:
            self.cited.add(clean(fresh[0]))
            x = self.plan_words(fresh[0])
            text += (f"对策是{x}{COMMA}下一章再细说。",
                     f"{self.next}的计划里{COMMA}{x}就是冲着它去的。",
                     f"明年准备靠{x}来解决。")[k % 3]
        elif plans:
            text += f"这一条同样要靠{self.plan_words(plans[0])}来解决。"
        else:
            text += (f"可是{self.next}的计划里还没有哪一项专门解决{clauses(prob)[0]}{COMMA}"
                     f"这是眼下计划的一个缺口{COMMA}需要补上。")
        return text

    def meaning(self, prob: str, ref: str = "") -> str:
        """What an unsolved problem costs next year, by its topic (the problem's own words).

        ``ref`` names the problem when it was just listed (``后一条``), so it is not repeated.
        """
        from assistant.analysis.problems import topics_of

        parts = clauses(prob)
        pf = parts[0]
        topics = topics_of(prob)
        if "acquisition" in topics:
            pf = parts[-1]
            return (f"流量的价钱不由{self.we}定{COMMA}{pf}一天不改{COMMA}"
                    f"利润率就一天被流量价格牵着走。")
        if "attribution" in topics:
            grown = next((m for m in ("visitors", "gmv", "new_users")
                          if self.fav(f"{m}.yoy") is True), None)
            extra = (f"{self.label(grown)}多出来的那部分里各渠道各占多少也说不清{COMMA}"
                     if grown else "")
            return (f"{ref or pf}{COMMA}新渠道到底带来了多少成交就说不准{COMMA}{extra}"
                    f"下一轮预算往哪里加也就少了依据。")
        if "retention" in topics:
            pf = ref or parts[-1]
            return (f"老客是{self.year}年进步最扎实的地方{COMMA}可{pf}{COMMA}"
                    f"复购再往上走就缺了抓手。")
        if "content" in topics:
            return f"{pf}{COMMA}爆款就只能靠碰{COMMA}备货也很难提前做准。"
        if "stock" in topics:
            return f"{pf}会直接变成丢掉的订单。"
        if any(w in prob for w in TEAM_WORDS):
            return (f"{pf}{COMMA}说明直播间的流量还系在个人身上{COMMA}梯队不搭起来{COMMA}"
                    f"每一次人员变动都会伤到成交。" if "主播" in prob else
                    f"{pf}{COMMA}人一变动{COMMA}业务就跟着晃。")
        if "客单价" in prob:
            return (f"客单价往下走{COMMA}同样的成交就得靠更多订单、更多流量去堆{COMMA}"
                    f"投放的压力只会更大。")
        return ""

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

    def evidence_words(self, fid: str) -> str:
        if fid == "dau.of_mau":
            return f"日活只有月活的{self.x(fid)}"
        if fid == "channels.gmv_of_total":
            return f"付费渠道带来的成交占全店GMV的{self.x(fid)}"
        fact = self.f.get(fid)
        if fact is None:
            return ""
        return f"{short_label(fact.label)}{self.xp(fid)}"

    def referback(self, fid: str) -> str:
        mid = fid.split(".")[0]
        words = {"cac": "获客成本上涨", "repurchase_rate": "复购率的变化", "roi": "投入产出比的缺口",
                 "stockout_rate": "缺货", "conversion_rate": "转化率的缺口",
                 "net_profit": "净利率下滑", "margin": "费用占比上升",
                 "ad_spend": "投放费用的涨幅", "aov": "客单价的下滑",
                 "channels": "付费渠道的占比"}
        return words.get(mid, "")

    def problem_causes(self, prob: str) -> list[str]:
        from assistant.analysis.problems import topics_of

        topics = topics_of(prob)
        out = []
        notes = [m.note or "" for m in self.n.metrics.values()] + [c.note or "" for c in self.n.channels]
        owners = [""] * len(self.n.metrics) + [c.name for c in self.n.channels]
        for note, owner in zip(notes, owners, strict=True):
            _, bad = split_note(note)
            for b in bad:
                if topics & topics_of(b) and b not in self.told:
                    out.append(f"{owner}{'的' if owner and not b.startswith(('缺', '没')) else ''}{b}")
                    self.told.add(b)
        return out

    def personal_challenges(self, pairs: list[ProblemPlan]) -> list[str]:
        blocks = []
        by_origin: dict[str, list[ProblemPlan]] = {}
        for p in pairs:
            by_origin.setdefault(p.problem.origin.split(".")[0], []).append(p)
        for origin, items in by_origin.items():
            texts = [p.problem.text for p in items]
            for t in texts:
                self.told.add(clean(t))
            open_items = [p.problem.text for p in items
                          if not p.answered and not self.plan_by_words(p.problem.text)]
            if origin.startswith("projects["):
                k = int(origin[len("projects["):].split("]")[0]) - 1
                name = self.n.projects[k].name
                s = f"{name_ref(name)}还留着短板{COLON}{COMMA.join(clause(t) for t in texts)}。"
                own = next(((t, x) for t in texts for x in self.n.projects[k].lessons
                            if overlap(t, x) >= 1), None)
                refs = (("前一条不解决", "后一条不解决") if len(texts) == 2 else
                        tuple(f"{clauses(t)[0]}不解决" for t in texts))
                if len(texts) == 1:
                    refs = ("这一处不补",)
                s += next((m for m in (self.meaning(t, r) for t, r in zip(texts, refs, strict=True))
                           if m), "")
                if own:
                    s += (f"道理我在复盘里写过{COLON}{lesson(own[1])}{COMMA}"
                          f"落到实处却是{clauses(own[0])[0]}{COMMA}这一处最该先补。")
            else:
                s = (f"再说我自己{COMMA}{list_phrase([clause(t) for t in texts])}"
                     f"是目前最明显的不足。")
                lessons = [x for p in self.n.projects for x in p.lessons]
                from assistant.analysis.problems import topics_of

                clash = next(((t, x) for t in texts for x in lessons
                              if topics_of(t) & topics_of(x)), None)
                if clash:
                    s += (f"这里有个矛盾{COLON}我自己总结出{lesson(clash[1])}{COMMA}"
                          f"可{clause(clash[0])}偏偏是我的弱项。")
            answers = [q.text for p in items for q in p.plans] + [
                x for p in items for x in self.plan_by_words(p.problem.text)]
            if answers and not open_items and origin.startswith("projects["):
                s += (f"{self.next}{self.plan_words(answers[0]).removeprefix('在')}的时候"
                      f"{COMMA}我会把这些一并补上。")
            elif answers and not open_items:
                s += (f"好在{'这些短板都' if len(items) > 1 else '这块短板'}已经对应到了"
                      f"{self.next}的计划里{COMMA}下一章{'逐条' if len(items) > 1 else ''}交代。")
            if open_items and len(open_items) == len(items):
                s += (f"{'这几处' if len(items) > 1 else '这一处'}在{self.next}的计划里"
                      f"还没有对应的安排。")
            elif open_items:
                s += (f"其中{list_phrase([clauses(t)[0] for t in open_items])}在"
                      f"{self.next}的计划里还没有着落{COMMA}要补进去。")
            blocks.append(s)
        return blocks

    # 第四章 ----------------------------------------------------------------------------

    def outlook(self) -> str:
        n = self.n
        blocks = []
        targets = []
        for mid in n.plan.targets:
            fid = f"plan.{mid}"
            if not self.can(fid):
                continue
            s = f"{self.label(mid)}{self.x(fid)}"
            for extra in (f"{fid}.points", f"{fid}.growth"):
                if self.can(extra):
                    s += f"{COMMA}比{self.year}年{self.xp(extra)}"
                    break
            m = n.metrics.get(mid)
            fell = self.fav(f"{mid}.yoy") is False or self.fav(f"{mid}.diff") is False
            if m is not None and m.last_year is not None and fell and (
                    n.plan.targets[mid].value < m.last_year):
                s += f"{COMMA}也还没回到去年的水平"
            targets.append(s)
        if targets:
            lead = f"{self.next}{COMMA}{self.we}把目标定在" + SEMICOLON.join(targets) + "。"
            j = self.judgement("growth-quality")
            pace = ""
            if "gmv" in n.plan.targets and self.f.has("plan.gmv.growth", "gmv.yoy") and (
                    self.fav("gmv.yoy") is True):
                now, then = self.value("gmv.yoy"), self.value("plan.gmv.growth")
                pace = ("和今年相近的增速" if abs(then - now) < 0.2 * abs(now) else
                        "比今年低一些的增速" if then < now else "比今年更快的增速")
            cost = self.judgement("cost-value")
            if j is not None and j.gist == "增收不增利" and "gmv" in n.plan.targets:
                lead += ((f"GMV要再做出{pace}{COMMA}" if pace else "")
                         + f"但比规模更要紧的是利润率别再往下掉{COMMA}"
                         f"所以下面每一项打法都要先算投入产出{COMMA}"
                         f"能用免费流量和老客做到的{COMMA}就不再靠加价买量。")
            elif pace and cost is not None and cost.tone == "bad":
                lead += (f"GMV目标对应的是{pace}{COMMA}但前提变了{COMMA}{cost.gist}的局面不能再延续{COMMA}"
                         f"增量要更多来自不花钱买的流量。")
            blocks.append(lead)
        answered: dict[str, list[str]] = {}
        for pp in self.plan.problem_plan:
            for plan_text in [q.text for q in pp.plans] or self.plan_by_words(pp.problem.text):
                answered.setdefault(clean(plan_text), []).append(pp.problem.text)
        lines: list[str] = []
        named: set[str] = set()
        tension = next((j for j in self.of_kind("tension")), None)
        from assistant.analysis.problems import topics_of

        for k, s in enumerate(n.plan.strategies):
            probs_all = answered.get(clean(s), [])
            probs = [p for p in probs_all if p not in named]
            if probs_all and not probs:
                lines.append(f"{clause(s)}{COMMA}则专门冲着{clauses(probs_all[-1])[-1]}去")
            elif probs:
                named.update(probs)
                target = list_phrase([clauses(p)[0] for p in probs[:2]])
                skill = all(p.startswith("growth.") for p in self.problem_origins(probs))
                lead = ("为了补上" if skill else "为了解决") if not lines else "针对"
                lines.append(f"{lead}{target}{'这块短板' if skill else ''}{COMMA}"
                             f"{self.we}要{self.do(s)}")
            elif tension is not None and "stock" in topics_of(s) and "stock" in topics_of(
                    tension.claim + tension.gist):
                lines.append(f"{tension.subject}的断货不能再重演{COMMA}所以{self.we}要{self.do(s)}")
            else:
                lines.append(f"此外{self.we}还要{self.do(s)}" if k else
                             f"{self.we}要{self.do(s)}")
        if lines:
            blocks.append(("具体打法上" if not self.personal else "工作上") + COMMA
                          + "。".join(lines) + "。")
        _, missed = self.target_split()
        unplanned = [m for m in missed if m not in n.plan.targets and m != "gmv"]
        reminder = ""
        if unplanned:
            names = list_phrase([self.label(m) for m in unplanned])
            reminder = (f"有一处要提醒{COLON}{names}今年没有完成{COMMA}"
                          f"{self.next}的目标里却没有给{'它' if len(unplanned) == 1 else '它们'}"
                          f"单列数字{COMMA}建议补上{COMMA}免得{'它' if len(unplanned) == 1 else '它们'}"
                          f"再被别的目标盖过去。")
        after = [reminder, self.unwatched()]  # said last, after the plan itself
        if n.plan.personal_goals:
            parts = []
            for g in n.plan.personal_goals:
                probs = answered.get(clean(g), []) or [
                    pp.problem.text for pp in self.plan.problem_plan
                    if g in self.plan_by_words(pp.problem.text)]
                if probs:
                    parts.append(f"为了补上{clauses(probs[0])[0]}的短板{COMMA}我打算{clause(g)}")
                else:
                    parts.append(f"我还会{clause(g)}" if parts else f"我打算{clause(g)}")
            blocks.append(f"个人成长方面{COMMA}" + "。".join(parts) + "。")
        holes = [pp.problem.text for pp in self.plan.problem_plan
                 if not pp.answered and not self.plan_by_words(pp.problem.text)
                 and not self.is_told(pp.problem.text)]
        if holes:
            blocks.append(f"还要坦白一点{COLON}{list_phrase([clauses(h)[0] for h in holes])}"
                          f"{'这一条' if len(holes) == 1 else '这几条'}在眼下的计划里还没有对策{COMMA}"
                          f"是这份计划最需要补的地方。")
        blocks += [a for a in after if a]
        return "\n\n".join(blocks)

    def unwatched(self) -> str:
        """Metrics that went the wrong way and that no target, problem or plan item names."""
        n = self.n
        words = " ".join(n.plan.strategies + n.plan.personal_goals + n.review.problems)
        out = []
        for mid in n.metrics:
            fell = self.fav(f"{mid}.yoy") is False or self.fav(f"{mid}.diff") is False
            names = (self.label(mid), *ALIASES.get(mid, ()))
            named = any(w in words for w in names) or overlap(self.label(mid), words) >= 2
            if fell and mid not in n.plan.targets and not named:
                out.append(self.label(mid))
        if not out:
            return ""
        return (f"还有{list_phrase(out)}比去年差了{COMMA}计划里却没有提到"
                f"{COMMA}至少要有人盯着{COMMA}别让{'它' if len(out) == 1 else '它们'}继续往下走。")

    def problem_origins(self, texts: list[str]) -> list[str]:
        origin = {clean(pp.problem.text): pp.problem.origin for pp in self.plan.problem_plan}
        return [origin.get(clean(t), "") for t in texts]

    # 结语 ------------------------------------------------------------------------------

    def closing(self) -> str:
        n = self.n
        if self.personal:
            weak = clause(n.growth.shortfalls[0]) if n.growth.shortfalls else ""
            beaten, missed = self.target_split()
            if n.projects:
                text = (f"这一年{COMMA}{list_phrase([name_ref(p.name) for p in n.projects])}"
                        f"都落到了能看见的结果上{COMMA}也让我看清了自己还差在哪里。")
            elif missed:
                text = (f"这一年{list_phrase([self.label(m) for m in missed])}没有做到目标{COMMA}"
                        f"差在哪里已经清楚。")
            elif beaten:
                text = f"这一年{list_phrase([self.label(m) for m in beaten])}都做到了目标。"
            else:
                text = ""
            if weak:
                text += f"明年最想补的一课是{weak}{COMMA}希望部门继续给我压担子。"
            return text
        who = n.report.organization or n.report.team or "店铺"
        j = self.judgement("growth-quality")
        first = clauses(n.plan.strategies[0])[0] if n.plan.strategies else ""
        if j is not None and j.gist == "增收不增利":
            text = f"{self.year}年{COMMA}{who}证明了生意还能做大{COMMA}也看清了增长背后的代价。"
            if first:
                text += (f"明年{self.we}要做的{COMMA}是靠{first}让推广费换回利润{COMMA}"
                         f"而不只是换回成交。")
            return text
        beaten, missed = self.target_split()
        labels = lambda ms: list_phrase([self.label(m) for m in ms])  # noqa: E731
        text = f"{self.year}年{COMMA}{who}"
        if j is not None and j.gist == "量利齐升" and missed:
            text += f"的规模和利润都上去了{COMMA}{labels(missed)}却没有做到目标。"
        elif beaten and missed:
            text += f"的{labels(beaten)}做到了{COMMA}{labels(missed)}还差一截。"
        elif missed:
            text += f"的{labels(missed)}没有做到{COMMA}这是绕不过去的账。"
        elif self.fav("gmv.yoy") is True:
            text += "的规模又往前走了一步。"
        elif self.fav("gmv.yoy") is False:
            text += "的规模退了一步。"
        elif n.projects or n.campaigns:
            done = list_phrase([p.name for p in n.projects] or [c.name for c in n.campaigns])
            text += f"把{done}做成了。"
        else:
            text += f"有做成的事{COMMA}也有没做好的事。"
        problems = self.n.review.problems
        if problems:
            text += f"明年最先要解决的{COMMA}是{clauses(problems[0])[0]}。"
        return text


