"""Derived facts about the quality of growth and about the consistency of the notes.

Kept apart from ``engine.py`` so the engine's core rules stay small: these facts
are what the analysis layer (``assistant/analysis``) reasons on.

- margins this year and last: net profit and gross profit as a share of GMV last
  year, and their change in points;
- the costs between gross and net profit as a share of GMV (gross margin minus net
  margin), this year, last year and the change;
- CAC as a share of AOV (what a new customer costs against what one order brings);
- paid spend: the channels whose kind is paid (a private or content channel with no
  spend is not paid spend);
- consistency figures a boss computes in his head (``check.*``): CAC × new users
  against paid spend, GMV ÷ AOV (buyers implied) against new users.
"""

from __future__ import annotations

import math
from typing import Protocol

from assistant.facts.format import decimals_of
from assistant.facts.model import Fact, FactSet, FactSource
from assistant.notes.schema import Notes
from assistant.units import UnitKind, is_percent, unit_scale

PCT = 1
RATIO = 1



class _Deriver(Protocol):
    notes: Notes
    facts: FactSet

    def derived(self, fid: str, label: str, value: float, unit: str, decimals: int,
                *, kind: UnitKind | None = None, signed: str | None = None,
                favorable: bool | None = None, source: FactSource = "derived",
                prefix: str = "") -> Fact | None: ...


def _ok(*values: float | None) -> bool:
    return all(v is not None and math.isfinite(v) for v in values)


