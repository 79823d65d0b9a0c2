"""Output paths and write-side faults (issue 14 items 1 and 4).

Every command that writes (draft, export, regen, interview) is pointed at an input
of its own, a device, a FIFO, a directory, a symlink, a missing folder, a read-only
file, or hit by an OS error in the middle of the atomic write. Each run must end with
exit 2 and a Chinese message naming the path, nothing already on disk changed, no
device or FIFO replaced, no temporary file left behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest
from fuzz_support import SHOP, Run, changed, recap, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import atomic
from assistant.errors import OutputError
from assistant.fileio import check_output, writable_target


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Notes and a draft of them, made once; tests copy both."""
    folder = tmp_path_factory.mktemp("drafted")
    shutil.copy(SHOP, folder / "shop.toml")
    recap("draft", "shop.toml", "-o", "d.md", cwd=folder).assert_clean(0)
    return folder


def _copy_draft(drafted: Path, folder: Path) -> None:
    for name in ("shop.toml", "d.md"):
        shutil.copy(drafted / name, folder / name)


@pytest.fixture
def shop(tmp_path: Path, drafted: Path) -> Path:
    """A folder with notes, a draft of them, a FIFO, a subfolder and a read-only file."""
    _copy_draft(drafted, tmp_path)
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "locked.md").write_text("只读", encoding="utf-8")
    (tmp_path / "locked.md").chmod(0o444)
    (tmp_path / "file.txt").write_text("普通文件", encoding="utf-8")
    os.symlink("shop.toml", tmp_path / "link-to-notes.toml")
    os.symlink("/dev/null", tmp_path / "link-to-null")
    os.symlink("missing.md", tmp_path / "dangling.md")
    os.link(tmp_path / "shop.toml", tmp_path / "hard-link.toml")
    return tmp_path


HOSTILE_OUTPUTS = [
    # (command, expected words in the message)
    (["draft", "shop.toml", "-o", "shop.toml"], "素材文件"),
    (["draft", "shop.toml", "-o", "./sub/../shop.toml"], "素材文件"),
    (["draft", "shop.toml", "-o", "link-to-notes.toml"], "素材文件"),
    (["draft", "shop.toml", "-o", "hard-link.toml"], "素材文件"),
    (["draft", "shop.toml", "-o", "nosuch/../shop.toml"], "素材文件"),
    (["export", "d.md", "--to", "html", "-o", "shop.toml"], "素材文件"),
    (["export", "d.md", "--to", "html", "-o", "./sub/../shop.toml"], "素材文件"),
    (["export", "d.md", "--to", "docx", "-o", "d.md"], "草稿"),
    (["export", "d.md", "-o", "/dev/null"], "字符设备"),
    (["export", "d.md", "-o", "fifo"], "FIFO"),
    (["draft", "shop.toml", "-o", "fifo"], "FIFO"),
    (["draft", "shop.toml", "-o", "/dev/full"], "字符设备"),
    (["draft", "shop.toml", "-o", "link-to-null"], "字符设备"),
    (["draft", "shop.toml", "-o", "dangling.md"], "符号链接"),
    (["draft", "shop.toml", "-o", "sub"], "目录"),
    (["draft", "shop.toml", "-o", "sub/"], "目录"),
    (["draft", "shop.toml", "-o", ""], "目录"),
    (["draft", "shop.toml", "-o", "nosuch/out.md"], "不会自动创建目录"),
    (["export", "d.md", "-o", "nosuch/deeper/out.docx"], "不会自动创建目录"),
    (["draft", "shop.toml", "-o", "file.txt/out.md"], "不是目录"),
    (["draft", "shop.toml", "-o", "x" * 300 + ".md"], "太长"),
    (["draft", "shop.toml", "-o", "locked.md"], "只读"),
    (["export", "d.md", "-o", "locked.md"], "只读"),
]


@pytest.mark.parametrize(("args", "words"), HOSTILE_OUTPUTS,
                         ids=[" ".join(a)[:60] for a, _ in HOSTILE_OUTPUTS])
def test_hostile_output_paths_are_refused(shop: Path, args: list[str], words: str) -> None:
    before = snapshot(shop)
    run = recap(*args, cwd=shop)
    run.assert_clean(2)
    assert words in run.err, run.err
    assert changed(before, snapshot(shop)) == []
    assert stat.S_ISFIFO(os.lstat(shop / "fifo").st_mode)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not list(shop.glob("**/.*.tmp")) and not (shop / "nosuch").exists()


def test_regen_on_a_read_only_draft_leaves_it_alone(shop: Path) -> None:
    (shop / "d.md").chmod(0o444)
    before = snapshot(shop)
    run = recap("regen", "d.md", "-s", "kpi", cwd=shop)
    run.assert_clean(2)
    assert "d.md" in run.err and "只读" in run.err
    assert changed(before, snapshot(shop)) == []


def test_regen_refuses_a_draft_whose_notes_are_the_draft_itself(shop: Path) -> None:
    text = (shop / "d.md").read_text(encoding="utf-8")
    (shop / "d.md").write_text(text.replace('notes: "shop.toml"', 'notes: "d.md"'), encoding="utf-8")
    before = snapshot(shop)
    recap("regen", "d.md", "-s", "kpi", cwd=shop).assert_clean(2)
    assert changed(before, snapshot(shop)) == []


