"""Measures of an offline draft that tests assert on (shared by several test files)."""

from __future__ import annotations

import re
from collections import Counter

from assistant.draftfile import Draft

CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"(?<![A-Za-z])X{1,4}(?:\.X+)?(?![A-Za-z])")


def chinese_chars(text: str) -> int:
    return len(CJK.findall(text))


def sentences(text: str) -> list[str]:
    parts = re.split(r"[。!?;\n]", text)
    out = []
    for p in parts:
        if re.fullmatch(r"\s*\*\*[^*]+\*\*\s*", p):
            continue  # a bold sub-heading such as **项目背景与目标**
        p = re.sub(r"^[\s>#\-]+", "", p)
        p = re.sub(r"^\*\*[^*]+\*\*[::]", "", p)  # a bullet's bold lead-in is not the sentence
        p = p.replace("**", "").strip()
        if len(CJK.findall(p)) >= 8:
            out.append(p)
    return out


def repeated_sentences(draft: Draft) -> list[str]:
    """Sentences that appear more than once anywhere in the draft body."""
    counts: Counter[str] = Counter()
    for section in draft.sections:
        counts.update(sentences(section.body))
    return [s for s, c in counts.items() if c > 1]


# -- issue 9 item 3: measures a draft is held to ------------------------------------------

HAN = re.compile(r"[\u4e00-\u9fff]")
_ANCHOR_OR_HEADING = re.compile(r"^(?:<!--.*?-->|#{1,6} .*|---)\s*$", re.M)
_PUNCT_FOLD = str.maketrans({"\uff0c": ",", "\uff1a": ":", "\uff1b": ";", "\uff08": "(",
                             "\uff09": ")", "\uff1f": "?", "\uff01": "!"})


def body_text(draft: Draft) -> str:
    """The prose of a draft: every section body without headings, anchors or bold lead-ins."""
    parts = []
    for section in draft.sections:
        text = _ANCHOR_OR_HEADING.sub("", section.body)
        text = re.sub(r"^\*\*[^*\n]+\*\*\s*$", "", text, flags=re.M)  # bold sub-headings
        parts.append(text)
    return "\n".join(parts)


_WORDS_ONLY = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9%.]")


def copy_run_share(text: str, source: str, run: int = 10, own: str = "") -> float:
    """Share of the Chinese characters of ``text`` that lie in runs of ``run``+ characters
    also found in ``source`` (punctuation widths folded, whitespace ignored).

    A run that is also in ``own`` (the user's notes file) is the user's own words
    quoted, not a sentence the drafter borrowed, and does not count.
    """
    t = re.sub(r"\s+", "", text).translate(_PUNCT_FOLD)
    s = re.sub(r"\s+", "", source).translate(_PUNCT_FOLD)
    o = _WORDS_ONLY.sub("", own)
    covered = [False] * len(t)
    for i in range(len(t) - run + 1):
        if t[i:i + run] in s and _WORDS_ONLY.sub("", t[i:i + run]) not in o:
            for k in range(i, i + run):
                covered[k] = True
    han = [i for i, ch in enumerate(t) if HAN.match(ch)]
    if not han:
        return 0.0
    return sum(covered[i] for i in han) / len(han)


def long_sentences(text: str, min_chars: int = 12) -> set[str]:
    """Sentences of ``min_chars``+ Chinese characters (bullet marks and bold stripped)."""
    out = set()
    for part in re.split(r"[。！？!?；;\n]", text):
        part = re.sub(r"^[\s>\-*\d.、]+", "", part).replace("**", "").strip()
        if len(HAN.findall(part)) >= min_chars:
            out.add(part)
    return out


TODO = re.compile(r"【待补充[^】]*】")
