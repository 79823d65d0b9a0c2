"""The drafting pipeline shared by every backend: plan sections, draft, assemble, save.

A backend (the offline drafter, the model chain) only turns ``SectionRequest``s into
``SectionResult``s. Everything around that (outline, title block, front matter,
atomic write, regenerating one section in place) lives here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from assistant.atomic import write_text_atomic
from assistant.draftfile import (
    FINGERPRINT_KEY,
    FORMAT_VERSION,
    Draft,
    draft_state,
    failed_section_body,
    file_sha256,
    prepare_overwrite,
    relative_notes_path,
    render_front_matter,
    render_section,
    with_fingerprint,
)
from assistant.errors import DraftFileError, ModelError
from assistant.facts import FactSet, build_facts
from assistant.notes import Notes, load_notes
from assistant.styles import PlannedSection, Style, get_style
from assistant.typography import COMMA, LPAREN, RPAREN, fullwidth


@dataclass
class DraftContext:
    """Everything a backend may read to write a section."""

    notes: Notes
    facts: FactSet
    style: Style
    notes_path: Path | None = None

    @classmethod
    def from_notes_file(cls, path: str | Path, style: str | None = None) -> DraftContext:
        notes = load_notes(path)
        return cls(notes, build_facts(notes), get_style(style or notes.effective_style()),
                   Path(path))

    def outline(self) -> list[PlannedSection]:
        return self.style.outline(self.notes)


@dataclass
class SectionRequest:
    planned: PlannedSection
    feedback: str | None = None  # the user's wish when regenerating
    previous: str | None = None  # the section's current body when regenerating


@dataclass
class SectionResult:
    id: str
    body: str | None  # None when the section failed
    error: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    cached: bool = False
    flags: list[Any] = field(default_factory=list)  # checker flags left in the body
    kept_previous: bool = False  # failed, and the draft keeps the section's previous text

    @property
    def ok(self) -> bool:
        return self.body is not None


class Drafter(Protocol):
    """A backend that drafts sections."""

    name: str

    def draft(self, ctx: DraftContext, requests: list[SectionRequest]) -> list[SectionResult]:
        ...


def title_block(notes: Notes) -> str:
    r = notes.report
    who = " · ".join(x for x in (r.organization, r.team) if x)
    author = r.author or ""
    if author and r.role:
        author += f"({r.role})"
    lines = [f"# {r.title}", ""]
    meta_line = " · ".join(x for x in (who, author) if x)
    if meta_line:
        lines += [f"**{meta_line}**", ""]
    if r.audience:
        lines += [f"呈报：{r.audience}", ""]
    return fullwidth("\n".join(lines) + "\n")


OFFLINE_FEEDBACK_NOTICE = ("离线起草不会参考修改意见，本节将按素材重新生成；"
                           "要按意见改写，请配置模型并使用 --backend llm（会话中用 recap session -b llm）。")


def warnings_before_drafting(ctx: DraftContext) -> list[str]:
    """What the user should confirm before any drafting: numbers that look implausible and
    what the analysis cannot square (a boss would ask). Shown, never written into the draft."""
    from assistant.analysis import build_plan
    from assistant.analysis.render import warning_lines
    from assistant.notes.plausibility import check_plausibility

    where = f"素材 {ctx.notes_path} 中 " if ctx.notes_path is not None else ""
    lines = [f"{where}{w.describe()}" for w in check_plausibility(ctx.notes)]
    return lines + list(warning_lines(build_plan(ctx.notes, ctx.facts, ctx.style)))


class NothingDraftedError(ModelError):
    """Every section failed: nothing was written (exit 1)."""

    def __init__(self, out_path: str | Path, results: list[SectionResult],
                 hint: str | None = None) -> None:
        self.results = results
        first = next((r.error for r in results if r.error), None) or "未知错误"
        existed = Path(out_path).exists()
        kept = f"原有的 {out_path} 保持不变" if existed else f"没有写入 {out_path}"
        super().__init__(
            f"所有 {len(results)} 个章节都起草失败{LPAREN}{first}{RPAREN}{COMMA}{kept}。",
            hint=hint or "检查模型设置（RECAP_BASE_URL、RECAP_MODEL），运行 recap doctor --ping 测试连接；"
                         "或改用 --backend offline 离线起草。",
        )


def assemble(ctx: DraftContext, results: list[SectionResult], *, backend: str,
             out_path: str | Path, previous: Draft | None = None) -> Draft:
    """Build the draft file text from section results, in outline order.

    A failed section keeps its text from ``previous`` (the draft being replaced) when it
    had one; otherwise it gets a 【待补充】 marker saying it failed.
    """
    by_id = {r.id: r for r in results}
    old = {s.id: s for s in previous.sections} if previous is not None else {}
    meta = {
        "recap_draft": FORMAT_VERSION,
        "title": ctx.notes.report.title,
        "style": ctx.style.name,
        "backend": backend,
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }
    if ctx.notes_path is not None:
        meta["notes"] = relative_notes_path(ctx.notes_path, out_path)
        meta["notes_sha256"] = file_sha256(ctx.notes_path)
    meta[FINGERPRINT_KEY] = ""
    text = render_front_matter(meta) + "\n" + title_block(ctx.notes)
    for planned in ctx.outline():
        result = by_id.get(planned.id)
        if result is None:
            continue
        if result.body is None and planned.id in old:
            result.kept_previous = True
            text += old[planned.id].raw.rstrip("\r\n") + "\n\n"
            continue
        body = result.body if result.body is not None else failed_section_body(
            result.error or "未知错误")
        text += render_section(planned.id, planned.title, body, planned.level)
    return Draft.parse(with_fingerprint(text.rstrip("\n") + "\n"))


def _previous_draft(path: Path) -> Draft | None:
    try:
        return Draft.load(path) if path.is_file() else None
    except DraftFileError:
        return None


def draft_report(ctx: DraftContext, drafter: Drafter, out_path: str | Path,
                 *, only: list[str] | None = None, force: bool = False
                 ) -> tuple[Draft, list[SectionResult]]:
    """Draft every section of the outline with ``drafter`` and save atomically.

    The one overwrite rule (``prepare_overwrite``): an existing draft edited since recap
    wrote it is refused unless ``force``, which keeps a backup beside it (``draft.backup``).
    When every section fails nothing is written (``NothingDraftedError``); a section that
    fails on a re-draft keeps its previous text.
    """
    out = Path(out_path)
    if not force:
        prepare_overwrite(out, force=False)  # refuse before any section is drafted
    requests = [SectionRequest(p) for p in ctx.outline() if only is None or p.id in only]
    try:
        results = drafter.draft(ctx, requests)
    except NothingDraftedError:
        raise
    except ModelError as exc:  # the model could not be used at all (e.g. nothing listening)
        failed = [SectionResult(r.planned.id, None, error=exc.message) for r in requests]
        raise NothingDraftedError(out, failed, hint=exc.hint) from None
    if requests and not any(r.ok for r in results):
        raise NothingDraftedError(out, results)
    # The same rule again just before writing: the file may have been edited meanwhile.
    backup = prepare_overwrite(out, force=force)
    draft = assemble(ctx, results, backend=drafter.name, out_path=out,
                     previous=_previous_draft(out))
    draft.save(out)
    draft.backup = backup
    return draft, results


def resolve_notes_path(draft: Draft, draft_path: str | Path,
                       notes_override: str | Path | None = None) -> Path:
    """The notes file a draft was written from (``notes_override`` wins), checked to exist."""
    if notes_override is not None:
        return Path(notes_override)
    notes_path = draft.notes_path(draft_path)
    if notes_path is None:
        raise DraftFileError(
            f"草稿 {draft_path} 没有记录素材文件的位置。",
            hint="用 --notes 指定起草时用的素材文件，例如 --notes 素材.toml。",
        )
    if not notes_path.exists():
        raise DraftFileError(
            f"草稿 {draft_path} 记录的素材文件 {notes_path} 不存在（可能已移动或改名）。",
            hint="用 --notes 指定素材文件的新位置。",
        )
    return notes_path


def load_draft_context(draft_path: str | Path, notes_override: str | Path | None = None
                       ) -> tuple[Draft, DraftContext]:
    """Open a draft and the notes file it names (or ``notes_override``)."""
    draft = Draft.load(draft_path)
    if not draft.sections:
        raise DraftFileError(
            f"{draft_path} 不是 recap 草稿：里面没有 <!-- section: … --> 章节标记。",
            hint="先用 recap draft 素材.toml -o 草稿.md 生成草稿；手改草稿时请保留章节标记行。",
        )
    ctx = DraftContext.from_notes_file(resolve_notes_path(draft, draft_path, notes_override),
                                       draft.style)
    return draft, ctx


def notes_changed(draft: Draft, notes_path: Path | None) -> bool:
    """Whether ``notes_path`` differs from the notes file the draft was written from."""
    recorded = draft.meta.get("notes_sha256")
    return bool(recorded and notes_path and file_sha256(notes_path) != recorded)


def regenerate_section(draft_path: str | Path, section_id: str, drafter: Drafter,
                       *, feedback: str | None = None,
                       notes_override: str | Path | None = None,
                       loaded: tuple[Draft, DraftContext] | None = None) -> SectionResult:
    """Redraft one section in place; every other byte of the file stays as it was.

    ``loaded`` is the ``load_draft_context`` result when the caller already has it.
    """
    draft, ctx = loaded or load_draft_context(draft_path, notes_override)
    current = draft.section(section_id)
    planned = next((p for p in ctx.outline() if p.id == section_id), None)
    if planned is None and section_id.startswith("project-"):
        raise DraftFileError(  # repeated sections are named after their notes item (issue 12)
            f"章节 “{section_id}” 对应的项目或活动已不在素材里（可能改了名或删掉了），无法重新生成。",
            hint="recap sections 草稿文件 列出现有章节 id；改名后请用 recap draft 重新起草。",
        )
    if planned is None:
        raise DraftFileError(
            f"章节 “{section_id}” 不属于 {ctx.style.name} 风格的大纲，无法重新生成。",
            hint="recap sections 草稿文件 可以列出章节 id。",
        )
    [result] = drafter.draft(ctx, [SectionRequest(planned, feedback, current.body)])
    if result.body is None:
        return result
    level, title = current.heading
    trailing = current.raw[len(current.raw.rstrip("\n")):]
    raw = render_section(section_id, title or planned.title, result.body,
                         level or planned.level).rstrip("\n") + (trailing or "\n")
    _write_regenerated(Path(draft_path), draft, current.raw, section_id, raw)
    return result


class SectionChangedError(DraftFileError):
    """The section was edited while it was being regenerated: nothing was overwritten."""


def _write_regenerated(path: Path, loaded: Draft, old_raw: str, section_id: str,
                       raw: str) -> None:
    """Put ``raw`` in place of the section, merging edits saved since ``loaded`` was read.

    The file is read again just before the atomic write: edits to other sections made
    during a long model call are kept; an edit to this very section is never overwritten
    (the new text goes to a file beside the draft instead).
    """
    fresh_text = path.read_bytes().decode("utf-8") if path.is_file() else loaded.to_text()
    fresh = loaded if fresh_text == loaded.to_text() else Draft.parse(fresh_text, str(path))
    ids = [s.id for s in fresh.sections]
    if section_id not in ids or fresh.section(section_id).raw != old_raw:
        aside = path.with_name(f"{path.stem}.{section_id}.regen{path.suffix}")
        write_text_atomic(aside, raw)
        raise SectionChangedError(
            f"章节 {section_id} 在重新生成期间被修改过，为免丢失这些修改，草稿没有改动。",
            hint=f"新生成的内容已另存为 {aside}，可以手工合并，或再运行一次 regen。",
        )
    untouched = draft_state(path) == "untouched"
    fresh.replace_section(section_id, raw)
    text = fresh.to_text()
    write_text_atomic(path, with_fingerprint(text) if untouched else text)
