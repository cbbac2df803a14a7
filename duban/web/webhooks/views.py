"""The office's page for outbound webhooks: register endpoints, watch deliveries, replay."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from duban.web.audit.events import Action
from duban.web.audit.record import record
from duban.web.ledger.access import get_visible_or_404
from duban.web.urlaccess import Access, access

from .delivery import replay
from .forms import EndpointForm
from .models import Delivery, Endpoint


@require_http_methods(["GET", "POST"])
@access(Access.OFFICE)
def home(request):
    form = EndpointForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            endpoint = Endpoint.objects.create(created_by=request.user, **form.cleaned_data)
            record(request.user, Action.WEBHOOK_CHANGED, endpoint, {"created": {"url": endpoint.url, "events": endpoint.events}})
            messages.success(request, f"已登记“{endpoint.name}”。")
            return redirect("webhooks:endpoint", pk=endpoint.pk)
        status = 400
    endpoints = Endpoint.objects.all()
    failed = {e.pk: e.deliveries.filter(state=Delivery.State.FAILED).count() for e in endpoints}
    rows = [(e, failed[e.pk]) for e in endpoints]
    return render(request, "webhooks/home.html", {"form": form, "rows": rows}, status=status)


@access(Access.OFFICE)
def endpoint(request, pk):
    ep = get_visible_or_404(Endpoint.objects.all(), pk)
    deliveries = ep.deliveries.all()[:100]
    return render(request, "webhooks/endpoint.html", {"endpoint": ep, "deliveries": deliveries})


@require_POST
@access(Access.OFFICE)
def toggle(request, pk):
    ep = get_visible_or_404(Endpoint.objects.all(), pk)
    ep.active = not ep.active
    ep.save(update_fields=["active"])
    record(request.user, Action.WEBHOOK_CHANGED, ep, {"changed": {"active": ep.active}})
    messages.success(request, "已启用。" if ep.active else "已暂停。")
    return redirect("webhooks:endpoint", pk=ep.pk)


@require_POST
@access(Access.OFFICE)
def delete(request, pk):
    ep = get_visible_or_404(Endpoint.objects.all(), pk)
    record(request.user, Action.WEBHOOK_CHANGED, ep, {"deleted": True})
    ep.delete()
    messages.success(request, "已删除。")
    return redirect("webhooks:home")


@require_POST
@access(Access.OFFICE)
def replay_delivery(request, pk):
    original = get_visible_or_404(Delivery.objects.select_related("endpoint"), pk)
    with transaction.atomic():
        copy = replay(original)
        record(request.user, Action.WEBHOOK_REPLAYED, copy, {"replay_of": original.pk})
    messages.success(request, "已重新发送。")
    return redirect("webhooks:endpoint", pk=original.endpoint_id)
