"""Build one section's prompt from the template files and fit it to the token budget.

What goes in: the role and the style's rules (system), the report, the section's
purpose and sub-headings, the matching example passage(s) as reference for structure
and tone, the facts the section may cite (``{{id}} = phrase(label)``), the user's
notes, and — when regenerating — the current text and the user's feedback.

Over budget, example passages are cut first (the second passage, then the first
from its end, paragraph by paragraph); the facts and the notes are never cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.draftfile import TODO_PATTERN
from assistant.drafting import DraftContext, SectionRequest
from assistant.facts import Fact
from assistant.llm.material import (
    ExamplePassage,
    example_passages,
    format_facts,
    section_argument,
    section_facts,
    section_notes,
)
from assistant.llm.templates import load_template, load_text
from assistant.llm.tokens import count_messages

Message = tuple[str, str]  # (role, content)
NO_EXAMPLE = "(本节没有可参考的范文片段。)"
TRIMMED_NOTE = "\n(……范文其余部分从略)"
_MARKER_ONLY = TODO_PATTERN


@dataclass
class SectionPrompt:
    section_id: str
    messages: list[Message]
    facts: list[Fact]
    tokens: int
    examples_kept: int = 0
    examples_total: int = 0
    trimmed: bool = False
    over_budget: bool = False
    notes: list[str] = field(default_factory=list)


def _report_info(ctx: DraftContext) -> str:
    r = ctx.notes.report
    lines = [f"标题:{r.title}", f"年度:{r.year}年"]
    if r.organization or r.team:
        lines.append("单位:" + " · ".join(x for x in (r.organization, r.team) if x))
    if r.author:
        lines.append(f"作者:{r.author}" + (f"({r.role})" if r.role else ""))
    if r.audience:
        lines.append(f"呈报对象:{r.audience}")
    lines.append(f"风格:{ctx.style.label}")
    titles = [p.title for p in ctx.outline()]
    lines.append("全文章节:" + " / ".join(titles))
    return "\n".join(lines)


def _examples_text(passages: list[ExamplePassage]) -> str:
    if not passages:
        return NO_EXAMPLE
    parts = []
    for i, p in enumerate(passages, 1):
        label = f"范文片段{i}" if len(passages) > 1 else "范文片段"
        parts.append(f"<{label}>\n{p.text}\n</{label}>")
    return "\n\n".join(parts)


def _cut(text: str, keep_paragraphs: int) -> str:
    paras = [p for p in text.split("\n") if p.strip()]
    return "\n".join(paras[:keep_paragraphs]) + TRIMMED_NOTE


class PromptBuilder:
    def __init__(self, ctx: DraftContext, *, token_budget: int,
                 prompts_dir: Path | None = None, examples_dir: Path | None = None) -> None:
        self.ctx = ctx
        self.budget = token_budget
        self.prompts_dir = prompts_dir
        self.examples_dir = examples_dir
        self.section_template = load_template("section", prompts_dir)
        self.regen_template = load_template("regen", prompts_dir)
        self.reask_template = load_template("reask", prompts_dir)
        self.style_rules = load_text(f"styles/{ctx.style.name}.md", prompts_dir)
        from assistant.analysis import build_plan

        self.plan = build_plan(ctx.notes, ctx.facts, ctx.style)  # the report's argument (issue 9)

    def build(self, request: SectionRequest) -> SectionPrompt:
        planned = request.planned
        facts = section_facts(planned, self.ctx.notes, self.ctx.facts)
        spec = planned.spec
        sub_heading = "#" * min(planned.level + 1, 6)
        if spec.subsections:
            subsections = "建议的小标题(按顺序,用 " + sub_heading + " 标题):" + "、".join(
                spec.subsections)
        else:
            subsections = "本节不需要小标题,用段落或要点列表写。"
        regen = ""
        if request.previous is not None or request.feedback:
            previous = (request.previous or "").strip()
            if not previous or _MARKER_ONLY.fullmatch(previous):
                previous = "(这一节目前没有可用的内容,请直接起草。)"
            regen = self.regen_template.render(
                previous=previous,
                feedback=(request.feedback or "没有具体意见:换一种写法,让内容更扎实、更有条理。"
                          ).strip(),
            ).prompt
        fixed = {
            "style_rules": self.style_rules,
            "sub_heading": sub_heading,
            "report_info": _report_info(self.ctx),
            "section_id": planned.id,
            "section_title": planned.title,
            "purpose": spec.purpose or spec.title,
            "subsections": subsections,
            "facts": format_facts(facts),
            "notes": section_notes(planned, self.ctx.notes),
            "argument": section_argument(planned, self.plan),
            "regen": regen,
        }
        passages = example_passages(self.ctx.style, planned, self.examples_dir)

        def render(examples: str) -> tuple[list[Message], int]:
            rendered = self.section_template.render(**fixed, examples=examples)
            messages = [("system", rendered.system), ("human", rendered.prompt)]
            return messages, count_messages(messages)

        messages, tokens = render(_examples_text(passages))
        trimmed = False
        # Over budget: drop whole passages from the end, then shorten the last one.
        while tokens > self.budget and passages:
            trimmed = True
            if len(passages) > 1:
                passages = passages[:-1]
                messages, tokens = render(_examples_text(passages))
                continue
            paras = [p for p in passages[0].text.split("\n") if p.strip()]
            lo, hi, best = 1, len(paras) - 1, None
            while lo <= hi:  # the most paragraphs that fit
                mid = (lo + hi) // 2
                cand = [ExamplePassage(passages[0].section_id, _cut(passages[0].text, mid))]
                m, t = render(_examples_text(cand))
                if t <= self.budget:
                    best, lo = (m, t), mid + 1
                else:
                    hi = mid - 1
            if best is not None:
                messages, tokens = best
                break
            passages = []
            messages, tokens = render(NO_EXAMPLE)
        kept = len(passages)
        return SectionPrompt(planned.id, messages, facts, tokens, kept,
                             len(example_passages(self.ctx.style, planned, self.examples_dir)),
                             trimmed, tokens > self.budget)

    def reask(self, problems: list[str], facts: list[Fact]) -> str:
        return self.reask_template.render(
            problems="\n".join(f"- {p}" for p in problems), facts=format_facts(facts)).prompt
