"""Write an ``ExportDocument`` as one self-contained HTML file.

Inline CSS, charts as SVG data URIs (vector, text drawn as outlines so they need no
font on the reader's machine), a table of contents, and print rules for A4
(``@page``, no page break inside a table or figure, headings kept with what follows).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from html import escape

from assistant.export.charts import ChartSpec
from assistant.export.document import ExportDocument, KpiTable
from assistant.export.fonts import HTML_FONT_STACK
from assistant.export.kpi import KPI_HEADER
from assistant.export.markdown import BulletList, Heading, ListItem, Paragraph, Span, Table

ChartRenderer = Callable[[ChartSpec], bytes]

CSS = """
:root { --ink: #1f2d3d; --muted: #5b6573; --line: #d5dbe3; --accent: #2f5597;
        --head: #eef2f9; }
* { box-sizing: border-box; }
html { background: #f4f5f7; }
body { margin: 0; color: var(--ink); font-family: %(fonts)s;
       font-size: 16px; line-height: 1.8; }
.page { max-width: 820px; margin: 32px auto; background: #fff; padding: 56px 64px;
        box-shadow: 0 1px 4px rgba(0,0,0,.08); }
header.title { text-align: center; margin-bottom: 2.2em; }
header.title h1 { font-size: 28px; margin: 0 0 .6em; letter-spacing: .04em; }
header.title p { margin: .15em 0; color: var(--muted); text-indent: 0; text-align: center; }
nav.toc { border-top: 1px solid var(--line); border-bottom: 1px solid var(--line);
          padding: .8em 0; margin-bottom: 2em; font-size: 15px; }
nav.toc strong { display: block; margin-bottom: .3em; }
nav.toc ol { list-style: none; margin: 0; padding: 0; }
nav.toc li.sub { padding-left: 1.5em; }
nav.toc a { color: var(--ink); text-decoration: none; }
nav.toc a:hover { color: var(--accent); }
h2 { font-size: 22px; margin: 1.8em 0 .6em; padding-bottom: .25em;
     border-bottom: 2px solid var(--accent); }
h3 { font-size: 18px; margin: 1.4em 0 .5em; }
h4, h5, h6 { font-size: 16px; margin: 1.2em 0 .4em; }
p { margin: .5em 0; text-indent: 2em; text-align: justify; }
ul, ol { margin: .4em 0 .6em; padding-left: 2em; }
li { margin: .15em 0; }
p.lead-in { text-indent: 0; margin-top: .9em; }
blockquote { margin: .8em 0; padding: .2em 1em; border-left: 3px solid var(--line);
             color: var(--muted); }
blockquote p { text-indent: 0; }
mark.todo { background: #fff3b0; padding: 0 .15em; }
table { border-collapse: collapse; width: 100%%; margin: .6em 0; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: .35em .6em; text-align: center; }
th { background: var(--head); font-weight: 600; }
td:first-child, th:first-child { text-align: left; }
td.up { color: #1e6b3a; } td.down { color: #b03a2e; }
figure { margin: 1.2em 0; text-align: center; }
figure img { max-width: 100%%; height: auto; }
figcaption, .caption { font-size: 13px; color: var(--muted); text-align: center; }
.caption { margin-top: 1.2em; font-weight: 600; color: var(--ink); }
.source { font-size: 12px; color: var(--muted); margin-top: .2em; }
footer { margin-top: 3em; font-size: 12px; color: var(--muted); text-align: center; }
.table-wrap { overflow-x: auto; }
@media screen and (max-width: 720px) {
  .page { margin: 0; padding: 24px 16px; box-shadow: none; }
  body { font-size: 15px; }
  table { font-size: 12.5px; }
}
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  html { background: #fff; }
  body { font-size: 11pt; }
  .page { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  nav.toc { display: none; }
  header.title { margin-top: 12mm; }
  table { font-size: 9.5pt; }
  th, td { padding: .2em .5em; }
  h2 { break-before: auto; }
  h2, h3, h4, .caption, p.lead-in { break-after: avoid; page-break-after: avoid; }
  figure, tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  p, li { orphans: 2; widows: 2; }
  footer { display: none; }
}
"""


def _spans(spans: list[Span]) -> str:
    out: list[str] = []
    for span in spans:
        text = escape(span.text)
        if span.placeholder:
            text = f'<mark class="todo">{text}</mark>'
        if span.bold:
            text = f"<strong>{text}</strong>"
        out.append(text)
    return "".join(out)


def _list(items: list[ListItem]) -> str:
    """Nested <ul>/<ol> from items with depths."""
    html: list[str] = []
    stack: list[str] = []  # open list tags
    for item in items:
        tag = "ol" if item.ordered else "ul"
        while len(stack) > item.depth + 1:
            html.append(f"</li></{stack.pop()}>")
        if len(stack) == item.depth + 1 and stack[-1] != tag:
            html.append(f"</li></{stack.pop()}>")
        if len(stack) == item.depth + 1:
            html.append("</li>")
        while len(stack) < item.depth + 1:
            html.append(f"<{tag}>")
            stack.append(tag)
        html.append(f"<li>{_spans(item.spans)}")
    while stack:
        html.append(f"</li></{stack.pop()}>")
    return "".join(html)


def _kpi(kpi: KpiTable, number: int) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in KPI_HEADER)
    rows: list[str] = []
    for row in kpi.rows:
        cells = []
        for i, value in enumerate(row.cells()):
            cls = ""
            if i == 3 and row.favorable is not None:
                cls = ' class="up"' if row.favorable else ' class="down"'
            cells.append(f"<td{cls}>{escape(value)}</td>")
        rows.append(f'<tr data-metric="{escape(row.metric_id)}">{"".join(cells)}</tr>')
    return (f'<div class="caption">表{number} {escape(kpi.title)}</div>'
            f'<div class="table-wrap"><table class="kpi"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>'
            f'<div class="source">数据来源：{escape(kpi.source)}；同比一栏，百分比指标为百分点变化；'
            f"绿色为向好，红色为需关注。</div>")


def _table(block: Table) -> str:
    head = "".join(f"<th>{_spans(c)}</th>" for c in block.header)
    body = "".join("<tr>" + "".join(f"<td>{_spans(c)}</td>" for c in row) + "</tr>"
                   for row in block.rows)
    return (f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def _chart(spec: ChartSpec, svg: bytes, number: int) -> str:
    data = base64.b64encode(svg).decode("ascii")
    caption = f"图{number} {spec.title}"
    return (f'<figure class="chart" id="chart-{escape(spec.id)}" data-chart="{escape(spec.id)}">'
            f'<img alt="{escape(spec.title)}" src="data:image/svg+xml;base64,{data}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def write_html(document: ExportDocument, render_svg: ChartRenderer) -> str:
    """The whole HTML page as text."""
    parts: list[str] = []
    toc: list[str] = []
    tables = figures = 0
    for section in document.sections:
        level = max(2, min(6, section.level))
        anchor = f"sec-{escape(section.id)}"
        cls = ' class="sub"' if level > 2 else ""
        toc.append(f'<li{cls}><a href="#{anchor}">{escape(section.title)}</a></li>')
        parts.append(f'<section id="{anchor}" data-section="{escape(section.id)}">'
                     f"<h{level}>{escape(section.title)}</h{level}>")
        for item in section.items:
            if isinstance(item, Heading):
                h = max(level + 1, min(6, item.level))
                parts.append(f"<h{h}>{_spans(item.spans)}</h{h}>")
            elif isinstance(item, Paragraph):
                p_cls = ' class="lead-in"' if item.lead_in else ""
                p = f"<p{p_cls}>{_spans(item.spans)}</p>"
                parts.append(f"<blockquote>{p}</blockquote>" if item.quote else p)
            elif isinstance(item, BulletList):
                parts.append(_list(item.items))
            elif isinstance(item, Table):
                parts.append(_table(item))
            elif isinstance(item, KpiTable):
                tables += 1
                parts.append(_kpi(item, tables))
            elif isinstance(item, ChartSpec):
                figures += 1
                parts.append(_chart(item, render_svg(item), figures))
        parts.append("</section>")
    byline = "".join(f"<p>{escape(line)}</p>" for line in document.byline)
    css = CSS % {"fonts": HTML_FONT_STACK}
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="recap">\n<title>{escape(document.title)}</title>\n'
        f"<style>{css}</style>\n</head>\n<body>\n<main class=\"page\">\n"
        f'<header class="title"><h1>{escape(document.title)}</h1>{byline}</header>\n'
        f'<nav class="toc"><strong>目录</strong><ol>{"".join(toc)}</ol></nav>\n'
        + "\n".join(parts)
        + "\n<footer>由 recap 导出 · 表格与图表中的数字均来自素材文件</footer>\n"
        "</main>\n</body>\n</html>\n"
    )
