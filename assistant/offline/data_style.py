"""篇一 style, written on the report plan: a data review that argues one thesis.

The first paragraph states the thesis; each section advances it with paragraphs
that go judgement → evidence → the notes' own cause → what it means for next year.
Every number comes from a fact and is stated once (``Pen``); later mentions refer
back in words. Notes items are rewritten into sentences, never pasted as a run of
clauses. The voice is the author's：我们 for a shop or team，我 for a personal report.
"""

from __future__ import annotations

from assistant.analysis import Judgement, ProblemPlan, ReportPlan
from assistant.analysis.problems import topics_of
from assistant.analysis.reading import QUARTER_NAMES, split_sentences
from assistant.drafting import SectionRequest
from assistant.facts.quality import is_paid_channel
from assistant.notes.schema import ProductSegment
from assistant.offline.common import (
    TIME_LEADS,
    Facts,
    Pen,
    as_sentence,
    clean,
    join_cn,
    paid_blend_only,
    paid_gmv_only,
    paragraphs,
    pen_for,
    pick,
    say,
)

SERVICE_METRICS = ("first_response_seconds", "satisfaction", "ship_hours", "delivery_days")
DSR_METRICS = ("dsr_description", "dsr_service", "dsr_logistics")
GOODS_METRICS = ("new_products", "new_product_sell_through", "inventory_turnover_days",
                 "stockout_rate", "slow_stock_ratio")
USER_METRICS = ("visitors", "new_users", "mau", "dau", "repurchase_rate", "aov")
COVERED = {"gmv", "gross_profit", "gross_margin", "net_profit", "net_margin", "cac", "ad_spend",
           "roi", "conversion_rate", *SERVICE_METRICS, *DSR_METRICS, *GOODS_METRICS,
           *USER_METRICS}


NEGATIVE_WORDS = ("没有", "还没", "不足", "缺乏", "同质化", "下滑", "偏低", "不够", "问题", "离职",
                  "太晚", "不稳定", "不完善", "依赖", "断货", "缺货", "投诉")


