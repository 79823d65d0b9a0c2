"""Judgements: what the numbers of one notes file say, one claim each.

Each builder returns the judgements its notes support (none when the facts it needs
are missing). Claims are full Chinese sentences; every number in them is a fact's
``text`` or ``phrase`` or quoted from the notes; causes are the notes' own words.
Sections are assigned later by the plan, from the style's section specs.
"""

from __future__ import annotations

import re

from assistant.analysis.consistency import SLOWING, SPEEDING
from assistant.analysis.model import Judgement, Quote, Tone
from assistant.analysis.reading import QUARTER_NAMES, Reader, clean
from assistant.analysis.slug import item_ids
from assistant.facts.quality import is_paid_channel

STOCK_WORDS = ("断货", "缺货", "库存", "备货")


def _join(items: list[str], last: str = "和") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + last + items[-1]


def _from_to(r: Reader, ly: str, now: str) -> str:
    """``从11%降至10%`` (direction by comparing the two facts)."""
    word = "升至" if r.v(now) > r.v(ly) else ("降至" if r.v(now) < r.v(ly) else "持平于")
    if word == "持平于":
        return f"持平于{r.t(now)}"
    return f"从{r.t(ly)}{word}{r.t(now)}"


# -- growth quality ---------------------------------------------------------------------

def growth_quality(r: Reader) -> list[Judgement]:
    if not r.has("gmv.yoy"):
        return []
    net_ly, net_now = _net_margin_ids(r)
    gmv_up = r.v("gmv.yoy") > 0
    evidence = ["gmv.yoy"]
    parts = [f"GMV较去年{r.p('gmv.yoy')}"]
    tone: Tone = "good" if gmv_up else "bad"
    gist = "规模增长" if gmv_up else "规模收缩"
    if net_ly and net_now:
        evidence += [net_ly, net_now]
        falling = r.v(net_now) < r.v(net_ly)
        link = "却" if falling and gmv_up else ""
        parts.append(f"净利润占GMV的比例{link}{_from_to(r, net_ly, net_now)}")
        if r.has("net_profit.yoy") and falling and gmv_up:
            parts.insert(1, f"净利润只{r.p('net_profit.yoy')}")
            evidence.insert(1, "net_profit.yoy")
        if r.has("margin.cost_share.last_year", "margin.cost_share") and r.v(
                "margin.cost_share.diff") > 0:
            parts.append("毛利与净利之间的费用占GMV的比例"
                         + _from_to(r, "margin.cost_share.last_year", "margin.cost_share"))
            evidence += ["margin.cost_share.last_year", "margin.cost_share"]
        if gmv_up and falling:
            tone, gist = "bad", "增收不增利"
            parts.append("增收没有带来同步的增利")
        elif gmv_up:
            tone, gist = "good", "量利齐升"
            parts.append("规模和利润率一起往上走")
    elif r.has("gross_margin.diff"):
        evidence.append("gross_margin.diff")
        parts.append(f"毛利率{r.p('gross_margin.diff')}")
    else:
        return []
    causes = [q for q in (r.note("net_profit"), r.note("gross_margin")) if q]
    weight = 1.0 if tone == "bad" else 0.8
    return [Judgement("growth-quality", "growth_quality", "，".join(parts) + "。", evidence,
                      weight=weight, tone=tone, gist=gist, causes=causes)]


def _net_margin_ids(r: Reader) -> tuple[str, str]:
    if "net_margin" in r.notes.metrics and r.has("net_margin.last_year"):
        return "net_margin.last_year", "net_margin"
    if r.has("net_profit.of_gmv.last_year", "net_profit.of_gmv"):
        return "net_profit.of_gmv.last_year", "net_profit.of_gmv"
    return "", ""


# -- targets ----------------------------------------------------------------------------

