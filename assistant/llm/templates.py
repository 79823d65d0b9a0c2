"""Prompt templates kept as files in ``prompts/`` (after simonw/llm's templates.py).

A template is a TOML file with a ``system`` and a ``prompt`` string using
``$variable`` placeholders (``string.Template``; write ``$$`` for a dollar sign).
Rendering with a variable missing is an error, never a silently empty hole.
Literal ``{{fact.id}}`` braces in the text are left alone.
"""

from __future__ import annotations

import string
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.errors import ConfigError


class TemplateError(ConfigError):
    """A prompt template is missing, malformed, or lacks a variable."""


class RenderedPrompt(BaseModel):
    system: str
    prompt: str


class PromptTemplate(BaseModel):
    """One prompt template file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    system: str = ""
    prompt: str
    defaults: dict[str, str] = {}

    def variables(self) -> set[str]:
        found: set[str] = set()
        for text in (self.system, self.prompt):
            found.update(string.Template(text).get_identifiers())
        return found

    def render(self, **params: Any) -> RenderedPrompt:
        """Fill both parts; every ``$variable`` must be given (or have a default)."""
        values = {**self.defaults, **{k: str(v) for k, v in params.items()}}
        missing = sorted(self.variables() - values.keys())
        if missing:
            raise TemplateError(
                f"提示词模板 {self.name} 缺少变量：{'、'.join(missing)}。",
                hint="这是程序或自定义模板的问题，请检查 prompts/ 下的模板文件。",
            )
        try:
            return RenderedPrompt(
                system=string.Template(self.system).substitute(values).strip(),
                prompt=string.Template(self.prompt).substitute(values).strip(),
            )
        except ValueError as exc:  # a lone "$" in the template text
            raise TemplateError(f"提示词模板 {self.name} 中有不合法的 $ 用法：{exc}",
                                hint="字面的 $ 要写成 $$。") from None


def load_template(name: str, directory: Path | None = None) -> PromptTemplate:
    """Load ``prompts/<name>.toml``."""
    if directory is None:
        from assistant.resources import prompts_dir

        directory = prompts_dir()
    return _load(directory / f"{name}.toml", name)


@cache
def _load(path: Path, name: str) -> PromptTemplate:
    if not path.is_file():
        raise TemplateError(f"找不到提示词模板：{path}",
                            hint="安装可能不完整，请重新安装 recap。")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TemplateError(f"提示词模板 {path} 格式有误：{exc}") from None
    try:
        return PromptTemplate(name=name, **data)
    except ValidationError as exc:
        raise TemplateError(f"提示词模板 {path} 字段有误：{exc.errors()[0].get('msg')}") from None


def load_text(relative: str, directory: Path | None = None) -> str:
    """A plain text fragment from ``prompts/`` (e.g. a style's rules)."""
    if directory is None:
        from assistant.resources import prompts_dir

        directory = prompts_dir()
    path = directory / relative
    if not path.is_file():
        raise TemplateError(f"找不到提示词文件：{path}", hint="安装可能不完整，请重新安装 recap。")
    return path.read_text(encoding="utf-8").strip()