class DataWriter:
    """Writes every section of one data-style draft, in order, sharing one ``Pen``."""

    def __init__(self, f: Facts) -> None:
        self.f = f
        self.n = f.notes
        self.plan: ReportPlan = f.plan
        self.pen: Pen = pen_for(f)
        self.we = self.plan.voice
        self.org = self.n.report.organization or self.n.report.team or self.we
        self.used_review: set[str] = set()
        self.used_highlights: set[str] = set()
        self.causes = self._assign_causes()
        self.reserved = {c for cs in self.causes.values() for c in cs}

    # -- helpers ---------------------------------------------------------------------

    def label(self, mid: str) -> str:
        return self.f.label(mid).split("(")[0].split("\uff08")[0]

    def note(self, mid: str) -> str:
        m = self.n.metrics.get(mid)
        if m is None or not m.note:
            return ""
        text = clean(m.note)
        warned = {w.id for w in self.plan.warnings}
        if f"note-{mid}" in warned:  # keep the clauses the numbers do not contradict
            keep = [c for c in _clauses(text) if not any(
                w in c for w in ("放缓", "回落", "减速", "走弱", "加速", "提速", "加快"))]
            text = "\uff0c".join(keep)
        return text

    def review_lines(self, *words: str) -> list[str]:
        out = []
        for s in split_sentences(self.n.review.notes or ""):
            if s not in self.used_review and any(w in s for w in words):
                self.used_review.add(s)
                out.append(s)
        return out

    def _assign_causes(self) -> dict[str, list[str]]:
        """For each problem, the notes' own words that explain it (each used once).

        Candidates are notes of metrics that did not move the right way, notes of
        channels that cost nothing, and the free-form review notes; a note the KPI
        section already cites for growth quality stays there.
        """
        g = self.j("growth-quality")
        taken = {q.text for q in g.causes} if g is not None else set()
        pool: list[str] = []
        for mid in self.n.metrics:
            if any(self.f.favorable(f"{mid}.{k}") is True for k in ("yoy", "diff", "gap")):
                continue
            note = self.note(mid)
            if note and note not in taken:
                pool.append(note)
        for c in self.n.channels:
            if c.note and not is_paid_channel(c.kind, c.spend):
                bad = [x for x in _clauses(clean(c.note)) if any(w in x for w in NEGATIVE_WORDS)]
                if bad:
                    pool.append("\uff0c".join(bad))
        out: dict[str, list[str]] = {}
        used: set[str] = set()
        for pp in self.plan.problem_plan:
            topics = topics_of(pp.problem.text)
            for note in pool:
                if note not in used and topics & topics_of(note):
                    used.add(note)
                    out.setdefault(pp.problem.text, []).append(note)
                    break
        return out

    def has(self, mid: str) -> bool:
        return mid in self.n.metrics

    def j(self, jid: str) -> Judgement | None:
        return self.plan.judgement(jid)

    # -- 一、年度核心业绩指标回顾与分析 ---------------------------------------------------

    def kpi(self) -> str:
        return paragraphs(self._opening(), self._sales(), self._profit(), self._users(),
                          self._other_metrics())

    def _opening(self) -> str:
        pen, f = self.pen, self.f
        text = self.plan.thesis
        g = self.j("growth-quality")
        if g is not None and self.has("gmv"):
            parts = [f"全年GMV为{pen.t('gmv')}"]
            if f.has("gmv.last_year"):
                parts.append(f"较去年的{pen.t('gmv.last_year')}{pen.p('gmv.yoy')}")
            if self.has("net_profit"):
                parts.append(f"净利润为{pen.t('net_profit')}")
                if f.has("net_profit.yoy"):
                    slower = f.set["net_profit.yoy"].value < f.set["gmv.yoy"].value
                    parts.append(("只" if slower else "") + pen.p("net_profit.yoy"))
            text += say(*parts)
            if pen.fresh("net_profit.of_gmv.last_year", "net_profit.of_gmv"):
                ly, now = pen.t("net_profit.of_gmv.last_year"), pen.t("net_profit.of_gmv")
                verb = "降到" if f.set["net_profit.of_gmv"].value < f.set[
                    "net_profit.of_gmv.last_year"].value else "升到"
                text += say(f"净利润占GMV的比例，从去年的{ly}{verb}了{now}")
        elif self.plan.thesis_id == "targets":
            text += self._targets_sentence()
        return text

    def _targets_sentence(self) -> str:
        pen, f = self.pen, self.f
        rows = [m for m in self.n.metrics if f.has(f"{m}.gap", f"{m}.completion")]
        beaten = [m for m in rows if f.favorable(f"{m}.gap")]
        missed = [m for m in rows if not f.favorable(f"{m}.gap")]
        out = ""
        if beaten:
            out += say("超额完成的有" + join_cn(
                [f"{self.label(m)}（{pen.t(m)}，{pen.p(m + '.gap')}）" for m in beaten]))
        if missed:
            out += say("没有完成的是" + join_cn(
                [f"{self.label(m)}（{pen.t(m)}，目标{pen.t(m + '.target')}，"
                 f"完成率{pen.t(m + '.completion')}）" for m in missed]))
        return out

    def _sales(self) -> str:
        pen, f = self.pen, self.f
        if not self.has("gmv"):
            return ""
        paras = []
        first = []
        if pen.fresh("gmv"):
            first.append(f"全年GMV为{pen.t('gmv')}")
        if f.has("gmv.target", "gmv.completion", "gmv.gap"):  # a 0 target has no completion
            reached = f.favorable("gmv.gap")
            first.append(f"年度目标是{pen.t('gmv.target')}，完成率{pen.t('gmv.completion')}，"
                         f"{pen.p('gmv.gap')}")
            if not reached and f.has("gmv.yoy"):
                dips = [i for i in range(2, 5) if f.has(f"gmv.q{i}_qoq")
                        and f.set[f"gmv.q{i}_qoq"].value < 0]
                first.append(f"{QUARTER_NAMES[dips[0] - 1]}环比下滑，是全年掉队的一段" if dips
                             else ("差距不大" if f.set["gmv.completion"].value >= 95 else "缺口不小"))
        if pen.fresh("gmv.yoy"):
            first.append(f"较去年{pen.p('gmv.yoy')}")
        if first:
            paras.append(say(*first))
        if f.has("gmv.q1", "gmv.q4"):
            qs = "、".join(f"{QUARTER_NAMES[i - 1]}{pen.t(f'gmv.q{i}')}" for i in range(1, 5))
            text = say(f"分季度看，{qs}")
            s = self.j("seasonality")
            if s is not None:
                peak = max(range(1, 5), key=lambda i: f.set[f"gmv.q{i}"].value)
                text += say(f"{QUARTER_NAMES[peak - 1]}单季就占了全年的{pen.t(f'gmv.q{peak}_share')}")
                qoq = [i for i in range(2, 5) if f.has(f"gmv.q{i}_qoq")]
                if qoq:
                    slow = min(qoq, key=lambda i: f.set[f"gmv.q{i}_qoq"].value)
                    fast = max(qoq, key=lambda i: f.set[f"gmv.q{i}_qoq"].value)
                    text += say(f"环比增速最低的是{QUARTER_NAMES[slow - 1]}（{pen.p(f'gmv.q{slow}_qoq')}）",
                                f"最高的是{QUARTER_NAMES[fast - 1]}（{pen.p(f'gmv.q{fast}_qoq')}）")
            cause = self.note("gmv")
            if cause:
                text += say(f"从节奏上说，{cause}")
            paras.append(text)
        elif self.note("gmv"):
            paras.append(say(f"从节奏上说，{self.note('gmv')}"))
        return "### 销售：" + self._sales_title() + "\n\n" + "\n\n".join(paras)

    def _sales_title(self) -> str:
        f = self.f
        if f.has("gmv.gap") and not f.favorable("gmv.gap"):
            return "规模在涨，目标差一步"
        if f.has("gmv.gap"):
            return "规模在涨，目标达成"
        return "全年成交规模与节奏"

    def _profit(self) -> str:
        pen, f = self.pen, self.f
        if not any(self.has(m) for m in ("gross_profit", "gross_margin", "net_profit", "net_margin")):
            return ""
        paras = []
        gross = []
        if self.has("gross_profit"):
            gross.append(f"全年毛利润{pen.t('gross_profit')}")
        if self.has("gross_margin"):
            gm = f"毛利率{pen.t('gross_margin')}"
            if f.has("gross_margin.diff"):
                gm += f"，较去年{pen.p('gross_margin.diff')}"
            gross.append(gm)
        elif f.has("gross_profit.of_gmv"):
            gross.append(f"毛利润占GMV的{pen.t('gross_profit.of_gmv')}")
        text = say(*gross)
        if self.note("gross_margin"):
            good = f.favorable("gross_margin.diff")
            text += say(("毛利率的提升来自" if good else "毛利率下滑的原因是") + self.note("gross_margin"))
        if text:
            paras.append(text)
        band = ""
        if pen.fresh("margin.cost_share.last_year", "margin.cost_share"):
            up = f.set["margin.cost_share"].value > f.set["margin.cost_share.last_year"].value
            gm_up = f.favorable("gross_margin.diff")
            band = say(f"毛利率{'在升' if gm_up else '变化不大'}而净利率在降，"
                       "差额落在毛利与净利之间的各项费用上" if up else
                       ("毛利率虽然下滑，净利率反而上升，省下来的是毛利与净利之间的费用"
                        if gm_up is False else "毛利与净利之间的各项费用控制住了"),
                       f"这部分费用占GMV的比例从去年的{pen.t('margin.cost_share.last_year')}"
                       f"{'升至' if up else '降至'}{pen.t('margin.cost_share')}")
        elif self.has("net_profit") and pen.fresh("net_profit"):
            band = say(f"全年净利润{pen.t('net_profit')}",
                       f"较去年{pen.p('net_profit.yoy')}" if pen.fresh("net_profit.yoy") else "")
        cause = self.note("net_profit") or self.note("net_margin")
        if cause:
            band += say(f"复盘下来，{cause}")
            spent = [c.name for c in self.n.channels if is_paid_channel(c.kind, c.spend)]
            if spent:
                band += say(f"钱主要花在{join_cn(spent)}上，换回了什么，下一部分逐个渠道算")
        if band:
            paras.append(band)
        return "### 盈利：" + ("毛利在升，费用涨得更快" if self.j("growth-quality") and
                              self.j("growth-quality").gist == "增收不增利"  # type: ignore[union-attr]
                              else "毛利与净利") + "\n\n" + "\n\n".join(paras)

    def _users(self) -> str:
        pen, f = self.pen, self.f
        paras = []
        if self.has("visitors") and (pen.fresh("visitors") or pen.fresh("visitors.yoy")):
            paras.append(say(f"{self.label('visitors')}为{pen.t('visitors')}"
                             if pen.fresh("visitors") else self.label("visitors"),
                             f"较去年{pen.p('visitors.yoy')}" if pen.fresh("visitors.yoy") else "",
                             f"目标{pen.t('visitors.target')}，{pen.p('visitors.gap')}"
                             if pen.fresh("visitors.target", "visitors.gap") else ""))
        if self.has("new_users"):
            parts = []
            if pen.fresh("new_users"):
                parts.append(f"全年新增用户{pen.t('new_users')}")
            if pen.fresh("new_users.target"):
                parts.append(f"目标{pen.t('new_users.target')}，完成率{pen.t('new_users.completion')}，"
                             f"{pen.p('new_users.gap')}")
            if parts:
                if (f.favorable("new_users.gap") is False
                        and f.favorable("repurchase_rate.diff") is False):
                    parts.append("拉新没有完成，复购也在下滑")
                paras.append(say(*parts))
        if self.has("mau") or self.has("dau"):
            parts = []
            if self.has("mau"):
                parts.append(f"月均活跃用户{pen.t('mau')}")
            if self.has("dau"):
                parts.append(f"日均活跃用户{pen.t('dau')}")
            if pen.fresh("dau.of_mau"):
                parts.append(f"日活只占月活的{pen.t('dau.of_mau')}，多数用户并不天天来")
            paras.append(say(*parts))
        old = []
        if self.has("repurchase_rate"):
            label = self.label("repurchase_rate")
            rr = [f"{label}{pen.t('repurchase_rate')}" if pen.fresh("repurchase_rate") else ""]
            if pen.fresh("repurchase_rate.diff"):
                rr.append(f"{'' if rr[0] else label}较去年{pen.p('repurchase_rate.diff')}")
            if pen.fresh("repurchase_rate.target", "repurchase_rate.gap"):
                rr.append(f"目标{pen.t('repurchase_rate.target')}，{pen.p('repurchase_rate.gap')}")
            old.append(say(*rr))
            if self.note("repurchase_rate") and self.note("repurchase_rate") not in self.reserved:
                old.append(say(self.note("repurchase_rate")))
        if self.has("aov"):
            aov = f"客单价{pen.t('aov')}"
            if pen.fresh("aov.yoy"):
                aov += f"，较去年的{pen.t('aov.last_year')}{pen.p('aov.yoy')}"
            old.append(say(aov))
            if self.note("aov") and self.note("aov") not in self.reserved:
                up = f.favorable("aov.yoy") is not False
                old.append(say(f"客单价的提升靠的是{self.note('aov')}".replace("提升了单次购买价值", "")
                               if up else f"客单价下滑，{self.note('aov')}"))
        if old:
            paras.append("".join(old) + say(
                _old_customers(f.favorable("repurchase_rate.diff"), f.favorable("aov.yoy")),
                f"这是{self.n.report.year + 1}年降低获客依赖可以倚靠的基础"
                if f.favorable("repurchase_rate.diff") and self.has("cac") else ""))
        if not paras:
            return ""
        return "### 用户：" + ("拉新未达标，老客在变好" if self.has("new_users") and
                              not f.favorable("new_users.gap") and f.favorable("repurchase_rate.diff")
                              else "规模与黏性") + "\n\n" + "\n\n".join(paras)

    def _other_metrics(self) -> str:
        pen = self.pen
        rest = [m for m in self.n.metrics if m not in COVERED and pen.fresh(m)]
        if not rest:
            return ""
        lines = []
        for m in rest:
            parts = [f"{self.label(m)}为{pen.t(m)}"]
            diff = self.f.get(f"{m}.diff")
            if diff is not None and diff.unit == "分" and pen.fresh(f"{m}.diff"):
                pen.mark(f"{m}.diff")  # a score moves in points: 下降0.09分, not 下降1.9%
                parts.append(f"较去年{'提高' if diff.value > 0 else '下降'}{diff.text}")
            elif pen.fresh(f"{m}.yoy"):
                parts.append(f"较去年{pen.p(m + '.yoy')}")
            if pen.fresh(f"{m}.gap"):
                parts.append(f"目标{pen.t(m + '.target')}，{pen.p(m + '.gap')}")
            if (self.f.has(f"{m}.yoy", "gmv.yoy") and abs(self.f.set[f"{m}.yoy"].value
                                                          - self.f.set["gmv.yoy"].value) < 5):
                parts.append("和GMV的增速几乎同步")
            lines.append(say(*parts) + (say(self.note(m)) if self.note(m) else ""))
        return "### 其他指标\n\n" + "".join(lines)

    # -- 二、关键运营模块深度复盘 ----------------------------------------------------------

    def operations(self) -> str:
        return paragraphs(self._traffic(), self._conversion(), self._goods(), self._campaigns(),
                          self._projects(), self._other_moves())

    def _other_moves(self) -> str:
        left = [x for x in split_sentences(self.n.review.notes or "") if x not in self.used_review]
        if not left:
            return ""
        self.used_review.update(left)
        return "### 其他调整\n\n" + "".join(as_sentence(x, self.we) for x in left)

    def _traffic(self) -> str:
        pen, f, n = self.pen, self.f, self.n
        paras = []
        paid = [(i, c) for i, c in enumerate(n.channels, 1) if is_paid_channel(c.kind, c.spend)]
        if paid:
            names = join_cn([c.name for _, c in paid])
            head = [f"付费推广投在{names}上"]
            if f.has("channels.paid_spend"):
                head.append(f"合计{pen.t('channels.paid_spend')}")
            if f.has("channels.roi") and paid_blend_only(n.channels):
                head.append(f"综合ROI为{pen.t('channels.roi')}")
            if f.has("channels.paid_gmv_of_total"):
                head.append(f"付费渠道带来的成交占全店GMV的{pen.t('channels.paid_gmv_of_total')}")
            text = say(*head)
            ch = self.j("channels")
            ranked = sorted([ic for ic in paid if f.has(f"channel{ic[0]}.roi")],
                            key=lambda ic: -f.set[f"channel{ic[0]}.roi"].value)
            if ch is not None and ranked:
                rois = "、".join(f"{c.name}{pen.t(f'channel{i}.roi')}" for i, c in ranked)
                text += say(f"分渠道的ROI从高到低是{rois}")
                best, worst = ranked[0], ranked[-1]
                for i, c in (best, worst):
                    if paid_gmv_only(n.channels) and pen.fresh(f"channel{i}.spend_share",
                                                               f"channel{i}.gmv_share"):
                        s, g = pen.t(f"channel{i}.spend_share"), pen.t(f"channel{i}.gmv_share")
                        text += say(f"{c.name}花掉{s}的投放预算，贡献{g}的渠道成交")
                    elif pen.fresh(f"channel{i}.spend_share", f"channel{i}.gmv_of_total"):
                        # free channels hold GMV too: the share of the whole shop, named so
                        s, g = pen.t(f"channel{i}.spend_share"), pen.t(f"channel{i}.gmv_of_total")
                        text += say(f"{c.name}花掉{s}的投放预算，带来全店{g}的成交")
                text += say(f"同样的预算，放在{best[1].name}比放在{worst[1].name}换回的成交更多")
            paras.append(text)
            for _i, c in paid:
                if c.note:
                    paras.append(say(f"{c.name}方面，{clean(c.note)}") + (
                        say(f"{c.name}的ROI目前排在末位，{self.n.report.year + 1}年加投之前，"
                            f"要先看它能否追上{ranked[0][1].name}")
                        if ranked and c is ranked[-1][1] and len(ranked) > 1 else ""))
        cuts = self.review_lines("广告", "预算", "投放", "推广")
        if cuts:
            paras.append("".join(as_sentence(c, self.we) for c in cuts))
        wins = [h for h in n.review.highlights if any(w in h for w in FREE_TRAFFIC)]
        if wins:
            self.used_highlights.update(wins)
            paras.append(say("流量结构上也有进展：" + "，".join(clean(h) for h in wins)) + say(
                f"这部分流量不按点击付费，{self.we}要降低投放依赖，靠的就是这一块"))
        mix = [h for h in n.review.highlights if h not in self.used_highlights
               and any(w in h for w in ("自播", "直播", "粉丝", "曝光", "占比"))
               and not any(w in h for w in LAUNCH_WORDS)]
        if mix:
            self.used_highlights.update(mix)
            told = self.note("net_profit") or ""
            echo = any(w in told for h in mix for w in ("自播", "直播", "达人") if w in h)
            paras.append(say("渠道结构上，" + "，".join(clean(h) for h in mix),
                             "前面说到的费用节省就和这一点有关" if echo else ""))
        cost = self.j("cost-value")
        if cost is not None:
            parts = []
            cost_id = "cac" if self.has("cac") else "ad_spend"
            for mid in ("cac", "ad_spend"):
                if self.has(mid) and pen.fresh(mid):
                    text = f"{self.label(mid)}{pen.t(mid)}"
                    if pen.fresh(f"{mid}.yoy"):
                        text += f"，较去年的{pen.t(mid + '.last_year')}{pen.p(mid + '.yoy')}"
                    parts.append(text)
            if pen.fresh("aov.yoy"):
                parts.append(f"同期客单价{pen.p('aov.yoy')}")
            base = "aov" if cost_id == "cac" else "gmv"
            if f.has(f"{base}.yoy", f"{cost_id}.yoy") and not pen.fresh(f"{base}.yoy"):
                word = "客单价" if base == "aov" else "GMV"
                faster = f.set[f"{cost_id}.yoy"].value > f.set[f"{base}.yoy"].value
                parts.append(f"涨幅{'超过' if faster else '低于'}了前面说到的{word}涨幅")
            text = say(*parts)
            if pen.fresh("cac.of_aov.last_year", "cac.of_aov"):
                text += say(f"换个算法，拉新的单客花费，去年相当于客单价的{pen.t('cac.of_aov.last_year')}",
                            f"今年是{pen.t('cac.of_aov')}")
            if pen.fresh("ad_spend.of_gmv.last_year", "ad_spend.of_gmv"):
                text += say(f"投放费用占GMV的比例，去年是{pen.t('ad_spend.of_gmv.last_year')}",
                            f"今年是{pen.t('ad_spend.of_gmv')}")
            growth = self.j("growth-quality")
            if cost.tone == "bad":
                text += say(cost.gist, "这是前面说的费用上涨里的一块"
                            if growth is not None and growth.gist == "增收不增利" else
                            "利润率暂时没受影响，是因为别的费用省了下来" if growth is not None else "")
            paras.append(text)
        for i, c in enumerate(n.channels, 1):
            if is_paid_channel(c.kind, c.spend):
                continue
            what = []
            if f.has(f"channel{i}.users"):
                what.append(f"全年沉淀用户{pen.t(f'channel{i}.users')}")
            if f.has(f"channel{i}.gmv"):
                what.append(f"带来成交{pen.t(f'channel{i}.gmv')}")
            kind = {"private": "私域", "content": "内容", "free": "免费流量",
                    "social": "社交"}.get(c.kind or "", "自有")
            text = say(f"{c.name}不占推广预算，是{self.we}的{kind}阵地", *what)
            # clauses the problems section cites as a cause are told there, once
            kept = [x for x in _clauses(clean(c.note or ""))
                    if not any(x in r for r in self.reserved)]
            if kept:
                note = "\uff0c".join(kept)
                if any(w in note for w in NEGATIVE_WORDS):
                    text += say("不过" + note)
                else:
                    text = say(text, note)
            paras.append(text)
        if not paras:
            return ""
        return "### 流量与投放：钱花在哪里，换回了什么\n\n" + "\n\n".join(paras)

    def _conversion(self) -> str:
        pen, f = self.pen, self.f
        paras = []
        if self.has("conversion_rate"):
            parts = [f"全年{self.label('conversion_rate')}{pen.t('conversion_rate')}"]
            if pen.fresh("conversion_rate.diff"):
                parts.append(f"较去年{pen.p('conversion_rate.diff')}")
            if pen.fresh("conversion_rate.target"):
                parts.append(f"目标{pen.t('conversion_rate.target')}，{pen.p('conversion_rate.gap')}")
            elif f.has("conversion_rate.gap") and not f.favorable("conversion_rate.gap"):
                parts.append("是前面列出的未达标指标里缺口最大的一项"
                             if self._largest_miss() == "conversion_rate" else "没有达到目标")
            text = say(*parts)
            if f.favorable("conversion_rate.diff"):
                text += say("进来的人更愿意下单了")
            clues = self.review_lines("支付", "详情页", "下单", "转化")
            if clues:
                text += say("目前能找到的线索只有一条：" + clues[0]) if len(clues) == 1 else "".join(
                    say(c) for c in clues)
            if self.note("conversion_rate"):
                text += say(self.note("conversion_rate"))
            elif f.has("conversion_rate.gap") and not f.favorable("conversion_rate.gap"):
                text += say("转化率为什么没达标，这次复盘还拿不出分环节的数据",
                            f"{self.n.report.year + 1}年要把访客到下单、下单到支付的每一步单独看")
            paras.append(text)
        service = [m for m in (*SERVICE_METRICS, *DSR_METRICS) if self.has(m) and pen.fresh(m)]
        if service:
            items = join_cn([f"{self.label(m)}{pen.t(m)}" for m in service])
            paras.append(say(f"服务端的数字是{items}"))
        if not paras:
            return ""
        return "### 转化与体验\n\n" + "\n\n".join(paras)

    def _largest_miss(self) -> str | None:
        rows = [m for m in self.n.metrics if self.f.has(f"{m}.completion", f"{m}.gap")
                and not self.f.favorable(f"{m}.gap")]
        if not rows:
            return None
        return min(rows, key=lambda m: self.f.set[f"{m}.completion"].value)

    def _goods(self) -> str:
        pen, f, n = self.pen, self.f, self.n
        paras = []
        if n.products:
            descs = []
            for i, p in enumerate(n.products, 1):
                bits = []
                for key, word in (("sku_share", "SKU"), ("traffic_share", "流量"),
                                  ("order_share", "订单"), ("sales_share", "销售额"),
                                  ("profit_share", "利润")):
                    if f.has(f"product{i}.{key}"):
                        bits.append(f"{word}占{pen.t(f'product{i}.{key}')}")
                descs.append(f"{p.segment}" + "、".join(bits))
            text = say("商品结构上，" + "；".join(descs))
            def volume(p: ProductSegment) -> float:
                return p.order_share if p.order_share is not None else (p.sales_share or 0)

            lead = [p for p in n.products if p.profit_share is not None
                    and (p.order_share is not None or p.sales_share is not None)]
            if len(lead) >= 2:
                earner = max(lead, key=lambda p: (p.profit_share or 0) - volume(p))
                mover = min(lead, key=lambda p: (p.profit_share or 0) - volume(p))
                doubted = [c for q in n.review.problems for c in _clauses(clean(q))
                           if mover.segment in c or earner.segment in c]
                text += say(f"{mover.segment}负责走量，{earner.segment}负责赚钱",
                            f"但{doubted[0]}，这一点放到问题部分说" if doubted
                            else "两者的分工是清楚的")
            for p in n.products:
                if p.note:
                    text += say(f"{p.segment}这一类，{clean(p.note)}")
            paras.append(text)
        launches = [h for h in n.review.highlights if any(w in h for w in LAUNCH_WORDS)
                    and h not in self.used_highlights]
        if launches:
            self.used_highlights.update(launches)
            first = clean(launches[0])
            text = (say("新品方面，" + first[2:].lstrip("\uff0c")) if first.startswith("新品")
                    else as_sentence(first, self.we))
            text += "".join(say(clean(h)) for h in launches[1:])
            if paras:
                paras[-1] += text
            else:
                paras.append(text)
        stock = [m for m in GOODS_METRICS if self.has(m) and pen.fresh(m)]
        if stock:
            parts = []
            for m in stock:
                text = f"{self.label(m)}{pen.t(m)}"
                if pen.fresh(f"{m}.diff") and self.f.get(f"{m}.diff") is not None:
                    text += f"，较去年{pen.p(m + '.diff')}"
                parts.append(text)
            text = say(*parts)
            for m in stock:
                if self.note(m) and self.note(m) not in self.reserved:
                    text += say(f"{self.label(m)}背后的事是{self.note(m)}")
            if f.favorable("inventory_turnover_days.diff"):
                short = any(w in (self.note(m) or "") for m in stock for w in ("断货", "缺货"))
                text += say("周转在变快，压在仓里的货在变少",
                            "但爆款的安全库存还不够" if short else "")
            paras.append(text)
        supply = self.review_lines("库存", "缺货", "供应链", "断货", "备货")
        if supply:
            paras.append("".join(as_sentence(x, self.we) for x in supply))
        if not paras:
            return ""
        return "### 商品与供应链\n\n" + "\n\n".join(paras)

    def _campaigns(self) -> str:
        paras: list[str] = []
        for c in self.n.campaigns:
            when = f"（{clean(c.period)}）" if c.period else ""
            text = say(f"{c.name}{when}是今年重点复盘的大促" if not paras
                       else f"再看{c.name}{when}")
            if c.actions:
                text += say("主要动作是" + join_cn([clean(a) for a in c.actions]))
            text += _results(c.results)
            text += "".join(as_sentence(r) for r in c.reflection)
            if c.reflection:
                linked = [pp for pp in self.plan.problem_plan
                          if topics_of(pp.problem.text) & topics_of(" ".join(c.reflection))]
                text += (say(f"这和后面要谈的“{_head(linked[0].problem.text)}”是同一个问题")
                         if linked else say(f"这一条要写进{self.n.report.year + 1}年{c.name}的打法里"))
            if any(j.kind == "tension" and j.subject == c.name for j in self.plan.all_judgements()):
                text += say("但这场大促也暴露了备货的短板，下一部分单独说")
            paras.append(text)
        if not paras:
            return ""
        return "### 大促复盘\n\n" + "\n\n".join(paras)

    def _projects(self) -> str:
        paras = []
        for k, p in enumerate(self.n.projects, 1):
            head = f"#### {p.name}"
            text = ""
            # the heading names the project; the paragraph under it refers to it
            who = f"这个项目由{self.we}担任{clean(p.role)}" if p.role else "这个项目"
            if p.background:
                text += say(who, f"做这件事的起因是{clean(p.background)}")
            elif p.role:
                text += say(who)
            if p.goal:
                text += say(f"目标定为{clean(p.goal)}")
            steps = _steps(p.actions, self.we)
            results = _results(p.results)
            j = next((x for x in self.plan.of_kind("project") if x.origin == f"projects[{k}]"), None)
            verdict = ""
            if j is not None:
                for mid in self._goal_metrics(p.goal or ""):
                    fid = f"{mid}.gap"
                    if not self.f.has(fid):
                        continue
                    value = (f"为{self.pen.t(mid)}，" if self.pen.fresh(mid) else "")
                    gap = self.pen.p(fid) if self.pen.fresh(fid) else ""
                    if self.f.favorable(fid):
                        verdict += say(f"对照目标，全年{self.label(mid)}{value}{gap or '已经超过目标'}")
                    else:
                        verdict += say(f"但对照目标，全年{self.label(mid)}{value}{gap or '仍未达标'}",
                                       "项目的改善还没有摊到全年")
            lessons = _lessons(p.lessons)
            paras.append(head + "\n\n" + paragraphs(text + steps, results + verdict, lessons))
        if not paras:
            return ""
        return "### 重点项目\n\n" + "\n\n".join(paras)

    def _goal_metrics(self, text: str) -> list[str]:
        from assistant.analysis.reading import Reader

        return Reader(self.n, self.f.set).metrics_named_in(text)

    # -- 三、存在的主要问题与挑战 ----------------------------------------------------------

    def problems(self) -> str:
        paras = []
        intro = self._problems_intro()
        if intro:
            paras.append(intro)
        for t in self.plan.of_kind("tension"):
            paras.append(self._tension(t))
        own = [pp for pp in self.plan.problem_plan if pp.problem.origin.startswith("review.")]
        for pp in own:
            paras.append(self._problem(pp.problem.text, list(pp.evidence), bool(pp.plans)))
        for k, p in enumerate(self.n.projects, 1):
            items = [pp for pp in self.plan.problem_plan
                     if pp.problem.origin.startswith(f"projects[{k}].")]
            if items:
                paras.append(self._shortfalls(f"「{p.name}」暴露的不足", items))
        mine = [pp for pp in self.plan.problem_plan if pp.problem.origin.startswith("growth.")]
        if mine:
            paras.append(self._shortfalls("能力上的短板" if self.we == "我" else "团队能力上的短板",
                                          mine, nouns=True))
        misses = [m for m in self.n.metrics if self.f.has(f"{m}.gap")
                  and self.f.favorable(f"{m}.gap") is False and self.pen.fresh(f"{m}.gap")]
        if misses:
            paras.append(say("另外，" + join_cn([f"{self.label(m)}{self.pen.p(m + '.gap')}"
                                                for m in misses]), "也需要在明年补上"))
        return "\n\n".join(p for p in paras if p)

    def _shortfalls(self, title: str, items: list[ProblemPlan], nouns: bool = False) -> str:
        names = [pp.problem.text for pp in items]
        if nouns:  # skills the author lacks: 内容策划与脚本撰写
            text = say(f"{names[0]}是{self.we}目前的短板") + "".join(
                say(f"{x}也需要补强") for x in names[1:])
        else:
            text = say(names[0]) + "".join(say(f"{'另外' if i < len(names) - 1 else '还有'}，{x}")
                                           for i, x in enumerate(names[1:], 1))
        # A gap in the plan is said once, in the plan section.
        open_ = [pp.problem.text for pp in items if not pp.plans]
        if not open_ and not getattr(self, "_pointed", False):
            self._pointed = True
            text += say("明年的计划对这些都有安排，见下一部分")
        return f"**{title}**\n\n" + text

    def _problems_intro(self) -> str:
        g = self.j("growth-quality")
        if g is not None and g.gist == "增收不增利":
            return say("前面的数字归结起来，问题不在卖不动，而在每一单赚得越来越少",
                       f"下面几条是{self.we}认为必须正视的")
        if self.plan.problem_plan:
            return say(f"对照全年的数字，下面几条是{self.we}认为必须正视的问题")
        return ""

    def _tension(self, t: Judgement) -> str:
        c = next((c for c in self.n.campaigns if c.name == t.subject), None)
        if c is None:
            return ""
        sold = clean(c.results[0]) if c.results else ""
        cause = t.causes[0].text if t.causes else ""
        text = f"**{c.name}的备货**\n\n"
        text += say(f"{c.name}证明了需求是有的：{sold}", f"可同一时间，{cause}")
        if self.f.has("stockout_rate"):
            text += say("缺货率的全年数字前面已经给出", "而断货恰恰发生在大促的爆款上，损失的是最好卖的那部分成交")
        answer = next((pp for pp in self.plan.problem_plan if "stock" in topics_of(pp.problem.text)), None)
        plans = [s for s in self.n.plan.strategies if "stock" in topics_of(s)]
        if plans and answer is None:
            text += say("明年的安排里已经有对应的一条，见下一部分")
        return text

    def _problem(self, problem: str, evidence: list[str], answered: bool) -> str:
        f, pen = self.f, self.pen
        title = f"**{_head(problem)}**"
        detail = problem[len(_head(problem)):].lstrip("\uff0c, ")
        text = say(detail or problem)  # the heading already names the problem
        fresh, back = [], []
        for fid in evidence[:3]:
            if f.get(fid) is None:
                continue
            if pen.fresh(fid):
                fresh.append(_describe(self, fid, pen))
            else:
                back.append(_refer_back(self, fid))
        if fresh:
            text += say("数据上看，" + "，".join(fresh))
        if back:
            self._backrefs = getattr(self, "_backrefs", 0) + 1
            text += say(pick(BACK_LEADS, self._backrefs - 1) + "，".join(b for b in back if b))
        if "content" in topics_of(problem) and any("爆款" in h for h in self.n.review.highlights):
            text += say("前面提到的新品里确实跑出了爆款",
                        "但这些爆款来自哪套方法，复盘时说不清楚，下一个爆款就只能靠运气")
        for q, name in enumerate(QUARTER_NAMES[1:], start=2):
            short = name.replace("第", "")
            if (short in problem or name in problem) and f.has(f"gmv.q{q}_qoq") \
                    and f.set[f"gmv.q{q}_qoq"].value < 0:
                text += say(f"{name}GMV环比下滑，就是它在数字上的样子")
        text += self._efficient_but_costly(problem)
        causes = self.causes.get(problem, [])
        if causes:
            where = next((c.name for c in self.n.channels if c.note and causes[0] in c.note), "")
            text += say(f"{where}的情况也说明了这一点：" + "，".join(causes) if where
                        else f"复盘时{self.we}看到的原因是" + "，".join(causes))
        team = self.n.team
        if "people" in topics_of(problem) and (team.size or team.initiatives):
            now = [f"团队现有{self.pen.t('team.size')}"] if team.size and self.f.has("team.size") else []
            if team.initiatives:
                first, *rest = [clean(x) for x in team.initiatives]
                now.append(f"已经在做的是{first}" + "".join(f"，也在推动{x}" for x in rest))
            text += say(*now, "这些解决的是能力问题，人员稳定还缺一套机制")
        if answered and not getattr(self, "_pointed", False):
            self._pointed = True
            text += say(f"对“{_head(problem)}”的措施放在下一部分")
        # An unanswered problem is named once, in the plan section's closing note.
        return title + "\n\n" + text

    def _roi_line(self, item: str, i: int, name: str) -> str:
        """A plan's ROI floor read against the channel's ROI this year (in words)."""
        if "ROI" not in item or name[:2] not in item or not self.f.has(f"channel{i}.roi"):
            return ""
        from assistant.numbers import find_numbers

        after = item.split("ROI", 1)[1]
        floor = next((m.value for m in find_numbers(after, year=self.n.report.year)
                      if not m.unit), None)
        if floor is None:
            return ""
        roi = self.f.set[f"channel{i}.roi"].value
        if roi >= floor:
            return f"今年{name}的整体ROI在这条线以上，要关掉的是拖后腿的单个计划"
        return f"今年{name}的整体ROI还在这条线以下，这一条会直接压缩它的预算"

    def _efficient_but_costly(self, problem: str) -> str:
        """A problem of leaning on one channel that is the most efficient paid channel:
        the trouble is the growth of spend, not the channel's return."""
        f = self.f
        paid = [(i, c) for i, c in enumerate(self.n.channels, 1)
                if is_paid_channel(c.kind, c.spend) and f.has(f"channel{i}.roi")]
        if len(paid) < 2 or not f.has("ad_spend.yoy", "gmv.yoy"):
            return ""
        _i, best = max(paid, key=lambda ic: f.set[f"channel{ic[0]}.roi"].value)
        if best.name[:2] not in problem or f.set["ad_spend.yoy"].value <= f.set["gmv.yoy"].value:
            return ""
        return say(f"{best.name}的ROI在付费渠道里最高，问题不在它的效率",
                   "而在投放的总量涨得比成交快")

    # -- 四、下一年度战略规划与目标展望 ----------------------------------------------------

    def plan_section(self) -> str:
        n, f, pen = self.n, self.f, self.pen
        year = n.report.year + 1
        blocks = []
        targets = []
        for mid in n.plan.targets:
            text = f.plan_target_clause(mid, self.label(mid), pen)
            if mid == "gmv" and f.has("plan.gmv.growth", "gmv.yoy") and not f.has("plan.gmv.points"):
                faster = f.set["plan.gmv.growth"].value > f.set["gmv.yoy"].value
                text += ("，高于今年的实际增速，需要新的增长点才能完成" if faster
                         else "，低于今年的实际增速，意在稳住增速，而不是再冲一次规模")
            targets.append(text)
        if targets:
            text = say(f"{year}年的量化目标是" + "；".join(targets))
            for mid in n.plan.targets:
                if mid != "gmv" and f.has(f"{mid}.yoy") and f.favorable(f"{mid}.yoy") is False:
                    back = f.has(f"{mid}.last_year") and f.set[f"plan.{mid}"].value >= f.set[
                        f"{mid}.last_year"].value
                    text += say(f"{self.label(mid)}目标的意思是先把今年的下滑拉回来" if back else
                                f"{self.label(mid)}目标还低于去年的水平，先拉回今年下滑的一部分")
            if "gmv" in n.plan.targets and self.j("growth-quality") and self.j(
                    "growth-quality").gist == "增收不增利":  # type: ignore[union-attr]
                text += say("这个目标只有在利润率不再下滑的前提下才有意义",
                            "所以下面的策略要同时看增长和费用率")
            blocks.append("### 目标\n\n" + text)
        answered: dict[str, list[str]] = {}
        for pp in self.plan.problem_plan:
            for q in pp.plans:
                answered.setdefault(q.text, []).append(pp.problem.text)
        strategies = []
        named: set[str] = set()
        skill_gaps = {pp.problem.text for pp in self.plan.problem_plan
                      if pp.problem.origin.startswith("growth.")}
        stock_tension = next((j.subject for j in self.plan.of_kind("tension")), "")
        for s in [*n.plan.strategies, *n.plan.personal_goals]:
            item = clean(s)
            why = [w for w in answered.get(item, []) if w not in named]
            now = ""
            for i, c in enumerate(n.channels, 1):
                if c.name in item and "占比" in item and pen.fresh(f"channel{i}.gmv_of_total"):
                    now = f"今年{c.name}的成交占全店的{pen.t(f'channel{i}.gmv_of_total')}"
                    break
                if not now:
                    now = self._roi_line(item, i, c.name)
            people = [w for w in why if "people" in topics_of(w)]
            if not now and people and n.team.initiatives and "people" in topics_of(item):
                now = "这正是前面说的人员稳定所缺的那套机制"
            if why:
                named.add(why[0])
                short = "这块短板" if why[0] in skill_gaps else ""
                strategies.append(say(f"针对{_head(why[0])}{short}，{self.we}将{item}", now))
            elif answered.get(item):
                strategies.append(say(f"同样是为了解决{_head(answered[item][0])}，{self.we}还将{item}", now))
            elif stock_tension and "stock" in topics_of(item):
                strategies.append(say(f"针对{stock_tension}暴露的备货问题，{self.we}将{item}", now))
            else:
                strategies.append(say(f"{self.we}还将{item}", now))
        if strategies:
            blocks.append("### 策略\n\n" + "\n\n".join(strategies))
        gaps = [pp.problem.text for pp in self.plan.problem_plan if not pp.plans]
        if gaps:
            blocks.append(say("需要说明的是，" + "、".join(f"“{g.split('，')[0]}”" for g in gaps)
                              + "在上面的安排里还没有对应的措施",
                              "定稿前应补上负责人和时间表"))
        return paragraphs(*blocks)

    # -- 五、总结 ---------------------------------------------------------------------

    def summary(self) -> str:
        n = self.n
        year = n.report.year
        g = self.j("growth-quality")
        t = self.j("targets")
        first = []
        if g is not None and g.gist == "增收不增利":
            first.append(f"{year}年的账可以归结为一句话：{self.org}的规模上去了，利润率没有跟上")
        elif g is not None:
            first.append(f"{year}年，{self.org}{g.gist}")

        if t is not None:
            link = "但" if g is not None and g.tone == "good" and t.tone != "good" else ""
            first.append(link + {"good": "年初定下的目标都已完成", "bad": "年初定下的目标都没有完成",
                                 "mixed": "年初定下的目标有超有欠"}.get(t.tone, ""))
        text = say(*first)
        f = self.f
        if (f.favorable("gross_margin.diff") is False and f.has("margin.cost_share.diff")
                and f.set["margin.cost_share.diff"].value < 0 and f.has("net_profit.of_gmv.diff")
                and f.set["net_profit.of_gmv.diff"].value > 0):
            text += say("利润率的提升靠的是费用端省下的钱，而不是毛利")
        goods, worse = [], []
        for mid in self.n.metrics:
            if mid in ("gmv", "net_profit", "gross_profit", "cac", "ad_spend"):
                continue
            change = f"{mid}.diff" if self.f.has(f"{mid}.diff") else f"{mid}.yoy"
            if self.f.favorable(change) is True:
                goods.append(self.label(mid))
            elif self.f.favorable(change) is False:
                worse.append(self.label(mid))
        if goods:
            text += say(f"{join_cn(goods[:4])}在改善"
                        + (f"，{join_cn(worse[:3])}在走弱" if worse else ""))
        elif t is not None and t.tone == "mixed":
            projects = [j for j in self.plan.of_kind("project") if j.tone == "mixed"]
            if projects:
                text += say(f"{projects[0].gist}的成效已经在项目数据里看到",
                            "下一步是让它体现在全年的指标上")
        bads = [j.gist for j in self.plan.all_judgements() if j.kind in ("cost_value",) and j.tone == "bad"]
        if bads:
            text += say(f"最需要警惕的是{bads[0]}")
        return paragraphs(text, self._ahead())

    def _ahead(self) -> str:
        """The closing line: what comes first next year, named from the notes."""
        year = self.n.report.year + 1
        g = self.j("growth-quality")
        both = (f"{year}年，{self.we}会把GMV目标和利润率放在一起考核"
                if g is not None and g.gist == "增收不增利" and "gmv" in self.n.plan.targets else "")
        own = [pp for pp in self.plan.problem_plan
               if pp.problem.origin.startswith("review.") and pp.plans]
        if own:
            first = f"最先要解决的是{_head(own[0].problem.text)}"
            return say(both, first) if both else say(f"{year}年，{self.we}{first}")
        miss = self._largest_miss()
        if miss is not None:
            return say(both or f"{year}年", f"{self.we}最先要补的是{self.label(miss)}的缺口")
        return say(both)


