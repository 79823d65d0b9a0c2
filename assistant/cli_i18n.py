"""Chinese for the command line's own words: help pages, usage errors, ``--version``.

Typer marks its panel titles and notes for gettext (``typer.rich_utils``), but reads
them once, at import; the click it bundles writes its messages in plain English
(``Missing argument 'DRAFT'.``, ``No such command 'drat'.``). ``install()`` sets the
panel strings and wraps the two places where click's text reaches the terminal (the
usage line and the error panel) with ``translate``; command names stay as they are.
Light on purpose: imported by ``cli.py`` on every start.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.typography import COLON, LPAREN, LQUOTE, QUESTION, RPAREN, RQUOTE, fullwidth

USAGE = f"用法{COLON}"
USAGE_WORDS = {"[OPTIONS]": "[选项]", "COMMAND": "命令", "[ARGS]": "[参数]"}

# typer.rich_utils module strings (read when a page is printed).
PANEL_STRINGS = {
    "DEPRECATED_STRING": f"{LPAREN}已弃用{RPAREN} ",
    "DEFAULT_STRING": f"[默认{COLON}{{}}]",
    "ENVVAR_STRING": f"[环境变量{COLON}{{}}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "ABORTED_TEXT": "已中止。",
    "RICH_HELP": "运行 [blue]'{command_path} {help_option}'[/] 查看用法。",
}
HELP_OPTION_HELP = "显示本帮助并退出。"


def _quote(name: str) -> str:
    return f"{LQUOTE}{name.strip(chr(39))}{RQUOTE}"


def _suggest(rest: str | None) -> str:
    if not rest:
        return ""
    names = "、".join(_quote(n.strip()) for n in rest.split(","))
    return f"你是不是想用 {names}{QUESTION}"


# (pattern, replacement) over click's English; the first match wins.
_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^No such command '(.+?)'\.(?:\s*Did you mean (.+)\?)?$", re.S),
     lambda m: f"没有命令 {_quote(m.group(1))}。" + _suggest(m.group(2))),
    (re.compile(r"^No such option: (\S+?)\.?(?:\s*Did you mean (.+)\?)?(?:\s*\(Possible options: (.+)\))?$",
                re.S),
     lambda m: f"没有选项 {m.group(1)}。" + _suggest(m.group(2) or m.group(3))),
    (re.compile(r"^Missing (argument|option|parameter) (.+?)\.(?:\s+(.*))?$", re.S),
     lambda m: f"缺少{ {'argument': '参数', 'option': '选项'}.get(m.group(1), '参数')} "
               f"{_quote(m.group(2).replace(chr(39), ''))}。"
               + (translate(m.group(3)) if m.group(3) else "")),
    (re.compile(r"^Got unexpected extra arguments?(?:\(s\))? \((.+)\)$", re.S),
     lambda m: f"多余的参数{COLON}{m.group(1)}{LPAREN}参数含空格时请加引号{RPAREN}。"),
    (re.compile(r"^Option '(.+?)' requires (?:an argument|\d+ arguments)\.?$"),
     lambda m: f"选项 {m.group(1)} 后面需要跟一个值。"),
    (re.compile(r"^Invalid value for (.+?): (.+)$", re.S),
     lambda m: f"{_quote(m.group(1))} 的值不对{COLON}{translate(m.group(2))}"),
    (re.compile(r"^Invalid value: (.+)$", re.S), lambda m: f"值不对{COLON}{translate(m.group(1))}"),
    (re.compile(r"^(?:Value )?(.+?) is not a valid (integer|float|boolean|int|bool)\.?$"),
     lambda m: f"{m.group(1)} 不是有效的"
               f"{ {'integer': '整数', 'int': '整数', 'float': '数字'}.get(m.group(2), '是/否值')}。"),
    (re.compile(r"^(.+?) is not one of (.+)\.$"), lambda m: f"{m.group(1)} 不是可选值之一{COLON}{m.group(2)}。"),
    (re.compile(r"^(?:File|Path|Directory) '?(.+?)'? does not exist\.?$"),
     lambda m: f"{m.group(1)} 不存在。"),
    (re.compile(r"^Aborted[.!]?$"), lambda m: "已中止。"),
]


def translate(message: str) -> str:
    """click's English message in Chinese (unknown messages are left as they are)."""
    text = message.strip()
    for pattern, build in _RULES:
        m = pattern.match(text)
        if m:
            return fullwidth(build(m))
    return message


def _wrap_usage(formatter_cls: Any) -> None:
    original = formatter_cls.write_usage
    if getattr(original, "_recap", False):
        return

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, chinese in USAGE_WORDS.items():
            args = args.replace(english, chinese)
        original(self, prog, args, USAGE if prefix is None else prefix)

    write_usage._recap = True  # type: ignore[attr-defined]
    formatter_cls.write_usage = write_usage


def _wrap_errors(rich_utils: Any) -> None:
    original = rich_utils.rich_format_error
    if getattr(original, "_recap", False):
        return

    def rich_format_error(self: Any) -> None:
        english = self.format_message()
        chinese = translate(english)
        self.format_message = lambda: chinese  # this instance only
        original(self)

    rich_format_error._recap = True  # type: ignore[attr-defined]
    rich_utils.rich_format_error = rich_format_error


def _wrap_help_text(rich_utils: Any) -> None:
    original = rich_utils._make_rich_text
    if getattr(original, "_recap", False):
        return

    def make_rich_text(*, text: str, **kwargs: Any) -> Any:
        return original(text=fullwidth(text), **kwargs)

    make_rich_text._recap = True  # type: ignore[attr-defined]
    rich_utils._make_rich_text = make_rich_text


def _wrap_help_option(command_cls: Any) -> None:
    original = command_cls.get_help_option
    if getattr(original, "_recap", False):
        return

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option

    get_help_option._recap = True  # type: ignore[attr-defined]
    command_cls.get_help_option = get_help_option


def install() -> None:
    """Put the Chinese strings in place (idempotent)."""
    from typer import _click, rich_utils

    for name, value in PANEL_STRINGS.items():
        setattr(rich_utils, name, value)
    # The help page highlights the usage line by its English prefix; match ours too.
    _wrap_usage(_click.formatting.HelpFormatter)
    _wrap_errors(rich_utils)
    _wrap_help_text(rich_utils)  # help texts: full-width marks beside Chinese
    _wrap_help_option(_click.core.Command)
