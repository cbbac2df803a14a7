"""One access helper per object. Views call these and nothing else to decide access.

Each helper returns the object and what the user may do with it, or raises ``Http404``
when the user may not see it at all (so the existence of a task in another department
is not revealed) and ``PermissionDenied`` (403) when the user sees it but asks to write.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from duban.web.accounts.roles import Role, department_of, role_of
from duban.web.ledger.models import Evidence, ProgressReport, Report, Task

__all__ = [
    "tasks_for_user",
    "get_task_for_user",
    "get_report_for_user",
    "get_progress_for_user",
    "get_evidence_for_user",
    "can_report_on",
    "require_office",
    "require_role",
]


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
        return active.filter(Q(lead_department=dept) | Q(cooperating=dept)).distinct()
    return qs.none()


def get_task_for_user(request, pk) -> tuple[Task, bool]:
    """(task, can_write): can_write is True for those who may change the task itself (the office).
    Whether the user may file a progress report is :func:`can_report_on`."""
    task = get_object_or_404(
        Task.objects.select_related("report", "lead_department", "section").defer("report__text", "report__extraction"), pk=pk
    )
    if not request.user.has_perm("ledger.view_task", task):
        raise Http404("没有这个任务，或您无权查看")
    return task, request.user.has_perm("ledger.change_task", task)


def can_report_on(user, task: Task) -> bool:
    return user.has_perm("ledger.report_on_task", task)


def get_report_for_user(request, pk) -> tuple[Report, bool]:
    """(report, can_write): the imported work report; reporters do not see reports as a whole."""
    report = get_object_or_404(Report, pk=pk)
    if not request.user.has_perm("ledger.view_report", report):
        raise Http404("没有这个报告，或您无权查看")
    return report, request.user.has_perm("ledger.review_report", report)


def get_progress_for_user(request, pk) -> tuple[ProgressReport, bool]:
    """(progress report, can_verify). Visible to whoever may see its task."""
    progress = get_object_or_404(
        ProgressReport.objects.select_related("task", "department", "report_type", "filed_by"), pk=pk
    )
    if not request.user.has_perm("ledger.view_task", progress.task):
        raise Http404("没有这份进度报告，或您无权查看")
    return progress, request.user.has_perm("ledger.verify_progress", progress)


def get_evidence_for_user(request, pk) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("report__task"), pk=pk)
    if not request.user.has_perm("ledger.view_task", evidence.report.task):
        raise Http404("没有这个文件，或您无权查看")
    return evidence


def require_office(request) -> None:
    if role_of(request.user) != Role.OFFICE:
        raise PermissionDenied("只有督查室可以执行此操作")


def require_role(request, *roles: str) -> None:
    if role_of(request.user) not in {Role(r).value for r in roles}:
        raise PermissionDenied("您的角色无权访问此页面")