def _clauses(text: str) -> list[str]:
    import re

    return [c for c in re.split(r"[，,；;]", text) if c.strip()]


RESULT_LEADS = ("结果上", "此外", "另外", "还有")
BACK_LEADS = ("前面的数字可以印证：", "数字上也看得到：", "回看前面的数字，")
FREE_TRAFFIC = ("自然", "免费", "搜索流量")
LAUNCH_WORDS = ("新品", "上新", "爆款", "爆品")


def _old_customers(repurchase_up: bool | None, aov_up: bool | None) -> str:
    """What the repurchase rate and the order value say about old customers, no more."""
    if repurchase_up and aov_up:
        return "老客回来得更勤，买得也更多"
    if repurchase_up:
        return "老客回来得更勤了"
    if aov_up:
        return "单次购买的金额在提高"
    if repurchase_up is False and aov_up is False:
        return "复购和客单价都在往下走"
    return ""


def _results(results: list[str]) -> str:
    """Results two to a sentence: ``结果上，a，b。此外，c，d。`` (no chain of connectives)."""
    kept = [clean(r) for r in results if clean(r)]
    pairs = [kept[i:i + 2] for i in range(0, len(kept), 2)]
    return "".join(say(f"{RESULT_LEADS[min(k, len(RESULT_LEADS) - 1)]}，{pair[0]}", *pair[1:])
                   for k, pair in enumerate(pairs))


