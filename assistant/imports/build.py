"""What the notes file gets from a year of rows: metrics, last year, channels.

Values are kept in their base unit (元, 人, %) as ``Decimal``; the merge converts them
to the unit the notes file uses (万元 by default) without losing precision.
- ``gmv``: each shop platform's headline sales column (生意参谋 支付金额, 京东商智 / 抖店 /
  拼多多 成交金额), summed over the year and per quarter;
- ``aov`` (客单价) = that amount ÷ 买家数 and ``conversion_rate`` = 买家数 ÷ 访客数, both
  from sums over the same rows, never an average of the rows' rates;
- ``visitors`` and ``new_users`` only from a row covering the whole year;
- ad reports: one channel per scene or plan with spend, gmv (总成交金额) and ROI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from assistant.imports import aliases as al
from assistant.imports.aggregate import Total, YearData


@dataclass
class Sourced:
    """A value with the words that say where it came from."""

    value: Decimal
    source: str  # short, for the preview table: "生意参谋·支付金额 ← shop.csv"
    comment: str  # for the notes file, beside the value


@dataclass
class MetricImport:
    id: str
    label: str
    base_unit: str  # 元, %, 人: the unit of the Decimal values
    default_unit: str  # the unit written when the notes have none
    value: Sourced | None = None
    quarterly: list[Decimal] | None = None
    quarter_note: str | None = None
    last_year: Sourced | None = None
    decimals: int | None = None  # rounding in the notes unit; None keeps full precision


@dataclass
class ChannelImport:
    name: str
    platform: str
    spend: Sourced | None = None
    gmv: Sourced | None = None
    roi: Sourced | None = None


@dataclass
class YearImport:
    year: int
    metrics: dict[str, MetricImport] = field(default_factory=dict)
    channels: list[ChannelImport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)


def _files(total_sources: list[tuple[str, str]]) -> str:
    return "、".join(dict.fromkeys(w for w, _ in total_sources))


def _rows_text(t: Total) -> str:
    return f"{t.rows} 行，{t.first} 至 {t.last}"


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _sum_platforms(data: YearData, platforms: list[al.Platform]
                   ) -> tuple[Total | None, list[str], list[str]]:
    """The headline sales of every shop platform added up, with long and short descriptions."""
    totals: list[Total] = []
    described: list[str] = []
    short: list[str] = []
    for p in platforms:
        t = data.total(p.gmv, platform=p.id)
        if t is None:
            continue
        totals.append(t)
        described.append(f"{p.label}“{t.sources[0][1]}”列（{_files(t.sources)}，{_rows_text(t)}）")
        short.append(f"{p.label}“{t.sources[0][1]}” ← {_files(t.sources)}")
    if not totals:
        return None, [], []
    quarters: list[Decimal] | None = [Decimal(0)] * 4
    notes = [t.quarter_note for t in totals if t.quarter_note]
    for t in totals:
        if t.quarters is None or quarters is None:
            quarters = None
        else:
            quarters = [a + b for a, b in zip(quarters, t.quarters, strict=True)]
    merged = Total(sum((t.value for t in totals), Decimal(0)), quarters, "；".join(notes) or None,
                   sum(t.rows for t in totals), [s for t in totals for s in t.sources],
                   min(t.first for t in totals), max(t.last for t in totals))
    return merged, described, short


def _parts(p: al.Platform, which: str) -> tuple[str | None, tuple[str, ...]]:
    """(numerator, denominators in order of preference) of 客单价 or the conversion rate."""
    if which == "aov":
        return p.gmv, (p.buyers,) if p.buyers else ()
    return p.buyers, p.visitors


def _ratio(data: YearData, platforms: list[al.Platform], which: str
           ) -> tuple[Decimal, Decimal, int, list[str]] | None:
    num = den = Decimal(0)
    rows = 0
    names: list[str] = []
    for p in platforms:
        num_id, den_ids = _parts(p, which)
        if num_id is None:
            continue
        for den_id in den_ids:
            parts = data.ratio_parts(num_id, den_id, platform=p.id)
            if parts is None:
                continue
            num, den, rows = num + parts[0], den + parts[1], rows + parts[2]
            table = next(t for t in data.tables if t.platform.id == p.id)
            names.append(f"{p.label}“{table.header_of(num_id)}”÷“{table.header_of(den_id)}”")
            break
    if not rows or not den:
        return None
    return num, den, rows, names


def build_year(data: YearData, last: YearData | None) -> YearImport:
    out = YearImport(data.year, warnings=list(data.warnings))
    if last is not None:
        out.warnings.extend("（去年）" + w for w in last.warnings)
    shops = data.platforms("shop")
    last_shops = last.platforms("shop") if last is not None else []
    if len(shops) > 1:
        out.warnings.append("同时导入了 " + "、".join(p.label for p in shops) + " 的成交数据：GMV 按各平台"
                            "的口径相加（生意参谋为支付金额，京东商智、抖店、拼多多为成交金额），口径不完全相同")

    gmv, described, short = _sum_platforms(data, shops)
    last_gmv, last_described, last_short = (_sum_platforms(last, last_shops) if last is not None
                                            else (None, [], []))
    if gmv is not None or last_gmv is not None:
        m = MetricImport("gmv", "GMV", "元", "万元")
        if gmv is not None:
            m.value = Sourced(gmv.value, "；".join(short),
                              "导入自" + "；".join(described) + "，全年合计")
            m.quarterly, m.quarter_note = gmv.quarters, gmv.quarter_note
        if last_gmv is not None:
            m.last_year = Sourced(last_gmv.value, "；".join(last_short),
                                  "导入（去年）自" + "；".join(last_described) + "，全年合计")
        out.metrics["gmv"] = m

    _add_ratio(out, "aov", "客单价", "元", 2, data, last, shops, last_shops, Decimal(1),
               "买家数按行累计，同一买家在不同天购买计入多次")
    _add_ratio(out, "conversion_rate", "转化率", "%", 2, data, last, shops, last_shops, Decimal(100),
               "买家数与访客数都按行累计")
    _people(out, data, shops)
    _channels(out, data)
    _unused(out, data)
    return out


def _add_ratio(out: YearImport, mid: str, label: str, unit: str, decimals: int,
               data: YearData, last: YearData | None, shops: list[al.Platform],
               last_shops: list[al.Platform], factor: Decimal, basis: str) -> None:
    now = _ratio(data, shops, mid)
    before = _ratio(last, last_shops, mid) if last is not None else None
    if now is None and before is None:
        return
    m = MetricImport(mid, label, unit, unit, decimals=decimals)
    if now is not None:
        n, d, rows, names = now
        m.value = Sourced(n / d * factor, "；".join(names) + f"（{rows} 行合计）",
                          f"导入：{'；'.join(names)}，{rows} 行合计后相除（{basis}）")
    if before is not None:
        n, d, rows, names = before
        m.last_year = Sourced(n / d * factor, "；".join(names) + f"（{rows} 行合计）",
                              f"导入（去年）：{'；'.join(names)}，{rows} 行合计后相除")
    out.metrics[mid] = m


_PEOPLE_METRICS = (("visitors", ("visitors", "item_visitors"), "店铺访客数"),
                   ("new_users", ("new_buyers",), "新增用户数"))


def _people(out: YearImport, data: YearData, shops: list[al.Platform]) -> None:
    """De-duplicated counts: a yearly figure only from a whole-year row; otherwise say so."""
    for mid, measures, label in _PEOPLE_METRICS:
        for measure in measures:
            whole = data.whole_year(measure)
            if whole is not None:
                header = whole.table.header_of(measure)
                out.metrics[mid] = MetricImport(mid, label, "人", "万人", value=Sourced(
                    whole.value, f"{whole.table.platform.label}“{header}” ← {whole.table.where}",
                    f"导入自{whole.table.platform.label}“{header}”列（{whole.table.where} 第 "
                    f"{whole.row.line} 行，全年去重）"))
                break
    summed: list[str] = []
    for measure in dict.fromkeys(o.measure for o in data.obs):
        info = al.MEASURES.get(measure)
        if info is None or info.kind != "people" or data.whole_year(measure) is not None:
            continue
        total = data.total(measure)
        if total is None:
            continue
        summed.append(f"{total.sources[0][1]}（按行累计 {total.value:,.0f} 人次）")
    if summed:
        out.warnings.append(
            "去重人数不能按天、周或月相加（3 月和 5 月都来过的访客是 1 个人），没有写入全年数字："
            + "、".join(summed) + "。要写入全年访客数，请导出统计日期为全年的一行")


def _channels(out: YearImport, data: YearData) -> None:
    names_seen: set[str] = set()
    for p in data.platforms("ads"):
        for name in data.channels(p.id):
            channel = None if name == p.label else name
            c = ChannelImport(name if name not in names_seen else f"{name}({p.label})", p.id)
            names_seen.add(c.name)
            spend = data.total(p.spend or "spend", platform=p.id, channel=channel)
            gmv = data.total(p.gmv, platform=p.id, channel=channel)
            if spend is not None:
                c.spend = Sourced(spend.value, f"{p.label}“{spend.sources[0][1]}” ← {_files(spend.sources)}",
                                  f"导入自{p.label}“{spend.sources[0][1]}”列（{_files(spend.sources)}，"
                                  f"{_rows_text(spend)}）")
            if gmv is not None:
                c.gmv = Sourced(gmv.value, f"{p.label}“{gmv.sources[0][1]}” ← {_files(gmv.sources)}",
                                f"导入自{p.label}“{gmv.sources[0][1]}”列（{_files(gmv.sources)}，"
                                f"{_rows_text(gmv)}）")
            parts = data.ratio_parts(p.gmv, p.spend or "spend", platform=p.id, channel=channel)
            if spend is not None and gmv is not None and parts is not None and parts[1]:
                c.roi = Sourced(parts[0] / parts[1], f"{gmv.sources[0][1]} ÷ {spend.sources[0][1]}",
                                f"导入：{gmv.sources[0][1]} ÷ {spend.sources[0][1]}，{parts[2]} 行合计后相除")
            if c.spend or c.gmv:
                out.channels.append(c)


_USED = {"pay_amount", "deal_amount", "spend", "ad_gmv", "pay_buyers", "deal_buyers",
         "visitors", "item_visitors", "new_buyers"}


def _unused(out: YearImport, data: YearData) -> None:
    kept: dict[str, None] = {}
    for o in data.obs:
        if o.measure not in _USED:
            kept.setdefault(o.table.header_of(o.measure), None)
    if kept:
        out.infos.append("已识别、但素材文件没有对应字段的列（未写入）：" + "、".join(kept))
    rates: dict[str, None] = {}
    for t in data.tables:
        for col in t.columns:
            if col.role == "rate":
                rates.setdefault(col.header, None)
    skipped = dict.fromkeys(h for t in data.tables for h in t.comparisons)
    if skipped:
        out.infos.append("与上一周期对比的列、同一指标的第二个列名（未导入）：" + "、".join(skipped))
    if rates:
        out.infos.append("比率和均值列（" + "、".join(rates) + "）不按行平均：能由合计算出的"
                         "（客单价、转化率、ROI）已重新计算，其余未导入")
