"""``--plan model``: the model rewords the report plan in one call before the sections.

The computed plan (``assistant.analysis.build_plan``) stays the default: it costs no
call. With ``plan = "model"`` the model gets the thesis and the key judgements (their
computed wording and the facts that show them) and may reword the thesis and each
judgement's short gist. The evidence never changes, and the new wording is checked
like any output: the thesis may cite only its own judgement's facts as ``{{id}}``
(filled by code, then run through the checker); a gist holds no number at all.
Anything that fails keeps the computed wording; a reply that cannot be read keeps
the whole computed plan.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from assistant.analysis.model import ReportPlan
from assistant.drafting import DraftContext
from assistant.llm.client import Message
from assistant.llm.material import format_facts
from assistant.llm.templates import load_template

MAX_GIST = 24


def plan_messages(ctx: DraftContext, plan: ReportPlan) -> list[Message]:
    facts = {f.id: f for f in ctx.facts}
    thesis_j = plan.judgement(plan.thesis_id)
    thesis_facts = [facts[i] for i in (thesis_j.evidence if thesis_j else []) if i in facts]
    lines = []
    for j in plan.judgements:
        lines.append(f"- id：{j.id}；现在的短语：{j.gist or j.subject or j.kind}；依据：{j.claim}")
    rendered = load_template("plan").render(
        thesis=plan.thesis, judgements="\n".join(lines),
        facts=format_facts(thesis_facts) if thesis_facts else "（无）",
        audience=ctx.notes.report.audience or "上级", voice=plan.voice)
    return [("system", rendered.system), ("human", rendered.prompt)]


def apply_reply(ctx: DraftContext, plan: ReportPlan, reply: str) -> tuple[ReportPlan, list[str]]:
    """The plan with the model's wording where it passes the checks, and what was kept."""
    from assistant.checker import check_text
    from assistant.llm.placeholders import FactIndex, fill
    from assistant.numbers import find_numbers

    data = _json(reply)
    if data is None:
        return plan, ["模型的回复不是约定格式的 JSON，沿用计算出的论点"]
    kept: list[str] = []
    thesis = plan.thesis
    new_thesis = data.get("thesis")
    if isinstance(new_thesis, str) and new_thesis.strip():
        thesis_j = plan.judgement(plan.thesis_id)
        allowed = set(thesis_j.evidence if thesis_j else [])
        filled = fill(new_thesis.strip(), ctx.facts, index=FactIndex(ctx.facts))
        cited = {s.fact.id for s in filled.spans}
        flags = check_text(filled.text, ctx.facts, year=ctx.notes.report.year, section="plan")
        inside = [(s.start, s.end) for s in filled.spans]
        own = [f for f in flags if not any(a <= f.start and f.end <= b for a, b in inside)]
        if filled.issues or own or not cited <= allowed:
            kept.append("改写的论点里有核对不通过的数字，沿用计算出的论点")
        else:
            thesis = filled.text
    gists: dict[str, str] = {}
    for item in data.get("judgements") or []:
        if not isinstance(item, dict):
            continue
        jid, gist = item.get("id"), item.get("gist")
        if not isinstance(jid, str) or not isinstance(gist, str) or plan.judgement(jid) is None:
            continue
        gist = gist.strip()
        if not gist or len(gist) > MAX_GIST or find_numbers(gist, year=ctx.notes.report.year):
            kept.append(f"判断 {jid} 的改写不合要求（过长或带数字），沿用原短语")
            continue
        gists[jid] = gist
    judgements = [dataclasses.replace(j, gist=gists.get(j.id, j.gist)) for j in plan.judgements]
    return dataclasses.replace(plan, thesis=thesis, judgements=judgements), kept


def _json(reply: str) -> dict[str, Any] | None:
    body = reply.strip()
    if body.startswith("```"):
        body = body.strip("`").removeprefix("json").strip()
    start, end = body.find("{"), body.rfind("}")
    if start == -1 or end <= start:
        return None
    try:
        data = json.loads(body[start:end + 1])
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
