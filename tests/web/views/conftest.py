"""Personas and a small ledger for the issue-6 views (dashboard, Excel, briefing, public, search).

Personas, as in healthchecks' tests: 督查员 office, 领导 leader, 发改委填报人 rep_a
(lead department of the heating and employment tasks), 教育局填报人 rep_b.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.web.ledger.conftest import _audit_guards_around_flush  # noqa: F401  (one definition, autouse)

PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def _private_dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.AXES_ENABLED = False
    settings.BRIEFING_INLINE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(username, role, department=None):
    from django.contrib.auth.models import User

    from duban.web.accounts.roles import set_role

    user = User.objects.create_user(username, password=PASSWORD)
    set_role(user, role, department)
    return user


@pytest.fixture
def world(db):
    """Two departments, four personas, one confirmed report with three tasks.

    Dates are fixed relative to 2023 (the sample's year); statuses are computed
    for 2023-06-30 so that the heating task is red, schools yellow, jobs normal.
    """
    from django.utils import timezone

    from duban.web.ledger.models import Department, Report, StatusChange, Target, Task
    from duban.web.ledger.services import refresh_status

    dev = Department.objects.create(name="市发展改革委")
    edu = Department.objects.create(name="市教育局")
    office = _user("office", "office")
    leader = _user("leader", "leader")
    rep_a = _user("rep_a", "reporter", dev)
    rep_b = _user("rep_b", "reporter", edu)
    text = "二、民生实事\n完成南部城区供热工程，新建供热管网20公里。新建中小学12所。城镇新增就业4.5万人。"
    report = Report.objects.create(
        title="2023年政府工作报告", year=2023, source_name="t.txt", sha256="0" * 64, text=text, extraction={},
        state=Report.State.CONFIRMED, confirmed_at=timezone.make_aware(dt.datetime(2023, 2, 1)),
    )
    start, end = dt.date(2023, 1, 1), dt.date(2023, 12, 31)

    def task(title, dept, t_text, published, targets, list_name="民生实事", deadline=end, begin=start):
        s = text.index(t_text)
        t = Task.objects.create(
            report=report, title=title, text=t_text, start=s, end=s + len(t_text), review=Task.Review.ACTIVE,
            lead_department=dept, start_date=begin, deadline=deadline, published=published, list_name=list_name,
        )
        for metric, quote, value, unit in targets:
            q = text.index(quote)
            Target.objects.create(task=t, quote=quote, start=q, end=q + len(quote), metric=metric, value=value, unit=unit)
        return t

    heating = task("完成南部城区供热工程", dev, "完成南部城区供热工程，新建供热管网20公里。", True,
                   [("新建供热管网", "新建供热管网20公里", 20, "公里")], deadline=dt.date(2023, 6, 1))
    # Begun 2023-06-01: 13.6 % expected by 06-30 and nothing verified -> yellow.
    schools = task("新建中小学12所", edu, "新建中小学12所。", True, [("新建中小学", "新建中小学12所", 12, "所")],
                   begin=dt.date(2023, 6, 1))
    # Begun 2023-06-20: 5 % expected -> normal.
    jobs = task("城镇新增就业4.5万人", dev, "城镇新增就业4.5万人。", False,
                [("城镇新增就业", "城镇新增就业4.5万人", 45000, "人")], list_name="", begin=dt.date(2023, 6, 20))
    schools.cooperating.add(dev)
    for t in (heating, schools, jobs):
        refresh_status(t, today=dt.date(2023, 6, 30))
    # The flips happened "on" 2023-06-30, the day the statuses were computed for.
    StatusChange.objects.update(at=timezone.make_aware(dt.datetime(2023, 6, 30, 12)))
    from duban.web.search.index import rebuild

    rebuild()
    return {
        "dev": dev, "edu": edu, "office": office, "leader": leader, "rep_a": rep_a, "rep_b": rep_b,
        "report": report, "heating": heating, "schools": schools, "jobs": jobs,
    }


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