def test_a_symlink_to_a_regular_file_is_written_through(shop: Path) -> None:
    # an untouched recap draft behind the link (an edited one is protected by the overwrite rule)
    recap("draft", "shop.toml", "--style", "data", "-o", "real.md", cwd=shop).assert_clean(0)
    os.symlink("real.md", shop / "alias.md")
    recap("draft", "shop.toml", "--style", "narrative", "-o", "alias.md", cwd=shop).assert_clean(0)
    assert (shop / "alias.md").is_symlink()  # still a link
    assert 'style: "narrative"' in (shop / "real.md").read_text(encoding="utf-8")


# Path spellings: every way of naming the notes file must be recognised as the notes.
spellings = st.lists(st.sampled_from(["./", "sub/../", "sub/./../", ".//"]), max_size=4).map(
    lambda parts: "".join(parts) + "shop.toml")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spelling=spellings, command=st.sampled_from(["draft", "export-html", "export-docx"]))
def test_every_spelling_of_the_notes_path_is_refused(drafted: Path, spelling: str, command: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _copy_draft(drafted, folder)
        (folder / "sub").mkdir()
        if command == "draft":
            args = ["draft", "shop.toml", "-o", spelling]
        else:
            args = ["export", "d.md", "--to", command.split("-")[1], "-o", spelling]
        before = snapshot(folder)
        run = recap(*args, cwd=folder)
        run.assert_clean(2)
        assert changed(before, snapshot(folder)) == []


# -- OS errors in the middle of a write ---------------------------------------------------

OS_ERRORS = [errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.EIO,
             errno.ENAMETOOLONG, errno.ENOTDIR]
STAGES = ["mkstemp", "write", "fsync", "replace"]


def _break(monkeypatch: pytest.MonkeyPatch, stage: str, code: int) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    if stage == "mkstemp":
        monkeypatch.setattr(atomic.tempfile, "mkstemp", fail)
    elif stage == "write":
        monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: _FailingFile(fd, code))
    elif stage == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", fail)
    else:
        monkeypatch.setattr(atomic.os, "replace", fail)


class _FailingFile:
    def __init__(self, fd: int, code: int) -> None:
        self.fd, self.code = fd, code

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)

    def write(self, data: bytes) -> int:
        raise OSError(self.code, os.strerror(self.code))


# Each error at one stage of the write, every stage covered by several errors.
FAULTS = [(code, STAGES[i % len(STAGES)]) for i, code in enumerate(OS_ERRORS)]


@pytest.mark.parametrize(("code", "stage"), FAULTS,
                         ids=[f"{errno.errorcode[c]}-{s}" for c, s in FAULTS])
@pytest.mark.parametrize("command", ["draft", "regen", "export"])
def test_os_errors_while_writing(shop: Path, monkeypatch: pytest.MonkeyPatch, command: str,
                                 code: int, stage: str) -> None:
    args = {"draft": ["draft", "shop.toml", "-o", "d.md"],
            "regen": ["regen", "d.md", "-s", "kpi"],
            "export": ["export", "d.md", "--to", "html", "-o", "d.html"]}[command]
    (shop / "d.html").write_text("旧的导出", encoding="utf-8")
    before = snapshot(shop)
    _break(monkeypatch, stage, code)
    run: Run = recap(*args, cwd=shop)
    run.assert_clean(2)
    target = {"draft": "d.md", "regen": "d.md", "export": "d.html"}[command]
    assert target in run.err and "原有文件没有改动" in run.err
    assert "提示" in run.err
    assert changed(before, snapshot(shop)) == []
    assert not list(shop.glob(".*.tmp"))


def test_interview_refuses_an_unwritable_notes_path_before_any_question(tmp_path: Path) -> None:
    from assistant.console import UI
    from assistant.interview.runner import Interview

    class NoQuestions:
        def ask(self, *args: object, **kwargs: object) -> str:
            raise AssertionError("asked a question about a path it cannot write")

    os.mkfifo(tmp_path / "fifo.toml")
    (tmp_path / "ro.toml").write_text('[report]\ntitle = "t"\nyear = 2025\n', encoding="utf-8")
    (tmp_path / "ro.toml").chmod(0o444)
    before = snapshot(tmp_path)
    for bad in (tmp_path / "fifo.toml", tmp_path / "nosuch" / "n.toml", tmp_path, tmp_path / "ro.toml"):
        with pytest.raises(OutputError):
            Interview(bad, UI.recording(), NoQuestions())
    assert changed(before, snapshot(tmp_path)) == []


def test_library_guards_directly(tmp_path: Path) -> None:
    notes = tmp_path / "n.toml"
    notes.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError):
        check_output(tmp_path / "a" / ".." / "n.toml", what="草稿", inputs=[(notes, "素材文件")])
    with pytest.raises(OutputError):
        writable_target("", what="草稿")
    assert writable_target(tmp_path / "new.md") == tmp_path / "new.md"
