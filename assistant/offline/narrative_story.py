"""The narrative review composed from facts and notes, one chapter after another.

``Narrative.write()`` returns every chapter's body. A figure is written in full the
first time the argument needs it (``x``/``xp`` record it); a later chapter that
comes back to it names it in words. Comparisons between facts (which channel's ROI
is higher, whether profit grew slower than GMV) only choose the wording; every
number shown is a fact's text or phrase, or part of a quoted notes item.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.offline.common import Facts
from assistant.offline.narrative_text import (
    SLOWDOWN_WORDS,
    best_match,
    clause,
    clauses,
    clean,
    is_bad,
    is_personal,
    list_phrase,
    overlap,
    para,
    sentences_of,
    short_label,
    split_note,
)
from assistant.typography import COLON, COMMA, IDEOGRAPHIC_COMMA, LQUOTE, RQUOTE

CN_ORDER = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
# Metric ids told in the chapters that cover them; the rest go to "other metrics".
GROWTH_METRICS = ("gmv", "gross_profit", "gross_margin", "net_profit", "net_margin")
TRAFFIC_METRICS = ("ad_spend", "roi", "cac", "new_users", "conversion_rate", "visitors")
USER_METRICS = ("repurchase_rate", "aov", "mau", "dau")
SUPPLY_METRICS = ("inventory_turnover_days", "stockout_rate", "slow_stock_ratio", "new_products",
                  "new_product_sell_through")
SERVICE_METRICS = ("first_response_seconds", "satisfaction", "ship_hours", "delivery_days",
                   "dsr_description", "dsr_service", "dsr_logistics")
# Words by which a metric is named in notes text (a project goal, a problem).
ALIASES: dict[str, tuple[str, ...]] = {
    "gmv": ("GMV", "成交额", "销售额"), "roi": ("ROI", "投入产出"), "cac": ("获客成本", "CAC"),
    "repurchase_rate": ("复购",), "visitors": ("访客",), "conversion_rate": ("转化率",),
    "new_users": ("新增用户", "新客"), "aov": ("客单价",), "net_profit": ("净利润", "净利率"),
    "gross_margin": ("毛利率",), "stockout_rate": ("缺货", "断货"),
    "inventory_turnover_days": ("周转", "库存"), "dau": ("粘性", "活跃"),
}


@dataclass
class Battle:
    title: str
    write: Callable[[], str]


class Narrative:
    def __init__(self, f: Facts) -> None:
        self.f = f
        self.n = f.notes
        self.personal = is_personal(self.n)
        self.we = "我" if self.personal else "我们"
        self.year = self.n.report.year
        self.stated: set[str] = set()
        self.told: set[str] = set()  # notes items already written into the text
        self.battles = self._battles()

    # -- numbers ----------------------------------------------------------------------

    def fresh(self, *fids: str) -> bool:
        """All facts exist and none was stated yet."""
        return all(self.f.has(i) and i not in self.stated for i in fids)

    def x(self, fid: str) -> str:
        self.stated.add(fid)
        return self.f.t(fid)

    def xp(self, fid: str) -> str:
        self.stated.add(fid)
        return self.f.p(fid)

    def value(self, fid: str) -> float | None:
        fact = self.f.get(fid)
        return fact.value if fact is not None else None

    def label(self, mid: str) -> str:
        return short_label(self.f.label(mid))

    def has_metric(self, mid: str) -> bool:
        return mid in self.n.metrics

    def tell(self, text: str) -> str:
        """Record a notes item as written; returns it as a clause."""
        self.told.add(clean(text))
        return clause(text)

    def untold(self, items: list[str]) -> list[str]:
        return [i for i in items if clean(i) and clean(i) not in self.told]

    # -- reading the year -------------------------------------------------------------

    def growth_up(self) -> bool:
        return self.f.favorable("gmv.yoy") is True

    def margin_squeezed(self) -> bool:
        """Revenue grew while net profit grew slower (or the net margin fell)."""
        if not self.growth_up():
            return False
        diff = self.value("net_profit.of_gmv.diff")
        if diff is not None:
            return diff < 0
        np_yoy, gmv_yoy = self.value("net_profit.yoy"), self.value("gmv.yoy")
        return np_yoy is not None and gmv_yoy is not None and np_yoy < gmv_yoy

    def targets(self) -> tuple[list[str], list[str]]:
        """Metric ids whose target was beaten, and those missed (largest shortfall first)."""
        beaten, missed = [], []
        for mid in self.n.metrics:
            fav = self.f.favorable(f"{mid}.gap")
            if fav is True:
                beaten.append(mid)
            elif fav is False:
                missed.append(mid)
        missed.sort(key=lambda m: self.value(f"{m}.completion") or 100.0)
        return beaten, missed

    def metric_of(self, text: str) -> list[str]:
        found = []
        for mid in self.n.metrics:
            words = (self.label(mid), *ALIASES.get(mid, ()))
            if any(w and w in text for w in words):
                found.append(mid)
        return found

    # -- the chapters -----------------------------------------------------------------

    def write(self) -> dict[str, str]:
        out = {"preface": self.preface(), "strategy": self.strategy(), "team": self.team(),
               "challenges": self.challenges(), "outlook": self.outlook()}
        out["closing"] = self.closing()
        return out

    # 前言 ------------------------------------------------------------------------------

    def preface(self) -> str:
        return "\n\n".join(p for p in (self.thesis(), self.roadmap()) if p)

    def thesis(self) -> str:
        if self.personal:
            return self.personal_thesis()
        n = self.n
        who = n.report.organization or n.report.team or "店铺"
        if self.has_metric("gmv") and self.f.has("gmv.yoy"):
            if self.margin_squeezed():
                return self.squeeze_thesis(who)
            return self.growth_thesis(who)
        return self.target_thesis(f"{self.year}年{COMMA}{who}")

    def squeeze_thesis(self, who: str) -> str:
        f = self.f
        first = f"{self.year}年{COMMA}{who}的生意做大了{COMMA}赚钱的效率却在往下走。"
        parts = [f"全年GMV同比{self.xp('gmv.yoy')}"]
        if f.has("net_profit.yoy"):
            parts.append(f"净利润只{self.xp('net_profit.yoy')}")
        if f.has("net_profit.of_gmv.last_year", "net_profit.of_gmv"):
            parts.append(f"净利率由{self.x('net_profit.of_gmv.last_year')}降到"
                         f"{self.x('net_profit.of_gmv')}")
        evidence = COMMA.join(parts) + "。"
        cost = ""
        if self.has_metric("cac") and self.f.favorable("cac.yoy") is False:
            cost = (f"同一时期{COMMA}每拉来一个新客的获客成本从{self.x('cac.last_year')}涨到"
                    f"{self.x('cac')}{COMMA}{self.xp('cac.yoy')}。")
        cause = ""
        note = self.n.metrics["net_profit"].note if self.has_metric("net_profit") else None
        if note:
            cause = f"利润被谁吃掉了{COMMA}{self.we}在复盘里写得很直白{COLON}{self.tell(note)}。"
        stance = (f"所以这份总结不讲“全面丰收”{COMMA}而是想把一件事讲清楚{COLON}"
                  f"{self.year + 1}年的增长{COMMA}不能再用同样的代价去换。")
        return first + evidence + cost + cause + stance

    def growth_thesis(self, who: str) -> str:
        f = self.f
        up = self.growth_up()
        verb = "继续往上走" if up else "没有守住"
        first = f"{self.year}年{COMMA}{who}的规模{verb}。"
        parts = [f"全年GMV {self.x('gmv')}{COMMA}同比{self.xp('gmv.yoy')}"]
        if f.has("gross_margin.diff"):
            parts.append(f"毛利率{self.xp('gross_margin.diff')}")
        if f.has("net_profit.yoy"):
            parts.append(f"净利润{self.xp('net_profit.yoy')}")
        beaten, missed = self.targets()
        tail = ""
        if missed:
            tail = (f"但年初定下的目标里{COMMA}{self.target_list(missed)}没有完成{COMMA}"
                    "这是下文要交代清楚的地方。")
        return first + COMMA.join(parts) + "。" + tail

    def target_thesis(self, opener: str) -> str:
        beaten, missed = self.targets()
        if not beaten and not missed:
            lines = [self.metric_sentence(mid) for mid in list(self.n.metrics)[:3]]
            return para(f"{opener}{COMMA}几项主要指标是这样的", *lines) if lines else ""
        good = IDEOGRAPHIC_COMMA.join(
            f"{self.label(m)}做到{self.x(m)}{COMMA}{self.xp(m + '.gap')}" for m in beaten)
        bad = IDEOGRAPHIC_COMMA.join(
            f"{self.label(m)}{self.x(m)}{COMMA}{self.xp(m + '.gap')}" for m in missed)
        text = f"{opener}{COMMA}年初定下的指标有完成的也有没完成的。"
        if good:
            text += f"完成的是{good}。"
        if bad:
            text += f"没完成的是{bad}"
            cause = self.metric_cause(missed[0])
            text += (f"{COMMA}主要原因是{cause}。" if cause else "。")
        return text

    def personal_thesis(self) -> str:
        n = self.n
        projects = [p.name for p in n.projects]
        duties = list_phrase(n.report.duties)
        lead = f"{self.year}年{COMMA}我在{n.report.team or n.report.organization or '团队'}"
        lead += f"负责{duties}" if duties else "工作"
        if projects:
            lead += f"{COMMA}精力主要放在{list_phrase(projects)}上"
        lead += "。"
        beaten, missed = self.targets()
        body = ""
        if beaten:
            body += "回头对账" + COLON + "；".join(self.target_status(m) for m in beaten)
        if missed:
            m = missed[0]
            body += (f"{COMMA}只有" if beaten else "回头对账" + COLON)
            body += (f"{self.label(m)}是{self.x(m)}{COMMA}目标{self.x(m + '.target')}{COMMA}"
                     f"{self.xp(m + '.gap')}")
            cause = self.metric_cause(m)
            if cause:
                body += f"。原因{self.we}心里有数{COLON}{cause}"
            better = self.project_result_about(m)
            if better:
                body += f"{COMMA}而{self.tell(better)}"
        if body:
            body += "。"
        close = ""
        if projects and (beaten or missed):
            close = (f"这一年的主线{COMMA}就是{list_phrase(projects)}怎样把这些数字一点点做出来"
                     f"{COMMA}以及还欠着哪一块。")
        return lead + body + close

    def target_status(self, mid: str) -> str:
        ly = ""
        if self.f.has(f"{mid}.last_year"):
            ly = f"{COMMA}去年是{self.x(mid + '.last_year')}"
        return (f"{self.label(mid)}做到{self.x(mid)}{ly}{COMMA}年初目标{self.x(mid + '.target')}"
                f"{COMMA}{self.xp(mid + '.gap')}")

    def target_list(self, mids: list[str]) -> str:
        return IDEOGRAPHIC_COMMA.join(self.label(m) for m in mids)

    def metric_cause(self, mid: str) -> str:
        m = self.n.metrics.get(mid)
        if m is None or not m.note:
            return ""
        return self.tell(m.note)

    def project_result_about(self, mid: str) -> str | None:
        words = (self.label(mid), *ALIASES.get(mid, ()))
        for p in self.n.projects:
            for r in p.results:
                if any(w in r for w in words) and clean(r) not in self.told:
                    return r
        return None

    def roadmap(self) -> str:
        names = [b.title for b in self.battles]
        if not names:
            return ""
        problems = self.n.review.problems
        tail = ""
        if problems:
            tail = f"{COMMA}再把{clause(problems[0])}等问题摊开来看"
        elif self.personal and self.n.growth.shortfalls:
            tail = f"{COMMA}再说我自己在{list_phrase(self.n.growth.shortfalls)}上的不足"
        return (f"下面先讲{list_phrase(names)}{tail}{COMMA}最后是{self.year + 1}年的"
                f"{'计划' if self.personal else '目标和打法'}。")

    # 第一章 ----------------------------------------------------------------------------

    def _battles(self) -> list[Battle]:
        n = self.n
        out: list[Battle] = []
        if self.personal:
            for i, p in enumerate(n.projects):
                out.append(Battle(p.name, lambda i=i: self.project_story(i)))
            for i, c in enumerate(n.campaigns):
                out.append(Battle(c.name, lambda i=i: self.campaign_story(i)))
            return out
        if self.has_metric("gmv"):
            out.append(Battle("规模与利润", self.growth_story))
        if n.channels or any(self.has_metric(m) for m in ("cac", "ad_spend", "roi")):
            out.append(Battle("流量与获客", self.traffic_story))
        if any(self.has_metric(m) for m in USER_METRICS) or any(
                c.kind == "private" for c in n.channels):
            out.append(Battle("老客与复购", self.user_story))
        for i, c in enumerate(n.campaigns):
            out.append(Battle(c.name, lambda i=i: self.campaign_story(i)))
        if n.products or any(self.has_metric(m) for m in SUPPLY_METRICS) or any(
                "新品" in h or "上新" in h for h in n.review.highlights):
            out.append(Battle("商品与供应链", self.supply_story))
        for i, p in enumerate(n.projects):
            out.append(Battle(p.name, lambda i=i: self.project_story(i)))
        return out

    def strategy(self) -> str:
        blocks = []
        for b in self.battles:
            text = b.write()
            if text:
                blocks.append(f"**{b.title}**\n\n{text}")
        rest = self.other_metrics()
        if rest:
            blocks.append(rest)
        return "\n\n".join(blocks)

    def growth_story(self) -> str:
        f = self.f
        s1 = []
        if self.fresh("gmv"):
            lead = f"全年GMV做到{self.x('gmv')}"
            if self.fresh("gmv.yoy"):
                lead += f"{COMMA}同比{self.xp('gmv.yoy')}"
            s1.append(lead)
        else:
            s1.append(f"全年GMV做到{self.x('gmv')}" if not self.f.has("gmv.yoy") else
                      f"增长的绝对量是{self.xp('gmv.diff')}" if self.fresh("gmv.diff") else "")
        if f.has("gmv.target"):
            if f.favorable("gmv.gap") is False:
                s1.append(f"离年初{self.x('gmv.target')}的目标{self.xp('gmv.gap').replace('距目标', '')}"
                          f"{COMMA}完成率{self.x('gmv.completion')}")
            else:
                s1.append(f"完成了年初{self.x('gmv.target')}的目标")
        first = COMMA.join(p for p in s1 if p) + "。"
        rhythm = self.quarter_rhythm()
        margin = ""
        if f.has("gross_margin.diff") and f.favorable("gross_margin.diff") is True:
            good, _ = split_note(self.n.metrics["gross_margin"].note)
            margin = (f"毛利这一头是好消息{COLON}毛利率升到{self.x('gross_margin')}{COMMA}"
                      f"较去年{self.xp('gross_margin.diff')}")
            if good:
                margin += f"{COMMA}靠的是{list_phrase(good)}"
                self.told.add(clean(self.n.metrics["gross_margin"].note or ""))
            margin += "。"
        net = ""
        if self.margin_squeezed():
            net = self.cost_band()
        return para(first, rhythm, margin, net)

    def cost_band(self) -> str:
        """Where the gross-margin gain went: the costs between gross and net profit."""
        f = self.f
        parts = []
        if self.fresh("net_profit"):
            parts.append(f"净利润{self.x('net_profit')}")
        if f.has("margin.cost_share.last_year", "margin.cost_share"):
            parts.append(f"毛利和净利之间的各项费用占GMV的比例从{self.x('margin.cost_share.last_year')}"
                         f"升到{self.x('margin.cost_share')}")
        if not parts:
            return ("可惜毛利多出来的空间没有留进净利润" if f.has("gross_margin.diff")
                    else "") + ("。" if f.has("gross_margin.diff") else "")
        return ("可惜毛利多出来的空间没有留进净利润" + COLON + COMMA.join(parts)
                + f"。这笔账是{self.year + 1}年首先要算回来的。")

    def quarter_rhythm(self) -> str:
        f = self.f
        qs = [i for i in range(1, 5) if f.has(f"gmv.q{i}")]
        if len(qs) < 4:
            return ""
        peak = max(qs, key=lambda i: self.value(f"gmv.q{i}") or 0.0)
        name = f"第{CN_ORDER[peak - 1]}季度"
        text = f"节奏上{COMMA}{name}最重{COMMA}成交{self.x(f'gmv.q{peak}')}{COMMA}占全年的{self.x(f'gmv.q{peak}_share')}"
        if f.has(f"gmv.q{peak}_qoq"):
            text += f"{COMMA}环比{self.xp(f'gmv.q{peak}_qoq')}"
        qoqs = [i for i in (2, 3, 4) if f.has(f"gmv.q{i}_qoq") and i != peak]
        flat = min(qoqs, key=lambda i: self.value(f"gmv.q{i}_qoq") or 0.0) if qoqs else None
        if flat is not None:
            text += (f"{COMMA}第{CN_ORDER[flat - 1]}季度环比只{self.xp(f'gmv.q{flat}_qoq')}"
                     f"{COMMA}是全年最平的一段")
        text += "。"
        note = self.n.metrics["gmv"].note
        if note:
            speeding = peak == 4
            kept = [c for c in clauses(note)
                    if not (speeding and any(w in c for w in SLOWDOWN_WORDS))]
            kept = [c.lstrip("但").strip() for c in kept]
            if kept:
                text += f"拉动这几段增长的{COMMA}是{COMMA.join(kept)}。"
                self.told.add(clean(note))
        return text

    def traffic_story(self) -> str:
        f = self.f
        n = self.n
        out = []
        paid = [(i, c) for i, c in enumerate(n.channels, 1) if c.spend is not None]
        if paid and f.has("channels.total_spend"):
            s = f"付费推广全年投入{self.x('channels.total_spend')}"
            if f.has("channels.total_gmv"):
                s += f"{COMMA}带来成交{self.x('channels.total_gmv')}"
            if f.has("channels.gmv_of_total"):
                s += f"{COMMA}相当于全店GMV的{self.x('channels.gmv_of_total')}"
            if f.has("channels.roi"):
                s += f"{COMMA}综合ROI {self.x('channels.roi')}"
            out.append(s + "。")
            ranked = [(i, c) for i, c in paid if f.has(f"channel{i}.roi")]
            ranked.sort(key=lambda ic: -(self.value(f"channel{ic[0]}.roi") or 0.0))
            if len(ranked) >= 2:
                (bi, best), (wi, worst) = ranked[0], ranked[-1]
                s = f"{best.name}的效率最高{COMMA}ROI为{self.x(f'channel{bi}.roi')}"
                if f.has(f"channel{bi}.spend_share", f"channel{bi}.gmv_share"):
                    s += (f"{COMMA}花了{self.x(f'channel{bi}.spend_share')}的预算{COMMA}"
                          f"拿回{self.x(f'channel{bi}.gmv_share')}的付费成交")
                s += f"。{worst.name}的ROI是{self.x(f'channel{wi}.roi')}{COMMA}排在最后"
                if worst.note:
                    good, bad = split_note(worst.note)
                    s += f"{COMMA}不过{self.tell(worst.note)}"
                out.append(s + "。")
                for i, c in ranked[1:-1]:
                    if c.note:
                        out.append(f"{c.name}方面{COMMA}{self.tell(c.note)}。")
                if best.note and clean(best.note) not in self.told:
                    out.append(f"{best.name}方面{COMMA}{self.tell(best.note)}。")
        moves = [s for s in sentences_of(n.review.notes)
                 if any(w in s for w in ("预算", "投放", "广告", "渠道")) and s not in self.told]
        for s in moves:
            self.told.add(s)
            out.append(f"年内{self.we}也动过预算{COLON}{s}。")
        if self.has_metric("cac") and self.fresh("cac"):
            s = f"获客成本是{self.x('cac')}"
            if self.fresh("cac.yoy"):
                s += f"{COMMA}同比{self.xp('cac.yoy')}"
            out.append(s + "。")
        elif self.has_metric("cac") and f.favorable("cac.yoy") is False:
            out.append("代价就是前言里说的获客成本上涨。")
        if self.has_metric("new_users"):
            s = f"全年新增用户{self.x('new_users')}"
            if f.favorable("new_users.gap") is False:
                s += f"{COMMA}目标是{self.x('new_users.target')}{COMMA}{self.xp('new_users.gap')}"
            elif f.has("new_users.gap"):
                s += f"{COMMA}{self.xp('new_users.gap')}"
            s += f"{COMMA}贵了的获客成本并没有换来足量的新客" if (
                f.favorable("new_users.gap") is False and f.favorable("cac.yoy") is False) else ""
            out.append(s + "。")
        if self.has_metric("conversion_rate"):
            s = f"转化率{self.x('conversion_rate')}"
            if f.favorable("conversion_rate.gap") is False:
                s += f"{COMMA}目标是{self.x('conversion_rate.target')}{COMMA}{self.xp('conversion_rate.gap')}"
            out.append(s + "。")
        free = [h for h in n.review.highlights if any(w in h for w in ("自然", "搜索", "免费"))]
        plans = n.plan.strategies
        for h in free:
            s = f"值得一提的是{COMMA}{self.tell(h)}"
            answer = best_match(h, plans, 2)
            if answer:
                s += f"{COMMA}这是{self.year + 1}年把自然流量做大的底子"
            out.append(s + "。")
        return "".join(out)

    def user_story(self) -> str:
        f = self.f
        n = self.n
        out = []
        if self.has_metric("repurchase_rate"):
            s = f"复购率{self.x('repurchase_rate')}"
            if f.has("repurchase_rate.diff"):
                s += f"{COMMA}较去年{self.xp('repurchase_rate.diff')}"
            good, bad = split_note(n.metrics["repurchase_rate"].note)
            if good:
                s += f"{COMMA}{list_phrase(good)}"
            out.append(s + "。")
        if self.has_metric("aov"):
            s = f"客单价{self.x('aov')}"
            if f.has("aov.yoy"):
                s += f"{COMMA}同比{self.xp('aov.yoy')}"
            good, _ = split_note(n.metrics["aov"].note)
            if good:
                s += f"{COMMA}得益于{list_phrase(good)}"
                self.told.add(clean(n.metrics["aov"].note or ""))
            out.append(s + "。")
        for i, c in enumerate(n.channels, 1):
            if c.kind != "private":
                continue
            s = f"私域这条线{COMMA}{c.name}"
            if f.has(f"channel{i}.users"):
                s += f"沉淀了{self.x(f'channel{i}.users')}用户"
            good, _ = split_note(c.note)
            if good:
                s += f"{COMMA}{list_phrase(good)}"
            out.append(s + "。")
        if self.has_metric("mau"):
            s = f"月均活跃用户{self.x('mau')}"
            if self.has_metric("dau"):
                s += f"{COMMA}日均活跃用户{self.x('dau')}"
            out.append(s + "。")
        if out and f.favorable("repurchase_rate.diff") is True:
            out.append(f"老客回来得更勤了{COMMA}这是今年最扎实的一块进步{COMMA}"
                       f"也是{self.we}敢把明年的复购目标再往上提的理由。"
                       if "repurchase_rate" in n.plan.targets else
                       f"老客回来得更勤了{COMMA}这是今年最扎实的一块进步。")
        return "".join(out)

    def campaign_story(self, index: int) -> str:
        c = self.n.campaigns[index]
        out = []
        when = f"{c.period}{COMMA}" if c.period else ""
        if c.actions:
            out.append(f"{when}{self.we}的做法是{COMMA.join(self.tell(a) for a in c.actions)}。")
        numeric = [r for r in c.results if any(ch.isdigit() for ch in r)]
        other = [r for r in c.results if r not in numeric]
        res = [self.tell(r) for r in numeric + other]
        if res:
            out.append(f"结果上{COMMA}{COMMA.join(res)}。")
        # A metric note about the same campaign that pulls the other way.
        for mid, m in self.n.metrics.items():
            if m.note and c.name in m.note and is_bad(m.note) and clean(m.note) not in self.told:
                s = f"但同一个{c.name}也有让人难受的地方{COLON}{self.tell(m.note)}"
                if self.fresh(mid):
                    s += f"{COMMA}全年{self.label(mid)}{self.x(mid)}"
                out.append(s + "。")
                out.append("卖得动的货没备够，这说明前端的打法已经跑在了供应链前面。"
                           if any(w in m.note for w in ("断货", "缺货")) else "")
        if c.reflection:
            out.append(f"复盘下来{COMMA}{COMMA.join(self.tell(r) for r in c.reflection)}。")
        return "".join(o for o in out if o)

    def supply_story(self) -> str:
        f = self.f
        n = self.n
        out = []
        for h in n.review.highlights:
            if ("新品" in h or "上新" in h) and clean(h) not in self.told:
                out.append(f"商品端{COMMA}{self.tell(h)}。")
        segs = [(i, p) for i, p in enumerate(n.products, 1)
                if f.has(f"product{i}.profit_share")]
        if len(segs) >= 2:
            segs.sort(key=lambda ip: -(self.value(f"product{ip[0]}.profit_share") or 0.0))
            (ti, top), (li, low) = segs[0], segs[-1]
            s = f"利润结构很清楚{COLON}{top.segment}"
            if f.has(f"product{ti}.sku_share"):
                s += f"以{self.x(f'product{ti}.sku_share')}的SKU"
            s += f"贡献了{self.x(f'product{ti}.profit_share')}的利润{COMMA}{low.segment}"
            if f.has(f"product{li}.order_share"):
                s += f"拿走{self.x(f'product{li}.order_share')}的订单"
            s += f"{COMMA}利润只占{self.x(f'product{li}.profit_share')}"
            out.append(s + "。")
        if self.has_metric("inventory_turnover_days") and f.has("inventory_turnover_days.diff"):
            out.append(f"库存周转天数从{self.x('inventory_turnover_days.last_year')}到"
                       f"{self.x('inventory_turnover_days')}{COMMA}"
                       f"{self.xp('inventory_turnover_days.diff')}{COMMA}资金压得比去年轻。")
        if self.has_metric("stockout_rate") and self.fresh("stockout_rate"):
            out.append(f"缺货率是{self.x('stockout_rate')}。")
        service = [m for m in SERVICE_METRICS if self.has_metric(m) and self.fresh(m)]
        if service:
            out.append("服务端" + COMMA + COMMA.join(
                f"{self.label(m)}{self.x(m)}" for m in service) + "。")
        for s in sentences_of(n.review.notes):
            if s not in self.told and any(w in s for w in ("支付", "物流", "客服", "系统", "发货")):
                self.told.add(s)
                out.append(f"另有一件事要记下来{COLON}{s}{COMMA}大促前必须排查。")
        return "".join(out)

    def project_story(self, index: int) -> str:
        p = self.n.projects[index]
        out = []
        role = f"这个项目由我{p.role}" if p.role and self.personal else ""
        if p.background:
            out.append(f"{role}{COMMA if role else ''}起因是{self.tell(p.background)}。")
        if p.goal:
            out.append(f"目标定为{self.tell(p.goal)}。")
        acts = [clause(a) for a in p.actions]
        if acts:
            timed = all(a[:3].endswith("季度") or a.startswith(("上半年", "下半年")) for a in acts)
            if timed:
                out.append("".join(a + "。" for a in acts))
            else:
                links = ("先", "再", "接着", "同时")
                out.append(COMMA.join(
                    (links[min(i, 3)] if i < len(acts) - 1 or i == 0 else "最后") + a
                    for i, a in enumerate(acts)) + "。")
            self.told.update(clean(a) for a in p.actions)
        if p.results:
            out.append(f"做下来的结果是{COMMA}{COMMA.join(self.tell(r) for r in p.results)}。")
        judged = self.goal_against_result(p.goal or "")
        if judged:
            out.append(judged)
        if not self.personal and p.lessons:
            out.append(f"这件事留下的经验是{COMMA.join(self.tell(x) for x in p.lessons)}。")
        return "".join(out)

    def goal_against_result(self, goal: str) -> str:
        """A project goal set beside the metric it names: reached or not."""
        for mid in self.metric_of(goal):
            fav = self.f.favorable(f"{mid}.gap")
            if fav is None:
                continue
            label = self.label(mid)
            if fav:
                return f"对照目标{COMMA}{label}{'已经' if mid in self.stated else ''}过线了。"
            cause = self.n.metrics[mid].note
            text = f"对照目标{COMMA}全年的{label}还没有达标"
            if cause and clean(cause) in self.told:
                text += f"{COMMA}拖后腿的正是前面说的试错成本" if "试错" in cause else ""
            return text + "。"
        return ""

    def other_metrics(self) -> str:
        covered = set(GROWTH_METRICS + TRAFFIC_METRICS + USER_METRICS + SUPPLY_METRICS
                      + SERVICE_METRICS)
        rest = [m for m in self.n.metrics if m not in covered and self.fresh(m)]
        lines = [self.metric_sentence(m) for m in rest]
        return "".join(line for line in lines if line)

    def metric_sentence(self, mid: str) -> str:
        if not self.fresh(mid):
            return ""
        s = f"{self.label(mid)}为{self.x(mid)}"
        if self.f.has(f"{mid}.last_year"):
            diff = self.f.get(f"{mid}.diff")
            fid = f"{mid}.diff" if diff is not None and diff.unit == "个百分点" else f"{mid}.yoy"
            if self.f.has(fid):
                s += f"{COMMA}较去年{self.xp(fid)}"
        if self.f.has(f"{mid}.gap"):
            s += f"{COMMA}{self.xp(mid + '.gap')}"
        note = self.n.metrics[mid].note
        if note and clean(note) not in self.told:
            s += f"{COMMA}{self.tell(note)}"
        return s + "。"

    # 第二章 ----------------------------------------------------------------------------

    def team(self) -> str:
        n = self.n
        out = []
        t = n.team
        if t.size is not None:
            out.append(f"{self.n.report.team or '团队'}现有{self.x('team.size')}。")
        if t.initiatives:
            out.append(f"这一年在队伍上做了几件事{COLON}"
                       + COMMA.join(self.tell(i) for i in t.initiatives) + "。")
        if t.notes:
            out.append(self.tell(t.notes) + "。")
        if n.growth.skills:
            skills = [clause(s) for s in n.growth.skills]
            s = f"这一年我长进最大的是{skills[0]}"
            if len(skills) > 1:
                s += f"{COMMA}{list_phrase(skills[1:])}也比年初更有把握了"
            out.append(s + "。")
        lessons = [(p.name, x) for p in n.projects for x in p.lessons] if self.personal else []
        lessons += [("", x) for x in n.review.lessons]
        lessons = [(name, x) for name, x in lessons if clean(x) not in self.told]
        if lessons:
            out.append(self.lessons_text(lessons))
        return "\n\n".join(o for o in (para(*out[:2]) if len(out) > 2 else "", *(
            out[2:] if len(out) > 2 else out)) if o)

    def lessons_text(self, lessons: list[tuple[str, str]]) -> str:
        by_project: dict[str, list[str]] = {}
        for name, x in lessons:
            by_project.setdefault(name, []).append(self.tell(x))
        parts = []
        for name, xs in by_project.items():
            joined = COMMA.join(xs[:-1]) + (f"{COMMA}也明白了" if len(xs) > 1 else "") + xs[-1]
            if name:
                parts.append(f"做{name}{COMMA}让{self.we}认定{joined}")
            else:
                parts.append(f"{self.we}总结下来的做法是{joined}")
        return "方法上的收获比工具更要紧。" + "。".join(parts) + "。" if self.personal else (
            "。".join(parts) + "。")

    # 第三章 ----------------------------------------------------------------------------

    def challenges(self) -> str:
        n = self.n
        blocks = []
        for k, prob in enumerate(n.review.problems):
            blocks.append(self.problem_paragraph(k, prob))
        if self.personal:
            blocks.extend(self.personal_challenges())
        _, missed = self.targets()
        loose = [m for m in missed if m not in self.metric_mentions()]
        if loose:
            blocks.append("目标上还欠着" + COMMA + COMMA.join(
                f"{self.label(m)}{self.xp(m + '.gap')}" if self.fresh(m + ".gap")
                else f"{self.label(m)}没有达标" for m in loose) + "。")
        return "\n\n".join(b for b in blocks if b)

    def metric_mentions(self) -> set[str]:
        return {fid.split(".")[0] for fid in self.stated if fid.endswith(".gap")}

    def problem_paragraph(self, k: int, prob: str) -> str:
        f = self.f
        n = self.n
        text = f"{self.ordinal(k)}{COMMA}{self.tell(prob)}。"
        evidence = []
        for mid in self.metric_of(prob):
            if mid == "dau" and self.fresh("dau.of_mau"):
                evidence.append(f"日活只占月活的{self.x('dau.of_mau')}")
            elif self.fresh(mid):
                evidence.append(self.metric_sentence(mid).rstrip("。"))
            elif f.favorable(f"{mid}.yoy") is False or f.favorable(f"{mid}.diff") is False:
                evidence.append(f"{self.label(mid)}的上涨前面已经讲过")
        if "付费" in prob and self.fresh("channels.gmv_of_total"):
            evidence.append(f"付费渠道带来的成交占全店GMV的{self.x('channels.gmv_of_total')}")
        elif "付费" in prob and f.has("channels.gmv_of_total"):
            evidence.append("全店近一多半的成交还压在付费渠道上" if (
                self.value("channels.gmv_of_total") or 0) > 50 else "")
        causes = []
        for mid, m in n.metrics.items():
            _, bad = split_note(m.note)
            for b in bad:
                if overlap(prob, b) or mid in self.metric_of(prob):
                    causes.append(b)
        for c in n.channels:
            _, bad = split_note(c.note)
            causes += [b for b in bad if overlap(prob, b + c.name)]
        causes = [c for c in dict.fromkeys(causes) if c not in self.told]
        if evidence:
            text += "能说明问题的是" + COMMA.join(e for e in evidence if e) + "。"
        if causes:
            self.told.update(causes)
            text += f"具体表现在{COMMA.join(causes)}。"
        answer = best_match(prob, n.plan.strategies + n.plan.personal_goals, 1)
        if answer:
            text += f"{self.year + 1}年的对策放在下一章{COMMA}对应的是“{self.short(answer)}”这一条。"
        else:
            text += (f"这一条在{self.year + 1}年的计划里还没有对应的安排{COMMA}"
                     f"需要补上{COMMA}否则{clause(prob).split(COMMA)[0]}还会延续。")
        return text

    def short(self, item: str) -> str:
        return clauses(item)[0] if clauses(item) else clause(item)

    def ordinal(self, k: int) -> str:
        return ("首先", "其次", "再次", "还有")[min(k, 3)] if k < 4 else "此外"

    def personal_challenges(self) -> list[str]:
        n = self.n
        blocks = []
        plans = n.plan.strategies + n.plan.personal_goals
        for p in n.projects:
            items = self.untold(p.shortfalls)
            if not items:
                continue
            text = f"{p.name}还留着短板{COLON}{COMMA.join(self.tell(s) for s in items)}。"
            open_items = [s for s in items if best_match(s, plans, 2) is None]
            if open_items and len(open_items) == len(items):
                text += f"这些在{self.year + 1}年的计划里还没有写进去{COMMA}是我要补的课。"
            elif open_items:
                text += (f"其中{list_phrase([self.short(s) for s in open_items])}"
                         f"在明年的计划里还没有着落。")
            blocks.append(text)
        own = self.untold(n.growth.shortfalls)
        if own:
            text = f"再说我自己。{list_phrase(own)}是我目前最明显的不足"
            for s in own:
                self.told.add(clean(s))
            lessons = [x for p in n.projects for x in p.lessons]
            tension = next(((s, x) for s in own for x in lessons if overlap(s, x)), None)
            if tension:
                text += (f"{COMMA}而我自己总结的经验恰恰是{clause(tension[1])}{COMMA}"
                         f"这个矛盾明年必须解决")
            blocks.append(text + "。")
        return blocks

    # 第四章 ----------------------------------------------------------------------------

    def outlook(self) -> str:
        n = self.n
        blocks = []
        targets = []
        for mid in n.plan.targets:
            fid = f"plan.{mid}"
            if not self.f.has(fid):
                continue
            s = f"{self.label(mid)}{self.x(fid)}"
            if self.f.has(f"{fid}.points"):
                s += f"{COMMA}较今年{self.xp(fid + '.points')}"
            elif self.f.has(f"{fid}.growth"):
                s += f"{COMMA}较今年{self.xp(fid + '.growth')}"
            targets.append(s)
        if targets:
            lead = f"{self.year + 1}年的目标是" + "；".join(targets) + "。"
            if self.margin_squeezed() and "gmv" in n.plan.targets:
                lead += "规模目标并不保守，真正的考验是让利润率不再往下走。"
            blocks.append(lead)
        problems = n.review.problems + [s for p in n.projects for s in p.shortfalls] + list(
            n.growth.shortfalls)
        strategies = []
        for k, s in enumerate(n.plan.strategies):
            prob = best_match(s, problems, 1)
            if prob:
                strategies.append(f"针对{self.short(prob)}{COMMA}{self.we}要{clause(s)}")
            else:
                strategies.append(f"{'另外' if k else ''}{self.we}计划{clause(s)}")
        if strategies:
            blocks.append(("打法上" + COMMA if not self.personal else "工作上" + COMMA)
                          + "。".join(strategies) + "。")
        if n.plan.personal_goals:
            goals = [clause(g) for g in n.plan.personal_goals]
            text = f"个人方面{COMMA}我打算{goals[0]}"
            if len(goals) > 1:
                text += f"{COMMA}同时{list_phrase(goals[1:])}"
            weak = best_match(" ".join(goals), n.growth.shortfalls, 1)
            if weak:
                text += f"{COMMA}先把{clause(weak)}这块短板补起来"
            blocks.append(text + "。")
        return "\n\n".join(blocks)

    # 结语 ------------------------------------------------------------------------------

    def closing(self) -> str:
        n = self.n
        if self.personal:
            names = list_phrase([p.name for p in n.projects]) or "手上的工作"
            weak = clause(n.growth.shortfalls[0]) if n.growth.shortfalls else ""
            text = f"这一年{COMMA}{names}让我知道自己能把一件事从想法做成结果。"
            if weak:
                text += f"明年最想补的是{weak}{COMMA}也希望在新的项目里继续得到部门的支持和指点。"
            return text
        who = n.report.organization or n.report.team or "店铺"
        if self.margin_squeezed():
            first = n.plan.strategies[0] if n.plan.strategies else ""
            text = f"{self.year}年{COMMA}{who}证明了生意还能做大{COMMA}也看清了这份增长花了多少代价。"
            if first:
                text += f"明年{COMMA}{self.we}想在{self.short(first)}上交出一份更划算的答卷。"
            return text
        return (f"{self.year}年的{who}有进步{COMMA}也有没完成的事。"
                f"把没完成的补上{COMMA}是{self.we}明年的第一件事。")
