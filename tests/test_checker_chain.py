"""The model chain's checker in the loop: another subject's number is re-asked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeserver import FakeOpenAI, long, point_recap_at
from paths import SAMPLES

from assistant.draftfile import Draft
from assistant.drafting import DraftContext, draft_report
from assistant.llm.backend import LLMDrafter
from assistant.llm.config import load_llm_config


@pytest.fixture
def llm_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        point_recap_at(monkeypatch, server.base_url, key="sk-test-checker-chain",
                       llm="timeout = 5\nmax_retries = 1\nretry_backoff = 0.01\n")
        yield server


def test_another_metrics_true_number_is_sent_back_like_an_invented_one(
        llm_env: FakeOpenAI, tmp_path: Path) -> None:
    # 24.2% is true, but it is GMV's growth, not the net profit's (12.7%).
    llm_env.script("kpi", long("净利润同比增长24.2%,经营质量稳中有升。"),
                   long("净利润同比{{net_profit.yoy}},经营质量稳中有升。"))
    ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
    out = tmp_path / "draft.md"
    _, results = draft_report(ctx, LLMDrafter(load_llm_config()), out)
    kpi = next(r for r in results if r.id == "kpi")
    body = Draft.parse(out.read_text(encoding="utf-8")).section("kpi").body
    assert "12.7%" in body and "24.2%" not in body
    assert kpi.calls == 2 and not kpi.flags
    reask = llm_env.calls("kpi")[1].last_user
    assert "“24.2%”" in reask and "属于另一个指标" in reask
    assert "净利润同比" in reask  # the hint names the net profit's own fact


def test_a_mismatch_that_stays_is_reported_with_its_reason(llm_env: FakeOpenAI,
                                                           tmp_path: Path) -> None:
    llm_env.script("kpi", *[long("客单价为108元。")] * 4)
    ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
    _, results = draft_report(ctx, LLMDrafter(load_llm_config()), tmp_path / "d.md")
    kpi = next(r for r in results if r.id == "kpi")
    assert [(f.text, f.reason) for f in kpi.flags] == [("108元", "mismatch")]
