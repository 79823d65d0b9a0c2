"""篇一 style: a data-driven review, section by section."""

from __future__ import annotations

from assistant.offline.common import (
    Facts,
    bullets,
    clean,
    join_cn,
    paragraphs,
    pick,
    semi,
    sentence,
)
from assistant.styles import DATA_METRICS_KPI, DATA_METRICS_OPS

KPI_BLOCK_METRICS = {"gmv", "gross_profit", "gross_margin", "net_profit", "net_margin",
                     "new_users", "mau", "dau", "repurchase_rate", "aov", "visitors"}
OPS_TRAFFIC = ("ad_spend", "roi", "cac")
OPS_CONVERSION = ("conversion_rate", "first_response_seconds", "satisfaction", "ship_hours",
                  "delivery_days", "dsr_description", "dsr_service", "dsr_logistics")
OPS_GOODS = ("new_products", "new_product_sell_through", "inventory_turnover_days",
             "stockout_rate", "slow_stock_ratio")


def other_metrics(f: Facts, known: tuple[str, ...] | set[str]) -> list[str]:
    """Metric ids the notes hold that no fixed block of this style writes about."""
    fixed = set(DATA_METRICS_KPI) | set(DATA_METRICS_OPS)
    return [m for m in f.notes.metrics if m not in fixed and m not in known]


def note_of(f: Facts, mid: str) -> str:
    m = f.notes.metrics.get(mid)
    return clean(m.note) if m and m.note else ""


# -- 一、年度核心业绩指标回顾与分析 --------------------------------------------------------

def kpi(f: Facts) -> str:
    n = f.notes
    org = n.report.organization or n.report.team or "我们"
    intro_verdict = ""
    if f.has("gmv.completion"):
        reached = (n.metrics["gmv"].value >= (n.metrics["gmv"].target or 0))
        intro_verdict = "全面完成了年度销售目标" if reached else "销售目标基本达成但仍有缺口"
    intro = sentence(
        f"本年度,{org}围绕公司整体战略目标,聚焦核心业务指标,通过精细化运营和策略调整推动业务增长",
        intro_verdict,
    )
    if n.report.duties:
        intro += sentence(f"{n.report.role or '本人'}主要负责{join_cn([clean(d) for d in n.report.duties])}")
    blocks = [intro, _sales(f), _profit(f), _users(f)]
    extra = [f.metric_line(m) for m in other_metrics(f, KPI_BLOCK_METRICS) if _is_kpi_like(m)]
    if extra:
        blocks.append("### 其他关键指标\n\n" + bullets(extra))
    if n.review.highlights:
        blocks.append("### 年度亮点\n\n" + bullets(clean(h) + "。" for h in n.review.highlights))
    return paragraphs(*blocks)


def _is_kpi_like(mid: str) -> bool:
    return mid not in ("roi", "cac", "ad_spend")


def _sales(f: Facts) -> str:
    if "gmv" not in f.notes.metrics:
        return ""
    lines = []
    total = f"全年实现成交总额{f.t('gmv')}"
    if f.has("gmv.target"):
        total = sentence(total, f"完成年度目标{f.t('gmv.target')}的{f.t('gmv.completion')}",
                         f.p("gmv.gap"))
    else:
        total = sentence(total)
    lines.append(f"**年度总GMV**:{total}")
    if f.has("gmv.last_year"):
        lines.append("**同比增长**:" + sentence(
            f"与上一年度的{f.t('gmv.last_year')}相比,总GMV{f.p('gmv.yoy')}",
            f"绝对额{f.p('gmv.diff')}"))
    if f.has("gmv.q1"):
        quarters = "、".join(f"第{q}季度{f.t(f'gmv.q{i}')}" for i, q in enumerate("一二三四", 1))
        peak = max(range(1, 5), key=lambda i: f.set[f"gmv.q{i}"].value)
        peak_name = "一二三四"[peak - 1]
        text = sentence(f"分季度看,{quarters}",
                        f"其中第{peak_name}季度占全年的{f.t(f'gmv.q{peak}_share')},贡献最大")
        qoq = [f"第{'一二三四'[i - 1]}季度环比{f.p(f'gmv.q{i}_qoq')}" for i in range(2, 5)
               if f.has(f"gmv.q{i}_qoq")]
        if qoq:
            text += sentence("从环比看," + "、".join(qoq))
        if note_of(f, "gmv"):
            text += sentence(f"节奏上,{note_of(f, 'gmv')}")
        lines.append(f"**季度表现分析**:{text}")
    elif note_of(f, "gmv"):
        lines.append(f"**销售节奏**:{note_of(f, 'gmv')}。")
    return "### 整体销售业绩(GMV)\n\n" + bullets(lines)


