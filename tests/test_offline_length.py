"""``--length`` and ``--tone`` on the offline drafter: short drops supporting detail, long keeps
it all, 平实 swaps a few connectives; every number stays the fact engine's (0 flags), and the
summary table shows each section's length against the target both backends aim at."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest
from paths import EXAMPLES, REPO, SAMPLES

from assistant.checker import check_draft
from assistant.draftfile import Draft
from assistant.drafting import DraftContext, SectionRequest, draft_report
from assistant.lengths import han_count, section_targets
from assistant.llm.prompting import PromptBuilder
from assistant.offline import OfflineDrafter
from assistant.offline.shaping import fit_length

NOTES_FILES = sorted(EXAMPLES.glob("*.toml"))
STYLES = ("data", "narrative", "project")


def draft(tmp_path: Path, notes: Path, style: str, **kw: str) -> tuple[Draft, DraftContext]:
    ctx = DraftContext.from_notes_file(notes, style)
    name = "-".join([notes.stem, style, *kw.values()])
    doc, results = draft_report(ctx, OfflineDrafter(**kw), tmp_path / f"{name}.md")
    assert all(r.ok for r in results)
    return doc, ctx


def has_detail(body: str) -> bool:
    """Two paragraphs in a row under one heading: the second is supporting detail."""
    blocks = [b.lstrip() for b in body.split("\n\n") if b.strip()]
    return any(not a.startswith(("#", "|")) and not b.startswith(("#", "|"))
               for a, b in itertools.pairwise(blocks))


def bodies(doc: Draft) -> dict[str, str]:
    return {s.id: s.body for s in doc.sections}


@pytest.mark.parametrize("notes", NOTES_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("style", STYLES)
def test_short_and_plain_drafts_keep_every_number_true(tmp_path: Path, notes: Path,
                                                       style: str) -> None:
    standard, ctx = draft(tmp_path, notes, style)
    for kw in ({"length": "short"}, {"tone": "平实"}, {"length": "1500", "tone": "平实"}):
        doc, _ = draft(tmp_path, notes, style, **kw)
        report = check_draft(doc, ctx.facts, year=ctx.notes.report.year)
        assert not report.flags, (kw, [f.text for f in report.flags][:5])
        assert [s.id for s in doc.sections] == [s.id for s in standard.sections]
    short, _ = draft(tmp_path, notes, style, length="short")
    long, _ = draft(tmp_path, notes, style, length="long")
    assert bodies(long) == bodies(standard)  # long keeps every detail the notes support
    targets = section_targets(ctx, "short")
    for sid, body in bodies(short).items():  # only paragraphs go; the headings all stay
        full = bodies(standard)[sid]
        assert re.findall(r"^#+ .*$", body, re.M) == re.findall(r"^#+ .*$", full, re.M)
        kept = [p for p in body.split("\n\n") if p.strip()]
        assert all(p in full for p in kept), sid  # nothing rewritten, only left out
        if han_count(full) > targets.get(sid, 1 << 30) and has_detail(full):
            assert han_count(body) < han_count(full), sid


def test_plain_tone_swaps_bookish_connectives(tmp_path: Path) -> None:
    formal, _ = draft(tmp_path, SAMPLES[0], "data")
    plain, _ = draft(tmp_path, SAMPLES[0], "data", tone="平实")
    formal_text, plain_text = "".join(bodies(formal).values()), "".join(bodies(plain).values())
    short, _ = draft(tmp_path, SAMPLES[0], "data", length="short")
    assert han_count("".join(bodies(short).values())) < han_count(formal_text) * 0.85
    assert "较去年" in formal_text and "较去年" not in plain_text and "比去年" in plain_text
    project, _ = draft(tmp_path, SAMPLES[0], "project", tone="平实")
    assert "此外" not in "".join(bodies(project).values())


def test_fit_length_drops_later_secondary_paragraphs_first() -> None:
    body = "判断一。" * 10 + "\n\n" + "### 小节\n\n" + "判断二。" * 10 + "\n\n" + "细节甲。" * 10 \
        + "\n\n" + "细节乙。" * 10 + "\n\n【待补充：明年预算】"
    cut = fit_length(body, 100)
    assert "细节乙" not in cut and "细节甲" in cut and "判断二" in cut and "【待补充" in cut
    assert "细节甲" not in fit_length(body, 10) and "判断一" in fit_length(body, 10)
    assert fit_length(body, 10_000) == body and fit_length(body, None) == body


def test_targets_are_the_ones_the_model_prompt_states() -> None:
    for length in ("short", "standard", "long", "3000"):
        ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
        builder = PromptBuilder(ctx, token_budget=100_000, length=length)
        targets = section_targets(ctx, length)
        for planned in ctx.outline():
            if planned.missing:
                continue
            prompt = builder.build(SectionRequest(planned))
            stated = int(prompt.messages[1][1].split("本节篇幅：约 ")[1].split(" 字")[0])
            assert stated == targets[planned.id], (length, planned.id)


def recap(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=120)


def test_the_summary_shows_length_against_target_and_no_model_only_notice(tmp_path: Path) -> None:
    out = tmp_path / "d.md"
    proc = recap("draft", str(SAMPLES[0]), "--backend", "offline", "--length", "short",
                 "--tone", "平实", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "只对模型起草生效" not in proc.stderr
    assert "字数/目标" in proc.stderr
    ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
    targets = section_targets(ctx, "short")
    doc = Draft.parse(out.read_text(encoding="utf-8"))
    for s in doc.sections:
        assert f"{han_count(s.body)} / {targets[s.id]}" in proc.stderr, s.id


def test_config_sets_the_offline_length(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[llm]\nlength = "short"\ntone = "平实"\n', encoding="utf-8")
    out, ref = tmp_path / "d.md", tmp_path / "ref.md"
    assert recap("draft", str(SAMPLES[0]), "-b", "offline", "--config", str(config),
                 "-o", str(out)).returncode == 0
    assert recap("draft", str(SAMPLES[0]), "-b", "offline", "--length", "short", "--tone", "平实",
                 "-o", str(ref)).returncode == 0
    assert bodies(Draft.parse(out.read_text(encoding="utf-8"))) == bodies(
        Draft.parse(ref.read_text(encoding="utf-8")))


def test_the_shipped_config_documents_the_defaults() -> None:
    import tomllib

    shipped = tomllib.loads((REPO / "config.toml").read_text(encoding="utf-8"))["llm"]
    assert shipped["length"] == "standard" and shipped["tone"] == "正式"
    text = (REPO / "config.toml").read_text(encoding="utf-8")
    assert "离线起草同样生效" in text
