"""The analysis layer between the fact engine and every drafter.

From the facts and the notes it derives judgements (what the numbers say), runs the
consistency checks a boss does in his head, and plans the report: thesis, key
judgements in argument order, the section that states each number, problem -> plan
pairs. ``build_plan(notes, facts, style)`` is the entry point.
"""

from assistant.analysis.model import (
    ConsistencyWarning,
    Gap,
    Judgement,
    ProblemPlan,
    Quote,
    ReportPlan,
    StyleFit,
)
from assistant.analysis.plan import build_plan

__all__ = ["ConsistencyWarning", "Gap", "Judgement", "ProblemPlan", "Quote", "ReportPlan",
           "StyleFit", "build_plan"]
