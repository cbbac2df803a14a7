"""Import the year's list: a dry run that checks every cell, then all rows or none.

As the ledger's Excel import: the dry run (:func:`validate`) writes nothing and gives a result per
row (new / duplicate / existing / error) with per-cell errors; :func:`apply` re-validates and
writes every item inside one transaction, and refuses the whole file when any row has an error.
Unit names go through the ledger's departments and aliases; a name that matches none is a cell
error, and :func:`queue_unknown` puts it on the ledger's unknown-name queue (单位 page), where
the office maps it to a unit (the name becomes an alias) before importing again.

The same 编号 (of the same 类型 and year) twice is one item: an identical second row is a
duplicate and ignored, a different one is an error; an item imported before is left as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import transaction

from duban.web.ledger import clock
from duban.web.ledger import departments as units
from duban.web.ledger.models import Department

from . import checks
from .models import Batch, CoUnit, Item
from .workbook import COLUMNS, Sheet, read_rows

__all__ = ["CellError", "RowResult", "DryRun", "ImportRefused", "validate", "apply", "queue_unknown", "import_bytes",
           "deadline_for", "co_deadline_for"]

_CHECKS = {"number": checks.number, "title": checks.title, "proposer": checks.person,
           "co_signers": checks.co_signers, "category": checks.category, "content": checks.content}
_YES = {"是", "紧急", "急", "急件", "yes", "y", "1", "true", "√"}


class ImportRefused(Exception):
    """Nothing was imported; the message is for the user."""


@dataclass
class CellError:
    row: int
    column: str  # the column's label (编号, 主办单位 ...), "" for the whole row
    letter: str  # A, B ... ("" for the whole row)
    message: str

    @property
    def cell(self) -> str:
        return f"{self.letter}{self.row}" if self.letter else f"第{self.row}行"

    def __str__(self) -> str:
        return f"{self.cell} {self.column}：{self.message}" if self.column else f"{self.cell}：{self.message}"


@dataclass
class RowResult:
    row: int
    kind: str  # new / duplicate / existing / error
    number: str = ""
    title: str = ""
    lead: str = ""
    co_units: list[str] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    values: dict = field(default_factory=dict)

    LABELS = {"new": "新增", "duplicate": "与前面的行重复，按一件计", "existing": "已导入过，保持不变", "error": "有错误"}

    @property
    def kind_label(self) -> str:
        return self.LABELS[self.kind]


@dataclass
class DryRun:
    year: int
    rows: list[RowResult]
    unknown: list[str]  # unit names that match no unit

    @property
    def errors(self) -> list[CellError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def valid(self) -> bool:
        return not self.errors

    def totals(self) -> dict[str, int]:
        out = {"new": 0, "duplicate": 0, "existing": 0, "error": 0}
        for r in self.rows:
            out[r.kind] += 1
        return out


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadline_for(assigned: dt.date, batch: Batch, urgent: bool) -> dt.date:
    """The reply deadline: ``batch.months`` months after 交办 (three by default); urgent items
    ``batch.urgent_days`` days."""
    return assigned + dt.timedelta(days=batch.urgent_days) if urgent else _add_months(assigned, batch.months)


def co_deadline_for(assigned: dt.date) -> dt.date:
    """A 会办单位's opinion is due one month after 交办."""
    return _add_months(assigned, 1)


