"""Who may do what: a unit sees only its items; a 会办单位 sees the item but cannot draft or send
the reply; an outsider, a user without a role and the anonymous are refused; hidden and missing
items answer the same 404."""

from __future__ import annotations

import pytest

from . import flow
from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(people, batch, client):
    c = client_for(client, people["office"])
    d = people["depts"]
    it = flow.item("101")
    flow.assign(c, it, d["市发展改革委"], [d["市民政局"]])
    flow.assign(c, flow.item("8"), d["市商务投资促进局"])
    c.logout()
    it.refresh_from_db()
    return it


def test_a_unit_sees_only_its_items(people, assigned, client):
    c = client_for(client, people["fgw"])
    page = c.get("/suggestions/").content.decode()
    assert "关于加快老旧小区改造的建议" in page and "关于发展夜间经济的提案" not in page
    # Not yet assigned: the unit named in the workbook does not see it before 交办.
    assert "关于增加公办幼儿园学位的建议" not in page
    other = flow.item("8")
    assert c.get(f"/suggestions/{other.pk}/").status_code == 404


def test_hidden_and_missing_answer_alike(people, assigned, client):
    c = client_for(client, people["slj"])
    hidden = c.get(f"/suggestions/{assigned.pk}/")
    missing = c.get("/suggestions/999999/")
    assert hidden.status_code == missing.status_code == 404
    def main(resp):
        return resp.content.decode().split("<main>")[1]

    assert main(hidden) == main(missing)


def test_the_co_unit_sees_the_item_but_cannot_reply_or_send(people, assigned, client):
    c = client_for(client, people["mzj"])
    page = c.get(f"/suggestions/{assigned.pk}/").content.decode()
    assert "opinion-form" in page and "reply-form" not in page and "review-form" not in page
    assert flow.reply(c, assigned).status_code == 403
    assert flow.communicate(c, assigned).status_code == 403
    assert c.post(f"/suggestions/{assigned.pk}/review/", {"decision": "send"}).status_code == 403
    assigned.refresh_from_db()
    assert assigned.state == "handling" and not assigned.replies.exists()


def test_the_lead_unit_cannot_send_its_own_reply(people, assigned, client):
    c = client_for(client, people["fgw"])
    flow.communicate(c, assigned)
    flow.reply(c, assigned)
    assert c.post(f"/suggestions/{assigned.pk}/review/", {"decision": "send"}).status_code == 403
    assert c.post(f"/suggestions/{assigned.pk}/assign/", {"lead": 1}).status_code == 403
    assert c.post(f"/suggestions/{assigned.pk}/opinion/", {"opinion": "x"}).status_code == 403
    assigned.refresh_from_db()
    assert assigned.state == "review"


@pytest.mark.parametrize("path", ["", "opinion/", "communicate/", "reply/", "review/", "assign/", "link/", "disclose/",
                                  "task/"])
def test_an_outsider_is_refused_every_step(people, assigned, client, path):
    c = client_for(client, people["slj"])
    resp = c.post(f"/suggestions/{assigned.pk}/{path}", {"decision": "send", "opinion": "x", "text": "x"}) if path \
        else c.get(f"/suggestions/{assigned.pk}/")
    assert resp.status_code in (403, 404)
    assigned.refresh_from_db()
    assert assigned.state == "handling" and not assigned.replies.exists()


def test_without_a_role_or_login(people, assigned, client):
    assert client.get("/suggestions/").status_code == 302  # to the login page
    c = client_for(client, people["norole"])
    assert c.get("/suggestions/").status_code == 403
    assert c.get(f"/suggestions/{assigned.pk}/").status_code == 403


def test_the_leader_reads_but_does_not_write(people, assigned, client):
    c = client_for(client, people["leader"])
    assert c.get(f"/suggestions/{assigned.pk}/").status_code == 200
    assert c.post(f"/suggestions/{assigned.pk}/assign/", {"lead": 1}).status_code == 403
    assert c.get(f"/suggestions/{flow.item('102').pk}/").status_code == 404  # not assigned yet


def test_only_the_office_imports(people, client):
    for who in ("fgw", "leader"):
        c = client_for(client, people[who])
        assert c.get("/suggestions/import/").status_code == 403


def test_the_signed_file_follows_the_item(people, assigned, client):
    c = client_for(client, people["fgw"])
    flow.communicate(c, assigned)
    flow.reply(c, assigned)
    reply = assigned.replies.get()
    assert c.get(f"/suggestions/replies/{reply.pk}/file/").status_code == 200
    c.force_login(people["mzj"])  # the co-unit sees the item, and so the letter
    assert c.get(f"/suggestions/replies/{reply.pk}/file/").status_code == 200
    c.force_login(people["slj"])
    assert c.get(f"/suggestions/replies/{reply.pk}/file/").status_code == 404
