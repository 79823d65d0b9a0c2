"""End to end: ``recap`` with no arguments under a real pseudo-terminal (pexpect)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from assistant.draftfile import Draft
from assistant.notes import load_notes

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60  # generous: a loaded CI machine is slow to start Python
CTRL_U = "\x15"


def spawn(cwd: Path) -> pexpect.spawn:
    env = dict(os.environ)
    env.update({
        "NO_COLOR": "1",
        "TERM": "dumb",
        "COLUMNS": "100",
        "LINES": "40",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "PYTHONPATH": str(ROOT),
        "RECAP_NO_LAUNCH": "1",
    })
    for key in ("RECAP_LLM_API_KEY", "OPENAI_API_KEY", "RECAP_LLM_BASE_URL", "RECAP_LLM_MODEL"):
        env.pop(key, None)
    env["XDG_CONFIG_HOME"] = str(cwd / ".config")  # no user config: offline drafting
    env["HOME"] = str(cwd)
    return pexpect.spawn(sys.executable, ["-m", "assistant"], cwd=str(cwd), env=env,
                         encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 100))


def answer(child: pexpect.spawn, question: str, text: str) -> None:
    child.expect(question)
    if "›" not in question:
        child.expect("›")
    child.send(text + "\r")


def test_interview_draft_regenerate_check_and_quit(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    try:
        answer(child, "素材文件", "")
        answer(child, "报告标题", "")
        answer(child, "哪一年", CTRL_U + "2025")
        answer(child, "店铺或单位名称", "山野茶事天猫旗舰店")
        answer(child, "选择报告风格", "1")
        answer(child, "你的名字", ">>")
        answer(child, "GMV全年是多少", "5,860万")
        answer(child, "GMV的年度目标", "6000")
        answer(child, "去年的GMV", "4720")
        answer(child, "分季度", "1020 1380 1450 2010")
        answer(child, "关于GMV", "结束")
        child.expect(r"\[5/5\]")
        child.expect("草稿已保存到")
        answer(child, "recap ›", "regen 1 更简洁一些")
        child.expect("已重新生成 kpi")
        answer(child, "recap ›", "check")
        child.expect("素材中找到依据|处数字需要核对")
        answer(child, "recap ›", "quit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    notes = load_notes(tmp_path / "recap-notes.toml")
    assert notes.report.organization == "山野茶事天猫旗舰店"
    assert notes.metrics["gmv"].value == 5860
    assert notes.metrics["gmv"].quarterly == [1020, 1380, 1450, 2010]
    draft = Draft.load(tmp_path / "recap-notes-data.md")
    assert "5860万元" in draft.section("kpi").body


def test_ctrl_c_after_three_answers_leaves_them_saved(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    try:
        answer(child, "素材文件", "")
        answer(child, "报告标题", CTRL_U + "第二份总结")
        answer(child, "哪一年", CTRL_U + "2024")
        answer(child, "店铺或单位名称", "禾木家居")
        child.expect("选择报告风格")
        child.expect("›")
        # The prompt puts the terminal in raw mode (echo off) once it is ready; a Ctrl-C
        # sent before that is a SIGINT racing the prompt's start, not a key press.
        assert child.waitnoecho(timeout=10)
        child.sendcontrol("c")
        child.expect("继续填写")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 130
    notes = load_notes(tmp_path / "recap-notes.toml")
    assert (notes.report.title, notes.report.year, notes.report.organization) == (
        "第二份总结", 2024, "禾木家居")
    assert notes.report.style is None
