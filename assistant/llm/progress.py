"""Progress of a model draft: the chain reports events, a display shows them.

The chain only calls a ``ProgressSink``; it never prints. ``LiveProgress`` renders
the events through the ``UI``'s stderr console: a live table (section, status,
tokens, elapsed) on a terminal, one line per finished section otherwise.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

from assistant.console import UI

if TYPE_CHECKING:
    from rich.table import Table


class ProgressSink(Protocol):
    def started(self, section_id: str, title: str, prompt_tokens: int) -> None: ...

    def update(self, section_id: str, *, status: str | None = None,
               completion_tokens: int | None = None) -> None: ...

    def finished(self, section_id: str, *, ok: bool, status: str, prompt_tokens: int,
                 completion_tokens: int) -> None: ...


class NullProgress:
    def started(self, section_id: str, title: str, prompt_tokens: int) -> None:
        pass

    def update(self, section_id: str, *, status: str | None = None,
               completion_tokens: int | None = None) -> None:
        pass

    def finished(self, section_id: str, *, ok: bool, status: str, prompt_tokens: int,
                 completion_tokens: int) -> None:
        pass


@dataclass
class _Row:
    title: str
    status: str = "等待中"
    prompt_tokens: int = 0
    completion_tokens: int = 0
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    ok: bool | None = None

    def elapsed(self) -> float:
        return (self.ended or time.monotonic()) - self.started


class LiveProgress:
    """Shows per-section progress on the UI's stderr console."""

    def __init__(self, ui: UI, heading: str = "模型起草中") -> None:
        self.ui = ui
        self.heading = heading
        self.rows: dict[str, _Row] = {}
        self._live: object | None = None

    def __enter__(self) -> LiveProgress:
        if self.ui.err.is_terminal:
            from rich.live import Live

            live = Live(console=self.ui.err, refresh_per_second=8, transient=True,
                        get_renderable=self._render)
            live.start()
            self._live = live
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._live is not None:
            from rich.live import Live

            if isinstance(self._live, Live):
                self._live.stop()
            self._live = None

    def _render(self) -> Table:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=Text(self.heading), title_justify="left", box=None, pad_edge=False)
        table.add_column("章节")
        table.add_column("状态")
        table.add_column("tokens（入/出）", justify="right")
        table.add_column("用时", justify="right")
        for row in self.rows.values():
            mark = "" if row.ok is None else ("✓ " if row.ok else "✗ ")
            table.add_row(Text(row.title), Text(mark + row.status),  # plain text, no markup
                          f"{row.prompt_tokens}/{row.completion_tokens}",
                          f"{row.elapsed():.1f}s")
        return table

    # -- ProgressSink ----------------------------------------------------------------

    def started(self, section_id: str, title: str, prompt_tokens: int) -> None:
        self.rows[section_id] = _Row(title, "起草中", prompt_tokens)

    def update(self, section_id: str, *, status: str | None = None,
               completion_tokens: int | None = None) -> None:
        row = self.rows.get(section_id)
        if row is None:
            return
        if status is not None:
            row.status = status
            if self._live is None:
                self.ui.info(f"  · {row.title}:{status}")
        if completion_tokens is not None:
            row.completion_tokens = completion_tokens

    def finished(self, section_id: str, *, ok: bool, status: str, prompt_tokens: int,
                 completion_tokens: int) -> None:
        row = self.rows.setdefault(section_id, _Row(section_id))
        row.ok, row.status, row.ended = ok, status, time.monotonic()
        row.prompt_tokens, row.completion_tokens = prompt_tokens, completion_tokens
        if self._live is None:
            mark = "✓" if ok else "✗"
            self.ui.info(f"{mark} {row.title}:{status}(tokens {prompt_tokens}/"
                         f"{completion_tokens},{row.elapsed():.1f}s)")
