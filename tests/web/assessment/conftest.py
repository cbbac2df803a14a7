"""A small 2023 ledger whose assessment is computed by hand in test_scoring.py.

The report is tests/fixtures/assessment/report_2023.txt, imported from a hand-made extraction
(so the numbers do not move with the extractor); report_2024.txt, the next year's report, is
imported through the real extractor where a test needs its review. Everything is written
through the ledger's workflow at dates set with ``clock.travel``; the ledger's date is
2023-04-10. Status histories are then replaced by the ones listed below, so the day counts
are known exactly.

| dept | task (deadline) | targets | filings (period: filed → decision) |
|---|---|---|---|
| A 市发展改革委 | t2 (03-31) | 地区生产总值增长6%左右, 城镇新增就业4.5万人以上 | 01: 01-20 → accept 01-21 (5.0, 20000); 02: 03-01 → return 03-02, refile 03-03 → accept 03-04 (6.2, 36000) |
| B 市教育和体育局 | t3 (06-30) | 新建中小学12所, 新增学位1.5万个 | 01: 01-24 → 01-25 (4, 5000); 02: 02-20 → 02-21 (8, 9000); 03: 03-25 → 03-27 (12, 13000) |
| C 市住房和城乡建设局 | t4 (12-31) | 改造老旧小区300个, 新增公共停车泊位2000个 | 02: 02-25 → 02-27 (parking 2100 only) |
| D 市民政局 | t5 (12-31) | 新建养老服务中心20处 | none |

Status changes: A's t2 yellow from 02-10, red from 03-20; B's t3 yellow 02-01, normal 02-21;
none for C and D (normal throughout). Adjustments: A −3, B +2.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from duban.extract.readers import text_sha256
from tests.web.ledger.conftest import _audit_guards_around_flush  # noqa: F401  (one definition, autouse)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "assessment"
TEXT_2023 = (FIXTURES / "report_2023.txt").read_text(encoding="utf-8")
PASSWORD = "correct-horse-battery-9"

# task id -> (task text, [(quote, metric, value, unit, comparator, kind)])
TASKS = {
    "t2": ("2023年经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业4.5万人以上。", [
        ("地区生产总值增长6%左右", "地区生产总值增长", 6.0, "%", "~", "growth"),
        ("城镇新增就业4.5万人以上", "城镇新增就业", 45000.0, "人", ">=", "absolute")]),
    "t3": ("新建中小学12所，新增学位1.5万个。", [
        ("新建中小学12所", "新建中小学", 12.0, "所", "=", "absolute"),
        ("新增学位1.5万个", "新增学位", 15000.0, "个", "=", "absolute")]),
    "t4": ("改造老旧小区300个，新增公共停车泊位2000个。", [
        ("改造老旧小区300个", "改造老旧小区", 300.0, "个", "=", "absolute"),
        ("新增公共停车泊位2000个", "新增公共停车泊位", 2000.0, "个", "=", "absolute")]),
    "t5": ("新建养老服务中心20处。", [("新建养老服务中心20处", "新建养老服务中心", 20.0, "处", "=", "absolute")]),
}


def hand_doc(text: str = TEXT_2023) -> dict:
    tasks, targets = [], []
    for key, (body, goals) in TASKS.items():
        start = text.index(body)
        tasks.append({"id": key, "section": "s2", "start": start, "end": start + len(body), "text": body})
        for n, (quote, metric, value, unit, comp, kind) in enumerate(goals):
            g = text.index(quote, start)
            targets.append({"id": f"{key}g{n}", "task": key, "start": g, "end": g + len(quote), "quote": quote, "metric": metric,
                            "value": value, "value_max": None, "unit": unit, "comparator": comp, "kind": kind,
                            "deadline": "2023"})
    s2 = text.index("二、2023年")
    return {"schema": "duban.extract/1",
            "source": {"name": "report_2023.txt", "sha256": text_sha256(text), "chars": len(text), "year": 2023},
            "sections": [{"id": "s2", "level": 1, "number": "二、", "title": "2023年主要目标和重点工作", "start": s2,
                          "end": len(text), "parent": None}],
            "tasks": tasks, "targets": targets, "results": [], "list_items": [], "defects": []}


def _user(username, role=None, department=None):
    from django.contrib.auth import get_user_model

    from duban.web.accounts.roles import set_role

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    if role:
        set_role(user, role, department)
    return user


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.ASSESSMENT_RUBRIC_FILE = FIXTURES / "rubric_hand.yaml"
    settings.LEDGER_REPORT_DUE_DAY = 25




def _at(month: int, day: int, hour: int = 12) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime(2023, month, day, hour, 0))


@pytest.fixture
def world(db):
    from duban.web.assessment.services import add_adjustment
    from duban.web.ledger import clock
    from duban.web.ledger.departments import seed
    from duban.web.ledger.importer import import_document
    from duban.web.ledger.models import Department, Report, StatusChange, Task
    from duban.web.ledger.workflow import (
        assign_task,
        confirm_report,
        file_progress,
        refile_progress,
        report_types,
        verify_progress,
    )

    seed()
    d = SimpleNamespace(**{k: Department.objects.get(name=n) for k, n in
                           (("a", "市发展改革委"), ("b", "市教育和体育局"), ("c", "市住房和城乡建设局"), ("d", "市民政局"),
                            ("x", "市水利局"))})
    p = SimpleNamespace(office=_user("office", "office"), leader=_user("leader", "leader"),
                        rep_a=_user("rep_a", "reporter", d.a), rep_b=_user("rep_b", "reporter", d.b),
                        rep_c=_user("rep_c", "reporter", d.c), rep_x=_user("rep_x", "reporter", d.x), norole=_user("norole"))
    clock.set_as_of(dt.date(2023, 4, 10))
    kind = report_types()[0]
    with clock.travel(_at(1, 2)):
        report = import_document(hand_doc(), TEXT_2023, p.office).report
        report = Report.objects.get(pk=report.pk)
        confirm_report(report, p.office, report.version)
        tasks = {t.key: t for t in Task.objects.filter(report=report)}
        for key, dept, deadline in (("t2", d.a, dt.date(2023, 3, 31)), ("t3", d.b, dt.date(2023, 6, 30)),
                                    ("t4", d.c, dt.date(2023, 12, 31)), ("t5", d.d, dt.date(2023, 12, 31))):
            t = Task.objects.get(pk=tasks[key].pk)
            assign_task(t, p.office, t.version, lead=dept, cooperating=[], deadline=deadline)
    tasks = {t.key: t for t in Task.objects.filter(report=report).prefetch_related("targets")}
    g = {key: list(t.targets.order_by("start")) for key, t in tasks.items()}

    def file(user, dept, key, period, when, figures):
        with clock.travel(when):
            return file_progress(tasks[key], user, department=dept, report_type=kind, period=period,
                                 narrative=f"{period} 进展", figures={g[key][i].pk: v for i, v in figures.items()})

    def decide(progress, when, accept=True, reason=""):
        progress.refresh_from_db()
        with clock.travel(when):
            verify_progress(progress, p.office, progress.version, accept=accept, reason=reason)

    # A: January on time and accepted; February late, returned, refiled, accepted; March missing.
    decide(file(p.rep_a, d.a, "t2", "2023-01", _at(1, 20), {0: 5.0, 1: 20000}), _at(1, 21))
    feb = file(p.rep_a, d.a, "t2", "2023-02", _at(3, 1), {0: 6.2, 1: 36000})
    decide(feb, _at(3, 2), accept=False, reason="就业人数口径有误")
    feb.refresh_from_db()
    with clock.travel(_at(3, 3)):
        refile_progress(feb, p.rep_a, feb.version, narrative="已按口径更正", figures={g["t2"][0].pk: 6.2, g["t2"][1].pk: 36000})
    decide(feb, _at(3, 4))
    # B: every month on time (the due day itself counts), all accepted.
    decide(file(p.rep_b, d.b, "t3", "2023-01", _at(1, 24), {0: 4, 1: 5000}), _at(1, 25))
    decide(file(p.rep_b, d.b, "t3", "2023-02", _at(2, 20), {0: 8, 1: 9000}), _at(2, 21))
    decide(file(p.rep_b, d.b, "t3", "2023-03", _at(3, 25), {0: 12, 1: 13000}), _at(3, 27))
    # C: February only, parking only.
    decide(file(p.rep_c, d.c, "t4", "2023-02", _at(2, 25), {1: 2100}), _at(2, 27))
    # The status histories the test counts days over.
    StatusChange.objects.filter(task__report=report).delete()
    for key, changes in (("t2", [((2, 10), "normal", "yellow"), ((3, 20), "yellow", "red")]),
                         ("t3", [((2, 1), "normal", "yellow"), ((2, 21), "yellow", "normal")])):
        for (month, day), old, new in changes:
            StatusChange.objects.create(task=tasks[key], old=old, new=new, reason="test", at=_at(month, day))
    add_adjustment(p.office, year=2023, department=d.a, points="-3", reason="督查发现台账数据不实")
    add_adjustment(p.office, year=2023, department=d.b, points="2", reason="获省级表彰")
    yield SimpleNamespace(report=report, tasks=tasks, targets=g, depts=d, people=p)
    clock.set_as_of(None)


def import_2024(user):
    """The next year's report, read by the real extractor."""
    from duban.web.ledger.importer import import_file

    return import_file(FIXTURES / "report_2024.txt", user, year=2024).report


def client_for(user):
    from django.test import Client

    c = Client()
    if user is not None:
        c.force_login(user)
    return c
