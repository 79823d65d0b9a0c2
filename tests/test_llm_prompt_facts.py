"""Which facts a section's prompt offers, read from the prompts the local test server received:
no misleading facts, only what the report plan assigns the section plus the thesis's, and a
closing section that holds the thesis and few numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeserver import FakeOpenAI, point_recap_at
from paths import SAMPLES

from assistant.analysis import build_plan
from assistant.drafting import DraftContext, draft_report
from assistant.llm.backend import LLMDrafter
from assistant.llm.config import load_llm_config

FACT_LINE = re.compile(r"^\{\{([^}]+)\}\} = (.*)$", re.M)
CLOSING = {"data": "summary", "narrative": "closing"}


pytestmark = pytest.mark.usefixtures("warm_model_imports")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as srv:
        point_recap_at(monkeypatch, srv.base_url, model="m",
                       llm="timeout = 5\nmax_retries = 0\ncache = false\n")
        yield srv


def drafted_prompts(server: FakeOpenAI, tmp_path: Path, notes: Path,
                    style: str) -> tuple[DraftContext, dict[str, str]]:
    ctx = DraftContext.from_notes_file(notes, style)
    draft_report(ctx, LLMDrafter(load_llm_config()), tmp_path / f"{style}.md")
    return ctx, {p.id: server.calls(p.id)[0].prompt for p in ctx.outline()
                 if not p.missing and server.calls(p.id)}


def offered(prompt: str) -> dict[str, str]:
    return dict(FACT_LINE.findall(prompt))


@pytest.mark.parametrize("style", ["data", "narrative"])
def test_no_prompt_offers_a_misleading_fact(server: FakeOpenAI, tmp_path: Path,
                                            style: str) -> None:
    _, prompts = drafted_prompts(server, tmp_path, SAMPLES[0], style)
    assert prompts
    for sid, prompt in prompts.items():
        facts = offered(prompt)
        # gross_margin is a percentage: its change is told in points, never as 增长6.7%.
        assert "gross_margin.yoy" not in facts and "repurchase_rate.yoy" not in facts, sid
        assert not [f for f in facts if f.startswith("count.")], sid  # 「共有2项亮点」
        assert "净利润占GMV比例" not in prompt, sid
    kpi = offered(prompts["kpi"]) if "kpi" in prompts else offered(prompts["preface"])
    if style == "data":
        assert kpi["gross_margin.diff"].startswith("提升") and "个百分点" in kpi["gross_margin.diff"]
        assert kpi["net_profit.of_gmv"].endswith("(净利率)")


@pytest.mark.parametrize("style", ["data", "narrative"])
def test_each_section_gets_what_the_plan_assigns_it(server: FakeOpenAI, tmp_path: Path,
                                                     style: str) -> None:
    ctx, prompts = drafted_prompts(server, tmp_path, SAMPLES[0], style)
    plan = build_plan(ctx.notes, ctx.facts, ctx.style)
    thesis = plan.judgement(plan.thesis_id)
    assert thesis is not None and thesis.evidence
    for sid, prompt in prompts.items():
        facts = offered(prompt)
        assert f"全篇论点\uff1a{plan.thesis}" in prompt, sid
        for fid in thesis.evidence:  # the thesis's facts reach every section
            assert fid in facts, (sid, fid)
        if sid == CLOSING[style]:
            continue  # the closing restates the thesis only (next test)
        for j in plan.for_section(sid):
            assert all(fid in facts for fid in j.evidence), (sid, j.id)
        # A fact the plan gives another section is left to it (unless this one argues it too).
        mine = {fid for j in plan.for_section(sid) for fid in j.evidence} | set(thesis.evidence)
        others = {fid for fid, owner in plan.owners.items() if owner != sid} - mine
        assert not others & set(facts), (sid, sorted(others & set(facts)))


@pytest.mark.parametrize("notes", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("style", ["data", "narrative"])
def test_the_closing_prompt_holds_the_thesis_and_few_numbers(server: FakeOpenAI, tmp_path: Path,
                                                             notes: Path, style: str) -> None:
    ctx, prompts = drafted_prompts(server, tmp_path, notes, style)
    plan = build_plan(ctx.notes, ctx.facts, ctx.style)
    closing = prompts[CLOSING[style]]
    assert f"全篇论点\uff1a{plan.thesis}" in closing
    facts = offered(closing)
    thesis = plan.judgement(plan.thesis_id)
    assert thesis is not None and set(facts) == set(thesis.evidence)
    assert len(facts) <= 8  # it was about 40 before
