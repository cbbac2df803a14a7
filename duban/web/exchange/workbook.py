"""Excel workbooks in the layouts supervision offices use (openpyxl, no Django).

Two layouts:
- the ledger (台账): 序号, 任务内容, 目标值, 牵头单位, 配合单位, 完成时限, 进展情况, 状态,
  with the status cell filled in its colour;
- a department's progress template: one row per target (or per task without a
  measurable target) with the two columns the department fills in.

Text that looks like a formula is written as an explicit text cell with Excel's
quote prefix (what Excel itself stores for a typed '=...), so opening the file
never evaluates it and the text is kept exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .cells import is_formula_like

__all__ = [
    "LEDGER_HEADERS",
    "STATUS_FILLS",
    "LedgerRow",
    "TemplateRow",
    "TEMPLATE_HEADERS",
    "TEMPLATE_SHEET",
    "write_ledger",
    "write_template",
    "set_text",
]

LEDGER_HEADERS = ("序号", "任务内容", "目标值", "牵头单位", "配合单位", "完成时限", "进展情况", "状态")
_LEDGER_WIDTHS = (7, 60, 24, 18, 24, 12, 48, 10)

# Fill colours by status code; the codes are those of the ledger's status function.
STATUS_FILLS = {
    "done": "A9D08E",
    "blue": "9BC2E6",
    "yellow": "FFE699",
    "red": "FF7C80",
}

TEMPLATE_SHEET = "进度填报"
# Column keys and headers of the department template; the first four identify the
# row and are locked, the last two are what the department fills.
TEMPLATE_HEADERS = (
    ("task", "任务编号"),
    ("target", "指标编号"),
    ("content", "任务内容"),
    ("metric", "指标"),
    ("goal", "目标值"),
    ("value", "本期完成值"),
    ("narrative", "进展情况"),
)
_TEMPLATE_WIDTHS = (10, 10, 56, 20, 20, 14, 48)

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_FONT = "SimSun"  # what offices' Excel has; LibreOffice substitutes a CJK font


@dataclass
class LedgerRow:
    number: str
    content: str
    target: str = ""
    lead: str = ""
    cooperating: str = ""
    deadline: str = ""
    progress: str = ""
    status: str = ""  # code: done / blue / yellow / red / "" (no warning)
    status_label: str = ""


@dataclass
class TemplateRow:
    task: int
    target: int | None
    content: str
    metric: str = ""
    goal: str = ""
    value: float | None = None
    narrative: str = ""
    extra: dict = field(default_factory=dict)


def set_text(cell, value) -> None:
    """Write ``value``; formula-like text becomes a quoted text cell."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def _header(ws, row: int, headers: Iterable[str], widths: Iterable[int]) -> None:
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        c = ws.cell(row=row, column=col, value=text)
        c.font = Font(name=_FONT, bold=True)
        c.fill = _HEADER_FILL
        c.border = _BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width


def _ledger_styles(wb) -> None:
    from openpyxl.styles import NamedStyle

    def style(name, horizontal, fill=None):
        st = NamedStyle(name=name, font=Font(name=_FONT), border=_BORDER,
                        alignment=Alignment(vertical="top", wrap_text=True, horizontal=horizontal))
        if fill:
            st.fill = PatternFill("solid", fgColor=fill)
        wb.add_named_style(st)

    style("ledger_cell", "left")
    style("ledger_center", "center")
    for code, colour in STATUS_FILLS.items():
        style(f"ledger_status_{code}", "center", colour)


def write_ledger(rows: Iterable[LedgerRow], out, *, title: str = "重点任务台账", subtitle: str = "") -> int:
    """Write the ledger workbook to ``out`` (path or binary file); returns the row count."""
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ncols = len(LEDGER_HEADERS)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    t = ws.cell(row=1, column=1)
    set_text(t, title)
    t.font = Font(name=_FONT, size=16, bold=True)
    t.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    set_text(ws.cell(row=2, column=1), subtitle)
    ws.cell(row=2, column=1).alignment = Alignment(horizontal="right")
    _header(ws, 3, LEDGER_HEADERS, _LEDGER_WIDTHS)
    _ledger_styles(wb)
    count = 0
    for r, item in enumerate(rows, start=4):
        values = (item.number, item.content, item.target, item.lead, item.cooperating,
                  item.deadline, item.progress, item.status_label)
        for col, value in enumerate(values, start=1):
            c = ws.cell(row=r, column=col)
            set_text(c, value)
            # Named styles: assigning a name is a lookup, while assigning Font/Border/
            # Alignment objects per cell makes openpyxl hash them every time (3x slower).
            if col == ncols and item.status in STATUS_FILLS:
                c.style = f"ledger_status_{item.status}"
            else:
                c.style = "ledger_center" if col in (1, 6, 8) else "ledger_cell"
            if c.data_type == "s" and is_formula_like(value):
                c.quotePrefix = True
        count += 1
    ws.freeze_panes = "C4"
    ws.auto_filter.ref = f"A3:{get_column_letter(ncols)}{max(3, 3 + count)}"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    wb.save(out)
    return count


def write_template(rows: Iterable[TemplateRow], out, *, period: str, department: str, title: str = "") -> int:
    """Write a department's progress template to ``out``; returns the row count.

    Row 1 holds the title, row 2 the department and period (read back on upload),
    row 3 the headers. Identifying columns are locked (sheet protection without a
    password: it guards against slips, not against a determined user; the upload
    validates everything anyway).
    """
    wb = Workbook()
    ws = wb.active
    ws.title = TEMPLATE_SHEET
    ncols = len(TEMPLATE_HEADERS)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    set_text(ws.cell(row=1, column=1), title or f"{department} 进度填报（{period}）")
    ws.cell(row=1, column=1).font = Font(name=_FONT, size=14, bold=True)
    ws.cell(row=2, column=1, value="单位")
    set_text(ws.cell(row=2, column=2), department)
    ws.cell(row=2, column=4, value="期间")
    ws.cell(row=2, column=5, value=period).data_type = "s"
    _header(ws, 3, [h for _, h in TEMPLATE_HEADERS], _TEMPLATE_WIDTHS)
    count = 0
    for r, item in enumerate(rows, start=4):
        values = (item.task, item.target, item.content, item.metric, item.goal, item.value, item.narrative)
        for col, value in enumerate(values, start=1):
            c = ws.cell(row=r, column=col)
            set_text(c, value)
            c.border = _BORDER
            c.alignment = Alignment(vertical="top", wrap_text=col in (3, 7))
            if col >= 6:
                c.protection = Protection(locked=False)
                c.fill = PatternFill("solid", fgColor="FFF2CC")
        count += 1
    last = 3 + max(count, 1)
    dv = DataValidation(type="decimal", allow_blank=True, showErrorMessage=True,
                        errorTitle="本期完成值", error="请填写数字")
    dv.add(f"F4:F{last}")
    ws.add_data_validation(dv)
    ws.freeze_panes = "C4"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    wb.save(out)
    return count


def open_workbook(fileobj):
    """Open an uploaded workbook read-only with values, not formulas."""
    return load_workbook(fileobj, data_only=True, read_only=False)
