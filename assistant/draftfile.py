"""The draft file: one Markdown file a person edits and the program parses back.

Layout::

    ---                         front matter: which notes file and style it came from
    recap_draft: 1
    notes: "../examples/shop-2025.toml"
    ...
    ---

    # 标题                       title block (kept as written)

    <!-- section: kpi -->        a stable id per section
    ## 一、年度核心业绩指标回顾与分析
    正文 ...

Everything between two anchors belongs to the section of the first one. Parsing and
writing back gives the same bytes, so regenerating one section leaves every other
byte (including hand edits) untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from assistant.atomic import write_bytes_atomic, write_text_atomic
from assistant.errors import DraftFileError
from assistant.fileio import DRAFT_MAX_BYTES, NOTES_MAX_BYTES, read_limited
from assistant.typography import COLON, COMMA, LBRACKET, LPAREN, RBRACKET, RPAREN, fullwidth

FORMAT_VERSION = "1"
SUPPORTED_VERSIONS = ("1",)
BOM = "\ufeff"
MAX_SECTIONS = 1000  # a review has a dozen; thousands is not a draft (and would be slow)
SHOWN_IDS = 20  # section ids listed in an error message
ANCHOR = re.compile(r"^<!-- section: ([A-Za-z0-9_.\-]+) -->[ \t]*\r?$", re.MULTILINE)
# The heading rule: an ATX heading line (``## 标题``); the first one in a section is its title.
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*\r?$", re.MULTILINE)
# Front matter key holding the fingerprint of what recap wrote after the front matter.
FINGERPRINT_KEY = "written_sha256"

# -- the 【待补充】 marker: where the draft still needs the user's material -----------------

TODO_WORD = "待补充"
TODO_OPEN = LBRACKET + TODO_WORD  # 【待补充
TODO_CLOSE = RBRACKET  # 】
# Any marker; and one with a reason after a colon of either width (【待补充：…】).
TODO_PATTERN = re.compile(re.escape(TODO_OPEN) + "[^" + TODO_CLOSE + "]*" + TODO_CLOSE)
TODO_WITH_TEXT = re.compile(re.escape(TODO_OPEN) + "[:" + COLON + "][^" + TODO_CLOSE + "]*"
                            + TODO_CLOSE)


def todo_marker(what: str = "") -> str:
    """``【待补充：what】`` (or ``【待补充】``): text the user must supply before handing it in."""
    return f"{TODO_OPEN}{COLON}{what}{TODO_CLOSE}" if what else TODO_OPEN + TODO_CLOSE


def is_todo(body: str | None) -> bool:
    """Whether a section body is (or starts with) a 【待补充】 marker."""
    return bool(body) and (body or "").lstrip().startswith(TODO_OPEN)


def count_todo(text: str) -> int:
    """How many 【待补充】 markers ``text`` holds."""
    return text.count(TODO_OPEN)


def failed_section_body(error: str) -> str:
    return todo_marker(f"本节起草失败{LPAREN}{error}{RPAREN}{COMMA}可用 recap regen 重新生成")


def render_heading(title: str, level: int = 2) -> str:
    return f"{'#' * max(1, min(level, 6))} {title}"


@dataclass
class DraftSection:
    """One section as it stands in the file (``raw`` starts with its anchor line)."""

    id: str
    raw: str

    @property
    def heading(self) -> tuple[int, str]:
        m = HEADING.search(self.raw)
        if not m:
            return 0, self.id
        return len(m.group(1)), m.group(2).strip()

    @property
    def title(self) -> str:
        return self.heading[1]

    @property
    def level(self) -> int:
        return self.heading[0]

    @property
    def body(self) -> str:
        """Text after the heading line, stripped."""
        m = HEADING.search(self.raw)
        start = m.end() if m else self.raw.find("\n") + 1
        return self.raw[start:].strip()


@dataclass
class Draft:
    header: str
    sections: list[DraftSection]
    meta: dict[str, str]
    backup: Path | None = field(default=None, compare=False)  # set when an overwrite kept one

    # -- reading ---------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str, source: str = "<草稿>") -> Draft:
        if "\x00" in text:
            raise DraftFileError(f"{source} 不是文本文件（含有二进制内容）。")
        meta = _parse_front_matter(text, source)
        anchors = list(ANCHOR.finditer(text))
        if len(anchors) > MAX_SECTIONS:
            raise DraftFileError(
                f"{source} 有 {len(anchors)} 个章节标记，超过了上限 {MAX_SECTIONS} 个，不像是 recap 草稿。",
                hint="一份年终总结通常只有十来个章节；确认文件是否正确。",
            )
        header_end = anchors[0].start() if anchors else len(text)
        sections: list[DraftSection] = []
        seen: set[str] = set()
        for i, m in enumerate(anchors):
            end = anchors[i + 1].start() if i + 1 < len(anchors) else len(text)
            sid = m.group(1)
            if sid in seen:
                raise DraftFileError(
                    f"{source} 中章节标记 “{sid}” 出现了两次。",
                    hint="每个 <!-- section: … --> 标记只能出现一次，请删掉重复的那一个。",
                )
            seen.add(sid)
            sections.append(DraftSection(sid, text[m.start():end]))
        return cls(text[:header_end], sections, meta)

    @classmethod
    def load(cls, path: str | Path) -> Draft:
        p = Path(path)
        raw = read_limited(p, what="草稿文件", limit=DRAFT_MAX_BYTES, error=DraftFileError)
        if b"\x00" in raw:
            raise DraftFileError(f"{p} 不是文本文件（含有二进制内容），无法作为草稿读取。")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise DraftFileError(f"{p} 不是 UTF-8 编码的文本，无法作为草稿读取。") from None
        return cls.parse(text, str(p))

    def to_text(self) -> str:
        return self.header + "".join(s.raw for s in self.sections)

    def save(self, path: str | Path) -> None:
        write_text_atomic(path, self.to_text(), what="草稿")

    def section(self, section_id: str) -> DraftSection:
        for s in self.sections:
            if s.id == section_id:
                return s
        ids = [s.id for s in self.sections]
        known = "、".join(ids[:SHOWN_IDS]) or "（无）"
        if len(ids) > SHOWN_IDS:
            known += f" 等 {len(ids)} 个（recap sections 可以列出全部）"
        raise DraftFileError(
            f"草稿里没有 id 为 “{section_id}” 的章节。", hint=f"可用的章节 id:{known}"
        )

    def replace_section(self, section_id: str, raw: str) -> None:
        """Swap one section's text; every other byte stays as it was."""
        self.section(section_id).raw = raw

    def section_at(self, offset: int) -> DraftSection | None:
        """The section a character offset of ``to_text()`` falls in."""
        pos = len(self.header)
        for s in self.sections:
            if pos <= offset < pos + len(s.raw):
                return s
            pos += len(s.raw)
        return None

    # -- provenance ------------------------------------------------------------------

    @property
    def style(self) -> str | None:
        return self.meta.get("style")

    def notes_path(self, draft_path: str | Path) -> Path | None:
        """The notes file this draft came from, resolved against the draft's folder."""
        notes = self.meta.get("notes")
        if not notes:
            return None
        p = Path(notes)
        if not p.is_absolute():
            p = Path(draft_path).resolve().parent / p
        return p


