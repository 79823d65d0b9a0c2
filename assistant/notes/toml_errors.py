"""tomllib's English syntax errors as Chinese, with the line and column they name."""

from __future__ import annotations

import re

from assistant.typography import fullwidth

_WHERE = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")

# (English pattern, Chinese); ``{0}`` is the first group of the pattern.
_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Illegal character '\\n'$"), "字符串在行尾前没有结束（缺少右引号 \"）"),
    (re.compile(r"^Illegal character (.+)$"), "这里不能出现字符 {0}"),
    (re.compile(r"^Cannot overwrite a value$"), "同一个字段写了两次（或与已有的表重名）"),
    (re.compile(r"^Cannot declare \((.+?),?\) twice$"), "表 [{0}] 出现了两次"),
    (re.compile(r"^Expected '\]' at the end of a table declaration$"), "表名缺少右方括号 ]"),
    (re.compile(r"^Expected '\]\]' at the end of an array declaration$"), "表名缺少右方括号 ]]"),
    (re.compile(r"^Unclosed array$"), "列表缺少右方括号 ]"),
    (re.compile(r"^Unclosed inline table$"), "内联表缺少右花括号 }"),
    (re.compile(r"^Invalid value$"), "值写得不对（文本要用英文双引号括起来，数字不要带单位）"),
    (re.compile(r"^Invalid statement$"), "这一行看不懂（应为 字段 = 值，或 [表名]）"),
    (re.compile(r"^Expected '=' after a key in a key/value pair$"),
     "字段名后面缺少 =（字段名含空格时要加引号）"),
    (re.compile(r"^Expected newline or end of document after a statement$"),
     "值后面多了内容（一行只写一个 字段 = 值；文本要用英文双引号括起来）"),
    (re.compile(r"^(?:Unterminated string|Expected (?:\"'\"|'\"'|\"'''\"|'\"\"\"'))$"),
     "字符串没有结束（缺少右引号）"),
    (re.compile(r"^Invalid initial character for a key part$"), "字段名的第一个字符不对"),
    (re.compile(r"^Found invalid character in key name: (.+?)\..*$"), "字段名里有不能用的字符 {0}"),
    (re.compile(r"^Invalid date or datetime$"), "日期或时间的写法不对"),
]


def describe_toml_error(message: str, text: str) -> tuple[int | None, str]:
    """(line, Chinese description with the column) for a ``TOMLDecodeError`` message."""
    where = _WHERE.search(message)
    english = message[:where.start()] if where else message
    line: int | None = None
    column = ""
    if where and where.group(1):
        line = int(where.group(1))
        column = f"第 {where.group(2)} 列："
    elif where:
        line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        column = "文件末尾："
    for pattern, chinese in _MESSAGES:
        m = pattern.match(english.strip())
        if m:
            return line, fullwidth(f"{column}不是合法的 TOML,{chinese.format(*m.groups())}")
    return line, fullwidth(f"{column}不是合法的 TOML({english.strip()})")