def _profit(f: Facts) -> str:
    m = f.notes.metrics
    lines = []
    if "gross_profit" in m or "gross_margin" in m:
        parts = []
        if "gross_profit" in m:
            parts.append(f"实现毛利润{f.t('gross_profit')}")
        if "gross_margin" in m:
            margin = f"毛利率为{f.t('gross_margin')}"
            if f.has("gross_margin.diff"):
                margin += f",较去年同期{f.p('gross_margin.diff')}"
            parts.append(margin)
        elif f.has("gross_profit.of_gmv"):
            parts.append(f"毛利润占GMV的{f.t('gross_profit.of_gmv')}")
        text = sentence(*parts)
        if note_of(f, "gross_margin"):
            text += sentence(f"这主要得益于{note_of(f, 'gross_margin')}")
        lines.append(f"**毛利润**:{text}")
    if "net_profit" in m or "net_margin" in m:
        parts = []
        if "net_profit" in m:
            parts.append(f"实现净利润{f.t('net_profit')}")
            if f.has("net_profit.last_year"):
                parts.append(f"较去年{f.p('net_profit.yoy')}")
        if "net_margin" in m:
            parts.append(f"净利率为{f.t('net_margin')}")
        elif f.has("net_profit.of_gmv"):
            parts.append(f"净利润占GMV的比例为{f.t('net_profit.of_gmv')}")
        text = sentence(*parts)
        if note_of(f, "net_profit"):
            text += sentence(f"需要注意的是,{note_of(f, 'net_profit')}")
        lines.append(f"**净利润**:{text}")
    if not lines:
        return ""
    return "### 盈利能力分析\n\n" + bullets(lines)


def _users(f: Facts) -> str:
    m = f.notes.metrics
    lines = []
    if "visitors" in m:
        lines.append(f"**访客规模**:{f.metric_line('visitors')}")
    if "new_users" in m:
        text = f"全年新增用户{f.t('new_users')}"
        if f.has("new_users.target"):
            text = sentence(text, f"完成目标{f.t('new_users.target')}的{f.t('new_users.completion')}",
                            f.p("new_users.gap"))
        else:
            text = sentence(text, f.change_clause("new_users"))
        lines.append(f"**新增用户数**:{text}")
    if "mau" in m or "dau" in m:
        parts = []
        if "mau" in m:
            parts.append(f"月均活跃用户数(MAU)为{f.t('mau')}")
        if "dau" in m:
            parts.append(f"日均活跃用户数(DAU)为{f.t('dau')}")
        if f.has("dau.of_mau"):
            parts.append(f"DAU/MAU活跃度比率为{f.t('dau.of_mau')}")
        text = sentence(*parts)
        if f.has("dau.of_mau"):
            text += "用户粘性仍有进一步提升的空间。"
        lines.append(f"**用户活跃度(DAU/MAU)**:{text}")
    if "repurchase_rate" in m:
        text = sentence(f"年度整体{f.label('repurchase_rate')}为{f.t('repurchase_rate')}",
                        f.change_clause("repurchase_rate"), f.target_clause("repurchase_rate"))
        if note_of(f, "repurchase_rate"):
            text += sentence(note_of(f, "repurchase_rate"))
        lines.append(f"**{f.label('repurchase_rate')}**:{text}")
    if "aov" in m:
        text = sentence(f"年度平均客单价为{f.t('aov')}", f.change_clause("aov"))
        if note_of(f, "aov"):
            text += sentence(f"通过{note_of(f, 'aov')}".replace("通过关联", "关联"))
        lines.append(f"**客单价**:{text}")
    if not lines:
        return ""
    return "### 用户数据分析\n\n" + bullets(lines)


# -- 二、关键运营模块深度复盘 -----------------------------------------------------------

def operations(f: Facts, used_notes: set[str]) -> str:
    blocks = [_traffic(f, used_notes), _conversion(f, used_notes), _goods(f, used_notes),
              _campaigns(f), _projects(f)]
    return paragraphs(*blocks)