def targets(r: Reader) -> list[Judgement]:
    rows = []
    for mid in r.notes.metrics:
        if not r.has(f"{mid}.gap", f"{mid}.completion"):
            continue
        met = r.favorable(f"{mid}.gap")
        size = abs(r.v(f"{mid}.completion") - 100)
        rows.append((mid, bool(met), size))
    if not rows:
        return []
    rows.sort(key=lambda row: -row[2])
    beaten = [m for m, ok, _ in rows if ok]
    missed = [m for m, ok, _ in rows if not ok]

    def item(mid: str) -> str:
        return f"{r.label(mid)}{r.p(mid + '.gap')}（完成率{r.t(mid + '.completion')}）"

    tone: Tone
    if beaten and not missed:
        claim = "设定了目标的指标全部达成：" + "，".join(item(m) for m in beaten) + "。"
        tone, gist, weight = "good", "目标全部达成", 0.7
    elif missed and not beaten:
        claim = "设定了目标的指标都没有达成，按缺口从大到小依次是：" + "，".join(
            item(m) for m in missed) + "。"
        tone, gist, weight = "bad", "目标未能达成", 0.9
    else:
        claim = ("超额完成的是" + "，".join(item(m) for m in beaten) + "；没有达成的是"
                 + "，".join(item(m) for m in missed) + "。")
        tone, gist, weight = "mixed", "目标有超有欠", 0.85
    evidence = [fid for m, _, _ in rows for fid in (f"{m}.completion", f"{m}.gap")]
    return [Judgement("targets", "targets", claim, evidence, weight=weight, tone=tone, gist=gist,
                      subject="、".join(r.label(m) for m, _, _ in rows))]


# -- cost vs value ----------------------------------------------------------------------

def cost_value(r: Reader) -> list[Judgement]:
    if not r.has("cac.yoy") and not r.has("ad_spend.yoy"):
        return []
    parts: list[str] = []
    evidence: list[str] = []
    cost = "cac" if r.has("cac.yoy") else "ad_spend"
    parts.append(f"{r.label(cost).split('(')[0].split('（')[0]}较去年{r.p(cost + '.yoy')}")
    evidence.append(f"{cost}.yoy")
    cost_up = r.v(f"{cost}.yoy") > 0
    if cost == "ad_spend" and r.has("gmv.yoy"):
        parts.append(f"同期GMV{r.p('gmv.yoy')}")
        evidence.append("gmv.yoy")
    if r.has("aov.yoy"):
        parts.append(f"客单价{r.p('aov.yoy')}")
        evidence.append("aov.yoy")
    if r.has("cac.of_aov", "cac.of_aov.last_year"):
        parts.append("获取一个新客的花费相当于客单价的比例"
                     + _from_to(r, "cac.of_aov.last_year", "cac.of_aov"))
        evidence += ["cac.of_aov.last_year", "cac.of_aov"]
    if r.has("ad_spend.of_gmv", "ad_spend.of_gmv.last_year"):
        parts.append("投放费用占GMV的比例" + _from_to(r, "ad_spend.of_gmv.last_year",
                                                     "ad_spend.of_gmv"))
        evidence += ["ad_spend.of_gmv.last_year", "ad_spend.of_gmv"]
    if r.has("repurchase_rate.diff"):
        parts.append(f"复购率{r.p('repurchase_rate.diff')}")
        evidence.append("repurchase_rate.diff")
    if cost == "cac":
        worse = cost_up and (not r.has("aov.yoy") or r.v("cac.yoy") > r.v("aov.yoy"))
        if worse:
            parts.append("拉新越来越贵，老客的价值更值得经营")
        gist = "获客成本上涨快于客单价"
    else:
        worse = cost_up and r.has("gmv.yoy") and r.v("ad_spend.yoy") > r.v("gmv.yoy")
        if worse:
            parts.append("投放涨得比成交快，每一元成交背后的投放在变贵")
        gist = "投放费用涨得比成交快"
    causes = [q for q in (r.note(cost), r.note("aov"), r.note("repurchase_rate")) if q]
    return [Judgement("cost-value", "cost_value", "，".join(parts) + "。", evidence,
                      weight=0.8 if worse else 0.5, tone="bad" if worse else "mixed",
                      gist=gist if worse else "投入与回报", causes=causes)]


# -- channels ---------------------------------------------------------------------------

