"""The KPI table: one row per metric of the notes, every cell a fact's text.

Nothing here computes a number. Cells are ``Fact.text`` (magnitudes formatted by the
fact engine); the only thing added is the sign of a change, read from the sign of the
fact's value, so a table cell can say ``+24.2%`` where a sentence says ``增长24.2%``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

from assistant.facts import Fact, FactSet
from assistant.notes.schema import Notes
from assistant.units import is_percent

KPI_HEADER = ("指标", "本年", "去年", "同比", "目标", "完成率")
EMPTY = "—"


@dataclass(frozen=True)
class KpiRow:
    metric_id: str
    label: str
    this_year: str
    last_year: str = EMPTY
    change: str = EMPTY  # 同比: relative change, or points for percentage metrics
    target: str = EMPTY
    completion: str = EMPTY
    favorable: bool | None = None  # is the change good news?

    def cells(self) -> tuple[str, str, str, str, str, str]:
        return (self.label, self.this_year, self.last_year, self.change, self.target,
                self.completion)


def signed_text(fact: Fact) -> str:
    """A change as a table shows it: ``+24.2%``, ``-2.6个百分点``, ``持平``."""
    if fact.phrase == "基本持平" or fact.value == 0:
        return "持平"
    return ("+" if fact.value > 0 else "-") + fact.text


def _text(facts: FactSet, fid: str) -> str:
    fact = facts.get(fid)
    return fact.text if fact is not None else EMPTY


def change_fact(notes: Notes, facts: FactSet, mid: str) -> Fact | None:
    """The year-on-year change a table or chart shows for a metric.

    For a percentage (毛利率 41.2% vs 38.6%) the honest change is in points (+2.6个百分点),
    not the relative change of a rate (+6.7%).
    """
    change = facts.get(f"{mid}.diff") if is_percent(notes.metric_unit(mid)) else None
    return change if change is not None else facts.get(f"{mid}.yoy")


def kpi_rows(notes: Notes, facts: FactSet) -> list[KpiRow]:
    """Every metric of the notes, in notes order, with whatever comparisons it has."""
    rows: list[KpiRow] = []
    for mid in notes.metrics:
        value = facts.get(mid)
        if value is None:
            continue
        change = change_fact(notes, facts, mid)
        rows.append(KpiRow(
            metric_id=mid,
            label=value.label,
            this_year=value.text,
            last_year=_text(facts, f"{mid}.last_year"),
            change=signed_text(change) if change is not None else EMPTY,
            target=_text(facts, f"{mid}.target"),
            completion=_text(facts, f"{mid}.completion"),
            favorable=change.favorable if change is not None else None,
        ))
    return rows


# Where the table goes, per style: the first section present in the draft wins.
# "lead": after the section's opening paragraph; "end": after the whole section
# (narrative: the table closes the preface, before chapter one).
KpiPosition = Literal["lead", "end"]
def _kpi_placement_table() -> dict[str, tuple[tuple[str, KpiPosition], ...]]:
    """Per style, the sections that may hold the KPI table, in order (from the section specs)."""
    from assistant.styles import STYLES

    return {name: tuple((spec.id, cast(KpiPosition, spec.kpi)) for spec in style.sections
                        if spec.kpi in ("lead", "end"))
            for name, style in STYLES.items()}


KPI_PLACEMENT: dict[str, tuple[tuple[str, KpiPosition], ...]] = _kpi_placement_table()


def kpi_placement(style: str | None, section_ids: list[str]) -> tuple[str, KpiPosition] | None:
    """The section the KPI table belongs to and where in it; the first section if none fits."""
    for sid, position in KPI_PLACEMENT.get(style or "", ()):
        if sid in section_ids:
            return sid, position
    return (section_ids[0], "lead") if section_ids else None


def kpi_section(style: str | None, section_ids: list[str]) -> str | None:
    placed = kpi_placement(style, section_ids)
    return placed[0] if placed else None
