"""The API's operations for items, replies and statistics: same checks, same uniform 404, same rules."""

from __future__ import annotations

import pytest

from . import flow
from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(people, batch, client):
    c = client_for(client, people["office"])
    it = flow.item("101")
    resp = c.post(f"/api/suggestions/items/{it.pk}/assign", {"version": it.version, "lead": "市发展改革委",
                                                              "co_units": ["市民政局"]}, content_type="application/json")
    assert resp.status_code == 200, resp.content
    assert resp.json()["state"] == "handling" and resp.json()["deadline"] == "2023-06-10"
    c.logout()
    it.refresh_from_db()
    return it


def test_the_handling_through_the_api(people, assigned, client):
    c = client_for(client, people["mzj"])
    assert c.post(f"/api/suggestions/items/{assigned.pk}/opinion", {"opinion": "同意。"},
                  content_type="application/json").status_code == 200
    c.force_login(people["fgw"])
    resp = c.post(f"/api/suggestions/items/{assigned.pk}/communications",
                  {"date": "2023-03-20", "way": "phone", "summary": "电话沟通。"}, content_type="application/json")
    assert resp.status_code == 201
    from django.core.files.uploadedfile import SimpleUploadedFile

    resp = c.post(f"/api/suggestions/items/{assigned.pk}/replies", {
        "text": "已列入计划。", "result_class": "B", "submit": "true",
        "signed_file": SimpleUploadedFile("letter.pdf", flow.PDF)})
    assert resp.status_code == 200, resp.content
    assert resp.json()["state"] == "submitted"
    c.force_login(people["office"])
    resp = c.post(f"/api/suggestions/items/{assigned.pk}/review", {"decision": "send", "disclose": True},
                  content_type="application/json")
    body = resp.json()
    assert resp.status_code == 200 and body["item"]["state"] == "sent" and "/suggestions/feedback/" in body["feedback_url"]
    replies = c.get(f"/api/suggestions/items/{assigned.pk}/replies").json()
    assert [r["on_time"] for r in replies] == [True]
    stats = c.get("/api/suggestions/stats?year=2023").json()
    assert stats["total"] == 1 and stats["units"][0]["replied_on_time"] == 1


def test_a_unit_lists_only_its_items(people, assigned, client):
    c = client_for(client, people["fgw"])
    assert [i["number"] for i in c.get("/api/suggestions/items").json()["items"]] == ["101"]
    c.force_login(people["slj"])
    assert c.get("/api/suggestions/items").json()["items"] == []


def test_uniform_404_and_refusals(people, assigned, client):
    c = client_for(client, people["slj"])
    hidden = c.get(f"/api/suggestions/items/{assigned.pk}")
    missing = c.get("/api/suggestions/items/999999")
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
    c.force_login(people["mzj"])  # the co-unit sees the item but cannot draft or send
    assert c.get(f"/api/suggestions/items/{assigned.pk}").status_code == 200
    assert c.post(f"/api/suggestions/items/{assigned.pk}/replies", {"text": "x", "result_class": "A"}).status_code == 403
    assert c.post(f"/api/suggestions/items/{assigned.pk}/review", {"decision": "send"},
                  content_type="application/json").status_code == 403
    c.logout()
    assert client.get("/api/suggestions/items").status_code == 401


def test_input_is_checked_like_the_pages(people, assigned, client):
    c = client_for(client, people["office"])
    resp = c.post(f"/api/suggestions/items/{assigned.pk}/assign", {"version": assigned.version, "lead": "市停车管理中心"},
                  content_type="application/json")
    assert resp.status_code == 400 and resp.json()["errors"][0]["field"] == "lead"
    resp = c.post(f"/api/suggestions/items/{assigned.pk}/assign", {"version": 1, "lead": "市发展改革委"},
                  content_type="application/json")
    assert resp.status_code == 409  # a stale version
    c.force_login(people["fgw"])
    resp = c.post(f"/api/suggestions/items/{assigned.pk}/communications",
                  {"date": "2099-01-01", "way": "phone", "summary": "x"}, content_type="application/json")
    assert resp.status_code == 400 and "沟通日期不能晚于今天" in resp.json()["detail"]
    resp = c.get("/api/suggestions/items?year=12")
    assert resp.status_code == 400