def front_matter_end(text: str) -> int:
    """Where the ``---`` block at the top ends (0 when there is none).

    A UTF-8 BOM (Windows editors add one) and CRLF line ends are accepted.
    """
    bom = 1 if text.startswith(BOM) else 0
    if not text.startswith("---", bom):
        return 0
    first_end = text.find("\n", bom)
    if first_end == -1 or text[bom:first_end].rstrip("\r") != "---":
        return 0
    pos = first_end + 1
    while pos < len(text):
        line_end = text.find("\n", pos)
        line = text[pos:] if line_end == -1 else text[pos:line_end]
        if line.rstrip("\r \t") == "---":
            return len(text) if line_end == -1 else line_end + 1
        if line_end == -1:
            break
        pos = line_end + 1
    return -1


def _parse_front_matter(text: str, source: str) -> dict[str, str]:
    end = front_matter_end(text)
    if end == 0:
        return {}
    if end == -1:
        raise DraftFileError(f"{source} 开头的 --- 信息块没有结束的 --- 行。",
                             hint="在信息块最后补一行 ---，或删掉开头的 --- 行。")
    meta: dict[str, str] = {}
    lines = text[:end].lstrip(BOM).splitlines()
    for line in lines[1:-1]:
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        key, value = line.split(":", 1)
        value = value.strip()
        if value.startswith('"'):
            try:
                value = str(json.loads(value))
            except json.JSONDecodeError:
                value = value.strip('"')
        meta[key.strip()] = value
    version = meta.get("recap_draft")
    if version is not None and version not in SUPPORTED_VERSIONS:
        raise DraftFileError(
            f"{source} 是第 {version} 版格式的 recap 草稿，这个版本的 recap 只认识第 "
            f"{'、'.join(SUPPORTED_VERSIONS)} 版。",
            hint="升级 recap(pip install -U recap)后再试，或用 recap draft 重新起草。",
        )
    return meta