def _traffic(f: Facts, used: set[str]) -> str:
    n = f.notes
    lines: list[str] = []
    paid = [(i, c) for i, c in enumerate(n.channels, 1) if c.spend is not None]
    if paid:
        names = join_cn([c.name for _, c in paid])
        head = f"全年主要投放于{names}"
        if f.has("channels.total_spend"):
            head = sentence(f"全年付费推广投入合计{f.t('channels.total_spend')}",
                            f"主要投放于{names}",
                            f"带来GMV {f.t('channels.total_gmv')}" if f.has("channels.total_gmv") else "",
                            f"综合ROI为{f.t('channels.roi')}" if f.has("channels.roi") else "")
        else:
            head = sentence(head)
        lines.append(f"**付费流量**:{head}")
        detail = []
        for i, c in paid:
            bits = [f"{c.name}投入{f.t(f'channel{i}.spend')}"]
            if f.has(f"channel{i}.spend_share"):
                bits[-1] += f"(占总投入的{f.t(f'channel{i}.spend_share')})"
            if f.has(f"channel{i}.gmv"):
                bits.append(f"带来GMV {f.t(f'channel{i}.gmv')}")
            if f.has(f"channel{i}.roi"):
                bits.append(f"ROI为{f.t(f'channel{i}.roi')}")
            detail.append(",".join(bits))
        with_roi = [(i, c) for i, c in paid if f.has(f"channel{i}.roi")]
        roi_text = ""
        if len(with_roi) > 1:
            best = max(with_roi, key=lambda ic: f.set[f"channel{ic[0]}.roi"].value)
            worst = min(with_roi, key=lambda ic: f.set[f"channel{ic[0]}.roi"].value)
            roi_text = sentence(f"从效率看,{best[1].name}的ROI最高,{worst[1].name}的ROI最低,"
                                "预算分配仍有优化空间")
        lines.append("**ROI分析**:" + ";".join(detail) + "。" + roi_text)
        for _i, c in paid:
            if c.note:
                lines.append(f"**{c.name}**:{clean(c.note)}。")
    ad_notes = f.notes_sentences(("广告", "预算", "投放", "推广"), used)
    if ad_notes:
        lines.append("**渠道优化**:" + "".join(ad_notes))
    for mid in ("ad_spend", "roi", "cac"):
        if mid in n.metrics:
            text = f.metric_line(mid)
            if note_of(f, mid):
                text += sentence(note_of(f, mid))
            if mid == "cac" and f.favorable("cac.yoy") is False:
                text += "流量成本持续攀升,对盈利空间形成挤压。"
            lines.append(f"**{f.label(mid)}**:{text}")
    for i, c in enumerate(n.channels, 1):
        if c.spend is not None:
            continue
        bits = []
        if f.has(f"channel{i}.users"):
            bits.append(f"全年沉淀用户{f.t(f'channel{i}.users')}")
        if f.has(f"channel{i}.gmv"):
            bits.append(f"带来GMV {f.t(f'channel{i}.gmv')}")
        text = sentence(*bits)
        if c.note:
            text += sentence(clean(c.note))
        kind = {"private": "私域流量", "free": "免费流量", "content": "内容渠道",
                "social": "社交裂变"}.get(c.kind or "", "其他渠道")
        lines.append(f"**{kind}·{c.name}**:{text}")
    if not lines:
        return ""
    return "### 流量获取与渠道管理\n\n" + bullets(lines)


def _conversion(f: Facts, used: set[str]) -> str:
    n = f.notes
    lines = []
    if "conversion_rate" in n.metrics:
        text = sentence(f"年度平均转化率为{f.t('conversion_rate')}",
                        f.change_clause("conversion_rate"))
        if f.has("conversion_rate.target"):
            text += sentence(f"对照{f.t('conversion_rate.target')}的挑战目标,"
                             f"{f.p('conversion_rate.gap')}")
        if note_of(f, "conversion_rate"):
            text += sentence(note_of(f, "conversion_rate"))
        lines.append(f"**整体转化率**:{text}")
    pay_notes = f.notes_sentences(("支付", "转化", "详情页", "下单"), used)
    if pay_notes:
        lines.append("**关键节点**:" + "".join(pay_notes) + "相关环节需要技术与运营协同优化。")
    service = [m for m in ("first_response_seconds", "satisfaction") if m in n.metrics]
    if service:
        lines.append("**客服响应**:" + "".join(f.metric_line(m) for m in service))
    logistics = [m for m in ("ship_hours", "delivery_days") if m in n.metrics]
    if logistics:
        lines.append("**物流时效**:" + "".join(f.metric_line(m) for m in logistics))
    dsr = [m for m in ("dsr_description", "dsr_service", "dsr_logistics") if m in n.metrics]
    if dsr:
        scores = "、".join(f"{f.label(m).replace('DSR', '')}{f.t(m)}" for m in dsr)
        lines.append("**DSR评分**:" + sentence(f"店铺动态评分{scores}", "整体保持在较高水平"))
    if not lines:
        return ""
    return "### 转化率优化与用户体验\n\n" + bullets(lines)


