"""The handling workflow through the pages: 交办, 会办 opinion, 沟通, reply, review and send, the
proposer's link (single use, expiring, its own item only), 不满意 → reopened → replied again."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.web.ledger import clock

from . import flow
from .conftest import client_for

pytestmark = pytest.mark.django_db


def _msgs(resp):
    return [str(m) for m in resp.wsgi_request._messages]


def test_the_full_handling_of_an_item(people, batch, client):
    from duban.web.audit.record import events_for
    from duban.web.suggestions.models import Reply

    office, fgw, mzj = people["office"], people["fgw"], people["mzj"]
    d = people["depts"]
    it = flow.item("101")
    c = client_for(client, office)
    flow.assign(c, it, d["市发展改革委"], [d["市民政局"]])
    it.refresh_from_db()
    # Three months from the 交办 date of the workbook (2023-03-10).
    assert it.state == "handling" and it.deadline == dt.date(2023, 6, 10)
    assert fgw.notifications.filter(kind="assigned").exists() and mzj.notifications.filter(kind="assigned").exists()

    c.force_login(mzj)
    resp = c.post(f"/suggestions/{it.pk}/opinion/", {"opinion": "同意主办单位意见，配合做好资金保障。"})
    assert resp.status_code == 302
    assert it.co_units.get().opinion.startswith("同意")

    c.force_login(fgw)
    # The reply cannot go to review before the 沟通 is recorded.
    resp = flow.reply(c, it)
    assert "报审前请先登记办理前沟通情况。" in _msgs(resp)
    assert flow.communicate(c, it).status_code == 302
    flow.reply(c, it)
    it.refresh_from_db()
    assert it.state == "review"

    c.force_login(office)
    link = flow.send(c, it)
    it.refresh_from_db()
    assert it.state == "sent"
    first = it.replies.get()
    assert first.on_time is True and first.token_hash and len(link.rsplit("/", 2)[-2]) >= 40

    # The proposer, without an account, rates it 不满意 (a comment is needed).
    c.logout()
    assert c.get(link).status_code == 200
    resp = c.post(link, {"rating": "unsatisfied", "comment": ""})
    assert "选择不满意时，请写明意见" in resp.content.decode()
    resp = c.post(link, {"rating": "unsatisfied", "comment": "资金安排不明确。"})
    assert resp.status_code == 200 and "承办单位将重新办理" in resp.content.decode()
    it.refresh_from_db()
    assert it.state == "reopened" and it.deadline == clock.today() + dt.timedelta(days=30)
    # The link is single-use.
    assert c.get(link).status_code == 404
    assert c.post(link, {"rating": "satisfied"}).status_code == 404

    c.force_login(fgw)
    flow.communicate(c, it, date="2023-04-01", way="meeting", summary="面商，说明资金来源。")
    flow.reply(c, it, text="已落实资金，年内开工。", result_class="A")
    c.force_login(office)
    link2 = flow.send(c, it)
    assert link2 != link
    c.logout()
    c.post(link2, {"rating": "satisfied", "comment": ""})
    it.refresh_from_db()
    assert it.state == "closed"
    assert list(it.replies.order_by("round").values_list("round", "rating")) == [(1, "unsatisfied"), (2, "satisfied")]
    assert Reply.objects.filter(item=it, token_hash="").count() == 2
    actions = list(events_for(it).order_by("at", "id").values_list("action", flat=True))
    assert actions == ["suggestion.assigned", "suggestion.opinion", "suggestion.contacted", "suggestion.submitted",
                       "suggestion.sent", "suggestion.rated", "suggestion.reopened", "suggestion.contacted",
                       "suggestion.submitted", "suggestion.sent", "suggestion.rated"]
    # Every step is in the item's history too.
    assert it.history.count() >= 10


def test_a_deadline_per_batch_and_for_urgent_items(people, batch, client):
    batch.months, batch.urgent_days = 2, 15
    batch.save()
    d = people["depts"]
    c = client_for(client, people["office"])
    a, b = flow.item("101"), flow.item("102")
    flow.assign(c, a, d["市发展改革委"])
    flow.assign(c, b, d["市发展改革委"], urgent="on")
    a.refresh_from_db(), b.refresh_from_db()
    assert a.deadline == dt.date(2023, 5, 10) and b.deadline == dt.date(2023, 3, 25) and b.urgent


def test_an_explicit_deadline_before_the_assignment_is_refused(people, batch, client):
    c = client_for(client, people["office"])
    it = flow.item("101")
    resp = flow.assign(c, it, people["depts"]["市发展改革委"], deadline="2023-01-01")
    assert "答复时限不能早于交办日期 2023-03-10。" in _msgs(resp)
    it.refresh_from_db()
    assert it.state == "new"


def test_the_office_returns_a_reply(people, batch, client):
    c = client_for(client, people["office"])
    it = flow.item("101")
    flow.assign(c, it, people["depts"]["市发展改革委"])
    c.force_login(people["fgw"])
    flow.communicate(c, it)
    flow.reply(c, it)
    c.force_login(people["office"])
    c.post(f"/suggestions/{it.pk}/review/", {"decision": "return", "reason": "请补充资金安排。"})
    it.refresh_from_db()
    assert it.state == "handling" and it.replies.get().state == "returned"
    assert people["fgw"].notifications.filter(kind="returned").exists()


def test_a_signed_file_of_the_wrong_type_is_refused(people, batch, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for(client, people["office"])
    it = flow.item("101")
    flow.assign(c, it, people["depts"]["市发展改革委"])
    c.force_login(people["fgw"])
    flow.communicate(c, it)
    resp = c.post(f"/suggestions/{it.pk}/reply/", {"text": "答复", "result_class": "A", "submit": "1",
                                                   "signed_file": SimpleUploadedFile("x.pdf", b"MZ not a pdf")})
    assert "文件“x.pdf”的内容与扩展名 .pdf 不符。" in _msgs(resp)
    resp = flow.reply(c, it, file=False)
    assert "报审前请上传盖章的答复函。" in _msgs(resp)


def _sent(people, client, number="101"):
    c = client_for(client, people["office"])
    it = flow.item(number)
    flow.assign(c, it, people["depts"]["市发展改革委"], [people["depts"]["市民政局"]])
    c.force_login(people["fgw"])
    flow.communicate(c, it)
    flow.reply(c, it)
    c.force_login(people["office"])
    return it, flow.send(c, it)


def test_a_link_works_only_for_its_own_item(people, batch, client):
    it, link = _sent(people, client)
    other = flow.item("102")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    client.logout()
    assert client.get(f"/suggestions/feedback/{other.pk}/{token}/").status_code == 404
    assert client.get(f"/suggestions/feedback/{it.pk}/{token[:-1]}x/").status_code == 404
    assert client.get(link).status_code == 200


def test_an_expired_link_is_refused(people, batch, client):
    from django.utils import timezone

    it, link = _sent(people, client)
    it.replies.update(token_expires=timezone.now() - dt.timedelta(seconds=1))
    client.logout()
    resp = client.get(link)
    assert resp.status_code == 404 and "已过期" in resp.content.decode()


def test_a_new_link_replaces_the_old_one(people, batch, client):
    it, link = _sent(people, client)
    client.post(f"/suggestions/{it.pk}/link/")
    page = client.get(f"/suggestions/{it.pk}/").content.decode()
    assert "/suggestions/feedback/" in page
    client.logout()
    assert client.get(link).status_code == 404


def test_the_token_is_stored_only_as_a_hash(people, batch, client):
    it, link = _sent(people, client)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    reply = it.replies.get()
    assert token not in reply.token_hash and len(reply.token_hash) == 64
    assert "token_hash" not in [f.name for f in reply.history.model._meta.fields]


def test_reminders_for_due_overdue_and_missing_opinions(people, batch, client):
    from duban.web.suggestions.workflow import remind

    c = client_for(client, people["office"])
    it = flow.item("101")
    flow.assign(c, it, people["depts"]["市发展改革委"], [people["depts"]["市民政局"]])
    assert remind(dt.date(2023, 4, 5)) == 1  # the 会办 opinion is due 04-10
    assert people["mzj"].notifications.filter(kind="due_soon").count() == 1
    assert remind(dt.date(2023, 5, 20)) == 2  # reply due 06-10; the opinion is overdue
    assert remind(dt.date(2023, 5, 20)) == 0  # once only
    assert remind(dt.date(2023, 6, 11)) == 1
    assert people["fgw"].notifications.filter(kind="overdue").count() == 1


def test_status_follows_the_published_rubric(people, batch, client):
    from duban.web.suggestions.status import compute

    d = dt.date(2023, 6, 10)
    assert compute("new", None, d).status == "new"
    assert compute("handling", d, dt.date(2023, 3, 20)).status == "normal"
    assert compute("handling", d, dt.date(2023, 5, 20)).status == "blue"
    assert compute("handling", d, dt.date(2023, 6, 1)).status == "yellow"
    assert compute("review", d, dt.date(2023, 6, 1)).status == "blue"
    assert compute("handling", d, dt.date(2023, 6, 11)).status == "red"
    assert compute("sent", d, dt.date(2023, 6, 11)).status == "done"


def test_a_late_reply_is_counted_late(people, batch, client):
    c = client_for(client, people["office"])
    it = flow.item("101")
    flow.assign(c, it, people["depts"]["市发展改革委"])
    c.force_login(people["fgw"])
    flow.communicate(c, it)
    flow.reply(c, it)
    clock.set_as_of(dt.date(2023, 6, 12))
    c.force_login(people["office"])
    flow.send(c, it)
    assert it.replies.get().on_time is False


def test_the_daily_job_sends_the_reminders(people, batch, client):
    from duban.web.ledger.jobs import run_daily

    c = client_for(client, people["office"])
    flow.assign(c, flow.item("101"), people["depts"]["市发展改革委"])
    assert run_daily(dt.date(2023, 6, 11))["suggestion_reminders"] == 1
    assert people["fgw"].notifications.filter(kind="overdue").exists()


def _sent_with_class(people, client, result_class):
    c = client_for(client, people["office"])
    it = flow.item("101")
    flow.assign(c, it, people["depts"]["市发展改革委"], [people["depts"]["市民政局"]])
    c.force_login(people["fgw"])
    flow.communicate(c, it)
    flow.reply(c, it, result_class=result_class)
    c.force_login(people["office"])
    flow.send(c, it)
    return c, it


def test_a_b_reply_becomes_a_ledger_task(people, batch, client):
    c, it = _sent_with_class(people, client, "B")
    resp = c.post(f"/suggestions/{it.pk}/task/", {"title": "配建幼儿园承诺", "deadline": "2023-12-31"})
    it.refresh_from_db()
    task = it.ledger_task
    assert resp.status_code == 302 and resp["Location"] == f"/tasks/{task.pk}/"
    assert (task.title, task.lead_department.name, task.deadline.isoformat(), task.review) == (
        "配建幼儿园承诺", "市发展改革委", "2023-12-31", "active")
    assert [d.name for d in task.cooperating.all()] == ["市民政局"]
    assert task.report.title == "2023年建议提案办理承诺事项" and "经研究" in task.text
    # Linked once only; the unit cannot do it.
    resp = c.post(f"/suggestions/{it.pk}/task/", {"deadline": "2023-12-31"})
    assert resp.status_code == 302 and it.history.count() > 0
    c.force_login(people["fgw"])
    assert c.post(f"/suggestions/{it.pk}/task/", {"deadline": "2023-12-31"}).status_code == 403


def test_a_reply_is_linked_to_an_existing_task(people, batch, client):
    from duban.web.suggestions.workflow import _promise_report

    c, it = _sent_with_class(people, client, "B")
    from duban.web.ledger.models import Task

    existing = Task.objects.create(report=_promise_report(2023), title="已有任务", text="已有任务", review="active",
                                   start_date=dt.date(2023, 1, 1), deadline=dt.date(2023, 12, 31))
    c.post(f"/suggestions/{it.pk}/task/", {"task": existing.pk})
    it.refresh_from_db()
    assert it.ledger_task == existing and Task.objects.count() == 1


def test_only_b_replies_become_tasks(people, batch, client):
    c, it = _sent_with_class(people, client, "A")
    resp = c.post(f"/suggestions/{it.pk}/task/", {"deadline": "2023-12-31"})
    assert "只有答复为 B 类（正在解决或列入计划）的件可以转为台账任务。" in _msgs(resp)
    it.refresh_from_db()
    assert it.ledger_task is None
