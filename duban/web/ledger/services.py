"""Status refresh and reminders: the parts of the workflow that depend on the calendar.

``refresh_status`` is called after every verification and edit, and for all tasks by
``duban manage send_reminders`` (run it daily from cron): statuses change with time
even when nobody touches a task.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from duban.web.audit.events import Action
from duban.web.audit.record import record
from duban.web.ledger import status as rubric
from duban.web.ledger.models import Notification, ProgressReport, Report, StatusChange, Task
from duban.web.ledger.notify import notify_departments, notify_office
from duban.web.ledger.signals import emit

__all__ = ["facts_for", "verdict_for", "refresh_status", "refresh_report", "refresh_all", "send_reminders"]


def facts_for(task: Task) -> rubric.TaskFacts:
    from duban.web.ledger.workflow import latest_verified_figures

    latest = latest_verified_figures(task)
    return rubric.TaskFacts(
        start=task.start_date,
        deadline=task.deadline,
        stages=tuple(rubric.StageFact(m.weight, m.due, m.done_on is not None) for m in task.milestones.all()),
        targets=tuple(
            rubric.TargetFact(t.value, t.value_max, t.comparator, latest.get(t.pk)) for t in task.targets.all()
        ),
    )


def verdict_for(task: Task, today: dt.date | None = None) -> rubric.Verdict:
    return rubric.compute(facts_for(task), today or timezone.localdate(), rubric.Rules.from_settings())


def refresh_status(task: Task, *, by=None, today: dt.date | None = None) -> rubric.Verdict:
    """Recompute and store the task's status; a change writes a StatusChange and an audit event.

    The stored status is a cache of :func:`status.compute` and is written with a plain
    UPDATE, deliberately not bumping ``version``: a status flip caused by the calendar
    must not make an office user's open edit form conflict."""
    verdict = verdict_for(task, today)
    if task.review != Task.Review.ACTIVE:
        return verdict
    with transaction.atomic():
        old = Task.objects.filter(pk=task.pk).values_list("status", flat=True).first()
        Task.objects.filter(pk=task.pk).update(
            status=verdict.status, status_reason=verdict.reason[:200], progress=verdict.progress, expected=verdict.expected
        )
        task.status, task.status_reason, task.progress, task.expected = (
            verdict.status, verdict.reason[:200], verdict.progress, verdict.expected,
        )
        if old != verdict.status:
            user = by if getattr(by, "is_authenticated", False) else None
            StatusChange.objects.create(task=task, old=old, new=verdict.status, reason=verdict.reason[:200],
                                        at=timezone.now(), by=user)
            record(user, Action.STATUS_CHANGED, task, {"before": old, "after": verdict.status, "reason": verdict.reason})
            emit("task.status_changed", task, actor=user, before=old, after=verdict.status, reason=verdict.reason)
    return verdict


def refresh_report(report: Report, *, by=None, today: dt.date | None = None) -> int:
    n = 0
    for task in report.tasks.filter(review=Task.Review.ACTIVE).prefetch_related("milestones", "targets"):
        refresh_status(task, by=by, today=today)
        n += 1
    return n


def refresh_all(today: dt.date | None = None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for task in Task.objects.filter(review=Task.Review.ACTIVE).prefetch_related("milestones", "targets").iterator(chunk_size=500):
        verdict = refresh_status(task, today=today)
        counts[verdict.status] = counts.get(verdict.status, 0) + 1
    return counts


def send_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Refresh every status, then remind: due soon, overdue, no report for this period.
    Each reminder is sent once per task and period (dedupe keys)."""
    from django.conf import settings

    today = today or timezone.localdate()
    refresh_all(today)
    period = f"{today:%Y-%m}"
    sent = {Notification.Kind.DUE_SOON: 0, Notification.Kind.OVERDUE: 0, Notification.Kind.NO_REPORT: 0}
    active = Task.objects.filter(review=Task.Review.ACTIVE).exclude(status="done").select_related("lead_department")
    for task in active.iterator(chunk_size=500):
        days_left = (task.deadline - today).days
        if days_left < 0:
            msg = f"任务“{task.title}”已逾期（时限 {task.deadline:%Y-%m-%d}）"
            n = notify_departments(task, "overdue", msg, dedupe=f"overdue:{task.pk}:{period}")
            sent[Notification.Kind.OVERDUE] += n
            if n + notify_office(task, "overdue", msg, dedupe=f"overdue:{task.pk}:{period}"):
                emit("reminder.due", task, kind="overdue", message=msg)
        elif days_left <= settings.LEDGER_STATUS_RULES["blue_days"]:
            msg = f"任务“{task.title}”距完成时限还有 {days_left} 天"
            n = notify_departments(task, "due_soon", msg, dedupe=f"due:{task.pk}:{task.deadline}")
            sent[Notification.Kind.DUE_SOON] += n
            if n:
                emit("reminder.due", task, kind="due_soon", message=msg)
        if today.day >= settings.LEDGER_REPORT_DUE_DAY and task.lead_department_id and task.start_date <= today:
            filed = ProgressReport.objects.filter(task=task, department_id=task.lead_department_id, period=period).exists()
            if not filed:
                msg = f"任务“{task.title}”本期（{period}）尚未报送进度"
                n = notify_departments(task, "no_report", msg, dedupe=f"noreport:{task.pk}:{period}", lead_only=True)
                sent[Notification.Kind.NO_REPORT] += n
                if n:
                    emit("reminder.due", task, kind="no_report", message=msg)
    return {str(k): v for k, v in sent.items()}
