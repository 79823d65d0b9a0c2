"""Atomic file writes: write to a temporary file beside the target, then rename.

A crash or Ctrl-C in the middle of a write leaves either the old file or the new
one on disk, never half of one. Before anything is written the target is checked
(``assistant.fileio.writable_target``): a directory, device, FIFO or read-only file
is never replaced, a missing directory is never created, and a symlink is written
through only to a regular file. An ``OSError`` on the way (no permission, read-only
file system, disk full) becomes an ``OutputError`` naming the path; the original
file is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile

from assistant.fileio import output_error, writable_target


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, what: str = "文件") -> None:
    """Replace ``path`` with ``data`` atomically (same directory temp file + rename)."""
    target = writable_target(path, what=what)
    try:
        existing_mode = os.stat(target).st_mode & 0o777
    except FileNotFoundError:
        existing_mode = None
    except OSError as exc:
        raise output_error(exc, path, what=what) from None
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:200]}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file 0600; give it the mode a normal write would have.
        with contextlib.suppress(OSError):
            os.chmod(tmp, existing_mode if existing_mode is not None else 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        _discard(tmp)
        raise output_error(exc, path, what=what) from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: str | None) -> None:
    if tmp is not None:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | os.PathLike[str], text: str, *, what: str = "文件") -> None:
    """Replace ``path`` with UTF-8 ``text`` atomically. Newlines are written as given."""
    write_bytes_atomic(path, text.encode("utf-8"), what=what)
