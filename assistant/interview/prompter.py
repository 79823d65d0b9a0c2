"""Reading one line from the user.

``Prompter`` is the small seam between the interview/session and the terminal: the
real one uses prompt_toolkit (pre-filled defaults, Ctrl-U to clear, completion);
tests pass prompt_toolkit pipe input and ``DummyOutput``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class Prompter(Protocol):
    def ask(self, message: str, *, default: str = "", completions: Sequence[str] = ()) -> str:
        """One line of input; raises ``KeyboardInterrupt`` (Ctrl-C) or ``EOFError`` (Ctrl-D)."""
        ...


class PromptToolkitPrompter:
    """A prompt_toolkit session; ``input``/``output`` default to the terminal."""

    def __init__(self, input: Any = None, output: Any = None) -> None:
        self._input = input
        self._output = output
        self._session: Any = None

    def _get_session(self) -> Any:
        if self._session is None:
            from prompt_toolkit import PromptSession

            self._session = PromptSession(input=self._input, output=self._output)
        return self._session

    def ask(self, message: str, *, default: str = "", completions: Sequence[str] = ()) -> str:
        from prompt_toolkit.completion import WordCompleter

        session = self._get_session()
        completer = WordCompleter(list(completions), sentence=True) if completions else None
        result = session.prompt(message, default=default, completer=completer,
                                complete_while_typing=False)
        return str(result)
