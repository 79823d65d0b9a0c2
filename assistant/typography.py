"""Chinese typography: full-width punctuation next to Chinese characters.

Every Chinese text a user sees (drafts, exports, terminal messages, prompts) uses
full-width punctuation (，：；（）？！“”) beside Chinese characters, and ASCII only
inside numbers, code and English. Editors and tools may silently turn full-width
characters into ASCII on the way to disk, so the characters live here as escapes and
the rest of the code imports them; tests assert on code points.

``fullwidth(text)`` is the one normaliser applied where text leaves the program
(draft sections, title block, terminal, exports, prompts). It never touches a number
(``5,860``, ``12:30``), inline code, fenced code, URLs or HTML comments.
"""

from __future__ import annotations

import re

COMMA = "\uff0c"  # ，
COLON = "\uff1a"  # ：
SEMICOLON = "\uff1b"  # ；
LPAREN = "\uff08"  # （
RPAREN = "\uff09"  # ）
QUESTION = "\uff1f"  # ？
EXCLAM = "\uff01"  # ！
LQUOTE = "\u201c"  # “
RQUOTE = "\u201d"  # ”
IDEOGRAPHIC_COMMA = "\u3001"  # 、
PERIOD = "\u3002"  # 。
LBRACKET = "\u3010"  # 【
RBRACKET = "\u3011"  # 】
ELLIPSIS = "\u2026"  # …

ASCII_TO_FULL = {",": COMMA, ":": COLON, ";": SEMICOLON, "?": QUESTION, "!": EXCLAM}
FULL_TO_ASCII = {v: k for k, v in ASCII_TO_FULL.items()} | {LPAREN: "(", RPAREN: ")"}
_TO_ASCII = {ord(k): v for k, v in FULL_TO_ASCII.items()}

# Separators a person may type between list items, either width.
LIST_SEPARATORS = ";" + SEMICOLON + "\n|"
# Separators between numbers in a typed series (quarters): either width, 、 and spaces.
NUMBER_SEPARATORS = "," + COMMA + IDEOGRAPHIC_COMMA + ";" + SEMICOLON + "/ \t"

_CJK_RANGES = (
    ("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uf900", "\ufaff"),
    ("\u3000", "\u303f"),  # CJK punctuation: 、。【】《》
    ("\uff01", "\uff0f"), ("\uff1a", "\uff20"),  # full-width punctuation
    ("\u201c", "\u201d"), ("\u2026", "\u2026"),
)


def is_cjk(ch: str) -> bool:
    """A Chinese character or Chinese punctuation mark."""
    return bool(ch) and any(lo <= ch <= hi for lo, hi in _CJK_RANGES)


def is_han(ch: str) -> bool:
    """A Chinese character (ideograph), not punctuation."""
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")


# Spans left alone: fenced code, inline code, HTML comments, URLs, front matter keys.
_PROTECTED = re.compile(
    r"```.*?```|`[^`\n]*`|<!--.*?-->|https?://[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef,;:!?()]|\{\{[^}]*\}\}",
    re.S,
)
_PAREN_PAIR = re.compile(r"\(([^()\n]*(?:\n(?!\n)[^()\n]*)*)\)")  # may wrap one line
_HOLD = "\ue000"  # stands for a protected span while marks are fixed
_QUOTE_PAIR = re.compile(r'"([^"\n]*)"')


_RUN_CHARS = set("0123456789.%+-/~ ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz*_")


def _cjk_within_run(text: str, start: int, step: int, limit: int = 12) -> bool:
    """Whether a Chinese character stands within a short number/word run from ``start``."""
    i = start + (step if step < 0 else 0)
    for _ in range(limit):
        if not 0 <= i < len(text):
            return False
        ch = text[i]
        if is_cjk(ch):
            return True
        if ch not in _RUN_CHARS:
            return False
        i += step
    return False


def _fix_plain(text: str) -> str:
    # Parentheses: a pair that holds Chinese, or opens right after a Chinese character.
    def paren(m: re.Match[str]) -> str:
        inner = m.group(1)
        before = text[m.start() - 1] if m.start() > 0 else ""
        if any(is_han(c) for c in inner) or is_cjk(before):
            return LPAREN + inner.strip() + RPAREN
        return m.group(0)

    text = _PAREN_PAIR.sub(paren, text)

    def quote(m: re.Match[str]) -> str:
        inner = m.group(1)
        if any(is_han(c) for c in inner):
            return LQUOTE + inner + RQUOTE
        return m.group(0)

    text = _QUOTE_PAIR.sub(quote, text)

    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        full = ASCII_TO_FULL.get(ch)
        if full is None:
            out.append(ch)
            i += 1
            continue
        prev = out[-1] if out else ""
        # Look past markdown emphasis and one space for the next meaningful character.
        j = i + 1
        while j < n and text[j] == " " and j - i <= 1:
            j += 1
        after_spaces = j
        if j < n and text[j] == "\n" and j + 1 < n and is_han(text[j + 1]):
            j += 1  # a soft line break inside a paragraph: look past it, keep it
        nxt = text[j] if j < n else ""
        prev_digit = prev.isdigit()
        next_digit = nxt.isdigit()
        if (prev_digit and next_digit and j == i + 1) or (ch == ":" and text.startswith("//", i + 1)):
            out.append(ch)  # 5,860 / 12:30 / http://
            i += 1
            continue
        prev_meaningful = prev
        k = len(out) - 1
        while k >= 0 and out[k] in "*_" and k >= len(out) - 2:
            k -= 1
        if k >= 0:
            prev_meaningful = out[k]
        if is_cjk(prev_meaningful) or is_cjk(nxt) or (
                _cjk_within_run(text, i, -1) and _cjk_within_run(text, j, 1)):
            out.append(full)
            # Drop the spaces between the mark and what follows, and any before it.
            while out[:-1] and out[-2] == " ":
                out.pop(-2)
            i = after_spaces
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def fullwidth(text: str) -> str:
    """``text`` with ASCII ``, : ; ? ! ( ) "`` that touch Chinese made full-width."""
    if not text:
        return text
    # Protected spans become one private-use character each, so a pair of brackets around
    # inline code (「（或 `--to html`）」) is still seen as one pair; then they come back.
    kept: list[str] = []

    def hold(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return _HOLD

    held = _PROTECTED.sub(hold, text)
    fixed = _fix_plain(held)
    if not kept:
        return fixed
    parts = fixed.split(_HOLD)
    return parts[0] + "".join(k + p for k, p in zip(kept, parts[1:], strict=True))


_ASCII_TOUCHING = re.compile(r"(?<=[\u4e00-\u9fff])[,:;()?!]|[,:;()?!](?=[\u4e00-\u9fff])")


def ascii_marks_touching_chinese(text: str) -> list[tuple[int, str]]:
    """Where an ASCII mark stands right next to a Chinese character (outside code and comments)."""
    found: list[tuple[int, str]] = []
    last = 0
    for m in [*_PROTECTED.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        for hit in _ASCII_TOUCHING.finditer(text, last, end):
            found.append((hit.start(), hit.group(0)))
        if m is not None:
            last = m.end()
    return found


def to_ascii_punctuation(text: str) -> str:
    """The same text with full-width ，：；？！（） as ASCII (for matching, never for display)."""
    return text.translate(_TO_ASCII)
