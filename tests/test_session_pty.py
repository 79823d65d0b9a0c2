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


def spawn(cwd: Path, columns: int = 100) -> pexpect.spawn:
    env = dict(os.environ)
    env.update({
        "NO_COLOR": "1",
        "TERM": "dumb",
        "COLUMNS": str(columns),
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
                         encoding="utf-8", timeout=TIMEOUT, dimensions=(40, columns))


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
        # Offline: the feedback cannot be used, and an unchanged section is not called new.
        child.expect("离线起草不会参考修改意见")
        child.expect("内容没有变化")
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


def test_a_new_user_in_an_80_column_terminal(tmp_path: Path) -> None:
    """Issue 12 in a real terminal: odd numbers questioned, skips explained, ；-lists, help with
    an example, and ``show`` wrapping long lines instead of cropping them."""
    child = spawn(tmp_path, columns=80)
    try:
        answer(child, "素材文件", "")
        answer(child, "报告标题", "")
        answer(child, "哪一年", CTRL_U + "2025")
        answer(child, "店铺或单位名称", "山野茶事天猫旗舰店")
        answer(child, "选择报告风格", "1")
        answer(child, "你的名字", ">>")
        answer(child, "GMV全年是多少", "-5860万")
        child.expect("负数")
        answer(child, "这个数字对吗", "否")
        child.expect("没有记录这个答案")
        answer(child, "›", "")  # skip GMV altogether
        child.expect("一并跳过")
        for first_question in ("毛利润全年是多少", "新增用户数全年是多少", "要添加流量渠道吗",
                               "转化率全年是多少", "全年上新款数是多少", "要添加大促活动或战役吗"):
            answer(child, first_question, ">>")  # skip the group
        answer(child, "全年有哪些亮点", "?")
        child.expect("好的回答")
        answer(child, "›", "双十一大促期间会员复购率明显提升并带动老客贡献过半销售额"
                           "\uff1b私域社群全年稳定运营\uff1b新品动销快")
        answer(child, "存在哪些主要问题", "结束")
        child.expect("草稿已保存到")
        draft = Draft.load(tmp_path / "recap-notes-data.md")
        # The section holding the draft's longest line (well over 80 columns).
        index = max(range(1, len(draft.sections) + 1), key=lambda i: max(
            len(line) for line in draft.sections[i - 1].body.splitlines()))
        answer(child, "recap ›", f"show {index}")
        child.expect("recap ›")
        screen = child.before
        child.send("quit\r")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    notes = load_notes(tmp_path / "recap-notes.toml")
    assert "gmv" not in notes.metrics
    assert len(notes.review.highlights) == 3
    # Long lines are shown whole: their last words reach the screen, wrapped, not cropped.
    longest = max(draft.sections[index - 1].body.splitlines(), key=len)
    assert len(longest) > 40  # wider than 80 columns
    flat = "".join(screen.split())
    assert "".join(longest.split())[-8:] in flat


def test_resume_shows_a_chinese_summary_and_protects_hand_edits(tmp_path: Path) -> None:
    """Second visit: 「先查看已有内容」 is Chinese; an edited draft is not redrafted silently;
    offline regen with feedback says the feedback is unused instead of claiming success."""
    notes = tmp_path / "recap-notes.toml"
    notes.write_text((ROOT / "examples" / "shop-2025.toml").read_text(encoding="utf-8"),
                     encoding="utf-8")
    from assistant.drafting import DraftContext, draft_report
    from assistant.offline import OfflineDrafter

    draft_path = tmp_path / "recap-notes-data.md"
    draft_report(DraftContext.from_notes_file(notes), OfflineDrafter(), draft_path)
    edited = draft_path.read_text(encoding="utf-8").replace("<!-- section: plan -->",
                                                             "我的批注。\n\n<!-- section: plan -->")
    draft_path.write_text(edited, encoding="utf-8")
    child = spawn(tmp_path)
    try:
        answer(child, "素材文件", "")
        answer(child, "选择 ›", "2")
        child.expect("已有内容")
        child.expect("选择 ›")
        summary = child.before
        child.send("4\r")
        child.expect("手工修改")
        answer(child, "›", "")  # the default keeps the edited draft
        answer(child, "recap ›", "regen 1 更简洁一些")
        child.expect("离线起草不会参考修改意见")
        child.expect("内容没有变化")
        answer(child, "recap ›", "quit")
        child.expect(pexpect.EOF)
        rest = child.before
    finally:
        child.close(force=True)
    assert "山野茶事天猫旗舰店" in summary and "GMV" in summary
    assert "title =" not in summary and "[metrics" not in summary
    assert "已重新生成" not in rest
    assert draft_path.read_text(encoding="utf-8") == edited
