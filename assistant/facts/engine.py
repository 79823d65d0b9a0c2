"""Derive every fact from a notes file.

This is the single place where recap does arithmetic. The offline drafter, the
prompts of the model chain, the checker and the exporters all read the ``FactSet``
built here; none of them computes a number of its own.
The rules follow ``shared/spec/number-check.md`` ("What supports a number").
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from assistant.errors import InputError
from assistant.facts.format import decimals_of, direction_word, fmt_number
from assistant.facts.model import DuplicateFactError, Fact, FactSet, FactSource
from assistant.facts.quality import derive_quality
from assistant.metrics_catalog import known_metric
from assistant.notes.schema import Notes
from assistant.numbers import find_numbers
from assistant.units import UnitKind, is_percent, unit_kind

QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
PCT_DECIMALS = 1
RATIO_DECIMALS = 2

CHANNEL_USERS_UNIT = "万人"
COUNTED_LISTS: dict[str, tuple[str, str]] = {
    # id -> (label, unit word used in phrases)
    "projects": ("重点项目数", "个"),
    "campaigns": ("重点活动数", "场"),
    "channels": ("流量渠道数", "个"),
    "strategies": ("下年度核心策略数", "项"),
    "problems": ("主要问题数", "个"),
    "highlights": ("年度亮点数", "项"),
    "duties": ("工作职责模块数", "个"),
    "personal_goals": ("个人发展目标数", "项"),
    "skills": ("能力成长方面数", "个"),
    "products": ("商品结构分层数", "类"),
}


class _Builder:
    def __init__(self, notes: Notes) -> None:
        self.notes = notes
        self.facts = FactSet()

    # -- primitives ------------------------------------------------------------------

    def stated(self, fid: str, label: str, value: float, unit: str, origin: str,
               kind: UnitKind | None = None) -> Fact:
        dec = decimals_of(value)
        text = fmt_number(value, dec) + unit
        return self.facts.add(Fact(fid, label, value, unit, kind or unit_kind(unit), text, text,
                                   "stated", origin, dec))

    def derived(self, fid: str, label: str, value: float, unit: str, decimals: int,
                *, kind: UnitKind | None = None, signed: str | None = None,
                favorable: bool | None = None, source: FactSource = "derived",
                prefix: str = "") -> Fact | None:
        """A computed fact. ``signed`` names the direction style for changes.

        A value that overflowed (``1e308 / 5e-324``) is no fact: nothing is added and
        ``None`` comes back, so no draft can state an ``inf``.
        """
        if not math.isfinite(value):
            return None
        k = kind or unit_kind(unit)
        # Derived numbers are shown as magnitudes; the direction lives in the phrase.
        text = fmt_number(abs(value), decimals) + unit
        if signed:
            phrase = direction_word(k, round(value, decimals + 2), style=signed) + text
            if fmt_number(abs(value), decimals) == "0":
                phrase = "基本持平"
        else:
            phrase = prefix + text
        return self.facts.add(Fact(fid, label, value, unit, k, text, phrase, source, "",
                                   decimals, favorable))

    # -- sections --------------------------------------------------------------------

    def metrics(self) -> None:
        for mid, metric in self.notes.metrics.items():
            label = self.notes.metric_label(mid)
            unit = self.notes.metric_unit(mid)
            info = known_metric(mid)
            higher_better = info.higher_is_better if info else True
            base = f"metrics.{mid}"
            self.stated(mid, label, metric.value, unit, f"{base}.value")
            if metric.target is not None:
                self.stated(f"{mid}.target", f"{label}目标", metric.target, unit, f"{base}.target")
            if metric.last_year is not None:
                self.stated(f"{mid}.last_year", f"{label}(去年)", metric.last_year, unit,
                            f"{base}.last_year")
            if metric.quarterly:
                for i, q in enumerate(metric.quarterly, start=1):
                    self.stated(f"{mid}.q{i}", f"{label}{QUARTERS[i - 1]}", q, unit,
                                f"{base}.quarterly[{i}]")
            self._metric_derived(mid, label, unit, higher_better)

    def _metric_derived(self, mid: str, label: str, unit: str, higher_better: bool) -> None:
        metric = self.notes.metrics[mid]
        v = metric.value
        dec_v = decimals_of(v)
        pct_unit = is_percent(unit)
        diff_unit = "个百分点" if pct_unit else unit
        if metric.last_year is not None and metric.last_year != 0:
            ly = float(metric.last_year)
            change = (v / ly - 1) * 100
            good = (change > 0) == higher_better if change else None
            self.derived(f"{mid}.yoy", f"{label}同比", change, "%", PCT_DECIMALS,
                         kind=UnitKind.SHARE, signed="growth", favorable=good)
            dec = max(dec_v, decimals_of(ly))
            self.derived(f"{mid}.diff", f"{label}较去年变化", v - ly, diff_unit, dec,
                         signed="points" if pct_unit else "amount", favorable=good)
        if metric.target is not None and metric.target != 0:
            t = float(metric.target)
            self.derived(f"{mid}.completion", f"{label}目标完成率", v / t * 100, "%",
                         PCT_DECIMALS, kind=UnitKind.SHARE)
            dec = max(dec_v, decimals_of(t))
            gap = t - v
            reached = (v >= t) if higher_better else (v <= t)
            if v > t:
                word = "超出目标"
            elif v < t:
                word = "距目标还差"
            else:
                word = "与目标持平"
            fact_gap = self.derived(f"{mid}.gap", f"{label}与目标差距", gap, diff_unit, dec,
                                    favorable=reached)
            if fact_gap is None:
                pass
            elif v != t:
                self._replace(fact_gap, phrase=word + fact_gap.text)
            else:
                self._replace(fact_gap, phrase=word)
        if metric.quarterly:
            qs = [float(q) for q in metric.quarterly]
            total = sum(qs)
            dec = max(decimals_of(q) for q in qs)
            self.derived(f"{mid}.q_sum", f"{label}四个季度合计", total, unit, dec)
            if total:
                for i, q in enumerate(qs, start=1):
                    self.derived(f"{mid}.q{i}_share", f"{QUARTERS[i - 1]}{label}占全年比重",
                                 _percent_of_sum(q, qs), "%", PCT_DECIMALS, kind=UnitKind.SHARE)
            for i in range(1, 4):
                prev, cur = qs[i - 1], qs[i]
                if prev:
                    self.derived(f"{mid}.q{i + 1}_qoq", f"{QUARTERS[i]}{label}环比",
                                 (cur / prev - 1) * 100, "%", PCT_DECIMALS, kind=UnitKind.SHARE,
                                 signed="growth")

    def _replace(self, fact: Fact, **changes: Any) -> None:
        from dataclasses import replace

        new = replace(fact, **changes)
        facts = self.facts.facts
        # The fact replaced is nearly always the one just added: no scan of the list
        # (a scan per metric made 10,000 metrics quadratic).
        idx = len(facts) - 1 if facts and facts[-1] is fact else facts.index(fact)
        self.facts.facts[idx] = new
        self.facts._by_id[fact.id] = new

    def ratios(self) -> None:
        m = self.notes.metrics
        gmv = m.get("gmv")
        if gmv and gmv.value:
            for mid, label in (("gross_profit", "毛利润占GMV比例"), ("net_profit", "净利润占GMV比例")):
                if mid in m:
                    self.derived(f"{mid}.of_gmv", label, m[mid].value / gmv.value * 100, "%",
                                 PCT_DECIMALS, kind=UnitKind.SHARE)
        if "dau" in m and "mau" in m and m["mau"].value:
            self.derived("dau.of_mau", "DAU/MAU活跃度", m["dau"].value / m["mau"].value * 100,
                         "%", PCT_DECIMALS, kind=UnitKind.SHARE)

    def channels(self) -> None:
        chans = self.notes.channels
        if not chans:
            return
        spends = [(i, c) for i, c in enumerate(chans, 1) if c.spend is not None]
        gmvs = [(i, c) for i, c in enumerate(chans, 1) if c.gmv is not None]
        total_spend = sum(float(c.spend or 0) for _, c in spends)
        total_gmv = sum(float(c.gmv or 0) for _, c in gmvs)
        for i, c in enumerate(chans, 1):
            unit = c.unit or "万元"
            base = f"channels[{i}]"
            if c.spend is not None:
                self.stated(f"channel{i}.spend", f"{c.name}投入", c.spend, unit, f"{base}.spend")
            if c.gmv is not None:
                self.stated(f"channel{i}.gmv", f"{c.name}带来GMV", c.gmv, unit, f"{base}.gmv")
            if c.users is not None:
                self.stated(f"channel{i}.users", f"{c.name}沉淀用户", c.users, CHANNEL_USERS_UNIT,
                            f"{base}.users")
            if c.roi is not None:
                self.stated(f"channel{i}.roi", f"{c.name}ROI", c.roi, "", f"{base}.roi",
                            kind=UnitKind.RATIO)
            elif c.spend and c.gmv is not None:
                self.derived(f"channel{i}.roi", f"{c.name}ROI", c.gmv / c.spend, "",
                             RATIO_DECIMALS, kind=UnitKind.RATIO)
            if c.spend is not None and total_spend and len(spends) > 1:
                self.derived(f"channel{i}.spend_share", f"{c.name}投入占总投入比重",
                             _percent_of_sum(c.spend, [float(x.spend or 0) for _, x in spends]),
                             "%", PCT_DECIMALS, kind=UnitKind.SHARE)
            if c.gmv is not None and total_gmv and len(gmvs) > 1:
                self.derived(f"channel{i}.gmv_share", f"{c.name}GMV占渠道GMV比重",
                             _percent_of_sum(c.gmv, [float(x.gmv or 0) for _, x in gmvs]),
                             "%", PCT_DECIMALS, kind=UnitKind.SHARE)
        unit = chans[0].unit or "万元"
        if len(spends) > 1:
            dec = max(decimals_of(float(c.spend or 0)) for _, c in spends)
            self.derived("channels.total_spend", "各渠道投入合计", total_spend, unit, dec)
        if len(gmvs) > 1:
            dec = max(decimals_of(float(c.gmv or 0)) for _, c in gmvs)
            self.derived("channels.total_gmv", "各渠道带来GMV合计", total_gmv, unit, dec)
        both = [c for _, c in spends if c.gmv is not None]
        if len(both) > 1:
            s = sum(float(c.spend or 0) for c in both)
            g = sum(float(c.gmv or 0) for c in both)
            if s:
                self.derived("channels.roi", "付费渠道综合ROI", g / s, "", RATIO_DECIMALS,
                             kind=UnitKind.RATIO)
        gmv = self.notes.metrics.get("gmv")
        if gmv and gmv.value and len(gmvs) >= 1 and (self.notes.metric_unit("gmv") == unit):
            self.derived("channels.gmv_of_total", "渠道GMV占全店GMV比重",
                         total_gmv / gmv.value * 100, "%", PCT_DECIMALS, kind=UnitKind.SHARE)

    def products(self) -> None:
        fields = {
            "sku_share": "SKU占比", "traffic_share": "流量占比", "order_share": "订单占比",
            "sales_share": "销售额占比", "profit_share": "利润占比",
        }
        for i, p in enumerate(self.notes.products, 1):
            for name, word in fields.items():
                v = getattr(p, name)
                if v is not None:
                    self.stated(f"product{i}.{name}", f"{p.segment}{word}", v, "%",
                                f"products[{i}].{name}", kind=UnitKind.SHARE)

    def plan(self) -> None:
        for mid, target in self.notes.plan.targets.items():
            label = self.notes.metric_label(mid)
            unit = target.unit if target.unit is not None else self.notes.metric_unit(mid)
            self.stated(f"plan.{mid}", f"下年度{label}目标", target.value, unit,
                        f"plan.targets.{mid}.value")
            current = self.notes.metrics.get(mid)
            if current is None or not current.value:
                continue
            if self.notes.metric_unit(mid) != unit:
                continue
            self.derived(f"plan.{mid}.growth", f"下年度{label}目标较本年",
                         (target.value / current.value - 1) * 100, "%", PCT_DECIMALS,
                         kind=UnitKind.SHARE, signed="growth")
            if is_percent(unit):
                dec = max(decimals_of(target.value), decimals_of(current.value))
                self.derived(f"plan.{mid}.points", f"下年度{label}目标较本年",
                             target.value - current.value, "个百分点", dec, signed="points")

    def counts(self) -> None:
        n = self.notes
        lists: dict[str, list[Any]] = {
            "projects": n.projects, "campaigns": n.campaigns, "channels": n.channels,
            "strategies": n.plan.strategies, "problems": n.review.problems,
            "highlights": n.review.highlights, "duties": n.report.duties,
            "personal_goals": n.plan.personal_goals, "skills": n.growth.skills,
            "products": n.products,
        }
        for name, items in lists.items():
            if items:
                label, word = COUNTED_LISTS[name]
                self.derived(f"count.{name}", label, float(len(items)), word, 0,
                             kind=UnitKind.COUNT, source="count")
        if n.team.size is not None:
            self.stated("team.size", "团队人数", float(n.team.size), "人", "team.size",
                        kind=UnitKind.COUNT)

    def text_numbers(self) -> None:
        """Numbers written inside any string of the notes file are facts too."""
        year = self.notes.report.year
        for path, text in _strings(self.notes.model_dump(mode="python")):
            for k, mention in enumerate(find_numbers(text, year=year), start=1):
                if mention.placeholder:
                    continue
                snippet = _snippet(text, mention.start, mention.end)
                kind = mention.kind if mention.unit else UnitKind.NONE
                self.facts.add(Fact(
                    f"text.{path}.{k}", snippet, mention.value, mention.unit, kind,
                    mention.text, mention.text, "text", path, mention.decimals,
                ))


def _percent_of_sum(part: float, parts: list[float]) -> float:
    """``part`` as a percentage of ``sum(parts)``, right even when the sum overflows.

    Every term is scaled by the largest magnitude first, so two channels of 1.7e308
    each are 50% each, not 0% of ``inf``. Non-finite when the sum is zero.
    """
    scale = max((abs(p) for p in parts), default=0.0)
    if not scale:
        return math.nan
    total = sum(p / scale for p in parts)
    return (part / scale) / total * 100 if total else math.nan


def _strings(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data, start=1):
            yield from _strings(value, f"{path}[{i}]")


def _snippet(text: str, start: int, end: int, width: int = 14) -> str:
    """The clause around a number, as the fact's label."""
    left = max(0, start - width)
    for sep in ",,。;;、\n":
        pos = text.rfind(sep, left, start)
        if pos != -1:
            left = max(left, pos + 1)
    right = min(len(text), end + 6)
    for sep in ",,。;;\n":
        pos = text.find(sep, end, right)
        if pos != -1:
            right = min(right, pos)
    return text[left:right].strip()


def build_facts(notes: Notes) -> FactSet:
    """All facts of ``notes``: stated numbers, derived numbers, counts, text numbers."""
    b = _Builder(notes)
    try:
        b.metrics()
        b.ratios()
        b.channels()
        derive_quality(b)
        b.products()
        b.plan()
        b.counts()
        b.text_numbers()
    except DuplicateFactError as exc:
        raise InputError(
            f"素材里的 id 与程序推算出的数字重名：“{exc.fact_id}”，无法区分两者。",
            hint="给 [metrics.…] 或 [plan.targets.…] 换一个不含点号、不与其他指标重名的 id。",
        ) from None
    return b.facts
