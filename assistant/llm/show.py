"""``recap draft --show-prompts``: every section's prompt as the model would get it.

No call is made and nothing is written: anyone can read what the model is asked,
fitted to the same budget (and context window) a real draft would use.
"""

from __future__ import annotations

from pathlib import Path

from assistant.drafting import DraftContext, SectionRequest
from assistant.llm.config import LLMConfig, load_llm_config
from assistant.llm.prompting import PromptBuilder
from assistant.llm.window import Window

ROLE_NAMES = {"system": "系统提示词", "human": "用户提示词"}


def render_prompts(ctx: DraftContext, config: LLMConfig | None = None) -> str:
    config = config or LLMConfig()
    window = Window(config.token_budget, config.max_output_tokens, size=config.window(),
                    factor=config.tokenizer_factor)
    builder = PromptBuilder(ctx, token_budget=config.token_budget, length=config.length,
                            tone=config.tone)
    parts = []
    for planned in ctx.outline():
        header = f"======== {planned.title}（章节 id：{planned.id}）========"
        if planned.missing:
            parts.append(f"{header}\n（素材不足，不调用模型：{planned.missing}）")
            continue
        prompt = builder.build(SectionRequest(planned), window.budget())
        about = "约 " if not prompt.exact else ""
        lines = [header, f"（提示词 {about}{prompt.tokens} tokens；范文保留 {prompt.examples_kept}/"
                         f"{prompt.examples_total} 段）"]
        for role, content in prompt.messages:
            lines += [f"---- {ROLE_NAMES.get(role, role)} ----", content]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def show_prompts(notes: Path, style: str | None, config_path: Path | None,
                 overrides: dict[str, str] | None = None) -> str:
    """The rendered prompts for a notes file (the model's settings when one is configured)."""
    ctx = DraftContext.from_notes_file(notes, style)
    return render_prompts(ctx, load_llm_config(config_path, overrides=overrides))
