"""Everything the command line itself says is Chinese: help pages, usage errors, --version."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from paths import REPO

from assistant import __version__
from assistant.typography import ascii_marks_touching_chinese

ENGLISH = ("Usage:", "Options", "Arguments", "Commands", "[default", "[required]",
           "Show this message", "Missing argument", "Missing option", "No such command",
           "No such option", "Did you mean", "Got unexpected", "Try ", "Error")


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "100", "HOME": str(cwd), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd, env=env)


def no_english(text: str) -> None:
    for word in ENGLISH:
        assert word not in text, (word, text)


@pytest.mark.parametrize("args", [("--help",), ("draft", "--help"), ("regen", "-h"),
                                  ("check", "--help"), ("export", "--help")])
def test_help_pages_are_chinese(args: tuple[str, ...]) -> None:
    proc = run(*args)
    assert proc.returncode == 0, proc.stderr
    assert "用法" in proc.stdout
    no_english(proc.stdout)


@pytest.mark.parametrize("command", ["", "draft", "regen", "check", "sections", "session"])
def test_help_pages_use_full_width_marks(command: str) -> None:
    proc = run(*([command] if command else []), "--help")
    assert ascii_marks_touching_chinese(proc.stdout) == []


def test_defaults_are_shown_in_chinese() -> None:
    assert "[默认\uff1atable]" in run("check", "--help").stdout


def test_a_missing_argument_is_reported_in_chinese() -> None:
    proc = run("check")
    assert proc.returncode == 2
    assert "缺少参数" in proc.stderr and "draft" in proc.stderr
    no_english(proc.stderr)


def test_a_missing_option_is_reported_in_chinese(tmp_path: Path) -> None:
    proc = run("regen", str(tmp_path / "d.md"))
    assert proc.returncode == 2
    assert "缺少选项" in proc.stderr and "--section" in proc.stderr
    no_english(proc.stderr)


def test_a_mistyped_command_suggests_the_right_one() -> None:
    proc = run("drat")
    assert proc.returncode == 2
    assert "没有命令" in proc.stderr and "drat" in proc.stderr and "draft" in proc.stderr
    no_english(proc.stderr)


def test_unknown_option_and_extra_arguments() -> None:
    proc = run("check", "a.md", "--bogus")
    assert proc.returncode == 2 and "没有选项 --bogus" in proc.stderr
    no_english(proc.stderr)
    proc = run("check", "a.md", "b.md")
    assert proc.returncode == 2 and "多余的参数" in proc.stderr
    no_english(proc.stderr)


def test_version() -> None:
    for flag in ("--version", "-V"):
        proc = run(flag)
        assert proc.returncode == 0
        assert proc.stdout.strip() == f"recap {__version__}"


def test_a_toml_syntax_error_is_chinese_with_line_and_column(tmp_path: Path) -> None:
    notes = tmp_path / "n.toml"
    notes.write_text('[report]\ntitle = "总结\nyear = 2025\n', encoding="utf-8")
    proc = run("draft", str(notes), "--backend", "offline", "-o", str(tmp_path / "d.md"))
    assert proc.returncode == 2
    assert "第 2 行" in proc.stderr and "第 12 列" in proc.stderr  # where the line ends unclosed
    assert "引号" in proc.stderr
    assert "Illegal character" not in proc.stderr and "at line" not in proc.stderr
