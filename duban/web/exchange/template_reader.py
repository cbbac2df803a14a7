"""Read back a filled department template: structure and cell types only.

Whether a task or target belongs to the uploader is checked by the importer
(exchange.importer), which has the database; this module only turns the sheet
into rows and reports, per row and cell, what cannot be read.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from .cells import NumberError, parse_number
from .workbook import TEMPLATE_HEADERS, TEMPLATE_SHEET

__all__ = ["CellError", "ParsedRow", "ParsedTemplate", "TemplateError", "read_template", "MAX_ROWS", "MAX_UNPACKED"]

MAX_ROWS = 5000
MAX_UNPACKED = 50 * 1024 * 1024
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_HEADERS = [h for _, h in TEMPLATE_HEADERS]


class TemplateError(ValueError):
    """The file as a whole cannot be used; the message is for the user."""


@dataclass
class CellError:
    row: int  # spreadsheet row number as Excel shows it
    column: str  # column header, e.g. 本期完成值 ("" for the whole row)
    message: str

    @property
    def cell(self) -> str:
        if not self.column or self.column not in _HEADERS:
            return f"第{self.row}行"
        letter = chr(ord("A") + _HEADERS.index(self.column))
        return f"{letter}{self.row}"


@dataclass
class ParsedRow:
    row: int
    task: int | None
    target: int | None
    value: float | None
    narrative: str
    errors: list[CellError] = field(default_factory=list)


@dataclass
class ParsedTemplate:
    period: str
    department: str
    rows: list[ParsedRow]

    @property
    def errors(self) -> list[CellError]:
        return [e for r in self.rows for e in r.errors]


def _int_cell(raw, row: int, header: str, errors: list[CellError], required: bool) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            errors.append(CellError(row, header, "不能为空"))
        return None
    try:
        value = float(str(raw).strip())
    except ValueError:
        errors.append(CellError(row, header, f"“{raw}”不是编号"))
        return None
    if value != int(value) or value <= 0:
        errors.append(CellError(row, header, f"“{raw}”不是编号"))
        return None
    return int(value)


def read_template(data: bytes) -> ParsedTemplate:
    """Parse an uploaded template; raises TemplateError for an unusable file."""
    from openpyxl import load_workbook

    if not data:
        raise TemplateError("文件是空的")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateError("不是 Excel 文件（.xlsx）；请使用下载的填报模板")
    # A few MB of upload can inflate to gigabytes (zip bomb): look at the declared sizes
    # before openpyxl expands anything. A filled template is well under a megabyte.
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if sum(i.file_size for i in zf.infolist()) > MAX_UNPACKED:
            raise TemplateError(f"文件解压后超过 {MAX_UNPACKED // 1024 // 1024} MB，不像填报模板")
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise TemplateError(f"无法读取 Excel 文件：{exc.__class__.__name__}") from exc
    if TEMPLATE_SHEET not in wb.sheetnames:
        raise TemplateError(f"找不到工作表“{TEMPLATE_SHEET}”；请使用下载的填报模板")
    ws = wb[TEMPLATE_SHEET]
    headers = [("" if c.value is None else str(c.value).strip()) for c in ws[3]][: len(_HEADERS)]
    if headers != _HEADERS:
        raise TemplateError("表头与模板不一致（第3行应为：" + "、".join(_HEADERS) + "）")
    period = str(ws.cell(row=2, column=5).value or "").strip()
    if not _PERIOD.match(period):
        raise TemplateError(f"E2 单元格的期间“{period}”格式应为 YYYY-MM")
    department = str(ws.cell(row=2, column=2).value or "").strip()
    rows: list[ParsedRow] = []
    for r, cells in enumerate(ws.iter_rows(min_row=4, max_col=len(_HEADERS), values_only=True), start=4):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise TemplateError(f"行数超过上限 {MAX_ROWS}")
        errors: list[CellError] = []
        task = _int_cell(cells[0], r, _HEADERS[0], errors, required=True)
        target = _int_cell(cells[1], r, _HEADERS[1], errors, required=False)
        try:
            value = parse_number(cells[5])
        except NumberError as exc:
            errors.append(CellError(r, _HEADERS[5], str(exc)))
            value = None
        narrative = "" if cells[6] is None else str(cells[6]).strip()
        if value is not None and value < 0:
            errors.append(CellError(r, _HEADERS[5], "完成值不能为负数"))
        if value is not None and target is None:
            errors.append(CellError(r, _HEADERS[5], "该行没有指标，只能填写进展情况"))
        rows.append(ParsedRow(r, task, target, value, narrative, errors))
    if not rows:
        raise TemplateError("模板中没有任何任务行")
    return ParsedTemplate(period=period, department=department, rows=rows)
