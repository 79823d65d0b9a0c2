"""Read an export into rows of cells, whatever its format claims to be.

The format is taken from the content, not the name: 生意参谋 sometimes sends a binary
XLS named ``.csv``. ``D0 CF 11 E0`` starts a legacy binary workbook (xlrd), ``PK`` an
``.xlsx`` (openpyxl, read-only); anything else is text: UTF-8 (with or without BOM),
GBK/GB18030 (万相台), or whatever charset-normalizer recognises.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK\x03\x04"

Cell = object


@dataclass
class Sheet:
    """One table of an export: a sheet of a workbook, or a whole CSV file."""

    file: Path
    name: str | None  # sheet name; None for CSV
    rows: list[list[Cell]]
    encoding: str | None = None

    @property
    def where(self) -> str:
        return f"{self.file.name}[{self.name}]" if self.name else self.file.name


class ImportFileError(InputError):
    """An export file that cannot be read or understood."""


EXPECTED_FORMATS = "后台导出的 .xlsx、.xls 或 .csv（UTF-8 或 GBK）表格"


def read_sheets(path: Path) -> list[Sheet]:
    """Every non-empty table in ``path``; ``ImportFileError`` when it cannot be read."""
    if not path.exists():
        raise ImportFileError(f"找不到导出文件：{path}", hint="检查文件名和路径。")
    if path.is_dir():
        raise ImportFileError(f"{path} 是一个目录，需要的是{EXPECTED_FORMATS}。")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"无法读取导出文件 {path}:{exc.strerror}") from None
    if not data.strip():
        raise ImportFileError(f"导出文件 {path} 是空的，需要的是{EXPECTED_FORMATS}。")
    if data.startswith(OLE_MAGIC):
        sheets = _read_xls(path, data)
    elif data.startswith(ZIP_MAGIC):
        sheets = _read_xlsx(path, data)
    else:
        sheets = [_read_text(path, data)]
    sheets = [s for s in sheets if s.rows]
    if not sheets:
        raise ImportFileError(f"导出文件 {path} 里没有任何数据行，需要的是{EXPECTED_FORMATS}。")
    return sheets


def _trim(row: list[Cell]) -> list[Cell]:
    out = [c.strip() if isinstance(c, str) else c for c in row]
    while out and (out[-1] is None or out[-1] == ""):
        out.pop()
    return out


def _read_xls(path: Path, data: bytes) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:  # xlrd raises several unrelated types for damaged files
        raise ImportFileError(
            f"{path} 看起来是旧版 Excel 文件（.xls），但无法打开：{exc}",
            hint="在 Excel 或 WPS 里打开后另存为 .xlsx 再导入。") from None
    sheets: list[Sheet] = []
    try:
        for index in range(book.nsheets):
            sheet = book.get_sheet(index)
            rows: list[list[Cell]] = []
            for r in range(sheet.nrows):
                row: list[Cell] = []
                for cell in sheet.row(r):
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        try:
                            row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                        except (ValueError, OverflowError):
                            row.append(cell.value)
                    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) or cell.ctype == xlrd.XL_CELL_ERROR:
                        row.append(None)
                    else:
                        row.append(cell.value)
                rows.append(_trim(row))
            sheets.append(Sheet(path, sheet.name if book.nsheets > 1 else None, rows))
    finally:
        book.release_resources()
    return sheets


def _read_xlsx(path: Path, data: bytes) -> list[Sheet]:
    from zipfile import BadZipFile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(
            f"{path} 看起来是 .xlsx 文件，但无法打开：{exc}",
            hint="在 Excel 或 WPS 里打开后重新另存为 .xlsx 再导入。") from None
    sheets: list[Sheet] = []
    try:
        names = book.sheetnames
        for name in names:
            ws = book[name]
            if hasattr(ws, "reset_dimensions"):
                # Some exporters write a wrong <dimension> (A1 only): read to the real end.
                ws.reset_dimensions()
            rows = [_trim(list(r)) for r in ws.iter_rows(values_only=True)]
            sheets.append(Sheet(path, name if len(names) > 1 else None, rows))
    finally:
        book.close()
    return sheets


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, then GB18030 (a superset of GBK),
    then charset-normalizer's best guess (UTF-16 exports, Big5 …)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text, "gbk" if encoding == "gb18030" else encoding
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ImportFileError(
            f"{path} 不是可识别的表格文件：既不是 Excel 工作簿，也不是能识别编码的 CSV 文本。",
            hint=f"需要{EXPECTED_FORMATS}；请从后台重新导出。")
    return str(best), best.encoding


def _read_text(path: Path, data: bytes) -> Sheet:
    text, encoding = decode_text(path, data)
    if "\x00" in text or not any(ch.isprintable() for ch in text[:200]):
        raise ImportFileError(f"{path} 不是可识别的表格文件。", hint=f"需要{EXPECTED_FORMATS}。")
    head = text[:4096]
    delimiter = "\t" if head.count("\t") > head.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [_trim(list(r)) for r in reader]
    except csv.Error as exc:
        raise ImportFileError(f"{path} 不是格式正确的 CSV:{exc}", hint=f"需要{EXPECTED_FORMATS}。") from None
    return Sheet(path, None, rows, encoding)
