"""篇二 style: a narrative, strategic review told through a few key battles."""

from __future__ import annotations

from assistant.offline.common import Facts, bullets, clean, join_cn, paragraphs, pick, semi, sentence
from assistant.offline.data_style import evidence_for


def preface(f: Facts) -> str:
    n = f.notes
    who = n.report.team or n.report.organization or "我们的团队"
    first = (f"回望{n.report.year}年,电商行业流量红利消退、消费者心智变迁、新兴渠道崛起,"
             "每一个变化都在考验团队的判断力与执行力。")
    second = (f"在这样的大背景下,{who}没有选择随波逐流,而是坚持以用户为本、以数据为据,"
              "在不确定性中寻找属于我们的确定性增长路径。")
    result = ""
    if f.has("gmv.yoy"):
        result = sentence(f"这一年,店铺GMV达到{f.t('gmv')}", f"同比{f.p('gmv.yoy')}",
                          "这是全体成员共同努力的结果")
    elif "visitors" in n.metrics and f.has("visitors.yoy"):
        result = sentence(f"这一年,{f.label('visitors')}达到{f.t('visitors')}",
                          f"同比{f.p('visitors.yoy')}")
    closing = ("这份总结不仅是对过去一年工作的梳理,更是一次关于战略、团队与未来的深度思考"
               + (f",谨呈{n.report.audience}审阅。" if n.report.audience else "。"))
    return paragraphs(first + second, result + closing)


def _battle(title: str, story: str, reflection: str) -> str:
    return paragraphs(f"**{title}**", bullets([f"**执行回顾**:{story}",
                                               f"**战略反思**:{reflection}"]))


def strategy(f: Facts) -> str:
    n = f.notes
    battles: list[str] = []
    # Growth: scale and quality of the business.
    if "gmv" in n.metrics:
        story = sentence(f"全年实现GMV {f.t('gmv')}",
                         f"较去年{f.p('gmv.yoy')}" if f.has("gmv.yoy") else "",
                         f"完成年度目标的{f.t('gmv.completion')}" if f.has("gmv.completion") else "")
        if f.has("gross_margin.diff"):
            story += sentence(f"更难得的是,毛利率达到{f.t('gross_margin')}",
                              f"较去年{f.p('gross_margin.diff')}",
                              "增长没有以牺牲利润为代价")
        m = n.metrics["gmv"]
        reflection = (clean(m.note) + "。") if m.note else ""
        reflection += "规模增长之外,我们更看重增长的质量与可持续性。"
        battles.append(_battle("规模与质量的双线推进", story, reflection))
    # Channels: paid efficiency and the shift to content and private traffic.
    paid = [(i, c) for i, c in enumerate(n.channels, 1) if c.spend is not None]
    others = [(i, c) for i, c in enumerate(n.channels, 1) if c.spend is None]
    if paid or others:
        story = ""
        if paid and f.has("channels.total_spend"):
            story += sentence(f"付费渠道全年投入{f.t('channels.total_spend')}",
                              f"覆盖{join_cn([ch.name for _, ch in paid])}",
                              f"综合ROI {f.t('channels.roi')}" if f.has("channels.roi") else "")
        for i, ch in others:
            if f.has(f"channel{i}.users"):
                story += sentence(f"{ch.name}累计沉淀用户{f.t(f'channel{i}.users')}")
        notes = [clean(ch.note) for _, ch in paid + others if ch.note]
        reflection = (";".join(notes) + "。") if notes else ""
        reflection += "公域流量越来越贵,把用户沉淀为可反复触达的资产,是我们必须走通的路。"
        battles.append(_battle("从流量收割走向用户经营", story, reflection))
    for c in n.campaigns:
        story = ""
        if c.actions:
            story += "我们" + semi(c.actions) + "。"
        if c.results:
            story += ("最终," if c.actions else "活动期间,") + semi(c.results) + "。"
        reflection = (semi(c.reflection) + "。") if c.reflection else (
            "这次活动的成功有一定偶然性,未来需要把打法沉淀为可复制的标准流程。")
        battles.append(_battle(f"{c.name}:大促节点的新打法", story or "详见活动复盘。", reflection))
    for p in n.projects:
        story = ""
        if p.background:
            story += f"起点是:{clean(p.background)}。"
        if p.actions:
            story += "我们" + semi(p.actions) + "。"
        if p.results:
            story += "结果," + semi(p.results) + "。"
        reflection = ""
        if p.lessons:
            reflection += "我们的体会是:" + semi(p.lessons) + "。"
        if p.shortfalls:
            reflection += "不足在于:" + semi(p.shortfalls) + "。"
        battles.append(_battle(p.name, story, reflection or "这一项目为后续工作积累了方法。"))
    if not battles and n.review.highlights:
        battles.append(_battle("全年亮点", "".join(clean(h) + "。" for h in n.review.highlights),
                               "亮点背后是持续投入,下一步要把偶然的成功变成稳定的能力。"))
        highlights_used = True
    else:
        highlights_used = False
    intro = ("年初,我们确定了从单纯追求短期成交的“流量收割”模式,向构建长期价值的“用户经营”"
             "模式转型。这一思路贯穿了全年的运营工作,具体体现在以下几场关键战役中:")
    tail = ""
    if n.review.highlights and not highlights_used:
        tail = "此外,全年还有这些值得记住的进展:" + semi(n.review.highlights) + "。"
    return paragraphs(intro, *battles, tail)


