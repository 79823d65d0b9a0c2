"""Charts for the export: what to draw (from facts) and drawing it (matplotlib, Agg).

``plan_charts`` decides which charts a notes file has data for and which section each
belongs in; every bar height is a ``Fact.value`` and every bar label a ``Fact.text``.
``render`` draws one chart to PNG (print resolution) or SVG. matplotlib is imported
only when drawing.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from assistant.export.fonts import ChartFont, register_chart_font
from assistant.export.kpi import change_fact, signed_text
from assistant.facts import Fact, FactSet
from assistant.notes.schema import Notes

ChartKind = Literal["quarterly", "yoy", "channels", "completion"]
PNG_DPI = 200
FIG_WIDTH_IN = 6.3  # 16 cm: the text width of an A4 page with 2.5 cm margins
MAX_YOY_PANELS = 8
# Charts stay a handful whatever the notes hold (each takes a fraction of a second to
# draw; 10,000 metrics must not mean 10,000 charts): the first ones, in notes order.
MAX_QUARTERLY_CHARTS = 6
MAX_BARS = 20  # bars in the completion and channel charts

# English fallbacks when no Chinese font exists (labels, never numbers).
EN_METRIC_LABELS = {
    "gmv": "GMV", "gross_profit": "Gross profit", "gross_margin": "Gross margin",
    "net_profit": "Net profit", "net_margin": "Net margin", "new_users": "New users",
    "mau": "MAU", "dau": "DAU", "repurchase_rate": "Repurchase rate", "aov": "AOV",
    "ad_spend": "Ad spend", "roi": "ROI", "cac": "CAC", "conversion_rate": "Conversion",
    "inventory_turnover_days": "Inventory days", "stockout_rate": "Stockout rate",
    "slow_stock_ratio": "Slow stock", "first_response_seconds": "First response",
    "satisfaction": "Satisfaction", "ship_hours": "Ship hours", "delivery_days": "Delivery days",
    "dsr_description": "DSR description", "dsr_service": "DSR service",
    "dsr_logistics": "DSR logistics", "new_products": "New products",
    "new_product_sell_through": "New product sell-through", "visitors": "Visitors",
}
EN_UNITS = {"万元": "10k CNY", "元": "CNY", "亿元": "100M CNY", "万人": "10k people",
            "人": "people", "%": "%", "天": "days", "秒": "s", "小时": "h", "分": "pts",
            "款": "items", "个": "count"}
_ASCII = re.compile(r"^[\x20-\x7e]*$")

# Which section each chart belongs in, per style (first present wins; else the KPI
# table's section, else the first section).
def _chart_placement_table() -> dict[str, dict[ChartKind, tuple[str, ...]]]:
    """Per style and chart kind, the sections that may hold the chart, in order of preference:
    sections that host it first, then sections that take it when those are absent
    (from the section specs in assistant/styles.py)."""
    from assistant.styles import STYLES

    table: dict[str, dict[ChartKind, tuple[str, ...]]] = {}
    for name, style in STYLES.items():
        kinds: dict[ChartKind, tuple[str, ...]] = {}
        for kind in CHART_KINDS:
            hosts = tuple(s.id for s in style.sections if kind in s.charts)
            fallbacks = tuple(s.id for s in style.sections if kind in s.chart_fallback)
            if hosts or fallbacks:
                kinds[kind] = hosts + fallbacks
        table[name] = kinds
    return table


CHART_KINDS: tuple[ChartKind, ...] = ("quarterly", "yoy", "channels", "completion")
CHART_PLACEMENT: dict[str, dict[ChartKind, tuple[str, ...]]] = _chart_placement_table()


@dataclass(frozen=True)
class Series:
    name: str
    name_en: str
    values: tuple[float, ...]  # Fact.value, unrounded
    texts: tuple[str, ...]  # Fact.text, as the report states it
    texts_en: tuple[str, ...]


@dataclass(frozen=True)
class Panel:
    title: str
    title_en: str
    categories: tuple[str, ...]
    categories_en: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    unit_en: str = ""
    note: str = ""  # e.g. the change, shown under a yoy panel
    note_en: str = ""


@dataclass(frozen=True)
class ChartSpec:
    id: str
    kind: ChartKind
    title: str  # caption (Chinese)
    title_en: str
    panels: tuple[Panel, ...]
    section: str | None = None  # section id it is placed in
    horizontal: bool = False
    reference: float | None = None  # e.g. 100 for target completion
    fact_ids: tuple[str, ...] = field(default=())  # the facts drawn, for tests and audits


# -- planning (facts -> specs) -----------------------------------------------------------


def _number_en(fact: Fact) -> str:
    """``5860万元`` -> ``5860``; ``24.2%`` stays; used only when Chinese cannot be drawn."""
    text = fact.text
    if fact.unit and fact.unit != "%" and text.endswith(fact.unit):
        text = text[: -len(fact.unit)]
    return text if _ASCII.match(text) else text.encode("ascii", "ignore").decode() or "?"


def _signed_en(change: Fact) -> str:
    if signed_text(change) == "持平":
        return "flat"
    pts = " pts" if change.unit == "个百分点" else ""
    return ("+" if change.value > 0 else "-") + _number_en(change) + pts


def _metric_en(notes: Notes, mid: str, index: int) -> str:
    """English label; ``index`` is the metric's 1-based place in the notes."""
    label = EN_METRIC_LABELS.get(mid, mid.replace("_", " "))
    if _ASCII.match(label):
        return label
    return f"Metric {index}"


