"""The REST API: OpenAPI document, token auth, the same rules as the pages, conflicts as 409."""

from __future__ import annotations

import pytest
from django.test import Client

from duban.web.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def api_client(user) -> tuple[Client, dict]:
    return Client(), {"Authorization": "Bearer " + ApiToken.issue(user, "test")[1]}


def test_it_publishes_the_openapi_document(client):
    doc = client.get("/api/openapi.json").json()
    paths = doc["paths"]
    for path in ["/api/reports", "/api/tasks", "/api/tasks/{task_id}", "/api/tasks/{task_id}/targets",
                 "/api/tasks/{task_id}/status", "/api/tasks/{task_id}/progress", "/api/progress/{progress_id}/verify"]:
        assert path in paths
    assert "BearerAuth" in str(doc["components"]["securitySchemes"]) or doc["components"]["securitySchemes"]


def test_it_refuses_a_revoked_or_unknown_token(ledger):
    client, headers = api_client(ledger.people.office)
    assert client.get("/api/tasks", headers=headers).status_code == 200
    ApiToken.objects.filter(user=ledger.people.office).update(revoked=True)
    assert client.get("/api/tasks", headers=headers).status_code == 401
    assert client.get("/api/tasks", headers={"Authorization": "Bearer dbn_nonsense"}).status_code == 401


def test_a_department_lists_only_its_own_tasks(ledger):
    client, headers = api_client(ledger.people.outsider)
    assert client.get("/api/tasks", headers=headers).json()["items"] == []
    client, headers = api_client(ledger.people.coop)
    from duban.web.ledger.models import Task

    ids = {t["id"] for t in client.get("/api/tasks", headers=headers).json()["items"]}
    # 市民政局 co-operates on t1 and on appendix item 2.
    assert ids == {ledger.t1.pk, Task.objects.get(report=ledger.report, list_number="2").pk}


def test_the_whole_report_cycle_through_the_api(ledger):
    lead, lead_h = api_client(ledger.people.lead)
    office, office_h = api_client(ledger.people.office)
    targets = lead.get(f"/api/tasks/{ledger.t1.pk}/targets", headers=lead_h).json()
    figures = {str(t["id"]): t["value"] for t in targets}
    r = lead.post(f"/api/tasks/{ledger.t1.pk}/progress", {"period": "2023-06", "narrative": "完成", "figures": figures},
                  content_type="application/json", headers=lead_h)
    assert r.status_code == 201, r.content
    progress = r.json()
    r = office.post(f"/api/progress/{progress['id']}/verify", {"version": progress["version"], "accept": True},
                    content_type="application/json", headers=office_h)
    assert r.status_code == 200 and r.json()["state"] == "verified"
    status = office.get(f"/api/tasks/{ledger.t1.pk}/status", headers=office_h).json()
    assert status["status"] == "done" and status["progress"] == 100.0
    r = office.post(f"/api/progress/{progress['id']}/verify", {"version": progress["version"], "accept": False, "reason": "x"},
                    content_type="application/json", headers=office_h)
    assert r.status_code == 409 and "冲突" in r.json()["detail"]


def test_a_stale_assignment_is_refused_with_409(ledger):
    client, headers = api_client(ledger.people.office)
    body = {"version": ledger.t1.version, "lead_department": "市民政局", "deadline": "2023-11-30"}
    assert client.patch(f"/api/tasks/{ledger.t1.pk}", body, content_type="application/json", headers=headers).status_code == 200
    r = client.patch(f"/api/tasks/{ledger.t1.pk}", body, content_type="application/json", headers=headers)
    assert r.status_code == 409


@pytest.mark.parametrize(
    ("body", "message"),
    [({"period": "June", "narrative": "x"}, "YYYY-MM"), ({"period": "2023-06", "narrative": " "}, "进展情况"),
     ({"period": "2023-06", "narrative": "x", "report_type": "nope"}, "报告类型")],
    ids=["bad-period", "no-narrative", "unknown-type"],
)
def test_bad_progress_gets_a_clear_400(ledger, body, message):
    client, headers = api_client(ledger.people.lead)
    r = client.post(f"/api/tasks/{ledger.t1.pk}/progress", body, content_type="application/json", headers=headers)
    assert r.status_code == 400 and message in r.json()["detail"]


def test_unknown_department_in_assignment_is_a_400(ledger):
    client, headers = api_client(ledger.people.office)
    r = client.patch(f"/api/tasks/{ledger.t1.pk}", {"version": ledger.t1.version, "lead_department": "市魔法局",
                     "deadline": "2023-12-31"}, content_type="application/json", headers=headers)
    assert r.status_code == 400 and "市魔法局" in r.json()["detail"]


def test_session_api_calls_need_csrf(ledger):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ledger.people.lead)
    assert client.get("/api/tasks").status_code == 200
    r = client.post(f"/api/tasks/{ledger.t1.pk}/progress", {"period": "2023-06", "narrative": "x"}, content_type="application/json")
    assert r.status_code in (401, 403)
