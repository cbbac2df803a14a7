"""Ledger rows for the workbook, from the tasks a user may see."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch

from duban.web.dashboard.numbers import amount
from duban.web.ledger.models import ProgressReport, Task

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
            f"{f.target.metric} {amount(f.value, f.target.unit)}" for f in latest.figures.all()
        )
        parts.append(f"{latest.period}：{latest.narrative.strip()}" + (f"（{figures}）" if figures else ""))
    parts.append(f"核实进度 {task.progress:g}%")
    return "\n".join(parts)


def ledger_rows(tasks) -> Iterator[LedgerRow]:
    verified = ProgressReport.objects.filter(state=ProgressReport.State.VERIFIED).order_by("-period", "-filed_at")
    qs = (
        tasks.filter(review=Task.Review.ACTIVE)
        .select_related("lead_department")
        .prefetch_related(
            "targets",
            "cooperating",
            Prefetch("progress_reports", queryset=verified.prefetch_related("figures__target"), to_attr="verified"),
        )
        .order_by("report_id", "start", "id")
    )
    for n, task in enumerate(qs.iterator(chunk_size=500), start=1):
        yield LedgerRow(
            number=str(n),
            content=task.text or task.title,
            target="；".join(target_text(t) for t in task.targets.all()),
            lead=task.lead_department.name if task.lead_department_id else task.lead_department_text,
            cooperating="、".join(d.name for d in task.cooperating.all()),
            deadline=task.deadline.isoformat() if task.deadline else "",
            progress=progress_text(task, task.verified),
            status=task.status if task.status != "normal" else "",
            status_label=task.get_status_display(),
        )
