"""recap export: Word and HTML files a boss can open, numbers from the fact engine."""

from __future__ import annotations

import base64
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from paths import EXAMPLES

from assistant.draftfile import Draft, todo_marker
from assistant.drafting import DraftContext, draft_report
from assistant.errors import DraftFileError, InputError
from assistant.export import ExportResult, export_draft, parse_format
from assistant.export.charts import plan_charts
from assistant.export.fonts import NO_CJK_FONT_WARNING, find_chart_font
from assistant.export.kpi import KPI_HEADER, kpi_section
from assistant.offline import OfflineDrafter
from assistant.typography import COLON, fullwidth

docx = pytest.importorskip("docx")

TODAY = date(2026, 1, 8)
CASES = [("shop-2025.toml", "data"), ("shop-2025.toml", "narrative"),
         ("specialist-2025.toml", "project")]
# Charts each sample has data for, and the section each belongs in, per style.
EXPECTED_CHARTS = {
    ("shop-2025.toml", "data"): {"quarterly-gmv": "kpi", "yoy": "kpi", "completion": "kpi",
                                 "channels": "operations"},
    ("shop-2025.toml", "narrative"): {"quarterly-gmv": "strategy", "yoy": "strategy",
                                      "completion": "strategy", "channels": "strategy"},
    ("specialist-2025.toml", "project"): {"yoy": "duties", "completion": "duties"},
}
KPI_SECTION = {"data": "kpi", "narrative": "preface", "project": "duties"}

SHOP_ROWS = {
    "GMV": ("5860万元", "4720万元", "+24.2%", "6000万元", "97.7%"),
    "毛利率": ("41.2%", "38.6%", "+2.6个百分点", "—", "—"),
    "净利润": ("586万元", "520万元", "+12.7%", "—", "—"),
    "新增用户数": ("86.5万人", "—", "—", "90万人", "96.1%"),
    "复购率": ("31.5%", "28.2%", "+3.3个百分点", "—", "—"),
    "获客成本\uff08CAC\uff09": ("108元", "89元", "+21.3%", "—", "—"),  # labels are full-width in exports
    "转化率": ("3.8%", "—", "—", "4.5%", "84.4%"),
    "库存周转天数": ("46天", "53天", "-13.2%", "—", "—"),
    "DSR描述相符": ("4.86分", "—", "—", "—", "—"),
}
SPECIALIST_ROWS = {
    "店铺年度总访客数": ("412万人", "318万人", "+29.6%", "380万人", "108.4%"),
    "付费推广平均ROI": ("3.1", "—", "—", "3.5", "88.6%"),
    "会员复购率": ("26.4%", "19.8%", "+6.6个百分点", "25%", "105.6%"),
}


def make_draft(notes_name: str, style: str, folder: Path) -> Path:
    """Copy the sample notes beside a fresh offline draft (so tests may move/edit them)."""
    folder.mkdir(parents=True, exist_ok=True)
    notes = folder / notes_name
    shutil.copy(EXAMPLES / notes_name, notes)
    out = folder / f"{notes.stem}-{style}.md"
    ctx = DraftContext.from_notes_file(notes, style)
    _, results = draft_report(ctx, OfflineDrafter(), out)
    assert all(r.ok for r in results)
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, Any]]:
    """Each sample/style drafted once and exported to both formats."""
    results: dict[tuple[str, str], dict[str, Any]] = {}
    for notes_name, style in CASES:
        folder = tmp_path_factory.mktemp(f"{style}")
        draft_path = make_draft(notes_name, style, folder)
        results[(notes_name, style)] = {
            "draft": Draft.load(draft_path),
            "draft_path": draft_path,
            "docx": export_draft(draft_path, "docx", today=TODAY),
            "html": export_draft(draft_path, "html", today=TODAY),
        }
    return results


# -- DOCX ------------------------------------------------------------------------------


