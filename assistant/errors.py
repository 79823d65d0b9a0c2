"""Errors that are shown to the user.

Every error here carries a message in Chinese that says what went wrong and what to
do next. The CLI prints ``str(error)`` without a traceback and exits with
``exit_code``. Library code raises these; it never prints.
"""

from __future__ import annotations


class RecapError(Exception):
    """Base class: an error the user can act on."""

    exit_code: int = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n提示：{self.hint}"
        return self.message


class InputError(RecapError):
    """A file the user gave us cannot be used (missing, unreadable, malformed)."""


class NotesError(InputError):
    """A notes file is malformed. Names the file, line, field path and expectation."""

    def __init__(
        self,
        path: str,
        problems: list[NotesProblem],
        total: int | None = None,
    ) -> None:
        self.path = path
        self.problems = problems
        lines = [f"素材文件 {path} 有 {total or len(problems)} 处问题，未作任何修改："]
        for p in problems:
            lines.append("  - " + p.describe())
        super().__init__(
            "\n".join(lines),
            hint="按上面的字段路径改正素材文件后重新运行；格式说明见 README 的“素材文件”一节。",
        )


class NotesProblem:
    """One problem in a notes file: where it is and what was expected."""

    def __init__(self, field: str, expected: str, line: int | None = None) -> None:
        self.field = field
        self.expected = expected
        self.line = line

    def describe(self) -> str:
        where = f"第 {self.line} 行，" if self.line else ""
        field = f"字段 {self.field}\uff1a" if self.field else ""
        return f"{where}{field}{self.expected}"

    def __repr__(self) -> str:
        return f"NotesProblem({self.field!r}, {self.expected!r}, line={self.line})"


class OutputError(InputError):
    """A file cannot be written where the user asked (or must not be: it is an input)."""


class DraftFileError(InputError):
    """A draft Markdown file cannot be parsed or does not fit its notes."""




class ConfigError(RecapError):
    """The configuration (config.toml, user config, environment) is invalid."""


class ModelError(RecapError):
    """The language model endpoint failed in a way retries did not fix."""

    exit_code = 1
