"""``recap import`` in a real pseudo-terminal: the preview, the question, the answer."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from test_import_fixtures import SCENES, wxt_weekly_gbk_csv

from assistant.notes import load_notes

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60


def spawn(cwd: Path, *args: str) -> pexpect.spawn:
    env = dict(os.environ)
    env.update({"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "120", "LINES": "40",
                "PROMPT_TOOLKIT_NO_CPR": "1", "PYTHONPATH": str(ROOT), "HOME": str(cwd)})
    return pexpect.spawn(sys.executable, ["-m", "assistant", *args], cwd=str(cwd), env=env,
                         encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 120))


@pytest.mark.parametrize(("answer", "written"), [("否", False), ("", True)])
def test_import_asks_before_writing(tmp_path: Path, answer: str, written: bool) -> None:
    wxt = wxt_weekly_gbk_csv(tmp_path)
    notes = tmp_path / "新素材.toml"
    child = spawn(tmp_path, "import", str(wxt.path), "--into", str(notes))
    try:
        child.expect("关键词推广")  # the preview comes first
        child.expect("写入")
        child.expect("›")
        child.send(answer + "\r")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert notes.exists() is written
    assert child.exitstatus == (0 if written else 1)
    if written:
        assert [c.name for c in load_notes(notes).channels] == list(SCENES)
