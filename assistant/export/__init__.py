"""Export a draft to Word (.docx) or a self-contained HTML page.

``export_draft`` is the one entry point: it opens the draft and its notes, lays out
the document (sections, KPI table, charts), renders it and writes the file
atomically. It never prints; what the user should hear comes back in
``ExportResult.warnings``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from assistant.draftfile import todo_marker
from assistant.errors import InputError

Format = Literal["docx", "html"]
FORMATS: tuple[Format, ...] = ("docx", "html")
_AUTO = "auto"


@dataclass
class ExportResult:
    path: Path
    fmt: Format
    sections: int
    tables: int
    charts: int
    warnings: list[str] = field(default_factory=list)
    notes_changed: bool = False
    chart_font: str | None = None  # family the charts were drawn with; None = English labels


def parse_format(value: str | None, output: Path | None) -> Format:
    """``--to`` as given, else the output suffix, else Word."""
    if value is None:
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        if suffix in ("htm", "html"):
            return "html"
        return "docx"
    v = value.strip().lower().lstrip(".")
    if v == "word":
        v = "docx"
    if v == "htm":
        v = "html"
    if v not in FORMATS:
        raise InputError(f"--to 只能是 docx 或 html，收到 “{value}”。",
                         hint="例如：recap export 草稿.md --to docx")
    return "docx" if v == "docx" else "html"


def default_output(draft_path: Path, fmt: Format) -> Path:
    return draft_path.with_suffix(f".{fmt}")


def export_draft(draft_path: str | Path, fmt: Format, output: str | Path | None = None, *,
                 notes: str | Path | None = None, today: date | None = None,
                 chart_font: object = _AUTO) -> ExportResult:
    """Export ``draft_path``; ``chart_font`` may be a ``ChartFont`` or None (tests)."""
    from assistant.atomic import write_bytes_atomic, write_text_atomic
    from assistant.drafting import load_draft_context, notes_changed
    from assistant.export.charts import ChartSpec, render
    from assistant.export.clean import clean_strings
    from assistant.export.document import build_document
    from assistant.export.fonts import NO_CJK_FONT_WARNING, ChartFont, find_chart_font
    from assistant.export.markdown import count_placeholders
    from assistant.fileio import check_output

    draft_file = Path(draft_path)
    out = Path(output) if output is not None else default_output(draft_file, fmt)
    what = "Word 文档" if fmt == "docx" else "HTML 网页"
    check_output(out, what=what, inputs=[(draft_file, "草稿")])
    draft, ctx = load_draft_context(draft_file, notes)
    check_output(out, what=what, inputs=[(ctx.notes_path, "素材文件")])
    warnings: list[str] = []
    changed = notes_changed(draft, ctx.notes_path)
    if changed:
        warnings.append(
            f"素材文件 {ctx.notes_path} 在起草之后改动过：导出的表格和图表按现在的素材生成，"
            "正文里的数字可能还是旧的。可用 recap regen 重新生成相关章节后再导出。")

    font: ChartFont | None = (find_chart_font() if chart_font == _AUTO else
                              chart_font if isinstance(chart_font, ChartFont) else None)
    notes_name = ctx.notes_path.name if ctx.notes_path else ""
    # Control characters (from Word pastes or notes strings) would break the XML.
    document = clean_strings(build_document(draft, ctx, today=today, notes_name=notes_name))
    if document.charts and font is None:
        warnings.append(NO_CJK_FONT_WARNING)
    todo = count_placeholders(draft.to_text())
    if todo:
        warnings.append(f"草稿里还有 {todo} 处{todo_marker()}，导出文件中已用黄色标出，交给领导前记得补上。")

    def png(spec: ChartSpec) -> bytes:
        return render(spec, font, "png")

    def svg(spec: ChartSpec) -> bytes:
        return render(spec, font, "svg")

    if fmt == "docx":
        from assistant.export.docx_writer import write_docx

        write_bytes_atomic(out, write_docx(document, png), what=what)
    else:
        from assistant.export.html_writer import write_html

        write_text_atomic(out, write_html(document, svg), what=what)
    return ExportResult(out, fmt, len(document.sections), 1 if document.kpi else 0,
                        len(document.charts), warnings, changed,
                        font.family if font is not None else None)