def channels(r: Reader) -> list[Judgement]:
    chans = r.notes.channels
    out: list[Judgement] = []
    paid = [(i, c) for i, c in enumerate(chans, 1)
            if is_paid_channel(c.kind, c.spend) and r.has(f"channel{i}.roi")]
    if len(paid) >= 2:
        ranked = sorted(paid, key=lambda ic: -r.v(f"channel{ic[0]}.roi"))
        best, worst = ranked[0], ranked[-1]
        parts = [f"付费渠道中{best[1].name}的ROI最高，为{r.t(f'channel{best[0]}.roi')}",
                 f"{worst[1].name}最低，为{r.t(f'channel{worst[0]}.roi')}"]
        evidence = [f"channel{best[0]}.roi", f"channel{worst[0]}.roi"]
        for i, c in (best, worst):
            s, g = f"channel{i}.spend_share", f"channel{i}.gmv_share"
            if r.has(s, g):
                verb = "却只带来" if r.v(g) < r.v(s) and (i, c) == worst else "带来"
                parts.append(f"{c.name}占用{r.t(s)}的投入，{verb}{r.t(g)}的渠道GMV")
                evidence += [s, g]
        if r.has("channels.paid_gmv_of_total"):
            parts.append(f"付费渠道合计带来全店GMV的{r.t('channels.paid_gmv_of_total')}")
            evidence.append("channels.paid_gmv_of_total")
        causes = [Quote(clean(c.note), f"channels[{i}].note") for i, c in ranked if c.note]
        out.append(Judgement("channels", "channels", "，".join(parts) + "。", evidence,
                             weight=0.6, tone="mixed", gist="渠道效率分化", causes=causes,
                             subject="、".join(c.name for _, c in ranked)))
    for i, c in enumerate(chans, 1):
        if is_paid_channel(c.kind, c.spend) or not (r.has(f"channel{i}.users")
                                                   or r.has(f"channel{i}.gmv")):
            continue
        what = (f"沉淀用户{r.t(f'channel{i}.users')}" if r.has(f"channel{i}.users")
                else f"带来GMV {r.t(f'channel{i}.gmv')}")
        fid = f"channel{i}.users" if r.has(f"channel{i}.users") else f"channel{i}.gmv"
        kind_word = {"private": "私域", "content": "内容", "free": "免费流量",
                     "social": "社交"}.get(c.kind or "", "非付费")
        claim = f"{c.name}是不占推广预算的{kind_word}阵地，全年{what}。"
        causes = [Quote(clean(c.note), f"channels[{i}].note")] if c.note else []
        out.append(Judgement(f"channel-{item_ids([c.name])[0]}", "channels", claim, [fid],
                             weight=0.45, tone="neutral", gist=f"{c.name}这块{kind_word}阵地",
                             causes=causes, subject=c.name, origin=f"channels[{i}]"))
    return out


# -- seasonality ------------------------------------------------------------------------

def seasonality(r: Reader) -> list[Judgement]:
    mid = "gmv"
    qs = r.quarter_ids(mid)
    if len(qs) < 4:
        return []
    peak = max(range(1, 5), key=lambda i: r.v(f"{mid}.q{i}"))
    parts = [f"{QUARTER_NAMES[peak - 1]}GMV最高，占全年的{r.t(f'{mid}.q{peak}_share')}"]
    evidence = [f"{mid}.q{peak}_share"]
    qoq = [i for i in range(2, 5) if r.has(f"{mid}.q{i}_qoq")]
    if len(qoq) >= 2:
        slow = min(qoq, key=lambda i: r.v(f"{mid}.q{i}_qoq"))
        fast = max(qoq, key=lambda i: r.v(f"{mid}.q{i}_qoq"))
        parts.append(f"环比增速{QUARTER_NAMES[slow - 1]}最低（{r.p(f'{mid}.q{slow}_qoq')}），"
                     f"{QUARTER_NAMES[fast - 1]}最高（{r.p(f'{mid}.q{fast}_qoq')}）")
        evidence += [f"{mid}.q{slow}_qoq", f"{mid}.q{fast}_qoq"]
        if fast == 4:
            parts.append("全年的增长在年末加速")
        elif slow == 4:
            parts.append("年末的增长在放缓")
    causes = [q for q in (_uncontradicted(r, mid),) if q]
    return [Judgement("seasonality", "seasonality", "，".join(parts) + "。", evidence,
                      weight=0.45, tone="neutral", gist=f"旺季集中在{QUARTER_NAMES[peak - 1]}",
                      causes=causes)]


