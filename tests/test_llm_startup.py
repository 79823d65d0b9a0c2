"""Start-up on the model path: nothing loads before the first request that it does not need."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys

import cn2an
from paths import REPO, SAMPLES, STYLES

from assistant.cnnum import simple_value


def test_prompts_for_every_section_need_neither_tiktoken_nor_cn2an() -> None:
    """Notes, facts and every prompt of every style: the character estimate is enough
    (for prompts well under the budget: the default 6,000 here; 100,000 in the test)."""
    code = f"""
import sys
from assistant.drafting import DraftContext, SectionRequest
from assistant.llm.prompting import PromptBuilder
for notes in {[str(p) for p in SAMPLES]!r}:
    for style in {list(STYLES)!r}:
        ctx = DraftContext.from_notes_file(notes, style)
        builder = PromptBuilder(ctx, token_budget=100_000)
        for planned in ctx.outline():
            if not planned.missing:
                builder.build(SectionRequest(planned))
print(sorted(m for m in ("tiktoken", "cn2an", "langchain_openai", "openai") if m in sys.modules))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def _cn2an(text: str) -> float | None:
    try:
        return float(cn2an.cn2an(text.replace("〇", "零"), "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def test_the_fast_numeral_reader_agrees_with_cn2an() -> None:
    rng = random.Random(2025)
    cases = {cn2an.an2cn(n) for n in range(0, 3000)}
    cases |= {cn2an.an2cn(rng.randrange(10**8)) for _ in range(3000)}
    cases |= {"十二", "二十", "两万三千", "一百零五", "八千零十四", "三点五", "零点五", "两千"}
    alphabet = "零〇一二两三四五六七八九十百千万亿点"
    cases |= {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
              for _ in range(20000)}
    accepted = 0
    for text in cases:
        value = simple_value(text)
        if value is not None:
            accepted += 1
            assert value == _cn2an(text), text
    assert accepted > 4000
    for irregular in ("三百五", "两万三", "一二三", "二零二五", "一亿"):
        assert simple_value(irregular) is None  # left to cn2an
    for units in itertools.product("百千万亿", repeat=3):
        assert _cn2an("".join(units)) is None  # what units_only skips cn2an for
