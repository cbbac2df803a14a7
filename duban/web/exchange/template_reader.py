"""Read back a filled department template: structure and cell types only.

Whether a task or target belongs to the uploader is checked by the importer
(exchange.importer), which has the database; this module only turns the sheet
into rows and reports, per row and cell, what cannot be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.web.ledger import validation as check

from .bounds import Limits, read_measured
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


def _id_cell(raw, row: int, header: str, errors: list[CellError], required: bool) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            errors.append(CellError(row, header, "不能为空"))
        return None
    try:
        return check.object_id(raw.strip() if isinstance(raw, str) else raw, header)
    except check.Invalid:
        errors.append(CellError(row, header, f"“{str(raw)[:40]}”不是编号"))
        return None


def _cell(check_fn, raw, row: int, header: str, errors: list[CellError]):
    try:
        return check_fn(raw, header)
    except check.Invalid as exc:
        errors.append(CellError(row, header, exc.message))
        return None


def read_template(data: bytes) -> ParsedTemplate:
    """Parse an uploaded template; raises TemplateError for an unusable file.

    The workbook is measured first (:func:`bounds.measure`: sizes from the archive, rows
    and columns by a streaming pass that stops at the limit), then read in openpyxl's
    read-only mode, row by row."""
    return read_measured(data, Limits(rows=MAX_ROWS + 3, unpacked=MAX_UNPACKED), _parse, TemplateError,
                         not_xlsx="不是 Excel 文件（.xlsx）；请使用下载的填报模板")


def _parse(wb) -> ParsedTemplate:
    if TEMPLATE_SHEET not in wb.sheetnames:
        raise TemplateError(f"找不到工作表“{TEMPLATE_SHEET}”；请使用下载的填报模板")
    lines = wb[TEMPLATE_SHEET].iter_rows(max_col=len(_HEADERS), values_only=True)
    top = [next(lines, ()) for _ in range(3)]
    cell = lambda r, c: top[r - 1][c - 1] if len(top[r - 1]) >= c else None  # noqa: E731
    headers = [("" if cell(3, c) is None else str(cell(3, c)).strip()) for c in range(1, len(_HEADERS) + 1)]
    if headers != _HEADERS:
        raise TemplateError("表头与模板不一致（第3行应为：" + "、".join(_HEADERS) + "）")
    period = str(cell(2, 5) or "").strip()
    if not _PERIOD.match(period):
        raise TemplateError(f"E2 单元格的期间“{period[:20]}”格式应为 YYYY-MM")
    department = str(cell(2, 2) or "").strip()[:80]
    rows: list[ParsedRow] = []
    for r, cells in enumerate(lines, start=4):
        cells = tuple(cells) + (None,) * (len(_HEADERS) - len(cells))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise TemplateError(f"行数超过上限 {MAX_ROWS}")
        errors: list[CellError] = []
        task = _id_cell(cells[0], r, _HEADERS[0], errors, required=True)
        target = _id_cell(cells[1], r, _HEADERS[1], errors, required=False)
        value = None
        if not (cells[5] is None or (isinstance(cells[5], str) and not cells[5].strip())):
            # Finite and in range here; whether it may be negative depends on the target (importer).
            value = _cell(check.signed_figure, cells[5], r, _HEADERS[5], errors)
        narrative = ""
        if cells[6] is not None and str(cells[6]).strip():
            narrative = _cell(check.narrative, str(cells[6]), r, _HEADERS[6], errors) or ""
        if value is not None and target is None:
            errors.append(CellError(r, _HEADERS[5], "该行没有指标，只能填写进展情况"))
        rows.append(ParsedRow(r, task, target, value, narrative, errors))
    if not rows:
        raise TemplateError("模板中没有任何任务行")
    return ParsedTemplate(period=period, department=department, rows=rows)