def _series(name: str, name_en: str, facts: list[Fact]) -> Series:
    return Series(name, name_en, tuple(f.value for f in facts), tuple(f.text for f in facts),
                  tuple(_number_en(f) for f in facts))


def _quarterly(notes: Notes, facts: FactSet) -> list[ChartSpec]:
    charts: list[ChartSpec] = []
    for k, mid in enumerate(notes.metrics, 1):
        if len(charts) == MAX_QUARTERLY_CHARTS:
            break
        qs = [facts.get(f"{mid}.q{i}") for i in range(1, 5)]
        if any(q is None for q in qs):
            continue
        quarters = [q for q in qs if q is not None]
        label = notes.metric_label(mid)
        unit = notes.metric_unit(mid)
        en = _metric_en(notes, mid, k)
        panel = Panel(f"{label}季度走势", f"{en} by quarter",
                      ("第一季度", "第二季度", "第三季度", "第四季度"), ("Q1", "Q2", "Q3", "Q4"),
                      (_series(label, en, quarters),), unit, EN_UNITS.get(unit, ""))
        charts.append(ChartSpec(f"quarterly-{mid}", "quarterly", f"{label}季度走势",
                                f"{en} by quarter", (panel,),
                                fact_ids=tuple(q.id for q in quarters)))
    return charts


def _yoy(notes: Notes, facts: FactSet) -> list[ChartSpec]:
    panels: list[Panel] = []
    ids: list[str] = []
    for k, mid in enumerate(notes.metrics, 1):  # the order the user wrote them in
        now, before = facts.get(mid), facts.get(f"{mid}.last_year")
        if now is None or before is None:
            continue
        change = change_fact(notes, facts, mid)
        label = notes.metric_label(mid)
        unit = notes.metric_unit(mid)
        en = _metric_en(notes, mid, k)
        note = f"同比{signed_text(change)}" if change is not None else ""
        note_en = f"YoY {_signed_en(change)}" if change is not None else ""
        panels.append(Panel(label, en, ("去年", "本年"), ("Last year", "This year"),
                            (_series(label, en, [before, now]),), unit,
                            EN_UNITS.get(unit, ""), note, note_en))
        ids += [before.id, now.id]
        if len(panels) == MAX_YOY_PANELS:
            break
    if not panels:
        return []
    return [ChartSpec("yoy", "yoy", "核心指标本年与去年对比", "This year vs last year",
                      tuple(panels), fact_ids=tuple(ids))]


