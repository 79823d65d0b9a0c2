"""Pydantic models for the notes file described in ``shared/spec/notes-format.md``.

Unknown keys are refused (``extra="forbid"``) so a typo such as ``last_yaer`` is
reported instead of silently dropping a number from the report.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from assistant.metrics_catalog import known_metric
from assistant.units import is_percent

StyleName = Literal["data", "narrative", "project"]
ChannelKind = Literal["paid", "free", "private", "content", "social"]


def _as_list(value: object) -> object:
    """Accept a single string where a list of strings is expected."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    return value


TextList = Annotated[list[str], BeforeValidator(_as_list)]
# TOML ints and floats both land here. Strict: a quoted "5860" or a true is refused,
# not coerced; nan and inf are refused (every derived fact must stay finite).
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Count = Annotated[int, Field(strict=True)]
# A unit is a word or two (万元, 个百分点); it is repeated beside every number of the
# metric in drafts, tables and charts, so a runaway one is refused at load.
Unit = Annotated[str, Field(max_length=40)]


# Ids of metrics and plan targets: the fact engine builds ids such as gmv.target from
# them, so a dot would let a notes id collide with a derived one.
_ID = re.compile(r"[\w\-]{1,80}")


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, validate_assignment=True)


class Report(_Model):
    title: str
    year: Count = Field(ge=2000, le=2100)
    organization: str | None = None
    team: str | None = None
    author: str | None = None
    role: str | None = None
    style: StyleName | None = None
    audience: str | None = None
    duties: TextList = Field(default_factory=list)


class Metric(_Model):
    value: Number
    unit: Unit | None = None
    label: str | None = None
    target: Number | None = None
    last_year: Number | None = None
    quarterly: list[Number] | None = Field(default=None, min_length=4, max_length=4)
    note: str | None = None


class Channel(_Model):
    name: str
    kind: ChannelKind | None = None
    spend: Number | None = Field(default=None, ge=0)
    gmv: Number | None = Field(default=None, ge=0)
    roi: Number | None = Field(default=None, ge=0)
    users: Number | None = Field(default=None, ge=0)
    unit: Unit | None = None
    note: str | None = None


Share = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=100)]


class ProductSegment(_Model):
    segment: str
    sku_share: Share | None = None
    traffic_share: Share | None = None
    order_share: Share | None = None
    sales_share: Share | None = None
    profit_share: Share | None = None
    note: str | None = None


ItemId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]*$", max_length=40)]


class Campaign(_Model):
    name: str
    id: ItemId | None = None  # stable section id; default: a slug of the name
    period: str | None = None
    actions: TextList = Field(default_factory=list)
    results: TextList = Field(default_factory=list)
    reflection: TextList = Field(default_factory=list)


class Project(_Model):
    name: str
    id: ItemId | None = None  # stable section id; default: a slug of the name
    role: str | None = None
    background: str | None = None
    goal: str | None = None
    actions: TextList = Field(default_factory=list)
    results: TextList = Field(default_factory=list)
    lessons: TextList = Field(default_factory=list)
    shortfalls: TextList = Field(default_factory=list)


class Review(_Model):
    highlights: TextList = Field(default_factory=list)
    problems: TextList = Field(default_factory=list)
    lessons: TextList = Field(default_factory=list)
    notes: str | None = None


class Team(_Model):
    size: Count | None = Field(default=None, ge=0)
    initiatives: TextList = Field(default_factory=list)
    notes: str | None = None


class Growth(_Model):
    skills: TextList = Field(default_factory=list)
    shortfalls: TextList = Field(default_factory=list)


class PlanTarget(_Model):
    value: Number
    unit: Unit | None = None
    label: str | None = None


class Plan(_Model):
    strategies: TextList = Field(default_factory=list)
    personal_goals: TextList = Field(default_factory=list)
    targets: dict[str, PlanTarget] = Field(default_factory=dict)


class Notes(_Model):
    """A whole notes file."""

    report: Report
    metrics: dict[str, Metric] = Field(default_factory=dict)
    channels: list[Channel] = Field(default_factory=list)
    products: list[ProductSegment] = Field(default_factory=list)
    campaigns: list[Campaign] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    review: Review = Field(default_factory=Review)
    team: Team = Field(default_factory=Team)
    growth: Growth = Field(default_factory=Growth)
    plan: Plan = Field(default_factory=Plan)

    @model_validator(mode="after")
    def _check_metrics(self) -> Notes:
        for table, ids in (("metrics", self.metrics), ("plan.targets", self.plan.targets)):
            for metric_id in ids:
                if not _ID.fullmatch(metric_id):
                    raise ValueError(
                        f"@{table}.{metric_id}|id “{_short(metric_id)}” 不能用：id 只能由文字、字母、数字、"
                        f"下划线和连字符组成，最长 80 个字符"
                        f"（不能含点号，否则会与程序推算的数字如 gmv.target、gmv.yoy 重名）"
                    )
        for metric_id, metric in self.metrics.items():
            info = known_metric(metric_id)
            if info is None and not (metric.label and metric.label.strip()):
                raise ValueError(
                    f"@metrics.{metric_id}.label|未知的指标 id “{metric_id}” 需要填写 label（中文名称），"
                    f"或改用已知指标 id（如 gmv、repurchase_rate）"
                )
            unit = metric.unit if metric.unit is not None else (info.unit if info else None)
            if info is not None and info.is_share and is_percent(unit):
                for name in ("value", "target", "last_year"):
                    v = getattr(metric, name)
                    if v is not None and not 0 <= v <= 100:
                        raise ValueError(
                            f"@metrics.{metric_id}.{name}|{info.label}是百分比，应在 0 到 100 之间，"
                            f"现在是 {v:g}"
                        )
        for target_id, target in self.plan.targets.items():
            info = known_metric(target_id)
            current = self.metrics.get(target_id)
            if info is None and current is None and not target.label:
                raise ValueError(
                    f"@plan.targets.{target_id}.label|未知的指标 id “{target_id}” 需要填写 label,"
                    f"或在 [metrics.{target_id}] 中给出同名指标"
                )
            unit = target.unit if target.unit is not None else (info.unit if info else None)
            if info is not None and info.is_share and is_percent(unit) and not 0 <= target.value <= 100:
                raise ValueError(
                    f"@plan.targets.{target_id}.value|{info.label}是百分比，应在 0 到 100 之间，"
                    f"现在是 {target.value:g}"
                )
        return self

    # -- helpers used by the fact engine and the drafter -------------------------------

    def metric_label(self, metric_id: str) -> str:
        metric = self.metrics.get(metric_id)
        if metric is not None and metric.label:
            return metric.label
        info = known_metric(metric_id)
        if info is not None:
            return info.label
        target = self.plan.targets.get(metric_id)
        if target is not None and target.label:
            return target.label
        return metric_id

    def metric_unit(self, metric_id: str) -> str:
        metric = self.metrics.get(metric_id)
        if metric is not None and metric.unit is not None:
            return metric.unit
        info = known_metric(metric_id)
        return info.unit if info else ""

    def effective_style(self) -> StyleName:
        if self.report.style:
            return self.report.style
        return "project" if self.projects and not self.channels else "data"
