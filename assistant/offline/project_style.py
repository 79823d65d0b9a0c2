"""篇三 style: a personal review by duty and by project."""

from __future__ import annotations

from assistant.offline.common import (
    Facts,
    bullets,
    clean,
    join_cn,
    missing_marker,
    paragraphs,
    pick,
    semi,
    sentence,
)


def duties(f: Facts) -> str:
    n = f.notes
    r = n.report
    role = r.role or "运营岗位"
    if r.duties:
        scope = f"主要负责{join_cn([clean(d) for d in r.duties])}"
        if f.has("count.duties"):
            scope += f"共{f.t('count.duties')}模块"
    else:
        scope = f"主要负责{r.organization or '店铺'}的整体运营"
    intro = sentence(f"本人在本年度担任{role}", scope)
    kpis = [mid for mid, m in n.metrics.items() if m.target is not None]
    if kpis:
        intro += "年度核心KPI为:" + ";".join(
            f"{f.label(mid)}达到{f.t(mid + '.target')}" for mid in kpis) + "。"
    lines = []
    for mid in kpis:
        m = n.metrics[mid]
        parts = [f"{f.label(mid)}为{f.t(mid)}"]
        if f.has(f"{mid}.last_year"):
            parts.append(f.change_clause(mid))
        reached = f.favorable(f"{mid}.gap")
        gap = f.p(f"{mid}.gap")
        if reached:
            parts.append(f"{gap},成功达成目标")
        else:
            parts.append(f"低于{f.t(mid + '.target')}的目标,{gap}")
        text = sentence(*parts)
        if m.note:
            lead = "主要原因是" if not reached else "这得益于"
            text += sentence(lead + clean(m.note))
        lines.append(f"**{f.label(mid)}**:{text}")
    others = []
    for mid, m in n.metrics.items():
        if m.target is not None:
            continue
        clause = f"{f.label(mid)}{f.t(mid)}"
        if f.has(f"{mid}.last_year"):
            clause += f"({f.change_clause(mid)})"
        others.append(clause)
    done = sum(1 for mid in kpis if f.favorable(f"{mid}.gap"))
    if kpis and done == len(kpis):
        verdict = "总体而言,本年度各项核心目标均已达成。"
    elif kpis and done:
        verdict = "总体而言,本年度工作有亮点也有不足,部分目标仍有差距。"
    elif kpis:
        verdict = "总体而言,本年度核心目标尚未达成,需要认真复盘原因。"
    else:
        verdict = "总体而言,本年度工作有亮点也有不足。"
    verdict += "通过对重点工作的复盘,我希望总结经验、弥补短板,为下一年度做好规划。"
    block = "### 目标完成情况\n\n" + bullets(lines) if lines else ""
    work_block = _work_highlights(f)
    other_block = ""
    if others:
        other_block = ("### 其他关键数据\n\n" + "除上述考核指标外,全年其他关键数据如下:"
                       + ";".join(others) + "。")
    return paragraphs(intro, block, work_block, other_block, verdict)


def _work_highlights(f: Facts) -> str:
    """Channels and highlights: what the year's work consisted of, for shop-level notes."""
    n = f.notes
    lines = []
    paid = [(i, c) for i, c in enumerate(n.channels, 1) if c.spend is not None]
    if paid and f.has("channels.total_spend"):
        per = ";".join(
            f"{c.name}投入{f.t(f'channel{i}.spend')}" + (
                f",ROI {f.t(f'channel{i}.roi')}" if f.has(f"channel{i}.roi") else "")
            for i, c in paid)
        lines.append(f"**付费推广**:全年统筹投放{f.t('channels.total_spend')},"
                     + (f"综合ROI {f.t('channels.roi')}。" if f.has("channels.roi") else "")
                     + f"分渠道看,{per}。")
    for i, c in enumerate(n.channels, 1):
        if c.spend is None and (c.users is not None or c.note):
            text = f"累计沉淀用户{f.t(f'channel{i}.users')}。" if c.users is not None else ""
            if c.note:
                text += clean(c.note) + "。"
            lines.append(f"**{c.name}**:{text}")
    if n.review.highlights:
        lines.append("**年度亮点**:" + semi(n.review.highlights) + "。")
    other_notes = f.notes_sentences((), set())
    if other_notes:
        lines.append("**其他工作**:" + "".join(other_notes))
    if not lines:
        return ""
    return "### 重点工作与亮点\n\n" + bullets(lines)


def projects_intro(f: Facts) -> str:
    n = f.notes
    if n.projects:
        what = f"本年度我重点推进了{f.t('count.projects')}项目"
        names = join_cn([f"“{p.name}”" for p in n.projects])
    else:
        what = f"本年度我重点参与了{f.t('count.campaigns')}大促战役"
        names = join_cn([f"“{c.name}”" for c in n.campaigns])
    return (f"{what}:{names}。以下按“背景与目标—执行过程—数据结果—经验总结”的顺序逐一复盘。")


