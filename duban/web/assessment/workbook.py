"""The assessment as an Excel workbook in the layout offices use: 单位, 各项得分, 总分, 排名, 说明."""

from __future__ import annotations

import io

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from duban.web.assessment import components as comp
from duban.web.assessment.scoring import Assessment

__all__ = ["write_assessment", "header"]

_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def header(a: Assessment) -> list[str]:
    return [gettext("单位"), *[str(comp.LABELS[k]) for k in a.component_keys], gettext("总分"), gettext("排名"),
            gettext("说明")]


def _cell(value):
    # A cell that starts like a formula would run in Excel: names and reasons are data.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_assessment(a: Assessment) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = gettext("考核结果")
    cols = header(a)
    ws.append([gettext("{year}年度考核结果（考核细则 {version}，数据截至 {as_of}）").format(
        year=a.year, version=a.rubric.version, as_of=a.as_of)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(cols))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(cols)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF0F3")
        cell.border = _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for d in a.departments:
        scores = []
        for key in a.component_keys:
            c = d.component(key)
            scores.append(c.score if c is not None else "—")
        ws.append([_cell(d.department.name), *scores, d.score, d.rank, _cell(d.explanation)])
        for cell in ws[ws.max_row]:
            cell.border = _BOX
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    widths = [18] + [11] * len(a.component_keys) + [9, 7, 80]
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "B3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
