"""The office's import page: upload → preview (the dry run, per cell) → confirm (all or nothing)."""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from duban.web.exchange.models import PendingImport
from duban.web.ledger import clock
from duban.web.urlaccess import Access, access

from . import importer
from .models import Batch, Kind
from .workbook import WorkbookError, read_rows

MAX_UPLOAD = 5 * 1024 * 1024


def _options(source) -> tuple[dict, list[str]]:
    """Batch options from a form (upload) or the preview's query: year, kind, months, urgent days, name."""
    errors = []

    def number(key, low, high, default):
        raw = (source.get(key) or "").strip()
        if not raw:
            return default
        if not raw.isdigit() or not low <= int(raw) <= high:
            errors.append(f"{key} 应为 {low} 到 {high} 之间的整数")
            return default
        return int(raw)

    kind = source.get("kind") or None
    if kind not in (None, *Kind.values):
        errors.append("类型应为建议或提案")
        kind = None
    opts = {"year": number("year", 1990, 2100, None), "kind": kind, "months": number("months", 1, 24, 3),
            "urgent_days": number("urgent_days", 1, 365, 30), "name": (source.get("name") or "").strip()[:120]}
    return opts, errors


@access(Access.OFFICE)
@require_GET
def import_home(request):
    return render(request, "suggestions/import.html", {"batches": Batch.objects.all()[:20], "year": clock.today().year,
                                                        "kinds": Kind.choices})


@access(Access.OFFICE)
@require_POST
def upload(request):
    f = request.FILES.get("file")
    opts, errors = _options(request.POST)
    if errors:
        messages.error(request, "；".join(errors))
        return redirect("suggestions:import")
    if f is None:
        messages.error(request, "请选择要导入的 Excel 文件。")
        return redirect("suggestions:import")
    if f.size > MAX_UPLOAD:
        messages.error(request, f"文件过大（{f.size // 1024} KB），上限 {MAX_UPLOAD // 1024 // 1024} MB。")
        return redirect("suggestions:import")
    data = f.read()
    try:
        sheet = read_rows(data)
        run = importer.validate(sheet, year=opts["year"], kind=opts["kind"])
    except (WorkbookError, importer.ImportRefused) as exc:
        messages.error(request, f"无法导入“{f.name}”：{exc}")
        return redirect("suggestions:import")
    # Unknown names go on the ledger's queue now, so the office can map them before confirming.
    importer.queue_unknown(run.unknown)
    PendingImport.objects.filter(created_at__lt=timezone.now() - dt.timedelta(days=1)).delete()
    pending = PendingImport.objects.create(user=request.user, name=f.name[:200], data=data,
                                           sha256=hashlib.sha256(data).hexdigest())
    query = urlencode({k: v for k, v in opts.items() if v not in (None, "")})
    return redirect(f"{reverse('suggestions:preview', args=[pending.pk])}?{query}")


@access(Access.OFFICE)
@require_GET
def preview(request, pk):
    pending = get_object_or_404(PendingImport, pk=pk, user=request.user)
    opts, _errors = _options(request.GET)
    try:
        run = importer.validate(read_rows(bytes(pending.data)), year=opts["year"], kind=opts["kind"])
    except (WorkbookError, importer.ImportRefused) as exc:
        messages.error(request, str(exc))
        return redirect("suggestions:import")
    return render(request, "suggestions/preview.html", {"pending": pending, "run": run, "totals": run.totals(),
                                                         "opts": opts})


@access(Access.OFFICE)
@require_POST
def confirm(request, pk):
    pending = get_object_or_404(PendingImport, pk=pk, user=request.user)
    opts, errors = _options(request.POST)
    query = urlencode({k: v for k, v in opts.items() if v not in (None, "")})
    if errors:
        messages.error(request, "；".join(errors))
        return redirect(f"{reverse('suggestions:preview', args=[pending.pk])}?{query}")
    try:
        done = importer.apply(read_rows(bytes(pending.data)), request.user, name=opts["name"] or pending.name.rsplit(".", 1)[0],
                              year=opts["year"], kind=opts["kind"], months=opts["months"],
                              urgent_days=opts["urgent_days"], source_name=pending.name, sha256=pending.sha256)
    except (WorkbookError, importer.ImportRefused) as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('suggestions:preview', args=[pending.pk])}?{query}")
    pending.delete()
    t = done.run.totals()
    messages.success(request, f"已导入 {done.created} 件（重复行 {t['duplicate']}，此前已导入 {t['existing']}）。")
    return redirect(f"{reverse('suggestions:home')}?year={done.batch.year}")
