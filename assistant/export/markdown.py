"""A small Markdown reader for draft bodies: just what the drafters and people write.

Supported: ATX headings (``###``), paragraphs, bullet and numbered lists (nested by
indentation), block quotes, simple pipe tables, ``**bold**`` inline, HTML comments
(dropped). Everything else is kept as plain text, so nothing a person typed is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.draftfile import TODO_WITH_TEXT

PLACEHOLDER = TODO_WITH_TEXT  # a 【待补充：…】 marker (the draft format owns it)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_BULLET = re.compile(r"^([ \t]*)([-*+•·]|\d{1,3}[.)、])[ \t]+(.*)$")
_LONE_BULLET = re.compile(r"^[ \t]*[-*+][ \t]*$")
_QUOTE = re.compile(r"^[ \t]*>[ \t]?(.*)$")
_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_RULE = re.compile(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


@dataclass(frozen=True)
class Span:
    """A run of inline text."""

    text: str
    bold: bool = False
    placeholder: bool = False  # a 【待补充:…】 marker left by the drafter


@dataclass
class Heading:
    level: int  # Markdown level as written (### -> 3)
    spans: list[Span]

    @property
    def text(self) -> str:
        return plain(self.spans)


@dataclass
class Paragraph:
    spans: list[Span]
    quote: bool = False

    @property
    def text(self) -> str:
        return plain(self.spans)

    @property
    def lead_in(self) -> bool:
        """A paragraph that is one bold phrase: a run-in subheading, not body text."""
        return bool(self.spans) and all(s.bold for s in self.spans if s.text.strip())


@dataclass
class ListItem:
    spans: list[Span]
    depth: int = 0  # 0 = top level
    ordered: bool = False
    number: str = ""  # the marker as written for numbered items ("1.")


@dataclass
class BulletList:
    items: list[ListItem] = field(default_factory=list)


@dataclass
class Table:
    header: list[list[Span]]
    rows: list[list[list[Span]]]


Block = Heading | Paragraph | BulletList | Table


def plain(spans: list[Span]) -> str:
    return "".join(s.text for s in spans)


def parse_inline(text: str) -> list[Span]:
    """``**bold**`` and 【待补充】 markers; everything else is literal text."""
    spans: list[Span] = []
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            spans.extend(_split_placeholders(text[pos:m.start()], bold=False))
        spans.extend(_split_placeholders(m.group(1) or m.group(2) or "", bold=True))
        pos = m.end()
    if pos < len(text):
        spans.extend(_split_placeholders(text[pos:], bold=False))
    return [s for s in spans if s.text]


def _split_placeholders(text: str, *, bold: bool) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for m in PLACEHOLDER.finditer(text):
        if m.start() > pos:
            out.append(Span(text[pos:m.start()], bold))
        out.append(Span(m.group(0), bold, placeholder=True))
        pos = m.end()
    if pos < len(text):
        out.append(Span(text[pos:], bold))
    return out


def _join(left: str, right: str) -> str:
    """Join two soft-wrapped lines: no space between Chinese characters."""
    if not left:
        return right
    if _CJK.match(left[-1]) or _CJK.match(right[:1] or " "):
        return left + right
    return left + " " + right


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [c.strip() for c in inner.split("|")]


def _indent_depth(indent: str) -> int:
    width = len(indent.replace("\t", "    "))
    return min(width // 2, 3)


def parse_blocks(text: str) -> list[Block]:
    """Split a section body into blocks, in order."""
    text = _COMMENT.sub("", text.replace("\r\n", "\n"))
    lines = text.split("\n")
    blocks: list[Block] = []
    para: list[str] = []
    para_quote = False
    current_list: BulletList | None = None

    def flush_para() -> None:
        nonlocal para, para_quote
        if para:
            joined = ""
            for piece in para:
                joined = _join(joined, piece.strip())
            if joined.strip():
                blocks.append(Paragraph(parse_inline(joined), quote=para_quote))
        para = []
        para_quote = False

    def end_list() -> None:
        nonlocal current_list
        if current_list is not None and current_list.items:
            blocks.append(current_list)
        current_list = None

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped or _LONE_BULLET.match(line) or _RULE.match(line):
            flush_para()
            if stripped:
                end_list()
            if not stripped and current_list is not None:
                # a blank line ends the list unless the next line continues it
                nxt = next((ln for ln in lines[i + 1:] if ln.strip()), "")
                if not _BULLET.match(nxt):
                    end_list()
            i += 1
            continue
        m = _HEADING.match(stripped)
        if m and not line.startswith((" ", "\t")):
            flush_para()
            end_list()
            blocks.append(Heading(len(m.group(1)), parse_inline(m.group(2))))
            i += 1
            continue
        if (stripped.startswith("|") and i + 1 < len(lines)
                and _TABLE_SEP.match(lines[i + 1])):
            flush_para()
            end_list()
            header = [parse_inline(c) for c in _cells(stripped)]
            rows: list[list[list[Span]]] = []
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append([parse_inline(c) for c in _cells(lines[i])])
                i += 1
            blocks.append(Table(header, rows))
            continue
        m = _BULLET.match(line)
        if m:
            flush_para()
            if current_list is None:
                current_list = BulletList()
            marker = m.group(2)
            ordered = marker[0].isdigit()
            current_list.items.append(ListItem(parse_inline(m.group(3).strip()),
                                               _indent_depth(m.group(1)), ordered,
                                               marker if ordered else ""))
            i += 1
            continue
        q = _QUOTE.match(line)
        if q:
            end_list()
            if para and not para_quote:
                flush_para()
            para_quote = True
            para.append(q.group(1))
            i += 1
            continue
        if current_list is not None and current_list.items and not para:
            # continuation of the last list item (lazy or indented)
            item = current_list.items[-1]
            merged = _join(plain(item.spans), stripped)
            item.spans = parse_inline(_unparse(item.spans, merged))
            i += 1
            continue
        if para_quote:
            flush_para()
        para.append(stripped)
        i += 1
    flush_para()
    end_list()
    return blocks


def _unparse(spans: list[Span], merged_plain: str) -> str:
    """Rebuild Markdown for an item whose plain text grew by a continuation line."""
    text = "".join(f"**{s.text}**" if s.bold else s.text for s in spans)
    extra = merged_plain[len(plain(spans)):]
    return text + extra


def count_placeholders(text: str) -> int:
    return len(PLACEHOLDER.findall(text))
