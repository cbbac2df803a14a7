"""Progress reports: view, verify (office), refile after return (department), evidence download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from duban.web.ledger import validation
from duban.web.ledger.access import get_evidence_for_user, get_progress_for_user
from duban.web.ledger.attempt import attempt
from duban.web.ledger.evidence import EvidenceError, attach
from duban.web.ledger.forms import ProgressForm, VerifyForm
from duban.web.ledger.models import ProgressReport
from duban.web.ledger.workflow import refile_progress, report_types, verify_progress
from duban.web.urlaccess import Access, access


@access(Access.LOGIN)
def progress_detail(request, pk):
    progress, can_verify = get_progress_for_user(request, pk)
    can_refile = request.user.has_perm("ledger.refile_progress", progress) and progress.state == ProgressReport.State.RETURNED
    form = VerifyForm(initial={"version": progress.version}) if can_verify and progress.state == "filed" else None
    return render(request, "ledger/progress_detail.html", {
        "p": progress, "task": progress.task, "figures": progress.figures.select_related("target"),
        "evidence": progress.evidence.all(), "verifications": progress.verifications.select_related("by"),
        "form": form, "can_refile": can_refile, "milestones": progress.milestones_done.all(),
    })


@require_http_methods(["POST"])
@access(Access.OFFICE)
def progress_verify(request, pk):
    progress, can_verify = get_progress_for_user(request, pk)
    if not can_verify:
        raise PermissionDenied("只有督查室可以核实进度报告")
    form = VerifyForm(request.POST)
    status = 400
    if form.is_valid():
        refused, _ = attempt(form, lambda: verify_progress(
            progress, request.user, form.cleaned_data["version"],
            accept=form.cleaned_data["decision"] == "accept", reason=form.cleaned_data["reason"]))
        if refused is None:
            messages.success(request, "已核实通过。" if form.cleaned_data["decision"] == "accept" else "已退回。")
            return redirect("ledger:progress_detail", pk=progress.pk)
        status = refused
    progress.refresh_from_db()
    return render(request, "ledger/progress_detail.html", {
        "p": progress, "task": progress.task, "figures": progress.figures.select_related("target"),
        "evidence": progress.evidence.all(), "verifications": progress.verifications.select_related("by"),
        "form": form, "can_refile": False, "milestones": progress.milestones_done.all(),
    }, status=status)


@require_http_methods(["GET", "POST"])
@access(Access.REPORTER)
def progress_refile(request, pk):
    progress, _ = get_progress_for_user(request, pk)
    if not request.user.has_perm("ledger.refile_progress", progress):
        raise PermissionDenied("只有报送单位可以修改并重新报送")
    if progress.state != ProgressReport.State.RETURNED:
        messages.error(request, "只有被退回的报告可以修改后重新报送。")
        return redirect("ledger:progress_detail", pk=progress.pk)
    task = progress.task
    initial = {"narrative": progress.narrative, "milestones": progress.milestones_done.all()}
    initial.update({f"target_{f.target_id}": f.value for f in progress.figures.all()})
    form = ProgressForm(request.POST or None, request.FILES or None, task=task, types=report_types(), refile=True, initial=initial)
    status = 200
    if request.method == "POST":
        try:
            version, bad_version = validation.version(request.POST.get("version")), None
        except validation.Invalid as exc:
            version, bad_version = None, exc.message
        if form.is_valid() and bad_version is None:
            def refile_it():
                with transaction.atomic():
                    refile_progress(progress, request.user, version, narrative=form.cleaned_data["narrative"],
                                    figures=form.figures(), milestones=form.cleaned_data.get("milestones"))
                    if form.cleaned_data.get("evidence"):
                        attach(progress, form.cleaned_data["evidence"], request.user)

            status, _ = attempt(form, refile_it, EvidenceError)
            if status is None:
                messages.success(request, "已重新报送。")
                return redirect("ledger:progress_detail", pk=progress.pk)
        else:
            if bad_version:
                form.add_error(None, bad_version)
            status = 400
    return render(request, "ledger/progress_refile.html", {"p": progress, "task": task, "form": form}, status=status)


@access(Access.LOGIN)
def evidence(request, pk):
    ev = get_evidence_for_user(request, pk)
    try:
        fh = ev.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不在存储中") from None
    response = FileResponse(fh, as_attachment=True, filename=ev.original_name, content_type=ev.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@access(Access.OFFICE)
def verify_queue(request):
    items = ProgressReport.objects.filter(state=ProgressReport.State.FILED).select_related(
        "task", "department", "report_type", "filed_by").order_by("filed_at")[:500]
    return render(request, "ledger/verify_queue.html", {"items": items})
