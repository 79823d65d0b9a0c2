"""The model backend end to end: real openai client, real HTTP, a scripted local server."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeserver import FakeOpenAI, Step, long, point_recap_at, write_user_config
from paths import REPO, SAMPLES

from assistant.console import UI
from assistant.draftfile import Draft
from assistant.drafting import DraftContext, SectionRequest, SectionResult, draft_report
from assistant.errors import ModelError
from assistant.llm.backend import LLMDrafter
from assistant.llm.config import load_llm_config
from assistant.llm.prompting import PromptBuilder
from assistant.llm.tokens import count_messages, count_tokens
from assistant.typography import ascii_marks_touching_chinese, to_ascii_punctuation

FAKE_KEY = "sk-test-NEVER-SHOW-5d41402abc4b2a76b9719d91"


pytestmark = pytest.mark.usefixtures("warm_model_imports")


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as srv:
        yield srv


@pytest.fixture
def llm_env(server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAI:
    """recap pointed at the fake server, with short timeouts and retry waits."""
    point_recap_at(monkeypatch, server.base_url, key=FAKE_KEY,
                   llm="timeout = 2\nmax_retries = 2\nretry_backoff = 0.01\n")
    return server


def draft(tmp_path: Path, notes: Path = SAMPLES[0], style: str = "data",
          ui: UI | None = None) -> tuple[str, dict[str, SectionResult]]:
    ctx = DraftContext.from_notes_file(notes, style)
    out = tmp_path / "draft.md"
    _, results = draft_report(ctx, LLMDrafter(load_llm_config(), ui=ui), out)
    return out.read_text(encoding="utf-8"), {r.id: r for r in results}


def expect(text: str) -> str:
    """A scripted reply of a section's length, as ``body_of`` returns it (ASCII marks)."""
    return to_ascii_punctuation(long(text))


def body_of(text: str, section: str) -> str:
    """A section's body; drafts use full-width marks beside Chinese, the expectations ASCII."""
    body = Draft.parse(text).section(section).body
    assert ascii_marks_touching_chinese(body) == []
    return to_ascii_punctuation(body)


def test_cited_fact_ids_become_the_facts_wording(llm_env: FakeOpenAI, tmp_path: Path) -> None:
    llm_env.script("kpi", long("### 整体销售业绩(GMV)\n全年GMV{{gmv}},同比{{gmv.yoy}},"
                               "目标完成率{{gmv.completion}}。毛利率较去年{{gross_margin.diff}}。"))
    text, results = draft(tmp_path)
    kpi = body_of(text, "kpi")
    assert kpi == expect("### 整体销售业绩(GMV)\n全年GMV5860万元,同比增长24.2%,目标完成率97.7%。"
                       "毛利率较去年提升2.6个百分点。")
    assert "{{" not in text
    assert all(r.ok and not r.flags for r in results.values())
    assert len(llm_env.calls()) == 5  # one call per section of the data style
    assert llm_env.calls("kpi")[0].body["stream"] is True


def test_plain_json_replies_and_server_usage(llm_env: FakeOpenAI, tmp_path: Path) -> None:
    write_user_config("stream = false\nretry_backoff = 0\n")
    llm_env.script("summary", long("全年GMV同比{{gmv.yoy}}。"))
    text, results = draft(tmp_path)
    assert body_of(text, "summary") == expect("全年GMV同比增长24.2%。")
    call = llm_env.calls("summary")[0]
    assert not call.body.get("stream")
    prompt = "\n".join(str(m["content"]) for m in call.messages)
    assert results["summary"].prompt_tokens == len(prompt) // 2  # the server's usage figure


def test_tokens_are_counted_locally_when_the_server_reports_none(llm_env: FakeOpenAI,
                                                                  tmp_path: Path) -> None:
    reply = long("全年GMV同比{{gmv.yoy}}。")
    llm_env.script("kpi", Step(reply, usage=False))
    _, results = draft(tmp_path)
    ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
    prompt = PromptBuilder(ctx, token_budget=6000).build(
        SectionRequest(next(p for p in ctx.outline() if p.id == "kpi")))
    assert results["kpi"].prompt_tokens == count_messages(prompt.messages)
    assert results["kpi"].completion_tokens == count_tokens(reply)


