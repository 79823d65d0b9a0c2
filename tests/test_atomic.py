"""Atomic writes leave the old file or the new one, never half of one."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from assistant import atomic
from assistant.errors import OutputError


def test_new_file_gets_normal_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic.write_text_atomic(tmp_path / "a.md", "内容")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o644


def test_existing_mode_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "b.md"
    target.write_text("旧", encoding="utf-8")
    target.chmod(0o600)
    atomic.write_text_atomic(target, "新")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == "新"


def test_failed_write_keeps_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "c.md"
    target.write_text("旧内容", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OutputError, match=r"c\.md"):
        atomic.write_text_atomic(target, "新内容")
    assert target.read_text(encoding="utf-8") == "旧内容"
    assert [p.name for p in tmp_path.iterdir()] == ["c.md"]


def test_a_missing_folder_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="不会自动创建目录"):
        atomic.write_text_atomic(tmp_path / "new" / "a.md", "内容")
    assert not (tmp_path / "new").exists()


def test_a_fifo_a_directory_and_a_read_only_file_are_never_replaced(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "folder").mkdir()
    (tmp_path / "ro.md").write_text("旧", encoding="utf-8")
    (tmp_path / "ro.md").chmod(0o444)
    for name, words in (("pipe", "FIFO"), ("folder", "目录"), ("ro.md", "只读")):
        with pytest.raises(OutputError, match=words):
            atomic.write_text_atomic(tmp_path / name, "新")
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode)
    assert (tmp_path / "ro.md").read_text(encoding="utf-8") == "旧"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "pipe", "ro.md"]


def test_a_symlink_is_written_through_to_a_regular_file_only(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text("旧", encoding="utf-8")
    os.symlink("real.md", tmp_path / "link.md")
    atomic.write_text_atomic(tmp_path / "link.md", "新")
    assert (tmp_path / "link.md").is_symlink()
    assert (tmp_path / "real.md").read_text(encoding="utf-8") == "新"
    os.symlink("/dev/null", tmp_path / "null-link")
    with pytest.raises(OutputError, match="字符设备"):
        atomic.write_text_atomic(tmp_path / "null-link", "新")
    assert (tmp_path / "null-link").is_symlink()
