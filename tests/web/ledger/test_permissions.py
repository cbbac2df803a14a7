"""The permission matrix: every page and API endpoint, every role, who is let in and who is refused.

Refused means 403/404 for a logged-in user, the login page (pages) or 401 (API) for the
anonymous. Allowed means anything else (a 400 for an incomplete form still got past the
access checks). ``test_the_matrix_covers_every_route`` fails when a route is added
without a row here.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver

from duban.web.accounts.models import ApiToken
from duban.web.ledger.evidence import attach
from duban.web.ledger.models import ImportJob, UnknownDepartment
from duban.web.ledger.workflow import file_progress, report_types

from .conftest import client_for

ROLES = ["anon", "norole", "office", "leader", "lead", "coop", "outsider"]
WITH_ROLE = {"office", "leader", "lead", "coop", "outsider"}
TASK_READERS = {"office", "leader", "lead", "coop"}
EVERYONE = set(ROLES)

# (id, url name or "api", method, path builder, body, roles allowed)
PAGES = [
    ("home", "ledger:home", "get", lambda o: "/", None, WITH_ROLE),
    ("rubric", "ledger:rubric", "get", lambda o: "/rubric/", None, EVERYONE),
    ("healthz", "healthz", "get", lambda o: "/healthz", None, EVERYONE),
    ("readyz", "readyz", "get", lambda o: "/readyz", None, EVERYONE),
    ("login", "accounts:login", "get", lambda o: "/accounts/login/", None, EVERYONE),
    # Logging out sends everyone to the login page, so the anonymous look "refused" by design.
    ("logout", "accounts:logout", "post", lambda o: "/accounts/logout/", {}, EVERYONE - {"anon"}),
    ("tokens", "accounts:tokens", "get", lambda o: "/accounts/tokens/", None, WITH_ROLE),
    ("notifications", "ledger:notifications", "get", lambda o: "/notifications/", None, WITH_ROLE),
    ("notifications-read", "ledger:notifications_read", "post", lambda o: "/notifications/read", {}, WITH_ROLE),
    ("task-list", "ledger:task_list", "get", lambda o: "/tasks/", None, WITH_ROLE),
    ("task-detail", "ledger:task_detail", "get", lambda o: f"/tasks/{o.t1.pk}/", None, TASK_READERS),
    ("task-edit", "ledger:task_edit", "get", lambda o: f"/tasks/{o.t1.pk}/edit", None, {"office"}),
    ("task-edit-post", "ledger:task_edit", "post", lambda o: f"/tasks/{o.t1.pk}/edit", {"version": "1"}, {"office"}),
    ("task-stages", "ledger:task_stages", "get", lambda o: f"/tasks/{o.t1.pk}/stages", None, {"office"}),
    ("task-stages-post", "ledger:task_stages", "post", lambda o: f"/tasks/{o.t1.pk}/stages", {"version": "1"}, {"office"}),
    ("task-report", "ledger:task_report", "get", lambda o: f"/tasks/{o.t1.pk}/report", None, {"lead", "coop"}),
    ("task-report-post", "ledger:task_report", "post", lambda o: f"/tasks/{o.t1.pk}/report", {}, {"lead", "coop"}),
    ("progress-detail", "ledger:progress_detail", "get", lambda o: f"/progress/{o.progress.pk}/", None, TASK_READERS),
    ("progress-verify", "ledger:progress_verify", "post", lambda o: f"/progress/{o.progress.pk}/verify", {}, {"office"}),
    ("progress-refile", "ledger:progress_refile", "get", lambda o: f"/progress/{o.progress.pk}/refile", None, {"lead"}),
    ("progress-refile-post", "ledger:progress_refile", "post", lambda o: f"/progress/{o.progress.pk}/refile", {}, {"lead"}),
    ("evidence", "ledger:evidence", "get", lambda o: f"/evidence/{o.evidence.pk}", None, TASK_READERS),
    ("verify-queue", "ledger:verify_queue", "get", lambda o: "/verify/", None, {"office"}),
    ("report-list", "ledger:report_list", "get", lambda o: "/reports/", None, {"office", "leader"}),
    ("report-import", "ledger:report_import", "get", lambda o: "/reports/import", None, {"office"}),
    ("report-import-post", "ledger:report_import", "post", lambda o: "/reports/import", {}, {"office"}),
    ("import-job", "ledger:import_job", "get", lambda o: f"/reports/import/{o.import_job.pk}/", None, {"office"}),
    ("import-job-status", "ledger:import_job_status", "get", lambda o: f"/reports/import/{o.import_job.pk}/status.json",
     None, {"office"}),
    ("report-review", "ledger:report_review", "get", lambda o: f"/reports/{o.report.pk}/", None, {"office", "leader"}),
    ("report-confirm", "ledger:report_confirm", "post", lambda o: f"/reports/{o.report.pk}/confirm", {"version": "1"}, {"office"}),
    ("report-publish", "ledger:report_publish", "post", lambda o: f"/reports/{o.report.pk}/publish", {"version": "1"}, {"office"}),
    ("report-reading", "ledger:report_reading", "post", lambda o: f"/reports/{o.report.pk}/reading",
     {"version": "1", "section": "s1", "part": "review"}, {"office"}),
    ("item-action", "ledger:item_action", "post", lambda o: f"/items/{o.t1.pk}", {"action": "drop", "version": "1"}, {"office"}),
    ("departments", "ledger:department_list", "get", lambda o: "/departments/", None, {"office"}),
    ("department-queue", "ledger:department_queue", "post", lambda o: f"/departments/queue/{o.unknown.pk}", {}, {"office"}),
]

API = [
    ("api-reports", "get", lambda o: "/api/reports", None, {"office", "leader"}),
    ("api-report", "get", lambda o: f"/api/reports/{o.report.pk}", None, {"office", "leader"}),
    ("api-tasks", "get", lambda o: "/api/tasks", None, WITH_ROLE),
    ("api-task", "get", lambda o: f"/api/tasks/{o.t1.pk}", None, TASK_READERS),
    ("api-task-patch", "patch", lambda o: f"/api/tasks/{o.t1.pk}", {"version": 1, "deadline": "2023-12-31"}, {"office"}),
    ("api-targets", "get", lambda o: f"/api/tasks/{o.t1.pk}/targets", None, TASK_READERS),
    ("api-status", "get", lambda o: f"/api/tasks/{o.t1.pk}/status", None, TASK_READERS),
    ("api-progress-list", "get", lambda o: f"/api/tasks/{o.t1.pk}/progress", None, TASK_READERS),
    ("api-progress-file", "post", lambda o: f"/api/tasks/{o.t1.pk}/progress", {"period": "2023-09", "narrative": "进展"}, {"lead", "coop"}),
    ("api-progress", "get", lambda o: f"/api/progress/{o.progress.pk}", None, TASK_READERS),
    ("api-verify", "post", lambda o: f"/api/progress/{o.progress.pk}/verify", {"version": 1, "accept": True}, {"office"}),
    ("api-report-import", "post", lambda o: "/api/reports", {}, {"office"}),
    ("api-departments", "get", lambda o: "/api/departments", None, WITH_ROLE),
    ("api-summary", "get", lambda o: "/api/summary", None, WITH_ROLE),
    ("api-webhooks", "get", lambda o: "/api/webhooks", None, {"office"}),
    ("api-webhook-create", "post", lambda o: "/api/webhooks", {"name": "x", "url": "http://127.0.0.1:8150/h",
                                                               "secret": "s" * 12, "events": ["progress.filed"]}, {"office"}),
    ("api-webhook", "get", lambda o: f"/api/webhooks/{o.endpoint.pk}", None, {"office"}),
    ("api-webhook-patch", "patch", lambda o: f"/api/webhooks/{o.endpoint.pk}", {"active": False}, {"office"}),
    ("api-webhook-delete", "delete", lambda o: f"/api/webhooks/{o.endpoint.pk}", None, {"office"}),
    ("api-webhook-deliveries", "get", lambda o: f"/api/webhooks/{o.endpoint.pk}/deliveries", None, {"office"}),
    ("api-webhook-replay", "post", lambda o: f"/api/webhooks/deliveries/{o.delivery.pk}/replay", {}, {"office"}),
    # 建议提案办理: the item is handled by lead's unit (市发展改革委) with coop's (市民政局) as 会办单位.
    ("api-suggestions", "get", lambda o: "/api/suggestions/items", None, WITH_ROLE),
    ("api-suggestion", "get", lambda o: f"/api/suggestions/items/{o.item.pk}", None, TASK_READERS),
    ("api-suggestion-assign", "post", lambda o: f"/api/suggestions/items/{o.item.pk}/assign",
     {"version": 1, "lead": "市发展改革委"}, {"office"}),
    ("api-suggestion-opinion", "post", lambda o: f"/api/suggestions/items/{o.item.pk}/opinion", {"opinion": "同意"}, {"coop"}),
    ("api-suggestion-contact", "post", lambda o: f"/api/suggestions/items/{o.item.pk}/communications",
     {"date": "2023-03-20", "way": "phone", "summary": "电话沟通"}, {"lead"}),
    ("api-suggestion-replies", "get", lambda o: f"/api/suggestions/items/{o.item.pk}/replies", None, TASK_READERS),
    ("api-suggestion-reply", "post", lambda o: f"/api/suggestions/items/{o.item.pk}/replies", {}, {"lead"}),
    ("api-suggestion-review", "post", lambda o: f"/api/suggestions/items/{o.item.pk}/review", {"decision": "send"}, {"office"}),
    ("api-suggestion-stats", "get", lambda o: "/api/suggestions/stats", None, WITH_ROLE),
]


@pytest.fixture
def world(ledger, settings):
    from duban.web.webhooks.models import Delivery, Endpoint

    settings.WEBHOOKS_DISPATCH = "none"
    ledger.endpoint = Endpoint.objects.create(name="e", url="http://127.0.0.1:9/h", secret="s" * 12, events=["progress.filed"])
    ledger.delivery = Delivery.objects.create(endpoint=ledger.endpoint, event="progress.filed", body="{}")
    p = ledger.people
    regular = next(t for t in report_types() if t.code == "regular")
    ledger.progress = file_progress(ledger.t1, p.lead, department=ledger.departments.fgw, report_type=regular,
                                    period="2023-05", narrative="进展顺利", figures={})
    ledger.evidence = attach(ledger.progress, SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64), p.lead)
    ledger.unknown = UnknownDepartment.objects.get(name="市停车管理中心")
    ledger.item = _suggestion(ledger)
    ledger.import_job = ImportJob.objects.create(name="queued.txt", data=b"x", created_by=p.office)  # still queued
    ledger.users = {"anon": None, "norole": p.norole, "office": p.office, "leader": p.leader, "lead": p.lead,
                    "coop": p.coop, "outsider": p.outsider}
    return ledger


def _suggestion(ledger):
    import datetime as dt

    from duban.web.suggestions.models import Batch, Item
    from duban.web.suggestions.workflow import assign

    batch = Batch.objects.create(name="matrix", year=2023)
    item = Item.objects.create(batch=batch, year=2023, kind="suggestion", number="1", title="建议", proposer="代表甲")
    return assign(item, ledger.people.office, lead=ledger.departments.fgw, co_units=[ledger.departments.mzj],
                  assigned_on=dt.date(2023, 3, 1))


def _refused_page(response, role) -> bool:
    if role == "anon":
        return response.status_code == 302 and "/accounts/login/" in response["Location"]
    return response.status_code in (403, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("case", "name", "method", "build", "body", "allowed"), PAGES, ids=[c[0] for c in PAGES])
def test_pages(world, role, case, name, method, build, body, allowed):
    client = client_for(world.users[role])
    response = getattr(client, method)(build(world), body or {})
    if role in allowed:
        assert not _refused_page(response, role), f"{role} refused on {case}: {response.status_code}"
        assert response.status_code < 500
    else:
        assert _refused_page(response, role), f"{role} let in on {case}: {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("case", "method", "build", "body", "allowed"), API, ids=[c[0] for c in API])
def test_api(world, role, case, method, build, body, allowed):
    from django.test import Client

    headers = {}
    user = world.users[role]
    if user is not None:
        headers["Authorization"] = "Bearer " + ApiToken.issue(user, "matrix")[1]
    client = Client()
    kwargs = {"content_type": "application/json", "headers": headers}
    response = getattr(client, method)(build(world), body, **kwargs) if body is not None else getattr(client, method)(
        build(world), headers=headers)
    if role in allowed:
        assert response.status_code < 400 or response.status_code in (400, 409), f"{role} refused on {case}: {response.status_code} {response.content[:200]}"
    elif role in ("anon", "norole"):
        assert response.status_code == 401
    else:
        assert response.status_code in (403, 404), f"{role} let in on {case}: {response.status_code}"


def test_the_matrix_covers_every_route():
    """Every route of the ledger, accounts and API must have a row in the matrix above."""
    covered = {c[1] for c in PAGES}
    api_covered = {(c[1], _normalise(c[2])) for c in API}
    missing = []
    for name, pattern, method in _routes():
        if name.startswith(("ledger:", "accounts:")) or name in ("healthz", "readyz"):
            if name not in covered:
                missing.append(name)
        elif name.startswith("api-1.0.0:") and method:
            if (method, pattern) not in api_covered:
                missing.append(f"{method.upper()} {pattern}")
    assert not missing, f"routes without a row in the permission matrix: {missing}"


class _Obj:
    pk = 1
    t1 = report = progress = evidence = unknown = endpoint = delivery = item = None


def _normalise(build) -> str:
    import re

    fake = _Obj()
    fake.t1 = fake.report = fake.progress = fake.evidence = fake.unknown = fake.endpoint = fake.delivery = fake.item = _Obj()
    return re.sub(r"/1(?=/|$)", "/{}", build(fake))


def _routes():
    import re

    from duban.web.ledger.api import api

    resolver = get_resolver()
    for name in resolver.reverse_dict.keys():
        if isinstance(name, str):
            yield name, None, None
    for ns, (_prefix, sub) in resolver.namespace_dict.items():
        for name in sub.reverse_dict.keys():
            if isinstance(name, str):
                yield f"{ns}:{name}", None, None
    for router_prefix, router in api._routers:
        prefix = "/" + router_prefix.strip("/") if router_prefix.strip("/") else ""
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                for method in op.methods:
                    yield "api-1.0.0:op", "/api" + prefix + re.sub(r"\{[^}]+\}", "{}", path), method.lower()
