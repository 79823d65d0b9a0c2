"""Numbers that are valid but probably wrong: ask the user before they reach a report.

The schema refuses what cannot be right (text where a number belongs, a share over
100 for a known percentage metric). This module finds what is allowed but unlikely:
a negative GMV, a GMV typed in 元 into a 万元 question (thousands of times its target),
a product count of 4.8, a gross margin that does not match gross profit ÷ GMV, shares
over 100. The interview asks the user to confirm or correct each one; ``recap draft``
prints them as warnings. Every derived number shown comes from the fact engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.facts import FactSet, build_facts
from assistant.facts.format import decimals_of, fmt_number
from assistant.metrics_catalog import known_metric
from assistant.notes.schema import Notes
from assistant.units import is_percent

# Metrics that may honestly be negative (a loss).
MAY_BE_NEGATIVE = {"net_profit", "gross_profit"}
# Units that count whole things.
COUNT_UNITS = {"款", "个", "人", "次", "单", "件", "家", "场", "项", "名", "位"}
# A value this many times its target or last year's (or this small a fraction) is doubted.
MAGNITUDE = 5.0
# Percentage points a stated ratio may differ from the one its parts give.
RATIO_TOLERANCE = 1.0
# Stated ratio -> (numerator metric, fact id of numerator ÷ GMV).
RATIO_PARTS = {"gross_margin": ("gross_profit", "gross_profit.of_gmv"),
               "net_margin": ("net_profit", "net_profit.of_gmv")}
SHARE_FIELDS = {"sku_share": "SKU 数占比", "traffic_share": "流量占比",
                "order_share": "订单占比", "sales_share": "销售额占比",
                "profit_share": "利润占比"}


@dataclass(frozen=True)
class Doubt:
    """One number to confirm: where it is (``metrics.gmv.value``) and why it looks wrong."""

    path: str
    message: str
    kind: str  # sign / magnitude / integer / ratio / share

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.path}"

    def describe(self) -> str:
        return f"{self.path}:{self.message}"


def _num(value: float) -> str:
    return fmt_number(value, decimals_of(value))


def _unit_text(unit: str) -> str:
    return f" {unit}" if unit and not unit.startswith("%") else unit


def check_plausibility(notes: Notes, facts: FactSet | None = None) -> list[Doubt]:
    """Every doubtful number of ``notes``, in file order."""
    facts = facts if facts is not None else build_facts(notes)
    doubts: list[Doubt] = []
    for mid, metric in notes.metrics.items():
        label = notes.metric_label(mid)
        unit = notes.metric_unit(mid)
        base = f"metrics.{mid}"
        doubts += _sign(mid, base, label, unit, metric.value, metric.target, metric.last_year,
                        metric.quarterly)
        doubts += _magnitude(mid, base, label, unit, facts)
        doubts += _integer(base, label, unit, metric.value, metric.target, metric.last_year)
        doubts += _share(mid, base, label, unit, metric.value, metric.target, metric.last_year)
        doubts += _ratio(mid, base, label, metric.value, unit, notes, facts)
    doubts += _product_shares(notes)
    return doubts


def _sign(mid: str, base: str, label: str, unit: str, value: float, target: float | None,
          last_year: float | None, quarterly: list[float] | None) -> list[Doubt]:
    if mid in MAY_BE_NEGATIVE or "利润" in label:
        return []
    out: list[Doubt] = []
    for name, v in (("value", value), ("target", target), ("last_year", last_year)):
        if v is not None and v < 0:
            out.append(Doubt(f"{base}.{name}",
                             f"{label}是负数({_num(v)}{_unit_text(unit)})，一般不会小于 0,"
                             "是否多打了负号？", "sign"))
    if quarterly and any(q < 0 for q in quarterly):
        out.append(Doubt(f"{base}.quarterly", f"{label}的季度数字里有负数，是否多打了负号？",
                         "sign"))
    return out


def _magnitude(mid: str, base: str, label: str, unit: str, facts: FactSet) -> list[Doubt]:
    out: list[Doubt] = []
    if is_percent(unit):
        return out  # a rate against its target: points, not multiples
    completion = facts.get(f"{mid}.completion")
    if completion is not None and completion.value > 0 and not (
            1 / MAGNITUDE <= completion.value / 100 <= MAGNITUDE):
        out.append(Doubt(f"{base}.value",
                         f"{label}是年度目标的 {completion.text}，相差太多；"
                         f"单位是否填错了（这里的单位是{unit or '无单位'}）？", "magnitude"))
    yoy = facts.get(f"{mid}.yoy")
    if yoy is not None and not (1 / MAGNITUDE <= 1 + yoy.value / 100 <= MAGNITUDE):
        out.append(Doubt(f"{base}.value",
                         f"{label}与去年相比{yoy.phrase}，变化异常大；"
                         f"单位是否填错了（这里的单位是{unit or '无单位'}）？", "magnitude"))
    q_sum = facts.get(f"{mid}.q_sum")
    value = facts.get(mid)
    if q_sum is not None and value is not None and value.value > 0 and q_sum.value > 0 and not (
            1 / MAGNITUDE <= q_sum.value / value.value <= MAGNITUDE):
        out.append(Doubt(f"{base}.quarterly",
                         f"{label}四个季度合计 {q_sum.text}，与全年 {value.text} 相差太多；"
                         "是否用了不同的单位？", "magnitude"))
    return out


def _integer(base: str, label: str, unit: str, *values: float | None) -> list[Doubt]:
    if unit not in COUNT_UNITS:
        return []
    out: list[Doubt] = []
    for name, v in zip(("value", "target", "last_year"), values, strict=True):
        if v is not None and not float(v).is_integer():
            out.append(Doubt(f"{base}.{name}",
                             f"{label}按“{unit}”计，应是整数，现在是 {_num(v)}", "integer"))
    return out


def _share(mid: str, base: str, label: str, unit: str, *values: float | None) -> list[Doubt]:
    info = known_metric(mid)
    is_share = (info.is_share if info else label.endswith(("率", "占比", "比例", "比重")))
    if not (is_share and is_percent(unit)):
        return []
    return [Doubt(f"{base}.{name}", f"{label}是百分比，应在 0 到 100 之间，现在是 {_num(v)}",
                  "share")
            for name, v in zip(("value", "target", "last_year"), values, strict=True)
            if v is not None and not 0 <= v <= 100]


def _ratio(mid: str, base: str, label: str, value: float, unit: str, notes: Notes,
           facts: FactSet) -> list[Doubt]:
    parts = RATIO_PARTS.get(mid)
    if parts is None or not is_percent(unit):
        return []
    numerator, fact_id = parts
    derived = facts.get(fact_id)
    if derived is None or abs(derived.value - value) <= RATIO_TOLERANCE:
        return []
    return [Doubt(f"{base}.value",
                  f"{label} {_num(value)}% 与{notes.metric_label(numerator)} ÷ GMV 得出的 "
                  f"{derived.text} 不一致，请核对其中一个", "ratio")]


def _product_shares(notes: Notes) -> list[Doubt]:
    out: list[Doubt] = []
    if not notes.products:
        return out
    for name, label in SHARE_FIELDS.items():
        values = [getattr(p, name) for p in notes.products if getattr(p, name) is not None]
        total = sum(values)
        if len(values) > 1 and total > 100 + RATIO_TOLERANCE:
            out.append(Doubt(f"products.{name}",
                             f"各类商品的{label}加起来超过 100%(共 {len(values)} 类)，请核对",
                             "share"))
    return out
