"""What an exported report contains, independent of the file format.

``build_document`` reads a draft and its context and lays out the title block, each
section's blocks (from the draft's Markdown), the KPI table and the charts, each in
the section it belongs to. The DOCX and HTML writers only walk this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from assistant.draftfile import Draft
from assistant.drafting import DraftContext
from assistant.export.charts import ChartKind, ChartSpec, plan_charts
from assistant.export.kpi import KpiPosition, KpiRow, kpi_placement, kpi_rows
from assistant.export.markdown import (
    Block,
    BulletList,
    Heading,
    Paragraph,
    Table,
    parse_blocks,
    plain,
)

KPI_TABLE_TITLE = "年度核心指标一览"
_HEADER_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)

# Words that show where in a section a chart belongs (placement only, never numbers).
CHART_HINTS: dict[ChartKind, tuple[str, ...]] = {
    "quarterly": ("季度",),
    "yoy": ("同比", "去年", "上一年"),
    "completion": ("目标", "完成"),
    "channels": ("渠道", "投放", "推广"),
}


@dataclass(frozen=True)
class KpiTable:
    title: str
    rows: tuple[KpiRow, ...]
    source: str  # e.g. "素材文件 shop-2025.toml"


Item = Block | KpiTable | ChartSpec


@dataclass
class ExportSection:
    id: str
    title: str
    level: int  # Markdown level of its heading (## -> 2)
    items: list[Item] = field(default_factory=list)


@dataclass
class ExportDocument:
    title: str
    byline: list[str]  # organisation · team, author (role), 呈报, date
    sections: list[ExportSection]
    kpi: KpiTable | None
    charts: list[ChartSpec]
    author: str = ""

    def items(self) -> list[Item]:
        return [item for s in self.sections for item in s.items]


def _title(draft: Draft, ctx: DraftContext) -> str:
    m = _HEADER_TITLE.search(draft.header)
    return m.group(1).strip() if m else ctx.notes.report.title


def _byline(ctx: DraftContext, today: date) -> list[str]:
    r = ctx.notes.report
    lines: list[str] = []
    who = " · ".join(x for x in (r.organization, r.team) if x)
    if who:
        lines.append(who)
    if r.author:
        lines.append(f"汇报人：{r.author}" + (f"({r.role})" if r.role else ""))
    if r.audience:
        lines.append(f"呈报：{r.audience}")
    lines.append(f"{today.year}年{today.month}月{today.day}日")
    return lines


def _block_text(block: Block) -> str:
    if isinstance(block, Heading | Paragraph):
        return block.text
    if isinstance(block, BulletList):
        return "".join(plain(i.spans) for i in block.items)
    if isinstance(block, Table):
        return "".join(plain(c) for row in [block.header, *block.rows] for c in row)
    return ""


def _after(blocks: list[Block], index: int) -> int:
    """Position just after block ``index`` and what hangs off it (a lead-in's list)."""
    pos = index + 1
    if isinstance(blocks[index], Heading) and pos < len(blocks) and not isinstance(
            blocks[pos], Heading):
        pos += 1
    while pos < len(blocks) and isinstance(blocks[pos], BulletList):
        pos += 1
    return pos


def _lay_out(blocks: list[Block], kpi: KpiTable | None, kpi_position: KpiPosition,
             charts: list[ChartSpec]) -> list[Item]:
    """Blocks with the KPI table in its place and each chart after the text on its topic."""
    inserts: dict[int, list[Item]] = {}
    if kpi is not None:
        lead = 1 if blocks and isinstance(blocks[0], Paragraph) else 0
        at = len(blocks) if kpi_position == "end" else lead
        inserts.setdefault(at, []).append(kpi)
    for chart in charts:
        hints = CHART_HINTS[chart.kind]
        pos = len(blocks)
        for i, block in enumerate(blocks):
            if any(h in _block_text(block) for h in hints):
                pos = _after(blocks, i)
                break
        inserts.setdefault(pos, []).append(chart)
    items: list[Item] = []
    for i in range(len(blocks) + 1):
        items.extend(inserts.get(i, []))
        if i < len(blocks):
            items.append(blocks[i])
    return items


def build_document(draft: Draft, ctx: DraftContext, *, today: date | None = None,
                   notes_name: str = "") -> ExportDocument:
    section_ids = [s.id for s in draft.sections]
    style = ctx.style.name
    rows = kpi_rows(ctx.notes, ctx.facts)
    placement = kpi_placement(style, section_ids)
    kpi_sid: str | None = placement[0] if placement else None
    kpi_position: KpiPosition = placement[1] if placement else "lead"
    kpi = (KpiTable(KPI_TABLE_TITLE, tuple(rows), f"素材文件 {notes_name}" if notes_name else "素材文件")
           if rows and kpi_sid is not None else None)
    charts = plan_charts(ctx.notes, ctx.facts, style, section_ids, kpi_sid)
    sections: list[ExportSection] = []
    for s in draft.sections:
        level, title = s.heading
        blocks = parse_blocks(s.body)
        here = [c for c in charts if c.section == s.id]
        sections.append(ExportSection(s.id, title, level or 2,
                                      _lay_out(blocks, kpi if s.id == kpi_sid else None,
                                               kpi_position, here)))
    r = ctx.notes.report
    return ExportDocument(_title(draft, ctx), _byline(ctx, today or date.today()), sections,
                          kpi, [c for c in charts if c.section is not None], r.author or "")
