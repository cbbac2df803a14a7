"""Departments and the queue of unknown department names."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.web.audit.events import Action
from duban.web.audit.record import record
from duban.web.ledger.departments import map_unknown
from duban.web.ledger.forms import MapDepartmentForm
from duban.web.ledger.models import Department, UnknownDepartment
from duban.web.urlaccess import Access, access


@access(Access.OFFICE)
def department_list(request):
    depts = Department.objects.prefetch_related("aliases")
    queue = UnknownDepartment.objects.filter(resolved_to__isnull=True)
    return render(request, "ledger/department_list.html", {"departments": depts, "queue": queue, "form": MapDepartmentForm()})


@require_POST
@access(Access.OFFICE)
def department_queue(request, pk):
    unknown = get_object_or_404(UnknownDepartment, pk=pk, resolved_to__isnull=True)
    form = MapDepartmentForm(request.POST)
    if not form.is_valid():
        for err in form.non_field_errors() or ["请求无效。"]:
            messages.error(request, err)
        return redirect("ledger:department_list")
    with transaction.atomic():
        dept = form.cleaned_data["department"]
        if dept is None:
            dept, created = Department.objects.get_or_create(name=form.cleaned_data["new_name"].strip())
            if created:
                record(request.user, Action.DEPARTMENT_CREATED, dept)
        linked = map_unknown(unknown, dept, request.user)
        record(request.user, Action.DEPARTMENT_MAPPED, dept, {"name": unknown.name, "tasks_linked": linked})
    messages.success(request, f"“{unknown.name}”已归并到 {dept}，关联任务 {linked} 项。")
    return redirect("ledger:department_list")
