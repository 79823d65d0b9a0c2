"""Helpers for the hostile-input suites (tests/test_fuzz_*.py).

``recap(...)`` runs the real console entry point (``assistant.cli.main``) in this
process, which is fast enough for property-based runs; ``recap_process(...)`` starts
a real process, for what could block (FIFOs, devices) or needs a signal. Both
report a traceback as a ``crash`` instead of raising, so a test can assert on it.
``snapshot`` records every entry of a folder (kind and content hash) so a test can
assert that nothing already on disk changed and no FIFO or device was replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import stat
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from paths import EXAMPLES

SHOP = EXAMPLES / "shop-2025.toml"
# Every run must end well inside this (seconds); a hang is a failure, not a wait.
BOUND_SECONDS = 20.0


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    crash: str | None = None  # a Python traceback, when one escaped

    def assert_clean(self, *codes: int) -> None:
        """No traceback, an expected exit status, bounded time; exit 2 says why in Chinese."""
        assert self.crash is None, self.crash
        assert "Traceback" not in self.err, self.err
        assert self.code in (codes or (2,)), (self.code, self.err[-2000:])
        assert self.seconds < BOUND_SECONDS, self.seconds
        if self.code == 2:
            assert "错误" in self.err or "Usage" not in self.err, self.err[-2000:]
            assert any("\u4e00" <= ch <= "\u9fff" for ch in self.err), self.err[-2000:]


def recap(*args: str, cwd: Path) -> Run:
    """``recap args…`` in this process, from ``cwd``."""
    from assistant.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["recap", *args]
    start = time.perf_counter()
    code, crash = 0, None
    try:
        with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # the whole point: report any escape as a crash
        crash = traceback.format_exc()
        code = -1
    finally:
        sys.argv = saved
    return Run(code, out.getvalue(), err.getvalue(), time.perf_counter() - start, crash)


def recap_process(*args: str, cwd: Path, timeout: float = BOUND_SECONDS) -> Run:
    """``recap args…`` as a new process; a run past ``timeout`` fails the bound."""
    start = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "assistant", *args], cwd=cwd,
                              capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return Run(-1, "", "", time.perf_counter() - start, f"timed out after {timeout} s")
    crash = proc.stderr if "Traceback" in proc.stderr else None
    return Run(proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - start, crash)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISLNK, "link"), (stat.S_ISDIR, "dir"), (stat.S_ISFIFO, "fifo"),
                       (stat.S_ISCHR, "chr"), (stat.S_ISBLK, "blk"), (stat.S_ISSOCK, "sock")):
        if test(mode):
            return name
    return "file"


def snapshot(folder: Path) -> dict[str, tuple[str, str]]:
    """Every entry under ``folder``: its kind and, for files, a hash of the content."""
    seen: dict[str, tuple[str, str]] = {}
    for root, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            p = Path(root) / name
            st = os.lstat(p)
            kind = _kind(st.st_mode)
            digest = ""
            if kind == "file":
                digest = hashlib.sha256(p.read_bytes()).hexdigest()
            elif kind == "link":
                digest = os.readlink(p)
            seen[str(p.relative_to(folder))] = (kind, digest)
    return seen


def changed(before: dict[str, tuple[str, str]], after: dict[str, tuple[str, str]]) -> list[str]:
    """Entries that existed before and are now different or gone (new files are fine)."""
    return [name for name, entry in before.items() if after.get(name) != entry]


def write_notes(folder: Path, body: str, name: str = "notes.toml") -> Path:
    path = folder / name
    path.write_text('[report]\ntitle = "测试年终总结"\nyear = 2025\n' + body, encoding="utf-8")
    return path
