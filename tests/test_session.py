"""The interactive session driven through prompt_toolkit pipe input (no terminal)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from assistant.console import UI
from assistant.draftfile import Draft
from assistant.interview.prompter import PromptToolkitPrompter
from assistant.notes import load_notes
from assistant.session import Session
from assistant.typography import to_ascii_punctuation

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ENTER = "\r"
CTRL_C = "\x03"
CTRL_U = "\x15"


def session(*lines: str, notes: Path | None = None) -> tuple[int, str]:
    ui = UI.recording()
    keys = "".join(line if line == CTRL_C else line + ENTER for line in lines)
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        prompter = PromptToolkitPrompter(inp, DummyOutput())
        status = Session(ui, prompter, notes_path=notes, backend="offline").run()
    out = ui.out.file.getvalue() + ui.err.file.getvalue()  # type: ignore[attr-defined]
    # Messages are full-width beside Chinese; assertions below are written in ASCII marks.
    return status, to_ascii_punctuation(out)


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "shop.toml"
    shutil.copy(EXAMPLES / "shop-2025.toml", path)
    return path


def test_new_notes_interview_draft_and_quit(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, out = session(
        "",  # default notes file name
        "", CTRL_U + "2025", "山野茶事", "1", ">>", "5860", "6000", "结束",
        "list", "show 1", "quit",
    )
    assert status == 0
    notes = load_notes(tmp_path / "recap-notes.toml")
    assert notes.metrics["gmv"].value == 5860
    draft_path = tmp_path / "recap-notes-data.md"
    assert draft_path.exists()
    assert "[1/5]" in out and "[5/5]" in out  # per-section progress
    assert "kpi" in out
    assert "5860万元" in out  # show rendered the first section
    assert "再见" in out


def test_existing_notes_review_loop_commands(shop: Path) -> None:
    status, out = session(
        "4",  # existing file: do not add anything, go on
        "help", "帮助 regen", "ls", "show plan", "show 99", "frobnicate",
        "regen kpi 写得更简洁", "check", "open", "quit",
        notes=shop,
    )
    assert status == 0
    for name in ("list", "show", "regen", "check", "export", "open", "notes", "draft", "quit"):
        assert name in out  # every command is listed by help
    assert "按意见重新生成一节" in out
    assert "export [docx|html]" in out  # help text is shown literally
    assert "没有章节 “99”" in out
    assert "没有命令 “frobnicate”" in out
    # Offline: the feedback cannot be used, and the unchanged section is not called new.
    assert "离线起草不会参考修改意见" in out and "内容没有变化" in out
    assert "已重新生成 kpi" not in out
    Draft.load(shop.with_name("shop-data.md"))
    assert str(shop.with_name("shop-data.md").resolve()) in out


def test_regenerate_keeps_other_sections_byte_for_byte(shop: Path) -> None:
    session("4", "quit", notes=shop)
    draft_path = shop.with_name("shop-data.md")
    before = Draft.load(draft_path)
    session("4", "", "regen 2 多写渠道", "quit", notes=shop)  # "" = do not redraft
    after = Draft.load(draft_path)
    assert [s.raw for s in before.sections if s.id != "operations"] == [
        s.raw for s in after.sections if s.id != "operations"]


def test_errors_and_ctrl_c_in_the_loop_keep_the_draft(shop: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    session("4", "quit", notes=shop)
    draft_path = shop.with_name("shop-data.md")
    text = draft_path.read_text(encoding="utf-8")

    def boom(self: Session, arg: str) -> None:
        raise RuntimeError("模拟故障")

    monkeypatch.setattr(Session, "cmd_check", boom)
    status, out = session("4", "", "check", CTRL_C, "list", "quit", notes=shop)
    assert status == 0
    assert "模拟故障" in out
    assert "输入 quit 或按 Ctrl-D 退出" in out
    assert draft_path.read_text(encoding="utf-8") == text
    assert out.count("的章节") == 2  # listed after drafting and again after both


def test_ctrl_c_during_the_interview_stops_the_session(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, out = session("", CTRL_U + "总结", CTRL_U + "2025", "某店", CTRL_C)
    assert status == 130
    assert "recap session recap-notes.toml" in out
    notes = load_notes(tmp_path / "recap-notes.toml")
    assert (notes.report.title, notes.report.year, notes.report.organization) == (
        "总结", 2025, "某店")
    assert not (tmp_path / "recap-notes-data.md").exists()


def test_end_of_input_in_the_loop_quits(shop: Path) -> None:
    status, out = session("4", notes=shop)
    assert status == 0
    assert "再见" in out


def test_picks_the_only_notes_file_in_the_folder(shop: Path) -> None:
    status, _out = session("", "4", "quit")  # Enter accepts the one notes file found
    assert status == 0
    assert shop.with_name("shop-data.md").exists()


def test_session_with_a_model_drafts_and_regenerates(shop: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from fakeserver import FakeOpenAI, Step, long

    with FakeOpenAI() as server:
        monkeypatch.setenv("RECAP_MODEL", "fake-model")
        monkeypatch.setenv("RECAP_BASE_URL", server.base_url)
        monkeypatch.setenv("RECAP_API_KEY", "sk-session-test-000")
        server.script("kpi", Step(), long("### 更简洁\n全年GMV{{gmv}}。"))  # first draft, then regen
        ui = UI.recording()
        keys = "".join(line + ENTER for line in ("4", "regen kpi 更简洁", "quit"))
        with create_pipe_input() as inp:
            inp.send_text(keys)
            inp.close()
            status = Session(ui, PromptToolkitPrompter(inp, DummyOutput()), notes_path=shop).run()
        assert status == 0
        sections = {c.section for c in server.calls()}
        assert {"kpi", "operations", "plan"} <= sections
        assert len(server.calls("kpi")) >= 2  # drafted, then regenerated
    draft = Draft.load(shop.with_name("shop-data.md"))
    assert draft.meta["backend"] == "llm"
    out = ui.out.file.getvalue() + ui.err.file.getvalue()  # type: ignore[attr-defined]
    assert "已重新生成 kpi" in out
    assert "sk-session-test-000" not in out


def test_export_from_the_session(shop: Path) -> None:
    status, out = session("4", "export html", "导出 pdf", "quit", notes=shop)
    assert status == 0
    assert shop.with_name("shop-data.html").exists()
    assert "已导出" in out
    assert "pdf" in out  # the unknown format is refused with the exporter's message


def test_notes_then_redraft_in_a_new_style(shop: Path) -> None:
    status, out = session("4", "notes", "1", "结束", "draft", "否", "quit", notes=shop)
    assert status == 0
    assert "还有" in out  # the notes command reopened the interview on the file
    assert "重新起草会替换 shop-data.md(生成后没有手工修改),确定吗" in out
    data_draft = shop.with_name("shop-data.md").read_text(encoding="utf-8")

    text = shop.read_text(encoding="utf-8").replace('style = "data"', 'style = "narrative"')
    shop.write_text(text, encoding="utf-8")
    status, out = session("4", "draft", "是", "quit", notes=shop)
    assert status == 0
    assert out.count("开始起草:叙事型") == 2  # drafted on start, then again on request
    assert shop.with_name("shop-narrative.md").exists()
    assert shop.with_name("shop-data.md").read_text(encoding="utf-8") == data_draft


def test_a_redraft_where_every_section_fails_keeps_the_draft(shop: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A refused connection on 127.0.0.1: nothing is written and nothing claims success."""
    import socket

    from assistant.llm.config import user_config_path

    session("4", "quit", notes=shop)  # an offline first draft
    draft_path = shop.with_name("shop-data.md")
    before = draft_path.read_bytes()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("RECAP_MODEL", "fake-model")
    monkeypatch.setenv("RECAP_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("RECAP_API_KEY", "sk-session-refused-000")
    config = user_config_path()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[llm]\ntimeout = 5\nmax_retries = 0\nretry_backoff = 0\n", encoding="utf-8")
    ui = UI.recording()
    keys = "".join(line + ENTER for line in ("4", "draft", "是", "quit"))
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        status = Session(ui, PromptToolkitPrompter(inp, DummyOutput()), notes_path=shop,
                         backend="llm").run()
    out = to_ascii_punctuation(ui.out.file.getvalue() + ui.err.file.getvalue())  # type: ignore[attr-defined]
    assert status == 0
    assert "都起草失败" in out and "保持不变" in out
    assert "草稿已保存到" not in out
    assert draft_path.read_bytes() == before


def test_a_hand_edited_draft_is_backed_up_before_a_redraft(shop: Path) -> None:
    session("4", "quit", notes=shop)
    draft_path = shop.with_name("shop-data.md")
    edited = draft_path.read_text(encoding="utf-8") + "\n我的手工补充。\n"
    draft_path.write_text(edited, encoding="utf-8")
    status, out = session("4", "否", "draft", "是", "quit", notes=shop)
    assert status == 0
    assert out.count("手工修改") >= 2  # asked on start and again on draft
    [backup] = shop.parent.glob("shop-data.bak-*.md")
    assert backup.read_text(encoding="utf-8") == edited
    assert "我的手工补充" not in draft_path.read_text(encoding="utf-8")
    assert "已备份为" in out


def test_draft_takes_a_length_and_a_tone_for_the_offline_drafter(shop: Path) -> None:
    from assistant.drafting import DraftContext, draft_report
    from assistant.offline import OfflineDrafter

    status, out = session("4", "draft 很长", "draft short 平实", "是", "quit", notes=shop)
    assert status == 0
    assert "看不懂 “很长”" in out and "篇幅:short,语气:平实" in out
    drafted = Draft.parse(shop.with_name("shop-data.md").read_text(encoding="utf-8"))
    ctx = DraftContext.from_notes_file(shop)
    expected, _ = draft_report(ctx, OfflineDrafter(length="short", tone="平实"),
                               shop.with_name("expected.md"))
    standard, _ = draft_report(ctx, OfflineDrafter(), shop.with_name("standard.md"))
    bodies = [s.body for s in drafted.sections]
    assert bodies == [s.body for s in expected.sections]
    assert bodies != [s.body for s in standard.sections]


def test_the_session_shows_what_to_confirm_before_drafting(shop: Path) -> None:
    # The shop sample's CAC x new users is ten times its paid spend: a definition to confirm,
    # said when the session drafts, as `recap draft` says it.
    status, out = session("4", "quit", notes=shop)
    assert status == 0
    assert "获客成本108元×新增用户86.5万人约为9342万元" in out