def _lessons(lessons: list[str]) -> str:
    kept = [clean(x) for x in lessons if clean(x)]
    if len(kept) <= 1:
        return say(f"沉淀下来的经验是{kept[0]}") if kept else ""
    leads = ["首先是", "其次是", *(["还有"] * (len(kept) - 2))]
    return say("沉淀下来的经验，" + leads[0] + kept[0],
               *(f"{w}{x}" for w, x in zip(leads[1:], kept[1:], strict=True)))


def _steps(actions: list[str], voice: str) -> str:
    """Actions in order. Dated ones (一季度…) stay sentences of their own; undated ones
    read as one sequence: ``我先A，再B，然后C，最后D。``"""
    kept = [clean(a) for a in actions if clean(a)]
    dated = tuple(w for w in TIME_LEADS if not w.startswith(("每", "全")))  # not 每月, 全年
    if len(kept) < 2 or any(a.startswith(dated) for a in kept):
        return "".join(as_sentence(a, voice) for a in kept)
    leads = ["先", "再"] if len(kept) == 2 else ["先", "再", *(["然后"] * (len(kept) - 3)), "最后"]
    return say(f"{voice}{leads[0]}{kept[0]}",
               *(f"{w}{a}" for w, a in zip(leads[1:], kept[1:], strict=True)))


