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

from pydantic import BaseModel, Field

from assistant.interview.questions import STYLE_GROUPS, Step, plan_steps
from assistant.metrics_catalog import METRICS

Extractor = Callable[[str, list[Step]], list[tuple[str, str]]]


class ExtractedValue(BaseModel):
    key: str = Field(description="字段编号,必须是给定列表中的一个")
    value: str = Field(description="笔记中写的取值原文,保留单位,如 5860万、24.2%")


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


SYSTEM_PROMPT = """你帮助电商运营人员整理年终总结素材。用户会粘贴一段自由书写的笔记。
下面列出了若干字段(编号:问题,单位)。只提取笔记中明确写出的值,不要推算、换算或猜测;
取值照抄原文(保留单位,如 5860万、24.2%、¥168),一个字段只给一个值;笔记里没有的字段不要输出。
列表类字段用分号“;”隔开多条。报告风格字段只能是 data、narrative、project 之一。
只输出 JSON,格式:{"values": [{"key": "字段编号", "value": "原文取值"}]}"""


def field_list(steps: list[Step]) -> str:
    lines = []
    for step in steps:
        unit = f",单位 {step.unit}" if step.unit else ""
        choices = ""
        if step.choices:
            choices = "(可选:" + "、".join(v for v, _ in step.choices) + ")"
        lines.append(f"{step.key}:{step.text}{unit}{choices}")
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
        from langchain_openai import ChatOpenAI

        secret = config.secret()
        llm = ChatOpenAI(
            model=config.model,
            base_url=config.base_url,
            api_key=secret or "not-needed",  # type: ignore[arg-type]
            temperature=0,
            timeout=config.timeout,
            max_retries=1,
        )
        structured = llm.with_structured_output(Extraction, method="json_mode")
        messages = [
            ("system", SYSTEM_PROMPT + "\n\n字段:\n" + field_list(steps)),
            ("human", text),
        ]
        try:
            result = structured.invoke(messages)
        except Exception as exc:
            message = str(exc)
            if secret:
                message = message.replace(secret, "***")
            raise ExtractionError(message[:200]) from None
        if not isinstance(result, Extraction):
            result = Extraction.model_validate(result)
        known = {s.key for s in steps}
        out: list[tuple[str, str]] = []
        for item in result.values:
            if item.key in known and item.value.strip() and item.key not in dict(out):
                out.append((item.key, item.value.strip()))
        return out

    return extract


class ExtractionError(Exception):
    """The model could not be asked or gave no usable answer (message is redacted)."""
