"""第三章 and 第四章: each problem with what shows it, its cause, what it costs and what
answers it; next year's targets and plan tied to those problems, and the plan's holes.
"""

from __future__ import annotations

from assistant.analysis import Judgement, ProblemPlan
from assistant.offline.narrative_base import (
    ALIASES,
    CN_ORDER,
    TEAM_WORDS,
    NarrativeBase,
)
from assistant.offline.narrative_text import (
    clause,
    clauses,
    clean,
    lesson,
    list_phrase,
    name_ref,
    overlap,
    short_label,
    split_note,
)
from assistant.typography import COLON, COMMA, SEMICOLON


class ProblemChapters(NarrativeBase):
    def challenges(self) -> str:
        blocks = []
        for j in self.of_kind("tension"):
            if "challenges" in j.sections:
                blocks.append(self.tension_paragraph(j))
        pairs = self.plan.problem_plan
        review = [p for p in pairs if p.problem.origin.startswith("review.")]
        blocks += [self.problem_paragraph(k, p) for k, p in enumerate(review)]
        if self.personal:
            blocks += self.personal_challenges(
                [p for p in pairs if not p.problem.origin.startswith("review.")])
        return "\n\n".join(b for b in blocks if b)

    def tension_paragraph(self, j: Judgement) -> str:
        c = next((c for c in self.n.campaigns if c.name == j.subject), None)
        if c is None or not j.causes:
            return ""
        clash = j.causes[0].text
        self.told.add(clean(clash))
        stock_mid = next((m for m in self.n.metrics if clean(self.note(m)) == clean(clash)), "")
        what = clause(clash)
        for lead in (f"{c.name}期间", f"{c.name}时", c.name):
            if what.startswith(lead) and len(what) > len(lead) + 2:
                what = what[len(lead):].lstrip(COMMA)
                break
        s = f"最该反思的是{c.name}{COLON}需求是有的{COMMA}可{what}"
        if stock_mid and self.can(stock_mid):
            s += f"{COMMA}全年{self.label(stock_mid)}{self.x(stock_mid)}"
        s += "。"
        s += f"卖得动的货没有备够{COMMA}丢掉的恰恰是最好卖的那部分成交。"
        return s

    def problem_paragraph(self, k: int, pp: ProblemPlan) -> str:
        prob = pp.problem.text
        order = ("第一", "第二", "第三", "第四", "第五")
        text = f"{order[min(k, 4)]}个问题是{clause(prob)}。"
        self.told.add(clean(prob))
        evidence = []
        for fid in pp.evidence:
            if self.can(fid) and not (fid.endswith("gmv_of_total") and self.value(fid) >= 99):
                evidence.append(self.evidence_words(fid))
        for mid in self.problem_metrics(prob):
            if self.can(mid):
                evidence.append(self.metric_sentence(mid).rstrip("。"))
        named = [f"{m}.yoy" for m in self.metric_of(prob) if f"{m}.yoy" in self.stated
                 or f"{m}.diff" in self.stated]
        mentions = [self.referback(fid) for fid in [*pp.evidence, *named] if fid in self.stated
                    or fid in named]
        for qn, q in enumerate(("一季度", "二季度", "三季度", "四季度"), 1):
            if q in prob and f"gmv.q{qn}_qoq" in self.stated and self.value(f"gmv.q{qn}_qoq") < 0:
                mentions.append(f"第{CN_ORDER[qn - 1]}季度的回落")
        mentions = [m for m in dict.fromkeys(mentions) if m]
        if evidence:
            text += "数字上看得很清楚" + COLON + COMMA.join(evidence) + "。"
        if mentions:
            m = list_phrase(mentions)
            text += (f"前面讲到的{m}{COMMA}说的都是这件事。",
                     f"{m}就是它在数字上的样子。",
                     f"第一章里{m}{COMMA}根子也在这里。")[k % 3]
        for owner, said in self.problem_causes(prob):
            # the notes tie this clause to a channel or metric, not to the problem: a sign
            text += (f"{owner}上也看得到这一点{COLON}{said}。" if owner
                     else f"复盘时看到的相关情况是{said}。")
        for c in self.n.campaigns:
            echo = next((r for r in c.reflection if overlap(r, prob) >= 2), None)
            if echo:
                text += f"{c.name}复盘时说的“{clause(echo)}”{COMMA}也是同一个问题。"
        text += self.meaning(prob)
        plans = [q.text for q in pp.plans] or self.plan_by_words(prob)
        fresh = [q for q in plans if clean(q) not in self.cited]
        if fresh:
            self.cited.add(clean(fresh[0]))
            x = self.plan_words(fresh[0])
            text += (f"对策是{x}{COMMA}下一章再细说。",
                     f"{self.next}的计划里{COMMA}{x}就是冲着它去的。",
                     f"明年准备靠{x}来解决。")[k % 3]
        elif plans:
            text += f"这一条同样要靠{self.plan_words(plans[0])}来解决。"
        else:
            text += (f"可是{self.next}的计划里还没有哪一项专门解决{clauses(prob)[0]}{COMMA}"
                     f"这是眼下计划的一个缺口{COMMA}需要补上。")
        return text

    def meaning(self, prob: str, ref: str = "") -> str:
        """What an unsolved problem costs next year, by its topic (the problem's own words).

        ``ref`` names the problem when it was just listed (``后一条``), so it is not repeated.
        """
        from assistant.analysis.problems import topics_of

        parts = clauses(prob)
        pf = parts[0]
        topics = topics_of(prob)
        if "acquisition" in topics:
            pf = parts[-1]
            return (f"流量的价钱不由{self.we}定{COMMA}{pf}一天不改{COMMA}"
                    f"利润率就一天被流量价格牵着走。")
        if "attribution" in topics:
            grown = next((m for m in ("visitors", "gmv", "new_users")
                          if self.fav(f"{m}.yoy") is True), None)
            extra = (f"{self.label(grown)}多出来的那部分里各渠道各占多少也说不清{COMMA}"
                     if grown else "")
            return (f"{ref or pf}{COMMA}新渠道到底带来了多少成交就说不准{COMMA}{extra}"
                    f"下一轮预算往哪里加也就少了依据。")
        if "retention" in topics:
            pf = ref or parts[-1]
            if self.fav("repurchase_rate.diff") is True:
                return (f"老客是{self.year}年进步最扎实的地方{COMMA}可{pf}{COMMA}"
                        f"复购再往上走就缺了抓手。")
            return f"{pf}{COMMA}拉来的新客就很难变成回头客。"
        if "content" in topics:
            return f"{pf}{COMMA}下一个爆款就只能靠碰。"
        if "stock" in topics:
            return f"{pf}会直接变成丢掉的订单。"
        if any(w in prob for w in TEAM_WORDS):
            return (f"{pf}{COMMA}说明直播间的流量还系在个人身上{COMMA}梯队不搭起来{COMMA}"
                    f"每一次人员变动都会伤到成交。" if "主播" in prob else
                    f"{pf}{COMMA}人一变动{COMMA}业务就跟着晃。")
        if "客单价" in prob:
            return (f"客单价往下走{COMMA}同样的成交就得靠更多订单、更多流量去堆{COMMA}"
                    f"投放的压力只会更大。")
        return ""

    def evidence_words(self, fid: str) -> str:
        if fid == "dau.of_mau":
            return f"日活只有月活的{self.x(fid)}"
        if fid == "channels.gmv_of_total":
            return f"付费渠道带来的成交占全店GMV的{self.x(fid)}"
        fact = self.f.get(fid)
        if fact is None:
            return ""
        return f"{short_label(fact.label)}{self.xp(fid)}"

    def referback(self, fid: str) -> str:
        mid = fid.split(".")[0]
        words = {"cac": "获客成本上涨", "repurchase_rate": "复购率的变化", "roi": "投入产出比的缺口",
                 "stockout_rate": "缺货", "conversion_rate": "转化率的缺口",
                 "net_profit": "净利率下滑", "margin": "费用占比上升",
                 "ad_spend": "投放费用的涨幅", "aov": "客单价的下滑",
                 "channels": "付费渠道的占比"}
        return words.get(mid, "")

    def problem_causes(self, prob: str) -> list[tuple[str, str]]:
        from assistant.analysis.problems import topics_of

        topics = topics_of(prob)
        out = []
        notes = [m.note or "" for m in self.n.metrics.values()] + [c.note or "" for c in self.n.channels]
        owners = [""] * len(self.n.metrics) + [c.name for c in self.n.channels]
        for note, owner in zip(notes, owners, strict=True):
            _, bad = split_note(note)
            for b in bad:
                if topics & topics_of(b) and b not in self.told:
                    out.append((owner, b))
                    self.told.add(b)
        return out

    def personal_challenges(self, pairs: list[ProblemPlan]) -> list[str]:
        blocks: list[str] = []
        by_origin: dict[str, list[ProblemPlan]] = {}
        for p in pairs:
            by_origin.setdefault(p.problem.origin.split(".")[0], []).append(p)
        for origin, items in by_origin.items():
            texts = [p.problem.text for p in items]
            for t in texts:
                self.told.add(clean(t))
            open_items = [p.problem.text for p in items
                          if not p.answered and not self.plan_by_words(p.problem.text)]
            if origin.startswith("projects["):
                k = int(origin[len("projects["):].split("]")[0]) - 1
                name = self.n.projects[k].name
                s = f"{name_ref(name)}还留着短板{COLON}{COMMA.join(clause(t) for t in texts)}。"
                own = next(((t, x) for t in texts for x in self.n.projects[k].lessons
                            if overlap(t, x) >= 1), None)
                refs = (("前一条不解决", "后一条不解决") if len(texts) == 2 else
                        tuple(f"{clauses(t)[0]}不解决" for t in texts))
                if len(texts) == 1:
                    refs = ("这一处不补",)
                s += next((m for m in (self.meaning(t, r) for t, r in zip(texts, refs, strict=True))
                           if m), "")
                if own:
                    s += (f"道理我在复盘里写过{COLON}{lesson(own[1])}{COMMA}"
                          f"落到实处却是{clauses(own[0])[0]}{COMMA}这一处最该先补。")
            else:
                s = (f"再说我自己{COMMA}{list_phrase([clause(t) for t in texts])}"
                     f"是目前最明显的不足。")
                lessons = [x for p in self.n.projects for x in p.lessons]
                from assistant.analysis.problems import topics_of

                clash = next(((t, x) for t in texts for x in lessons
                              if topics_of(t) & topics_of(x)), None)
                if clash:
                    s += (f"这里有个矛盾{COLON}我自己总结出{lesson(clash[1])}{COMMA}"
                          f"可{clause(clash[0])}偏偏是我的弱项。")
            answers = [q.text for p in items for q in p.plans] + [
                x for p in items for x in self.plan_by_words(p.problem.text)]
            if answers and not open_items and origin.startswith("projects["):
                s += (f"{self.next}{self.plan_words(answers[0]).removeprefix('在')}的时候"
                      f"{COMMA}我会把这些一并补上。")
            elif answers and not open_items:
                s += (f"好在{'这些短板都' if len(items) > 1 else '这块短板'}已经对应到了"
                      f"{self.next}的计划里{COMMA}下一章{'逐条' if len(items) > 1 else ''}交代。")
            if open_items and len(open_items) == len(items):
                which = '这几处' if len(items) > 1 else '这一处'
                s += (f"{which}在{self.next}的计划里还没有对应的安排。",
                      f"{which}同样还没有写进{self.next}的计划。",
                      f"{which}也还没有在{self.next}的计划里落地。")[min(len(blocks), 2)]
            elif open_items:
                s += (f"其中{list_phrase([clauses(t)[0] for t in open_items])}在"
                      f"{self.next}的计划里还没有着落{COMMA}要补进去。")
            blocks.append(s)
        return blocks

    def outlook(self) -> str:
        n = self.n
        blocks = []
        targets = []
        for mid in n.plan.targets:
            fid = f"plan.{mid}"
            if not self.can(fid):
                continue
            s = f"{self.label(mid)}{self.x(fid)}"
            for extra in (f"{fid}.points", f"{fid}.growth"):
                if self.can(extra):
                    s += f"{COMMA}比{self.year}年{self.xp(extra)}"
                    break
            m = n.metrics.get(mid)
            fell = self.fav(f"{mid}.yoy") is False or self.fav(f"{mid}.diff") is False
            if m is not None and m.last_year is not None and fell and (
                    n.plan.targets[mid].value < m.last_year):
                s += f"{COMMA}也还没回到去年的水平"
            targets.append(s)
        if targets:
            lead = f"{self.next}{COMMA}{self.we}把目标定在" + SEMICOLON.join(targets) + "。"
            j = self.judgement("growth-quality")
            pace = ""
            if "gmv" in n.plan.targets and self.f.has("plan.gmv.growth", "gmv.yoy") and (
                    self.fav("gmv.yoy") is True):
                now, then = self.value("gmv.yoy"), self.value("plan.gmv.growth")
                pace = ("和今年相近的增速" if abs(then - now) < 0.2 * abs(now) else
                        "比今年低一些的增速" if then < now else "比今年更快的增速")
            cost = self.judgement("cost-value")
            if j is not None and j.gist == "增收不增利" and "gmv" in n.plan.targets:
                lead += ((f"GMV要再做出{pace}{COMMA}" if pace else "")
                         + f"但比规模更要紧的是利润率别再往下掉{COMMA}"
                         f"所以下面每一项打法都要先算投入产出{COMMA}"
                         f"能用免费流量和老客做到的{COMMA}就不再靠加价买量。")
            elif pace and cost is not None and cost.tone == "bad":
                lead += (f"GMV目标对应的是{pace}{COMMA}但前提变了{COMMA}{cost.gist}的局面不能再延续{COMMA}"
                         f"增量要更多来自不花钱买的流量。")
            blocks.append(lead)
        answered: dict[str, list[str]] = {}
        for pp in self.plan.problem_plan:
            for plan_text in [q.text for q in pp.plans] or self.plan_by_words(pp.problem.text):
                answered.setdefault(clean(plan_text), []).append(pp.problem.text)
        lines: list[str] = []
        named: set[str] = set()
        tension = next((j for j in self.of_kind("tension")), None)
        from assistant.analysis.problems import topics_of

        for k, s in enumerate(n.plan.strategies):
            probs_all = answered.get(clean(s), [])
            probs = [p for p in probs_all if p not in named]
            if probs_all and not probs:
                lines.append(f"{clause(s)}{COMMA}则专门冲着{clauses(probs_all[-1])[-1]}去")
            elif probs:
                named.update(probs)
                target = list_phrase([clauses(p)[0] for p in probs[:2]])
                skill = all(p.startswith("growth.") for p in self.problem_origins(probs))
                lead = ("为了补上" if skill else "为了解决") if not lines else "针对"
                lines.append(f"{lead}{target}{'这块短板' if skill else ''}{COMMA}"
                             f"{self.we}要{self.do(s)}")
            elif tension is not None and "stock" in topics_of(s) and "stock" in topics_of(
                    tension.claim + tension.gist):
                lines.append(f"{tension.subject}的断货不能再重演{COMMA}所以{self.we}要{self.do(s)}")
            else:
                lines.append(f"此外{self.we}还要{self.do(s)}" if k else
                             f"{self.we}要{self.do(s)}")
        if lines:
            blocks.append(("具体打法上" if not self.personal else "工作上") + COMMA
                          + "。".join(lines) + "。")
        _, missed = self.target_split()
        unplanned = [m for m in missed if m not in n.plan.targets and m != "gmv"]
        reminder = ""
        if unplanned:
            names = list_phrase([self.label(m) for m in unplanned])
            reminder = (f"还有一处没有写进目标{COLON}{names}今年没有完成{COMMA}"
                        f"{self.next}的目标里还没有给{'它' if len(unplanned) == 1 else '它们'}"
                        f"单列数字{COMMA}定稿前{self.we}会补上。")
        after = [reminder, self.unwatched()]  # said last, after the plan itself
        if n.plan.personal_goals:
            parts = []
            for g in n.plan.personal_goals:
                probs = answered.get(clean(g), []) or [
                    pp.problem.text for pp in self.plan.problem_plan
                    if g in self.plan_by_words(pp.problem.text)]
                fresh = [p for p in probs if p not in named]
                if fresh:
                    named.add(fresh[0])
                    parts.append(f"为了补上{clauses(fresh[0])[0]}的短板{COMMA}我打算{clause(g)}")
                elif probs:
                    parts.append(f"{'同时' if parts else ''}我会{clause(g)}{COMMA}"
                                 f"和前面的安排一起补{clauses(probs[0])[0]}这一课")
                else:
                    parts.append(f"我还会{clause(g)}" if parts else f"我打算{clause(g)}")
            blocks.append(f"个人成长方面{COMMA}" + "。".join(parts) + "。")
        holes = [pp.problem.text for pp in self.plan.problem_plan
                 if not pp.answered and not self.plan_by_words(pp.problem.text)
                 and not self.is_told(pp.problem.text)]
        if holes:
            blocks.append(f"还要坦白一点{COLON}{list_phrase([clauses(h)[0] for h in holes])}"
                          f"{'这一条' if len(holes) == 1 else '这几条'}在眼下的计划里还没有对策{COMMA}"
                          f"是这份计划最需要补的地方。")
        blocks += [a for a in after if a]
        return "\n\n".join(blocks)

    def unwatched(self) -> str:
        """Metrics that went the wrong way and that no target, problem or plan item names."""
        n = self.n
        words = " ".join(n.plan.strategies + n.plan.personal_goals + n.review.problems)
        out = []
        for mid in n.metrics:
            fell = self.fav(f"{mid}.yoy") is False or self.fav(f"{mid}.diff") is False
            names = (self.label(mid), *ALIASES.get(mid, ()))
            named = any(w in words for w in names) or overlap(self.label(mid), words) >= 2
            if fell and mid not in n.plan.targets and not named:
                out.append(self.label(mid))
        if not out:
            return ""
        return (f"另外{COMMA}{list_phrase(out)}比去年差了{COMMA}计划里还没有提到{COMMA}"
                f"{self.we}会盯住{'它' if len(out) == 1 else '它们'}{COMMA}"
                f"不让{'它' if len(out) == 1 else '它们'}继续往下走。")

    def problem_origins(self, texts: list[str]) -> list[str]:
        origin = {clean(pp.problem.text): pp.problem.origin for pp in self.plan.problem_plan}
        return [origin.get(clean(t), "") for t in texts]