def _goods(f: Facts, used: set[str]) -> str:
    n = f.notes
    lines = []
    names = {"sku_share": "SKU占比", "traffic_share": "流量占比", "order_share": "订单占比",
             "sales_share": "销售额占比", "profit_share": "利润占比"}
    for i, p in enumerate(n.products, 1):
        bits = [f"{names[k]}{f.t(f'product{i}.{k}')}" for k in names if f.has(f"product{i}.{k}")]
        text = sentence(*bits)
        if p.note:
            text += sentence(clean(p.note))
        elif p.profit_share is not None and p.order_share is not None:
            if p.profit_share >= p.order_share:
                text += "利润贡献高于订单贡献,是盈利的核心支柱。"
            else:
                text += "以走量引流为主,利润贡献偏低。"
        lines.append(f"**{p.segment}**:{text}")
    for mid in ("new_products", "new_product_sell_through"):
        if mid in n.metrics:
            lines.append(f"**{f.label(mid)}**:{f.metric_line(mid)}")
    inv = []
    for mid in ("inventory_turnover_days", "stockout_rate", "slow_stock_ratio"):
        if mid not in n.metrics:
            continue
        text = f.metric_line(mid)
        if mid == "inventory_turnover_days" and f.favorable("inventory_turnover_days.diff"):
            text += "资金利用效率有所提高。"
        if note_of(f, mid):
            text += sentence(note_of(f, mid))
        inv.append(f"**{f.label(mid)}**:{text}")
    lines += inv
    stock_notes = f.notes_sentences(("库存", "缺货", "供应链", "断货"), used)
    if stock_notes:
        lines.append("**供应链协同**:" + "".join(stock_notes))
    if not lines:
        return ""
    return "### 商品运营与供应链管理\n\n" + bullets(lines)


def _campaigns(f: Facts) -> str:
    n = f.notes
    if not n.campaigns:
        return ""
    lines = []
    for c in n.campaigns:
        parts = []
        if c.period:
            parts.append(f"活动周期为{clean(c.period)}")
        if c.actions:
            parts.append("主要动作包括" + semi(c.actions))
        text = sentence(*parts)
        if c.results:
            text += "结果上," + semi(c.results) + "。"
        if c.reflection:
            text += "复盘来看," + semi(c.reflection) + "。"
        lines.append(f"**{c.name}**:{text}")
    return "### 重点大促复盘\n\n" + bullets(lines)


def _projects(f: Facts) -> str:
    n = f.notes
    if not n.projects:
        return ""
    lines = []
    for p in n.projects:
        text = ""
        if p.background:
            text += f"立项背景是{clean(p.background)}。"
        if p.goal:
            text += f"目标是{clean(p.goal)}。"
        if p.actions:
            text += "主要举措:" + semi(p.actions) + "。"
        if p.results:
            text += "取得的成果:" + semi(p.results) + "。"
        if p.lessons:
            text += "可复制的经验是" + semi(p.lessons) + "。"
        lines.append(f"**{p.name}**:{text}")
    return "### 重点专项\n\n" + bullets(lines)


# -- 三、存在的主要问题与挑战 -----------------------------------------------------------

PROBLEM_EVIDENCE: list[tuple[tuple[str, ...], list[str]]] = [
    (("获客", "付费", "推广", "流量"), ["cac", "channels.gmv_of_total", "roi"]),
    (("粘性", "复购", "生命周期", "会员", "留存"), ["repurchase_rate", "dau.of_mau"]),
    (("转化",), ["conversion_rate"]),
    (("库存", "缺货", "供应链"), ["stockout_rate", "inventory_turnover_days"]),
    (("利润", "成本"), ["net_profit", "gross_margin"]),
]


def evidence_for(f: Facts, problem: str, used: set[str]) -> str:
    """A sentence of numbers that backs up a problem, worded unlike the KPI section."""
    for keywords, ids in PROBLEM_EVIDENCE:
        if not any(k in problem for k in keywords):
            continue
        bits = []
        for fid in ids:
            if fid in used or not f.has(fid):
                continue
            used.add(fid)
            fact = f.get(fid)
            if fact is None:
                continue
            if f.has(f"{fid}.yoy") and f.favorable(f"{fid}.yoy") is False:
                bits.append(f"{fact.label}同比{f.p(fid + '.yoy')}至{fact.text}")
            elif f.has(f"{fid}.gap") and f.favorable(f"{fid}.gap") is False:
                bits.append(f"{fact.label}停留在{fact.text},{f.p(fid + '.gap')}")
            else:
                bits.append(f"{fact.label}为{fact.text}")
        if bits:
            return "数据上," + ",".join(bits) + "。"
    return ""


