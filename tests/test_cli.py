"""The command line as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from paths import REPO, SAMPLES


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd or REPO)


def test_help_lists_commands_without_importing_model_libraries() -> None:
    code = ("import sys; from assistant.cli import app; "
            "heavy = [m for m in ('langchain_core', 'langchain_openai', 'openai', 'matplotlib', 'docx',"
            " 'prompt_toolkit', 'tiktoken') if m in sys.modules]; print(heavy)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr
    help_proc = run("--help")
    assert help_proc.returncode == 0
    for command in ("draft", "styles", "sections"):
        assert command in help_proc.stdout


def test_draft_defaults_to_the_notes_style_and_a_named_file(tmp_path: Path) -> None:
    proc = run("draft", str(SAMPLES[1]), "--backend", "offline", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "specialist-2025-project.md"
    assert out.exists()
    assert "草稿已写入" in proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "## 一、个人年度工作职责与目标完成情况概述" in text


def test_draft_without_a_model_says_it_is_offline(tmp_path: Path) -> None:
    env_free = subprocess.run(
        [sys.executable, "-m", "assistant", "draft", str(SAMPLES[0]), "-o", str(tmp_path / "x.md")],
        capture_output=True, text=True, timeout=120, cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)},
    )
    assert env_free.returncode == 0, env_free.stderr
    assert "离线" in env_free.stderr


def test_styles_lists_all_three() -> None:
    proc = run("styles")
    assert proc.returncode == 0
    for name in ("data", "narrative", "project", "篇一", "篇二", "篇三"):
        assert name in proc.stdout


def test_sections_as_json(tmp_path: Path) -> None:
    out = tmp_path / "d.md"
    assert run("draft", str(SAMPLES[0]), "--style", "data", "--backend", "offline", "-o", str(out)).returncode == 0
    proc = run("sections", str(out), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    items = json.loads(proc.stdout)
    assert [i["id"] for i in items] == ["kpi", "operations", "problems", "plan", "summary"]
    assert items[0]["title"] == "一、年度核心业绩指标回顾与分析"
    table = run("sections", str(out))
    assert "kpi" in table.stdout and "总结" in table.stdout


def test_bad_arguments_exit_2_without_traceback(tmp_path: Path) -> None:
    proc = run("draft", str(SAMPLES[0]), "--style", "poem", "-o", str(tmp_path / "x.md"))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "poem" in proc.stderr
    missing = run("sections", str(tmp_path / "none.md"))
    assert missing.returncode == 2 and "找不到" in missing.stderr


def test_draft_summary_points_at_sections_that_need_more_notes(tmp_path: Path) -> None:
    proc = run("draft", str(SAMPLES[0]), "--style", "narrative", "--backend", "offline",
               "-o", str(tmp_path / "n.md"))
    assert proc.returncode == 0, proc.stderr
    line = next(ln for ln in proc.stderr.splitlines() if "组织与人的成长" in ln)
    assert "待补充素材" in line
    assert "输入 tokens" not in proc.stderr  # no model, no token columns
    assert "recap check" in proc.stderr


def test_interactive_commands_refuse_a_non_terminal_clearly(tmp_path: Path) -> None:
    for args in ([], ["session"], ["interview", str(tmp_path / "n.toml")]):
        proc = subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True,
                              text=True, timeout=60, cwd=tmp_path, stdin=subprocess.DEVNULL)
        assert proc.returncode == 2, (args, proc.stderr)
        assert "终端" in proc.stderr and "recap draft" in proc.stderr
        assert "Traceback" not in proc.stderr
    assert not (tmp_path / "n.toml").exists()


def test_a_file_that_is_not_a_draft_is_named_as_such(tmp_path: Path) -> None:
    plain = tmp_path / "plain.md"
    plain.write_text("# 随便写的笔记\n\n没有章节标记。\n", encoding="utf-8")
    proc = run("export", str(plain), "--to", "html")
    assert proc.returncode == 2
    assert "不是 recap 草稿" in proc.stderr
    assert not (tmp_path / "plain.html").exists()
