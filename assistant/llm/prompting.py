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
from assistant.lengths import DEFAULT_LENGTH, report_scale, scaled
from assistant.llm.material import (
    ExamplePassage,
    example_passages,
    format_facts,
    section_argument,
    section_facts,
    section_notes,
)
from assistant.llm.quality import han_count, template_headings
from assistant.llm.templates import load_template, load_text
from assistant.llm.tokens import fits

Message = tuple[str, str]  # (role, content)
NO_EXAMPLE = "（本节没有可参考的范文片段。）"
TRIMMED_NOTE = "\n（……范文其余部分从略）"
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
    exact: bool = True  # ``tokens`` counted by tiktoken, not estimated
    expected_chars: int | None = None  # Chinese characters a full section of this kind has


def _report_info(ctx: DraftContext) -> str:
    r = ctx.notes.report
    lines = [f"标题：{r.title}", f"年度：{r.year}年"]
    if r.organization or r.team:
        lines.append("单位：" + " · ".join(x for x in (r.organization, r.team) if x))
    if r.author:
        lines.append(f"作者：{r.author}" + (f"({r.role})" if r.role else ""))
    if r.audience:
        lines.append(f"呈报对象：{r.audience}")
    lines.append(f"风格：{ctx.style.label}")
    titles = [p.title for p in ctx.outline()]
    lines.append("全文章节：" + " / ".join(titles))
    return "\n".join(lines)


def _examples_text(passages: list[ExamplePassage]) -> str:
    if not passages:
        return NO_EXAMPLE
    parts = []
    for i, p in enumerate(passages, 1):
        label = f"范文片段{i}" if len(passages) > 1 else "范文片段"
        parts.append(f"<{label}>\n{p.text}\n</{label}>")
    return "\n\n".join(parts)


# Empty slogans and the example documents' set phrases (issue 10): named so the model avoids them.
BANNED_PHRASES = ("首先/其次/最后", "星辰大海", "砥砺前行", "再创辉煌", "赋能", "抓手", "闭环",
                  "打造新引擎", "全面开花", "取得了显著成效", "迈上新台阶", "齐心协力")
TONES = {
    "正式": "语气正式、书面，用词稳重，适合正式呈报。",
    "平实": "语气平实，像当面汇报一样说清楚，少用书面套语。",
}


_BOSS = ("CEO", "总经理", "总裁", "老板", "董事", "创始人", "总经办", "管理层")
_MANAGER = ("部门负责人", "总监", "主管", "经理", "负责人")


def _persona(ctx: DraftContext) -> str:
    """Who writes: the author's role from the notes, not always the same persona."""
    r = ctx.notes.report
    who = r.role or "电商运营负责人"
    name = f"{r.author}（{who}）" if r.author else who
    return f"你替{name}撰写呈报给上级的年度工作总结，用作者本人的口吻。"


def audience_priorities(audience: str | None) -> str:
    """What the reader wants first (a CEO: the conclusion, profit, risks, resources)."""
    who = (audience or "").strip()
    if any(k in who for k in _BOSS):
        return (f"{who}。先给结论，再讲利润与风险，最后说明需要的资源和支持；"
                "过程细节从简。")
    if any(k in who for k in _MANAGER):
        return (f"{who}。突出个人（或团队）的具体贡献和可以复用的方法，"
                "说明做法如何带来了结果。")
    if who:
        return f"{who}。结论先行，用数据支撑，问题和计划写具体。"
    return "上级。结论先行，用数据支撑，问题和计划写具体。"


def _expected_chars(request: SectionRequest, passages: list[ExamplePassage]) -> int | None:
    """How long a full section is: the request's target when it has one, else the example's."""
    target = getattr(request, "target_chars", None)
    if isinstance(target, int) and target > 0:
        return target
    if not passages:
        return None
    return han_count(passages[0].text)


def _cut(text: str, keep_paragraphs: int) -> str:
    paras = [p for p in text.split("\n") if p.strip()]
    return "\n".join(paras[:keep_paragraphs]) + TRIMMED_NOTE


