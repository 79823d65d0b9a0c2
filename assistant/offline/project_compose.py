"""篇三 style, composed as one argument: a personal review a specialist hands to their lead.

The whole report is composed at once so that every number is stated in full in one
section only (its owner) and later sections refer back in words: a KPI's value lives
in the duties overview, its target and gap in the project whose goal names it; a
metric a campaign's notes mention lives in that campaign's review. Sections are then
handed out one by one, so regenerating a single section gives the same text.

Voice is 我 throughout. Every sentence carries words from the notes, so two notes
files never share a template sentence; notes items are rewritten as sentences
(project_text), never pasted together with ；.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.metrics_catalog import known_metric
from assistant.notes.schema import Campaign, Project
from assistant.offline.common import Facts
from assistant.offline.project_links import (
    GoalLink,
    answering,
    assign,
    campaign_mentions,
    goal_link,
    loose_words,
    shared_words,
)
from assistant.offline.project_text import (
    acts,
    clauses,
    clean,
    cn_count,
    is_quarterly,
    join_and,
    mine,
    paragraphs,
    pick,
    quoted,
    sentences,
    split_time,
)
from assistant.styles import CN_ORDINALS
from assistant.typography import fullwidth

INTERVIEW = "recap interview"


def marker(what: str, group: str, question: str) -> str:
    """A gap in words for someone who never opened the notes file."""
    return (f"【待补充：{what}。可以运行 {INTERVIEW}，在“{group}”一组回答“{question}”，"
            f"再重新起草本节。】")


@dataclass
class Composed:
    duties: str = ""
    projects: str = ""
    items: list[str] = field(default_factory=list)  # one per project (or campaign)
    growth: str = ""
    plan: str = ""


class ProjectComposer:
    """Composes every section of a project-style review from one notes file."""

    def __init__(self, f: Facts) -> None:
        self.f = f
        self.n = f.notes
        n = self.n
        self.projects: list[Project] = list(n.projects)
        self.campaigns: list[Campaign] = [] if n.projects else list(n.campaigns)
        self.links: list[GoalLink | None] = [goal_link(n, p) for p in self.projects]
        self.kpis = [mid for mid, m in n.metrics.items() if m.target is not None]
        # KPI -> the first project whose goal names it (that project states target and gap).
        self.kpi_project: dict[str, int] = {}
        for i, link in enumerate(self.links):
            if link and link.metric in self.kpis and link.metric not in self.kpi_project:
                self.kpi_project[link.metric] = i
        # Metric note clauses that name a campaign: stated in that campaign's review.
        self.campaign_clauses: dict[int, list[tuple[str, str]]] = {
            i: campaign_mentions(n, c) for i, c in enumerate(self.campaigns)}
        self.used_clauses = {cl for items in self.campaign_clauses.values() for _, cl in items}
        self.campaign_metrics = {mid for items in self.campaign_clauses.values()
                                 for mid, _ in items if mid not in self.kpis}
        self.plan_items = [clean(s) for s in n.plan.strategies]
        self.goal_items = [clean(g) for g in n.plan.personal_goals]

    # -- helpers -----------------------------------------------------------------------

    def label(self, mid: str) -> str:
        return self.f.label(mid)

    def higher_better(self, mid: str) -> bool:
        info = known_metric(mid)
        return info.higher_is_better if info else True

    def met(self, mid: str) -> bool:
        return bool(self.f.favorable(f"{mid}.gap"))

    def exceeded(self, mid: str) -> bool:
        m = self.n.metrics[mid]
        if m.target is None:
            return False
        return m.value > m.target if self.higher_better(mid) else m.value < m.target

    def change(self, mid: str) -> str:
        """``较去年的318万人增长29.6%`` (points for a percentage)."""
        return self.f.change_clause(mid)

    def note_clauses(self, mid: str) -> list[str]:
        """A metric note's clauses, without those another section states."""
        kept = []
        for cl in clauses(self.n.metrics[mid].note or ""):
            if cl in self.used_clauses:
                continue
            if not kept and cl.startswith(("但", "而", "不过")):
                cl = cl[1:] if cl.startswith(("但", "而")) else cl[2:]
            kept.append(cl)
        return kept

    def note_text(self, mid: str) -> str:
        return "，".join(self.note_clauses(mid))

    def lesson(self) -> str:
        """The one lesson the opening states: from the project behind a missed KPI first."""
        order = [self.kpi_project[mid] for mid in self.kpis
                 if mid in self.kpi_project and not self.met(mid)]
        order += list(range(len(self.projects)))
        for i in order:
            if self.projects[i].lessons:
                return clean(self.projects[i].lessons[0])
        if self.n.review.lessons:
            return clean(self.n.review.lessons[0])
        for c in self.campaigns:
            if c.reflection:
                return clean(c.reflection[0])
        return ""

    # -- 一、职责与目标完成情况 -------------------------------------------------------------

    def duties(self) -> str:
        return paragraphs(self._thesis(), self._kpi_paragraph(True), self._kpi_paragraph(False),
                          self._other_metrics(), self._channels(), self._highlights())

    def _thesis(self) -> str:
        n, r = self.n, self.n.report
        where = "".join(x for x in (r.organization, r.team) if x)
        who = f"{r.year}年，我"
        if where and r.role:
            who += f"在{where}担任{r.role}"
        elif r.role:
            who += f"担任{r.role}"
        elif where:
            who += f"在{where}工作"
        else:
            who += "的工作"
        if r.duties:
            who += f"，负责{join_and([clean(d) for d in r.duties])}"
        parts = [who]
        met = [self.label(m) for m in self.kpis if self.met(m)]
        missed = [self.label(m) for m in self.kpis if not self.met(m)]
        if met and missed:
            word = "超额完成" if all(self.exceeded(m) for m in self.kpis if self.met(m)) else "完成"
            parts.append(f"年初定下的考核指标里，{join_and(met)}{word}，{join_and(missed)}没有达标")
        elif met:
            parts.append(f"年初定下的{join_and(met)}目标全部完成")
        elif missed:
            parts.append(f"年初定下的{join_and(missed)}目标都没有完成")
        text = sentences(*parts)
        lesson = self.lesson()
        if lesson:
            text += f"回头看，这一年我最深的体会是：{lesson}。"
        return text

    def _kpi_sentence(self, mid: str, lead: str) -> str:
        """One KPI: value and change here; target and gap here unless a project owns them."""
        f = self.f
        label = self.label(mid)
        head = f"{lead}{label}全年为{f.t(mid)}" if not lead.endswith("：") else f"{lead}全年为{f.t(mid)}"
        if f.has(f"{mid}.last_year"):
            head += f"，{self.change(mid)}"
        project = self.kpi_project.get(mid)
        met = self.met(mid)
        if project is not None:
            name = f"项目{CN_ORDINALS[project]}"
            if met:
                return f"{head}，达成了年度目标，这与我负责的{quoted(self.projects[project].name)}项目直接相关，过程和数据见{name}的复盘。"
            return f"{head}，没有达到年度目标，差距和原因放在{name}{quoted(self.projects[project].name)}中复盘。"
        target = f.t(f"{mid}.target")
        gap = f.get(f"{mid}.gap")
        if met and self.exceeded(mid) and gap is not None and self.higher_better(mid):
            body = f"{head}，比{target}的年度目标多出{gap.text}"
        elif met:
            body = f"{head}，达到了{target}的年度目标"
        else:
            body = f"{head}，年度目标是{target}"
            if f.has(f"{mid}.completion") and self.higher_better(mid):
                body += f"，完成率{f.t(mid + '.completion')}"
            if gap is not None and self.higher_better(mid):
                body += f"，还差{gap.text}"
        note = self.note_text(mid)
        if note:
            body += "。" + (("这主要得益于" if met else "从原因看，") + note)
        return body + "。"

    def _kpi_paragraph(self, met: bool) -> str:
        mids = [m for m in self.kpis if self.met(m) == met]
        if not mids:
            return ""
        out = []
        for k, mid in enumerate(mids):
            if met:
                lead = "先看完成的指标。" if k == 0 else ""
            elif len(mids) == 1:
                lead = f"没有完成的是{self.label(mid)}："
            else:
                lead = "没有完成的指标中，" if k == 0 else ""
            if lead.endswith("。"):
                out.append(lead)
                lead = ""
            out.append(self._kpi_sentence(mid, lead))
        return "".join(out)

    def _other_metrics(self) -> str:
        f, n = self.f, self.n
        noted, plain = [], []
        for mid in n.metrics:
            if mid in self.kpis or mid in self.campaign_metrics:
                continue
            clause = f"{self.label(mid)}为{f.t(mid)}"
            if f.has(f"{mid}.last_year"):
                clause += f"，{self.change(mid)}"
            note = self.note_text(mid)
            if note:
                noted.append(sentences(clause, note))
            else:
                plain.append(clause)
        if not noted and not plain:
            return ""
        text = "考核之外的数据里，" + "".join(noted) if noted else ""
        if plain:
            text += ("另外，" if noted else "考核之外，") + "，".join(plain) + "。"
        return text

    def _channels(self) -> str:
        f, n = self.f, self.n
        paid = [(i, c) for i, c in enumerate(n.channels, 1) if c.spend is not None]
        out = []
        if paid:
            per = []
            for i, c in paid:
                clause = f"{c.name}投入{f.t(f'channel{i}.spend')}"
                if f.has(f"channel{i}.gmv"):
                    clause += f"，带来GMV{f.t(f'channel{i}.gmv')}"
                if f.has(f"channel{i}.roi"):
                    clause += f"，ROI为{f.t(f'channel{i}.roi')}"
                per.append(clause)
            head = "付费投放上"
            if f.has("channels.total_spend"):
                head += f"，{join_and([c.name for _, c in paid])}合计投入{f.t('channels.total_spend')}"
                if f.has("channels.roi"):
                    head += f"，综合ROI为{f.t('channels.roi')}"
            out.append(sentences(head) + "分渠道看，" + "。".join(per) + "。")
        for i, c in enumerate(n.channels, 1):
            if c.spend is not None:
                if c.note:
                    out.append(sentences(f"{c.name}方面，{clean(c.note)}"))
                continue
            bits = []
            if c.users is not None:
                bits.append(f"{c.name}沉淀用户{f.t(f'channel{i}.users')}")
            if c.note:
                bits.append(clean(c.note) if bits else f"{c.name}方面，{clean(c.note)}")
            if bits:
                out.append(sentences(*bits))
        return "".join(out)

    def _highlights(self) -> str:
        n = self.n
        parts = []
        if n.review.highlights:
            parts.append("全年的亮点是" + "，".join(clean(h) for h in n.review.highlights))
        for s in clauses_of_text(n.review.notes or ""):
            parts.append(s)
        return sentences(*parts)

    # -- 二、重点工作项目执行复盘 -------------------------------------------------------

    def projects_intro(self) -> str:
        f, n = self.f, self.n
        if self.projects:
            names = join_and([quoted(p.name) for p in self.projects])
            roles = {clean(p.role or "") for p in self.projects}
            count = cn_count(f.get("count.projects"), "项目")
            lead = "牵头负责了" if roles and all("负责" in r for r in roles) else "重点推进了"
            parts = [f"这一年我{lead}{count}：{names}"]
            if lead == "重点推进了":
                roled = [f"在{quoted(p.name)}中担任{clean(p.role)}" for p in self.projects if p.role]
                if roled:
                    parts.append("其中我" + "，".join(roled))
            duties = self._duties_by_project()
            for i, p in enumerate(self.projects):
                bits = []
                if duties.get(i):
                    bits.append(f"承接了{join_and(duties[i])}的工作")
                link = self.links[i]
                if link and link.metric in self.kpis:
                    bits.append(f"对应考核中的{self.label(link.metric)}")
                if bits:
                    parts.append(quoted(p.name) + "，".join(bits))
            return sentences(*parts)
        if self.campaigns:
            names = join_and([c.name for c in self.campaigns])
            if len(self.campaigns) == 1:
                head = f"下面单独复盘{names}这场活动"
            else:
                head = f"下面逐一复盘{names}{cn_count(f.get('count.campaigns'), '活动')}"
            why = [cl for items in self.campaign_clauses.values() for mid, cl in items
                   if mid in n.metrics and "季度" in cl]
            if why:
                head = f"从全年的销售节奏看，{why[0]}。{head}"
            return sentences(head)
        return ""

    def _duties_by_project(self) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for duty in self.n.report.duties:
            best, score = -1, 0
            for i, p in enumerate(self.projects):
                text = " ".join([p.name, p.goal or "", *p.actions, *p.results])
                sc = len(loose_words(duty, text))
                if sc > score:
                    best, score = i, sc
            if best >= 0:
                out.setdefault(best, []).append(clean(duty))
        return out

    def item(self, index: int) -> str:
        if self.projects:
            return self._project(index)
        return self._campaign(index)

    def _project(self, i: int) -> str:
        p = self.projects[i]
        link = self.links[i]
        blocks = [
            ("项目背景与目标", self._background(p, link, i)
             or marker(f"{quoted(p.name)}为什么要做、要达到什么目标", "重点项目",
                       "项目背景（为什么要做）？")),
            ("执行过程与策略", self._actions(p.actions, i, personal=True)
             or marker(f"{quoted(p.name)}具体做了哪些事、按什么节奏推进", "重点项目",
                       "执行过程中的关键动作？")),
            ("数据结果与分析", self._results(p, link, i)
             or marker(f"{quoted(p.name)}取得了哪些结果，最好带上数字", "重点项目", "数据结果？")),
            ("总结与可复制经验", self._lessons(p.lessons, p.shortfalls, i)
             or marker(f"{quoted(p.name)}有哪些可以复制的经验、哪些地方没做好", "重点项目",
                       "可复制的经验？")),
        ]
        return paragraphs(*(f"**{title}**\n\n{text}" for title, text in blocks))

    def _background(self, p: Project, link: GoalLink | None, i: int) -> str:
        parts = []
        if p.background:
            bg = clean(p.background)
            parts.append(pick(("立项时的情况是：{}", "启动这个项目，是因为{}", "项目的起点是：{}"),
                              i).format(bg))
        if p.goal:
            goal = clean(p.goal)
            lead = "我给项目定的目标是" if "负责" in (p.role or "") else "项目目标是"
            if p.role and "负责" not in p.role:
                parts.append(f"我在项目中担任{clean(p.role)}")
            parts.append(f"{lead}：{goal}")
            if link and link.metric in self.kpis:
                parts.append(f"这个目标与我年度考核中的{self.label(link.metric)}直接挂钩")
        elif p.role:
            parts.append(f"我在项目中担任{clean(p.role)}")
        return sentences(*parts)

    def _actions(self, actions: list[str], i: int, *, personal: bool) -> str:
        if not actions:
            return ""
        timed = [split_time(a) for a in actions]
        quarterly = all(t and is_quarterly(t) for t, _ in timed)
        out = []
        for k, (time, rest) in enumerate(timed):
            last = k == len(timed) - 1 and k > 0
            doer = mine(rest, "先" if k == 0 and not time else "") if personal else rest
            if time:
                if k >= 2 and is_quarterly(time) and not last:
                    s = f"进入{time}，{doer}"
                elif last:
                    s = f"到了{time}，{doer}"
                else:
                    s = f"{time}，{doer}"
            elif k == 0:
                s = doer if doer.startswith("我") else f"首先，{doer}"
            elif last:
                s = f"最后，{doer}"
            else:
                s = pick(("接着，{}", "在此基础上，{}", "同时，{}"), k - 1).format(doer)
            out.append(s)
        lead = "项目按季度分步推进。" if quarterly and personal else ""
        return lead + sentences(*out)

    def _results(self, p: Project, link: GoalLink | None, i: int) -> str:
        """The goal set against the result: the KPI verdict first, then the evidence."""
        results = [clean(r) for r in p.results]
        judged = clean(link.result) if link and link.result else ""
        rest = [r for r in results if r != judged]
        verdict = self._verdict(link, judged) if link and link.metric in self.kpis else ""
        if not verdict and judged:
            rest = [judged, *rest]
        paired, rest = self._goal_pairs(p, link, rest)
        evidence = []
        if rest:
            if verdict:
                lead = "其他数据也印证了这个判断：" if self._reached(link) else "过程数据上，"
            else:
                lead = pick(("从数据上看，", "数据上，", "结果方面，"), i)
            chunks = [rest[k:k + 2] for k in range(0, len(rest), 2)]
            evidence.append(lead + "。同时，".join("，".join(c) for c in chunks))
        return paragraphs(verdict, sentences(*paired, *evidence))

    def _reached(self, link: GoalLink | None) -> bool:
        return bool(link and (self.met(link.metric) or link.result_reaches_goal))

    def _verdict(self, link: GoalLink, judged: str) -> str:
        f = self.f
        mid = link.metric
        label = self.label(mid)
        gap = f.get(f"{mid}.gap")
        gap_text = gap.text if gap is not None else ""
        target = "" if link.goal_states_target else f"{f.t(mid + '.target')}的"
        note = self.note_text(mid)
        if self.met(mid):
            if self.exceeded(mid) and gap_text and self.higher_better(mid):
                text = f"对照立项目标，{label}这一项已经兑现：全年结果比{target}目标多出{gap_text}"
            else:
                text = f"对照立项目标，{label}这一项已经兑现，全年达到了{target}目标"
            if judged:
                text += f"，{judged}"
            if note:
                text += f"。这主要得益于{note}"
            return sentences(text)
        text = "对照立项目标，这个项目的结果要分两层看"
        if judged and link.result_reaches_goal:
            text += f"。{judged}，已经达到目标里的水平，说明方向是对的"
        elif judged:
            text += f"。{judged}，离目标还有距离"
        text += f"。但全年的{label}比{target}目标还差{gap_text}，没有完成考核" if gap_text else \
            f"。但全年的{label}没有完成考核"
        if note:
            text += f"，主要原因是{note}"
        return sentences(text)

    def _goal_pairs(self, p: Project, link: GoalLink | None, rest: list[str]
                    ) -> tuple[list[str], list[str]]:
        """Goal clauses without the KPI, each set beside the result that answers it."""
        out, left = [], list(rest)
        bg = clean(p.background or "")
        for clause in clauses(p.goal or ""):
            if link and clause == link.goal_clause:
                continue
            if any(ch.isdigit() for ch in clause):
                continue
            for r in left:
                if shared_words(clause, r) or (shared_words(clause, bg) and shared_words(bg, r)):
                    out.append(f"目标中“{clause}”这一条，对应的结果是{r}")
                    left.remove(r)
                    break
        return out, left

    def _lessons(self, lessons: list[str], shortfalls: list[str], i: int) -> str:
        parts = []
        ls = [clean(x) for x in lessons]
        if len(ls) == 1:
            parts.append(f"这个项目最值得复制的经验是：{ls[0]}")
        elif ls:
            parts.append(f"这个项目沉淀下来的第一条经验是{ls[0]}")
            parts.extend(f"{pick(('其次', '另外', '还有'), k)}，{x}" for k, x in enumerate(ls[1:]))
        sf = [clean(x) for x in shortfalls]
        if sf:
            pool = self.plan_items + self.goal_items
            open_ = [x for x in sf if not answering(x, pool)]
            parts.append(f"不足之处在于，{mine(sf[0])}")
            for k, x in enumerate(sf[1:]):
                parts.append(f"{pick(('另外', '同时'), k)}，{x}")
            if open_ and pool:
                last = parts.pop()
                parts.append(last + "，" + ("这些问题" if len(open_) > 1 else "这一点")
                             + "在明年的工作计划里还没有专门安排，需要补上")
        return sentences(*parts)

    def _campaign(self, i: int) -> str:
        c = self.campaigns[i]
        mentions = self.campaign_clauses.get(i, [])
        bg = sentences(f"活动周期为{clean(c.period)}") if c.period else ""
        blocks = [
            ("项目背景与目标", bg or marker(f"{c.name}的时间段、为什么做、当时定了什么目标",
                                         "大促与战役", "时间段？")),
            ("执行过程与策略", self._actions(c.actions, i, personal=False)
             or marker(f"{c.name}期间做了哪些关键动作", "大促与战役", "做了哪些关键动作？")),
            ("数据结果与分析", self._campaign_results(c, mentions)
             or marker(f"{c.name}取得了什么结果，最好带上数字", "大促与战役",
                       "取得了什么结果（尽量带数字）？")),
            ("总结与可复制经验", self._campaign_lessons(c, mentions)
             or marker(f"{c.name}有什么反思或可以复制的经验", "大促与战役", "有什么反思或经验？")),
        ]
        return paragraphs(*(f"**{title}**\n\n{text}" for title, text in blocks))

    def _campaign_results(self, c: Campaign, mentions: list[tuple[str, str]]) -> str:
        f = self.f
        parts = []
        if c.results:
            parts.append(f"{c.name}期间，" + "，".join(clean(r).removeprefix(f"{c.name}期间")
                                                      for r in c.results))
        for mid, clause in mentions:
            if mid in self.kpis or mid == "gmv":
                quarter = next((q for q in ("四", "三", "二", "一") if f"{q}季度" in clause), "")
                k = "一二三四".index(quarter) + 1 if quarter else 0
                if k and f.has(f"{mid}.q{k}"):
                    s = f"第{quarter}季度{self.label(mid)}为{f.t(f'{mid}.q{k}')}"
                    if f.has(f"{mid}.q{k}_share"):
                        s += f"，占全年的{f.t(f'{mid}.q{k}_share')}"
                    parts.append(s)
                else:
                    parts.append(clause)
            else:
                s = f"不过，{clause}" if clause.startswith(c.name) else clause
                parts.append(f"{s}，全年{self.label(mid)}为{f.t(mid)}")
        return sentences(*parts)

    def _campaign_lessons(self, c: Campaign, mentions: list[tuple[str, str]]) -> str:
        parts = [mine(clean(r)) for r in c.reflection]
        for _mid, clause in mentions:
            plans = answering(clause, self.plan_items)
            if plans:
                words = clauses(plans[0])[0]
                parts.append(f"{clause}暴露的问题，明年已列入计划，首先要{words}")
        return sentences(*parts)

    # -- 三、个人能力成长与不足 ---------------------------------------------------------

    def growth(self) -> str:
        g = self.n.growth
        blocks = []
        if g.skills:
            blocks.append("### 能力成长\n\n" + self._skills())
        else:
            blocks.append("### 能力成长\n\n" + marker("这一年你在哪些能力上有成长，最好结合具体工作",
                                                      "个人成长", "这一年你的能力有哪些成长？"))
        if g.shortfalls:
            blocks.append("### 存在的不足\n\n" + self._shortfalls())
        else:
            blocks.append("### 存在的不足\n\n" + marker("你认为自己还有哪些不足", "个人成长",
                                                      "还有哪些不足？"))
        return paragraphs(*blocks)

    def _skills(self) -> str:
        skills = [clean(s) for s in self.n.growth.skills]
        parts = []
        if len(skills) > 1:
            parts.append(f"这一年我在{cn_count(self.f.get('count.skills'), '方面')}有明显进步")
        led = [p for p in self.projects if "负责" in (p.role or "")]
        for k, s in enumerate(skills):
            if acts(s):
                text = mine(s, "已经")
            else:
                text = pick(("{}能力有了明显提升", "在{}上也更有把握了", "{}方面积累了实际经验"),
                            k).format(s)
            if "项目" in s and led:
                text += "，重点项目都由我担任负责人，这方面的锻炼最直接"
            else:
                where = self._project_for(s)
                if where:
                    text += f"，这与{where}项目的实践直接相关"
            parts.append(text)
        return sentences(*parts)

    def _project_for(self, skill: str) -> str:
        best, score = "", 0
        for p in self.projects:
            s = len(shared_words(skill, p.name)) * 2 + len(shared_words(skill, " ".join(p.actions)))
            if s > score:
                best, score = quoted(p.name), s
        return best

    def _shortfalls(self) -> str:
        sf = [clean(s) for s in self.n.growth.shortfalls]
        text = f"我的不足主要在{sf[0]}"
        if len(sf) > 1:
            text += "，以及" + "、".join(sf[1:])
        text += "上"
        return sentences(text)

    # -- 四、下一年度工作计划与个人发展目标 -------------------------------------------

    def plan(self) -> str:
        n = self.n
        blocks = []
        work = self._work_plan()
        if work:
            blocks.append("### 工作计划\n\n" + work)
        if n.plan.personal_goals:
            blocks.append("### 个人发展目标\n\n" + self._personal_goals())
        elif n.report.role or n.projects:
            blocks.append("### 个人发展目标\n\n" + marker("明年你个人想在哪些方面提升、怎么提升",
                                                        "明年计划", "个人发展目标？"))
        return paragraphs(*blocks)

    def _findings(self) -> list[str]:
        """This year's shortfalls and problems a plan item may answer."""
        out = [clean(s) for s in self.n.growth.shortfalls]
        out += [clean(s) for p in self.projects for s in p.shortfalls]
        out += [clean(s) for s in self.n.review.problems]
        return out

    def _work_plan(self) -> str:
        f, n = self.f, self.n
        parts = []
        targets = []
        for mid in n.plan.targets:
            clause = f"{self.label(mid)}达到{f.t('plan.' + mid)}"
            if f.has(f"plan.{mid}.points"):
                clause += f"，较本年{f.p('plan.' + mid + '.points')}"
            elif f.has(f"plan.{mid}.growth"):
                clause += f"，较本年{f.p('plan.' + mid + '.growth')}"
            targets.append(clause)
        if targets:
            parts.append("明年的量化目标是" + "，".join(targets))
        answers = self._answers()
        for k, item in enumerate(self.plan_items):
            doer = mine(item, "将")
            if not doer.startswith("我"):
                doer = f"我会推动{item}"
            lead = pick(("首先，", "其次，", "此外，", "同时，"), k) if len(self.plan_items) > 1 else ""
            s = lead + doer
            if item in answers:
                s += f"，这是针对今年{answers[item]}的安排"
            parts.append(s)
        return sentences(*parts)

    def _answers(self) -> dict[str, str]:
        return assign(self._findings(), self.plan_items + self.goal_items)

    def _personal_goals(self) -> str:
        parts = []
        answers = self._answers()
        for g in self.goal_items:
            doer = mine(g, "计划") if acts(g) else f"我计划{g}"
            if g in answers:
                doer += f"，用来补{answers[g]}这块短板"
            parts.append(doer)
        return sentences(*parts)

    # -- all together ------------------------------------------------------------------

    def compose(self) -> Composed:
        count = len(self.projects) or len(self.campaigns)
        return Composed(
            duties=fullwidth(self.duties()),
            projects=fullwidth(self.projects_intro()),
            items=[fullwidth(self.item(i)) for i in range(count)],
            growth=fullwidth(self.growth()),
            plan=fullwidth(self.plan()),
        )


def clauses_of_text(text: str) -> list[str]:
    """Whole sentences of free notes text."""
    import re

    return [clean(s) for s in re.split(r"[。！？!?\n]+", text) if clean(s)]