def test_a_planted_false_number_is_sent_back_and_corrected(llm_env: FakeOpenAI,
                                                           tmp_path: Path) -> None:
    llm_env.script("kpi", long("全年GMV同比增长30%,表现亮眼。"), long("全年GMV同比{{gmv.yoy}},表现亮眼。"))
    text, results = draft(tmp_path)
    assert body_of(text, "kpi") == expect("全年GMV同比增长24.2%,表现亮眼。")
    assert results["kpi"].calls == 2 and not results["kpi"].flags
    reask = llm_env.calls("kpi")[1]
    assert [m["role"] for m in reask.messages] == ["system", "user", "assistant", "user"]
    assert "“30%”" in reask.last_user and "素材里没有这个数字" in reask.last_user
    assert "{{gmv.yoy}} = 增长24.2%(GMV同比)" in reask.last_user


def test_a_number_that_stays_wrong_is_kept_and_reported(llm_env: FakeOpenAI,
                                                        tmp_path: Path) -> None:
    write_user_config("reask_rounds = 1\nretry_backoff = 0\n")
    llm_env.script("kpi", long("净利润率达到15%。"), long("净利润率达到15%。"), long("不应再被调用"))
    text, results = draft(tmp_path)
    kpi = results["kpi"]
    assert kpi.calls == 2  # one reask, then give up loudly
    assert [f.text for f in kpi.flags] == ["15%"]
    assert kpi.flags[0].reason == "unsupported"
    assert "15%" in body_of(text, "kpi")  # kept for the writer to fix, never hidden


def test_server_errors_are_retried_with_backoff(llm_env: FakeOpenAI, tmp_path: Path) -> None:
    llm_env.script("plan", Step(status=500), Step(status=503),
                   long("下年度GMV目标{{plan.gmv}},较本年{{plan.gmv.growth}}。"))
    llm_env.script("problems", Step(status=429, headers={"Retry-After": "0"}))
    text, results = draft(tmp_path)
    assert results["plan"].ok and results["plan"].calls == 3
    assert body_of(text, "plan") == expect("下年度GMV目标7200万元,较本年增长22.9%。")
    assert results["problems"].ok and results["problems"].calls == 2


def test_a_section_that_times_out_fails_alone(llm_env: FakeOpenAI, tmp_path: Path) -> None:
    write_user_config("timeout = 0.5\nmax_retries = 1\nretry_backoff = 0\n")
    llm_env.script("operations", Step("迟到的回复", delay=3), Step("迟到的回复", delay=3))
    start = time.monotonic()
    text, results = draft(tmp_path)
    assert time.monotonic() - start < 2.5
    ops = results["operations"]
    assert not ops.ok and "超时" in (ops.error or "") and ops.calls == 2
    assert all(r.ok for sid, r in results.items() if sid != "operations")
    assert "本节起草失败" in body_of(text, "operations") and "recap regen" in text
    assert body_of(text, "kpi").startswith("本年度")  # the rest of the draft is written


def test_a_made_up_fact_id_never_reaches_the_draft(llm_env: FakeOpenAI, tmp_path: Path) -> None:
    made_up = long("GMV增速{{gmv.growth_rate}},私域{{private.users}}。")
    llm_env.script("kpi", made_up, made_up, made_up)
    text, results = draft(tmp_path)
    assert "{" not in text and "growth_rate" not in text
    kpi = results["kpi"]
    assert kpi.ok and kpi.calls == 3
    assert "【待核实:此处引用的数据不存在】" in body_of(text, "kpi")
    assert len(kpi.flags) == 2
    assert "{{gmv.growth_rate}}" in llm_env.calls("kpi")[1].last_user


def test_a_rejected_key_stops_the_draft_and_writes_nothing(llm_env: FakeOpenAI,
                                                           tmp_path: Path) -> None:
    for sid in ("kpi", "operations", "problems", "plan", "summary"):
        llm_env.script(sid, Step(status=401, error="Incorrect API key provided: {auth}"))
    with pytest.raises(ModelError) as err:
        draft(tmp_path)
    assert "密钥" in str(err.value) and FAKE_KEY not in str(err.value)
    assert not (tmp_path / "draft.md").exists()


def test_a_second_run_reuses_finished_sections(llm_env: FakeOpenAI, tmp_path: Path) -> None:
    llm_env.script("kpi", long("全年GMV同比增长30%。"), long("全年GMV同比{{gmv.yoy}}。"))
    first, _ = draft(tmp_path)
    calls = len(llm_env.calls())
    assert calls == 6
    second, results = draft(tmp_path)
    assert len(llm_env.calls()) == calls  # nothing sent the second time
    assert all(r.cached and r.calls == 0 for r in results.values())
    assert body_of(second, "kpi") == body_of(first, "kpi") == expect("全年GMV同比增长24.2%。")


