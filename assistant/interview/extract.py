"""Optional first step of the interview: pull values out of pasted free-form notes.

Only offered when a model is configured (``load_llm_config(...).configured``). The
model returns, for the interview's own questions, the value *as written* in the
notes (``5860万``, ``24.2%``); every value then goes through the same parsing, unit
conversion and schema validation as a typed answer, and the user accepts or fixes
each one. The model never computes a number.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from assistant.interview.questions import STYLE_GROUPS, Step, plan_steps
from assistant.metrics_catalog import METRICS

Extractor = Callable[[str, list[Step]], list[tuple[str, str]]]


class ExtractedValue(BaseModel):
    key: str = Field(description="字段编号，必须是给定列表中的一个")
    value: str = Field(description="笔记中写的取值原文，保留单位，如 5860万、24.2%")


class Extraction(BaseModel):
    values: list[ExtractedValue] = Field(default_factory=list)


def extractable_steps() -> list[Step]:
    """The single-value questions of every style (loops are left to the interview)."""
    data: dict[str, Any] = {"metrics": {m: {"value": 1.0} for m in METRICS}}
    seen: dict[str, Step] = {}
    for style in STYLE_GROUPS:
        data["report"] = {"style": style}
        for step in plan_steps(data):
            if step.kind == "add" or any(isinstance(p, int) for p in step.path):
                continue
            seen.setdefault(step.key, step)
    return list(seen.values())


EXTRACT_TEMPLATE = "extract"  # prompts/extract.toml
MAX_RETRIES = 1  # the user is waiting at the prompt: one retry, then the questions


def field_list(steps: list[Step]) -> str:
    lines = []
    for step in steps:
        unit = f"，单位 {step.unit}" if step.unit else ""
        choices = ""
        if step.choices:
            choices = "（可选：" + "、".join(v for v, _ in step.choices) + "）"
        lines.append(f"{step.key}：{step.text}{unit}{choices}")
    return "\n".join(lines)


def make_extractor(config_path: Path | None = None) -> Extractor | None:
    """An extractor when a model is configured, else ``None`` (never runs without one)."""
    try:
        from assistant.llm.config import load_llm_config

        config = load_llm_config(config_path)
    except Exception:  # no llm package or a bad config: the interview works without it
        return None
    if not config.configured:
        return None

    def extract(text: str, steps: list[Step]) -> list[tuple[str, str]]:
        from assistant.llm.client import CallError, complete_sync
        from assistant.llm.templates import load_template

        rendered = load_template(EXTRACT_TEMPLATE).render(fields=field_list(steps), notes=text)
        messages = [("system", rendered.system), ("human", rendered.prompt)]
        settings = config.model_copy(update={"max_retries": min(config.max_retries, MAX_RETRIES)})
        try:
            reply = complete_sync(settings, messages, temperature=0, streaming=False,
                                  json_mode=True)
        except CallError as err:
            raise ExtractionError(err.message) from None
        result = parse_extraction(reply.text)
        known = {s.key for s in steps}
        out: list[tuple[str, str]] = []
        for item in result.values:
            if item.key in known and item.value.strip() and item.key not in dict(out):
                out.append((item.key, item.value.strip()))
        return out

    return extract


def parse_extraction(text: str) -> Extraction:
    """The model's JSON (a code fence around it is tolerated); ``ExtractionError`` if unusable."""
    body = text.strip()
    if body.startswith("```"):
        body = body.strip("`").removeprefix("json").strip()
    try:
        return Extraction.model_validate_json(body)
    except ValidationError:
        raise ExtractionError("模型的回复不是约定格式的 JSON，无法提取") from None


class ExtractionError(Exception):
    """The model could not be asked or gave no usable answer (message is redacted)."""
