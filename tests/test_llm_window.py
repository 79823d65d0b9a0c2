"""The model's own context window: prompts fitted under it, and a context-length 400 means
"shrink the examples and ask again", never a failed section.

The local server counts a prompt with a Llama-like tokenizer (``fake_tokens``: Chinese
costs about 1.45 times what cl100k charges here) and answers 400 like llama.cpp or
OpenAI when the prompt is over the limit the test sets.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fakeserver import OPENAI_CONTEXT, FakeOpenAI, Step, fake_tokens, long, point_recap_at
from paths import SAMPLES

from assistant.drafting import DraftContext, SectionRequest, SectionResult
from assistant.llm.backend import LLMDrafter
from assistant.llm.config import load_llm_config, user_config_path

BUDGET = 20_000  # cl100k says every prompt fits whole; the model's window disagrees


def prompt_sizes(style: str) -> dict[str, tuple[int, int]]:
    """Each section's prompt in fake tokens: whole, and with every example passage cut."""
    from assistant.llm.prompting import PromptBuilder

    ctx = DraftContext.from_notes_file(SAMPLES[0], style)
    builder = PromptBuilder(ctx, token_budget=BUDGET)
    sizes = {}
    for planned in ctx.outline():
        if planned.missing:
            continue
        request = SectionRequest(planned)
        whole = builder.build(request, exact=False)  # as the chain builds a first prompt
        bare = builder.build(request, budget=300)
        sizes[planned.id] = (fake_tokens("\n".join(m[1] for m in whole.messages)),
                             fake_tokens("\n".join(m[1] for m in bare.messages)))
    return sizes


def limit_for(style: str) -> int:
    """A window every section fits once its examples are cut, and some do not fit whole."""
    sizes = prompt_sizes(style)
    # Room beside the kpi prompt for a re-ask (the flagged sentence and the allowed facts).
    limit = max(bare for _, bare in sizes.values()) + 200
    if "kpi" in sizes:
        limit = max(limit, sizes["kpi"][1] + 2000)
    assert any(whole > limit for whole, _ in sizes.values())
    return limit


LIMIT = limit_for("data")


pytestmark = pytest.mark.usefixtures("warm_model_imports")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI(context_limit=LIMIT) as srv:
        point_recap_at(monkeypatch, srv.base_url, model="small-local-model")
        yield srv


def configure(body: str = "") -> None:
    path = user_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[llm]\ntimeout = 5\nmax_retries = 1\nretry_backoff = 0\ncache = false\n"
                    f"token_budget = {BUDGET}\n" + body, encoding="utf-8")


def draft(style: str = "data") -> dict[str, SectionResult]:
    ctx = DraftContext.from_notes_file(SAMPLES[0], style)
    requests = [SectionRequest(p) for p in ctx.outline()]
    results = LLMDrafter(load_llm_config()).draft(ctx, requests)
    return {r.id: r for r in results}


def rejected(server: FakeOpenAI) -> list[str]:
    return [r.section for r in server.calls() if r.status == 400]


@pytest.mark.parametrize("style", ["data", "narrative", "project"])
def test_every_section_is_drafted_after_shrinking(server: FakeOpenAI, style: str) -> None:
    configure()
    server.context_limit = limit = limit_for(style)
    results = draft(style)
    assert all(r.ok for r in results.values()), {k: r.error for k, r in results.items()}
    assert rejected(server)  # some prompts were too long for the server at first ...
    for sid in set(rejected(server)):  # ... and each was sent again, smaller, and answered
        answered = [r for r in server.calls(sid) if r.status == 200]
        assert answered and fake_tokens(answered[-1].prompt) <= limit
        assert "本年度我们围绕核心目标稳步推进" in (results[sid].body or "")


def test_a_configured_window_fits_the_first_prompt(server: FakeOpenAI) -> None:
    configure(f"context_window = {LIMIT}\n")
    results = draft()
    assert all(r.ok for r in results.values())
    assert rejected(server) == []
    assert len(server.calls()) == 5  # no call wasted on a prompt that could not fit
    # a quarter of the window is left for the reply
    sent = {r.body.get("max_tokens") or r.body.get("max_completion_tokens") for r in server.calls()}
    assert sent == {min(LIMIT // 4, 2000)}  # max_output_tokens is 2000


def test_an_openai_style_error_teaches_the_window_to_later_sections(
        server: FakeOpenAI) -> None:
    server.context_message = OPENAI_CONTEXT
    configure("concurrency = 1\n")
    results = draft()
    assert all(r.ok for r in results.values())
    assert len(rejected(server)) == 1  # learnt once, then every prompt fits


def test_a_reask_is_fitted_too_and_names_the_flagged_sentence(server: FakeOpenAI) -> None:
    configure(f"context_window = {LIMIT}\n")
    server.script("kpi", long("净利润率达到15%，但获客成本持续走高。"),
                  long("获客成本持续走高，需要重点关注。"))
    results = draft()
    assert results["kpi"].ok and results["kpi"].calls == 2
    reask = server.calls("kpi")[1]
    assert reask.status == 200 and fake_tokens(reask.prompt) <= LIMIT
    # No earlier rounds; here not even the last reply fits beside the notes: the flagged
    # sentence is what the model gets back.
    assert [m["role"] for m in reask.messages] == ["system", "user", "user"]
    assert "“净利润率达到15%，但获客成本持续走高。”中的“15%”" in reask.last_user
    assert rejected(server) == []


def test_a_window_too_small_for_the_notes_fails_with_what_to_do(server: FakeOpenAI) -> None:
    server.context_limit = 1500  # below even the prompt without any example passage
    configure("concurrency = 2\n")
    results = draft()
    for result in results.values():
        assert not result.ok
        assert "上下文窗口" in (result.error or "")
    assert len(server.calls()) <= 5 * 5  # a few shrinks per section, then it stops


def test_a_400_that_is_not_about_context_is_not_retried_smaller(server: FakeOpenAI) -> None:
    configure()
    server.script("summary", Step(status=400, error="invalid temperature"))
    results = draft()
    assert not results["summary"].ok and "HTTP 400" in (results["summary"].error or "")
    assert len(server.calls("summary")) == 1
