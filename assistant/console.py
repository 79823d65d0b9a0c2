"""The one object that talks to the terminal.

Library code never prints; commands receive a ``UI`` and write through it. Tests
swap in a ``UI`` that records to a string (``UI.recording()``). Every message goes
through ``fullwidth``: no ASCII , : ; ( ) beside a Chinese character reaches the terminal.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.segment import Segment

from assistant.typography import fullwidth

# Control characters other than tab and newline. In text from a notes file or a draft
# they would reach the terminal raw: ESC/OSC sequences can retitle the window, move
# the cursor or hide text. They are shown as visible escapes (\x1b) instead.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


class SafeConsole(Console):
    """A rich ``Console`` that never lets a control character of the content through.

    Rich's own styling and cursor control are added after this filter, so colours
    and live displays still work.
    """

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            seg if seg.control else Segment(_CONTROL.sub(_visible, seg.text), seg.style, seg.control)
            for seg in buffer
        )


class UI:
    def __init__(self, out: Console | None = None, err: Console | None = None) -> None:
        self.out = out or SafeConsole(highlight=False, soft_wrap=True)
        self.err = err or SafeConsole(stderr=True, highlight=False, soft_wrap=True)

    @classmethod
    def recording(cls) -> UI:
        buf_out, buf_err = io.StringIO(), io.StringIO()
        return cls(
            SafeConsole(file=buf_out, width=120, highlight=False, color_system=None),
            SafeConsole(file=buf_err, width=120, highlight=False, color_system=None),
        )

    def info(self, message: str) -> None:
        self.err.print(fullwidth(message), markup=False)

    # Messages are plain text: escape them so "[llm]" or a path in brackets survives.
    def notice(self, message: str) -> None:
        self.err.print(f"[cyan]提示[/cyan] {escape(fullwidth(message))}", highlight=False)

    def success(self, message: str) -> None:
        self.err.print(f"[green]✓[/green] {escape(fullwidth(message))}")

    def warn(self, message: str) -> None:
        self.err.print(f"[yellow]注意[/yellow] {escape(fullwidth(message))}")

    def error(self, message: str) -> None:
        self.err.print(f"[red]错误[/red] {escape(fullwidth(message))}")

    def print(self, *objects: object) -> None:
        """Rich renderables, or strings with rich markup (escape what the user typed)."""
        self.out.print(*(fullwidth(o) if isinstance(o, str) else o for o in objects))

    def show(self, renderable: object) -> None:
        """A long block (a section's text): wrapped at the terminal width, never cropped."""
        self.out.print(renderable, soft_wrap=False)

    def write(self, text: str) -> None:
        """Plain text to standard output, no markup (for JSON and Markdown)."""
        self.out.file.write(text)
