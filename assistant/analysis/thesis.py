"""The report's one-sentence thesis and the author's voice.

The thesis names what the year's numbers say, in words (its figures follow in the
judgement it rests on, so each number is stated once).
"""

from __future__ import annotations

from assistant.analysis.model import Judgement
from assistant.notes.schema import Notes

PERSONAL_ROLES = ("专员", "助理", "实习", "个人", "主管助理", "组员")


def voice(notes: Notes, style: str) -> str:
    """我 for a personal report (project style, or a specialist's role), else 我们."""
    role = notes.report.role or ""
    if style == "project" or any(w in role for w in PERSONAL_ROLES) or "个人" in notes.report.title:
        return "我"
    return "我们"


def who(notes: Notes, voice_word: str) -> str:
    if voice_word == "我":
        return "我"
    return notes.report.organization or notes.report.team or "我们"


def thesis(notes: Notes, judgements: list[Judgement], voice_word: str) -> tuple[str, str]:
    """(thesis sentence, id of the judgement it rests on)."""
    year = notes.report.year
    subject = who(notes, voice_word)
    shop = notes.report.organization or notes.report.team or subject  # whose GMV and margins
    by_id = {j.id: j for j in judgements}
    growth = by_id.get("growth-quality")
    targets = by_id.get("targets")
    tensions = [j for j in judgements if j.kind == "project" and j.tone == "mixed"]
    if growth is not None and growth.gist == "增收不增利":
        return (f"{year}年，{shop}的规模继续扩大，利润率却在下滑：增收不增利，"
                "是这一年最需要正视的问题，也是下一年经营的出发点。", growth.id)
    if growth is not None and growth.gist == "量利齐升":
        cost = by_id.get("cost-value")
        buts = []
        if targets is not None and targets.tone == "bad":
            buts.append("年度目标没有完成")
        if cost is not None and cost.tone == "bad":
            buts.append(cost.gist)
        if buts:
            return (f"{year}年，{shop}的规模和利润率都在涨，但{'，'.join(buts)}：增长靠什么换来、"
                    "还能不能这样换下去，是这一年要回答的问题。", growth.id)
        return f"{year}年，{shop}实现了量利齐升，增长的质量经得起推敲。", growth.id
    if growth is not None and growth.tone == "bad":
        return f"{year}年，{shop}的规模较去年收缩，止跌回升是下一年的首要任务。", growth.id
    if targets is not None:
        if targets.tone == "good":
            return f"{year}年，{subject}定下的年度目标全部达成。", targets.id
        if targets.tone == "mixed" and tensions:
            t = tensions[0]
            return (f"{year}年，{subject}的目标有超有欠：{t.gist}在年内见到了效果，"
                    "但还没有完全体现在全年的数字上。", targets.id)
        if targets.tone == "mixed":
            return f"{year}年，{subject}的目标有超有欠，短板比亮点更值得细看。", targets.id
        return f"{year}年，{subject}没有完成年度目标，差距在哪里、怎么补，是这份总结要回答的问题。", targets.id
    if judgements:
        first = max(judgements, key=lambda j: j.weight)
        return f"{year}年，{subject}的工作可以归结为一点：{first.gist or first.subject}。", first.id
    return f"{year}年的工作，在下文按事实逐项回顾。", ""
