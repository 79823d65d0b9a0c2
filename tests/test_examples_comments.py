"""The example notes files tell a reader where the format is described, in Chinese, truly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from paths import EXAMPLES

PATHISH = re.compile(r"[\w./-]+\.(?:md|toml|txt)\b")


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_header_comments_are_chinese_and_name_no_missing_file(path: Path) -> None:
    comments = [line for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith("#")]
    assert comments, "an example starts with a comment saying what it is"
    for line in comments[:3]:
        assert re.search(r"[\u4e00-\u9fff]", line), line
        for name in PATHISH.findall(line):
            assert (path.parent / name).exists() or (EXAMPLES.parent / name).exists(), line
