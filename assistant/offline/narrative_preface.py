"""前言: the year's thesis from the plan, the targets, and the road through the review."""

from __future__ import annotations

from assistant.analysis import Judgement
from assistant.offline.narrative_base import (
    NarrativeBase,
)
from assistant.offline.narrative_text import (
    clause,
    clauses,
    clean,
    cn_count,
    is_bad,
    list_phrase,
    name_ref,
    overlap,
)
from assistant.typography import COLON, COMMA, SEMICOLON


class PrefaceChapter(NarrativeBase):
    def preface(self) -> str:
        if self.personal:
            first = self.personal_thesis()
        elif self.judgement("growth-quality") is not None or (
                self.f.has("gmv.yoy") and self.judgement("targets") is None):
            first = self.shop_thesis()
        else:
            first = self.targets_thesis()
        return "\n\n".join(p for p in (first, self.targets_paragraph(), self.roadmap()) if p)

    def targets_thesis(self) -> str:
        """The thesis when the year is told by its targets (no growth-quality judgement)."""
        j = self.judgement("targets")
        y = f"{self.year}年{COMMA}{self.who}"
        if j is None:
            main = max(self.plan.all_judgements(), key=lambda k: k.weight, default=None)
            if main is None or not main.gist:
                return ""
            return f"{self.year}年{COMMA}{self.who}最值得说的是{main.gist.strip('「」')}。"
        beaten, missed = self.target_split()
        if beaten and missed:
            head = f"{y}的目标有超有欠{COMMA}没做到的那几项比做到的更值得细看。"
        elif missed:
            head = f"{y}定下的目标没有完成{COMMA}差在哪里、怎么补{COMMA}是这份总结要回答的。"
        else:
            head = f"{y}定下的目标全部完成了。"
        self.targets_told = True
        return head + self.targets_text(beaten, missed) + self.missed_causes(missed)

    def missed_causes(self, missed: list[str]) -> str:
        for m in missed:
            note = self.note(m)
            if note and not self.is_told(note):
                return f"{self.label(m)}没做到{COMMA}{self.we}自己的判断是{self.tell(note)}。"
        return ""

    def thesis_buts(self) -> list[str]:
        """The bad news a good year's thesis must name (from the plan's judgements)."""
        out = []
        cost = self.judgement("cost-value")
        if cost is not None and cost.tone == "bad" and cost.gist:
            out.append(cost.gist)
        _, missed = self.target_split()
        if missed:
            out.append("年初的目标也没有拿下")
        return out

    def shop_thesis(self) -> str:
        who = self.who
        growth = self.judgement("growth-quality")
        if growth is None:
            up = self.fav("gmv.yoy") is True
            growth = Judgement("growth-quality", "growth_quality", "", ["gmv.yoy"],
                               tone="good" if up else "bad", gist="规模增长" if up else "规模收缩")
        y = f"{self.year}年"
        if growth.gist == "增收不增利":
            head = f"{y}{COMMA}{who}的生意做大了{COMMA}利润率却降了下来{COMMA}增收没有增利。"
        elif growth.gist == "量利齐升":
            buts = self.thesis_buts()
            head = f"{y}{COMMA}{who}的规模和利润率都在涨{COMMA}但{COMMA.join(buts)}。"
            if not buts:
                head = f"{y}{COMMA}{who}的规模和利润率一起往上走{COMMA}这样的增长经得起推敲。"
        elif growth.tone == "bad":
            head = f"{y}{COMMA}{who}的规模比去年小了{COMMA}先止住下滑是头等大事。"
        else:
            head = f"{y}{COMMA}{who}的规模继续扩大。"
        parts = []
        if self.can("gmv.yoy"):
            parts.append(f"全年GMV同比{self.xp('gmv.yoy')}")
        if self.can("net_profit.yoy"):
            parts.append(f"净利润只{self.xp('net_profit.yoy')}" if growth.gist == "增收不增利"
                         else f"净利润{self.xp('net_profit.yoy')}")
        if self.can("net_profit.of_gmv.last_year", "net_profit.of_gmv"):
            word = "降到" if self.value("net_profit.of_gmv.diff") < 0 else "升到"
            parts.append(f"净利率从{self.x('net_profit.of_gmv.last_year')}{word}"
                         f"{self.x('net_profit.of_gmv')}")
        evidence = COMMA.join(parts) + "。" if parts else ""
        band = ""
        if self.can("margin.cost_share.last_year", "margin.cost_share") and (
                self.f.t("margin.cost_share.last_year") != self.f.t("margin.cost_share")):
            rising = self.value("margin.cost_share.diff") > 0
            band = (f"毛利和净利之间的那一段费用{COMMA}占GMV的比例从"
                    f"{self.x('margin.cost_share.last_year')}{'涨到' if rising else '降到'}"
                    f"{self.x('margin.cost_share')}"
                    + (f"{COMMA}多卖出来的钱有不小一部分又花了出去。" if rising
                       else f"{COMMA}多出来的利润正是从这里省出来的。"))
        cause = ""
        np_note = clean(self.note("net_profit"))
        if growth.gist == "增收不增利":
            bad = [q.text for q in growth.causes if is_bad(q.text)]
            if bad:
                cause = f"复盘下来{COMMA}原因也清楚{COLON}{self.tell(bad[0])}。"
        elif growth.tone == "good" and np_note and not is_bad(np_note):
            lift = next((h for h in self.n.review.highlights if overlap(h, np_note) >= 2), None)
            cause = (f"省在哪里{self.we}也清楚{COLON}"
                     + (f"{self.tell(lift)}{COMMA}" if lift else "") + self.tell(np_note))
            cause += "。"  # a review note beside it would read as a cause the notes do not state
        stance = ""
        if growth.gist == "增收不增利":
            stance = (f"所以这份总结的重点不在摆成绩{COMMA}而在回答{self.next}怎样让利润"
                      f"跟上规模。")
        elif growth.gist == "量利齐升" and self.thesis_buts():
            stance = (f"所以这份总结要回答的是{COLON}增长靠什么换来{COMMA}"
                      f"{self.next}还能不能照这样换下去。")
        return head + evidence + band + cause + stance

    def targets_paragraph(self) -> str:
        j = self.judgement("targets")
        if j is None or self.personal or self.targets_told:
            return ""
        beaten, missed = self.target_split()
        return self.targets_text(beaten, missed)

    def targets_text(self, beaten: list[str], missed: list[str]) -> str:
        text = ""
        if missed:
            items = []
            for m in missed:
                if self.can(f"{m}.gap"):
                    done = (f"完成{self.x(m + '.completion')}{COMMA}" if self.can(f"{m}.completion")
                            else "")
                    items.append(f"{self.label(m)}{done}{self.xp(m + '.gap')}")
            if items:
                lead = ("年初定下的目标一个也没有拿满" if not beaten else "年初定下的目标有几项没有完成")
                text += f"{lead}{COLON}" + SEMICOLON.join(items) + "。"
        if beaten:
            items = [f"{self.label(m)}{self.xp(m + '.gap')}" for m in beaten if self.can(f"{m}.gap")]
            if items:
                text += "超额完成的是" + SEMICOLON.join(items) + "。"
        # No storyline joining the misses (拉新不够、转化不够，所以成交差一口气): the notes
        # do not state one.
        return text

    def personal_thesis(self) -> str:
        n = self.n
        team = n.report.team or n.report.organization or "团队"
        duties_list = [clause(d) for d in n.report.duties]
        lead = f"{self.year}年{COMMA}我在{team}"
        if duties_list:
            lead += f"主要负责{duties_list[0]}"
            if len(duties_list) > 1:
                lead += f"{COMMA}也兼顾{list_phrase(duties_list[1:])}"
        else:
            lead += "工作"
        if n.projects and self.f.has("count.projects"):
            self.stated.add("count.projects")
            lead += (f"{COMMA}全年的主要精力放在"
                     f"{cn_count(self.value('count.projects'))}个重点项目上")
        lead += "。"
        names = " ".join(p.name + (p.goal or "") + "".join(p.actions + p.results)
                         for p in n.projects)
        loose = [d for d in duties_list if n.projects and overlap(d, names) == 0]
        if loose and len(loose) < len(duties_list):
            lead += f"{list_phrase(loose)}这一块今年没有单独立项。"
        beaten, missed = self.target_split()
        body = ""
        if beaten or missed:
            body = "对照年初的指标" + COMMA
            if beaten:
                body += SEMICOLON.join(self.target_status(m) for m in beaten)
            if missed:
                m = missed[0]
                body += (SEMICOLON + "没有达标的是" + self.label(m) + COMMA if beaten
                         else self.label(m))
                if self.can(m):
                    body += f"全年只有{self.x(m)}{COMMA}" if beaten else f"全年做到{self.x(m)}{COMMA}"
                if self.can(m + ".target"):
                    body += f"目标{self.x(m + '.target')}{COMMA}"
                body += self.xp(m + ".gap")
            body += "。"
        tension = next((j for j in self.of_kind("project") if j.tone == "mixed"), None)
        turn = ""
        if tension is None and missed and self.note(missed[0]) and not self.is_told(
                self.note(missed[0])):
            turn = f"差距出在哪里我心里有数{COLON}{self.tell(self.note(missed[0]))}。"
        if tension is not None:
            m = missed[0] if missed else ""
            cause = clause(self.note(m)) if m and self.note(m) else ""
            turn = (f"这个缺口不是方向错了{COMMA}" if cause else "")
            if cause:
                self.told.add(clean(self.note(m)))
                turn += f"而是{cause}{COMMA}回报要到下半年才显出来" if "上半年" in cause else (
                    f"而是{cause}")
                turn += "。"
            turn += (f"所以这份总结想说清楚一件事{COLON}{name_ref(tension.subject)}已经见效{COMMA}"
                     f"但效果还没有完全落到全年的数字上{COMMA}{self.next}要把它做实。")
        return lead + body + turn

    def target_status(self, mid: str) -> str:
        own_value = self.can(mid)
        ly = ""
        if self.can(f"{mid}.last_year"):
            ly = f"{COMMA}去年是{self.x(mid + '.last_year')}"
            diff = self.f.get(f"{mid}.diff")
            grow = f"{mid}.diff" if diff is not None and diff.unit == "个百分点" else f"{mid}.yoy"
            if self.can(grow):
                ly = f"{COMMA}比去年的{self.x(mid + '.last_year')}{self.xp(grow)}"
        head = f"{self.label(mid)}做到{self.x(mid)}" if own_value else self.label(mid)
        if not own_value and ly:
            ly = ly.removeprefix(COMMA)
        return f"{head}{ly}{COMMA}{self.xp(mid + '.gap')}"

    def roadmap(self) -> str:
        names = [b.title for b in self.battles]
        if not names:
            return ""
        if self.personal:
            if self.n.campaigns or not self.f.has("count.projects"):
                return ""
            return (f"下面先逐个复盘这{cn_count(self.value('count.projects'))}个项目{COMMA}"
                    f"再说我自己的成长和短板{COMMA}最后是{self.next}的计划。")
        problems = [p.problem.text for p in self.plan.problem_plan]
        tail = f"{COMMA}再正视{clauses(problems[0])[0]}等几个问题" if problems else ""
        return (f"下面先复盘{list_phrase(names)}{tail}{COMMA}最后交代{self.next}的目标和打法。")
