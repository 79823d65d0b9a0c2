"""What the analysis layer produces: judgements, consistency warnings, the report plan.

A *judgement* is one thing the numbers say, in one Chinese sentence (``claim``),
with the fact ids that show it (``evidence``), the sections of the chosen style that
argue it, and a weight (how much it matters to the reader). Causes are only ever
the notes' own words (``Quote``), with the field they come from.

The ``ReportPlan`` is what every drafter writes from: a one-sentence thesis, the key
judgements in the order the report argues them, the section that states each number
in full (a number is stated once; later sections refer back in words), the problem
-> plan pairs, consistency warnings to show before drafting, and the sections the
notes hold nothing for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

JudgementKind = Literal[
    "growth_quality",  # revenue against gross and net margin, this year vs last
    "targets",  # targets beaten / missed, ranked by size
    "cost_value",  # CAC, ad spend vs GMV growth, AOV, repurchase
    "channels",  # ROI ranking, share of spend vs share of GMV
    "seasonality",  # peak quarter, growth slowing or speeding up
    "project",  # a project's goal and its results side by side
    "campaign",  # a campaign's results
    "tension",  # two facts of the notes that pull against each other
    "problem",  # a problem, its evidence and the plan items that answer it
    "unanswered",  # a problem no plan item answers
    "users",  # scale and stickiness of the user base
]
Tone = Literal["good", "bad", "mixed", "neutral"]


@dataclass(frozen=True)
class Quote:
    """Words taken from the notes, with the field path they come from."""

    text: str
    origin: str


@dataclass
class Judgement:
    id: str
    kind: JudgementKind
    claim: str  # one full Chinese sentence, numbers from fact phrases/texts
    evidence: list[str]  # fact ids
    sections: list[str] = field(default_factory=list)  # section ids of the chosen style
    weight: float = 0.0
    tone: Tone = "neutral"
    gist: str = ""  # a numberless phrase later sections use to refer back
    causes: list[Quote] = field(default_factory=list)  # the notes' own words only
    answers: list[Quote] = field(default_factory=list)  # plan items that answer it
    subject: str = ""  # the notes item it is about (problem text, project name ...)
    origin: str = ""  # field path of that item

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "claim": self.claim, "evidence": list(self.evidence),
                "sections": list(self.sections), "weight": round(self.weight, 3)}


@dataclass(frozen=True)
class ConsistencyWarning:
    """A check a boss does in his head that the notes fail; shown before drafting."""

    id: str
    message: str  # Chinese, numbers from facts
    evidence: tuple[str, ...]
    hint: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "message": self.message, "evidence": list(self.evidence),
                "hint": self.hint}


@dataclass(frozen=True)
class ProblemPlan:
    """A problem from the notes, what shows it, and the plan items that answer it."""

    problem: Quote
    evidence: tuple[str, ...]
    plans: tuple[Quote, ...]
    judgement: str  # id of the problem's judgement

    @property
    def answered(self) -> bool:
        return bool(self.plans)

    def to_json(self) -> dict[str, Any]:
        return {"problem": self.problem.text, "evidence": list(self.evidence),
                "plans": [p.text for p in self.plans], "judgement": self.judgement}


@dataclass(frozen=True)
class Gap:
    """A section the notes hold nothing for, in words for someone who never saw the TOML."""

    section: str
    what: str  # what to tell recap
    question: str  # the interview question that asks it


@dataclass(frozen=True)
class StyleFit:
    """The notes do not suit the chosen style; ``better`` names the style that fits."""

    style: str
    better: str
    reason: str


@dataclass
class ReportPlan:
    style: str
    voice: str  # 我 or 我们
    thesis: str
    thesis_id: str  # the judgement the thesis rests on ("" when none)
    judgements: list[Judgement]  # key judgements, in argument order
    details: list[Judgement]  # every other judgement, in argument order
    owners: dict[str, str]  # fact id -> the section that states it in full
    problem_plan: list[ProblemPlan]
    warnings: list[ConsistencyWarning]
    gaps: list[Gap]
    style_fit: StyleFit | None = None

    # -- queries drafters use -----------------------------------------------------------

    def all_judgements(self) -> list[Judgement]:
        return [*self.judgements, *self.details]

    def judgement(self, jid: str) -> Judgement | None:
        return next((j for j in self.all_judgements() if j.id == jid), None)

    def for_section(self, section_id: str) -> list[Judgement]:
        """Judgements a section argues, in argument order."""
        return [j for j in self.all_judgements() if section_id in j.sections]

    def of_kind(self, kind: JudgementKind) -> list[Judgement]:
        return [j for j in self.all_judgements() if j.kind == kind]

    def owner(self, fact_id: str) -> str | None:
        return self.owners.get(fact_id)

    def owns(self, section_id: str, fact_id: str) -> bool:
        """Whether ``section_id`` is where ``fact_id`` is stated in full."""
        return self.owners.get(fact_id, section_id) == section_id

    def to_json(self) -> dict[str, Any]:
        return {
            "thesis": self.thesis,
            "judgements": [j.to_json() for j in self.judgements],
            "problem_plan": [p.to_json() for p in self.problem_plan],
            "details": [j.to_json() for j in self.details],
            "owners": dict(self.owners),
            "warnings": [w.to_json() for w in self.warnings],
            "gaps": [{"section": g.section, "what": g.what, "question": g.question}
                     for g in self.gaps],
            "style": self.style,
            "style_fit": None if self.style_fit is None else {
                "better": self.style_fit.better, "reason": self.style_fit.reason},
        }
