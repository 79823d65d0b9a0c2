"""The narrative review composed from the report plan, one chapter after another.

``Narrative.write()`` returns every chapter's body. The plan (``assistant.analysis``)
gives the thesis, the judgements each chapter argues, the chapter that owns each
figure and the problem -> plan pairs. A figure is written in full once, in the
chapter that owns it (``x``/``xp`` record it); a later chapter that comes back to
it names it in words. Comparisons between facts only choose the wording; every
number shown is a fact's text or phrase, or part of a quoted notes item.
"""

from __future__ import annotations

from assistant.offline.narrative_base import (
    CN_ORDER,
    TEAM_WORDS,
)
from assistant.offline.narrative_battles import StrategyChapter
from assistant.offline.narrative_preface import PrefaceChapter
from assistant.offline.narrative_problems import ProblemChapters
from assistant.offline.narrative_text import (
    clause,
    clauses,
    clean,
    cn_count,
    lesson,
    list_phrase,
    name_ref,
    sentences_of,
)
from assistant.typography import COLON, COMMA


class Narrative(PrefaceChapter, StrategyChapter, ProblemChapters):
    """The whole narrative review: 前言, four chapters and 结语, in one pass."""

    def write(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for sid, writer in (("preface", self.preface), ("strategy", self.strategy),
                            ("team", self.team), ("challenges", self.challenges),
                            ("outlook", self.outlook), ("closing", self.closing)):
            self.section = sid
            out[sid] = writer()
        return out

    def team(self) -> str:
        n = self.n
        t = n.team
        blocks = []
        first = []
        if t.size is not None and self.can("team.size"):
            first.append(f"{n.report.team or '团队'}现有{self.x('team.size')}。")
        if len(t.initiatives) == 1:
            first.append(f"这一年带队伍的重点是{self.tell(t.initiatives[0])}。")
        elif t.initiatives:
            first.append("这一年带队伍主要做了几件事" + COLON + COMMA.join(
                f"{CN_ORDER[k] if k < len(CN_ORDER) else '再'}是{self.tell(i)}"
                for k, i in enumerate(t.initiatives)) + "。")
        if t.notes:
            first.append(self.tell(t.notes) + "。")
        for sent in sentences_of(n.review.notes):
            if not self.is_told(sent) and any(w in sent for w in TEAM_WORDS):
                first.append(f"另外{COMMA}{self.tell(sent)}。")
        weak = next((p for p in n.review.problems if any(w in p for w in TEAM_WORDS)), None)
        if first and weak:
            first.append(f"队伍也有短板{COMMA}{clauses(weak)[0]}{COMMA}这一条放到第三章细说。")
            fix = next((s for s in n.plan.strategies if any(w in s for w in TEAM_WORDS)), None)
            if fix:
                first.append(f"{self.next}要在现有做法的基础上{self.plan_words(fix)}。")
        if first:
            blocks.append("".join(first))
        if n.growth.skills:
            skills = [clause(s) for s in n.growth.skills]
            s = f"先说能力。这一年{self.we}进步最明显的是{skills[0]}"
            if len(skills) > 1:
                s += f"{COMMA}{list_phrase(skills[1:])}也比年初更有把握"
            s += "。"
            roles = {p.role for p in n.projects if p.role}
            managing = next((k for k in skills if "项目" in k), None)
            if self.personal and managing and len(roles) == 1 and self.f.has("count.projects"):
                s += (f"{cn_count(self.value('count.projects'))}个项目我都是{roles.pop()}{COMMA}"
                      f"{managing}正是在这里练出来的。")
            blocks.append(s)
        lessons = [(p.name, x) for p in n.projects for x in p.lessons] if self.personal else []
        lessons += [("", x) for x in n.review.lessons]
        lessons = [(name, x) for name, x in lessons if not self.is_told(x)]
        if lessons:
            blocks.append(self.lessons_text(lessons))
        return "\n\n".join(blocks)

    def lessons_text(self, lessons: list[tuple[str, str]]) -> str:
        by_project: dict[str, list[str]] = {}
        for name, x in lessons:
            self.told.add(clean(x))
            by_project.setdefault(name, []).append(lesson(x))
        parts = []
        for k, (name, xs) in enumerate(by_project.items()):
            body = xs[0] + "".join(f"{COMMA}还有{x}" for x in xs[1:])
            if name:
                lead = f"在{name_ref(name)}这件事上"
                parts.append(f"{lead}{COMMA}{self.we}{'学到的是' if k == 0 else '的体会是'}{body}")
            else:
                parts.append(f"{self.we}总结下来的做法是{body}")
        lead = "再说方法。" if self.personal and self.n.growth.skills else ""
        return lead + "。".join(parts) + "。"

    def closing(self) -> str:
        n = self.n
        if self.personal:
            weak = clause(n.growth.shortfalls[0]) if n.growth.shortfalls else ""
            beaten, missed = self.target_split()
            if n.projects:
                text = (f"这一年{COMMA}{list_phrase([name_ref(p.name) for p in n.projects])}"
                        f"都落到了能看见的结果上{COMMA}也让我看清了自己还差在哪里。")
            elif missed:
                text = (f"这一年{list_phrase([self.label(m) for m in missed])}没有做到目标{COMMA}"
                        f"差在哪里已经清楚。")
            elif beaten:
                text = f"这一年{list_phrase([self.label(m) for m in beaten])}都做到了目标。"
            else:
                text = ""
            if weak:
                text += f"明年最想补的一课是{weak}{COMMA}希望部门继续给我压担子。"
            return text
        who = n.report.organization or n.report.team or "店铺"
        j = self.judgement("growth-quality")
        first = clauses(n.plan.strategies[0])[0] if n.plan.strategies else ""
        if j is not None and j.gist == "增收不增利":
            text = f"{self.year}年{COMMA}{who}证明了生意还能做大{COMMA}也看清了增长背后的代价。"
            if first:
                text += (f"明年{self.we}要做的{COMMA}是靠{first}让推广费换回利润{COMMA}"
                         f"而不只是换回成交。")
            return text
        beaten, missed = self.target_split()
        labels = lambda ms: list_phrase([self.label(m) for m in ms])  # noqa: E731
        text = f"{self.year}年{COMMA}{who}"
        if j is not None and j.gist == "量利齐升" and missed:
            text += f"的规模和利润都上去了{COMMA}{labels(missed)}却没有做到目标。"
        elif beaten and missed:
            text += f"的{labels(beaten)}做到了{COMMA}{labels(missed)}还差一截。"
        elif missed:
            text += f"的{labels(missed)}没有做到{COMMA}这是绕不过去的账。"
        elif self.fav("gmv.yoy") is True:
            text += "的规模又往前走了一步。"
        elif self.fav("gmv.yoy") is False:
            text += "的规模退了一步。"
        elif n.projects or n.campaigns:
            done = list_phrase([p.name for p in n.projects] or [c.name for c in n.campaigns])
            text += f"把{done}做成了。"
        else:
            text += f"有做成的事{COMMA}也有没做好的事。"
        problems = self.n.review.problems
        if problems:
            text += f"明年最先要解决的{COMMA}是{clauses(problems[0])[0]}。"
        return text
