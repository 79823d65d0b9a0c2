"""The model's own context window, shared by every section of one run.

recap counts prompts with cl100k; a local model's tokenizer may charge Chinese far
more (a Llama-family model counted 9,598–12,160 tokens where cl100k counted under
6,000). With ``context_window`` configured, the prompt budget (cl100k tokens) is::

    min(token_budget, (context_window - reserved_for_reply) / tokenizer_factor)

and the reply may use ``reserved_for_reply`` tokens. A server's context-length 400
teaches the window (when it says how big its window is and how long the prompt
was, the real tokenizer ratio too); otherwise the budget shrinks by ``SHRINK``
and the section is asked again with fewer example passages.
"""

from __future__ import annotations

from dataclasses import dataclass

SHRINK = 0.6
MIN_BUDGET = 300
REPLY_SHARE = 4  # at most a quarter of a small window goes to the reply
LEARN_MARGIN = 1.1


@dataclass
class Window:
    token_budget: int
    max_output_tokens: int
    size: int | None = None  # the model's window in its own tokens
    factor: float = 2.0  # model tokens per cl100k token
    scale: float = 1.0  # shrink applied after context errors that gave no figures

    @property
    def reply_tokens(self) -> int:
        if self.size is None:
            return self.max_output_tokens
        return max(64, min(self.max_output_tokens, self.size // REPLY_SHARE))

    def budget(self) -> int:
        """Prompt budget in cl100k tokens."""
        budget = float(self.token_budget)
        if self.size is not None:
            budget = min(budget, (self.size - self.reply_tokens) / self.factor)
        return max(MIN_BUDGET, int(budget * self.scale))

    def learn(self, *, sent_tokens: int, sent_budget: int, limit: int | None,
              requested: int | None) -> None:
        """A prompt of ``sent_tokens`` (cl100k) built for ``sent_budget`` was too long."""
        if limit is not None and (self.size is None or limit < self.size):
            self.size = limit
        if requested and sent_tokens:
            self.factor = max(self.factor, requested / sent_tokens * LEARN_MARGIN)
        current = self.budget()
        if current >= min(sent_budget, sent_tokens):
            # Nothing said how much too long: aim below what was sent. Sections that
            # fail at once with the same prompt size shrink the budget only once.
            target = SHRINK * min(sent_budget, sent_tokens)
            self.scale = min(self.scale, self.scale * target / current)