def team(f: Facts) -> str:
    n = f.notes
    blocks = ["业务的成功离不开人的成长。过去一年,我们着力于能力建设,"
              "致力于让每个人从“执行者”成长为“思考者”和“操盘手”。"]
    if n.team.size is not None:
        blocks.append(f"目前团队共{f.t('team.size')},分工覆盖运营、内容、数据与客服等关键环节。")
    if n.team.initiatives:
        blocks.append(bullets(clean(x) + "。" for x in n.team.initiatives))
    if n.team.notes:
        blocks.append(clean(n.team.notes) + "。")
    if n.growth.skills:
        blocks.append("在个人层面,这一年的成长集中在:" + semi(n.growth.skills)
                      + "。数据驱动已经从口号变成了日常工作方式:每一次活动策划、每一次页面改版,"
                      "都坚持用数据说话。")
    if n.review.lessons:
        blocks.append("我们也沉淀了几条经验:" + semi(n.review.lessons) + "。")
    return paragraphs(*blocks)


PERSONAL_SHORTFALLS = (
    "这是限制我进一步承担更大职责的短板,需要有计划地补齐。",
    "目前更多停留在执行层面,缺少由点及面的判断,这是下一阶段要突破的地方。",
    "这一块的积累还不够,需要通过系统学习和实战来弥补。",
)


def challenges(f: Facts) -> str:
    n = f.notes
    used: set[str] = set()
    lines = []
    for prob in n.review.problems:
        ev = evidence_for(f, prob, used)
        lines.append(f"**{clean(prob)}**:{ev or '这一问题看似是执行层面的,根源在于体系与能力尚未跟上业务的变化。'}")
    for i, s in enumerate(n.growth.shortfalls):
        lines.append(f"**{clean(s)}**:{pick(PERSONAL_SHORTFALLS, i)}")
    intro = "在取得成绩的同时,我们也清醒地认识到前进道路上的荆棘:"
    gaps = f.unmet_targets(used)
    tail = ""
    if gaps:
        tail = ("更深一层看,目标与现实之间仍有落差:" + ";".join(gaps)
                + "。如何把偶然的成功转化为可复制、可持续的增长模式,是我们面临的最大挑战。")
    return paragraphs(intro, bullets(lines), tail)


def outlook(f: Facts) -> str:
    n = f.notes
    blocks = ["展望未来,我们认为电商的下一站是“全域经营”:消费者的决策路径不再是单一的搜索和比价,"
              "而是被内容、兴趣和社交所驱动。为此,我们将坚定不移地推进以下方向:"]
    if n.plan.strategies:
        blocks.append(bullets(f"**{clean(s)}**。" for s in n.plan.strategies))
    targets = []
    for mid in n.plan.targets:
        clause = f"{f.label(mid)}达到{f.t('plan.' + mid)}"
        if f.has(f"plan.{mid}.growth") and not f.has(f"plan.{mid}.points"):
            clause += f"(较本年{f.p('plan.' + mid + '.growth')})"
        elif f.has(f"plan.{mid}.points"):
            clause += f"(较本年{f.p('plan.' + mid + '.points')})"
        targets.append(clause)
    if targets:
        blocks.append("落到数字上,下一年度我们的目标是" + ",".join(targets) + "。")
    if n.plan.personal_goals:
        blocks.append("个人层面,我给自己定下的目标是:" + semi(n.plan.personal_goals) + "。")
    return paragraphs(*blocks)


def closing(f: Facts) -> str:
    n = f.notes
    year = n.report.year
    return paragraphs(
        f"过去的{year}年,我们一同经历了市场的风雨,也一同见证了成长的喜悦。"
        "从“流量”到“用户”的转型之旅,我们才刚刚起步。",
        "前路漫漫,道阻且长,但我们坚信:只要始终坚持以用户为中心,坚持长期主义,"
        f"就一定能在{year + 1}年走得更稳、更远。",
    )
