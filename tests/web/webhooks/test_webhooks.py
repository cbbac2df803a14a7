"""Outbound webhooks against a receiver on 127.0.0.1 started by the test: a delivery arrives
signed, a failing receiver is retried with backoff and shown to the office as failed, a
delivery can be replayed, robots get markdown."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.utils import timezone

from duban.web.accounts.models import ApiToken
from duban.web.webhooks.delivery import RETRY_DELAYS, deliver_due
from duban.web.webhooks.models import Delivery, Endpoint
from duban.web.webhooks.signing import verify

from .conftest import client_for

pytestmark = pytest.mark.django_db
SECRET = "test-secret-0123456789"


class Receiver:
    """An HTTP server on an ephemeral loopback port that records requests and answers ``status``."""

    def __init__(self, status=200, body=b"ok"):
        self.requests, self.status, self.body = [], status, body
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                outer.requests.append({"path": self.path, "headers": dict(self.headers), "body": self.rfile.read(length)})
                self.send_response(outer.status)
                self.end_headers()
                self.wfile.write(outer.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture(autouse=True)
def _inline(settings):
    settings.WEBHOOKS_DISPATCH = "inline"
    settings.WEBHOOKS_TIMEOUT = 5


def _office_api(ledger):
    return {"Authorization": "Bearer " + ApiToken.issue(ledger.people.office, "hooks")[1]}


def _file_through_api(ledger, period="2023-06"):
    headers = {"Authorization": "Bearer " + ApiToken.issue(ledger.people.lead, "lead")[1]}
    r = Client().post(f"/api/tasks/{ledger.t1.pk}/progress", {"period": period, "narrative": "完成 8 所"},
                      content_type="application/json", headers=headers)
    assert r.status_code == 201, r.content
    return r.json()


@pytest.mark.django_db(transaction=True)
def test_a_delivery_reaches_the_receiver_with_a_valid_signature(ledger, receiver):
    r = Client().post("/api/webhooks", {"name": "督办对接", "url": receiver.url, "secret": SECRET,
                                        "events": ["progress.filed", "progress.verified"]},
                      content_type="application/json", headers=_office_api(ledger))
    assert r.status_code == 201, r.content
    assert "secret" not in r.json()
    progress = _file_through_api(ledger)
    assert len(receiver.requests) == 1
    got = receiver.requests[0]
    assert verify(SECRET, got["headers"]["X-Duban-Timestamp"], got["body"], got["headers"]["X-Duban-Signature"])
    assert not verify("another-secret", got["headers"]["X-Duban-Timestamp"], got["body"], got["headers"]["X-Duban-Signature"])
    payload = json.loads(got["body"])
    assert payload["event"] == "progress.filed"
    assert payload["task"]["id"] == ledger.t1.pk and payload["progress"]["id"] == progress["id"]
    d = Delivery.objects.get()
    assert d.state == "delivered" and d.response_status == 200 and d.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_receiver_is_retried_with_backoff_and_shown_as_failed(ledger):
    failing = Receiver(status=503, body=b"busy")
    try:
        Endpoint.objects.create(name="坏的接收端", url=failing.url, secret=SECRET, events=["progress.filed"])
        _file_through_api(ledger)
        d = Delivery.objects.get()
        assert d.state == "pending" and d.attempts == 1 and d.response_status == 503 and d.response_body == "busy"
        first_retry = d.next_attempt_at
        assert dt.timedelta(seconds=RETRY_DELAYS[0] - 5) < first_retry - d.last_attempt_at <= dt.timedelta(seconds=RETRY_DELAYS[0])
        assert deliver_due() == {"delivered": 0, "pending": 0, "failed": 0}  # not due yet
        now = timezone.now()
        for delay in RETRY_DELAYS:
            now += dt.timedelta(seconds=delay + 1)
            deliver_due(now=now)
        d.refresh_from_db()
        assert d.state == "failed" and d.attempts == len(RETRY_DELAYS) + 1 == len(failing.requests)
        # The office sees it, on the page and through the API.
        page = client_for(ledger.people.office).get(f"/webhooks/{d.endpoint_id}/").content.decode()
        assert "失败" in page and "HTTP 503" in page and "busy" in page
        listed = client_for(ledger.people.office).get("/webhooks/").content.decode()
        assert 'status-red">1<' in listed
        api = Client().get(f"/api/webhooks/{d.endpoint_id}/deliveries", headers=_office_api(ledger)).json()
        assert api["items"][0]["state"] == "failed" and api["items"][0]["error"] == "HTTP 503"
        # Fixed receiver: the office replays the failed delivery.
        failing.status = 200
        r = Client().post(f"/api/webhooks/deliveries/{d.pk}/replay", headers=_office_api(ledger))
        assert r.status_code == 201 and r.json()["state"] == "delivered" and r.json()["replay_of_id"] == d.pk
        assert failing.requests[-1]["body"] == failing.requests[0]["body"]
    finally:
        failing.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fmt", ["wecom", "dingtalk"])
def test_group_robots_get_a_markdown_message(ledger, receiver, fmt):
    receiver.body = b'{"errcode": 0, "errmsg": "ok"}'
    Endpoint.objects.create(name="群机器人", url=receiver.url + "?key=abc", secret="SEC" + "x" * 20, format=fmt,
                            events=["progress.returned", "progress.filed"])
    progress = _file_through_api(ledger)
    r = Client().post(f"/api/progress/{progress['id']}/verify", {"version": progress["version"], "accept": False,
                                                                 "reason": "数字与佐证不符"},
                      content_type="application/json", headers=_office_api(ledger))
    assert r.status_code == 200
    body = json.loads(receiver.requests[-1]["body"])
    assert body["msgtype"] == "markdown"
    text = body["markdown"]["content" if fmt == "wecom" else "text"]
    assert "进度被退回" in text and "数字与佐证不符" in text and ledger.t1.title in text
    if fmt == "dingtalk":
        assert "timestamp=" in receiver.requests[-1]["path"] and "sign=" in receiver.requests[-1]["path"]
    assert set(Delivery.objects.values_list("state", flat=True)) == {"delivered"}


@pytest.mark.django_db(transaction=True)
def test_a_robot_that_refuses_the_message_counts_as_a_failure(ledger, receiver):
    receiver.body = b'{"errcode": 93000, "errmsg": "invalid webhook url"}'
    Endpoint.objects.create(name="群机器人", url=receiver.url, secret="SEC" + "x" * 20, format="wecom",
                            events=["progress.filed"])
    _file_through_api(ledger)
    d = Delivery.objects.get()
    assert d.state == "pending" and "93000" in d.error


def test_status_changes_and_reminders_become_deliveries(ledger, settings):
    settings.WEBHOOKS_DISPATCH = "none"
    from duban.web.ledger.models import Task
    from duban.web.ledger.services import send_reminders

    Endpoint.objects.create(name="all", url="http://127.0.0.1:9/x", secret=SECRET,
                            events=["task.status_changed", "reminder.due"])
    Task.objects.filter(pk=ledger.t1.pk).update(status="normal")  # as it was before the deadline passed
    send_reminders(today=dt.date(2024, 1, 10))
    events = set(Delivery.objects.values_list("event", flat=True))
    assert events == {"task.status_changed", "reminder.due"}
    payload = json.loads(Delivery.objects.filter(event="task.status_changed").first().body)
    assert payload["data"]["after"] == "red"


def test_a_rolled_back_change_sends_nothing(ledger, settings):
    from duban.web.ledger.validation import Invalid
    from duban.web.ledger.workflow import file_progress, report_types

    Endpoint.objects.create(name="x", url="http://127.0.0.1:9/x", secret=SECRET, events=["progress.filed"])
    with pytest.raises(Invalid):
        file_progress(ledger.t1, ledger.people.lead, department=ledger.departments.fgw, report_type=report_types()[0],
                      period="2023-06", narrative="x", figures={ledger.t1.targets.first().pk: float("nan")})
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("body", [
    {"name": "x", "url": "ftp://x", "secret": SECRET, "events": ["progress.filed"]},
    {"name": "x", "url": "http://127.0.0.1:8150/", "secret": "short", "events": ["progress.filed"]},
    {"name": "x", "url": "http://127.0.0.1:8150/", "secret": SECRET, "events": []},
    {"name": "x", "url": "http://127.0.0.1:8150/", "secret": SECRET, "events": ["task.deleted"]},
    {"name": "x\u0000", "url": "http://127.0.0.1:8150/", "secret": SECRET, "events": ["progress.filed"]},
], ids=["scheme", "secret", "no-events", "unknown-event", "nul"])
def test_a_bad_endpoint_is_refused_with_the_field(ledger, body):
    r = Client().post("/api/webhooks", body, content_type="application/json", headers=_office_api(ledger))
    assert r.status_code == 400 and r.json()["errors"]
    assert not Endpoint.objects.exists()


@pytest.mark.parametrize("role", ["leader", "lead", "outsider"])
def test_only_the_office_manages_webhooks(ledger, role):
    user = getattr(ledger.people, role)
    headers = {"Authorization": "Bearer " + ApiToken.issue(user, "t")[1]}
    r = Client().post("/api/webhooks", {"name": "x", "url": "http://127.0.0.1:8150/", "secret": SECRET,
                                        "events": ["progress.filed"]}, content_type="application/json", headers=headers)
    assert r.status_code == 403
    assert client_for(user).get("/webhooks/").status_code == 403
    assert not Endpoint.objects.exists()


def test_the_office_registers_an_endpoint_on_the_page(ledger):
    client = client_for(ledger.people.office)
    r = client.post("/webhooks/", {"name": "企业微信群", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
                                   "secret": SECRET, "events": ["reminder.due"], "format": "wecom"})
    assert r.status_code == 302
    ep = Endpoint.objects.get()
    assert ep.format == "wecom" and ep.events == ["reminder.due"]
    assert client.post("/webhooks/", {"name": "x", "url": "javascript:alert(1)", "secret": SECRET,
                                      "events": ["reminder.due"], "format": "json"}).status_code == 400