PROJECT_SHORTFALL_NOTES = (
    "这些短板限制了项目效果的进一步放大。",
    "这部分能力不补齐,项目成果就难以持续复制。",
    "下一阶段需要把它们列为优先改进项。",
)


def problems(f: Facts) -> str:
    n = f.notes
    items = list(n.review.problems)
    used: set[str] = set()
    lines = []
    for prob in items:
        ev = evidence_for(f, prob, used)
        lines.append(f"**{clean(prob)}**:{ev or '这一问题在全年运营中反复出现,需要系统性解决。'}")
    for i, p in enumerate(x for x in n.projects if x.shortfalls):
        lines.append(f"**“{p.name}”暴露的不足**:" + semi(p.shortfalls)
                     + "。" + pick(PROJECT_SHORTFALL_NOTES, i))
    if n.growth.shortfalls:
        lines.append("**个人能力短板**:" + "、".join(clean(s) for s in n.growth.shortfalls)
                     + "仍需系统提升。")
    gaps = f.unmet_targets(used)
    if gaps:
        lines.append("**目标缺口**:" + ";".join(gaps) + "。这些缺口是下一年度需要优先补上的短板。")
    intro = "在取得成绩的同时,我们也清醒地看到以下问题:"
    return paragraphs(intro, bullets(lines))


# -- 四、下一年度战略规划与目标展望 ------------------------------------------------------

def plan(f: Facts) -> str:
    n = f.notes
    year = n.report.year + 1
    blocks = [f"基于以上复盘,为应对挑战并抓住新的市场机遇,{year}年我们将重点围绕以下方面展开工作。"]
    targets = []
    for mid in n.plan.targets:
        label = f.label(mid)
        text = f"{label}:目标{f.t('plan.' + mid)}"
        if f.has(f"plan.{mid}.points"):
            text += f",较本年{f.p('plan.' + mid + '.points')}"
        elif f.has(f"plan.{mid}.growth"):
            text += f",较本年{f.p('plan.' + mid + '.growth')}"
        targets.append(f"**{label}**:" + text.split(":", 1)[1] + "。")
    if targets:
        blocks.append("### 目标设定\n\n" + bullets(targets))
    if n.plan.strategies:
        blocks.append("### 核心策略\n\n" + bullets(clean(s) + "。" for s in n.plan.strategies))
    if n.plan.personal_goals:
        blocks.append("### 个人发展\n\n" + bullets(clean(s) + "。" for s in n.plan.personal_goals))
    return paragraphs(*blocks)


# -- 五、总结 ----------------------------------------------------------------------

def summary(f: Facts) -> str:
    n = f.notes
    good: list[str] = []
    bad: list[str] = []
    for mid in n.metrics:
        diff, gap = f.get(f"{mid}.diff"), f.get(f"{mid}.gap")
        growth = f.get(f"{mid}.yoy") if diff is not None and diff.unit != "个百分点" else diff
        # A gain on last year counts as a result even when the target was missed
        # (GMV up 24.2% but short of target): the gain goes to 成绩, the gap to 不足.
        change = f"{f.label(mid)}{'同比' if growth is not diff else ''}{growth.phrase}" if growth else ""
        if growth is not None and growth.favorable:
            good.append(change)
        if gap is not None and gap.favorable is False:
            bad.append(f"{f.label(mid)}{gap.phrase}")
        elif growth is not None and growth.favorable is False:
            bad.append(change)
        elif gap is not None and gap.favorable and growth is None:
            good.append(f"{f.label(mid)}{gap.phrase}")
    opening = f"回顾{n.report.year}年,我们在挑战中前行,取得了值得肯定的成绩,也暴露了亟待解决的问题。"
    body = ""
    if good:
        body += "成绩方面," + "、".join(good[:4]) + ",经营质量稳中有升。"
    if bad:
        body += "不足方面," + "、".join(bad[:3]) + ",提醒我们增长的基础还不够牢固。"
    ahead = "数据是我们的镜子,它真实地反映了我们的优势与不足。"
    if f.has("plan.gmv"):
        ahead += (f"展望{n.report.year + 1}年,我们将以{f.t('plan.gmv')}的GMV目标为牵引,"
                  "以用户为中心,坚持长期主义,实现业务健康、可持续的增长。")
    else:
        ahead += "展望未来,我们将以数据为罗盘,以用户为中心,坚持长期主义,实现业务健康、可持续的增长。"
    return paragraphs(opening + body, ahead)
