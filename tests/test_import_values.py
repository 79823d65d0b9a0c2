"""Cells, headers and files of back-office exports, one quirk at a time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.imports import aliases as al
from assistant.imports.reading import ImportFileError, read_sheets
from assistant.imports.tables import parse_table
from assistant.imports.values import CellValueError, Period, parse_number, parse_period


@pytest.mark.parametrize(("cell", "expected"), [
    ("10,095.00", Decimal("10095.00")),
    ("0.45%", Decimal("0.45")),
    ("2.5万", Decimal("25000")),
    ("1.2亿", Decimal("120000000")),
    ("¥168", Decimal("168")),
    ("￥1,234.56", Decimal("1234.56")),
    ("１２３", Decimal("123")),  # full-width digits
    (" 88,000 ", Decimal("88000")),
    (10095.3, Decimal("10095.3")),
    (42, Decimal(42)),
])
def test_numbers_written_as_text(cell: object, expected: Decimal) -> None:
    assert parse_number(cell) == expected


@pytest.mark.parametrize("cell", ["-", "--", "", None, "  ", "—"])
def test_missing_marks(cell: object) -> None:
    assert parse_number(cell) is None


def test_text_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(CellValueError):
        parse_number("暂无数据啊")


@pytest.mark.parametrize(("cell", "start", "end"), [
    ("2025-06-04", date(2025, 6, 4), date(2025, 6, 4)),
    ("2025/6/4", date(2025, 6, 4), date(2025, 6, 4)),
    ("20250604", date(2025, 6, 4), date(2025, 6, 4)),
    ("2025-05-11~2025-05-17", date(2025, 5, 11), date(2025, 5, 17)),
    ("20250730-20250730", date(2025, 7, 30), date(2025, 7, 30)),
    ("20250803至20250809", date(2025, 8, 3), date(2025, 8, 9)),
    ("2025-06", date(2025, 6, 1), date(2025, 6, 30)),
    ("2025年6月", date(2025, 6, 1), date(2025, 6, 30)),
    ("2024年2月", date(2024, 2, 1), date(2024, 2, 29)),
    ("2025-06-04 00:00:00", date(2025, 6, 4), date(2025, 6, 4)),
    (date(2025, 1, 2), date(2025, 1, 2), date(2025, 1, 2)),
])
def test_dates_ranges_and_months(cell: object, start: date, end: date) -> None:
    assert parse_period(cell) == Period(start, end)


@pytest.mark.parametrize("cell", ["汇总", "2025-13", "20250231", "合计", "第一周"])
def test_not_a_period(cell: str) -> None:
    assert parse_period(cell) is None


def test_full_and_half_width_brackets_name_the_same_column() -> None:
    assert al.lookup("doudian", "退款金额（退款时间）") == al.lookup("doudian", "退款金额(退款时间)")
    assert al.lookup("sycm", "退款金额(支付时间)") == al.lookup("sycm", "退款金额（支付时间）")


def test_measures_that_only_look_alike_stay_apart() -> None:
    assert al.lookup("sycm", "下单金额") != al.lookup("sycm", "支付金额")
    assert al.lookup("doudian", "退款金额(支付时间)") != al.lookup("doudian", "退款金额(退款时间)")
    assert al.lookup("wxt", "直接成交金额") != al.lookup("wxt", "总成交金额")
    # Aliases of one measure are one measure.
    assert al.lookup("sycm", "老买家数") == al.lookup("sycm", "支付老买家数") == al.lookup("sycm", "老客复购人数")


@pytest.mark.parametrize(("headers", "platform"), [
    (["统计日期", "支付金额", "支付买家数", "访客数"], "sycm"),
    (["时间", "SKU", "成交金额", "成交单量", "成交客户数"], "jd"),
    (["日期", "成交金额", "成交订单数", "成交人数", "用户支付金额"], "doudian"),
    (["统计日期", "商品访客数", "成交订单数", "成交买家数", "成交金额", "成交率"], "pdd"),
    (["日期", "场景名字", "花费", "总成交金额", "投入产出比"], "wxt"),
    (["日期", "商品ID", "总花费(元)", "交易额(元)", "实际投产比"], "pdd_ads"),
    (["日期", "计划名称", "消耗", "整体成交金额", "整体支付ROI"], "qianchuan"),
])
def test_platform_is_recognised_from_the_header(headers: list[object], platform: str) -> None:
    assert al.detect_platform(headers) == platform


def _csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_header_found_below_notes_and_totals_skipped(tmp_path: Path) -> None:
    path = _csv(tmp_path / "x.csv", "店铺数据\n导出时间：2026-01-02\n\n统计日期,支付金额,支付买家数,奇怪的列\n"
                "2025-01-01,\"1,000.50\",10,a\n2025-01-02,-,11,b\n合计,\"1,000.50\",21,\n")
    table = parse_table(read_sheets(path)[0])
    assert table.header_line == 4
    assert table.platform.id == "sycm"
    assert [r.values.get("pay_amount") for r in table.rows] == [Decimal("1000.50"), None]
    assert table.rows[1].missing == ["支付金额"]
    assert table.totals_skipped == 1
    assert table.unknown == ["奇怪的列"]


def test_gbk_and_bom_csv_are_decoded(tmp_path: Path) -> None:
    text = "日期,场景名字,花费,总成交金额\n20250106至20250112,关键词推广,100.5,300\n"
    gbk = read_sheets(_csv(tmp_path / "gbk.csv", text, "gbk"))[0]
    bom = read_sheets(_csv(tmp_path / "bom.csv", "\ufeff" + text))[0]
    assert gbk.encoding == "gbk"
    assert gbk.rows == bom.rows
    assert gbk.rows[0][0] == "日期" and bom.rows[0][0] == "日期"


def test_binary_xls_named_csv_is_read_as_a_workbook(tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("数据")
    for c, text in enumerate(["统计日期", "支付金额", "支付买家数"]):
        sheet.write(0, c, text)
    for c, value in enumerate(["2025-02-01", "12,345.67", 12]):
        sheet.write(1, c, value)
    path = tmp_path / "生意参谋.csv"
    book.save(str(path))
    assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    table = parse_table(read_sheets(path)[0])
    assert table.rows[0].values == {"pay_amount": Decimal("12345.67"), "pay_buyers": Decimal(12)}


def test_one_row_for_a_custom_range_takes_the_range_from_the_notes(tmp_path: Path) -> None:
    path = _csv(tmp_path / "全年.csv", "交易总览\n日期范围：2025-01-01~2025-12-31\n访客数,支付买家数,支付金额\n"
                "\"1,320,000\",\"50,160\",\"8,426,880.00\"\n")
    table = parse_table(read_sheets(path)[0])
    assert table.rows[0].period == Period(date(2025, 1, 1), date(2025, 12, 31))


def test_unreadable_and_unrecognised_files(tmp_path: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportFileError, match=r"junk\.xlsx"):
        read_sheets(junk)
    unknown = _csv(tmp_path / "unknown.csv", "名字,颜色\n张三,红\n")
    with pytest.raises(ImportFileError, match=r"unknown\.csv.*没有找到认识的列"):
        parse_table(read_sheets(unknown)[0])


def test_utf16_text_without_bom_is_recognised_by_charset_normalizer(tmp_path: Path) -> None:
    # Excel's "Unicode 文本" export: UTF-16, tab-separated; here without a BOM.
    text = "统计日期\t支付金额\t支付买家数\n2025-01-01\t1,000.00\t10\n2025-01-02\t2,000.00\t20\n"
    path = tmp_path / "unicode.csv"
    path.write_bytes(text.encode("utf-16-le"))
    sheet = read_sheets(path)[0]
    assert sheet.encoding is not None and "16" in sheet.encoding
    table = parse_table(sheet)
    assert [r.values["pay_amount"] for r in table.rows] == [Decimal("1000.00"), Decimal("2000.00")]
