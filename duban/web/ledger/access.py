"""One access helper per object. Views call these and nothing else to decide access.

Each helper returns the object and what the user may do with it, or raises ``Http404``
when the user may not see it at all (so the existence of a task in another department
is not revealed) and ``PermissionDenied`` (403) when the user sees it but asks to write.
A missing object and a hidden one give the same answer (:data:`NOT_FOUND`), and an id
that cannot be one (``abc``, 30 digits) is simply not found.

Filters follow the same rule: :func:`visible_reports`, :func:`visible_sections` and
:func:`visible_departments` are what a user's chapter, report and department filters may
name; :func:`filter_choice` turns a filter value into one of them or None.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from duban.web.accounts.roles import Role, department_of, role_of
from duban.web.ledger.models import Department, Evidence, ProgressReport, Report, Section, Task
from duban.web.ledger.validation import Invalid, object_id

__all__ = [
    "tasks_for_user",
    "get_task_for_user",
    "get_report_for_user",
    "get_progress_for_user",
    "get_evidence_for_user",
    "can_report_on",
    "require_office",
    "require_role",
    "NOT_FOUND",
    "get_visible_or_404",
    "visible_reports",
    "visible_sections",
    "visible_departments",
    "filter_choice",
]

# The one answer for "no such object" and "not yours to see", on pages and in the API.
NOT_FOUND = "没有找到，或您无权查看。"


def get_visible_or_404(queryset, pk, visible=lambda obj: True):
    """The row ``pk`` of ``queryset`` when ``visible(row)``; otherwise Http404(NOT_FOUND)."""
    try:
        pk = object_id(pk)
    except Invalid:
        raise Http404(NOT_FOUND) from None
    obj = queryset.filter(pk=pk).first()
    if obj is None or not visible(obj):
        raise Http404(NOT_FOUND)
    return obj


def tasks_for_user(user) -> QuerySet[Task]:
    """The tasks ``user`` may read: all for the office (pending review items included),
    all active ones for leaders, the own department's active ones for reporters."""
    role = role_of(user)
    # The report's full text and extraction are large: never load them with a task list.
    qs = Task.objects.select_related("report", "lead_department", "section").defer("report__text", "report__extraction")
    if role == Role.OFFICE:
        return qs.exclude(review=Task.Review.DROPPED)
    active = qs.filter(review=Task.Review.ACTIVE)
    if role == Role.LEADER:
        return active
    if role == Role.REPORTER:
        dept = department_of(user)
        if dept is None:
            return qs.none()
        # A subquery rather than a join with DISTINCT: counts grouped by status (the dashboard,
        # /api/summary) would otherwise be taken over the distinct rows and come out wrong.
        coop = Task.cooperating.through.objects.filter(department=dept).values("task_id")
        return active.filter(Q(lead_department=dept) | Q(pk__in=coop))
    return qs.none()


def get_task_for_user(request, pk) -> tuple[Task, bool]:
    """(task, can_write): can_write is True for those who may change the task itself (the office).
    Whether the user may file a progress report is :func:`can_report_on`."""
    task = get_visible_or_404(
        Task.objects.select_related("report", "lead_department", "section").defer("report__text", "report__extraction"), pk,
        lambda t: request.user.has_perm("ledger.view_task", t))
    return task, request.user.has_perm("ledger.change_task", task)


def can_report_on(user, task: Task) -> bool:
    return user.has_perm("ledger.report_on_task", task)


def get_report_for_user(request, pk) -> tuple[Report, bool]:
    """(report, can_write): the imported work report; reporters do not see reports as a whole."""
    report = get_visible_or_404(Report.objects.all(), pk, lambda r: request.user.has_perm("ledger.view_report", r))
    return report, request.user.has_perm("ledger.review_report", report)


def get_progress_for_user(request, pk) -> tuple[ProgressReport, bool]:
    """(progress report, can_verify). Visible to whoever may see its task."""
    progress = get_visible_or_404(
        ProgressReport.objects.select_related("task", "department", "report_type", "filed_by"), pk,
        lambda p: request.user.has_perm("ledger.view_task", p.task))
    return progress, request.user.has_perm("ledger.verify_progress", progress)


def get_evidence_for_user(request, pk) -> Evidence:
    return get_visible_or_404(Evidence.objects.select_related("report__task"), pk,
                              lambda e: request.user.has_perm("ledger.view_task", e.report.task))


def require_office(request) -> None:
    if role_of(request.user) != Role.OFFICE:
        raise PermissionDenied("只有督查室可以执行此操作")


def require_role(request, *roles: str) -> None:
    if role_of(request.user) not in {Role(r).value for r in roles}:
        raise PermissionDenied("您的角色无权访问此页面")


# --- what filters may name -----------------------------------------------------------------------


def visible_reports(user) -> QuerySet[Report]:
    """Reports the user's filters may name: all for the office; for others the reports
    that hold a task they see in the ledger (so a report still in review stays hidden)."""
    if role_of(user) == Role.OFFICE:
        return Report.objects.defer("text", "extraction")
    active = tasks_for_user(user).filter(review=Task.Review.ACTIVE)
    return Report.objects.defer("text", "extraction").filter(pk__in=active.values("report_id"))


def visible_sections(user) -> QuerySet[Section]:
    """Sections (chapters) of the reports in :func:`visible_reports`."""
    if role_of(user) == Role.OFFICE:
        return Section.objects.all()
    return Section.objects.filter(report__in=visible_reports(user).values("pk"))


def visible_departments(user) -> QuerySet[Department]:
    """Departments the user's filters may name: all for the office and leaders; for a
    reporter the own department and those leading or co-operating on tasks they see."""
    role = role_of(user)
    if role in (Role.OFFICE, Role.LEADER):
        return Department.objects.all()
    if role != Role.REPORTER:
        return Department.objects.none()
    tasks = tasks_for_user(user).filter(review=Task.Review.ACTIVE)
    own = department_of(user)
    return Department.objects.filter(
        Q(pk__in=tasks.values("lead_department_id")) | Q(pk__in=tasks.values("cooperating__id"))
        | Q(pk=own.pk if own else None)).distinct()


def filter_choice(queryset, raw):
    """The row of ``queryset`` (one of the visible_* sets) a filter value names, or None
    when the value is empty, not an id, missing or not visible: all four look the same."""
    if raw in (None, ""):
        return None
    try:
        pk = object_id(raw)
    except Invalid:
        return None
    return queryset.filter(pk=pk).first()