def _uncontradicted(r: Reader, mid: str) -> Quote | None:
    """A metric's note without the clauses the quarterly numbers contradict."""
    from assistant.analysis.consistency import _note_against_quarters

    note = r.note(mid)
    if note is None or not any(w.id == f"note-{mid}" for w in _note_against_quarters(r)):
        return note
    keep = [c for c in re.split("[\uff0c,\uff1b;]", note.text)
            if c.strip() and not any(w in c for w in (*SLOWING, *SPEEDING))]
    return Quote("，".join(keep), note.origin) if keep else None


# -- projects and campaigns -------------------------------------------------------------

def projects(r: Reader) -> list[Judgement]:
    out = []
    ids = item_ids([p.name for p in r.notes.projects], [p.id for p in r.notes.projects])
    for k, (p, pid) in enumerate(zip(r.notes.projects, ids, strict=True), 1):
        if not (p.goal or p.results):
            continue
        parts = []
        if p.goal:
            parts.append(f"「{p.name}」定下的目标是{clean(p.goal)}")
        else:
            parts.append(f"「{p.name}」")
        if p.results:
            named = r.metrics_named_in(p.goal or "")
            # results that speak to the goal's own metric come first
            ranked = sorted(p.results, key=lambda x: not any(
                m in r.metrics_named_in(x) for m in named))
            parts.append("结果是" + "，".join(clean(x) for x in ranked[:2]))
        evidence: list[str] = []
        tone: Tone = "good"
        for mid in r.metrics_named_in(p.goal or ""):
            if not r.has(f"{mid}.gap"):
                continue
            met = r.favorable(f"{mid}.gap")
            link = "但" if not met else ""
            parts.append(f"{link}全年{r.label(mid)}为{r.t(mid)}，{r.p(mid + '.gap')}")
            evidence += [mid, f"{mid}.gap"]
            if not met:
                tone = "mixed"
                parts.append("项目里的改善还没有拉动全年的数字")
        causes = [Quote(clean(x), f"projects[{k}].lessons") for x in p.lessons]
        out.append(Judgement(f"project-{pid}", "project", "，".join(parts) + "。", evidence,
                             weight=0.75 if tone == "mixed" else 0.6, tone=tone,
                             gist=f"「{p.name}」", causes=causes, subject=p.name,
                             origin=f"projects[{k}]"))
    return out


def campaigns(r: Reader) -> list[Judgement]:
    out = []
    ids = item_ids([c.name for c in r.notes.campaigns], [c.id for c in r.notes.campaigns])
    stock_notes = [q for q in (r.note(m) for m in r.notes.metrics) if q
                   and any(w in q.text for w in STOCK_WORDS)]
    for k, (c, cid) in enumerate(zip(r.notes.campaigns, ids, strict=True), 1):
        if not c.results:
            continue
        results = [clean(x) for x in c.results]
        claim = f"{c.name}的成果是" + "，".join(results) + "。"
        out.append(Judgement(f"campaign-{cid}", "campaign", claim, [], weight=0.4, tone="good",
                             gist=c.name, causes=[Quote(clean(x), f"campaigns[{k}].reflection")
                                                  for x in c.reflection],
                             subject=c.name, origin=f"campaigns[{k}]"))
        clash = [q for q in stock_notes if c.name in q.text]
        if clash:
            claim = (f"{c.name}里需求得到了验证（{results[0]}），但{clash[0].text}，"
                     "卖得动的货没有备足。")
            out.append(Judgement(f"tension-{cid}-stock", "tension", claim, [], weight=0.65,
                                 tone="mixed", gist=f"{c.name}的备货", causes=[clash[0]],
                                 subject=c.name, origin=f"campaigns[{k}]"))
    return out
