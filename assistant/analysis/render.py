"""The report plan as text for the terminal (``recap plan``) and the warnings ``recap draft`` shows."""

from __future__ import annotations

from assistant.analysis.model import ReportPlan
from assistant.styles import get_style


def warning_lines(plan: ReportPlan) -> list[str]:
    """Consistency warnings and the style-fit notice, one message each, before drafting."""
    lines = [f"{w.message}{w.hint}" for w in plan.warnings]
    if plan.style_fit is not None:
        better = get_style(plan.style_fit.better)
        lines.append(f"{plan.style_fit.reason}。更合适的风格是 {better.name}"
                     f"（{better.label}）：--style {better.name}")
    return lines


def plan_text(plan: ReportPlan, title: str) -> str:
    style = get_style(plan.style)
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
    if plan.gaps:
        out += ["", "## 素材还缺的内容", ""]
        out += [f"- {g.what}" + (f"（{g.question}）" if g.question else "") for g in plan.gaps]
    if plan.style_fit is not None:
        out += ["", "## 风格", "", warning_lines(plan)[-1]]
    return "\n".join(out) + "\n"
