"""Validate a filled department template against the ledger, then apply it.

Follows django-import-export's workflow: a dry run produces typed row results
(new / update / skip / error) shown to the user; only a file with no error can
be confirmed, and confirming re-validates and applies every row inside one
transaction, so a file is imported whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db import transaction

from duban.web.accounts.roles import department_of
from duban.web.ledger import clock
from duban.web.ledger import validation as check
from duban.web.ledger.access import can_report_on
from duban.web.ledger.models import ProgressReport, Task

from .template_reader import CellError, ParsedTemplate
from .workbook import TEMPLATE_HEADERS

__all__ = ["RowResult", "TaskChange", "DryRun", "validate", "apply", "ImportRefused"]

H = dict(TEMPLATE_HEADERS)


class ImportRefused(Exception):
    """The file cannot be imported as a whole; the message is for the user."""


@dataclass
class RowResult:
    row: int
    kind: str  # new / update / skip / error
    task_id: int | None
    title: str = ""
    errors: list[CellError] = field(default_factory=list)

    KIND_LABELS = {"new": "新报送", "update": "修改退回的报告", "skip": "未填写，跳过", "error": "有错误"}

    @property
    def kind_label(self) -> str:
        return self.KIND_LABELS[self.kind]


@dataclass
class TaskChange:
    task: Task
    narrative: str
    figures: dict[int, float]
    existing: ProgressReport | None


@dataclass
class DryRun:
    period: str
    department: str
    rows: list[RowResult]
    changes: list[TaskChange]
    file_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[CellError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def valid(self) -> bool:
        return not self.file_errors and not self.errors

    def totals(self) -> dict[str, int]:
        out = {"new": 0, "update": 0, "skip": 0, "error": 0}
        for r in self.rows:
            out[r.kind] += 1
        return out


def _regular_type():
    from duban.web.ledger.workflow import report_types

    types = report_types()
    return next((t for t in types if t.code == "regular"), types[0])


def _check_figure(target, row, res: RowResult) -> None:
    """The sign rule needs the target: a rate may fall below zero, a count may not."""
    try:
        check.figure_for(target, row.value, H["value"])
    except check.Invalid as exc:
        res.errors.append(CellError(row.row, H["value"], exc.message))


def validate(parsed: ParsedTemplate, user, *, today: dt.date | None = None) -> DryRun:
    """The dry run: nothing is written."""
    today = today or clock.today()
    dept = department_of(user)
    file_errors = []
    if dept is None:
        file_errors.append("只有部门填报人可以导入进度；您的账号没有所属单位。")
    elif parsed.department and parsed.department != dept.name:
        file_errors.append(f"这是“{parsed.department}”的模板，您属于“{dept.name}”；请下载本单位的模板。")
    try:
        check.period(parsed.period, today=today)
    except check.Invalid as exc:
        file_errors.append(exc.message)
    rtype = _regular_type()
    ids = {r.task for r in parsed.rows if r.task}
    tasks = {t.pk: t for t in Task.objects.filter(pk__in=ids).prefetch_related("targets", "cooperating")}
    existing = {}
    if dept is not None:
        existing = {
            p.task_id: p
            for p in ProgressReport.objects.filter(task_id__in=ids, department=dept, period=parsed.period, report_type=rtype)
        }
    grouped: OrderedDict[int, dict] = OrderedDict()
    results: list[RowResult] = []
    seen_targets: dict[int, int] = {}
    for row in parsed.rows:
        res = RowResult(row.row, "skip", row.task, errors=list(row.errors))
        results.append(res)
        task = tasks.get(row.task) if row.task else None
        if row.task and (task is None or dept is None or not can_report_on(user, task)):
            res.errors.append(CellError(row.row, H["task"], f"任务编号 {row.task} 不存在或不属于本单位"))
            task = None
        if task is None:
            res.kind = "error" if res.errors else "skip"
            continue
        res.title = task.title
        if row.target:
            targets = {t.pk: t for t in task.targets.all()}
            if row.target not in targets:
                res.errors.append(CellError(row.row, H["target"], f"指标编号 {row.target} 不属于任务 {task.pk}"))
            elif row.target in seen_targets:
                res.errors.append(CellError(row.row, H["target"], f"指标 {row.target} 在第{seen_targets[row.target]}行已出现"))
            else:
                seen_targets[row.target] = row.row
                if row.value is not None:
                    _check_figure(targets[row.target], row, res)
        entry = grouped.setdefault(task.pk, {"task": task, "narratives": [], "figures": {}, "rows": []})
        entry["rows"].append(res)
        if row.narrative and row.narrative not in entry["narratives"]:
            entry["narratives"].append(row.narrative)
        if row.value is not None and row.target and not res.errors:
            entry["figures"][row.target] = row.value
    changes: list[TaskChange] = []
    for task_id, entry in grouped.items():
        rows = entry["rows"]
        filled = entry["narratives"] or entry["figures"]
        prior = existing.get(task_id)
        if filled and not entry["narratives"]:
            first = rows[0]
            first.errors.append(CellError(first.row, H["narrative"], "填写了完成值的任务必须填写进展情况"))
        if filled and prior is not None and prior.state != ProgressReport.State.RETURNED:
            state = "已核实" if prior.state == ProgressReport.State.VERIFIED else "待核实"
            rows[0].errors.append(
                CellError(rows[0].row, "", f"任务 {task_id} 在 {parsed.period} 的进度报告已报送（{state}），不能重复导入")
            )
        for res in rows:
            res.kind = "error" if res.errors else ("skip" if not filled else "update" if prior else "new")
        if filled and not any(r.errors for r in rows):
            changes.append(TaskChange(entry["task"], "\n".join(entry["narratives"]), entry["figures"], prior))
    if not changes and not file_errors and not any(r.errors for r in results):
        file_errors.append("文件中没有填写任何完成值或进展情况。")
    return DryRun(parsed.period, parsed.department, results, changes, file_errors)


def apply(parsed: ParsedTemplate, user) -> DryRun:
    """Re-validate and import every change in one transaction, or nothing."""
    from duban.web.ledger.workflow import WorkflowError, file_progress, refile_progress

    run = validate(parsed, user)
    if not run.valid:
        raise ImportRefused("文件有错误，未导入任何数据；请按预览中的提示修改后重新上传。")
    dept = department_of(user)
    rtype = _regular_type()
    try:
        with transaction.atomic():
            for ch in run.changes:
                if ch.existing is None:
                    file_progress(ch.task, user, department=dept, report_type=rtype, period=run.period,
                                  narrative=ch.narrative, figures=ch.figures)
                else:
                    refile_progress(ch.existing, user, ch.existing.version, narrative=ch.narrative, figures=ch.figures,
                                    milestones=list(ch.existing.milestones_done.all()))
    except WorkflowError as exc:
        raise ImportRefused(f"导入中止，未导入任何数据：{exc}") from exc
    return run
