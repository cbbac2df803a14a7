"""Measure an uploaded workbook before anything parses it.

An .xlsx is a zip of XML parts. A few MB of upload can declare gigabytes (zip bomb) or
hold hundreds of thousands of rows that a full load would keep in memory. So, before
openpyxl opens the file:

1. the archive's central directory gives every part's unpacked size: the total and each
   non-sheet part are capped (zipfile also stops reading a part at its declared size, so a
   part that lies about its size cannot inflate further);
2. every worksheet and the shared-strings part are read in one streaming pass (defusedxml's
   iterparse over the decompressing stream) that counts rows, cells per row and strings,
   and stops at the first limit passed.

Memory stays at one row's elements and a 64 KB read buffer whatever the file holds.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from defusedxml.ElementTree import iterparse

__all__ = ["Limits", "WorkbookTooLarge", "measure", "read_measured"]

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class WorkbookTooLarge(ValueError):
    """The workbook passes a limit; the message is for the user."""


@dataclass(frozen=True)
class Limits:
    rows: int = 5000 + 3  # data rows plus the template's title, period and header rows
    columns: int = 64
    unpacked: int = 50 * 1024 * 1024
    part: int = 10 * 1024 * 1024  # any XML part other than a worksheet (styles, shared strings ...)
    parts: int = 200
    strings: int = 100_000


def read_measured(data: bytes, limits: Limits, parse, error: type[Exception], *,
                  not_xlsx: str = "不是 Excel 文件（.xlsx）"):
    """``parse(workbook)`` of an upload that was measured first and is opened read-only; every
    way the file can be unusable (empty, not a zip, past ``limits``, damaged) raises ``error``
    with a message for the user. The workbook is closed whatever ``parse`` does."""
    from openpyxl import load_workbook

    if not data:
        raise error("文件是空的")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise error(not_xlsx)
    try:
        measure(data, limits)
    except WorkbookTooLarge as exc:
        raise error(str(exc)) from None
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise error(f"无法读取 Excel 文件：{exc.__class__.__name__}") from exc
    try:
        return parse(wb)
    except error:
        raise
    except Exception as exc:  # a damaged sheet found while reading its rows
        raise error(f"无法读取 Excel 文件：{exc.__class__.__name__}") from exc
    finally:
        wb.close()


def measure(data: bytes, limits: Limits = Limits()) -> dict[str, int]:
    """Raise :class:`WorkbookTooLarge` for a workbook past ``limits``; otherwise return what was
    counted (rows of the largest sheet, widest row, strings). ``data`` must be a zip archive."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        if len(infos) > limits.parts:
            raise WorkbookTooLarge(f"文件包含 {len(infos)} 个部件，超过上限 {limits.parts}，不像填报模板")
        if sum(i.file_size for i in infos) > limits.unpacked:
            raise WorkbookTooLarge(f"文件解压后超过 {limits.unpacked // 1024 // 1024} MB，不像填报模板")
        counted = {"rows": 0, "columns": 0, "strings": 0}
        for info in infos:
            name = info.filename
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                rows, columns = _count_sheet(zf, info, limits)
                counted["rows"] = max(counted["rows"], rows)
                counted["columns"] = max(counted["columns"], columns)
            elif name.endswith((".xml", ".rels")) and info.file_size > limits.part:
                raise WorkbookTooLarge(f"文件中的“{name[:60]}”解压后超过 {limits.part // 1024 // 1024} MB，不像填报模板")
            if name == "xl/sharedStrings.xml":
                counted["strings"] = _count_strings(zf, info, limits)
        return counted


def _events(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    try:
        with zf.open(info) as stream:
            yield from iterparse(stream, events=("start", "end"))
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        # ValueError: defusedxml's refusals (DTDs, entities); ParseError is a SyntaxError.
        raise WorkbookTooLarge(f"文件中的“{info.filename[:60]}”无法读取：{exc.__class__.__name__}") from None
    except SyntaxError:
        raise WorkbookTooLarge(f"文件中的“{info.filename[:60]}”不是有效的 XML") from None


def _count_sheet(zf, info, limits: Limits) -> tuple[int, int]:
    rows = elements = widest = cells = 0
    row_has_value = False
    sheet_data = None
    for event, elem in _events(zf, info):
        tag = elem.tag
        if event == "start":
            if tag == _NS + "row":
                cells, row_has_value = 0, False
            elif tag == _NS + "sheetData":
                sheet_data = elem
            continue
        if tag == _NS + "c":
            cells += 1
            if cells > limits.columns:
                raise WorkbookTooLarge(f"列数超过上限 {limits.columns}（第 {rows + 1} 个有内容的行附近）")
            if any(child.tag in (_NS + "v", _NS + "is") for child in elem):
                row_has_value = True
            elem.clear()
        elif tag == _NS + "row":
            widest = max(widest, cells)
            rows += row_has_value
            elements += 1
            if rows > limits.rows:
                raise WorkbookTooLarge(f"行数超过上限 {limits.rows - 3}")
            if elements > 10 * limits.rows:
                raise WorkbookTooLarge(f"空行过多（超过 {10 * limits.rows} 行），不像填报模板")
            # Drop the finished row from the tree: memory stays at one row.
            if sheet_data is not None:
                sheet_data.clear()
    return rows, widest


def _count_strings(zf, info, limits: Limits) -> int:
    n = 0
    table = None
    for event, elem in _events(zf, info):
        if event == "start":
            if elem.tag == _NS + "sst":
                table = elem
        elif elem.tag == _NS + "si":
            n += 1
            if n > limits.strings:
                raise WorkbookTooLarge(f"文本单元格超过上限 {limits.strings}")
            if table is not None:
                table.clear()
    return n
