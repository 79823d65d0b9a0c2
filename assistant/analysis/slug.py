"""Stable ids for repeated notes items (projects, campaigns, channels).

A repeated section is identified by its notes item, never by position: inserting a
project at the top of the notes must not move another project's text under it.
The id is the item's own ``id`` when the notes give one, else a slug of its name:
the ASCII words of the name (``618``) and a short checksum of the whole name, so
Chinese names give short ASCII ids that draft anchors accept (``5d1c2e``,
``618-0a9b3f``). Duplicates get ``-2``, ``-3`` in order.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")


def slug(name: str) -> str:
    words = [w.lower() for w in _ASCII_WORD.findall(name)]
    check = f"{zlib.crc32(name.strip().encode('utf-8')) & 0xFFFFFF:06x}"
    head = "-".join(words)[:16].strip("-")
    if head and head == name.strip().lower().replace(" ", "-"):
        return head  # an all-ASCII name is its own slug
    return f"{head}-{check}" if head else check


def item_ids(names: Sequence[str], given: Sequence[str | None] | None = None) -> list[str]:
    """One stable id per item: its given id, else the slug of its name; unique in order."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for k, name in enumerate(names):
        own = given[k] if given is not None and k < len(given) else None
        base = own.strip() if own and own.strip() else slug(name)
        count = seen.get(base, 0) + 1
        seen[base] = count
        out.append(base if count == 1 else f"{base}-{count}")
    return out
