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
from dataclasses import dataclass
from pathlib import Path

from assistant.atomic import write_text_atomic
from assistant.errors import DraftFileError
from assistant.fileio import DRAFT_MAX_BYTES, NOTES_MAX_BYTES, read_limited

FORMAT_VERSION = "1"
MAX_SECTIONS = 1000  # a review has a dozen; thousands is not a draft (and would be slow)
SHOWN_IDS = 20  # section ids listed in an error message
ANCHOR = re.compile(r"^<!-- section: ([A-Za-z0-9_.\-]+) -->[ \t]*\r?$", re.MULTILINE)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*\r?$", re.MULTILINE)


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

    # -- reading ---------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str, source: str = "<草稿>") -> Draft:
        if "\x00" in text:
            raise DraftFileError(f"{source} 不是文本文件(含有二进制内容)。")
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
                    hint="每个 <!-- section: … --> 标记只能出现一次,请删掉重复的那一个。",
                )
            seen.add(sid)
            sections.append(DraftSection(sid, text[m.start():end]))
        return cls(text[:header_end], sections, meta)

    @classmethod
    def load(cls, path: str | Path) -> Draft:
        p = Path(path)
        raw = read_limited(p, what="草稿文件", limit=DRAFT_MAX_BYTES, error=DraftFileError)
        if b"\x00" in raw:
            raise DraftFileError(f"{p} 不是文本文件(含有二进制内容),无法作为草稿读取。")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise DraftFileError(f"{p} 不是 UTF-8 编码的文本,无法作为草稿读取。") from None
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


def _parse_front_matter(text: str, source: str) -> dict[str, str]:
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    if end == -1:
        raise DraftFileError(f"{source} 开头的 --- 信息块没有结束的 --- 行。")
    meta: dict[str, str] = {}
    for line in text[3:end].splitlines():
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
    return meta


def render_front_matter(meta: dict[str, str]) -> str:
    lines = ["---"]
    for key, value in meta.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def render_section(section_id: str, title: str, body: str, level: int = 2) -> str:
    """The raw text of one section, anchor line included, ending in a blank line."""
    return f"<!-- section: {section_id} -->\n{'#' * level} {title}\n\n{body.strip()}\n\n"


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
