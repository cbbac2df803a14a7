"""The stored facts a year's assessment reads, gathered once for every department.

The tasks of year Y are the active tasks of confirmed reports whose span (start date to
deadline) overlaps Y and that have a lead department; each is assessed for its lead
department. A task counts from the later of its start date, 1 January and the day its report
was confirmed, until the earlier of its deadline, 31 December and the ledger's date.
Figures are the latest verified figure of a period within Y; statuses are rebuilt from
the stored status changes; first filing times come from the progress reports' history
(a refile rewrites ``filed_at``, the history keeps the first).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.web.ledger import clock
from duban.web.ledger.models import (
    Department,
    ProgressFigure,
    ProgressReport,
    Report,
    StatusChange,
    Task,
    Verification,
)

__all__ = ["YearFacts", "YearNotStarted", "gather", "verified_figures", "month_due"]


class YearNotStarted(ValueError):
    """The year asked for lies in the ledger's future."""


def month_due(year: int, month: int) -> dt.date:
    """The day a month's progress report is due (``LEDGER_REPORT_DUE_DAY`` of that month)."""
    day = settings.LEDGER_REPORT_DUE_DAY
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return min(dt.date(year, month, 1) + dt.timedelta(days=day - 1), nxt - dt.timedelta(days=1))


def verified_figures(target_ids, year: int) -> dict[int, float]:
    """target id -> the figure of the latest verified period within ``year`` (or before)."""
    rows = (ProgressFigure.objects.filter(target_id__in=list(target_ids), report__state=ProgressReport.State.VERIFIED,
                                          report__period__lte=f"{year}-12")
            .order_by("target_id", "-report__period", "-report__filed_at").values_list("target_id", "value"))
    out: dict[int, float] = {}
    for target_id, value in rows:
        out.setdefault(target_id, value)
    return out


@dataclass
class YearFacts:
    year: int
    today: dt.date  # the ledger's date
    last_day: dt.date  # the last day the year is assessed to: min(31 December, today)
    departments: dict[int, Department]
    tasks: dict[int, list[Task]]  # lead department id -> its tasks of the year
    windows: dict[int, tuple[dt.date, dt.date]]  # task id -> (first day, last day) it counts
    figures: dict[int, float]  # target id -> verified figure of the year
    changes: dict[int, list[tuple[dt.date, str]]] = field(default_factory=dict)  # task id -> (day, new status)
    done_on: dict[int, dt.date] = field(default_factory=dict)  # task id -> first day it turned done
    filings: dict[tuple[int, str], dt.datetime] = field(default_factory=dict)  # (task id, period) -> first filing
    decisions: dict[int, list[Verification]] = field(default_factory=dict)  # department id -> decisions in the year

    @property
    def all_tasks(self) -> list[Task]:
        return [t for ts in self.tasks.values() for t in ts]


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def gather(year: int) -> YearFacts:
    today = clock.today()
    first = dt.date(year, 1, 1)
    if first > today:
        raise YearNotStarted(_("{year} 年尚未开始（台账日期 {today}）").format(year=year, today=f"{today:%Y-%m-%d}"))
    last = min(dt.date(year, 12, 31), today)
    qs = (Task.objects.filter(review=Task.Review.ACTIVE, report__state=Report.State.CONFIRMED,
                              lead_department__isnull=False, start_date__lte=last, deadline__gte=first)
          .select_related("lead_department", "report").defer("report__text", "report__extraction")
          .prefetch_related("targets", "milestones").order_by("deadline", "id"))
    rows = list(qs)
    changes: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    done_on: dict[int, dt.date] = {}
    for tid, at, new in (StatusChange.objects.filter(task_id__in=[t.pk for t in rows]).order_by("at", "id")
                         .values_list("task_id", "at", "new")):
        day = _day(at)
        changes[tid].append((day, new))
        if new == "done" and tid not in done_on:
            done_on[tid] = day
    tasks: dict[int, list[Task]] = defaultdict(list)
    depts: dict[int, Department] = {}
    windows: dict[int, tuple[dt.date, dt.date]] = {}
    for t in rows:
        confirmed = _day(t.report.confirmed_at) if t.report.confirmed_at else t.start_date
        begin = max(t.start_date, first, confirmed)
        if begin > last:
            continue  # confirmed after the year's assessed days
        done = done_on.get(t.pk)
        # A task counts until its deadline, and past it for as long as it stays overdue.
        end = min(t.deadline, last) if done is not None and done <= t.deadline else last
        windows[t.pk] = (begin, max(begin, end))
        tasks[t.lead_department_id].append(t)
        depts[t.lead_department_id] = t.lead_department
    ids = list(windows)
    target_ids = [g.pk for ts in tasks.values() for t in ts for g in t.targets.all()]
    facts = YearFacts(year=year, today=today, last_day=last, departments=depts, tasks=dict(tasks), windows=windows,
                      figures=verified_figures(target_ids, year), changes=dict(changes), done_on=done_on)
    lead_of = {t.pk: t.lead_department_id for t in facts.all_tasks}
    # First filing of each (task, period) by the lead department: the history keeps the
    # filed_at of every version, the row only the latest (a refile rewrites it).
    history = ProgressReport.history.model.objects.filter(task_id__in=ids, period__startswith=f"{year}-")
    first_filed = history.values("id", "task_id", "department_id", "period").annotate(first=Min("filed_at"))
    for row in first_filed:
        if lead_of.get(row["task_id"]) != row["department_id"]:
            continue
        key = (row["task_id"], row["period"])
        if key not in facts.filings or row["first"] < facts.filings[key]:
            facts.filings[key] = row["first"]
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    stop = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    decisions: dict[int, list[Verification]] = defaultdict(list)
    for v in (Verification.objects.filter(report__task_id__in=ids, at__gte=start, at__lt=stop)
              .filter(Q(report__department_id__in=list(depts)))
              .select_related("report", "report__task").order_by("at", "id")):
        if lead_of.get(v.report.task_id) == v.report.department_id:
            decisions[v.report.department_id].append(v)
    facts.decisions = dict(decisions)
    return facts
