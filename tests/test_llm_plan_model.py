"""``--plan model``: one call rewords the plan before the sections; checked like any output."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeserver import FakeOpenAI, Step, point_recap_at
from paths import REPO, SAMPLES

from assistant.analysis import build_plan
from assistant.console import UI
from assistant.drafting import DraftContext, SectionRequest
from assistant.llm.backend import LLMDrafter
from assistant.llm.config import load_llm_config, user_config_path

NEW_THESIS = "2025年我们的GMV同比{{gmv.yoy}}，但利润没有跟上：明年先把增长的质量做回来。"
FILLED = "2025年我们的GMV同比增长24.2%，但利润没有跟上：明年先把增长的质量做回来。"


pytestmark = pytest.mark.usefixtures("warm_model_imports")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as srv:
        point_recap_at(monkeypatch, srv.base_url, model="m",
                       llm='timeout = 5\nmax_retries = 0\nplan = "model"\n')
        yield srv


def draft(ui: UI | None = None) -> tuple[list[str], UI]:
    ui = ui or UI.recording()
    ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
    results = LLMDrafter(load_llm_config(), ui=ui).draft(
        ctx, [SectionRequest(p) for p in ctx.outline()])
    assert all(r.ok for r in results)
    return [r.id for r in results], ui


def section_prompts(server: FakeOpenAI) -> list[str]:
    return [r.prompt for r in server.calls() if r.section not in ("?",)]


def test_the_models_wording_reaches_every_section(server: FakeOpenAI) -> None:
    reply = {"thesis": NEW_THESIS,
             "judgements": [{"id": "cost-value", "gist": "流量越来越贵"}]}
    server.script("?", Step(json.dumps(reply, ensure_ascii=False)))
    draft()
    first = server.calls()[0]
    assert first.section == "?" and "全篇论点" not in first.prompt  # the plan call comes first
    assert "增收不增利" in first.prompt  # it is given the computed plan to reword
    prompts = section_prompts(server)
    assert len(prompts) == 5
    assert all(f"全篇论点\uff1a{FILLED}" in p for p in prompts)
    ops = next(r.prompt for r in server.calls("operations"))
    assert "  - 流量越来越贵" in ops


def test_a_made_up_number_or_a_numbered_gist_keeps_the_computed_wording(
        server: FakeOpenAI) -> None:
    ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
    computed = build_plan(ctx.notes, ctx.facts, ctx.style)
    reply = {"thesis": "2025年GMV增长了30%，利润下滑。",
             "judgements": [{"id": "cost-value", "gist": "获客成本涨了21%"}]}
    server.script("?", Step(json.dumps(reply, ensure_ascii=False)))
    _, ui = draft()
    prompts = section_prompts(server)
    assert all(f"全篇论点\uff1a{computed.thesis}" in p for p in prompts)
    assert "获客成本涨了21%" not in "".join(prompts)
    log = ui.err.file.getvalue()  # type: ignore[attr-defined]
    assert "沿用计算出的论点" in log and "沿用原短语" in log


def test_an_unreadable_reply_keeps_the_computed_plan(server: FakeOpenAI) -> None:
    server.script("?", Step("好的，我来改写：论点是……"))
    ids, ui = draft()
    assert len(ids) == 5
    assert "不是约定格式的 JSON" in ui.err.file.getvalue()  # type: ignore[attr-defined]


def test_draft_plan_option_reaches_the_model(server: FakeOpenAI, tmp_path: Path) -> None:
    user_config_path().write_text("[llm]\ntimeout = 5\nmax_retries = 0\n", encoding="utf-8")
    reply = {"thesis": NEW_THESIS, "judgements": []}
    server.script("?", Step(json.dumps(reply, ensure_ascii=False)))
    out = tmp_path / "d.md"
    proc = subprocess.run([sys.executable, "-m", "assistant", "draft", str(SAMPLES[0]),
                           "--backend", "llm", "--plan", "model", "-o", str(out)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert server.calls()[0].section == "?" and len(server.calls()) == 6
    assert f"全篇论点：{FILLED}" in proc.stderr
