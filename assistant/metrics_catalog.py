"""The metrics recap knows by id: Chinese label, default unit, direction, help text.

A notes file may use any other id as long as it gives a ``label``. ``help`` is what
the interview shows when the user types ``?``: what the metric means and where to
find it in the shop back office. ``aliases`` are the other names a review uses for
the metric (GMV / 成交额 / 销售额); the number checker uses them, with the label, to
tell what a number in a draft is about.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricInfo:
    id: str
    label: str
    unit: str
    higher_is_better: bool = True
    is_share: bool = False  # a percentage that must lie in 0..100
    help: str = ""
    aliases: tuple[str, ...] = ()


_CATALOG = [
    MetricInfo("gmv", "GMV", "万元", help="全年成交总额(一般按下单金额统计,具体口径以店铺后台为准)。生意参谋/京东商智 → 交易概况 → 成交金额。",
               aliases=("GMV", "成交额", "成交总额", "成交金额", "销售额", "销售总额", "总销售额", "交易额", "营业额")),
    MetricInfo("gross_profit", "毛利润", "万元", help="销售收入减去商品成本。通常来自财务报表或 ERP 的利润表。",
               aliases=("毛利润", "毛利额", "毛利")),
    MetricInfo("gross_margin", "毛利率", "%", is_share=True, help="毛利润 ÷ 销售收入 × 100%。财务报表或 ERP 利润分析。",
               aliases=("毛利率",)),
    MetricInfo("net_profit", "净利润", "万元", help="扣除推广、人力、物流等全部费用后的利润。财务报表。",
               aliases=("净利润", "净利")),
    MetricInfo("net_margin", "净利率", "%", is_share=True, help="净利润 ÷ 销售收入 × 100%。财务报表。",
               aliases=("净利率", "净利润率")),
    MetricInfo("new_users", "新增用户数", "万人", help="全年首次下单或首次注册的用户数。生意参谋 → 客群洞察 / 会员中心。",
               aliases=("新增用户数", "新增用户", "新用户", "新客数", "新增客户", "拉新")),
    MetricInfo("mau", "月均活跃用户数(MAU)", "万人", help="每月至少访问一次的用户数的全年月均值。生意参谋 → 流量 → 访客分析。",
               aliases=("MAU", "月活", "月活跃用户数", "月活跃用户", "月均活跃用户数", "月活用户")),
    MetricInfo("dau", "日均活跃用户数(DAU)", "万人", help="每天访问的用户数的全年日均值。生意参谋 → 流量 → 访客分析。",
               aliases=("DAU", "日活", "日活跃用户数", "日活跃用户", "日均活跃用户数", "日活用户")),
    MetricInfo("repurchase_rate", "复购率", "%", is_share=True, help="一年内购买两次及以上的买家占全部买家的比例。生意参谋 → 客群洞察 → 复购分析。",
               aliases=("复购率", "回购率", "重复购买率")),
    MetricInfo("aov", "客单价", "元", help="成交金额 ÷ 成交买家数。生意参谋 → 交易概况。",
               aliases=("客单价", "平均客单价", "AOV", "笔单价")),
    MetricInfo("ad_spend", "广告投入", "万元", higher_is_better=False, help="全年付费推广花费合计(直通车、引力魔方、信息流等)。各推广后台的账户报表。",
               aliases=("广告投入", "推广投入", "推广费用", "推广花费", "推广费", "广告费", "广告花费", "投放费用", "投放金额", "投入")),
    MetricInfo("roi", "投入产出比(ROI)", "", help="推广带来的成交金额 ÷ 推广花费。各推广后台的效果报表。",
               aliases=("ROI", "投入产出比", "投产比", "投资回报率")),
    MetricInfo("cac", "获客成本(CAC)", "元", higher_is_better=False, help="获取一个新客户的平均花费 = 获客费用 ÷ 新客数。按推广报表与新客数自行计算。",
               aliases=("获客成本", "CAC", "拉新成本", "单客获客成本", "单客花费", "获客花费", "拉新花费")),
    MetricInfo("conversion_rate", "转化率", "%", is_share=True, help="成交买家数 ÷ 访客数 × 100%。生意参谋 → 交易概况 → 支付转化率。",
               aliases=("转化率", "支付转化率", "成交转化率", "CVR")),
    MetricInfo("inventory_turnover_days", "库存周转天数", "天", higher_is_better=False, help="平均库存 ÷ 日均销售成本。ERP 或仓储系统的库存报表。",
               aliases=("库存周转天数", "周转天数", "库存周转")),
    MetricInfo("stockout_rate", "缺货率", "%", higher_is_better=False, is_share=True, help="缺货的 SKU 或订单占比。ERP 或仓储系统。",
               aliases=("缺货率", "断货率")),
    MetricInfo("slow_stock_ratio", "滞销库存占比", "%", higher_is_better=False, is_share=True, help="超过约定天数未动销的库存金额占全部库存的比例。ERP 库存账龄报表。",
               aliases=("滞销库存占比", "滞销率")),
    MetricInfo("first_response_seconds", "客服平均首次响应时间", "秒", higher_is_better=False, help="买家发起咨询到客服首次回复的平均时长。客服绩效后台(如赤兔、京东咚咚)。",
               aliases=("首次响应时间", "首响时间", "首次响应时长", "响应时间")),
    MetricInfo("satisfaction", "客户满意度", "%", is_share=True, help="评价为满意的咨询占比。客服绩效后台。",
               aliases=("客户满意度", "满意度")),
    MetricInfo("ship_hours", "平均发货时长", "小时", higher_is_better=False, help="付款到发货的平均时长。物流或订单后台。",
               aliases=("平均发货时长", "发货时长", "发货时效")),
    MetricInfo("delivery_days", "平均签收时效", "天", higher_is_better=False, help="发货到买家签收的平均天数。物流后台。",
               aliases=("平均签收时效", "签收时效", "物流时效")),
    MetricInfo("dsr_description", "DSR描述相符", "分", help="店铺动态评分的“描述相符”一项。店铺后台首页或体检中心。",
               aliases=("描述相符",)),
    MetricInfo("dsr_service", "DSR服务态度", "分", help="店铺动态评分的“服务态度”一项。店铺后台首页或体检中心。",
               aliases=("服务态度",)),
    MetricInfo("dsr_logistics", "DSR物流服务", "分", help="店铺动态评分的“物流服务”一项。店铺后台首页或体检中心。",
               aliases=("物流服务",)),
    MetricInfo("new_products", "全年上新款数", "款", help="本年度新上架的商品款数。商品管理后台。",
               aliases=("上新款数", "新品款数", "上新")),
    MetricInfo("new_product_sell_through", "新品动销率", "%", is_share=True, help="有销量的新品款数 ÷ 新品总款数。商品分析报表。",
               aliases=("新品动销率", "动销率")),
    MetricInfo("visitors", "店铺访客数", "万人", help="全年店铺访客数(UV)。生意参谋 → 流量概况。",
               aliases=("店铺访客数", "访客数", "访客", "UV")),
]

METRICS: dict[str, MetricInfo] = {m.id: m for m in _CATALOG}


def known_metric(metric_id: str) -> MetricInfo | None:
    return METRICS.get(metric_id)
