"""Read the list the 人大 or 政协 send (one row per suggestion or proposal) into rows of cells.

Only the shape is read here: which column holds what (header names with their common
variants, in any order, on any of the first rows), and what cannot be read at all. Whether a
value is acceptable is for :mod:`.importer`. The workbook is measured before openpyxl opens it
(:func:`duban.web.exchange.bounds.measure`: zip bombs, too many rows), as the ledger's import does.
"""

from __future__ import annotations

from dataclasses import dataclass

from duban.web.exchange.bounds import Limits, read_measured

__all__ = ["COLUMNS", "WorkbookError", "Sheet", "read_rows", "MAX_ROWS"]

MAX_ROWS = 5000
HEADER_ROWS = 10  # the header may follow a title and a note or two
# key -> (label, header variants). Compared without spaces.
COLUMNS = {
    "number": ("编号", ("编号", "案号", "建议编号", "提案编号", "建议号", "提案号", "序号编号")),
    "kind": ("类型", ("类型", "种类", "建议/提案", "建议提案", "案别")),
    "title": ("标题", ("标题", "题目", "案由", "建议标题", "提案标题", "建议题目", "提案题目")),
    "proposer": ("领衔人", ("领衔人", "领衔代表", "领衔委员", "提出人", "提案人", "第一提案人", "代表", "委员",
                          "提出者")),
    "co_signers": ("附议人", ("附议人", "附议代表", "附议委员", "联名人", "联名代表", "联名委员", "联名提案人")),
    "category": ("类别", ("类别", "分类", "内容分类", "类别分类")),
    "content": ("内容", ("内容", "正文", "建议内容", "提案内容", "主要内容")),
    "lead": ("主办单位", ("主办单位", "承办单位", "主办", "主办部门", "承办部门")),
    "co_units": ("会办单位", ("会办单位", "协办单位", "会办", "会办部门", "协办部门")),
    "assigned_on": ("交办日期", ("交办日期", "交办时间", "交办")),
    "urgent": ("紧急", ("紧急", "是否紧急", "急件")),
}
REQUIRED = ("number", "title", "proposer")
_LOOKUP = {v.replace(" ", ""): key for key, (_label, variants) in COLUMNS.items() for v in variants}


class WorkbookError(ValueError):
    """The file as a whole cannot be used; the message is for the user."""


@dataclass
class Sheet:
    columns: dict[str, int]  # key -> 0-based column index
    rows: list[tuple[int, dict[str, object]]]  # (Excel row number, key -> raw cell value)

    def letter(self, key: str) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(self.columns[key] + 1) if key in self.columns else ""


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _header_of(cells) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, v in enumerate(cells):
        if isinstance(v, str):
            key = _LOOKUP.get("".join(v.split()))
            if key and key not in found:
                found[key] = i
    return found


def read_rows(data: bytes) -> Sheet:
    """The first sheet's rows, keyed by column; raises :class:`WorkbookError` for an unusable file."""
    return read_measured(data, Limits(rows=MAX_ROWS + HEADER_ROWS), _parse, WorkbookError)


def _parse(wb) -> Sheet:
    if not wb.sheetnames:
        raise WorkbookError("工作簿中没有工作表")
    lines = wb[wb.sheetnames[0]].iter_rows(values_only=True)
    columns: dict[str, int] = {}
    start = 0
    for n in range(1, HEADER_ROWS + 1):
        cells = next(lines, None)
        if cells is None:
            break
        found = _header_of(cells)
        if all(k in found for k in REQUIRED):
            columns, start = found, n
            break
    if not columns:
        names = "、".join(COLUMNS[k][0] for k in REQUIRED)
        raise WorkbookError(f"前 {HEADER_ROWS} 行中找不到表头（至少需要：{names}）")
    rows: list[tuple[int, dict[str, object]]] = []
    for r, cells in enumerate(lines, start=start + 1):
        values = {k: (cells[i] if i < len(cells) else None) for k, i in columns.items()}
        if all(_blank(v) for v in values.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise WorkbookError(f"行数超过上限 {MAX_ROWS}")
        rows.append((r, values))
    if not rows:
        raise WorkbookError("表头下面没有任何数据行")
    return Sheet(columns, rows)