def render_front_matter(meta: dict[str, str]) -> str:
    lines = ["---"]
    for key, value in meta.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def render_section(section_id: str, title: str, body: str, level: int = 2) -> str:
    """The raw text of one section, anchor line included, ending in a blank line.

    Chinese text gets full-width punctuation here, the one place sections are rendered.
    """
    return (f"<!-- section: {section_id} -->\n{render_heading(fullwidth(title), level)}\n\n"
            f"{fullwidth(body.strip())}\n\n")


# -- what recap wrote: the fingerprint, and the one rule for overwriting a draft --------------


def content_fingerprint(text: str) -> str:
    """sha256 of a draft's text after its front matter (BOM and CRLF do not count as edits)."""
    end = max(front_matter_end(text), 0)
    body = text[end:].lstrip(BOM).replace("\r\n", "\n").rstrip()
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def with_fingerprint(text: str) -> str:
    """``text`` with its front matter's fingerprint set to what ``text`` now holds."""
    end = front_matter_end(text)
    if end <= 0:
        return text
    line = f'{FINGERPRINT_KEY}: "{content_fingerprint(text)}"'
    head = text[:end]
    pattern = re.compile(rf"^{FINGERPRINT_KEY}:.*?(?=\r?$)", re.MULTILINE)
    if pattern.search(head):
        head = pattern.sub(line, head, count=1)
    else:
        close = head.rstrip("\r\n").rfind("\n") + 1  # start of the closing --- line
        newline = "\r\n" if head.endswith("\r\n") else "\n"
        head = head[:close] + line + newline + head[close:]
    return head + text[end:]


DraftState = Literal["absent", "untouched", "edited", "unknown"]


def draft_state(path: str | Path) -> DraftState:
    """Whether the file at ``path`` is still exactly what recap wrote there.

    ``unknown``: a file recap did not write (or wrote before fingerprints existed), or one
    that cannot be read as a draft; it is treated like an edited one.
    """
    p = Path(path)
    if not p.exists():
        return "absent"
    try:
        text = p.read_bytes().decode("utf-8")
        meta = _parse_front_matter(text, str(p))
    except (OSError, UnicodeDecodeError, DraftFileError):
        return "unknown"
    recorded = meta.get(FINGERPRINT_KEY)
    if not recorded:
        return "unknown"
    return "untouched" if recorded == content_fingerprint(text) else "edited"


def backup_path(path: str | Path, now: datetime | None = None) -> Path:
    """Where the old file goes before an overwrite: ``草稿.md`` -> ``草稿.bak-20251130-1805.md``."""
    p = Path(path)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = p.with_name(f"{p.stem}.bak-{stamp}{p.suffix}")
    n = 2
    while candidate.exists():
        candidate = p.with_name(f"{p.stem}.bak-{stamp}-{n}{p.suffix}")
        n += 1
    return candidate


class DraftEditedError(DraftFileError):
    """Refusing to overwrite a draft that holds edits recap did not write."""


def prepare_overwrite(path: str | Path, *, force: bool) -> Path | None:
    """The one rule for writing a whole draft over ``path``.

    A missing file or one still exactly as recap wrote it: go ahead (``None``). A file
    edited since (or not written by recap): refuse unless ``force``; with ``force``, copy
    it beside itself first and return the backup's path.
    """
    state = draft_state(path)
    if state in ("absent", "untouched"):
        return None
    p = Path(path)
    if not force:
        what = ("在 recap 写入之后被修改过" if state == "edited"
                else "不是 recap 生成的草稿（或无法确认是否改动过）")
        raise DraftEditedError(
            f"{p} 已存在，且{what}；为免丢失手工修改，没有覆盖它。",
            hint=("加 --force 覆盖（原文件会先备份在旁边），或用 -o 写到另一个文件；"
                  "只想重写某一节请用 recap regen。"),
        )
    backup = backup_path(p)
    write_bytes_atomic(backup, p.read_bytes())
    return backup


def file_sha256(path: str | Path) -> str:
    """Fingerprint of a notes file (read as a notes file: regular and size-limited)."""
    return hashlib.sha256(read_limited(path, what="素材文件", limit=NOTES_MAX_BYTES)).hexdigest()


def relative_notes_path(notes: str | Path, draft: str | Path) -> str:
    """How the draft records its notes file: relative to the draft's folder if possible."""
    notes_abs = Path(notes).resolve()
    draft_dir = Path(draft).resolve().parent
    try:
        rel = Path(os.path.relpath(notes_abs, draft_dir)).as_posix()
    except ValueError:  # different drives on Windows
        return notes_abs.as_posix()
    # Beside or near the draft: relative, so moving both together keeps the link.
    return notes_abs.as_posix() if rel.startswith("../../") else rel
