"""Imported reports: list, import (upload), review with highlighted source, item edits, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from duban.web.jobs import progress
from duban.web.ledger import validation
from duban.web.ledger.access import filter_choice, get_report_for_user, get_visible_or_404
from duban.web.ledger.forms import ImportForm
from duban.web.ledger.importer import ImportError_, start_import
from duban.web.ledger.models import Department, ImportJob, Report, Target, Task
from duban.web.ledger.workflow import (
    Conflict,
    WorkflowError,
    confirm_report,
    drop_item,
    edit_item,
    merge_items,
    restore_item,
    set_published,
    split_item,
)
from duban.web.urlaccess import Access, access


@access(Access.READERS)
def report_list(request):
    reports = Report.objects.defer("text", "extraction").annotate(
        n_tasks=Count("tasks", filter=~Q(tasks__review=Task.Review.DROPPED)),
    ).order_by("-year", "-imported_at")
    return render(request, "ledger/report_list.html", {"reports": reports})


@require_http_methods(["GET", "POST"])
@access(Access.OFFICE)
def report_import(request):
    """Upload a report: checked at once, then read, extracted and stored by the queue while the
    job page shows the progress."""
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = start_import(upload, request.user, year=form.cleaned_data["year"],
                                   title=form.cleaned_data["title"] or None)
            except ImportError_ as exc:
                form.add_error("file", str(exc))
                status = 400
            else:
                return redirect("ledger:import_job", pk=job.pk)
        else:
            status = 400
    return render(request, "ledger/report_import.html", {"form": form}, status=status)


def _import_job(request, pk) -> ImportJob:
    return get_object_or_404(ImportJob.objects.defer("data"), pk=pk)


@access(Access.OFFICE)
def import_job(request, pk):
    """The import's progress; once done, the report's review page."""
    job = _import_job(request, pk)
    if job.state == ImportJob.State.DONE and job.report_id:
        if job.created:
            tasks = Task.objects.filter(report_id=job.report_id).count()
            targets = Target.objects.filter(task__report_id=job.report_id).count()
            messages.success(request, f"已导入：{tasks} 个条目、{targets} 个指标，请审核后确认入账。")
        else:
            messages.info(request, "该文件已导入过（内容相同），未重复导入。")
        return redirect("ledger:report_review", pk=job.report_id)
    return render(request, "ledger/import_job.html", {"job": job})


@access(Access.OFFICE)
def import_job_status(request, pk):
    job = _import_job(request, pk)
    done = job.state == ImportJob.State.DONE and job.report_id
    return JsonResponse(progress.status(job, download=reverse("ledger:import_job", args=[job.pk]) if done else None))


def _segments(text: str, spans: list[tuple[int, int, str, str]]) -> list[dict]:
    """Cut ``text`` into plain and highlighted pieces; overlapping spans: the first wins."""
    out, pos = [], 0
    for start, end, cls, label in sorted(spans):
        if start is None or end is None or start < pos or end <= start or end > len(text):
            continue
        if start > pos:
            out.append({"text": text[pos:start]})
        out.append({"text": text[start:end], "cls": cls, "label": label})
        pos = end
    if pos < len(text):
        out.append({"text": text[pos:]})
    return out


@access(Access.READERS)
def report_review(request, pk):
    report, can_write = get_report_for_user(request, pk)
    show = request.GET.get("show", "all")
    tasks = report.tasks.select_related("lead_department", "section").prefetch_related("targets").order_by("start", "id")
    if show == "targets":
        tasks = tasks.filter(targets__isnull=False).distinct()
    elif show == "dropped":
        tasks = tasks.filter(review=Task.Review.DROPPED)
    targets = Target.objects.filter(task__report=report).exclude(task__review=Task.Review.DROPPED)
    spans = [(t.start, t.end, "target", f"{t.metric} {t.comparator} {t.value if t.value is not None else ''}{t.unit}")
             for t in targets if t.start is not None]
    return render(request, "ledger/report_review.html", {
        "report": report, "can_write": can_write and report.state == Report.State.REVIEW, "tasks": tasks, "show": show,
        "segments": _segments(report.text, spans), "departments": Department.objects.filter(active=True),
        "n_targets": len(spans), "defects": (report.extraction or {}).get("defects", [])[:200],
    })


@require_POST
@access(Access.OFFICE)
def report_confirm(request, pk):
    report, can_write = get_report_for_user(request, pk)
    if not can_write:
        raise PermissionDenied("只有督查室可以确认入账")
    try:
        n = confirm_report(report, request.user, validation.version(request.POST.get("version")))
    except (Conflict, validation.Invalid) as exc:
        messages.error(request, str(exc))
        return redirect("ledger:report_review", pk=report.pk)
    messages.success(request, f"已确认入账：{n} 项任务进入台账。")
    return redirect("ledger:task_list")


@require_POST
@access(Access.OFFICE)
def report_publish(request, pk):
    report, can_write = get_report_for_user(request, pk)
    if not can_write:
        raise PermissionDenied("只有督查室可以公开报告")
    try:
        set_published(report, request.user, validation.version(request.POST.get("version")),
                      request.POST.get("published") == "1")
    except (Conflict, validation.Invalid) as exc:
        messages.error(request, str(exc))
    return redirect("ledger:report_review", pk=report.pk)


@require_POST
@access(Access.OFFICE)
def item_action(request, pk):
    """One review action on an imported item: edit, drop, restore, merge (with ``other``), split (at ``at``)."""
    task = get_visible_or_404(Task.objects.select_related("report"), pk)
    get_report_for_user(request, task.report_id)
    action = request.POST.get("action", "")
    try:
        version = validation.version(request.POST.get("version"))
        if action == "edit":
            lead = filter_choice(Department.objects.all(), request.POST.get("lead"))
            edit_item(task, request.user, version, title=request.POST.get("title", ""), text=request.POST.get("text", ""),
                      lead_department=lead)
        elif action == "drop":
            drop_item(task, request.user, version)
        elif action == "restore":
            restore_item(task, request.user, version)
        elif action == "merge":
            other = filter_choice(Task.objects.filter(report=task.report), request.POST.get("other"))
            if other is None:
                raise validation.Invalid("other", "请选择同一报告中要合并的条目。")
            raw_other_version = request.POST.get("other_version")
            other_version = validation.version(raw_other_version, "other_version") if raw_other_version else other.version
            merge_items(task, other, request.user, version, other_version)
        elif action == "split":
            split_item(task, request.user, version, validation.position(request.POST.get("at")))
        else:
            raise WorkflowError(f"未知操作“{action[:20]}”。")
    except (WorkflowError, validation.Invalid) as exc:
        messages.error(request, str(exc))
        return redirect("ledger:report_review", pk=task.report_id)
    messages.success(request, "已保存。")
    return redirect(reverse("ledger:report_review", args=[task.report_id]) + f"#item-{task.pk}")