def test_sections_are_drafted_concurrently_with_live_progress(
        llm_env: FakeOpenAI, tmp_path: Path) -> None:
    llm_env.latency = 0.6
    ui = UI.recording()
    start = time.monotonic()
    _, results = draft(tmp_path, ui=ui)
    elapsed = time.monotonic() - start
    assert len(results) == 5 and all(r.ok for r in results.values())
    assert elapsed < 1.5, elapsed  # five sections one after another would take 3 s
    log = to_ascii_punctuation(ui.err.file.getvalue())  # type: ignore[attr-defined]
    assert "✓ 一、年度核心业绩指标回顾与分析:完成" in log
    assert "tokens" in log


@pytest.mark.parametrize("stream", ["true", "false"])
def test_a_reply_cut_off_at_the_token_limit_is_pointed_out(llm_env: FakeOpenAI, tmp_path: Path,
                                                           stream: str) -> None:
    write_user_config(f"stream = {stream}\n")
    llm_env.script("summary", Step(long("全年GMV同比{{gmv.yoy}},下一步我们将"), finish="length"))
    ui = UI.recording()
    _, results = draft(tmp_path, ui=ui)
    assert results["summary"].ok
    log = to_ascii_punctuation(ui.err.file.getvalue())  # type: ignore[attr-defined]
    assert "五、总结:完成,输出达到 max_output_tokens 上限,结尾可能不完整" in log
    assert log.count("结尾可能不完整") == 1


def test_sections_without_material_get_a_marker_not_a_call(llm_env: FakeOpenAI,
                                                           tmp_path: Path) -> None:
    notes = tmp_path / "thin.toml"
    notes.write_text('[report]\ntitle = "年终总结"\nyear = 2025\nstyle = "data"\n\n'
                     "[metrics.gmv]\nvalue = 100\nunit = \"万元\"\n", encoding="utf-8")
    text, results = draft(tmp_path, notes)
    assert "【待补充:" in body_of(text, "plan")
    assert results["plan"].calls == 0
    assert not llm_env.calls("plan")


def test_the_key_never_appears_in_output_draft_or_cache(llm_env: FakeOpenAI,
                                                        tmp_path: Path) -> None:
    llm_env.script("kpi", long("全年GMV同比增长30%。"), long("全年GMV同比{{gmv.yoy}}。"))
    llm_env.script("plan", Step(status=400, error="bad request for key {auth}"))
    out = tmp_path / "draft.md"
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "draft", str(SAMPLES[0]), "--backend", "llm",
         "-o", str(out)], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert proc.returncode == 1, proc.stderr  # the plan section failed, the rest is written
    assert "草稿已写入" in proc.stderr
    assert "失败" in proc.stderr and "HTTP 400" in proc.stderr
    assert llm_env.calls()[0].headers.get("authorization") == f"Bearer {FAKE_KEY}"
    cache_files = [p for p in Path(load_llm_config().resolved_cache_path()).parent.rglob("*")
                   if p.is_file()]
    assert cache_files
    for piece in (FAKE_KEY, FAKE_KEY[:8], FAKE_KEY[-6:]):
        assert piece not in proc.stdout and piece not in proc.stderr
        assert piece.encode() not in out.read_bytes()
        for f in cache_files:
            assert piece.encode() not in f.read_bytes(), f


def test_verbatim_notes_numbers_pass_and_a_planted_one_is_still_caught(
        llm_env: FakeOpenAI, tmp_path: Path) -> None:
    llm_env.script("kpi", long("全年GMV同比{{gmv.yoy}}；新品上新36款，其中4款成为爆款，"
                               "自然搜索流量同比增长27%。"))
    llm_env.script("operations", long("全年新品上新37款，节奏明显加快。"),
                   long("全年新品上新37款，节奏明显加快。"), long("全年新品上新37款，节奏明显加快。"))
    text, results = draft(tmp_path)
    kpi = results["kpi"]
    assert kpi.ok and not kpi.flags and kpi.calls == 1  # the notes' own numbers, as written
    assert "新品上新36款，其中4款成为爆款" in Draft.parse(text).section("kpi").body
    ops = results["operations"]
    assert [f.text for f in ops.flags] == ["37款"] and ops.calls == 3  # reported, never hidden
    reask = llm_env.calls("operations")[1].last_user
    assert "“37款”" in reask and "允许使用的编号" in reask


def test_every_section_prompt_carries_the_reports_thesis(llm_env: FakeOpenAI,
                                                         tmp_path: Path) -> None:
    draft(tmp_path)
    prompts = {sid: llm_env.calls(sid)[0].prompt for sid in
               ("kpi", "operations", "problems", "plan", "summary")}
    thesis = next(line for line in prompts["kpi"].splitlines() if line.startswith("全篇论点"))
    assert all(thesis in p for p in prompts.values())
    assert "本节要论证的判断" in prompts["problems"]