def _channels(notes: Notes, facts: FactSet) -> list[ChartSpec]:
    names: list[str] = []
    names_en: list[str] = []
    spend: list[Fact | None] = []
    gmv: list[Fact | None] = []
    for i, channel in enumerate(notes.channels, 1):
        if len(names) == MAX_BARS:
            break
        s, g = facts.get(f"channel{i}.spend_share"), facts.get(f"channel{i}.gmv_share")
        if s is None and g is None:
            continue
        names.append(channel.name)
        names_en.append(channel.name if _ASCII.match(channel.name) else f"Channel {i}")
        spend.append(s)
        gmv.append(g)
    if len(names) < 2:
        return []
    series: list[Series] = []
    for name, name_en, column in (("投入占比", "Spend share", spend), ("GMV占比", "GMV share", gmv)):
        if any(f is not None for f in column):
            # A channel without this share gets an empty bar labelled "—".
            series.append(Series(name, name_en,
                                 tuple(f.value if f else 0.0 for f in column),
                                 tuple(f.text if f else "—" for f in column),
                                 tuple(_number_en(f) if f else "-" for f in column)))
    panel = Panel("各渠道投入与GMV占比", "Channel shares", tuple(names), tuple(names_en),
                  tuple(series), "%", "%")
    ids = tuple(f.id for column in (spend, gmv) for f in column if f is not None)
    return [ChartSpec("channels", "channels", "各渠道投入与GMV占比",
                      "Spend and GMV share by channel", (panel,), horizontal=True, fact_ids=ids)]


def _completion(notes: Notes, facts: FactSet) -> list[ChartSpec]:
    done: list[Fact] = []
    labels: list[str] = []
    labels_en: list[str] = []
    for k, mid in enumerate(notes.metrics, 1):
        if len(done) == MAX_BARS:
            break
        fact = facts.get(f"{mid}.completion")
        if fact is None:
            continue
        done.append(fact)
        labels.append(notes.metric_label(mid))
        labels_en.append(_metric_en(notes, mid, k))
    if not done:
        return []
    panel = Panel("目标完成率", "Target completion", tuple(labels), tuple(labels_en),
                  (_series("完成率", "Completion", done),), "%", "%")
    return [ChartSpec("completion", "completion", "年度目标完成率", "Target completion",
                      (panel,), horizontal=True, reference=100.0,
                      fact_ids=tuple(f.id for f in done))]


# Beyond this, matplotlib's axis and tick arithmetic overflows (1.7e308 crashed it);
# such a chart is left out (the KPI table and the text still state the numbers).
DRAWABLE_MAX = 1e100


def _drawable(spec: ChartSpec) -> bool:
    return all(math.isfinite(v) and abs(v) <= DRAWABLE_MAX
               for panel in spec.panels for series in panel.series for v in series.values)


def plan_charts(notes: Notes, facts: FactSet, style: str | None,
                section_ids: list[str], kpi_section: str | None) -> list[ChartSpec]:
    """The charts the notes have data for, each assigned to a section of the draft."""
    specs = [spec for spec in (*_quarterly(notes, facts), *_yoy(notes, facts),
                               *_completion(notes, facts), *_channels(notes, facts))
             if _drawable(spec)]
    placement = CHART_PLACEMENT.get(style or "", {})
    fallback = kpi_section or (section_ids[0] if section_ids else None)
    placed: list[ChartSpec] = []
    for spec in specs:
        section = next((s for s in placement.get(spec.kind, ()) if s in section_ids), fallback)
        placed.append(ChartSpec(spec.id, spec.kind, spec.title, spec.title_en, spec.panels,
                                section, spec.horizontal, spec.reference, spec.fact_ids))
    return placed


