"""No user edit is lost and nothing untrue is said: draft overwrite, failed runs, regen races.

Model paths run against a local server on 127.0.0.1 (``fakeserver.FakeOpenAI``) or a
port on 127.0.0.1 where nothing listens (connection refused).
"""

from __future__ import annotations

import ast
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeserver import FakeOpenAI, Step, long
from paths import REPO, SAMPLES

from assistant.draftfile import TODO_OPEN, Draft, DraftEditedError, draft_state
from assistant.drafting import DraftContext, SectionRequest, SectionResult, draft_report
from assistant.llm.config import user_config_path
from assistant.offline import OfflineDrafter
from assistant.typography import ascii_marks_touching_chinese

HAND_EDIT = "(我手工补充的一段:双十一复盘会议纪要见附件。)"


def recap(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd)


def start_recap(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "assistant", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=REPO)


def model_env(monkeypatch: pytest.MonkeyPatch, base_url: str, *, retries: int = 0) -> None:
    monkeypatch.setenv("RECAP_MODEL", "fake-model")
    monkeypatch.setenv("RECAP_BASE_URL", base_url)
    monkeypatch.setenv("RECAP_API_KEY", "sk-test-safety-0123456789")
    path = user_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[llm]\ntimeout = 5\nmax_retries = {retries}\nretry_backoff = 0\n",
                    encoding="utf-8")


