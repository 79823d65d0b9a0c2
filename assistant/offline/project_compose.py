"""篇三 style, composed as one argument: a personal review a specialist hands to their lead.

The report is written from the report plan (``assistant.analysis.build_plan``): its
judgements about targets, growth quality, cost and channels, each project's goal set
against its result, and the problem -> plan pairs. The whole report is composed at
once, in section order, with a ledger of the facts already stated, so every number is
stated in full in one section only and later sections refer back in words. Sections
are then handed out one by one, so regenerating one section gives the same text.

Voice is 我 throughout; the author's name never appears in the body. Every sentence
carries words from the notes, so two notes files never share a template sentence, and
notes items are restated as sentences (``project_text``), never pasted with ；.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.analysis.model import Judgement, ReportPlan
from assistant.analysis.reading import Reader
from assistant.notes.schema import Campaign, Project
from assistant.numbers import NumberMention, find_numbers
from assistant.offline.common import Facts, join_cn, missing_marker
from assistant.offline.narrative_text import is_bad
from assistant.offline.project_links import (
    GoalLink,
    campaign_mentions,
    duties_by_project,
    goal_link,
    project_for,
    shared_words,
)
from assistant.offline.project_text import (
    acts,
    clauses,
    clean,
    cn_count,
    head_clause,
    is_quarterly,
    join_list,
    mine,
    paragraphs,
    pick,
    quoted,
    restate,
    restate_maxim,
    sentences,
    sentences_of,
    split_time,
    without_numbers,
)
from assistant.styles import CN_ORDINALS
from assistant.typography import fullwidth

# Plan judgements whose claim a personal review can take as written (numbers from facts).
CLAIM_KINDS = ("growth_quality", "cost_value", "channels", "seasonality")
# A specialist does not pronounce on the industry or the company's strategy.
_OUT_OF_VOICE = ("行业", "公司战略", "公司整体")


# How a project's open shortfalls are said to be missing from the plan; varied per project.
_UNANSWERED = ("在明年的计划里还没有专门的安排，需要尽快补上",
               "目前的计划还没有覆盖到，我会在下一版计划里补上具体做法和完成时间",
               "明年的计划里暂时没有对应的措施，这是我接下来要先补的一课")
# How a campaign's lesson points to next year's plan; varied so two campaigns never share it.
_ANSWERED = ("这一点在明年的计划里已有回应", "明年的计划已经把这一点考虑进去", "对此，明年的计划里有专门的安排")


def marker(what: str, group: str, question: str) -> str:
    """A gap in words for someone who never opened the notes file: what to tell recap, and
    the interview question that asks it."""
    return missing_marker(what, f"访谈“{group}”一组：{question}")


def _in_voice(text: str) -> bool:
    return not any(w in text.replace("行业分析", "") for w in _OUT_OF_VOICE)


@dataclass
class Composed:
    duties: str = ""
    projects: str = ""
    items: list[str] = field(default_factory=list)  # one per project (or campaign)
    growth: str = ""
    plan: str = ""


class ProjectComposer:
    """Composes every section of a project-style review from one notes file and its plan."""

    def __init__(self, f: Facts, plan: ReportPlan) -> None:
        self.f = f
        self.n = f.notes
        self.plan = plan
        self.reader = Reader(f.notes, f.set)
        n = self.n
        self.projects: list[Project] = list(n.projects)
        self.campaigns: list[Campaign] = [] if n.projects else list(n.campaigns)
        self.links: list[GoalLink | None] = [goal_link(self.reader, p) for p in self.projects]
        self.kpis = [mid for mid, m in n.metrics.items() if m.target is not None]
        # KPI -> the first project whose goal names it (that project argues goal vs result).
        self.kpi_project: dict[str, int] = {}
        for i, link in enumerate(self.links):
            if link and link.metric in self.kpis and link.metric not in self.kpi_project:
                self.kpi_project[link.metric] = i
        self.campaign_clauses = {i: campaign_mentions(n, c) for i, c in enumerate(self.campaigns)}
        self.dropped = self._contradicted()
        # note clauses naming a campaign are written in that campaign's review
        self.reserved = {cl for items in self.campaign_clauses.values() for _, cl in items}
        self.stated: set[str] = set()  # fact ids stated in full so far
        self.used: set[str] = set()  # notes clauses already written
        self.carried: set[str] = set()  # plan items a lesson was carried into
        self.unanswered = 0  # open shortfalls already said to be missing from the plan
        self.answered = 0  # lessons already pointed at next year's plan (their wording varies)

    # -- small queries -------------------------------------------------------------------

    def label(self, mid: str) -> str:
        return self.f.label(mid)

    def met(self, mid: str) -> bool:
        return bool(self.f.favorable(f"{mid}.gap"))

    def exceeded(self, mid: str) -> bool:
        m = self.n.metrics[mid]
        if m.target is None:
            return False
        higher = self.reader.higher_is_better(mid)
        return m.value > m.target if higher else m.value < m.target

    def change(self, mid: str) -> str:
        """``较去年的318万人增长29.6%``, unless a change of ``mid`` was stated already."""
        ids = (f"{mid}.yoy", f"{mid}.diff")
        if not self.f.has(f"{mid}.last_year") or any(i in self.stated for i in ids):
            return ""
        self.stated.update(ids)
        return self.f.change_clause(mid)

    def _contradicted(self) -> set[str]:
        """Note clauses a consistency warning contradicts: never written silently."""
        out = set()
        for w in self.plan.warnings:
            if not w.id.startswith("note-"):
                continue
            mid = w.id[len("note-"):]
            metric = self.n.metrics.get(mid)
            for cl in clauses(metric.note or "" if metric else ""):
                if cl in w.message or cl.lstrip("但而") in w.message:
                    out.add(cl)
        return out

    def note_text(self, mid: str) -> str:
        """A metric note's clauses not yet written, in the author's voice."""
        kept: list[str] = []
        for cl in clauses(self.n.metrics[mid].note or ""):
            if cl in self.used or cl in self.dropped or cl in self.reserved or not _in_voice(cl):
                continue
            self.used.add(cl)
            if not kept and cl.startswith(("但", "而")):
                cl = cl[1:]
            kept.append(restate(cl))
        return "，".join(kept)

    def claims(self, section: str) -> list[Judgement]:
        return [j for j in self.plan.for_section(section) if j.kind in CLAIM_KINDS]

    def project_judgement(self, i: int) -> Judgement | None:
        origin = f"projects[{i + 1}]"
        return next((j for j in self.plan.of_kind("project") if j.origin == origin), None)

    def lesson(self) -> str:
        """The one lesson the opening states: from the project behind a missed KPI first."""
        order = [self.kpi_project[m] for m in self.kpis if m in self.kpi_project and not self.met(m)]
        order += list(range(len(self.projects)))
        for i in order:
            if self.projects[i].lessons:
                return restate(self.projects[i].lessons[0])
        if self.n.review.lessons:
            return restate(self.n.review.lessons[0])
        return ""

    def ordinal(self, i: int) -> str:
        return f"项目{CN_ORDINALS[i % 10]}"

    # -- 一、职责与目标完成情况 -------------------------------------------------------------

    def duties(self) -> str:
        claims = self.claims("duties")
        for j in claims:
            self.stated.update(j.evidence)  # reserved: the claims state these below
        return paragraphs(self._thesis(), self._kpis(True), self._kpis(False),
                          self._claims_paragraph(claims), self._other_metrics(),
                          self._highlights())

    def _focus(self, mid: str) -> str:
        """Where the review puts its weight, and why (the missed KPI behind a project)."""
        missed = [m for m in self.kpis if not self.met(m) and m in self.kpi_project]
        if not missed or missed[0] != mid:
            return f"差距的来龙去脉放在{self.ordinal(self.kpi_project[mid])}里复盘。"
        return (f"这也是这份总结的重点：{self.ordinal(self.kpi_project[mid])}做对了什么、"
                f"为什么还没有拉动全年的{self.label(mid)}、明年怎么补，下文逐一说明。")

    def _thesis(self) -> str:
        r = self.n.report
        where = "".join(x for x in (r.organization, r.team) if x)
        who = f"{r.year}年，我"
        if where and r.role:
            who += f"在{where}担任{r.role}"
        elif r.role:
            who += f"担任{r.role}"
        elif where:
            who += f"在{where}工作"
        else:
            who += "把主要精力放在下面几项工作上"
        if r.duties:
            who += f"，负责{join_list([clean(d) for d in r.duties])}"
        parts = [who]
        met = [m for m in self.kpis if self.met(m)]
        missed = [m for m in self.kpis if not self.met(m)]
        names = [self.label(m) for m in met], [self.label(m) for m in missed]
        if met and missed:
            word = "超额完成" if all(self.exceeded(m) for m in met) else "完成了目标"
            verdict = f"年初定下的考核指标里，{join_cn(names[0])}{word}，{join_cn(names[1])}没有达标"
            mixed = [self.kpi_project[m] for m in missed if m in self.kpi_project]
            if mixed:
                verdict += (f"：{self.ordinal(mixed[0])}的调整在年内已经见到效果，"
                            "但还没有完全体现在全年的数字上")
            parts.append(verdict)
        elif met:
            parts.append(f"年初定下的{join_cn(names[0])}目标全部完成")
        elif missed:
            parts.append(f"年初定下的{join_cn(names[1])}目标都没有完成")
        growth = next((j for j in self.claims("duties") if j.kind == "growth_quality"), None)
        if growth is not None and growth.gist:
            if growth.tone in ("bad", "mixed"):
                parts.append(f"从全店的数字看，{growth.gist}是这一年我最需要正视的问题")
            else:
                parts.append(f"从全店的数字看，这一年做到了{growth.gist}")
        text = sentences(*parts)
        lesson = self.lesson()
        if lesson:
            text += f"回头看，这一年我最深的体会是：{lesson}。"
        return text

    def _kpi_sentence(self, mid: str, lead: str) -> str:
        f = self.f
        label = self.label(mid)
        head = f"{lead}全年为{f.t(mid)}" if lead.endswith("：") else f"{lead}{label}全年为{f.t(mid)}"
        self.stated.add(mid)
        change = self.change(mid)
        if change:
            head += f"，{change}"
        project = self.kpi_project.get(mid)
        link = self.links[project] if project is not None else None
        goal_states_target = bool(link and self._goal_has_target(link))
        target = f.t(f"{mid}.target")
        gap = f.get(f"{mid}.gap")
        higher = self.reader.higher_is_better(mid)
        self.stated.update({f"{mid}.gap", f"{mid}.completion"})
        if goal_states_target:
            if self.met(mid) and gap is not None and self.exceeded(mid) and higher:
                body = f"{head}，比目标多出{gap.text}"
            elif self.met(mid):
                body = f"{head}，达到了年度目标"
            else:
                body = f"{head}，{gap.phrase if gap is not None and higher else '没有达到年度目标'}"
        else:
            self.stated.add(f"{mid}.target")
            if self.met(mid) and gap is not None and self.exceeded(mid) and higher:
                body = f"{head}，比{target}的年度目标多出{gap.text}"
            elif self.met(mid):
                body = f"{head}，达到了{target}的年度目标"
            else:
                body = f"{head}，年度目标是{target}"
                if f.has(f"{mid}.completion") and higher:
                    body += f"，完成率{f.t(mid + '.completion')}"
                if gap is not None and higher:
                    body += f"，还差{gap.text}"
        if project is not None:
            where = self.ordinal(project)
            if self.met(mid):
                return body + f"，这与我负责的{where}直接相关。"
            return body + "。" + self._focus(mid)
        note = self.note_text(mid)
        if note:
            lead = ("全年节奏上，" if "季度" in note else "这主要得益于" if self.met(mid)
                    else "从原因看，")
            body += "。" + lead + note
        return body + "。"

    def _goal_has_target(self, link: GoalLink) -> bool:
        target = self.n.metrics[link.metric].target
        return target is not None and any(
            abs(m.value - target) < 1e-9 for m in _numbers_in(link.goal_clause, self.n.report.year))

    def _kpis(self, met: bool) -> str:
        mids = [m for m in self.kpis if self.met(m) == met]
        if not mids:
            return ""
        out = []
        for k, mid in enumerate(mids):
            lead = ""
            if met and k == 0:
                out.append("先看完成的指标。")
            elif not met and len(mids) == 1 and len(self.kpis) > 1:
                lead = f"没有完成的是{self.label(mid)}："
            elif not met and k == 0 and len(self.kpis) > len(mids):
                out.append("再看没有完成的。")
            out.append(self._kpi_sentence(mid, lead))
        return "".join(out)

    def _claims_paragraph(self, claims: list[Judgement]) -> str:
        """Plan claims as written, each followed by the notes' own causes for its metrics."""
        out = []
        for j in claims:
            text = j.claim
            for q in j.causes:
                mid = q.origin.removeprefix("metrics.").removesuffix(".note")
                if not q.origin.startswith("metrics.") or not any(
                        e == mid or e.startswith(mid + ".") for e in j.evidence):
                    continue
                cause = self.note_text(mid)
                if cause:
                    text += f"{self.label(mid)}方面，{cause}。"
            out.append(text)
        return "".join(out)

    def _other_metrics(self) -> str:
        f, n = self.f, self.n
        groups: dict[str, list[str]] = {}
        for mid in n.metrics:
            if mid in self.kpis or mid in self.stated or self._campaign_owns(mid):
                continue
            self.stated.add(mid)
            clause = f"{_short_label(self.label(mid))}为{f.t(mid)}"
            change = self.change(mid)
            if change:
                clause += f"，{change}"
            note = self.note_text(mid)
            if note:
                # the note explains the change: say which way it reads
                moved = next((f.favorable(x) for x in (f"{mid}.diff", f"{mid}.yoy")
                              if f.favorable(x) is not None), None) if change else None
                lead = {True: "得益于", False: "原因是"}.get(moved, "") if moved is not None else ""
                clause += f"，{lead}{note}。"
            groups.setdefault(_group(mid), []).append(clause)
        out = []
        for name, items in groups.items():
            text = ""
            for k, item in enumerate(items):
                text += item if k == 0 else ("" if text.endswith("。") else "，") + item
            out.append(sentences(f"{name}方面，{text}" if name else f"此外，{text}"))
        return "".join(out)

    def _campaign_owns(self, mid: str) -> bool:
        return any(m == mid for items in self.campaign_clauses.values() for m, _ in items)

    def _highlights(self) -> str:
        n = self.n
        parts = []
        if n.review.highlights:
            parts.append("这一年值得一提的还有：" + "，".join(restate(h) for h in n.review.highlights))
        notes = [restate(s) for s in sentences_of(n.review.notes or "") if _in_voice(s)]
        moves = [s for s in notes if not is_bad(s)]
        slips = [s for s in notes if is_bad(s)]  # an incident is not something to be proud of
        if moves:
            parts.append("此外，" + "，".join(x.rstrip("。") for x in moves))
        if slips:
            parts.append("也有没做好的地方：" + "，".join(x.rstrip("。") for x in slips))
        team = n.team
        if team.size or team.initiatives:
            lead = f"团队上，我带的{n.report.team or '团队'}"
            lead += f"共有{self.f.t('team.size')}" if self.f.has("team.size") else ""
            if team.initiatives:
                lead += "，" + "，".join(restate(x) for x in team.initiatives)
            parts.append(lead)
        return sentences(*parts)

    # -- 二、重点工作项目执行复盘 -------------------------------------------------------

    def projects_intro(self) -> str:
        f = self.f
        if self.projects:
            roles = [clean(p.role or "") for p in self.projects]
            count = cn_count(f.get("count.projects"), "项目")
            lead = "牵头负责了" if all("负责" in r for r in roles) else "参与推进了"
            duties = duties_by_project(self.n)
            per = []
            for i, p in enumerate(self.projects):
                bits = []
                if p.role and lead != "牵头负责了":
                    bits.append(f"我担任{clean(p.role)}")
                situation = self._situation(p)
                if situation:
                    bits.append(f"针对的是{join_cn(situation[:2], '、')}的问题")
                if duties.get(i):
                    bits.append(f"承接了{join_cn(duties[i])}的工作")
                link = self.links[i]
                if link and link.metric in self.kpis:
                    bits.append(f"对应考核中的{self.label(link.metric)}")
                if bits:
                    per.append(f"{self.ordinal(i)}{'，'.join(bits)}")
            if per:
                return f"这一年我{lead}{count}：" + "；".join(per) + "。下面逐个复盘。"
            names = join_cn([quoted(p.name) for p in self.projects])
            return sentences(f"这一年我{lead}{count}：{names}")
        parts = []
        for j in self.claims("projects"):
            parts.append(j.claim)
            self.stated.update(j.evidence)
        if self.campaigns:
            names = join_cn([c.name for c in self.campaigns])
            if len(self.campaigns) == 1:
                parts.append(f"下面把{names}单独拿出来复盘。")
            else:
                parts.append(f"下面逐一复盘{names}{cn_count(f.get('count.campaigns'), '活动')}。")
        return "".join(sentences(p) for p in parts)

    def item(self, index: int) -> str:
        if self.projects:
            return self._project(index)
        return self._campaign(index)

    def _project(self, i: int) -> str:
        p = self.projects[i]
        link = self.links[i]
        name = quoted(p.name)
        blocks = [
            ("项目背景与目标", self._background(p, link, i)
             or marker(f"{name}为什么要做、要达到什么目标", "重点项目", "项目背景（为什么要做）？")),
            ("执行过程与策略", self._actions(p.actions, personal=True, role=p.role or "")
             or marker(f"{name}具体做了哪些事、按什么节奏推进", "重点项目", "执行过程中的关键动作？")),
            ("数据结果与分析", self._results(p, link, i)
             or marker(f"{name}取得了哪些结果，最好带上数字", "重点项目", "数据结果？")),
            ("总结与可复制经验", self._lessons(p, i)
             or marker(f"{name}有哪些可以复制的经验、哪些地方没做好", "重点项目", "可复制的经验？")),
        ]
        return paragraphs(*(f"**{title}**\n\n{text}" for title, text in blocks))

    def _background(self, p: Project, link: GoalLink | None, i: int) -> str:
        parts = []
        if p.background:
            bg = restate(p.background)
            parts.append(pick(("立项时的情况是：{}", "启动这个项目，是因为{}", "项目的起点是：{}"),
                              i).format(bg))
        if p.role and "负责" not in p.role:
            parts.append(f"我在项目中担任{clean(p.role)}")
        if p.goal:
            lead = "我给项目定的目标是" if "负责" in (p.role or "") else "项目的目标是"
            parts.append(f"{lead}：{restate(p.goal)}")
            if link and link.metric in self.kpis:
                parts.append(f"其中{self.label(link.metric)}一项，也是我的年度考核指标")
        return sentences(*parts)

    def _actions(self, actions: list[str], *, personal: bool, role: str = "") -> str:
        if not actions:
            return ""
        timed = [split_time(a) for a in actions]
        quarterly = personal and len(timed) > 1 and all(t and is_quarterly(t) for t, _ in timed)
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
                s = f"{'最后' if len(timed) > 2 else '同时'}，{doer}"
            else:
                s = pick(("接着，{}", "在此基础上，{}", "同时，{}"), k - 1).format(doer)
            out.append(s)
        if quarterly and out:
            who = f"作为项目{clean(role)}，我" if role else "我"
            out[0] = f"{who}把项目按时间分阶段推进：" + out[0]
        return sentences(*out)

    def _results(self, p: Project, link: GoalLink | None, i: int) -> str:
        """The goal set against the result: the verdict first, then the evidence."""
        results = [restate(r) for r in p.results]
        judged = restate(link.result) if link and link.result else ""
        rest = [r for r in results if r != judged]
        verdict = ""
        if link and link.metric in self.kpis:
            verdict = self._verdict(link, judged, i)
        elif judged:
            rest = [judged, *rest]
        if not verdict:
            verdict, rest = self._plain_verdict(p, rest)
        paired, rest = self._goal_pairs(p, link, rest)
        rest = [self._credited(r, p.actions) for r in rest]
        evidence = []
        if rest:
            if verdict:
                lead = (("其他几项数据" if len(rest) > 1 else "其他数据") + "也支持这个判断："
                        if self._reached(link) else "过程数据上，")
            else:
                lead = pick(("从数据上看，", "数据上，", "结果方面，"), i)
            chunks = [rest[k:k + 2] for k in range(0, len(rest), 2)]
            evidence.append(lead + "。同时，".join("，".join(c) for c in chunks))
        return paragraphs(verdict, sentences(*paired, *evidence))

    def _plain_verdict(self, p: Project, rest: list[str]) -> tuple[str, list[str]]:
        """A goal clause with a number set against the result that names the same thing."""
        year = self.n.report.year
        for clause in clauses(restate(p.goal or "")):
            goal_numbers = _numbers_in(clause, year)
            if not goal_numbers:
                continue
            for r in rest:
                if not (shared_words(clause, r) or _ascii_words(clause) & _ascii_words(r)):
                    continue
                got = _numbers_in(r, year)
                if not got or got[-1].kind != goal_numbers[-1].kind:
                    continue
                lower = any(w in clause for w in ("以下", "以内", "降低", "降至", "控制在", "压到"))
                g, v = goal_numbers[-1].base_value, got[-1].base_value
                reached = v <= g if lower else v >= g
                left = [x for x in rest if x != r]
                if reached:
                    return sentences(f"对照立项目标，{r}，目标中的这一条已经做到"), left
                return sentences(f"对照立项目标，{r}，离目标中的这一条还有距离"), left
        return "", rest

    def _reached(self, link: GoalLink | None) -> bool:
        return bool(link and (self.met(link.metric) or link.result_reaches_goal))

    def _verdict(self, link: GoalLink, judged: str, i: int) -> str:
        mid = link.metric
        label = self.label(mid)
        note = self.note_text(mid)
        if self.met(mid):
            text = f"对照立项目标，{label}这一项已经兑现，全年结果高于目标线（见第一部分）"
            if judged:
                text += f"，{judged}"
            if note:
                text += f"。这主要得益于{note}"
            others = [c for c in clauses(restate(self.projects[i].goal or ""))
                      if c != restate(link.goal_clause) and not any(ch.isdigit() for ch in c)]
            if others and not note:
                text += f"。这个结果背后，是{join_cn(others)}这项工作的落地"
            return sentences(text)
        text = pick(("对照立项目标，这个项目的结果要分两层看", "拿结果对照目标，需要分开来看"), i)
        if judged and link.result_reaches_goal:
            text += f"。{judged}，已经达到目标里的水平，说明方向是对的"
        elif judged:
            text += f"。{judged}，离目标还有距离"
        text += f"。但全年的{label}仍低于目标线"
        if note:
            text += f"：{note}，项目里的改善还没有拉动全年的数字"
        else:
            text += "，项目里的改善还没有拉动全年的数字"
        halves = _halves(note, judged)
        if halves:
            text += (f"。代价集中在{halves[0]}，效果出现在{halves[1]}，两者在全年平均数里相互抵消，"
                     f"才有了{halves[1]}达标、全年{label}未达标的结果")
        return sentences(text)

    def _goal_pairs(self, p: Project, link: GoalLink | None, rest: list[str]
                    ) -> tuple[list[str], list[str]]:
        """The situation the project started from, set beside the result that answers it."""
        out: list[str] = []
        left = list(rest)
        for words in self._situation(p):
            scored = [(len(shared_words(words, r)) + len(_ascii_words(words) & _ascii_words(r)), r)
                      for r in left]
            best = max(scored, key=lambda x: x[0], default=(0, ""))
            if best[0] > 0:
                lead = pick(("立项时{}，现在{}", "对照立项时{}的情况，{}"), len(out))
                out.append(lead.format(words, best[1]))
                left.remove(best[1])
        return out, left

    def _credited(self, result: str, actions: list[str]) -> str:
        """``自动化SOP贡献会员销售额的17%`` credited to the action that built the SOPs."""
        for action in actions:
            common = _ascii_words(result) & _ascii_words(action)
            if not common:
                continue
            if not acts(split_time(action)[1]):
                continue
            return f"{result}，这是前面执行环节的直接产出"
        return result

    def _situation(self, p: Project) -> list[str]:
        """The background's clauses in words (numbers out), short ones joined to the next."""
        year = self.n.report.year
        out: list[str] = []
        carry = ""
        for clause in clauses(restate(p.background or "")):
            words = carry + split_time(without_numbers(clause, year))[1]
            if len(words) < 6:
                carry = words
                continue
            carry = ""
            out.append(words)
        return out

    def _answers(self, text: str) -> list[str]:
        pair = next((pp for pp in self.plan.problem_plan if pp.problem.text == clean(text)), None)
        return [q.text for q in pair.plans] if pair else []

    def _lessons(self, p: Project, i: int) -> str:
        parts = []
        ls = [restate_maxim(x) for x in p.lessons]
        if len(ls) == 1:
            parts.append(f"这个项目最值得复制的经验是：{ls[0]}")
        elif ls:
            parts.append(f"这个项目沉淀下来的第一条经验是：{ls[0]}")
            parts.extend(f"{pick(('其次', '另外', '还有'), k)}，{x}" for k, x in enumerate(ls[1:]))
        carried = self._carried(p.lessons)
        if carried:
            parts[-1] += carried
        sf = [clean(x) for x in p.shortfalls]
        if sf:
            open_ = [x for x in sf if not self._answers(x)]
            said = [mine(x) for x in sf]
            parts.append(pick(("不足之处在于，", "没做好的地方也要说清楚："), i) + said[0])
            parts.extend(f"{pick(('另外', '同时'), k)}，{x}" for k, x in enumerate(said[1:]))
            if not open_:
                parts[-1] += "，针对这些不足的改进已经放进明年的工作计划（见第四部分）"
            if open_ and (self.n.plan.strategies or self.n.plan.personal_goals):
                tail = ("这些问题" if len(open_) == len(sf) and len(sf) > 1 else
                        "这一点" if len(open_) == 1 and len(sf) == 1 else
                        f"其中{'、'.join(head_clause(x) for x in open_)}")
                parts[-1] += f"，{tail}" + _UNANSWERED[self.unanswered % len(_UNANSWERED)]
                self.unanswered += 1
                self.used.update(open_)
        return sentences(*parts)

    def _carried(self, lessons: list[str]) -> str:
        """``，明年计划里与内容相关的工作会沿用这条经验`` when a plan item shares a lesson's words."""
        items = [clean(x) for x in [*self.n.plan.strategies, *self.n.plan.personal_goals]]
        for lesson in lessons:
            for item in items:
                words = sorted(shared_words(lesson, item))
                if words and item not in self.carried:
                    self.carried.add(item)
                    return f"，明年计划里与{words[0]}相关的工作，会沿用这些做法"
        return ""

    # -- campaigns (shop notes in this style) ------------------------------------------

    def _campaign(self, i: int) -> str:
        c = self.campaigns[i]
        bg = sentences(f"{c.name}的活动周期为{clean(c.period)}") if c.period else ""
        blocks = [
            ("项目背景与目标", bg or marker(f"{c.name}的时间段、为什么做、当时定了什么目标",
                                         "大促与战役", "时间段？")),
            ("执行过程与策略", self._actions(c.actions, personal=False)
             or marker(f"{c.name}期间做了哪些关键动作，其中哪些由你负责", "大促与战役",
                       "做了哪些关键动作？")),
            ("数据结果与分析", self._campaign_results(c, i)
             or marker(f"{c.name}取得了什么结果，最好带上数字", "大促与战役",
                       "取得了什么结果（尽量带数字）？")),
            ("总结与可复制经验", self._campaign_lessons(c, i)
             or marker(f"{c.name}有什么反思或可以复制的经验", "大促与战役", "有什么反思或经验？")),
        ]
        return paragraphs(*(f"**{title}**\n\n{text}" for title, text in blocks))

    def _campaign_results(self, c: Campaign, i: int) -> str:
        f = self.f
        parts = []
        if c.results:
            items = [restate(r).removeprefix(f"{c.name}期间").removeprefix("活动期间")
                     for r in c.results]
            parts.append(f"{c.name}期间，" + "，".join(clean(x) for x in items))
        for mid, clause in self.campaign_clauses.get(i, []):
            if clause in self.used or clause in self.dropped:
                continue
            self.used.add(clause)
            if mid in self.kpis or mid == "gmv":
                parts.append(restate(clause))
                continue
            text = f"但{restate(clause)}" if parts else restate(clause)
            if mid not in self.stated:
                self.stated.add(mid)
                text += f"，全年{self.label(mid)}为{f.t(mid)}"
            if any(j.kind == "tension" and j.subject == c.name for j in self.plan.all_judgements()):
                text += "，卖得动的货没有备足"
            parts.append(text)
        return sentences(*parts)

    def _campaign_lessons(self, c: Campaign, i: int) -> str:
        """The notes' reflections, and the plan items that answer what the campaign exposed."""
        parts = [("复盘下来，" if k == 0 else "另外，") + restate(r) for k, r in enumerate(c.reflection)]
        exposed = [restate(r) for r in c.reflection]
        exposed += [cl for mid, cl in self.campaign_clauses.get(i, [])
                    if mid not in self.kpis and mid != "gmv"]
        year = self.n.report.year
        for text in exposed:
            plans = [s for s in self.n.plan.strategies if shared_words(text, s)
                     and clean(s) not in self.carried]
            if plans:
                self.carried.add(clean(plans[0]))
                step = head_clause(restate(plans[0]))
                answered = _ANSWERED[self.answered % len(_ANSWERED)]
                self.answered += 1
                if not parts:  # no reflection before it: 这一点 would point at nothing
                    subject = f"{c.name}里暴露的问题"
                    answered = answered.replace("这一点", subject).replace("对此", f"对{subject}")
                if any(ch.isdigit() for ch in step) or _numbers_in(step, year):
                    parts.append(answered + "（见第四部分）")
                else:
                    parts.append(answered + f"，先从{step}做起")
                break
        return sentences(*parts)

    # -- 三、个人能力成长与不足 ---------------------------------------------------------

    def growth(self) -> str:
        g = self.n.growth
        blocks = ["### 能力成长\n\n" + (self._skills() if g.skills else marker(
            "这一年你在哪些能力上有成长，最好结合具体工作", "个人成长", "这一年你的能力有哪些成长？"))]
        blocks.append("### 存在的不足\n\n" + (self._shortfalls() if g.shortfalls else marker(
            "你认为自己还有哪些不足", "个人成长", "还有哪些不足？")))
        return paragraphs(*blocks)

    def _skills(self) -> str:
        skills = [restate(s) for s in self.n.growth.skills]
        parts = []
        if len(skills) > 1:
            parts.append(f"这一年我在{cn_count(self.f.get('count.skills'), '方面')}有明显进步")
        led = [k for k, p in enumerate(self.projects) if "负责" in (p.role or "")]
        for k, s in enumerate(skills):
            if acts(s):
                text = mine(s, "已经")
            else:
                text = pick(("{}能力有了明显提升", "在{}上也更有把握了", "{}方面积累了实际经验"),
                            k).format(s)
            methods = self._methods() if any(w in s for w in _DATA_SKILL) else []
            if methods:
                text += f"，{join_cn(methods)}这些工作都要用到它们"
            elif "项目" in s and led:
                which = "、".join(self.ordinal(x) for x in led)
                text += f"，{which}都由我担任负责人，这方面的锻炼最直接"
            else:
                where = project_for(self.n, s)
                if where is not None:
                    text += f"，这与{self.ordinal(where)}的实践直接相关"
            parts.append(text)
        return sentences(*parts)

    def _methods(self) -> list[str]:
        """Data methods the projects' actions name (``RFM模型``, ``A/B测试``)."""
        found: list[str] = []
        for p in self.projects:
            for a in p.actions:
                for m in _METHOD.findall(a):
                    if m not in found:
                        found.append(m)
        return found[:3]

    def _shortfalls(self) -> str:
        sf = [restate(s) for s in self.n.growth.shortfalls]
        text = f"对照这一年的工作，我的不足主要在{sf[0]}"
        if len(sf) > 1:
            text += "，以及" + "、".join(sf[1:])
        text += "上"
        answered = [x for x in self.n.growth.shortfalls if self._answers(x)]
        if answered and len(answered) == len(sf):
            text += "，明年的个人发展目标就是围绕" + ("这几块" if len(sf) > 1 else "这一块") + "短板来定的"
        elif answered:
            text += f"。其中{restate(answered[0])}在明年的计划里已经有了对应安排"
        personal = [(i, clean(x)) for i, p in enumerate(self.projects) for x in p.shortfalls
                    if any(w in x for w in ("理解", "能力", "经验", "掌握", "不熟", "技能"))]
        if personal:
            i, x = personal[0]
            text += f"。此外，{self.ordinal(i)}里暴露的“{restate(x)}”，同样是我需要补的一课"
        return sentences(text)

    # -- 四、下一年度工作计划与个人发展目标 -------------------------------------------

    def plan_section(self) -> str:
        n = self.n
        blocks = []
        work = self._work_plan()
        if work:
            blocks.append("### 工作计划\n\n" + work)
        if n.plan.personal_goals:
            blocks.append("### 个人发展目标\n\n" + self._personal_goals())
        elif self.projects:
            blocks.append("### 个人发展目标\n\n" + marker("明年你个人想在哪些方面提升、怎么提升",
                                                        "明年计划", "个人发展目标？"))
        if blocks:
            blocks.append(self._closing())
        return paragraphs(*blocks)

    def _closing(self) -> str:
        """The thesis once more, as the last word: what was delivered, what is owed, the lesson."""
        r = self.n.report
        met = [self.label(m) for m in self.kpis if self.met(m)]
        missed = [self.label(m) for m in self.kpis if not self.met(m)]
        parts = []
        if met and missed:
            word = "超过目标的成绩" if all(self.exceeded(m) for m in self.kpis if self.met(m)) \
                else "达标的成绩"
            parts.append(f"总的来看，这一年{join_cn(met)}交出了{word}，{join_cn(missed)}还差一步")
        lesson = self.lesson()
        pending = [pp.problem.text for pp in self.plan.problem_plan if not pp.answered]
        if lesson and pending:
            # the opening already quoted the lesson: not a third time; name what is still open
            parts.append(f"明年我会先把“{head_clause(restate(pending[0]))}”这类"
                         "复盘中暴露、计划里还没有覆盖的问题补进计划")
        who = f"作为{r.role}" if r.role else ""
        to = f"，请{r.audience}审阅指正" if r.audience else "，请审阅指正"
        parts.append(f"以上是我{who}对{r.year}年工作的复盘{to}")
        return sentences(*parts)

    def _answered_by(self, item: str) -> list[str]:
        """Problems this year that a plan item answers (from the plan's problem -> plan pairs)."""
        return [pp.problem.text for pp in self.plan.problem_plan
                if any(q.text == clean(item) for q in pp.plans)]

    def _answer_words(self, problems: list[str]) -> str:
        """``，用来补上我在X上的短板`` / ``，用来解决项目二暴露的“A”和“B”`` / ``，回应“A”的问题``."""
        growth = [clean(x) for x in self.n.growth.shortfalls]
        mine_ = [restate(x) for x in problems if x in growth]
        by_project: dict[int, list[str]] = {}
        review = []
        for x in problems:
            if x in growth:
                continue
            owner = next((i for i, p in enumerate(self.projects)
                          if x in [clean(s) for s in p.shortfalls]), None)
            if owner is None:
                review.append(f"“{head_clause(restate(x))}”")
            else:
                by_project.setdefault(owner, []).append(f"“{head_clause(restate(x))}”")
        bits = []
        if mine_:
            bits.append(f"补上我在{join_cn(mine_)}上的短板")
        for i, items in by_project.items():
            bits.append(f"解决{self.ordinal(i)}暴露的{join_cn(items)}问题")
        if review:
            bits.append(f"回应{join_cn(review)}的问题")
        return "，用来" + "，也为了".join(bits) if bits else ""

    def _work_plan(self) -> str:
        f, n = self.f, self.n
        parts = []
        targets = []
        for mid in n.plan.targets:
            targets.append(f.plan_target_clause(mid, self.label(mid)))
        if targets:
            parts.append("明年我给自己定的量化目标是：" + "，".join(targets))
        items = [clean(s) for s in n.plan.strategies]
        missed = [m for m in self.kpis if not self.met(m)]
        if missed and items:
            parts.append(f"{join_cn([self.label(m) for m in missed])}今年没有达标，明年仍是我工作的重点")
        for k, item in enumerate(items):
            doer = mine(item, "将")
            if not doer.startswith("我"):
                doer = f"我会推动{restate(item)}"
            lead = pick(("首先，", "其次，", "此外，", "同时，"), k) if len(items) > 1 else ""
            s = lead + doer
            problems = [x for x in self._answered_by(item) if x not in self.used]
            self.used.update(problems)
            parts.append(s + self._answer_words(problems[:2]))
        unanswered = [pp.problem.text for pp in self.plan.problem_plan
                      if not pp.answered and pp.problem.text not in self.used
                      and pp.problem.origin.startswith("review.")]
        if unanswered and items:
            parts.append(f"需要说明的是，{'、'.join(head_clause(restate(x)) for x in unanswered)}"
                         "这一块，目前的计划里还没有对应的安排")
        return sentences(*parts)

    def _personal_goals(self) -> str:
        parts = []
        for g in self.n.plan.personal_goals:
            doer = mine(g, "计划") if acts(g) else f"我计划{restate(g)}"
            problems = [x for x in self._answered_by(g) if x not in self.used]
            self.used.update(problems)
            parts.append(doer + self._answer_words(problems[:2]))
        return sentences(*parts)

    # -- all together ------------------------------------------------------------------

    def compose(self) -> Composed:
        count = len(self.projects) or len(self.campaigns)
        duties = self.duties()
        intro = self.projects_intro()
        items = [self.item(i) for i in range(count)]
        growth = self.growth()
        plan = self.plan_section()
        return Composed(fullwidth(duties), fullwidth(intro), [fullwidth(x) for x in items],
                        fullwidth(growth), fullwidth(plan))


