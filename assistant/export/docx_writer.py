"""Write an ``ExportDocument`` as a Word file (python-docx).

Sections become real Heading 1/2 paragraphs (the navigation pane works), every style
and run names an East Asian font (``w:eastAsia``) so Chinese does not fall back to a
Latin font, the KPI table is a real Word table, charts are PNG pictures at print
resolution with a caption and alt text.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from assistant.export.charts import ChartSpec
from assistant.export.clean import core_property
from assistant.export.document import ExportDocument, KpiTable
from assistant.export.fonts import (
    DOCX_EAST_ASIA_FONT,
    DOCX_HEADING_EAST_ASIA_FONT,
    DOCX_LATIN_FONT,
)
from assistant.export.kpi import KPI_HEADER
from assistant.export.markdown import BulletList, Heading, Paragraph, Span, Table

BODY_PT = 10.5  # 五号
HEADING_PT = {1: 16.0, 2: 14.0, 3: 12.0, 4: 11.0}
TEXT_WIDTH_CM = 16.0
HEADER_FILL = "D9E2F3"
TEXT_COLOR = "1F2D3D"

ChartRenderer = Callable[[ChartSpec], bytes]


def _rfonts(element: Any, east_asia: str, latin: str = DOCX_LATIN_FONT) -> None:
    """Name the fonts of a style's or run's rPr, East Asian included; drop theme fonts."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = _rpr(element)
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)


