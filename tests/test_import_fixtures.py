"""Exports shaped like the real ones, written by the tests themselves.

Every builder returns the values it wrote, so a test can compute the expected year
by hand (plain loops over what was written, not the importer's code).

- ``sycm_daily_xls``: 生意参谋 daily rows for a whole year, a binary XLS named ``.csv``
  (starts with D0 CF 11 E0), four note rows above the header, money as text with
  thousands separators, one day whose 支付金额 is ``-``;
- ``sycm_monthly_xlsx``: a 取数 export for last year with ``2024年6月`` labels and a
  汇总 row;
- ``wxt_weekly_gbk_csv``: a GBK 万相台 CSV with weekly ``20250106至20250112`` ranges per
  scene (the first days of January have no week, the last week straddles the year);
- ``jd_monthly_xlsx``: 京东商智 商品明细 per SKU and month;
- ``doudian_csv``: 抖店罗盘 UTF-8 CSV with a BOM, weekly ``~`` ranges.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

DASH_DAY = date(2025, 3, 15)  # the 生意参谋 day whose 支付金额 is "-"
SCENES = ("关键词推广", "人群推广")


@dataclass
class Written:
    path: Path
    rows: list[dict[str, object]] = field(default_factory=list)


def money_text(value: Decimal) -> str:
    return f"{value:,.2f}"


def sycm_day(i: int) -> tuple[Decimal, int, int]:
    """(支付金额 in yuan, 支付买家数, 访客数) of day ``i`` (0 = 1 January)."""
    return Decimal("9876.54") + Decimal("12.34") * i, 60 + i % 7, 2000 + 3 * i


def sycm_daily_xls(folder: Path, year: int = 2025, name: str = "生意参谋-商品宏观监控-2025.csv") -> Written:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("商品宏观监控")
    notes = ["商品宏观监控", "店铺名称：山野茶事天猫旗舰店", f"统计日期：{year}-01-01~{year}-12-31",
             "导出时间：2026-01-03 10:12:31"]
    for r, text in enumerate(notes):
        sheet.write(r, 0, text)
    header = ["统计日期", "支付金额", "支付买家数", "商品访客数", "支付转化率", "客单价", "下单金额",
              "支付件数", "支付金额较上一周期", "直播间观看次数"]
    for c, text in enumerate(header):
        sheet.write(4, c, text)
    out = Written(folder / name)
    day = date(year, 1, 1)
    r = 5
    i = 0
    while day.year == year:
        pay, buyers, visitors = sycm_day(i)
        pay_cell = "-" if day == DASH_DAY.replace(year=year) else money_text(pay)
        cells = [day.isoformat(), pay_cell, str(buyers), f"{visitors:,}", f"{buyers / visitors * 100:.2f}%",
                 f"{pay / buyers:.2f}", money_text(pay * 2), str(buyers * 2), "3.21%", "1,000"]
        for c, value in enumerate(cells):
            sheet.write(r, c, value)
        out.rows.append({"day": day, "pay": None if pay_cell == "-" else pay, "buyers": buyers,
                         "visitors": visitors})
        day += timedelta(days=1)
        r += 1
        i += 1
    book.save(str(out.path))
    return out


def sycm_monthly_xlsx(folder: Path, year: int = 2024, name: str = "取数-月度-2024.xlsx") -> Written:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "取数结果"
    ws.append(["生意参谋 取数 · 店铺月度数据"])
    ws.append(["统计日期", "支付金额", "支付买家数", "访客数", "客单价"])
    out = Written(folder / name)
    for month in range(1, 13):
        pay = Decimal("210000.35") + Decimal("10000.10") * month
        buyers = 1500 + 10 * month
        ws.append([f"{year}年{month}月", float(pay), buyers, 40000 + 100 * month, float(round(pay / buyers, 2))])
        out.rows.append({"month": month, "pay": pay, "buyers": buyers})
    total = sum((Decimal(str(r["pay"])) for r in out.rows), Decimal(0))
    ws.append(["汇总", float(total), 99999, 999999, None])
    book.save(out.path)
    return out


def wxt_week(scene: int, w: int) -> tuple[Decimal, Decimal]:
    """(花费, 总成交金额) in yuan of week ``w`` (0 = the week of 6 January) of a scene."""
    spend = Decimal("1500.25") + Decimal("10.10") * w + Decimal(500) * scene
    gmv = spend * (3 + scene) + Decimal("7.77") * w
    return spend, gmv


def wxt_weekly_gbk_csv(folder: Path, name: str = "万相台-场景周报-2025.csv",
                       scenes: tuple[str, ...] = SCENES) -> Written:
    header = ["日期", "场景名字", "计划ID", "计划名字", "展现量", "点击量", "花费", "点击率",
              "总成交金额", "直接成交金额", "投入产出比"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    out = Written(folder / name)
    first = date(2025, 1, 6)
    for w in range(52):  # 51 weeks inside 2025, then the week of 29 December straddles the year
        start = first + timedelta(days=7 * w)
        end = start + timedelta(days=6)
        label = f"{start:%Y%m%d}至{end:%Y%m%d}"
        for s, scene in enumerate(scenes):
            spend, gmv = wxt_week(s, w)
            writer.writerow([label, scene, f"{3000 + s}", f"{scene}-计划", "12345", "678", f"{spend:.2f}",
                             "5.49%", f"{gmv:.2f}", f"{gmv / 2:.2f}", f"{gmv / spend:.2f}"])
            out.rows.append({"week": w, "start": start, "end": end, "scene": scene, "spend": spend, "gmv": gmv})
    writer.writerow(["合计", "", "", "", "", "", "", "", "", "", ""])
    out.path.write_bytes(buffer.getvalue().encode("gbk"))
    return out


def jd_monthly_xlsx(folder: Path, name: str = "京东商智-商品明细-2025.xlsx") -> Written:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["京东商智 商品明细"])
    ws.append(["时间", "SKU", "成交金额", "成交单量", "成交客户数", "商品访客数", "客单价", "UV价值"])
    out = Written(folder / name)
    for month in range(1, 13):
        for k, sku in enumerate(("100012345678", "100087654321")):
            amount = Decimal("50000.50") * (k + 1) + Decimal(1000) * month
            buyers = 300 + 20 * month + 100 * k
            ws.append([f"2025-{month:02d}", sku, f"¥{amount:,.2f}", buyers + 5, buyers, 9000 + month,
                       f"{amount / buyers:.2f}", "1.23"])
            out.rows.append({"month": month, "sku": sku, "amount": amount, "buyers": buyers})
    book.save(out.path)
    return out


def doudian_csv(folder: Path, name: str = "抖店罗盘-2025.csv") -> Written:
    header = ["日期", "成交金额", "成交订单数", "成交人数", "退款金额（退款时间）", "退款金额(支付时间)",
              "商品曝光人数", "客单价"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    out = Written(folder / name)
    start = date(2024, 12, 30)  # Monday weeks: the first straddles 2024/2025
    w = 0
    while start.year <= 2025:
        end = start + timedelta(days=6)
        amount = Decimal(25000) + Decimal("100.01") * w
        buyers = 100 + w
        # The first week inside the year is written the way 抖店 shortens big numbers: 2.510001万.
        amount_text = f"{amount / 10000}万" if w == 1 else f"{amount:,.2f}"
        writer.writerow([f"{start:%Y-%m-%d}~{end:%Y-%m-%d}", amount_text, buyers + 3, buyers,
                         f"{w * 10}", f"{w * 11}", "88,000", f"{amount / buyers:.2f}"])
        out.rows.append({"start": start, "end": end, "amount": amount, "buyers": buyers,
                         "refund_refund_time": Decimal(w * 10), "refund_pay_time": Decimal(w * 11)})
        start += timedelta(days=7)
        w += 1
    out.path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    return out

