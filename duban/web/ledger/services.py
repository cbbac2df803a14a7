"""Stored status and reminders: the parts of the workflow that depend on the calendar.

A task's status is stored, never recomputed by a page: ``refresh_status`` materialises it
(status, reason, verified and expected progress, the date it was computed for, and each
target's latest verified figure) after every event that can change it (progress filed,
verified or returned, deadline, stages or targets changed, report confirmed), and the
daily job (:func:`daily_refresh`, run by the queue) moves it on with the calendar and
repairs any stored value that no longer matches its inputs.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from duban.web.audit.events import Action
from duban.web.audit.record import record
from duban.web.ledger import clock, stamp
from duban.web.ledger import status as rubric
from duban.web.ledger.models import (
    Milestone,
    Notification,
    ProgressFigure,
    ProgressReport,
    Report,
    StatusChange,
    Target,
    Task,
)
from duban.web.ledger.notify import notify_departments, notify_office
from duban.web.ledger.signals import emit

__all__ = ["facts_for", "verdict_for", "latest_figures", "refresh_status", "refresh_report", "refresh_all",
           "daily_refresh", "DailyResult", "send_reminders", "remind"]

log = logging.getLogger(__name__)


def latest_figures(task_ids) -> dict[int, dict[int, float]]:
    """task id -> {target id -> the figure of the most recent verified period}; one query for
    any number of tasks. Only verified figures count."""
    rows = (ProgressFigure.objects.filter(target__task_id__in=task_ids, report__state=ProgressReport.State.VERIFIED)
            .order_by("target_id", "-report__period", "-report__filed_at")
            .values_list("target__task_id", "target_id", "value"))
    out: dict[int, dict[int, float]] = defaultdict(dict)
    for task_id, target_id, value in rows:
        out[task_id].setdefault(target_id, value)
    return out


def _facts(task: Task, stages, targets, latest: dict[int, float]) -> rubric.TaskFacts:
    return rubric.TaskFacts(
        start=task.start_date,
        deadline=task.deadline,
        stages=tuple(rubric.StageFact(m.weight, m.due, m.done_on is not None) for m in stages),
        targets=tuple(rubric.TargetFact(t.value, t.value_max, t.comparator, latest.get(t.pk)) for t in targets),
    )


def facts_for(task: Task) -> rubric.TaskFacts:
    return _facts(task, task.milestones.all(), task.targets.all(), latest_figures([task.pk]).get(task.pk, {}))


def verdict_for(task: Task, today: dt.date | None = None) -> rubric.Verdict:
    """The status computed from the task's facts now (the stored one is ``task.status``)."""
    return rubric.compute(facts_for(task), today or clock.today(), rubric.Rules.from_settings())


def _store(task: Task, verdict: rubric.Verdict, today: dt.date, latest: dict[int, float], targets, *, by=None,
           old: str | None = None) -> bool:
    """Write ``verdict`` and the targets' latest figures; True when the status changed."""
    if old is None:
        old = Task.objects.filter(pk=task.pk).values_list("status", flat=True).first()
    Task.objects.filter(pk=task.pk).update(
        status=verdict.status, status_reason=verdict.reason[:200], progress=verdict.progress,
        expected=verdict.expected, status_date=today,
    )
    task.status, task.status_reason, task.progress, task.expected, task.status_date = (
        verdict.status, verdict.reason[:200], verdict.progress, verdict.expected, today,
    )
    stamp.changed()  # an UPDATE sends no signal
    for t in targets:
        value = latest.get(t.pk)
        if t.latest_value != value:
            Target.objects.filter(pk=t.pk).update(latest_value=value)
            t.latest_value = value
    if old == verdict.status:
        return False
    user = by if getattr(by, "is_authenticated", False) else None
    StatusChange.objects.create(task=task, old=old, new=verdict.status, reason=verdict.reason[:200],
                                at=clock.now(), by=user)
    record(user, Action.STATUS_CHANGED, task, {"before": old, "after": verdict.status, "reason": verdict.reason})
    emit("task.status_changed", task, actor=user, before=old, after=verdict.status, reason=verdict.reason)
    return True


