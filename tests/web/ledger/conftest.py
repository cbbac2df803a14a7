"""Personas and a small ledger for the web tests.

People (as healthchecks' Alice/Bob/Charlie):
- ``office``   督查员, supervision office: everything
- ``leader``   领导: reads everything, writes nothing
- ``lead``     填报人 of 市发展改革委, the lead department of the tasks below
- ``coop``     填报人 of 市民政局, co-operating on the first task
- ``outsider`` 填报人 of 市水利局: no task of theirs
- ``norole``   a logged-in account without a role
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from duban.extract.readers import text_sha256

TEXT = (
    "一、2023年主要目标\n"
    "全年新建中小学12所，城镇新增就业4.5万人以上。\n"
    "推进数字政府建设，完善一网通办。\n"
    "附件1 民生实事\n"
    "1.新建公办幼儿园11所（牵头单位：市发改委）\n"
    "2.改造老旧小区（牵头单位：发展改革委、市民政局）\n"
    "3.建设智慧停车场（牵头单位：市停车管理中心）\n"
)


def _span(text: str, quote: str, after: int = 0) -> tuple[int, int]:
    start = text.index(quote, after)
    return start, start + len(quote)


def make_doc(text: str = TEXT, *, year: int | None = 2023) -> dict:
    """A duban.extract/1 document built by hand, so tests do not depend on extractor counts."""
    s1 = _span(text, "一、2023年主要目标")
    t1 = _span(text, "全年新建中小学12所，城镇新增就业4.5万人以上。")
    t2 = _span(text, "推进数字政府建设，完善一网通办。")
    g1 = _span(text, "新建中小学12所")
    g2 = _span(text, "城镇新增就业4.5万人以上")
    items = []
    for n, (body, lead) in enumerate([("新建公办幼儿园11所", "市发改委"), ("改造老旧小区", "发展改革委、市民政局"),
                                      ("建设智慧停车场", "市停车管理中心")], 1):
        start, end = _span(text, body)
        items.append({"list": "附件1 民生实事", "number": n, "text": body, "lead_department": lead, "start": start, "end": end})
    return {
        "schema": "duban.extract/1",
        "source": {"name": "test-report.txt", "sha256": text_sha256(text), "chars": len(text), "year": year},
        "sections": [{"id": "s1", "level": 1, "number": "一、", "title": "2023年主要目标", "start": s1[0], "end": len(text), "parent": None}],
        "tasks": [
            {"id": "t1", "section": "s1", "start": t1[0], "end": t1[1], "text": text[t1[0]:t1[1]]},
            {"id": "t2", "section": "s1", "start": t2[0], "end": t2[1], "text": text[t2[0]:t2[1]]},
        ],
        "targets": [
            {"id": "g1", "task": "t1", "start": g1[0], "end": g1[1], "quote": text[g1[0]:g1[1]], "metric": "新建中小学",
             "value": 12, "value_max": None, "unit": "所", "comparator": "=", "kind": "absolute", "deadline": "2023"},
            {"id": "g2", "task": "t1", "start": g2[0], "end": g2[1], "quote": text[g2[0]:g2[1]], "metric": "城镇新增就业",
             "value": 45000, "value_max": None, "unit": "人", "comparator": ">=", "kind": "absolute", "deadline": "2023"},
        ],
        "results": [],
        "list_items": items,
        "defects": [],
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness costs seconds per persona; the tests don't measure it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _audit_guards_around_flush(request):
    """Transactional tests end with a flush (DELETE/TRUNCATE of every table), which the
    append-only audit triggers refuse: lift them for the flush only, restore them for the test."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    if not (transactional or {"transactional_db", "live_server"} & set(request.fixturenames)):
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.db import connection

    from duban.web.audit import guards

    guards.install(connection)
    yield
    guards.remove(connection)


@pytest.fixture
def departments(db):
    from duban.web.ledger.departments import seed
    from duban.web.ledger.models import Department

    seed()
    return SimpleNamespace(
        fgw=Department.objects.get(name="市发展改革委"),
        mzj=Department.objects.get(name="市民政局"),
        slj=Department.objects.get(name="市水利局"),
    )


def _user(username, role=None, department=None):
    from django.contrib.auth import get_user_model

    from duban.web.accounts.roles import set_role

    user = get_user_model().objects.create_user(username, f"{username}@example.cn", "correct-horse-battery")
    if role:
        set_role(user, role, department)
    return user


@pytest.fixture
def people(departments):
    return SimpleNamespace(
        office=_user("office", "office"),
        leader=_user("leader", "leader"),
        lead=_user("lead", "reporter", departments.fgw),
        coop=_user("coop", "reporter", departments.mzj),
        outsider=_user("outsider", "reporter", departments.slj),
        norole=_user("norole"),
    )


@pytest.fixture
def imported(people):
    """The small report imported, still in review."""
    from duban.web.ledger.importer import import_document

    return import_document(make_doc(), TEXT, people.office)


@pytest.fixture
def ledger(people, imported, departments):
    """The small report confirmed; task ``t1`` (two targets) is led by 市发展改革委 with 市民政局
    co-operating and runs through 2023; ``stages`` is a task tracked by stages."""
    from duban.web.ledger.models import Report, Task
    from duban.web.ledger.workflow import assign_task, confirm_report

    report = Report.objects.get(pk=imported.report.pk)
    confirm_report(report, people.office, report.version)
    t1 = Task.objects.get(report=report, key="t1")
    assign_task(t1, people.office, t1.version, lead=departments.fgw, cooperating=[departments.mzj],
                deadline=dt.date(2023, 12, 31))
    t1.refresh_from_db()
    stages = Task.objects.get(report=report, key="t2")
    assign_task(stages, people.office, stages.version, lead=departments.fgw, cooperating=[], deadline=dt.date(2023, 12, 31))
    stages.refresh_from_db()
    return SimpleNamespace(report=report, t1=t1, stages=stages, people=people, departments=departments)


def client_for(user):
    from django.test import Client

    c = Client()
    if user is not None:
        c.force_login(user)
    return c