_DATA_SKILL = ("Excel", "SQL", "数据分析", "Python", "BI")
_METHOD = re.compile(r"RFM模型|A/B测试|AB测试|SQL|看板|数据模型|归因模型|Python")

_GROUPS = {
    "利润": ("gross_profit", "gross_margin", "net_profit", "net_margin"),
    "用户": ("new_users", "mau", "dau", "repurchase_rate", "visitors"),
    "交易与投放": ("aov", "cac", "conversion_rate", "roi", "ad_spend"),
    "商品与库存": ("new_products", "new_product_sell_through", "inventory_turnover_days",
              "stockout_rate", "slow_stock_ratio"),
    "服务与履约": ("first_response_seconds", "satisfaction", "ship_hours", "delivery_days",
              "dsr_description", "dsr_service", "dsr_logistics"),
}


def _group(mid: str) -> str:
    return next((name for name, ids in _GROUPS.items() if mid in ids), "")


def _short_label(label: str) -> str:
    """``月均活跃用户数（MAU）`` reads ``MAU`` inside a sentence."""
    m = re.fullmatch(r"(.+?)[（(]([A-Za-z]{2,5})[)）]", label)
    return m.group(2) if m else label


def _halves(cause: str, result: str) -> tuple[str, str] | None:
    """(when the cost fell, when the result showed) when the notes name two halves of the year."""
    for a, b in (("上半年", "下半年"), ("一季度", "四季度"), ("前三季度", "四季度")):
        if a in cause and b in result:
            return a, b
    return None


def _ascii_words(text: str) -> set[str]:
    return {w.upper() for w in re.findall(r"[A-Za-z]{2,}", text)}


def _numbers_in(text: str, year: int) -> list[NumberMention]:
    return [m for m in find_numbers(text, year=year) if not m.placeholder]