def _head(problem: str) -> str:
    return problem.split("\uff0c")[0].split(",")[0]


def _refer_back(w: DataWriter, fid: str) -> str:
    """A fact already stated, in words: the direction, never the figure."""
    f = w.f
    fact = f.get(fid)
    if fact is None:
        return ""
    head, _, tail = fid.rpartition(".")
    if fid == "cac.yoy" and f.has("aov.yoy"):
        return ("获客成本涨得比客单价快" if fact.value > f.set["aov.yoy"].value
                else "获客成本涨得比客单价慢")
    if fid == "cac.of_aov" and f.has("cac.of_aov.last_year"):
        return "拉新花费占客单价的比例在升" if fact.value > f.set[
            "cac.of_aov.last_year"].value else "拉新花费占客单价的比例在降"
    if fid == "ad_spend.of_gmv" and f.has("ad_spend.of_gmv.last_year"):
        return "投放费用占GMV的比例在升" if fact.value > f.set[
            "ad_spend.of_gmv.last_year"].value else "投放费用占GMV的比例在降"
    if fid in ("channels.gmv_of_total", "channels.paid_gmv_of_total"):
        return "大部分成交来自付费渠道" if fact.value > 50 else "付费渠道的成交占比不到一半"
    if fid == "dau.of_mau":
        return "日活占月活的比例偏低"
    if tail in ("yoy", "diff") and head in w.n.metrics:
        return f"{w.label(head)}{'在涨' if fact.value > 0 else '在降'}"
    if tail == "gap" and head in w.n.metrics:
        return f"{w.label(head)}没有达到目标" if fact.favorable is False else f"{w.label(head)}超过了目标"
    return f"前文的{fact.label.split('(')[0]}"


