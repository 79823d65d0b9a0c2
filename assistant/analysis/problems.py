"""Problems of the notes, linked to the facts that show them and the plan items that answer them.

Linking is by topic: a problem and a plan item belong together when both name the
same topic （获客 / 会员 / 内容 / 库存 ...）. A problem no plan item answers is a
judgement of its own: the plan has a hole.
"""

from __future__ import annotations

from assistant.analysis.model import Judgement, ProblemPlan, Quote
from assistant.analysis.reading import Reader, clean

TOPICS: dict[str, tuple[str, ...]] = {
    "acquisition": ("获客", "付费", "推广", "投放", "公域", "自然流量", "广告", "CPA", "ROI",
                    "依赖"),
    "retention": ("粘性", "复购", "生命周期", "会员", "留存", "私域", "老客", "积分", "分层",
                  "标签", "权益"),
    "content": ("内容", "素材", "短视频", "种草", "直播", "脚本", "达人"),
    "stock": ("库存", "缺货", "断货", "供应链", "周转", "备货"),
    "conversion": ("转化", "详情页", "支付", "客服"),
    "profit": ("利润", "毛利", "净利"),
    "people": ("主播", "梯队", "排班", "离职", "人员", "招聘"),
    "price": ("客单价", "低价", "高客单", "礼盒", "定价", "折扣"),
    "attribution": ("归因",),
    "thinking": ("战略", "思考", "行业"),
}

EVIDENCE: dict[str, tuple[str, ...]] = {
    "acquisition": ("cac.yoy", "cac.of_aov", "channels.paid_gmv_of_total", "roi.gap",
                    "ad_spend.yoy", "ad_spend.of_gmv"),
    "retention": ("repurchase_rate.diff", "repurchase_rate.gap", "dau.of_mau"),
    "stock": ("stockout_rate", "inventory_turnover_days.diff"),
    "conversion": ("conversion_rate.gap", "conversion_rate.diff"),
    "profit": ("net_profit.of_gmv.diff", "margin.cost_share.diff"),
    "price": ("aov.yoy",),
}


def topics_of(text: str) -> set[str]:
    return {t for t, words in TOPICS.items() if any(w in text for w in words)}


def _problems(r: Reader) -> list[Quote]:
    n = r.notes
    out = [Quote(clean(p), f"review.problems[{i}]") for i, p in enumerate(n.review.problems, 1)]
    for k, p in enumerate(n.projects, 1):
        out += [Quote(clean(s), f"projects[{k}].shortfalls[{i}]")
                for i, s in enumerate(p.shortfalls, 1)]
    out += [Quote(clean(s), f"growth.shortfalls[{i}]") for i, s in enumerate(n.growth.shortfalls, 1)]
    return [q for q in out if q.text]


def _plan_items(r: Reader) -> list[Quote]:
    n = r.notes
    return ([Quote(clean(s), f"plan.strategies[{i}]") for i, s in enumerate(n.plan.strategies, 1)]
            + [Quote(clean(s), f"plan.personal_goals[{i}]")
               for i, s in enumerate(n.plan.personal_goals, 1)])


def link_problems(r: Reader) -> tuple[list[ProblemPlan], list[Judgement]]:
    """Problem -> plan pairs and one judgement per problem (``unanswered`` when no plan item)."""
    plans = [(q, topics_of(q.text)) for q in _plan_items(r)]
    pairs: list[ProblemPlan] = []
    judgements: list[Judgement] = []
    for k, problem in enumerate(_problems(r), 1):
        topics = topics_of(problem.text)
        evidence = [fid for t in sorted(topics) for fid in EVIDENCE.get(t, ())
                    if r.has(fid) and r.favorable(fid) is not True]
        answers = tuple(q for q, ts in plans if ts & topics)
        jid = f"problem-{k}"
        pairs.append(ProblemPlan(problem, tuple(evidence), answers, jid))
        shown = "，".join(r.describe(fid) for fid in evidence[:2])
        proof = f"「{problem.text}」有数据为证：{shown}" if shown else f"「{problem.text}」"
        if answers:
            claim = (f"{proof}，下年度的「{answers[0].text}」正是针对它的安排。" if shown
                     else f"针对「{problem.text}」，下年度安排了「{answers[0].text}」。")
            judgements.append(Judgement(jid, "problem", claim, evidence, weight=0.5,
                                        tone="bad", gist=f"「{problem.text}」",
                                        answers=list(answers), subject=problem.text,
                                        origin=problem.origin))
        else:
            claim = (f"{proof}，但下年度的规划里还没有哪一项直接回应它。" if shown
                     else f"「{problem.text}」在下年度的规划里还没有对应的安排。")
            judgements.append(Judgement(jid, "unanswered", claim, evidence, weight=0.6,
                                        tone="bad", gist=f"「{problem.text}」",
                                        subject=problem.text, origin=problem.origin))
    return pairs, judgements
