"""Column headers of the back-office exports: alias tables per platform.

Each platform maps the headers it writes to measure ids. Several names of one measure
are aliases (老买家数 / 支付老买家数 / 老客复购人数); measures that only look alike stay
apart (下单金额 vs 支付金额, 退款金额(支付时间) vs 退款金额(退款时间)). Full-width and
half-width brackets, spaces and letter case do not matter (``header_key``).
The tables start from ``shared/spec/imports.md``; unknown columns are listed to the
user, never silently dropped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Literal

MeasureKind = Literal["money", "count", "people", "rate"]
# money: yuan, summed · count: summed (orders, items, clicks) · people: de-duplicated counts,
# never summed into a yearly figure · rate: rates and averages, recomputed, never summed


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    kind: MeasureKind


_MEASURES = [
    Measure("pay_amount", "支付金额", "money"),
    Measure("net_pay_amount", "净支付金额", "money"),
    Measure("order_amount", "下单金额", "money"),
    Measure("deal_amount", "成交金额", "money"),
    Measure("user_pay_amount", "用户支付金额", "money"),
    Measure("old_buyer_amount", "老买家支付金额", "money"),
    Measure("refund_success", "成功退货退款金额", "money"),
    Measure("refund_by_refund_time", "退款金额（退款/完结时间）", "money"),
    Measure("refund_by_pay_time", "退款金额（支付时间）", "money"),
    Measure("refund_after_sale", "取消及售后退款金额", "money"),
    Measure("keyword_ad_spend", "关键词推广费", "money"),
    Measure("site_ad_spend", "全站推广花费", "money"),
    Measure("tbk_commission", "淘宝客佣金", "money"),
    Measure("live_amount", "直播成交金额", "money"),
    Measure("video_amount", "短视频成交金额", "money"),
    Measure("card_amount", "商品卡成交金额", "money"),
    Measure("pay_items", "支付件数", "count"),
    Measure("pay_suborders", "支付子订单数", "count"),
    Measure("deal_orders", "成交订单数", "count"),
    Measure("deal_items", "成交件数", "count"),
    Measure("pageviews", "浏览量", "count"),
    Measure("item_pageviews", "商品浏览量", "count"),
    Measure("visitors", "访客数", "people"),
    Measure("item_visitors", "商品访客数", "people"),
    Measure("pay_buyers", "支付买家数", "people"),
    Measure("order_buyers", "下单买家数", "people"),
    Measure("deal_buyers", "成交买家数", "people"),
    Measure("cart_users", "加购人数", "people"),
    Measure("fav_users", "收藏人数", "people"),
    Measure("old_buyers", "老买家数", "people"),
    Measure("new_buyers", "新买家数", "people"),
    Measure("exposure_users", "商品曝光人数", "people"),
    Measure("click_users", "商品点击人数", "people"),
    # ad reports
    Measure("spend", "花费", "money"),
    Measure("ad_gmv", "总成交金额", "money"),
    Measure("ad_direct_gmv", "直接成交金额", "money"),
    Measure("ad_indirect_gmv", "间接成交金额", "money"),
    Measure("ad_net_gmv", "净交易额", "money"),
    Measure("ad_orders", "总成交笔数", "count"),
    Measure("impressions", "展现量", "count"),
    Measure("clicks", "点击量", "count"),
    Measure("ad_carts", "总购物车数", "count"),
    Measure("ad_new_buyers", "成交新客数", "people"),
    Measure("ad_buyers", "成交人数", "people"),
    # rates and averages: recognised, never summed, recomputed where the parts exist
    Measure("rate", "比率或均值", "rate"),
]
MEASURES: dict[str, Measure] = {m.id: m for m in _MEASURES}

# Non-measure columns.
DATE = "@date"
DIMENSION = "@dim"  # a breakdown (SKU, plan, scene): rows with different values add up
SCENE = "@scene"  # ad scene or plan name: one channel each
PLAN = "@plan"
SOURCE = "@source"  # traffic source breakdown: sources overlap, amounts are not added


@dataclass(frozen=True)
class Platform:
    id: str
    label: str
    kind: Literal["shop", "ads"]
    aliases: dict[str, str]
    gmv: str  # measure id of the headline sales figure (shop) or a channel's gmv (ads)
    gmv_column: str  # how the platform names it, for notes and messages
    buyers: str | None = None  # denominator of 客单价
    visitors: tuple[str, ...] = ()  # denominator of the conversion rate, in order of preference
    spend: str | None = None
    distinctive: frozenset[str] = field(default_factory=frozenset)  # headers only it writes


_DATES = {"统计日期": DATE, "日期": DATE, "时间": DATE, "统计时间": DATE, "统计周期": DATE,
          "日期范围": DATE, "时间范围": DATE, "周期": DATE, "月份": DATE, "数据日期": DATE}

_SYCM = {
    **_DATES,
    "支付金额": "pay_amount", "净支付金额": "net_pay_amount", "下单金额": "order_amount",
    "支付件数": "pay_items", "支付子订单数": "pay_suborders",
    "支付买家数": "pay_buyers", "下单买家数": "order_buyers",
    "访客数": "visitors", "商品访客数": "item_visitors",
    "浏览量": "pageviews", "商品浏览量": "item_pageviews",
    "商品加购人数": "cart_users", "加购人数": "cart_users", "商品收藏人数": "fav_users",
    "支付老买家数": "old_buyers", "老买家数": "old_buyers", "老客复购人数": "old_buyers",
    "支付新买家数": "new_buyers", "新买家数": "new_buyers",
    "老买家支付金额": "old_buyer_amount", "成功退货退款金额": "refund_success",
    "退款金额（完结时间）": "refund_by_refund_time", "退款金额（退款时间）": "refund_by_refund_time",
    "退款金额（支付时间）": "refund_by_pay_time",
    "关键词推广费": "keyword_ad_spend", "全站推广花费": "site_ad_spend",
    "淘宝客佣金": "tbk_commission",
    "支付转化率": "rate", "客单价": "rate", "下单转化率": "rate", "下单-支付转化率": "rate",
    "老客复购率": "rate", "uv价值": "rate",
    "商品id": DIMENSION, "商品名称": DIMENSION, "主商品id": DIMENSION, "货号": DIMENSION,
    "一级来源": SOURCE, "二级来源": SOURCE, "三级来源": SOURCE, "四级来源": SOURCE,
    "流量来源": SOURCE, "来源名称": SOURCE,
}

_JD = {
    **_DATES,
    "成交金额": "deal_amount", "成交单量": "deal_orders", "成交客户数": "deal_buyers",
    "商品访客数": "item_visitors", "访客数": "visitors", "浏览量": "pageviews",
    "加购客户数": "cart_users", "取消及售后退款金额": "refund_after_sale",
    "成交商品件数": "deal_items", "成交件数": "deal_items",
    "成交转化率": "rate", "客单价": "rate", "件单价": "rate", "uv价值": "rate",
    "sku": DIMENSION, "商品名称": DIMENSION, "spu": DIMENSION,
}

_PDD = {
    **_DATES,
    "成交金额": "deal_amount", "成交订单数": "deal_orders", "成交买家数": "deal_buyers",
    "商品访客数": "item_visitors", "访客数": "visitors", "商品浏览量": "item_pageviews",
    "成交转化率": "rate", "下单率": "rate", "成交率": "rate", "客单价": "rate",
    "商品id": DIMENSION, "商品名称": DIMENSION,
}

_DOUDIAN = {
    **_DATES,
    "成交金额": "deal_amount", "用户支付金额": "user_pay_amount", "成交订单数": "deal_orders",
    "成交件数": "deal_items", "成交人数": "deal_buyers",
    "商品曝光人数": "exposure_users", "商品点击人数": "click_users",
    "退款金额（退款时间）": "refund_by_refund_time", "退款金额（支付时间）": "refund_by_pay_time",
    "直播成交金额": "live_amount", "短视频成交金额": "video_amount", "商品卡成交金额": "card_amount",
    "客单价": "rate", "商品点击-成交转化率（人数）": "rate", "商品曝光-点击转化率（人数）": "rate",
    "成交转化率": "rate",
    "商品id": DIMENSION, "商品名称": DIMENSION,
}

_WXT = {
    **_DATES,
    "场景名字": SCENE, "场景名称": SCENE, "计划id": DIMENSION, "计划名字": PLAN, "计划名称": PLAN,
    "单元名字": DIMENSION, "宝贝id": DIMENSION,
    "展现量": "impressions", "点击量": "clicks", "花费": "spend",
    "直接成交金额": "ad_direct_gmv", "间接成交金额": "ad_indirect_gmv", "总成交金额": "ad_gmv",
    "总成交笔数": "ad_orders", "总购物车数": "ad_carts", "成交新客数": "ad_new_buyers",
    "成交人数": "ad_buyers",
    "点击率": "rate", "平均点击花费": "rate", "投入产出比": "rate", "直接投入产出比": "rate",
    "点击转化率": "rate", "千次展现花费": "rate",
}

_PDD_ADS = {
    **_DATES,
    "商品id": DIMENSION, "推广计划": PLAN, "计划名称": PLAN, "推广场景": SCENE,
    "总花费（元）": "spend", "总花费": "spend", "花费（元）": "spend",
    "交易额（元）": "ad_gmv", "交易额": "ad_gmv", "净交易额（元）": "ad_net_gmv", "净交易额": "ad_net_gmv",
    "成交笔数": "ad_orders", "曝光量": "impressions", "点击量": "clicks",
    "实际投产比": "rate", "投入产出比": "rate", "点击率": "rate", "平均点击花费（元）": "rate",
}

# 千川 headers are inferred (spec status I): its reports are not documented in the spec.
_QIANCHUAN = {
    **_DATES,
    "计划名称": PLAN, "计划id": DIMENSION, "推广方式": SCENE, "营销场景": SCENE,
    "消耗": "spend", "消耗（元）": "spend", "整体消耗": "spend",
    "整体成交金额": "ad_gmv", "成交金额": "ad_gmv", "整体支付金额": "ad_gmv",
    "直接成交金额": "ad_direct_gmv", "展示次数": "impressions", "点击次数": "clicks",
    "成交订单数": "ad_orders", "整体成交订单数": "ad_orders",
    "整体支付roi": "rate", "支付roi": "rate", "点击率": "rate", "转化率": "rate",
    "平均千次展示费用": "rate", "平均点击单价": "rate",
}

PLATFORMS: dict[str, Platform] = {p.id: p for p in (
    Platform("sycm", "生意参谋", "shop", _SYCM, "pay_amount", "支付金额", "pay_buyers",
             ("visitors", "item_visitors"),
             distinctive=frozenset({"支付金额", "支付买家数", "支付件数", "支付转化率"})),
    Platform("jd", "京东商智", "shop", _JD, "deal_amount", "成交金额", "deal_buyers",
             ("visitors", "item_visitors"),
             distinctive=frozenset({"成交客户数", "成交单量", "加购客户数", "件单价", "取消及售后退款金额"})),
    Platform("doudian", "抖店罗盘", "shop", _DOUDIAN, "deal_amount", "成交金额", "deal_buyers",
             distinctive=frozenset({"成交人数", "用户支付金额", "商品曝光人数", "商品点击人数",
                                    "直播成交金额"})),
    Platform("pdd", "拼多多", "shop", _PDD, "deal_amount", "成交金额", "deal_buyers",
             ("visitors", "item_visitors"),
             distinctive=frozenset({"成交买家数", "下单率", "成交率"})),
    Platform("wxt", "万相台/直通车", "ads", _WXT, "ad_gmv", "总成交金额", spend="spend",
             distinctive=frozenset({"花费", "总成交金额", "场景名字", "投入产出比"})),
    Platform("pdd_ads", "拼多多推广", "ads", _PDD_ADS, "ad_gmv", "交易额（元）", spend="spend",
             distinctive=frozenset({"总花费（元）", "交易额（元）", "实际投产比"})),
    Platform("qianchuan", "巨量千川", "ads", _QIANCHUAN, "ad_gmv", "整体成交金额", spend="spend",
             distinctive=frozenset({"消耗", "整体成交金额", "整体支付roi"})),
)}

PLATFORM_CHOICES = ("auto", *PLATFORMS)

# A "…较上一周期" / "…环比" twin of a measure: recognised, not imported.
_COMPARISON_SUFFIXES = ("较上一周期", "较上周期", "较前一周期", "环比", "同比", "较上期")
TOTAL_WORDS = ("合计", "总计", "汇总", "总和", "total")


def header_key(text: object) -> str:
    """Comparable form of a header: NFKC (full-width brackets become ASCII), no blanks, lower."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    return "".join(s.split()).lower()


