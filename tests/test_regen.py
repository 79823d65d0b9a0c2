"""``recap regen``: one section redrafted in place, every other byte left alone."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeserver import FakeOpenAI, Step, long, point_recap_at
from paths import REPO, SAMPLES

from assistant.draftfile import Draft
from assistant.drafting import DraftContext, draft_report
from assistant.offline import OfflineDrafter
from assistant.typography import fullwidth

HAND_EDIT = "(手工补充:双十一复盘会议纪要见附件。)"


@pytest.fixture
def llm_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        point_recap_at(monkeypatch, server.base_url, key="sk-test-regen-0123456789",
                       llm="timeout = 2\nmax_retries = 1\nretry_backoff = 0\n")
        yield server


def recap(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True,
                          text=True, timeout=120, cwd=REPO)


def offline_draft(tmp_path: Path) -> Path:
    out = tmp_path / "年终总结.md"
    draft_report(DraftContext.from_notes_file(SAMPLES[0], "data"), OfflineDrafter(), out)
    return out


def edit_by_hand(path: Path, section: str, new_body: str | None = None) -> str:
    """Change one section the way a person would; returns the file text after the edit."""
    text = path.read_text(encoding="utf-8")
    raw = Draft.parse(text).section(section).raw
    edited = (raw.rstrip("\n") + "\n" + HAND_EDIT + "\n\n" if new_body is None
              else raw.replace(Draft.parse(text).section(section).body, new_body))
    text = text.replace(raw, edited)
    path.write_bytes(text.encode("utf-8"))
    return text


def assert_only_section_changed(before: str, after: str, section: str) -> None:
    old, new = Draft.parse(before), Draft.parse(after)
    old_raw, new_raw = old.section(section).raw, new.section(section).raw
    assert before.count(old_raw) == 1
    assert after == before.replace(old_raw, new_raw)  # every other byte as it was
    assert [s.id for s in old.sections] == [s.id for s in new.sections]


def test_offline_regen_replaces_one_section_and_says_feedback_is_ignored(tmp_path: Path) -> None:
    path = offline_draft(tmp_path)
    original_kpi = Draft.load(path).section("kpi").body
    edit_by_hand(path, "plan")
    before = edit_by_hand(path, "kpi", "这一节被我删成了一句话。")
    proc = recap("regen", str(path), "--section", "kpi", "--backend", "offline",
                 "--feedback", "更突出私域的增长")
    assert proc.returncode == 0, proc.stderr
    assert "离线起草不会参考修改意见" in proc.stderr
    after = path.read_text(encoding="utf-8")
    assert_only_section_changed(before, after, "kpi")
    assert Draft.parse(after).section("kpi").body == original_kpi
    assert HAND_EDIT in Draft.parse(after).section("plan").raw


def test_llm_regen_uses_feedback_and_leaves_the_rest_alone(llm_env: FakeOpenAI,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    proc = recap("draft", str(SAMPLES[0]), "--backend", "llm", "-o", str(path))
    assert proc.returncode == 0, proc.stderr
    before = edit_by_hand(path, "plan")
    old_kpi = Draft.parse(before).section("kpi").body
    llm_env.script("kpi", long("### 私域增长\n企微社群与公众号沉淀用户{{channel4.users}},"
                               "全年GMV同比{{gmv.yoy}}。"))
    calls = len(llm_env.calls())
    proc = recap("regen", str(path), "--section", "kpi", "--backend", "llm",
                 "--feedback", "更突出私域的增长")
    assert proc.returncode == 0, proc.stderr
    assert "已重新生成章节 kpi" in proc.stderr
    after = path.read_text(encoding="utf-8")
    assert_only_section_changed(before, after, "kpi")
    assert Draft.parse(after).section("kpi").body == fullwidth(long(
        "### 私域增长\n企微社群与公众号沉淀用户12.4万人,全年GMV同比增长24.2%。"))
    [request] = llm_env.calls()[calls:]  # one fresh call, not the cached first draft
    assert "更突出私域的增长" in request.last_user
    assert old_kpi in request.last_user  # rewritten from the current text


def test_llm_regen_that_fails_leaves_the_file_untouched(llm_env: FakeOpenAI,
                                                        tmp_path: Path) -> None:
    path = offline_draft(tmp_path)
    before = path.read_bytes()
    llm_env.script("summary", Step(status=500), Step(status=502))
    proc = recap("regen", str(path), "--section", "summary", "--backend", "llm")
    assert proc.returncode == 1
    assert "重新生成失败" in proc.stderr and "HTTP 502" in proc.stderr
    assert path.read_bytes() == before


def test_unknown_section_is_a_clear_error(tmp_path: Path) -> None:
    path = offline_draft(tmp_path)
    proc = recap("regen", str(path), "--section", "nope", "--backend", "offline")
    assert proc.returncode == 2
    assert "没有 id 为 “nope” 的章节" in proc.stderr and "kpi" in proc.stderr


def test_offline_regen_that_changes_nothing_does_not_claim_it_did(tmp_path: Path) -> None:
    path = offline_draft(tmp_path)
    before = path.read_bytes()
    proc = recap("regen", str(path), "--section", "kpi", "--backend", "offline",
                 "--feedback", "更简洁")
    assert proc.returncode == 0, proc.stderr
    assert path.read_bytes() == before
    assert "离线起草不会参考修改意见" in proc.stderr and "llm" in proc.stderr
    assert "没有变化" in proc.stderr and "✓" not in proc.stderr
