"""Safe file access: what recap reads and where it may write.

Reading: only regular files, never more than a stated limit. A FIFO would block
forever, ``/dev/zero`` would fill the memory, a directory is a mistake; each is
refused with a message saying what the file was supposed to be.

Writing: ``check_output`` refuses an output path that is one of the command's
inputs (``draft shop.toml -o shop.toml`` would turn the notes into Markdown), and
``writable_target`` (used by ``assistant.atomic`` for every write) refuses to replace
anything that is not a regular file, never creates missing directories, and writes
through a symlink only when it points at a regular file (the link stays a link).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from assistant.errors import InputError, OutputError

MIB = 1024 * 1024
# A notes file is a few KB; 4 MB leaves room for thousands of metrics.
NOTES_MAX_BYTES = 4 * MIB
# A draft is tens of KB; 4 MB is a hundred times a real review (and checks in seconds).
DRAFT_MAX_BYTES = 4 * MIB
# Longest file name most file systems accept (bytes).
NAME_MAX = 255


def describe_size(n: int) -> str:
    if n >= MIB:
        return f"{n / MIB:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} 字节"


def file_kind(mode: int) -> str:
    """What a non-regular file is, in Chinese."""
    if stat.S_ISDIR(mode):
        return "目录"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode):
        return "字符设备"
    if stat.S_ISBLK(mode):
        return "块设备"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISLNK(mode):
        return "符号链接"
    return "特殊文件"


def read_limited(path: str | os.PathLike[str], *, what: str, limit: int,
                 error: type[InputError] = InputError, missing_hint: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or ``error`` saying why not.

    The file is opened without blocking (a FIFO with no writer would otherwise hang)
    and checked with ``fstat`` on the open descriptor, so what is read is what was
    checked.
    """
    p = Path(path)
    if not str(path).strip():
        raise error(f"{what}的路径是空的。", hint=missing_hint)
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(f"找不到{what}：{p}", hint=missing_hint) from None
    except IsADirectoryError:
        raise error(f"{p} 是一个目录，不是{what}。", hint="请给出文件的路径。") from None
    except PermissionError:
        raise error(f"没有权限读取{what} {p}。", hint="检查文件权限（ls -l），或换一个文件。") from None
    except OSError as exc:
        raise error(f"无法打开{what} {p}：{exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise error(f"{p} 是一个目录，不是{what}。", hint="请给出文件的路径。")
        if not stat.S_ISREG(st.st_mode):
            raise error(
                f"{p} 是{file_kind(st.st_mode)}，不是普通文件；recap 只读取普通文件作为{what}。",
                hint="请给出保存在磁盘上的文件。",
            )
        if st.st_size > limit:
            raise error(
                f"{what} {p} 有 {describe_size(st.st_size)}，超过了{what}的上限 {describe_size(limit)}。",
                hint=f"确认这是{what}；正常的{what}远小于这个大小。",
            )
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(MIB, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise error(f"{what} {p} 在读取时不断变大，超过了上限 {describe_size(limit)}。")
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"读取{what} {p} 时出错：{exc.strerror or exc}") from None
    finally:
        os.close(fd)


# -- output paths ------------------------------------------------------------------------

def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name the same file (``./sub/../x``, symlinks and hard links too)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output(path: str | os.PathLike[str], *, what: str,
                 inputs: Iterable[tuple[str | os.PathLike[str] | None, str]] = ()) -> Path:
    """Refuse an output path that is one of the command's inputs, then ``writable_target``.

    ``inputs`` are ``(path, what it is)`` pairs, e.g. ``(notes, "素材文件")``.
    """
    p = _non_empty(path, what)
    for source, source_what in inputs:
        if source is not None and str(source) and same_file(p, source):
            raise OutputError(
                f"输出的{_sp(what)} {p} 就是{source_what} {source}，写入会覆盖{source_what}。"
                "已拒绝，没有改动任何文件。",
                hint="用 -o 指定另一个文件名。",
            )
    writable_target(p, what=what)
    return p


def _non_empty(path: str | os.PathLike[str], what: str) -> Path:
    if not str(path).strip():
        raise OutputError(f"输出的{_sp(what)}路径是空的。", hint="用 -o 指定一个文件名，例如 -o 草稿.md。")
    return Path(path)


def writable_target(path: str | os.PathLike[str], *, what: str = "文件") -> Path:
    """The file an atomic write of ``path`` should replace, after every check.

    Returns ``path`` itself, or the regular file a symlink points at. Raises
    ``OutputError`` when the target is a directory, device, FIFO or socket, is
    read-only, has a name that is too long, or sits in a missing directory (which is
    never created) or under something that is not a directory.
    """
    p = _non_empty(path, what)
    if str(path) in (".", "..") or str(path).endswith(os.sep):
        raise OutputError(f"{p} 是一个目录，不能作为输出的{_sp(what)}。",
                          hint="请给出文件名，例如 -o 草稿.md。")
    for part in p.parts:
        if len(os.fsencode(part)) > NAME_MAX:
            raise OutputError(
                f"输出的{_sp(what)}名字太长（{len(os.fsencode(part))} 字节，"
                f"文件系统最多 {NAME_MAX} 字节）：{_short(part)}",
                hint="换一个短一些的文件名。",
            )
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise output_error(exc, p, what=what) from None
    target = p
    if st is not None and stat.S_ISLNK(st.st_mode):
        real = Path(os.path.realpath(p))
        try:
            st = os.stat(real)
        except FileNotFoundError:
            raise OutputError(
                f"输出的{_sp(what)} {p} 是指向不存在文件 {real} 的符号链接，recap 不会跟随它写入。",
                hint="用 -o 指定一个普通文件的路径。",
            ) from None
        except OSError as exc:
            raise output_error(exc, p, what=what) from None
        target = real
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(f"{p} 是一个目录，不能作为输出的{_sp(what)}。",
                              hint="在目录后面加上文件名，例如 -o 目录/草稿.md。")
        if not stat.S_ISREG(st.st_mode):
            via = f"（符号链接指向 {target}）" if target != p else ""
            raise OutputError(
                f"{p}{via} 是{file_kind(st.st_mode)}，不是普通文件；recap 不会替换它。",
                hint="用 -o 指定一个普通文件的路径。",
            )
        if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise OutputError(
                f"{target} 是只读文件，recap 不会覆盖它；原文件保持不变。",
                hint=f"确实要更新时先去掉只读属性（chmod u+w {target}），或用 -o 写到另一个文件。",
            )
    parent = target.parent
    try:
        pst = os.stat(parent)
    except FileNotFoundError:
        raise OutputError(
            f"目录 {parent} 不存在，无法写入 {target}；recap 不会自动创建目录。",
            hint=f"先创建目录（mkdir -p {parent}），或换一个已有的位置。",
        ) from None
    except OSError as exc:
        raise output_error(exc, target, what=what) from None
    if not stat.S_ISDIR(pst.st_mode):
        raise OutputError(f"{parent} 不是目录，无法在它下面写入 {target}。",
                          hint="检查路径拼写，或换一个位置。")
    return target


def _sp(what: str) -> str:
    """``what`` spaced from a preceding Chinese word when it starts with Latin letters."""
    return f" {what}" if what[:1].isascii() else what


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


_ERRNO_MESSAGES: dict[int, tuple[str, str]] = {
    errno.EACCES: ("没有写入权限", "检查文件和所在目录的权限，或用 -o 写到有权限的位置。"),
    errno.EPERM: ("操作不被允许", "检查文件和所在目录的权限，或用 -o 写到有权限的位置。"),
    errno.EROFS: ("所在的文件系统是只读的", "用 -o 写到可写的位置。"),
    errno.ENOSPC: ("磁盘空间不足", "清理磁盘空间后重试，或用 -o 写到别的磁盘。"),
    errno.EDQUOT: ("超出了磁盘配额", "清理文件后重试，或用 -o 写到别的位置。"),
    errno.EISDIR: ("是一个目录", "请给出文件名，例如 -o 草稿.md。"),
    errno.ENOTDIR: ("路径中间有一段不是目录", "检查路径拼写，或换一个位置。"),
    errno.ENAMETOOLONG: ("文件名太长", "换一个短一些的文件名。"),
    errno.ENOENT: ("所在目录不存在", "先创建目录，或换一个已有的位置；recap 不会自动创建目录。"),
    errno.EIO: ("磁盘读写出错", "检查磁盘后重试。"),
}


def output_error(exc: OSError, path: str | os.PathLike[str], *, what: str = "文件") -> OutputError:
    """A write-side ``OSError`` as a Chinese message naming ``path`` and what to do."""
    reason, hint = _ERRNO_MESSAGES.get(exc.errno or 0, (exc.strerror or str(exc), "检查路径后重试。"))
    return OutputError(f"无法写入{_sp(what)} {path}：{reason}。原有文件没有改动。", hint=hint)