def body_items(document: Any) -> list[tuple[str, Any]]:
    """Body paragraphs and tables in document order: ("p", paragraph) / ("t", table)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    items: list[tuple[str, Any]] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            items.append(("p", Paragraph(child, document)))
        elif tag == "tbl":
            items.append(("t", Table(child, document)))
    return items


def section_of_each(document: Any, draft: Draft) -> list[tuple[str | None, str, Any]]:
    """(section id, kind, item) for every body item, by the section headings seen so far."""
    titles = {s.title: s.id for s in draft.sections}
    current: str | None = None
    out: list[tuple[str | None, str, Any]] = []
    for kind, item in body_items(document):
        if kind == "p" and item.style.name.startswith("Heading") and item.text in titles:
            current = titles[item.text]
        out.append((current, kind, item))
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_docx_sections_are_word_headings_in_order(exported: dict, case: tuple[str, str]) -> None:
    info = exported[case]
    draft: Draft = info["draft"]
    document = docx.Document(str(info["docx"].path))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    wanted = [(f"Heading {s.level - 1}", s.title) for s in draft.sections]
    section_headings = [h for h in headings if h[1] in {t for _, t in wanted}]
    assert section_headings == wanted
    # the title block comes first, with who wrote it
    first = [p.text for p in document.paragraphs[:6]]
    assert first[0] == draft.meta["title"]
    assert any("汇报人\uff1a" in t for t in first)
    assert "2026年1月8日" in first


def kpi_table(document: Any) -> Any:
    tables = [t for t in document.tables if tuple(c.text for c in t.rows[0].cells) == KPI_HEADER]
    assert len(tables) == 1, "exactly one KPI table"
    return tables[0]


@pytest.mark.parametrize("case,rows", [(CASES[0], SHOP_ROWS), (CASES[1], SHOP_ROWS),
                                       (CASES[2], SPECIALIST_ROWS)],
                         ids=["shop-data", "shop-narrative", "specialist-project"])
def test_docx_kpi_table_has_the_fact_values(exported: dict, case: tuple[str, str],
                                            rows: dict[str, tuple[str, ...]]) -> None:
    document = docx.Document(str(exported[case]["docx"].path))
    table = kpi_table(document)
    got = {r.cells[0].text: tuple(c.text for c in r.cells[1:]) for r in table.rows[1:]}
    for label, cells in rows.items():
        assert got[label] == cells, label


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_docx_kpi_table_sits_in_its_section(exported: dict, case: tuple[str, str]) -> None:
    info = exported[case]
    document = docx.Document(str(info["docx"].path))
    placed = [sid for sid, kind, item in section_of_each(document, info["draft"])
              if kind == "t" and tuple(c.text for c in item.rows[0].cells) == KPI_HEADER]
    assert placed == [KPI_SECTION[case[1]]]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_docx_has_one_picture_per_chart_in_its_section(exported: dict,
                                                       case: tuple[str, str]) -> None:
    info = exported[case]
    document = docx.Document(str(info["docx"].path))
    expected = EXPECTED_CHARTS[case]
    assert len(document.inline_shapes) == len(expected) == info["docx"].charts
    found: dict[str, str | None] = {}
    for sid, kind, item in section_of_each(document, info["draft"]):
        if kind != "p":
            continue
        for pr in item._p.xpath(".//wp:docPr"):
            found[pr.get("name").removeprefix("chart-")] = sid
    assert found == expected
    # every picture carries a caption "图N …" right after it
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"
                and p.text.startswith("图")]
    assert [c.split(" ", 1)[0] for c in captions] == [f"图{i}" for i in
                                                       range(1, len(expected) + 1)]


def test_docx_names_an_east_asian_font(exported: dict) -> None:
    from docx.oxml.ns import qn

    document = docx.Document(str(exported[CASES[0]]["docx"].path))
    for name in ("Normal", "Heading 1", "Heading 2"):
        rfonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == "微软雅黑", name
        assert rfonts.get(qn("w:eastAsiaTheme")) is None, name
    body_run = next(p for p in document.paragraphs if p.style.name == "Normal" and p.text).runs[0]
    assert body_run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "微软雅黑"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7


# -- HTML ------------------------------------------------------------------------------


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.charts: list[tuple[str, str]] = []  # (chart id, section id)
        self.images: list[str] = []
        self.kpi_rows: dict[str, list[str]] = {}
        self.external: list[str] = []
        self._heading: str | None = None
        self._text = ""
        self._row: list[str] | None = None
        self._cell: str | None = None
        self._in_kpi = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section":
            self.sections.append(a.get("data-section") or "")
        if tag in ("h2", "h3", "h4"):
            self._heading, self._text = tag, ""
        if tag == "figure" and a.get("data-chart"):
            self.charts.append((a["data-chart"] or "", self.sections[-1]))
        if tag == "img":
            self.images.append(a.get("src") or "")
        if tag in ("link", "script") or (tag == "img" and not (a.get("src") or "").startswith(
                "data:")):
            self.external.append(tag)
        if tag == "table" and a.get("class") == "kpi":
            self._in_kpi = True
        if tag == "tr" and self._in_kpi:
            self._row = []
        if tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self.headings.append((tag, self._text.strip()))
            self._heading = None
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.kpi_rows[self._row[0]] = self._row[1:]
            self._row = None
        if tag == "table":
            self._in_kpi = False

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._text += data
        if self._cell is not None:
            self._cell += data


def parse_html(path: Path) -> Collector:
    c = Collector()
    c.feed(path.read_text(encoding="utf-8"))
    c.close()
    return c


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_html_has_every_section_and_chart(exported: dict, case: tuple[str, str]) -> None:
    info = exported[case]
    draft: Draft = info["draft"]
    page = parse_html(info["html"].path)
    assert page.sections == [s.id for s in draft.sections]
    section_headings = [h for h in page.headings if h[1] in {s.title for s in draft.sections}]
    assert section_headings == [(f"h{s.level}", s.title) for s in draft.sections]
    assert dict(page.charts) == EXPECTED_CHARTS[case]
    assert page.external == [], "the page must not load anything from outside"
    for src in page.images:
        assert src.startswith("data:image/svg+xml;base64,")
        svg = base64.b64decode(src.split(",", 1)[1]).decode("utf-8")
        assert "<svg" in svg and "</svg>" in svg


def test_html_kpi_table_and_print_rules(exported: dict) -> None:
    info = exported[CASES[0]]
    page = parse_html(info["html"].path)
    assert page.kpi_rows["指标"] == list(KPI_HEADER[1:])
    for label, cells in SHOP_ROWS.items():
        assert tuple(page.kpi_rows[label]) == cells
    text = info["html"].path.read_text(encoding="utf-8")
    assert "@page" in text and "size: A4" in text
    assert "break-inside: avoid" in text
    assert '<html lang="zh-CN">' in text


# -- numbers come from the fact engine --------------------------------------------------


HAND_BODIES = {
    "kpi": "本年度GMV达到9999万元,同比大涨99%。\n\n### 整体销售业绩(GMV)\n\n"
           "- **季度表现**:四个季度逐季走高\n  - 第四季度最强\n- 同比增长明显\n\n"
           "盈利方面【待补充:毛利润拆分】。",
    "operations": "渠道方面,直通车仍是主力。\n\n1. 搜索\n2. 信息流",
    "problems": "> 问题不少。\n\n| 问题 | 影响 |\n|---|---|\n| 获客贵 | 利润承压 |",
    "plan": "明年目标更高。",
    "summary": "谢谢大家。",
}


def hand_written_draft(folder: Path) -> Path:
    """A draft assembled from hand-written bodies (no drafter involved)."""
    from assistant.drafting import SectionResult, assemble

    folder.mkdir(parents=True, exist_ok=True)
    notes = folder / "shop-2025.toml"
    shutil.copy(EXAMPLES / "shop-2025.toml", notes)
    out = folder / "hand.md"
    ctx = DraftContext.from_notes_file(notes, "data")
    draft = assemble(ctx, [SectionResult(k, v) for k, v in HAND_BODIES.items()],
                     backend="hand", out_path=out)
    draft.save(out)
    return out


def test_table_numbers_come_from_facts_not_prose(tmp_path: Path) -> None:
    draft_path = hand_written_draft(tmp_path)
    result = export_draft(draft_path, "docx", today=TODAY)
    document = docx.Document(str(result.path))
    table = kpi_table(document)
    gmv = next(r for r in table.rows if r.cells[0].text == "GMV")
    assert [c.text for c in gmv.cells[1:]] == list(SHOP_ROWS["GMV"])
    # the prose is exported as written, wrong number and all
    assert any("9999万元" in p.text for p in document.paragraphs)


def test_markdown_features_reach_the_docx(tmp_path: Path) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    result = export_draft(hand_written_draft(tmp_path), "docx", today=TODAY)
    document = docx.Document(str(result.path))
    paras = document.paragraphs
    # Drafts are rendered with full-width marks beside Chinese (fullwidth builds the expectation).
    assert [p.style.name for p in paras if p.text == fullwidth("整体销售业绩(GMV)")] == [
        "Heading 2"]
    bullets = {p.text: p.style.name for p in paras if p.style.name.startswith("List Bullet")}
    assert bullets[fullwidth("季度表现:四个季度逐季走高")] == "List Bullet"
    assert bullets["第四季度最强"] == "List Bullet 2"
    bold = [r.text for p in paras for r in p.runs if r.bold]
    assert "季度表现" in bold
    marked = [r.text for p in paras for r in p.runs
              if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert marked == [todo_marker("毛利润拆分")]
    assert any(p.text.startswith("1. 搜索") for p in paras)
    assert any(t.rows[1].cells[0].text == "获客贵" for t in document.tables)
    assert any(todo_marker() in w for w in result.warnings)


# -- notes moved or changed ----------------------------------------------------------------


def test_moved_notes_is_a_clear_error_suggesting_notes(tmp_path: Path) -> None:
    draft_path = make_draft("shop-2025.toml", "data", tmp_path / "a")
    notes = tmp_path / "a" / "shop-2025.toml"
    moved = tmp_path / "elsewhere.toml"
    notes.rename(moved)
    with pytest.raises(DraftFileError) as err:
        export_draft(draft_path, "html")
    assert "不存在" in str(err.value) and "--notes" in str(err.value)
    assert not draft_path.with_suffix(".html").exists()
    result = export_draft(draft_path, "html", notes=moved)
    assert result.path.is_file() and not result.notes_changed


def test_changed_notes_warns_and_tables_follow_the_notes(tmp_path: Path) -> None:
    draft_path = make_draft("shop-2025.toml", "data", tmp_path)
    notes = tmp_path / "shop-2025.toml"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text.replace("value = 5860", "value = 5900", 1), encoding="utf-8")
    result = export_draft(draft_path, "docx", today=TODAY)
    assert result.notes_changed
    assert any("改动" in w and "正文" in w for w in result.warnings)
    table = kpi_table(docx.Document(str(result.path)))
    gmv = next(r for r in table.rows if r.cells[0].text == "GMV")
    assert gmv.cells[1].text == "5900万元"


def test_unchanged_notes_export_quietly(exported: dict) -> None:
    result: ExportResult = exported[CASES[0]]["docx"]
    assert not result.notes_changed
    assert result.warnings == []


# -- fonts ---------------------------------------------------------------------------------


def test_without_a_cjk_font_charts_use_english_labels(tmp_path: Path) -> None:
    draft_path = make_draft("shop-2025.toml", "data", tmp_path)
    result = export_draft(draft_path, "docx", today=TODAY, chart_font=None)
    assert result.chart_font is None
    assert result.warnings == [NO_CJK_FONT_WARNING]
    assert len(docx.Document(str(result.path)).inline_shapes) == 4
    ctx = DraftContext.from_notes_file(tmp_path / "shop-2025.toml", "data")
    ids = ctx.style.section_ids(ctx.notes)
    for spec in plan_charts(ctx.notes, ctx.facts, "data", ids, kpi_section("data", ids)):
        for panel in spec.panels:
            labels = [panel.title_en, panel.unit_en, panel.note_en, *panel.categories_en]
            for series in panel.series:
                labels += [series.name_en, *series.texts_en]
            for label in labels:
                assert label.isascii(), (spec.id, label)


def test_packaged_font_is_found_when_the_system_has_none(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.export import fonts

    if fonts.mplfonts_font_file() is None:
        pytest.skip("the fonts extra (mplfonts) is not installed")
    monkeypatch.setattr(fonts, "find_system_font", lambda: None)
    fonts.find_chart_font.cache_clear()
    try:
        font = fonts.find_chart_font()
    finally:
        fonts.find_chart_font.cache_clear()
    assert font is not None and font.source == "mplfonts"
    assert font.path is not None and font.path.is_file()


def test_chart_font_found_here() -> None:
    """Sanity for this machine: some font (system or packaged) can draw Chinese."""
    font = find_chart_font()
    if font is None:
        pytest.skip("no CJK font on this machine")
    assert font.path is None or font.path.exists()


# -- output path and format -----------------------------------------------------------------


def test_default_output_and_atomic_write(tmp_path: Path) -> None:
    draft_path = hand_written_draft(tmp_path)
    result = export_draft(draft_path, "html")
    assert result.path == draft_path.with_suffix(".html")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    with pytest.raises(InputError, match="不会自动创建目录"):  # never a silent mkdir
        export_draft(draft_path, "docx", tmp_path / "out" / "给老板.docx")
    assert not (tmp_path / "out").exists()
    (tmp_path / "out").mkdir()
    custom = export_draft(draft_path, "docx", tmp_path / "out" / "给老板.docx")
    assert custom.path.is_file()


def test_export_never_overwrites_the_draft(tmp_path: Path) -> None:
    draft_path = hand_written_draft(tmp_path)
    before = draft_path.read_bytes()
    with pytest.raises(InputError):
        export_draft(draft_path, "html", draft_path)
    assert draft_path.read_bytes() == before


def test_format_from_option_or_suffix() -> None:
    assert parse_format(None, None) == "docx"
    assert parse_format(None, Path("a.html")) == "html"
    assert parse_format("Word", None) == "docx"
    assert parse_format("HTML", Path("a.docx")) == "html"
    with pytest.raises(InputError) as err:
        parse_format("pdf", None)
    assert "docx 或 html" in str(err.value)


def test_english_fallback_labels_for_chinese_metric_ids(tmp_path: Path) -> None:
    from assistant.notes import parse_notes_text

    notes = parse_notes_text(
        '[report]\ntitle = "总结"\nyear = 2025\n'
        '[metrics."直播GMV"]\nlabel = "直播GMV"\nvalue = 120\nunit = "万元"\nlast_year = 80\n'
        'target = 150\nquarterly = [20, 25, 30, 45]\n')
    from assistant.facts import build_facts

    specs = plan_charts(notes, build_facts(notes), "data", ["kpi"], "kpi")
    assert {s.id for s in specs} == {"quarterly-直播GMV", "yoy", "completion"}
    for spec in specs:
        for panel in spec.panels:
            assert panel.title_en.isascii() and all(c.isascii() for c in panel.categories_en)


def test_markdown_features_reach_the_html(tmp_path: Path) -> None:
    result = export_draft(hand_written_draft(tmp_path), "html", today=TODAY)
    text = result.path.read_text(encoding="utf-8")
    assert f'<mark class="todo">{todo_marker("毛利润拆分")}</mark>' in text
    assert (f"<li><strong>季度表现</strong>{COLON}四个季度逐季走高<ul><li>第四季度最强</li></ul></li>"
            in text)
    assert "<ol><li>搜索</li><li>信息流</li></ol>" in text
    assert "<blockquote><p>问题不少。</p></blockquote>" in text
    assert fullwidth("<h3>整体销售业绩(GMV)</h3>") in text
    assert "<td>获客贵</td>" in text
    assert "9999万元" in text  # prose as written; the table has the fact
    assert parse_html(result.path).kpi_rows["GMV"] == list(SHOP_ROWS["GMV"])


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_exports_use_full_width_punctuation_beside_chinese(exported: dict,
                                                          case: tuple[str, str]) -> None:
    """Title block, table labels and notes, chart captions: no ASCII , : ; ( ) beside Chinese."""
    import re

    from assistant.typography import ascii_marks_touching_chinese

    info = exported[case]
    document = docx.Document(str(info["docx"].path))
    text = "\n".join(p.text for p in document.paragraphs)
    for table in document.tables:
        text += "\n" + "\n".join(cell.text for row in table.rows for cell in row.cells)
    assert ascii_marks_touching_chinese(text) == []
    page = Path(info["html"].path).read_text(encoding="utf-8")
    visible = re.sub(r"<style.*?</style>|<script.*?</script>|<[^>]+>", "\n", page, flags=re.S)
    assert ascii_marks_touching_chinese(visible) == []