def project(f: Facts, index: int) -> str:
    n = f.notes
    if n.projects:
        p = n.projects[index]
        bg: list[str] = []
        if p.role:
            bg.append(pick(ROLE_LINES, index).format(role=clean(p.role)))
        if p.background:
            bg.append(f"项目背景:{clean(p.background)}。")
        if p.goal:
            bg.append(f"项目目标:{clean(p.goal)}。")
        blocks = [("项目背景与目标", "".join(bg)),
                  ("执行过程与策略", bullets(clean(a) + "。" for a in p.actions)),
                  ("数据结果与分析", _results(f, p.results, " ".join(
                      [p.background or "", p.goal or "", *p.results]), index)),
                  ("总结与可复制经验", _lessons(p.lessons, p.shortfalls))]
    else:
        c = n.campaigns[index]
        intro = f"活动周期:{clean(c.period)}。" if c.period else f"{c.name}是全年的关键战役之一。"
        blocks = [("项目背景与目标", intro),
                  ("执行过程与策略", bullets(clean(a) + "。" for a in c.actions)),
                  ("数据结果与分析", _results(f, c.results, " ".join(c.results), index)),
                  ("总结与可复制经验", _lessons(c.reflection, []))]
    out = []
    for title, text in blocks:
        if text.strip():
            out.append(f"**{title}**\n\n{text}")
        else:
            out.append(f"**{title}**\n\n{missing_marker(title)}")
    return paragraphs(*out)


ROLE_LINES = (
    "我在项目中担任{role}。",
    "本项目中我的角色是{role}。",
    "这个项目由我以{role}的身份推进。",
)
RESULT_READINGS = (
    "从结果看,项目方向得到了验证,关键指标的变化说明策略是有效的。",
    "这些结果说明,项目的打法是对的,接下来的重点是把它做深、做稳。",
    "综合来看,项目取得了阶段性成果,为后续放大投入提供了依据。",
)


def _results(f: Facts, results: list[str], context: str, index: int) -> str:
    if not results:
        return ""
    text = bullets(clean(r) + "。" for r in results)
    linked = []
    for mid in f.notes.metrics:
        label = f.label(mid)
        core = label.replace("会员", "").replace("店铺", "").replace("年度", "").replace("平均", "")
        if (mid in ("roi",) and "ROI" in context) or (core and core in context):
            clause = f"{label}最终为{f.t(mid)}"
            if f.has(f"{mid}.last_year"):
                clause += f",{f.change_clause(mid)}"
            linked.append(clause)
    reading = pick(RESULT_READINGS, index)
    if linked:
        reading += "对照全年数据," + ";".join(linked) + "。"
    return text + "\n\n" + reading


def _lessons(lessons: list[str], shortfalls: list[str]) -> str:
    lines = []
    if lessons:
        lines.append("**经验**:" + semi(lessons) + "。")
    if shortfalls:
        lines.append("**不足**:" + semi(shortfalls) + "。")
    return bullets(lines)


SKILL_NOTES = (
    "通过本年度的项目实践得到系统锻炼,已能独立完成从数据提取、分析到提出运营建议的全过程。",
    "学会了跳出单一渠道的思维,从全局视角规划不同渠道的协同配合。",
    "在推进重点项目的过程中,学习了制定计划、协调资源、跟进进度和复盘总结。",
    "在日常工作中反复实践,逐步形成了自己的方法。",
)
SHORTFALL_NOTES = (
    "目前更多扮演执行和优化的角色,创意策划仍是短板。",
    "工作更多聚焦于战术执行层面,对行业趋势和竞争格局的思考还有待加强。",
    "需要在下一年度有计划地补齐。",
)


def growth(f: Facts) -> str:
    g = f.notes.growth
    blocks = []
    if g.skills:
        blocks.append("### 能力成长\n\n" + bullets(
            f"**{clean(s)}**:{pick(SKILL_NOTES, i)}" for i, s in enumerate(g.skills)))
    if g.shortfalls:
        blocks.append("### 存在的不足\n\n" + bullets(
            f"**{clean(s)}**:{pick(SHORTFALL_NOTES, i)}" for i, s in enumerate(g.shortfalls)))
    return paragraphs(*blocks)


def plan(f: Facts) -> str:
    n = f.notes
    blocks = []
    work = [clean(s) + "。" for s in n.plan.strategies]
    for mid in n.plan.targets:
        clause = f"{f.label(mid)}达到{f.t('plan.' + mid)}"
        if f.has(f"plan.{mid}.points"):
            clause += f",较本年{f.p('plan.' + mid + '.points')}"
        elif f.has(f"plan.{mid}.growth"):
            clause += f",较本年{f.p('plan.' + mid + '.growth')}"
        work.append(clause + "。")
    if work:
        lead = ""
        if n.review.problems:
            lead = ("针对本年度暴露的问题——" + semi(n.review.problems)
                    + "——下一年度的工作计划如下:\n\n")
        blocks.append("### 工作计划\n\n" + lead + bullets(work))
    if n.plan.personal_goals:
        blocks.append("### 个人发展目标\n\n" + bullets(clean(g) + "。" for g in n.plan.personal_goals))
    return paragraphs(*blocks)
