"""The model chain: sections drafted concurrently, numbers true by construction.

Per section (a ``RunnableLambda``; the sections run through ``abatch`` with
``max_concurrency``)::

    prompt (templates, facts, notes, examples; fitted to the budget and the model's window)
      -> ModelClient (cache; deadline, reply cap, retries, error classes: assistant.llm.client)
         a context-length 400 -> learn the window, shrink the examples, ask again
      -> garbage? (scaffolding echoed, repeated lines, not Chinese, far too short)
         -> ask once more with the reason, then the section fails (never "done")
      -> fill {{fact.id}} with the facts' phrases -> checker on every number left
         -> problems? send the flagged sentences back (assistant.llm.reask)
      -> best attempt kept; what still fails is reported in ``SectionResult.flags``

Only ``assistant.llm.backend`` imports this module, when the llm backend runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from langchain_core.runnables import RunnableLambda

from assistant.draftfile import todo_marker
from assistant.drafting import DraftContext, SectionRequest, SectionResult
from assistant.errors import ModelError
from assistant.llm import startup
from assistant.llm.cache import CachedReply, SQLiteCallCache
from assistant.llm.client import HINT_CONTEXT, CallError, ModelClient, Reply, no_tracing
from assistant.llm.config import LLMConfig
from assistant.llm.gaps import take_gaps
from assistant.llm.placeholders import (
    UNKNOWN_MARKER,
    FactIndex,
    Filled,
    Substitution,
    clean_reply,
    fill,
    separate_adjacent,
)
from assistant.llm.progress import NullProgress, ProgressSink
from assistant.llm.prompting import Message, PromptBuilder, SectionPrompt
from assistant.llm.quality import judge
from assistant.llm.reask import describe_flag, number_note, reask_messages, reject_note
from assistant.llm.tokens import count_messages
from assistant.llm.window import Window
from assistant.styles import PlannedSection

MAX_SHRINKS = 4
AFTER_SEND = 0.05  # seconds: let the first request's bytes leave before collecting garbage
REJECT_REASKS = 1  # a rejected reply is asked again once, then the section fails


class SectionFailed(Exception):
    """A section could not be drafted; the message is for people."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class FatalModelError(Exception):
    """Every section would fail the same way (bad key, wrong URL, nothing listening)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Attempt:
    filled: Filled
    flags: list[Any]
    problems: list[str]  # for the re-ask message
    score: int  # how many problems in all: fewer is better
    gaps: list[str] = field(default_factory=list)  # what the notes lack, taken out of the prose


@dataclass
class SectionRun:
    """Bookkeeping for one section while it is drafted."""

    request: SectionRequest
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    all_cached: bool = True
    truncated: bool = False  # the model stopped at its output limit
    shrinks: int = 0
    attempts: list[Attempt] = field(default_factory=list)
    asked: set[str] = field(default_factory=set)  # prompts sent in this run (cache keys)


Build = Callable[[int], list[Message]]  # prompt budget (cl100k tokens) -> messages


class DraftChain:
    """Drafts sections of one report with an OpenAI-compatible chat model."""

    def __init__(self, config: LLMConfig, ctx: DraftContext, *,
                 progress: ProgressSink | None = None,
                 cache: SQLiteCallCache | None = None) -> None:
        self.config = config
        self.ctx = ctx
        self.progress: ProgressSink = progress or NullProgress()
        self.cache = cache
        self.builder = PromptBuilder(ctx, token_budget=config.token_budget,
                                     length=config.length, tone=config.tone)
        self.index = FactIndex(ctx.facts)
        self.window = Window(config.token_budget, config.max_output_tokens,
                             size=config.window(), factor=config.tokenizer_factor)
        self.redact = config.redactor()
        self.client: ModelClient | None = None
        self.gaps: dict[str, list[str]] = {}  # section id -> what the user could add to the notes
        self.plan_notes: list[str] = []  # --plan model: what kept the computed wording
        self._abort: asyncio.Event | None = None
        self._fatal: FatalModelError | None = None
        self.llm_string = json.dumps({
            "model": config.model, "base_url": config.base_url,
            "temperature": config.temperature, "max_tokens": config.max_output_tokens,
        }, sort_keys=True)

    # -- entry point -----------------------------------------------------------------

    async def run(self, requests: list[SectionRequest]) -> list[SectionResult]:
        self._abort = asyncio.Event()
        section = RunnableLambda(self._section, name="recap_section")
        async with ModelClient(self.config, on_first_request=self._request_sent) as client:
            self.client = client
            if self.config.plan == "model" and any(not r.planned.missing for r in requests):
                await self._model_plan(client)
            with no_tracing():
                outputs = await section.abatch(
                    requests, config={"max_concurrency": self.config.concurrency},
                    return_exceptions=True)
        self.client = None
        if self._fatal is not None:
            raise ModelError(self.redact(self._fatal.message), hint=self._fatal.hint)
        results: list[SectionResult] = []
        for req, out in zip(requests, outputs, strict=True):
            if isinstance(out, SectionResult):
                results.append(out)
            else:  # a bug of ours: the section fails with a plain message, the rest stands
                results.append(SectionResult(req.planned.id, None,
                                             error="处理模型回复时出了意外的问题，请重新生成本节"))
        return results

    def _request_sent(self) -> None:
        """The first request is going out; a moment later (its bytes written) the
        collector runs again and the wait is used to load what checking needs."""
        asyncio.get_running_loop().call_later(AFTER_SEND, self._after_send)

    def _after_send(self) -> None:
        startup.resume()
        _warm_in_background()

    async def _model_plan(self, client: ModelClient) -> None:
        """``--plan model``: one call rewords the thesis and the judgements (checked)."""
        from assistant.llm.planwriter import apply_reply, plan_messages

        plan = self.builder.plan
        self.progress.started("plan:model", "报告主线（模型改写）", 0)
        messages = plan_messages(self.ctx, plan)
        key = json.dumps(messages, ensure_ascii=False)
        hit = await self.cache.aget(key, self.llm_string) if self.cache is not None else None
        try:
            text = hit.text if hit is not None else (
                await client.complete(messages, stop=self._abort)).text
        except CallError as err:
            if err.kind == "fatal":
                raise ModelError(self.redact(err.message), hint=err.hint) from None
            self.plan_notes = [f"模型改写论点失败（{self.redact(err.message)}），沿用计算出的论点"]
        else:
            if hit is None and self.cache is not None and text.strip():
                await self.cache.aput(key, self.llm_string, CachedReply(text, 0, 0))
            self.builder.plan, self.plan_notes = apply_reply(self.ctx, plan, text)
        ok = self.builder.plan.thesis != plan.thesis
        self.progress.finished("plan:model", ok=ok,
                               status="已改写" if ok else "沿用计算出的论点",
                               prompt_tokens=0, completion_tokens=0)

    # -- one section -----------------------------------------------------------------

    async def _section(self, request: SectionRequest) -> SectionResult:
        planned = request.planned
        sid = planned.id
        if planned.missing:
            body = todo_marker(planned.missing)
            self.progress.started(sid, planned.title, 0)
            self.progress.finished(sid, ok=True, status="素材不足，已留待补充标记",
                                   prompt_tokens=0, completion_tokens=0)
            return SectionResult(sid, body, calls=0)
        # The first prompts go out without tiktoken (0.15 s to load): near the budget the
        # estimate's upper bound decides. Re-asks and shrinks, later, count exactly.
        prompt = self.builder.build(request, self.window.budget(), exact=False)
        self.progress.started(sid, planned.title, prompt.tokens)
        if prompt.trimmed:
            self.progress.update(sid, status=f"提示词超出预算，范文保留 {prompt.examples_kept}/"
                                              f"{prompt.examples_total} 段")
        run = SectionRun(request)
        try:
            result = await self._draft_rounds(prompt, run)
        except SectionFailed as exc:
            result = SectionResult(sid, None, error=self.redact(exc.message),
                                   prompt_tokens=run.prompt_tokens,
                                   completion_tokens=run.completion_tokens, calls=run.calls)
        except FatalModelError as exc:
            if self._fatal is None:
                self._fatal = exc
            if self._abort is not None:
                self._abort.set()
            result = SectionResult(sid, None, error=self.redact(exc.message), calls=run.calls)
        if result.ok:
            status = "已缓存" if result.cached else "完成"
            if result.flags:
                status += f"，{len(result.flags)} 处数字待核对"
            if run.truncated:
                status += "，输出达到 max_output_tokens 上限，结尾可能不完整"
        else:
            status = f"失败：{result.error}"
        self.progress.finished(sid, ok=result.ok, status=status,
                               prompt_tokens=result.prompt_tokens,
                               completion_tokens=result.completion_tokens)
        return result

    async def _draft_rounds(self, prompt: SectionPrompt, run: SectionRun) -> SectionResult:
        request = run.request
        planned = request.planned

        def first(budget: int) -> list[Message]:
            return self.builder.build(request, budget).messages

        build: Build = first
        number_rounds = self.config.reask_rounds
        rejects_left = REJECT_REASKS
        rejected: str | None = None
        # A regeneration wants a fresh text: skip the cache lookup for its first call.
        fresh = request.previous is not None
        while True:
            try:
                reply = await self._call(build, prompt.messages if build is first else None,
                                         run, fresh=fresh)
            except SectionFailed:
                if not run.attempts:
                    raise
                break  # a re-ask that could not be sent: keep the best reply so far, flagged
            fresh = False
            verdict = judge(reply.text, markers=self.builder.markers,
                            expected_chars=prompt.expected_chars)
            if verdict is not None:
                rejected = verdict
                if rejects_left == 0:
                    break
                rejects_left -= 1
                self.progress.update(planned.id, status=f"回复不能用（{verdict}），重新请求")
                note = reject_note(self.builder.reject_template, verdict, planned.title,
                                   prompt.expected_chars)
                build = self._reask_build(request, None, note)
                continue
            attempt = self._evaluate(reply.text, planned)
            run.attempts.append(attempt)
            if not attempt.problems or number_rounds == 0:
                break
            number_rounds -= 1
            self.progress.update(planned.id, status="核对数字未通过，重写有问题的句子")
            note = number_note(self.builder.reask_template, attempt.problems, prompt.facts)
            build = self._reask_build(request, reply.text, note)
        if not run.attempts:
            raise SectionFailed(f"模型的回复不能用：{rejected}")
        best = min(reversed(run.attempts), key=lambda a: a.score)
        body, flags = self._finalize(best, planned.id)
        if best.gaps:
            self.gaps[planned.id] = best.gaps
        return SectionResult(planned.id, body, prompt_tokens=run.prompt_tokens,
                             completion_tokens=run.completion_tokens, calls=run.calls,
                             cached=run.all_cached and run.calls == 0, flags=flags)

    def _reask_build(self, request: SectionRequest, reply: str | None, note: str) -> Build:
        """A re-ask that fits the budget: the section prompt shrinks to leave room."""
        extra = count_messages([("ai", reply or ""), ("human", note)])

        def build(budget: int) -> list[Message]:
            base = self.builder.build(request, max(budget - extra, 0)).messages
            messages = reask_messages(base, reply, note)
            if reply and count_messages(messages) > budget:  # the last reply itself is too long
                messages = reask_messages(base, None, note)
            return messages

        return build

    # -- checking --------------------------------------------------------------------

    def _evaluate(self, reply: str, planned: PlannedSection) -> Attempt:
        body = clean_reply(reply, title=planned.title, level=planned.level)
        body, gaps = take_gaps(body)
        filled = fill(body, self.ctx.facts, index=self.index)
        flags = self._check(filled, planned.id)
        problems = [i.detail for i in filled.issues]
        problems += [describe_flag(f, filled.text) for f in flags]
        return Attempt(filled, flags, problems, len(problems), gaps)

    def _check(self, filled: Filled, section_id: str) -> list[Any]:
        """Checker flags on numbers the model wrote itself (not on substituted facts)."""
        from assistant.checker import check_text

        year = self.ctx.notes.report.year
        flags = check_text(filled.text, self.ctx.facts, year=year, section=section_id,
                           notes=self.ctx.notes)
        inside = [(s.start, s.end) for s in filled.spans]
        return [f for f in flags
                if not any(a <= f.start and f.end <= b for a, b in inside)]

    def _finalize(self, best: Attempt, sid: str) -> tuple[str, list[Any]]:
        from assistant.checker import Flag

        filled = best.filled
        if any(i.kind == "adjacent" for i in filled.issues):
            filled = separate_adjacent(filled)
        text: str = filled.text.strip()
        strip_offset = len(filled.text) - len(filled.text.lstrip())
        spans = Filled(text, [_shift(s, -strip_offset) for s in filled.spans])
        flags = self._check(spans, sid)
        for start in _find_all(text, UNKNOWN_MARKER):
            flags.append(Flag(text=UNKNOWN_MARKER, start=start, end=start + len(UNKNOWN_MARKER),
                              section=sid, reason="unsupported", nearest=None))
        flags.sort(key=lambda f: f.start)
        return text, flags

    # -- the model call --------------------------------------------------------------

    async def _call(self, build: Build, built: list[Message] | None, run: SectionRun,
                    *, fresh: bool) -> Reply:
        """One reply for the prompt ``build`` makes; smaller prompts after context errors."""
        sid = run.request.planned.id
        budget = self.window.budget()
        messages = built if built is not None else build(budget)
        while True:
            key = json.dumps(messages, ensure_ascii=False)
            # The same question twice in one run wants a new answer, not the cached one.
            if self.cache is not None and not fresh and key not in run.asked:
                hit = await self.cache.aget(key, self.llm_string)
                if hit is not None:
                    run.prompt_tokens += hit.prompt_tokens
                    run.completion_tokens += hit.completion_tokens
                    self.progress.update(sid, status="使用缓存",
                                         completion_tokens=run.completion_tokens)
                    return Reply(hit.text, hit.prompt_tokens, hit.completion_tokens)
            run.all_cached = False
            run.asked.add(key)
            try:
                reply = await self._request(messages, run)
            except CallError as err:
                if err.kind != "context":
                    raise self._failure(err) from None
                messages, budget = self._shrink(err, build, messages, budget, run)
                continue
            break
        run.prompt_tokens += reply.prompt_tokens
        run.completion_tokens += reply.completion_tokens
        run.truncated = run.truncated or reply.truncated
        if self.cache is not None and reply.text.strip():
            await self.cache.aput(key, self.llm_string,
                                  CachedReply(reply.text, reply.prompt_tokens,
                                              reply.completion_tokens))
        return reply

    async def _request(self, messages: list[Message], run: SectionRun) -> Reply:
        if self.client is None:  # pragma: no cover - run() sets it
            raise RuntimeError("model used outside run()")
        sid = run.request.planned.id
        base = run.completion_tokens

        def progress(chunks: int) -> None:
            self.progress.update(sid, completion_tokens=base + chunks)

        def retrying(message: str, delay: float, attempt: int) -> None:
            self.progress.update(sid, status=f"{self.redact(message)}，{delay:.1f} 秒后第 "
                                             f"{attempt} 次重试")

        try:
            reply = await self.client.complete(messages, max_tokens=self.window.reply_tokens,
                                               on_progress=progress, on_retry=retrying,
                                               stop=self._abort)
        except CallError as err:
            run.calls += err.attempts
            raise
        run.calls += reply.attempts
        return reply

    def _failure(self, err: CallError) -> Exception:
        if err.kind == "fatal":
            return FatalModelError(err.message, err.hint)
        tries = f"（已尝试 {err.attempts} 次）" if err.attempts > 1 else ""
        return SectionFailed(err.message + tries, err.hint)

    def _shrink(self, err: CallError, build: Build, sent: list[Message], budget: int,
                run: SectionRun) -> tuple[list[Message], int]:
        """Learn from a context-length error and rebuild a smaller prompt, or give up."""
        sent_tokens = count_messages(sent)
        self.window.learn(sent_tokens=sent_tokens, sent_budget=budget, limit=err.limit,
                          requested=err.requested)
        new_budget = self.window.budget()
        messages = build(new_budget)
        run.shrinks += 1
        if run.shrinks > MAX_SHRINKS or count_messages(messages) >= sent_tokens:
            raise SectionFailed("本节的素材和数据本身就超出了模型的上下文窗口，删减范文后仍然放不下",
                                HINT_CONTEXT)
        self.progress.update(run.request.planned.id,
                             status=f"超出模型上下文，缩减范文后重试（预算 {new_budget} tokens）")
        return messages, new_budget




def _warm_in_background() -> None:
    """Import what checking a reply needs while the model is thinking (the GIL is free)."""

    def warm() -> None:
        import assistant.checker  # noqa: F401
        from assistant.llm.tokens import warm as warm_tokens
        from assistant.numbers import find_numbers  # noqa: F401

        with contextlib.suppress(ImportError):
            import cn2an  # noqa: F401
        warm_tokens()  # for servers that report no usage

    threading.Thread(target=warm, name="recap-warm", daemon=True).start()


def _shift(sub: Substitution, delta: int) -> Substitution:
    return Substitution(sub.start + delta, sub.end + delta, sub.fact)


def _find_all(text: str, needle: str) -> Iterator[int]:
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + len(needle))
