"""The statistics as an Excel workbook: one sheet by unit (with the total), one of overdue items."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from duban.web.exchange.workbook import set_text

__all__ = ["write_stats", "UNIT_HEADERS"]

UNIT_HEADERS = ("主办单位", "件数", "已答复", "按期答复", "按期答复率(%)", "已评价", "满意和基本满意", "满意率(%)",
                "A类", "B类", "C类", "重新办理", "逾期未答复")


def _row(r: dict) -> list:
    return [r["unit"], r["items"], r["replied"], r["replied_on_time"], r["on_time_rate"], r["rated"], r["satisfied"],
            r["satisfaction_rate"], r["classes"]["A"], r["classes"]["B"], r["classes"]["C"], r["reopened"], r["overdue"]]


def write_stats(out, year: int, rows: list[dict], total: dict, overdue) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "按单位"
    ws.append([f"{year}年建议提案办理统计"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(UNIT_HEADERS))
    for c in ws[2]:
        c.font = Font(bold=True)
    for r in [*rows, total]:
        ws.append([None] * len(UNIT_HEADERS))
        for col, value in enumerate(_row(r), start=1):
            set_text(ws.cell(row=ws.max_row, column=col), value)
    ws.column_dimensions["A"].width = 24
    late = wb.create_sheet("逾期未答复")
    late.append(["编号", "类型", "标题", "主办单位", "答复时限"])
    for item in overdue:
        late.append([None] * 5)
        for col, value in enumerate([item.number, item.get_kind_display(), item.title, item.lead.name if item.lead else "",
                                     item.deadline.isoformat()], start=1):
            set_text(late.cell(row=late.max_row, column=col), value)
    wb.save(out)
