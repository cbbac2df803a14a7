"""Small views: health check, home, rubric, notifications."""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from duban.web.accounts.roles import role_of
from duban.web.ledger import clock
from duban.web.ledger import status as rubric_mod
from duban.web.ledger.models import Status
from duban.web.urlaccess import Access, access


@access(Access.PUBLIC)
def healthz(request):
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
    except Exception as exc:  # the probe reports the database outage instead of a 500 page
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return HttpResponse("ok", content_type="text/plain")


@access(Access.PUBLIC)
def readyz(request):
    """Readiness: the database takes a write, migrations are applied, the queue answers and the
    evidence directory is writable (duban.web.ops.readiness); 503 with the reason otherwise."""
    from duban.web.ops.readiness import ready

    ok, body = ready()
    response = JsonResponse(body, status=200 if ok else 503, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


@access(Access.PUBLIC)
def home(request):
    if role_of(request.user):
        return redirect("ledger:task_list")
    if request.user.is_authenticated:
        return render(request, "ledger/no_role.html", status=403)
    return redirect("accounts:login")


@access(Access.PUBLIC)
def rubric(request):
    rules = rubric_mod.Rules.from_settings()
    labels = dict(Status.choices)
    rows = [{"code": code, "label": labels.get(code, ""), "text": text} for code, text in rubric_mod.rubric(rules)]
    return render(request, "ledger/rubric.html", {"rows": rows, "rules": rules})


@access(Access.LOGIN)
def notifications(request):
    items = request.user.notifications.select_related("task")[:200]
    return render(request, "ledger/notifications.html", {"items": items})


@require_POST
@access(Access.LOGIN)
def notifications_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=clock.now())
    return redirect("ledger:notifications")
