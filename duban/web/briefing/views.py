"""Briefing pages: choose a month and a format, watch the build, download."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from duban.web.accounts.roles import role_of
from duban.web.ledger import clock
from duban.web.urlaccess import Access, access

from . import jobs
from .data import PeriodError, parse_period
from .models import BriefingJob

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@access(Access.READERS)
def home(request):
    today = clock.today()
    return render(request, "briefing/home.html", {
        "jobs": BriefingJob.objects.select_related("created_by").defer("output")[:20],
        "period": f"{today:%Y-%m}",
        "can_create": role_of(request.user) == "office",
        "formats": BriefingJob.Format.choices,
    })


@access(Access.OFFICE)
@require_POST
def create(request):
    period = request.POST.get("period", "").strip()
    fmt = request.POST.get("fmt", "docx")
    if fmt not in CONTENT_TYPES:
        messages.error(request, f"不支持的格式“{fmt}”，请选择 docx 或 pdf。")
        return redirect("briefing:home")
    try:
        parse_period(period)
    except PeriodError as exc:
        messages.error(request, str(exc))
        return redirect("briefing:home")
    job = BriefingJob.objects.create(period=period, fmt=fmt, created_by=request.user)
    jobs.start(job)
    return redirect("briefing:job", pk=job.pk)


def _job(pk) -> BriefingJob:
    return get_object_or_404(BriefingJob.objects.defer("output"), pk=pk)


def _status(job: BriefingJob) -> dict:
    return {
        "id": job.pk,
        "state": job.state,
        "state_label": job.get_state_display(),
        "percent": job.percent,
        "message": job.message,
        "download": reverse("briefing:download", args=[job.pk]) if job.state == BriefingJob.State.DONE else None,
    }


@access(Access.READERS)
@require_GET
def job(request, pk):
    j = _job(pk)
    return render(request, "briefing/job.html", {"job": j, "status": _status(j)})


@access(Access.READERS)
@require_GET
def job_status(request, pk):
    return JsonResponse(_status(_job(pk)))


@access(Access.READERS)
@require_GET
def download(request, pk):
    j = get_object_or_404(BriefingJob, pk=pk)
    if j.state != BriefingJob.State.DONE or not j.output:
        return HttpResponse("通报尚未生成完成".encode(), status=409, content_type="text/plain; charset=utf-8")
    resp = HttpResponse(bytes(j.output), content_type=CONTENT_TYPES[j.fmt])
    resp["Content-Disposition"] = f"attachment; filename=\"briefing-{j.period}.{j.fmt}\"; filename*=UTF-8''{quote(j.filename)}"
    return resp
