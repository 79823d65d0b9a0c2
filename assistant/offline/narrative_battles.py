"""第一章: the few things the year was made of, each argued from its figures and notes.

For a shop: scale and margin, traffic and acquisition, returning customers, each
campaign, goods; for a person: each project (background, goal, steps, results set
against the goal, what it leads to next year).
"""

from __future__ import annotations

import re
from functools import partial

from assistant.facts.quality import is_paid_channel
from assistant.notes.schema import Channel
from assistant.offline.common import paid_blend_only, paid_gmv_only
from assistant.offline.narrative_base import (
    BUDGET_MOVES,
    CN_ORDER,
    COST_TOKENS,
    FREE_TRAFFIC,
    OPS_INCIDENTS,
    PROMISING,
    SERVICE_METRICS,
    SUPPLY_METRICS,
    TEAM_WORDS,
    TOLD_ELSEWHERE,
    TOPIC_WORDS,
    USER_METRICS,
    Battle,
    NarrativeBase,
)
from assistant.offline.narrative_text import (
    clause,
    clauses,
    clean,
    lesson,
    list_phrase,
    overlap,
    para,
    sentences_of,
    split_note,
)
from assistant.typography import COLON, COMMA, LQUOTE, RQUOTE, SEMICOLON


class StrategyChapter(NarrativeBase):
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
        # review notes no chapter tells (the team chapter keeps its own), said plainly
        moves = [s for s in sentences_of(self.n.review.notes)
                 if not self.is_told(s) and not any(w in s for w in TEAM_WORDS)]
        if moves:
            rest += f"年内的调整还有{COLON}" + COMMA.join(self.tell(s) for s in moves) + "。"
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
        spent = [(i, c) for i, c in enumerate(n.channels, 1) if is_paid_channel(c.kind, c.spend)]
        if len(spent) == 1 and spent[0][1].note:
            out.append(f"{spent[0][1].name}方面{COMMA}{self.tell(spent[0][1].note or '')}。")
        total = next((fid for fid in ("channels.paid_spend", "channels.total_spend")
                      if self.can(fid)), None)
        if len(spent) > 1 and total is not None:
            s = f"付费推广全年投入{self.x(total)}"
            if paid_gmv_only(n.channels) and self.can("channels.total_gmv"):
                s += f"{COMMA}换回成交{self.x('channels.total_gmv')}"
            if paid_blend_only(n.channels) and self.can("channels.roi"):
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
        if paid_gmv_only(self.n.channels) and self.can(
                f"channel{bi}.spend_share", f"channel{bi}.gmv_share") and (
                self.value(f"channel{bi}.gmv_share") > self.value(f"channel{bi}.spend_share")):
            s += (f"{COMMA}用{self.x(f'channel{bi}.spend_share')}的投入拿到"
                  f"{self.x(f'channel{bi}.gmv_share')}的渠道成交")
        s += f"{SEMICOLON}{worst.name}的ROI是{self.x(f'channel{wi}.roi')}{COMMA}垫底"
        if paid_gmv_only(self.n.channels) and self.can(
                f"channel{wi}.spend_share", f"channel{wi}.gmv_share") and (
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
            out.append(f"新客一多{COMMA}复购率就被摊薄{COMMA}老客的贡献在规模之下容易被忽略。"
                       if "新客" in self.note("repurchase_rate") else
                       f"老客这条线在往回走{COMMA}要当成{self.next}的重点来抓。")
        return "".join(out)

    def campaign_story(self, index: int) -> str:
        c = self.n.campaigns[index]
        out = []
        when = f"活动时间是{c.period}{COMMA}" if c.period else ""
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
            doubted = any(p.segment in q for q in n.review.problems for p in (top, low))
            s = f"{'货盘上' if doubted else '货盘的分工很清楚'}{COLON}{top.segment}"
            if self.can(f"product{ti}.sku_share"):
                s += f"占{self.x(f'product{ti}.sku_share')}的SKU{COMMA}"
            s += f"贡献了{self.x(f'product{ti}.profit_share')}的利润{SEMICOLON}{low.segment}"
            if self.can(f"product{li}.order_share"):
                s += f"带来{self.x(f'product{li}.order_share')}的订单{COMMA}"
            elif self.can(f"product{li}.sales_share"):
                s += f"带来{self.x(f'product{li}.sales_share')}的销售额{COMMA}"
            s += f"利润只占{self.x(f'product{li}.profit_share')}"
            said = next((c for q in n.review.problems for c in clauses(q)
                         if top.segment in c or low.segment in c), "")
            if doubted and said:
                out.append(s + f"{COMMA}但{said}{COMMA}这一点放到第三章说。")
            else:
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
        return (f"目标里“{loose[0]}”这一条{COMMA}结果里还没有交代"
                f"实际{'花了多少' if '预算' in loose[0] else '做到了什么程度'}{COMMA}"
                f"定稿前{self.we}会补上。")

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

    def other_metrics(self) -> str:
        reserved = {m for p in self.n.review.problems for m in self.problem_metrics(p)}
        rest = [m for m in self.n.metrics if m not in TOLD_ELSEWHERE and self.can(m)
                and m not in reserved and not (self.personal and self.f.has(f"{m}.gap"))]
        lines = [self.metric_sentence(m).rstrip("。") for m in rest]
        lines = [line for line in lines if line]
        if not lines:
            return ""
        return f"另外{COMMA}" + "。".join(lines) + "。"