def _share(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole or not _ok(part, whole):
        return None
    value = part / whole * 100
    return value if math.isfinite(value) else None


def _value(facts: FactSet, fid: str) -> float | None:
    fact = facts.get(fid)
    return fact.value if fact is not None else None


def is_paid_channel(kind: str | None, spend: float | None) -> bool:
    """A channel is paid spend when money was spent on it.

    A private or content channel with no spend （企微社群，自然流量） is never paid spend,
    whatever its kind; a content or social channel that costs money （达人坑位费） is.
    """
    return spend is not None and spend > 0


def margins(b: _Deriver) -> None:
    """Net and gross margin last year, their changes, and the cost band between them."""
    n = b.notes
    m = n.metrics
    gmv = m.get("gmv")
    if gmv is None:
        return
    gmv_ly = gmv.last_year
    if n.metric_unit("gmv") != n.metric_unit("net_profit") and "net_profit" in m:
        return
    for mid, word in (("net_profit", "净利润"), ("gross_profit", "毛利润")):
        metric = m.get(mid)
        if metric is None or metric.last_year is None:
            continue
        ly = _share(metric.last_year, gmv_ly)
        if ly is None:
            continue
        b.derived(f"{mid}.of_gmv.last_year", f"去年{word}占GMV比例", ly, "%", PCT,
                  kind=UnitKind.SHARE)
        now = _value(b.facts, f"{mid}.of_gmv")
        if now is not None:
            b.derived(f"{mid}.of_gmv.diff", f"{word}占GMV比例较去年变化", now - ly, "个百分点",
                      PCT, signed="points", favorable=(now > ly) if now != ly else None)
    gross_now, gross_ly = _gross_margin(b)
    net_now = _value(b.facts, "net_margin") if "net_margin" in m else _value(
        b.facts, "net_profit.of_gmv")
    net_ly = m["net_margin"].last_year if "net_margin" in m else _value(
        b.facts, "net_profit.of_gmv.last_year")
    if _ok(gross_now, net_now) and gross_now is not None and net_now is not None:
        now = gross_now - net_now
        b.derived("margin.cost_share", "毛利与净利之间的费用占GMV比例", now, "%", PCT,
                  kind=UnitKind.SHARE)
        if _ok(gross_ly, net_ly) and gross_ly is not None and net_ly is not None:
            ly = gross_ly - net_ly
            b.derived("margin.cost_share.last_year", "去年毛利与净利之间的费用占GMV比例", ly, "%",
                      PCT, kind=UnitKind.SHARE)
            b.derived("margin.cost_share.diff", "费用占GMV比例较去年变化", now - ly, "个百分点",
                      PCT, signed="points", favorable=(now < ly) if now != ly else None)


def _gross_margin(b: _Deriver) -> tuple[float | None, float | None]:
    m = b.notes.metrics
    if "gross_margin" in m and is_percent(b.notes.metric_unit("gross_margin")):
        return m["gross_margin"].value, m["gross_margin"].last_year
    return _value(b.facts, "gross_profit.of_gmv"), _value(b.facts, "gross_profit.of_gmv.last_year")


def cost_value(b: _Deriver) -> None:
    """CAC against AOV, this year and last."""
    n = b.notes
    m = n.metrics
    cac, aov = m.get("cac"), m.get("aov")
    if cac is None or aov is None:
        return
    scale = unit_scale(n.metric_unit("cac")) / unit_scale(n.metric_unit("aov"))
    now = _share(cac.value * scale, aov.value)
    if now is None:
        return
    b.derived("cac.of_aov", "获客成本相当于客单价的比例", now, "%", PCT, kind=UnitKind.SHARE)
    if cac.last_year is not None and aov.last_year is not None:
        ly = _share(cac.last_year * scale, aov.last_year)
        if ly is not None:
            b.derived("cac.of_aov.last_year", "去年获客成本相当于客单价的比例", ly, "%", PCT,
                      kind=UnitKind.SHARE)
            b.derived("cac.of_aov.diff", "获客成本相当于客单价的比例较去年变化", now - ly,
                      "个百分点", PCT, signed="points", favorable=(now < ly) if now != ly else None)


def paid_spend(b: _Deriver) -> None:
    """Total spend of the paid channels, when some channel is not paid."""
    chans = b.notes.channels
    paid = [c for c in chans if is_paid_channel(c.kind, c.spend)]
    if not paid:
        return
    unit = paid[0].unit or "万元"
    if any((c.unit or "万元") != unit for c in paid):
        return
    total = sum(float(c.spend or 0) for c in paid)
    dec = max(decimals_of(float(c.spend or 0)) for c in paid)
    b.derived("channels.paid_spend", "付费渠道投入合计", total, unit, dec)
    gmv = b.notes.metrics.get("gmv")
    with_gmv = [c for c in paid if c.gmv is not None]
    if gmv is not None and gmv.value and with_gmv and b.notes.metric_unit("gmv") == unit:
        share = _share(sum(float(c.gmv or 0) for c in with_gmv), gmv.value)
        if share is not None:
            b.derived("channels.paid_gmv_of_total", "付费渠道GMV占全店GMV比重", share, "%", PCT,
                      kind=UnitKind.SHARE)


def channel_of_total(b: _Deriver) -> None:
    """Each channel's GMV as a share of the shop's GMV (same unit)."""
    gmv = b.notes.metrics.get("gmv")
    if gmv is None or not gmv.value:
        return
    for i, c in enumerate(b.notes.channels, 1):
        if c.gmv is None or (c.unit or "万元") != b.notes.metric_unit("gmv"):
            continue
        share = _share(c.gmv, gmv.value)
        if share is not None:
            b.derived(f"channel{i}.gmv_of_total", f"{c.name}GMV占全店GMV比重", share, "%", PCT,
                      kind=UnitKind.SHARE)


def ad_share(b: _Deriver) -> None:
    """Ad spend as a share of GMV, this year and last (both in the same unit)."""
    n = b.notes
    ad, gmv = n.metrics.get("ad_spend"), n.metrics.get("gmv")
    if ad is None or gmv is None or n.metric_unit("ad_spend") != n.metric_unit("gmv"):
        return
    now = _share(ad.value, gmv.value)
    if now is None:
        return
    b.derived("ad_spend.of_gmv", "投放费用占GMV比例", now, "%", PCT, kind=UnitKind.SHARE)
    if ad.last_year is not None and gmv.last_year is not None:
        ly = _share(ad.last_year, gmv.last_year)
        if ly is not None:
            b.derived("ad_spend.of_gmv.last_year", "去年投放费用占GMV比例", ly, "%", PCT,
                      kind=UnitKind.SHARE)


def consistency(b: _Deriver) -> None:
    """Figures the analysis layer sets against each other (never stated in a draft)."""
    n = b.notes
    m = n.metrics
    cac, new_users = m.get("cac"), m.get("new_users")
    if cac is not None and new_users is not None:
        yuan = cac.value * unit_scale(n.metric_unit("cac")) * new_users.value * unit_scale(
            n.metric_unit("new_users"))
        if _ok(yuan):
            b.derived("check.cac_cost", "获客成本×新增用户数", yuan / 1e4, "万元", 0)
            spend = _paid_spend_yuan(b)
            if spend:
                b.derived("check.cac_cost_vs_spend", "获客成本×新增用户数相当于付费投入的倍数",
                          yuan / spend, "倍", RATIO, kind=UnitKind.RATIO)
    gmv, aov = m.get("gmv"), m.get("aov")
    if gmv is not None and aov is not None and aov.value:
        buyers = gmv.value * unit_scale(n.metric_unit("gmv")) / (
            aov.value * unit_scale(n.metric_unit("aov")))
        if _ok(buyers) and n.metric_unit("gmv") and n.metric_unit("aov"):
            b.derived("check.implied_buyers", "GMV÷客单价推算的成交买家数", buyers / 1e4,
                      "万人", 1, kind=UnitKind.COUNT)


def _paid_spend_yuan(b: _Deriver) -> float | None:
    if "ad_spend" in b.notes.metrics:
        return b.notes.metrics["ad_spend"].value * unit_scale(b.notes.metric_unit("ad_spend"))
    fact = b.facts.get("channels.paid_spend")
    return fact.base_value if fact is not None else None


def derive_quality(b: _Deriver) -> None:
    margins(b)
    cost_value(b)
    paid_spend(b)
    ad_share(b)
    channel_of_total(b)
    consistency(b)