def _short_label(w: DataWriter, fid: str) -> str:
    head, _, tail = fid.rpartition(".")
    if tail in ("yoy", "diff") and head in w.n.metrics:
        return f"{w.label(head)}涨幅"
    if tail == "gap" and head in w.n.metrics:
        return f"{w.label(head)}缺口"
    fact = w.f.get(fid)
    return fact.label if fact else fid


def _describe(w: DataWriter, fid: str, pen: Pen) -> str:
    head, _, tail = fid.rpartition(".")
    if tail in ("yoy", "diff", "gap") and head in w.n.metrics:
        return f"{w.label(head)}{'同比' if tail == 'yoy' else ''}{pen.p(fid)}"
    fact = w.f.get(fid)
    if fact is None:
        return ""
    label = fact.label.split("(")[0]
    return f"{label}{'为' if fact.phrase == fact.text else ''}{pen.p(fid)}"


# -- entry points the offline drafter calls (named by the section specs in assistant/styles.py) --

def write_all(f: Facts) -> dict[str, str]:
    """Every section of the draft, written in order so each number is stated once."""
    if f.data_sections is None:
        w = DataWriter(f)
        f.data_sections = {
            "kpi": w.kpi(),
            "operations": w.operations(),
            "problems": w.problems(),
            "plan": w.plan_section(),
            "summary": w.summary(),
        }
    return f.data_sections


def kpi(f: Facts, req: SectionRequest) -> str:
    return write_all(f)["kpi"]


def operations(f: Facts, req: SectionRequest) -> str:
    return write_all(f)["operations"]


def problems(f: Facts, req: SectionRequest) -> str:
    return write_all(f)["problems"]


def plan(f: Facts, req: SectionRequest) -> str:
    return write_all(f)["plan"]


def summary(f: Facts, req: SectionRequest) -> str:
    return write_all(f)["summary"]