def refresh_status(task: Task, *, by=None, today: dt.date | None = None) -> rubric.Verdict:
    """Recompute and store the task's status; a change writes a StatusChange and an audit event.

    The stored status is written with a plain UPDATE, deliberately not bumping ``version``:
    a status flip caused by the calendar must not make an office user's open edit form conflict."""
    today = today or clock.today()
    targets = list(Target.objects.filter(task=task))
    latest = latest_figures([task.pk]).get(task.pk, {})
    verdict = rubric.compute(_facts(task, Milestone.objects.filter(task=task), targets, latest), today,
                             rubric.Rules.from_settings())
    if task.review != Task.Review.ACTIVE:
        return verdict
    with transaction.atomic():
        _store(task, verdict, today, latest, targets, by=by)
    return verdict


def refresh_report(report: Report, *, by=None, today: dt.date | None = None) -> int:
    return _refresh(report.tasks.filter(review=Task.Review.ACTIVE), today or clock.today(), by=by).checked


@dataclass
class DailyResult:
    """What a refresh over many tasks found: ``drift`` lists the tasks whose stored status did
    not match their own inputs (an event that failed to refresh them), repaired now."""

    today: dt.date
    checked: int = 0
    changed: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    drift: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"today": self.today.isoformat(), "checked": self.checked, "changed": self.changed,
                "counts": self.counts, "drift": len(self.drift), "drift_tasks": self.drift[:100]}


def _refresh(tasks, today: dt.date, *, by=None, chunk: int = 500) -> DailyResult:
    """Refresh ``tasks`` in chunks with a handful of queries per chunk; detect drift."""
    rules = rubric.Rules.from_settings()
    result = DailyResult(today)
    ids = list(tasks.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), chunk):
        part = ids[i:i + chunk]
        stages, targets = defaultdict(list), defaultdict(list)
        for m in Milestone.objects.filter(task_id__in=part):
            stages[m.task_id].append(m)
        for t in Target.objects.filter(task_id__in=part):
            targets[t.task_id].append(t)
        latest = latest_figures(part)
        with transaction.atomic():
            for task in Task.objects.filter(pk__in=part):
                facts = _facts(task, stages[task.pk], targets[task.pk], latest.get(task.pk, {}))
                verdict = rubric.compute(facts, today, rules)
                result.checked += 1
                result.counts[verdict.status] = result.counts.get(verdict.status, 0) + 1
                stale_figures = any(t.latest_value != latest.get(task.pk, {}).get(t.pk) for t in targets[task.pk])
                if task.status_date is not None:
                    # Drift: the stored value disagrees with its inputs on the day it was stored for.
                    then = rubric.compute(facts, task.status_date, rules)
                    if stale_figures or (then.status, then.progress, then.expected) != (task.status, task.progress, task.expected):
                        result.drift.append(task.pk)
                same = (verdict.status, verdict.reason[:200], verdict.progress, verdict.expected, today) == (
                    task.status, task.status_reason, task.progress, task.expected, task.status_date)
                if not same or stale_figures:
                    result.changed += _store(task, verdict, today, latest.get(task.pk, {}), targets[task.pk], by=by,
                                             old=task.status)
    if result.drift:
        log.warning("status drift repaired on %d task(s): %s", len(result.drift), result.drift[:20])
    return result


def refresh_all(today: dt.date | None = None) -> dict[str, int]:
    """Refresh every active task; returns the number of tasks per status."""
    return daily_refresh(today).counts


def daily_refresh(today: dt.date | None = None) -> DailyResult:
    """The daily status job: every active task's status moved on to ``today``, drift repaired."""
    return _refresh(Task.objects.filter(review=Task.Review.ACTIVE), today or clock.today())


def send_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Refresh every status, then remind (:func:`remind`)."""
    today = today or clock.today()
    daily_refresh(today)
    return remind(today)


def remind(today: dt.date) -> dict[str, int]:
    """Remind: due soon, overdue, no report for this period, from the stored statuses.
    Each reminder is sent once per task and period (dedupe keys)."""
    from django.conf import settings

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
