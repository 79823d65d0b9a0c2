"""``recap export`` on the command line: messages, exit codes, files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from paths import REPO
from test_export import hand_written_draft


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_export_html_and_docx(tmp_path: Path) -> None:
    draft = hand_written_draft(tmp_path)
    proc = run("export", str(draft), "--to", "html")
    assert proc.returncode == 0, proc.stderr
    assert "已导出 HTML 网页" in proc.stderr and "1 张指标表" in proc.stderr
    assert draft.with_suffix(".html").is_file()
    out = tmp_path / "report.docx"
    proc = run("export", str(draft), "-o", str(out))  # format from the suffix
    assert proc.returncode == 0, proc.stderr
    assert out.is_file() and out.read_bytes()[:2] == b"PK"


def test_moved_notes_exit_2_with_hint(tmp_path: Path) -> None:
    draft = hand_written_draft(tmp_path)
    notes = tmp_path / "shop-2025.toml"
    moved = tmp_path / "moved.toml"
    notes.rename(moved)
    proc = run("export", str(draft), "--to", "docx")
    assert proc.returncode == 2
    assert "素材文件" in proc.stderr and "--notes" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = run("export", str(draft), "--to", "docx", "--notes", str(moved))
    assert proc.returncode == 0, proc.stderr


def test_changed_notes_warns_but_exports(tmp_path: Path) -> None:
    draft = hand_written_draft(tmp_path)
    notes = tmp_path / "shop-2025.toml"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n# 改过\n", encoding="utf-8")
    proc = run("export", str(draft), "--to", "html")
    assert proc.returncode == 0, proc.stderr
    assert "改动过" in proc.stderr and "recap regen" in proc.stderr


def test_unknown_format_exit_2(tmp_path: Path) -> None:
    draft = hand_written_draft(tmp_path)
    proc = run("export", str(draft), "--to", "pdf")
    assert proc.returncode == 2
    assert "docx 或 html" in proc.stderr and "Traceback" not in proc.stderr
