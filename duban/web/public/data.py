"""What the public may see, and only that.

Published tasks (``Task.published``, active) with their targets, the latest
verified figure of each and the verified figures over time, plus the status.
Deliberately absent: staff names, narratives, returned or unverified reports,
evidence files, internal notes. Everything public goes through these
functions, so a test can check them in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from duban.web.dashboard.labels import status_label
from duban.web.dashboard.numbers import amount
from duban.web.ledger.models import ProgressFigure, ProgressReport, StatusChange, Task

__all__ = ["published_tasks", "PublicTarget", "PublicTask", "public_task", "public_rows", "updates"]


def published_tasks():
    """Active tasks the office published: one by one (``Task.published``) or all the tasks
    of a report it published as a whole (``Report.published``, the review page's button)."""
    return (Task.objects.filter(review=Task.Review.ACTIVE)
            .filter(Q(published=True) | Q(report__published=True))
            .select_related("lead_department"))


@dataclass
class PublicTarget:
    metric: str
    quote: str
    value: float | None
    unit: str
    latest: float | None = None
    latest_period: str = ""
    history: list[tuple[str, float]] = field(default_factory=list)  # (period, verified figure), oldest first

    @property
    def fulfilment(self) -> float | None:
        if self.latest is None or not self.value:
            return None
        return round(min(100.0, 100.0 * self.latest / self.value), 1)


@dataclass
class PublicTask:
    pk: int
    title: str
    text: str
    list_name: str
    department: str
    deadline: object
    status: str
    status_label: str
    progress: float
    targets: list[PublicTarget]
    status_history: list[tuple[object, str, str]] = field(default_factory=list)  # (at, new label, reason)


def _verified_figures(task_ids):
    return (
        ProgressFigure.objects.filter(report__task_id__in=task_ids, report__state=ProgressReport.State.VERIFIED)
        .order_by("report__period", "report__filed_at")
        .values_list("target_id", "report__period", "value")
    )


def _build(tasks, with_history: bool) -> list[PublicTask]:
    tasks = list(tasks.prefetch_related(Prefetch("targets")))
    figures: dict[int, list[tuple[str, float]]] = {}
    for target_id, period, value in _verified_figures([t.pk for t in tasks]):
        rows = figures.setdefault(target_id, [])
        if rows and rows[-1][0] == period:
            rows[-1] = (period, value)  # several departments in one period: the later filing
        else:
            rows.append((period, value))
    out = []
    for t in tasks:
        targets = []
        for g in t.targets.all():
            hist = figures.get(g.pk, [])
            targets.append(PublicTarget(g.metric, g.quote, g.value, g.unit,
                                        hist[-1][1] if hist else None, hist[-1][0] if hist else "", hist))
        pt = PublicTask(t.pk, t.title, t.text, t.list_name,
                        t.lead_department.name if t.lead_department_id else t.lead_department_text,
                        t.deadline, t.status, status_label(t.status), t.progress, targets)
        if with_history:
            pt.status_history = [
                (c.at, status_label(c.new), c.reason)
                for c in StatusChange.objects.filter(task=t).order_by("at", "id")
            ]
        out.append(pt)
    return out


def public_list() -> list[PublicTask]:
    return _build(published_tasks().order_by("list_name", "list_number", "start", "id"), with_history=False)


def public_task(pk: int) -> PublicTask | None:
    rows = _build(published_tasks().filter(pk=pk), with_history=True)
    return rows[0] if rows else None


def public_rows():
    """Rows of the CSV download: one per target (or per task without targets)."""
    for t in public_list():
        base = [t.pk, t.list_name, t.title, t.department, t.deadline.isoformat() if t.deadline else "",
                t.status_label, f"{t.progress:g}"]
        if not t.targets:
            yield base + ["", "", "", "", "", ""]
        for g in t.targets:
            yield base + [g.metric, g.quote, "" if g.value is None else f"{g.value:g}", g.unit,
                          "" if g.latest is None else f"{g.latest:g}", g.latest_period]


def updates(limit: int = 50):
    """Feed entries: verified figures and status changes of published tasks, newest first.

    A verification is announced through the figures it made count, never through
    the report's narrative or who filed it.
    """
    from duban.web.ledger.models import Verification

    entries = []
    published = published_tasks()
    for v in (
        Verification.objects.filter(decision="accept", report__task__in=published)
        .select_related("report__task")
        .prefetch_related("report__figures__target")
        .order_by("-at")[:limit]
    ):
        task = v.report.task
        figs = "；".join(f"{f.target.metric} {amount(f.value, f.target.unit)}" for f in v.report.figures.all())
        entries.append({
            "key": f"verified-{v.pk}",
            "task": task,
            "at": v.at,
            "title": f"{task.title}：{v.report.period} 进度已核实",
            "body": (f"核实数据：{figs}。" if figs else "阶段进展已核实。") + f"当前状态：{task.get_status_display()}。",
        })
    labels = dict(Task._meta.get_field("status").choices)
    for c in StatusChange.objects.filter(task__in=published).select_related("task").order_by("-at")[:limit]:
        entries.append({
            "key": f"status-{c.pk}",
            "task": c.task,
            "at": c.at,
            "title": f"{c.task.title}：状态变为{labels.get(c.new, c.new)}",
            "body": c.reason,
        })
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries[:limit]
