"""Task pages: the ledger list, a task's page, assignment, stages, filing a progress report."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from duban.web.accounts.roles import department_of
from duban.web.ledger import stamp
from duban.web.ledger.access import (
    can_report_on,
    get_task_for_user,
    tasks_for_user,
    visible_departments,
)
from duban.web.ledger.attempt import attempt
from duban.web.ledger.evidence import EvidenceError, attach
from duban.web.ledger.forms import AssignForm, ProgressForm, StagesForm
from duban.web.ledger.listing import list_page
from duban.web.ledger.models import Status, Task
from duban.web.ledger.timeline import task_timeline
from duban.web.ledger.workflow import (
    assign_task,
    file_progress,
    report_types,
    set_milestones,
)
from duban.web.urlaccess import Access, access


@access(Access.LOGIN)
def task_list(request):
    """The one ledger list, for every role (each sees the tasks it may read): the filters, search
    and sorting of :class:`~duban.web.dashboard.filters.TaskFilter` (the dashboard's figures link
    here with the filter that reproduces them), export of the same selection, and on a phone a
    list of cards (status, title, deadline, what is due)."""
    from duban.web.dashboard.filters import SORTS, TaskFilter

    params = request.GET.copy()
    if params.get("department") and not params.get("dept"):
        params["dept"] = params["department"]  # the list's former parameter name, in old links
    f = TaskFilter.from_query(params, request.user)
    number = request.GET.get("page", "")
    # The page body is cached until the ledger changes (duban.web.ledger.stamp); when it is
    # there, nothing else is read.
    list_key = stamp.key("task_list", stamp.scope_of(request.user), f.cache_key(), number)
    if cache.get(make_template_fragment_key("task_list", [list_key])) is not None:
        return render(request, "ledger/task_list.html", {"list_key": list_key})
    visible = tasks_for_user(request.user).filter(review=Task.Review.ACTIVE)
    departments = visible_departments(request.user).filter(active=True).order_by("name")
    return render(request, "ledger/task_list.html", {
        "list_key": list_key,
        "filter": f,
        "page": list_page(f.apply(visible), number, departments, visible),
        "statuses": Status.choices,
        "sorts": [(key, label, urlencode(f.params(sort=key))) for key, (label, _order) in SORTS.items()],
        "query": urlencode(f.params()),
        "dept": f.params().get("dept", ""),
        "chapter": str(f.chapter.pk) if f.chapter else "",
    })


@access(Access.LOGIN)
def task_detail(request, pk):
    """The task with its stored status (never recomputed here). The page body is one cached
    fragment per task, permissions, language and state of the ledger; when it is computed,
    every list is fetched once and shared by the sections that show it, so the page costs the
    same queries however much history, reports or targets the task has."""
    task, can_write = get_task_for_user(request, pk)
    can_report = can_report_on(request.user, task)
    task_key = stamp.key("task", "any", task.pk, int(can_write), int(can_report))
    context = {"task": task, "can_write": can_write, "can_report": can_report, "task_key": task_key}
    if cache.get(make_template_fragment_key("task_page", [task_key])) is not None:
        return render(request, "ledger/task_detail.html", context)
    reports = list(task.progress_reports.select_related("department", "report_type", "filed_by"))
    return render(request, "ledger/task_detail.html", {
        **context, "targets": list(task.targets.all()), "milestones": list(task.milestones.all()), "reports": reports,
        "timeline": task_timeline(task, reports=reports), "cooperating": list(task.cooperating.all()),
    })


@require_http_methods(["GET", "POST"])
@access(Access.OFFICE)
def task_edit(request, pk):
    task, can_write = get_task_for_user(request, pk)
    if not can_write:
        raise PermissionDenied("只有督查室可以修改任务")
    initial = {"version": task.version, "title": task.title, "lead": task.lead_department,
               "cooperating": task.cooperating.all(), "deadline": task.deadline, "published": task.published}
    form = AssignForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            status, _ = attempt(form, lambda: assign_task(
                task, request.user, d["version"], lead=d["lead"], cooperating=d["cooperating"],
                deadline=d["deadline"], title=d["title"], published=d["published"]))
            if status is None:
                messages.success(request, "任务已保存。")
                return redirect("ledger:task_detail", pk=task.pk)
        else:
            status = 400
    return render(request, "ledger/task_edit.html", {"task": task, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@access(Access.OFFICE)
def task_stages(request, pk):
    task, can_write = get_task_for_user(request, pk)
    if not can_write:
        raise PermissionDenied("只有督查室可以设置阶段")
    lines = "\n".join(f"{m.title} | {m.weight} | {m.due or ''}" for m in task.milestones.all())
    form = StagesForm(request.POST or None, initial={"version": task.version, "stages": lines})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            status, _ = attempt(form, lambda: set_milestones(task, request.user, form.cleaned_data["version"],
                                                             form.cleaned_data["stages"]))
            if status is None:
                messages.success(request, "阶段已保存。")
                return redirect("ledger:task_detail", pk=task.pk)
        else:
            status = 400
    return render(request, "ledger/task_stages.html", {"task": task, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@access(Access.REPORTER)
def task_report(request, pk):
    """File a progress report (进度报告) for the user's department."""
    task, _ = get_task_for_user(request, pk)
    if not can_report_on(request.user, task):
        raise PermissionDenied("只有牵头或配合单位的填报人可以报送该任务的进度")
    form = ProgressForm(request.POST or None, request.FILES or None, task=task, types=report_types())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data

            def file_it():
                with transaction.atomic():
                    progress = file_progress(task, request.user, department=department_of(request.user),
                                             report_type=d["report_type"], period=d["period"], narrative=d["narrative"],
                                             figures=form.figures(), milestones=d.get("milestones"))
                    if d.get("evidence"):
                        attach(progress, d["evidence"], request.user)
                    return progress

            status, progress = attempt(form, file_it, EvidenceError)
            if status is None:
                messages.success(request, "进度报告已报送，等待督查室核实。")
                return redirect("ledger:progress_detail", pk=progress.pk)
        else:
            status = 400
    return render(request, "ledger/task_report.html", {"task": task, "form": form}, status=status)
