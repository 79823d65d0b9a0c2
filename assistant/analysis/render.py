"""The report plan as text for the terminal (``recap plan``) and the warnings ``recap draft`` shows."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.analysis.model import Gap, ReportPlan
from assistant.styles import get_style
from assistant.typography import LPAREN, RPAREN

if TYPE_CHECKING:
    from assistant.drafting import DraftContext

_ASK = re.compile("^请告诉 recap (?P<what>.+?)(?:" + LPAREN + "(?P<question>[^" + RPAREN + "]*)"
                  + RPAREN + ")?$")


def detail_gaps(ctx: DraftContext) -> list[Gap]:
    """What the notes lack inside sections that do have material (a campaign's period, a
    project's actions...): the requests the offline drafter leaves, in its wording."""
    from assistant.draftfile import TODO_CLOSE, TODO_OPEN, TODO_WITH_TEXT
    from assistant.drafting import SectionRequest
    from assistant.offline import OfflineDrafter

    present = [p for p in ctx.outline() if not p.missing]
    results = OfflineDrafter().draft(ctx, [SectionRequest(p) for p in present])
    gaps: list[Gap] = []
    for result in results:
        for marker in TODO_WITH_TEXT.findall(result.body or ""):
            text = marker[len(TODO_OPEN) + 1:-len(TODO_CLOSE)].strip()
            m = _ASK.match(text)
            what, question = (m.group("what"), m.group("question") or "") if m else (text, "")
            gaps.append(Gap(result.id, what, question))
    return gaps


def all_gaps(plan: ReportPlan, ctx: DraftContext) -> list[Gap]:
    """The plan's missing sections, then the details missing inside the others, once each."""
    seen: set[str] = set()
    out = []
    for gap in [*plan.gaps, *detail_gaps(ctx)]:
        if gap.what not in seen:
            seen.add(gap.what)
            out.append(gap)
    return out


def gaps_json(gaps: list[Gap]) -> list[dict[str, str]]:
    return [{"section": g.section, "what": g.what, "question": g.question} for g in gaps]


def warning_lines(plan: ReportPlan) -> list[str]:
    """Consistency warnings and the style-fit notice, one message each, before drafting."""
    lines = [f"{w.message}{w.hint}" for w in plan.warnings]
    if plan.style_fit is not None:
        better = get_style(plan.style_fit.better)
        lines.append(f"{plan.style_fit.reason}。更合适的风格是 {better.name}"
                     f"（{better.label}）：--style {better.name}")
    return lines


def plan_text(plan: ReportPlan, title: str, gaps: list[Gap] | None = None) -> str:
    """The plan for the terminal; ``gaps`` (default: the plan's) are what the notes lack."""
    style = get_style(plan.style)
    gaps = plan.gaps if gaps is None else gaps
    out = [f"# {title} · {style.label}", "", "## 论点", "", plan.thesis, "", "## 关键判断（按论证顺序）", ""]
    for k, j in enumerate(plan.judgements, 1):
        out.append(f"{k}. {j.claim}")
        out.append(f"   依据：{'、'.join(j.evidence) or '素材原文'}；写在：{'、'.join(j.sections)}；"
                   f"权重 {j.weight:.2f}")
        for c in j.causes:
            out.append(f"   素材中的原因：{c.text}")
    if plan.details:
        out += ["", "## 其他判断", ""]
        out += [f"- {j.claim}" for j in plan.details]
    if plan.problem_plan:
        out += ["", "## 问题 → 规划", ""]
        for pp in plan.problem_plan:
            answer = "；".join(p.text for p in pp.plans) if pp.plans else "（规划里还没有对应的安排）"
            out.append(f"- {pp.problem.text} → {answer}")
    if plan.warnings:
        out += ["", "## 起草前请先确认", ""]
        out += [f"- {w.message}{w.hint}" for w in plan.warnings]
    if gaps:
        out += ["", "## 素材还缺的内容（补进素材后重新起草）", ""]
        out += [f"- {g.what}" + (f"（{g.question}）" if g.question else "") for g in gaps]
    if plan.style_fit is not None:
        out += ["", "## 风格", "", warning_lines(plan)[-1]]
    return "\n".join(out) + "\n"