class PromptBuilder:
    def __init__(self, ctx: DraftContext, *, token_budget: int,
                 prompts_dir: Path | None = None, examples_dir: Path | None = None,
                 length: str = "standard", tone: str = "正式") -> None:
        self.ctx = ctx
        self.length = length
        self.tone = tone if tone in TONES else "正式"
        self._scale: float | None = None
        self.budget = token_budget
        self.prompts_dir = prompts_dir
        self.examples_dir = examples_dir
        self.section_template = load_template("section", prompts_dir)
        self.regen_template = load_template("regen", prompts_dir)
        self.reask_template = load_template("reask", prompts_dir)
        self.reject_template = load_template("reject", prompts_dir)
        self.style_rules = load_text(f"styles/{ctx.style.name}.md", prompts_dir)
        self.markers = template_headings([self.section_template.system,
                                          self.section_template.prompt])
        from assistant.analysis import build_plan

        self.plan = build_plan(ctx.notes, ctx.facts, ctx.style)  # the report's argument (issue 9)

    def scale(self) -> float:
        """How much longer or shorter than the example passages the sections should be."""
        if self._scale is None:  # the same targets the offline drafter and the summary use
            self._scale = report_scale(self.ctx, self.length, self.examples_dir)
        return self._scale

    def build(self, request: SectionRequest, budget: int | None = None, *,
              exact: bool = True) -> SectionPrompt:
        """The section's prompt, its example passages cut to fit ``budget`` (cl100k tokens).

        ``exact=False``: near the budget the estimate's upper bound decides, not tiktoken
        (see ``tokens.fits``); the chain builds a draft's first prompts this way."""
        limit = self.budget if budget is None else budget
        planned = request.planned
        facts = section_facts(planned, self.ctx.notes, self.ctx.facts, self.plan)
        spec = planned.spec
        sub_heading = "#" * min(planned.level + 1, 6)
        if spec.subsections:
            subsections = "建议的小标题(按顺序，用 " + sub_heading + " 标题):" + "、".join(
                spec.subsections)
        else:
            subsections = "本节不需要小标题，用段落或要点列表写。"
        regen = ""
        if request.previous is not None or request.feedback:
            previous = (request.previous or "").strip()
            if not previous or _MARKER_ONLY.fullmatch(previous):
                previous = "（这一节目前没有可用的内容，请直接起草。）"
            regen = self.regen_template.render(
                previous=previous,
                feedback=(request.feedback or "没有具体意见：换一种写法，让内容更扎实、更有条理。"
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
            "persona": _persona(self.ctx),
            "audience": audience_priorities(self.ctx.notes.report.audience),
            "banned": "、".join(f"“{p}”" for p in BANNED_PHRASES) + "。",
            "regen": regen,
        }
        passages = example_passages(self.ctx.style, planned, self.examples_dir)
        all_passages = len(passages)
        expected = _expected_chars(request, passages)
        if expected is not None and getattr(request, "target_chars", None) is None:
            expected = scaled(expected, self.scale())
        fixed["length"] = str(expected or DEFAULT_LENGTH)
        fixed["tone"] = TONES[self.tone]
        counted = True

        def render(examples: str) -> tuple[list[Message], int]:
            nonlocal counted
            rendered = self.section_template.render(**fixed, examples=examples)
            messages = [("system", rendered.system), ("human", rendered.prompt)]
            _, tokens, counted = fits(messages, limit, exact=exact)
            return messages, tokens

        messages, tokens = render(_examples_text(passages))
        trimmed = False
        # Over budget: drop whole passages from the end, then shorten the last one.
        while tokens > limit and passages:
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
                if t <= limit:
                    best, lo = (m, t), mid + 1
                else:
                    hi = mid - 1
            if best is not None:
                messages, tokens = best
                break
            passages = []
            messages, tokens = render(NO_EXAMPLE)
        kept = len(passages)
        return SectionPrompt(planned.id, messages, facts, tokens, kept, all_passages,
                             trimmed, tokens > limit, exact=counted, expected_chars=expected)