@pytest.fixture
def llm(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        model_env(monkeypatch, server.base_url)
        yield server


@pytest.fixture
def refused(monkeypatch: pytest.MonkeyPatch) -> str:
    """A base URL on 127.0.0.1 where nothing listens: every connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    model_env(monkeypatch, url)
    return url


def notes_copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "shop-2025.toml"
    shutil.copy(SAMPLES[0], path)
    return path


def offline_draft(folder: Path) -> Path:
    notes = notes_copy(folder)
    out = folder / "总结.md"
    proc = recap("draft", str(notes), "--backend", "offline", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def edit_section(path: Path, section: str, addition: str = HAND_EDIT) -> str:
    """Add a paragraph to one section, as a person would in an editor; returns the new text."""
    text = path.read_text(encoding="utf-8")
    raw = Draft.parse(text).section(section).raw
    text = text.replace(raw, raw.rstrip("\n") + "\n\n" + addition + "\n\n")
    path.write_bytes(text.encode("utf-8"))
    return text


# -- 1. recap draft never overwrites hand edits ---------------------------------------------


def test_draft_refuses_to_overwrite_a_hand_edited_draft(tmp_path: Path) -> None:
    out = offline_draft(tmp_path)
    edited = edit_section(out, "plan")
    proc = recap("draft", str(tmp_path / "shop-2025.toml"), "--backend", "offline", "-o", str(out))
    assert proc.returncode == 2
    assert "修改" in proc.stderr and "--force" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_text(encoding="utf-8") == edited
    assert list(tmp_path.glob("*.bak-*")) == []


def test_draft_force_keeps_the_edited_draft_as_a_backup(tmp_path: Path) -> None:
    out = offline_draft(tmp_path)
    edited = edit_section(out, "plan")
    proc = recap("draft", str(tmp_path / "shop-2025.toml"), "--backend", "offline", "-o", str(out),
                  "--force")
    assert proc.returncode == 0, proc.stderr
    [backup] = tmp_path.glob("总结.bak-*.md")
    assert backup.read_text(encoding="utf-8") == edited
    assert str(backup.name) in proc.stderr
    assert HAND_EDIT not in out.read_text(encoding="utf-8")
    assert draft_state(out) == "untouched"


def test_an_untouched_draft_is_redrafted_without_fuss(tmp_path: Path) -> None:
    out = offline_draft(tmp_path)
    proc = recap("draft", str(tmp_path / "shop-2025.toml"), "--backend", "offline", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert list(tmp_path.glob("*.bak-*")) == []


def test_a_file_recap_did_not_write_is_not_overwritten(tmp_path: Path) -> None:
    notes = notes_copy(tmp_path)
    mine = tmp_path / "我的总结.md"
    mine.write_text("# 我自己写的总结\n\n很重要的内容。\n", encoding="utf-8")
    proc = recap("draft", str(notes), "--backend", "offline", "-o", str(mine))
    assert proc.returncode == 2
    assert mine.read_text(encoding="utf-8") == "# 我自己写的总结\n\n很重要的内容。\n"


def test_a_crlf_copy_of_an_untouched_draft_still_counts_as_untouched(tmp_path: Path) -> None:
    out = offline_draft(tmp_path)
    out.write_bytes(b"\xef\xbb\xbf" + out.read_bytes().replace(b"\n", b"\r\n"))
    assert draft_state(out) == "untouched"


# -- 2. a run in which sections fail -------------------------------------------------------


def test_every_section_failing_writes_nothing_and_says_so(refused: str, tmp_path: Path) -> None:
    notes = notes_copy(tmp_path)
    out = tmp_path / "新草稿.md"
    proc = recap("draft", str(notes), "--backend", "llm", "-o", str(out))
    assert proc.returncode == 1
    assert not out.exists()
    assert "所有" in proc.stderr and "没有写入" in proc.stderr
    for untrue in ("草稿已写入", "其余章节已写入", "下一步", "✓"):
        assert untrue not in proc.stderr
    assert "Traceback" not in proc.stderr
    assert ascii_marks_touching_chinese(proc.stderr) == []


def test_every_section_failing_leaves_a_good_draft_alone(refused: str, tmp_path: Path) -> None:
    out = offline_draft(tmp_path)
    before = out.read_bytes()
    proc = recap("draft", str(tmp_path / "shop-2025.toml"), "--backend", "llm", "-o", str(out))
    assert proc.returncode == 1
    assert out.read_bytes() == before
    assert "保持不变" in proc.stderr


def test_a_failed_section_keeps_its_previous_text_on_a_redraft(llm: FakeOpenAI,
                                                                tmp_path: Path) -> None:
    out = offline_draft(tmp_path)
    old_kpi = Draft.load(out).section("kpi").raw
    llm.script("kpi", Step(status=500), Step(status=500))
    proc = recap("draft", str(tmp_path / "shop-2025.toml"), "--backend", "llm", "-o", str(out))
    assert proc.returncode == 1  # one section failed
    draft = Draft.load(out)
    assert draft.section("kpi").raw.rstrip("\n") == old_kpi.rstrip("\n")  # not a failure marker
    assert draft.meta["backend"] == "llm"
    assert "保留了草稿里原来的内容" in proc.stderr


def test_a_failed_section_of_a_first_draft_gets_a_marker(llm: FakeOpenAI, tmp_path: Path) -> None:
    notes = notes_copy(tmp_path)
    out = tmp_path / "d.md"
    llm.script("kpi", Step(status=500), Step(status=500))
    proc = recap("draft", str(notes), "--backend", "llm", "-o", str(out))
    assert proc.returncode == 1
    body = Draft.load(out).section("kpi").body
    assert body.startswith(TODO_OPEN) and "本节起草失败" in body
    assert "1 个章节起草失败" in proc.stderr


# -- 3. regen merges hand edits saved during the model call -----------------------------------


def wait_for_call(server: FakeOpenAI, section: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not server.calls(section):
        if time.monotonic() > deadline:
            raise AssertionError("the model was never called")
        time.sleep(0.05)


def test_regen_keeps_an_edit_saved_during_the_model_call(llm: FakeOpenAI, tmp_path: Path) -> None:
    out = offline_draft(tmp_path)
    llm.script("kpi", Step(long("### 私域增长\n全年GMV{{gmv}}。"), delay=1.5))
    child = start_recap("regen", str(out), "--section", "kpi", "--backend", "llm")
    wait_for_call(llm, "kpi")
    edit_section(out, "plan")  # saved in the editor while the model is writing
    _, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    draft = Draft.load(out)
    assert HAND_EDIT in draft.section("plan").raw
    assert draft.section("kpi").body.startswith("### 私域增长")


def test_regen_refuses_when_that_section_was_edited_meanwhile(llm: FakeOpenAI,
                                                              tmp_path: Path) -> None:
    out = offline_draft(tmp_path)
    llm.script("kpi", Step(long("### 私域增长\n全年GMV{{gmv}}。"), delay=1.5))
    child = start_recap("regen", str(out), "--section", "kpi", "--backend", "llm")
    wait_for_call(llm, "kpi")
    edited = edit_section(out, "kpi")
    _, err = child.communicate(timeout=120)
    assert child.returncode == 2
    assert "修改" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == edited
    [aside] = tmp_path.glob("总结.kpi.regen.md")
    assert "私域增长" in aside.read_text(encoding="utf-8")


# -- 5. one module owns the draft format -------------------------------------------------------


def test_a_draft_saved_with_a_bom_and_crlf_works_everywhere(tmp_path: Path) -> None:
    out = offline_draft(tmp_path)
    out.write_bytes(b"\xef\xbb\xbf" + out.read_bytes().replace(b"\n", b"\r\n"))
    check = recap("check", str(out))
    assert "没有记录素材文件的位置" not in check.stderr
    assert check.returncode in (0, 1), check.stderr
    regen = recap("regen", str(out), "--section", "plan", "--backend", "offline")
    assert regen.returncode == 0, regen.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf---\r\n")  # the rest kept as it was
    sections = recap("sections", str(out), "--format", "json")
    assert '"kpi"' in sections.stdout


def test_a_draft_of_a_newer_format_is_refused_with_a_reason(tmp_path: Path) -> None:
    out = offline_draft(tmp_path)
    out.write_text(out.read_text(encoding="utf-8").replace('recap_draft: "1"', 'recap_draft: "2"'),
                   encoding="utf-8")
    proc = recap("check", str(out))
    assert proc.returncode == 2
    assert "第 2 版" in proc.stderr and "升级" in proc.stderr


def test_the_todo_marker_is_written_in_one_module_only() -> None:
    offenders = []
    for path in (REPO / "assistant").rglob("*.py"):
        if path.name == "draftfile.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef,
                                           ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and TODO_OPEN in node.value and id(node) not in docstrings):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


# -- 7. plausibility warnings in recap draft ----------------------------------------------------


def test_draft_warns_about_implausible_numbers(tmp_path: Path) -> None:
    notes = tmp_path / "n.toml"
    notes.write_text(
        '[report]\ntitle = "总结"\nyear = 2025\nstyle = "data"\n\n'
        "[metrics.gmv]\nvalue = 58600000\ntarget = 6000\nlast_year = 4720\n\n"
        "[metrics.gross_profit]\nvalue = 2340\n\n[metrics.gross_margin]\nvalue = 42\n\n"
        "[metrics.new_products]\nvalue = 4.8\n",
        encoding="utf-8")
    proc = recap("draft", str(notes), "--backend", "offline", "-o", str(tmp_path / "d.md"))
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr
    assert "metrics.gmv.value" in err and "单位是否填错" in err
    assert "metrics.new_products.value" in err and "整数" in err
    assert "metrics.gross_margin.value" in err and "不一致" in err


# -- typography at the output boundary -----------------------------------------------------------


def test_draft_messages_and_file_use_full_width_marks(tmp_path: Path) -> None:
    notes = notes_copy(tmp_path)
    out = tmp_path / "d.md"
    proc = recap("draft", str(notes), "--backend", "offline", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert ascii_marks_touching_chinese(proc.stderr) == []
    text = out.read_text(encoding="utf-8")
    body = text[text.index("\n---\n") + 5:]
    assert ascii_marks_touching_chinese(body) == []


class EditingDrafter:
    """Drafts offline, but the person saves an edit to the draft while it works."""

    name = "offline"

    def __init__(self, path: Path) -> None:
        self.path = path

    def draft(self, ctx: DraftContext, requests: list[SectionRequest]) -> list[SectionResult]:
        edit_section(self.path, "plan")
        return OfflineDrafter().draft(ctx, requests)


def test_an_edit_saved_while_drafting_is_not_overwritten(tmp_path: Path) -> None:
    out = offline_draft(tmp_path)
    ctx = DraftContext.from_notes_file(tmp_path / "shop-2025.toml")
    with pytest.raises(DraftEditedError):
        draft_report(ctx, EditingDrafter(out), out)
    assert HAND_EDIT in out.read_text(encoding="utf-8")
    written, _ = draft_report(ctx, EditingDrafter(out), out, force=True)
    assert written.backup is not None and HAND_EDIT in written.backup.read_text(encoding="utf-8")
    assert HAND_EDIT not in out.read_text(encoding="utf-8")