def validate(sheet: Sheet, *, year: int | None = None, kind: str | None = None) -> DryRun:
    """The dry run: every row checked, nothing written. ``kind`` is the 类型 of rows whose
    workbook has no 类型 column (建议 lists from the 人大, 提案 lists from the 政协)."""
    index = units._index()
    by_pk = {d.pk: d for d in Department.objects.filter(pk__in=set(index.values()))}

    def resolve(name: str):
        return by_pk.get(index.get(units.normalise(name)))

    # One query for what is already imported, not one per row.
    imported = set(Item.objects.values_list("year", "kind", "number"))
    unknown: list[str] = []
    results: list[RowResult] = []
    seen: dict[tuple, RowResult] = {}
    default_year = year or clock.today().year
    if "kind" not in sheet.columns and kind is None:
        raise ImportRefused("表中没有“类型”列：请注明每行是建议还是提案（命令行可用 --kind suggestion|proposal）")

    def err(res, key, message):
        res.errors.append(CellError(res.row, COLUMNS[key][0] if key else "", sheet.letter(key) if key else "", message))

    for r, cells in sheet.rows:
        res = RowResult(r, "new")
        results.append(res)
        v: dict = {}
        for key, fn in _CHECKS.items():
            raw = cells.get(key)
            if key not in sheet.columns:
                v[key] = ""
                continue
            try:
                v[key] = fn(raw, key) if raw is not None else fn("", key)
            except checks.Invalid as exc:
                err(res, key, exc.message)
        if "kind" in sheet.columns and cells.get("kind") not in (None, ""):
            try:
                v["kind"] = checks.kind(cells["kind"], "kind")
            except checks.Invalid as exc:
                err(res, "kind", exc.message)
        elif kind is not None:
            v["kind"] = kind
        else:
            err(res, "kind", "请填写类型（建议或提案）。")
        v["assigned_on"] = None
        if cells.get("assigned_on") not in (None, ""):
            try:
                v["assigned_on"] = checks.date(cells["assigned_on"], "assigned_on")
            except checks.Invalid as exc:
                err(res, "assigned_on", exc.message)
        v["urgent"] = str(cells.get("urgent") or "").strip().lower() in _YES
        v["lead"] = None
        lead_names = units.split_names(str(cells.get("lead") or ""))
        if len(lead_names) > 1:
            err(res, "lead", f"主办单位只能有一个（写了 {len(lead_names)} 个：{'、'.join(lead_names)}）；其他单位请写在会办单位中。")
        elif lead_names:
            res.lead = lead_names[0]
            v["lead"] = resolve(lead_names[0])
            if v["lead"] is None:
                unknown.append(lead_names[0])
                err(res, "lead", f"没有名为“{lead_names[0]}”的单位（已列入待归并单位名称，归并后重新导入）。")
        v["co_units"] = []
        for name in units.split_names(str(cells.get("co_units") or "")):
            res.co_units.append(name)
            dept = resolve(name)
            if dept is None:
                unknown.append(name)
                err(res, "co_units", f"没有名为“{name}”的单位（已列入待归并单位名称，归并后重新导入）。")
            elif v["lead"] is not None and dept.pk == v["lead"].pk:
                err(res, "co_units", f"“{name}”已是主办单位，不能同时会办。")
            elif dept not in v["co_units"]:
                v["co_units"].append(dept)
        res.number, res.title, res.values = v.get("number", ""), v.get("title", ""), v
        if res.errors:
            res.kind = "error"
            continue
        the_year = v["assigned_on"].year if v["assigned_on"] else default_year
        v["year"] = the_year
        key = (the_year, v["kind"], v["number"])
        if key in seen:
            first = seen[key]
            if _same(first.values, v):
                res.kind = "duplicate"
            else:
                err(res, "number", f"编号 {v['number']} 在第{first.row}行已出现，且内容不同；同一编号只能是一件。")
                res.kind = "error"
            continue
        seen[key] = res
        if key in imported:
            res.kind = "existing"
    return DryRun(default_year, results, sorted(set(unknown)))


def _same(a: dict, b: dict) -> bool:
    keys = ("title", "proposer", "co_signers", "category", "content", "lead", "assigned_on", "urgent")
    return all(a.get(k) == b.get(k) for k in keys) and {d.pk for d in a["co_units"]} == {d.pk for d in b["co_units"]}


def queue_unknown(names: list[str]) -> None:
    """Put unit names that match no unit on the ledger's queue for the office to map."""
    for name in names:
        units.resolve_or_queue(name)


@dataclass
class Imported:
    batch: Batch | None
    run: DryRun
    created: int


def apply(sheet: Sheet, user=None, *, name: str, year: int | None = None, kind: str | None = None,
          months: int = 3, urgent_days: int = 30, source_name: str = "", sha256: str = "") -> Imported:
    """Re-validate and create the batch and its new items in one transaction, or refuse the file."""
    from duban.web.audit.record import record

    from .workflow import AUDIT

    run = validate(sheet, year=year, kind=kind)
    if not run.valid:
        raise ImportRefused(f"有 {run.totals()['error']} 行有错误，未导入任何一件；请按提示修改后重新导入。")
    new = [r for r in run.rows if r.kind == "new"]
    with transaction.atomic():
        batch = Batch.objects.create(name=name, year=run.year if year else (new[0].values["year"] if new else run.year),
                                     months=months, urgent_days=urgent_days, source_name=source_name[:255],
                                     sha256=sha256, imported_by=user if getattr(user, "is_authenticated", False) else None)
        today = clock.today()
        for r in new:
            v = r.values
            item = Item.objects.create(
                batch=batch, year=v["year"], kind=v["kind"], number=v["number"], title=v["title"],
                proposer=v["proposer"], co_signers=v["co_signers"], category=v["category"], content=v["content"],
                lead=v["lead"], lead_text=r.lead[:120], assigned_on=v["assigned_on"], urgent=v["urgent"])
            for dept in v["co_units"]:
                CoUnit.objects.create(item=item, department=dept, deadline=co_deadline_for(v["assigned_on"] or today))
        record(user, AUDIT.SUGGESTION_IMPORTED, batch, {"file": source_name, "created": len(new),
                                              "duplicate": run.totals()["duplicate"], "existing": run.totals()["existing"]})
    return Imported(batch, run, len(new))


def import_bytes(data: bytes, user=None, *, name: str = "", dry_run: bool = False, **options) -> Imported:
    """Read and import a workbook's bytes (the CLI and the page); a dry run returns the preview only."""
    sheet = read_rows(data)
    if dry_run:
        return Imported(None, validate(sheet, year=options.get("year"), kind=options.get("kind")), 0)
    return apply(sheet, user, name=name or options.get("source_name") or "建议提案", sha256=hashlib.sha256(data).hexdigest(),
                 **options)