def _normalised(table: dict[str, str]) -> dict[str, str]:
    return {header_key(k): v for k, v in table.items()}


_NORMALISED: dict[str, dict[str, str]] = {pid: _normalised(p.aliases) for pid, p in PLATFORMS.items()}
_DISTINCTIVE: dict[str, frozenset[str]] = {
    pid: frozenset(header_key(h) for h in p.distinctive) for pid, p in PLATFORMS.items()}
ALL_ALIASES: frozenset[str] = frozenset(k for table in _NORMALISED.values() for k in table)


def is_comparison(header: str) -> bool:
    key = header_key(header)
    return any(key.endswith(s) and len(key) > len(s) for s in _COMPARISON_SUFFIXES)


def lookup(platform_id: str, header: object) -> str | None:
    """Measure id (or a column role such as ``DATE``) of ``header`` in a platform's table."""
    return _NORMALISED[platform_id].get(header_key(header))


def known_anywhere(header: object) -> bool:
    return header_key(header) in ALL_ALIASES


def score(platform_id: str, headers: list[object]) -> tuple[int, int]:
    """How well a header row fits a platform: (distinctive headers, known measure headers)."""
    keys = {header_key(h) for h in headers if h is not None}
    table = _NORMALISED[platform_id]
    known = sum(1 for k in keys if k in table and not table[k].startswith("@"))
    return len(keys & _DISTINCTIVE[platform_id]), known


def detect_platform(headers: list[object]) -> str | None:
    """The platform whose alias table fits the header row best, or ``None``."""
    best: tuple[tuple[int, int], str] | None = None
    for pid in PLATFORMS:
        s = score(pid, headers)
        if s[1] == 0:
            continue
        if best is None or s > best[0]:
            best = (s, pid)
    return best[1] if best else None