# -- drawing -----------------------------------------------------------------------------

PALETTE = ("#2F5597", "#E08E45", "#5B9B6B", "#8E6BB0")
LAST_YEAR_COLOR = "#A9B4C2"
REFERENCE_COLOR = "#C0392B"


@dataclass(frozen=True)
class Labels:
    """The label language of a drawing: Chinese with a CJK font, else English."""

    cjk: bool

    def pick(self, zh: str, en: str) -> str:
        return zh if self.cjk else en


def _figure_size(spec: ChartSpec) -> tuple[float, float]:
    if spec.kind == "yoy":
        rows = (len(spec.panels) + 3) // 4
        return FIG_WIDTH_IN, 2.0 * rows + 0.2
    if spec.horizontal:
        n = len(spec.panels[0].categories)
        per = 0.32 * max(1, len(spec.panels[0].series))
        return FIG_WIDTH_IN, min(6.0, max(2.2, 0.9 + per * n))
    return FIG_WIDTH_IN, 3.0


def _style_axes(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color("#888888")
    ax.spines["bottom"].set_color("#888888")
    ax.tick_params(colors="#333333", labelsize=9)


def _draw_vertical(ax: Any, panel: Panel, lab: Labels, *, last_year_first: bool) -> None:
    cats = [lab.pick(c, e) for c, e in zip(panel.categories, panel.categories_en, strict=True)]
    series = panel.series[0]
    colors = ([LAST_YEAR_COLOR, PALETTE[0]] if last_year_first else [PALETTE[0]] * len(cats))
    bars = ax.bar(cats, series.values, color=colors, width=0.6)
    ax.bar_label(bars, labels=list(series.texts if lab.cjk else series.texts_en), padding=2,
                 fontsize=8.5)
    top = max([*series.values, 0.0])
    ax.set_ylim(0, _limit(top, 1.22))
    ax.yaxis.grid(True, color="#E5E5E5", linewidth=0.6)
    ax.set_axisbelow(True)
    _style_axes(ax)


def _draw(fig: Any, spec: ChartSpec, lab: Labels) -> None:
    if spec.kind == "yoy":
        n = len(spec.panels)
        cols = min(4, n)
        rows = (n + cols - 1) // cols
        for k, panel in enumerate(spec.panels):
            ax = fig.add_subplot(rows, cols, k + 1)
            _draw_vertical(ax, panel, lab, last_year_first=True)
            unit = lab.pick(panel.unit, panel.unit_en)
            title = lab.pick(panel.title, panel.title_en)
            ax.set_title(f"{title}({unit})" if unit and lab.cjk else
                         (f"{title} ({unit})" if unit else title), fontsize=9.5)
            note = lab.pick(panel.note, panel.note_en)
            if note:
                ax.set_xlabel(note, fontsize=8.5, color="#555555")
            ax.set_yticks([])
            ax.spines["left"].set_visible(False)
        fig.tight_layout(pad=0.9, h_pad=1.0, w_pad=0.8)
        return
    panel = spec.panels[0]
    ax = fig.add_subplot(1, 1, 1)
    unit = lab.pick(panel.unit, panel.unit_en)
    if not spec.horizontal:
        _draw_vertical(ax, panel, lab, last_year_first=False)
        if unit:
            ax.set_ylabel(unit, fontsize=9)
        fig.tight_layout(pad=0.6)
        return
    cats = [lab.pick(c, e) for c, e in zip(panel.categories, panel.categories_en, strict=True)]
    n_series = len(panel.series)
    height = 0.8 / max(1, n_series)
    positions = list(range(len(cats)))
    top = 0.0
    for k, series in enumerate(panel.series):
        offsets = [p - 0.4 + height * (k + 0.5) for p in positions]
        color = PALETTE[k % len(PALETTE)]
        if spec.reference is not None:
            color = PALETTE[0]
        bars = ax.barh(offsets, series.values, height=height * 0.9, color=color,
                       label=lab.pick(series.name, series.name_en))
        texts = list(series.texts if lab.cjk else series.texts_en)
        if spec.reference is not None:  # keep labels clear of the reference line
            ax.bar_label(bars, labels=texts, label_type="center", color="white", fontsize=9)
        else:
            ax.bar_label(bars, labels=texts, padding=2, fontsize=8.5)
        top = max(top, *series.values)
    if spec.reference is not None:
        ax.axvline(spec.reference, color=REFERENCE_COLOR, linestyle="--", linewidth=1)
        ax.text(spec.reference, 1.01, lab.pick("目标 100%", "target 100%"),
                transform=ax.get_xaxis_transform(), color=REFERENCE_COLOR, fontsize=8.5,
                ha="center", va="bottom")
        top = max(top, spec.reference)
    ax.set_yticks(positions, cats)
    ax.invert_yaxis()
    ax.set_xlim(0, _limit(top, 1.18))
    ax.xaxis.grid(True, color="#E5E5E5", linewidth=0.6)
    ax.set_axisbelow(True)
    if unit:
        ax.set_xlabel(unit, fontsize=9)
    if n_series > 1:
        ax.legend(fontsize=8.5, frameon=False, loc="lower right")
    _style_axes(ax)
    fig.tight_layout(pad=0.6)


MAX_LABEL_CHARS = 40  # longer labels are cut with "…" (a 1 MB unit would stall layout)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def _number_label(text: str) -> str:
    """A bar's number label; one too long to draw is left out, never cut (numbers are sacred)."""
    return text if len(text) <= MAX_LABEL_CHARS else ""


def bounded(spec: ChartSpec) -> ChartSpec:
    """``spec`` with every label short enough to lay out in bounded time."""
    def series(s: Series) -> Series:
        return replace(s, name=_clip(s.name), name_en=_clip(s.name_en),
                       texts=tuple(_number_label(t) for t in s.texts),
                       texts_en=tuple(_number_label(t) for t in s.texts_en))

    def panel(p: Panel) -> Panel:
        return replace(p, title=_clip(p.title), title_en=_clip(p.title_en),
                       categories=tuple(_clip(c) for c in p.categories),
                       categories_en=tuple(_clip(c) for c in p.categories_en),
                       series=tuple(series(s) for s in p.series), unit=_clip(p.unit),
                       unit_en=_clip(p.unit_en), note=_clip(p.note), note_en=_clip(p.note_en))

    return replace(spec, panels=tuple(panel(p) for p in spec.panels))


def _limit(top: float, margin: float) -> float:
    """The axis end above the tallest bar, finite even for bars near the float maximum."""
    if top <= 0 or not math.isfinite(top):
        return 1.0
    end = top * margin
    return end if math.isfinite(end) else top


def render(spec: ChartSpec, font: ChartFont | None, fmt: Literal["png", "svg"] = "png",
           dpi: int = PNG_DPI) -> bytes:
    """Draw one chart. Without ``font`` the labels are English (no tofu boxes)."""
    import warnings

    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rc: dict[Any, Any] = {"axes.unicode_minus": False, "svg.fonttype": "path",
                          "svg.hashsalt": spec.id, "font.size": 9}
    if font is not None:
        family = register_chart_font(font)
        rc["font.family"] = "sans-serif"
        rc["font.sans-serif"] = [family, "DejaVu Sans"]
    spec = bounded(spec)
    # matplotlib's layout warnings are English and about cramped labels, not the user.
    with rc_context(rc), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig = Figure(figsize=_figure_size(spec), dpi=dpi)
        FigureCanvasAgg(fig)
        _draw(fig, spec, Labels(cjk=font is not None))
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=dpi, facecolor="white",
                    metadata={"Software": None} if fmt == "png" else {"Date": None})
    return buf.getvalue()