def _rpr(element: Any) -> Any:
    """The w:rPr of a style, run or w:rPrDefault element, created when missing."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if hasattr(element, "get_or_add_rPr"):
        return element.get_or_add_rPr()
    rpr = element.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        element.insert(0, rpr)
    return rpr


def _set_lang(rpr: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _setup_styles(doc: Any) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    # Document defaults: the fallback for anything without its own style.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            _rfonts(rpr_default, DOCX_EAST_ASIA_FONT)
            _set_lang(_rpr(rpr_default))

    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.font.color.rgb = RGBColor.from_string(TEXT_COLOR)
    _rfonts(normal.element, DOCX_EAST_ASIA_FONT)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    pf.line_spacing = 1.5
    pf.space_after = Pt(4)

    for level, size in HEADING_PT.items():
        style = doc.styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor.from_string(TEXT_COLOR)
        _rfonts(style.element, DOCX_HEADING_EAST_ASIA_FONT)
        style.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True

    for name in ("Title", "Subtitle", "Caption", "List Bullet", "List Bullet 2",
                 "List Bullet 3", "Quote", "Table Grid"):
        style = doc.styles[name]
        _rfonts(style.element, DOCX_HEADING_EAST_ASIA_FONT if name == "Title"
                else DOCX_EAST_ASIA_FONT)
    title = doc.styles["Title"]
    title.font.size = Pt(22)
    title.font.bold = True
    title.font.color.rgb = RGBColor.from_string(TEXT_COLOR)
    quote = doc.styles["Quote"]
    quote.font.italic = False  # slanted Chinese reads badly
    caption = doc.styles["Caption"]
    caption.font.size = Pt(9)
    caption.font.bold = False
    caption.font.italic = False
    caption.font.color.rgb = RGBColor.from_string("555555")


def _page_setup(doc: Any) -> None:
    from docx.shared import Cm

    section = doc.sections[0]
    section.page_width = Cm(21.0)
    section.page_height = Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = Cm(2.5)
    section.bottom_margin = Cm(2.2)
    _page_number_footer(section)


def _page_number_footer(section: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)


def _add_spans(para: Any, spans: list[Span], *, size: float | None = None,
               bold: bool | None = None) -> None:
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Pt

    for span in spans:
        run = para.add_run(span.text)
        if span.bold or bold:
            run.bold = True
        if span.placeholder:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if size is not None:
            run.font.size = Pt(size)
        _rfonts(run._r, DOCX_EAST_ASIA_FONT)


def _no_indent(para: Any) -> None:
    para.paragraph_format.first_line_indent = 0


def _heading(doc: Any, text: str | list[Span], md_level: int) -> None:
    level = max(1, min(4, md_level - 1))
    para = doc.add_paragraph(style=f"Heading {level}")
    spans = [Span(text)] if isinstance(text, str) else text
    for span in spans:
        run = para.add_run(span.text)
        _rfonts(run._r, DOCX_HEADING_EAST_ASIA_FONT)


def _cell_text(cell: Any, text: str | list[Span], *, bold: bool = False,
               align: str = "left") -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para = cell.paragraphs[0]
    _no_indent(para)
    para.paragraph_format.space_after = 0
    para.paragraph_format.line_spacing = 1.15
    para.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT,
                      "center": WD_ALIGN_PARAGRAPH.CENTER}.get(align, WD_ALIGN_PARAGRAPH.RIGHT)
    spans = [Span(text)] if isinstance(text, str) else text
    _add_spans(para, spans, size=9, bold=bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _caption(doc: Any, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para = doc.add_paragraph(style="Caption")
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _no_indent(para)
    _add_spans(para, [Span(text)], size=9)


def _kpi_table(doc: Any, kpi: KpiTable, number: int) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    cap = doc.add_paragraph(style="Caption")
    cap.alignment = 1  # center
    _no_indent(cap)
    cap.paragraph_format.keep_with_next = True
    _add_spans(cap, [Span(f"表{number} {kpi.title}", bold=True)], size=9.5)
    table = doc.add_table(rows=1 + len(kpi.rows), cols=len(KPI_HEADER))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # 指标 / 本年 / 去年 / 同比 / 目标 / 完成率: 16 cm, the text width
    widths = [Cm(3.6), Cm(2.3), Cm(2.3), Cm(3.0), Cm(2.4), Cm(2.4)]
    grid = _grid(table)
    for i, head in enumerate(KPI_HEADER):
        cell = grid[0][i]
        _cell_text(cell, head, bold=True, align="center")
        _shade(cell, HEADER_FILL)
    _repeat_header(table.rows[0])
    for r, row in enumerate(kpi.rows, start=1):
        for c, value in enumerate(row.cells()):
            _cell_text(grid[r][c], value, align="left" if c == 0 else "center")
    _column_widths(table, widths)
    note = doc.add_paragraph(style="Caption")
    _no_indent(note)
    _add_spans(note, [Span(f"数据来源：{kpi.source}；同比一栏，百分比指标为百分点变化。")], size=8.5)


def _grid(table: Any) -> list[list[Any]]:
    """Every cell of a table we just made (no merged cells), row by row, in one pass.

    python-docx's ``table.rows[r].cells[c]`` walks the whole table on each call, which
    made a KPI table of thousands of rows quadratic.
    """
    from docx.table import _Cell

    return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def _column_widths(table: Any, widths: list[Any]) -> None:
    """Fixed column widths that both Word and LibreOffice honour (grid and cells)."""
    table.autofit = False
    grid = _grid(table)
    for i, width in enumerate(widths):
        table.columns[i].width = width
        for row in grid:
            if i < len(row):
                row[i].width = width


def _markdown_table(doc: Any, block: Table) -> None:
    cols = max(len(block.header), *(len(r) for r in block.rows)) if block.rows else len(
        block.header)
    table = doc.add_table(rows=1 + len(block.rows), cols=cols)
    table.style = doc.styles["Table Grid"]
    grid = _grid(table)
    for i, cell_spans in enumerate(block.header):
        _cell_text(grid[0][i], cell_spans, bold=True, align="center")
        _shade(grid[0][i], HEADER_FILL)
    for r, row in enumerate(block.rows, start=1):
        for c, cell_spans in enumerate(row[:cols]):
            _cell_text(grid[r][c], cell_spans)
    doc.add_paragraph().paragraph_format.space_after = 0


def _chart(doc: Any, spec: ChartSpec, png: bytes, number: int) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _no_indent(para)
    para.paragraph_format.keep_with_next = True
    para.paragraph_format.line_spacing = 1.0
    shape = para.add_run().add_picture(io.BytesIO(png), width=Cm(TEXT_WIDTH_CM))
    doc_pr = shape._inline.docPr
    doc_pr.set("name", f"chart-{spec.id}")
    doc_pr.set("descr", spec.title)
    _caption(doc, f"图{number} {spec.title}")


def write_docx(document: ExportDocument, render_png: ChartRenderer) -> bytes:
    """The Word file as bytes (the caller writes it atomically)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    _setup_styles(doc)
    _page_setup(doc)
    doc.core_properties.title = core_property(document.title)
    doc.core_properties.author = core_property(document.author)
    doc.core_properties.comments = "由 recap 导出"

    title = doc.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _no_indent(title)
    _add_spans(title, [Span(document.title)], size=22, bold=True)
    for line in document.byline:
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _no_indent(para)
        para.paragraph_format.space_after = Pt(2)
        _add_spans(para, [Span(line)], size=11)
    doc.add_paragraph()

    tables = figures = 0
    for section in document.sections:
        _heading(doc, section.title, section.level)
        for item in section.items:
            if isinstance(item, Heading):
                _heading(doc, item.spans, max(item.level, section.level + 1))
            elif isinstance(item, Paragraph):
                para = doc.add_paragraph(style="Quote" if item.quote else None)
                if item.lead_in:  # a bold line introducing what follows
                    _no_indent(para)
                    para.paragraph_format.keep_with_next = True
                else:
                    para.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
                _add_spans(para, item.spans)
            elif isinstance(item, BulletList):
                for li in item.items:
                    if li.ordered:
                        para = doc.add_paragraph()
                        para.paragraph_format.left_indent = Cm(0.74 * (li.depth + 1))
                        para.paragraph_format.first_line_indent = Cm(-0.74)
                        _add_spans(para, [Span(li.number + " "), *li.spans])
                    else:
                        style = "List Bullet" if li.depth == 0 else f"List Bullet {min(3, li.depth + 1)}"
                        para = doc.add_paragraph(style=style)
                        _add_spans(para, li.spans)
            elif isinstance(item, Table):
                _markdown_table(doc, item)
            elif isinstance(item, KpiTable):
                tables += 1
                _kpi_table(doc, item, tables)
            elif isinstance(item, ChartSpec):
                figures += 1
                _chart(doc, item, render_png(item), figures)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
