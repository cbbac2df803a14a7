"""Ledger rows for the workbook, from the tasks a user may see."""

from __future__ import annotations

from collections.abc import Iterator

from duban.web.dashboard.numbers import amount
from duban.web.ledger.models import ProgressFigure, ProgressReport, Task

from .workbook import LedgerRow

__all__ = ["ledger_rows", "progress_text", "target_text"]


def target_text(target) -> str:
    """The target as the report wrote it; the quote is what offices recognise."""
    return target.quote or f"{target.metric} {amount(target.value, target.unit)}"


def progress_text(task, verified: list) -> str:
    """进展情况: the latest verified report and its figures, plus the verified progress."""
    parts = []
    if verified:
        latest = verified[0]
        figures = "，".join(
            f"{f.target.metric} {amount(f.value, f.target.unit)}" for f in getattr(latest, "figure_list", ())
        )
        parts.append(f"{latest.period}：{latest.narrative.strip()}" + (f"（{figures}）" if figures else ""))
    parts.append(f"核实进度 {task.progress:g}%")
    return "\n".join(parts)


def _latest_verified(task_ids: list[int]) -> dict[int, ProgressReport]:
    """The most recent verified report of each task, with its figures."""
    latest: dict[int, ProgressReport] = {}
    for p in (ProgressReport.objects.filter(task_id__in=task_ids, state=ProgressReport.State.VERIFIED)
              .order_by("task_id", "-period", "-filed_at").only("id", "task_id", "period", "narrative")):
        latest.setdefault(p.task_id, p)
    figures: dict[int, list] = {}
    for f in ProgressFigure.objects.filter(report_id__in=[p.pk for p in latest.values()]).select_related("target"):
        figures.setdefault(f.report_id, []).append(f)
    for p in latest.values():
        p.figure_list = figures.get(p.pk, [])
    return latest


def ledger_rows(tasks, chunk: int = 300) -> Iterator[LedgerRow]:
    """Rows in report order, read a chunk of tasks at a time (a ledger of thousands of
    tasks with a year of monthly reports stays a handful of queries per chunk)."""
    ids = list(
        tasks.filter(review=Task.Review.ACTIVE).order_by("report_id", "start", "id").values_list("id", flat=True)
    )
    n = 0
    for i in range(0, len(ids), chunk):
        part = ids[i:i + chunk]
        by_id = Task.objects.select_related("lead_department").prefetch_related("targets", "cooperating").in_bulk(part)
        latest = _latest_verified(part)
        for tid in part:
            task = by_id[tid]
            n += 1
            report = latest.get(tid)
            yield LedgerRow(
                number=str(n),
                content=task.text or task.title,
                target="；".join(target_text(t) for t in task.targets.all()),
                lead=task.lead_department.name if task.lead_department_id else task.lead_department_text,
                cooperating="、".join(d.name for d in task.cooperating.all()),
                deadline=task.deadline.isoformat() if task.deadline else "",
                progress=progress_text(task, [report] if report else []),
                status=task.status if task.status != "normal" else "",
                status_label=task.get_status_display(),
            )
