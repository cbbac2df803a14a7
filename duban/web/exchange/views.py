"""Excel pages: ledger export, a department's template, upload → preview → confirm."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from duban.web.accounts.roles import department_of
from duban.web.ledger import clock
from duban.web.ledger.access import tasks_for_user
from duban.web.ledger.models import Task
from duban.web.urlaccess import Access, access

from . import importer
from .ledger_rows import ledger_rows, target_text
from .models import PendingImport
from .template_reader import TemplateError, read_template
from .workbook import TemplateRow, write_ledger, write_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 5 * 1024 * 1024
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=XLSX)
    # RFC 6266 filename* keeps the Chinese name; the ASCII fallback is for old clients.
    from urllib.parse import quote

    resp["Content-Disposition"] = f"attachment; filename=\"duban.xlsx\"; filename*=UTF-8''{quote(filename)}"
    return resp


def _require_reporter(request):
    dept = department_of(request.user)
    if dept is None:
        raise PermissionDenied("只有部门填报人可以下载填报模板和导入进度")
    return dept


@access(Access.LOGIN)
def home(request):
    dept = department_of(request.user)
    recent = PendingImport.objects.filter(user=request.user)[:5] if dept else []
    return render(request, "exchange/home.html", {
        "department": dept,
        "period": f"{clock.today():%Y-%m}",
        "recent": recent,
    })


@access(Access.LOGIN)
@require_GET
def export_ledger(request):
    buf = io.BytesIO()
    now = timezone.localtime()
    dept = department_of(request.user)
    title = f"{dept.name}重点任务台账" if dept else "重点任务台账"
    # The ledger list's filters (/tasks/?status=red...) export the same selection.
    from duban.web.dashboard.filters import TaskFilter

    tasks = tasks_for_user(request.user)
    if request.GET:
        tasks = TaskFilter.from_query(request.GET, request.user).apply(tasks.filter(review="active"))
    write_ledger(ledger_rows(tasks), buf, title=title,
                 subtitle=f"导出时间：{now:%Y-%m-%d %H:%M}")
    return _xlsx_response(buf.getvalue(), f"{title}-{now:%Y%m%d}.xlsx")


def template_rows(user, period: str, department):
    """One row per target (or per task without one). A report of this period that the
    office returned is filled in, so the department corrects it instead of retyping it."""
    from duban.web.ledger.models import ProgressFigure, ProgressReport

    tasks = (tasks_for_user(user).filter(review=Task.Review.ACTIVE)
             .prefetch_related("targets").order_by("report_id", "start", "id"))
    returned = {p.task_id: p for p in ProgressReport.objects.filter(
        task__in=tasks, department=department, period=period, state=ProgressReport.State.RETURNED,
        report_type__code="regular")}
    figures = {(f.report_id, f.target_id): f.value
               for f in ProgressFigure.objects.filter(report__in=list(returned.values()))}
    for task in tasks:
        targets = list(task.targets.all())
        prior = returned.get(task.pk)
        narrative = prior.narrative if prior else ""
        if not targets:
            yield TemplateRow(task.pk, None, task.text or task.title, "（按阶段报告进展）", narrative=narrative)
        for i, t in enumerate(targets):
            value = figures.get((prior.pk, t.pk)) if prior else None
            yield TemplateRow(task.pk, t.pk, task.text or task.title, t.metric, target_text(t), value,
                              narrative if i == 0 else "")


@access(Access.REPORTER)
@require_GET
def download_template(request):
    dept = _require_reporter(request)
    period = request.GET.get("period") or f"{clock.today():%Y-%m}"
    if not _PERIOD.match(period):
        return HttpResponseBadRequest(f"报告期“{period}”格式应为 YYYY-MM".encode())
    buf = io.BytesIO()
    write_template(template_rows(request.user, period, dept), buf, period=period, department=dept.name)
    return _xlsx_response(buf.getvalue(), f"{dept.name}-进度填报-{period}.xlsx")


@access(Access.REPORTER)
@require_POST
def upload(request):
    _require_reporter(request)
    f = request.FILES.get("file")
    if f is None:
        messages.error(request, "请选择要上传的 Excel 文件。")
        return redirect("exchange:home")
    if f.size > MAX_UPLOAD:
        messages.error(request, f"文件过大（{f.size // 1024} KB），上限 {MAX_UPLOAD // 1024 // 1024} MB。")
        return redirect("exchange:home")
    data = f.read()
    try:
        read_template(data)
    except TemplateError as exc:
        messages.error(request, f"无法导入“{f.name}”：{exc}")
        return redirect("exchange:home")
    PendingImport.objects.filter(created_at__lt=timezone.now() - dt.timedelta(days=1)).delete()
    pending = PendingImport.objects.create(user=request.user, name=f.name[:200], data=data,
                                           sha256=hashlib.sha256(data).hexdigest())
    return redirect("exchange:preview", pk=pending.pk)


def _pending_for(request, pk) -> PendingImport:
    # Only the uploader sees a pending file: someone else's id answers 404.
    return get_object_or_404(PendingImport, pk=pk, user=request.user)


@access(Access.REPORTER)
@require_GET
def preview(request, pk):
    _require_reporter(request)
    pending = _pending_for(request, pk)
    try:
        run = importer.validate(read_template(bytes(pending.data)), request.user)
    except TemplateError as exc:
        messages.error(request, str(exc))
        return redirect("exchange:home")
    return render(request, "exchange/preview.html", {"pending": pending, "run": run, "totals": run.totals()})


@access(Access.REPORTER)
@require_POST
def confirm(request, pk):
    _require_reporter(request)
    pending = _pending_for(request, pk)
    try:
        run = importer.apply(read_template(bytes(pending.data)), request.user)
    except (TemplateError, importer.ImportRefused) as exc:
        messages.error(request, str(exc))
        return redirect("exchange:preview", pk=pending.pk)
    pending.delete()
    t = run.totals()
    messages.success(request, f"已导入 {run.period} 的进度：新报送 {t['new']} 行，修改 {t['update']} 行，跳过 {t['skip']} 行。")
    return redirect("exchange:home")
