"""Personas and workbooks for the 建议提案办理 tests.

People: ``office`` (督查室), ``leader``, ``fgw`` (填报人 of 市发展改革委, the 主办单位 of most items),
``mzj`` (市民政局: 会办单位 of the first item), ``slj`` (市水利局: an outsider), ``norole``.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest

from tests.web.views.conftest import _audit_guards_around_flush  # noqa: F401  (the browser test's flush)

PASSWORD = "correct-horse-battery-9"
HEADERS = ["编号", "类型", "标题", "领衔人", "附议人", "类别", "内容", "主办单位", "会办单位", "交办日期"]
ROWS = [
    ["101", "建议", "关于加快老旧小区改造的建议", "张代表", "李代表、王代表", "城建", "建议加快改造进度。", "市发改委", "市民政局",
     dt.date(2023, 3, 10)],
    ["102", "建议", "关于增加公办幼儿园学位的建议", "赵代表", "", "教育", "建议新建幼儿园。", "市发展改革委", "", "2023-03-10"],
    ["8", "提案", "关于发展夜间经济的提案", "钱委员", "孙委员", "经济", "建议打造夜间消费街区。", "发展改革委",
     "市商务局、市民政局", "2023年3月12日"],
]


def workbook(rows=ROWS, headers=HEADERS, *, title: str | None = "2023年市人大代表建议交办清单") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(username, role, department=None):
    from django.contrib.auth.models import User

    from duban.web.accounts.roles import set_role

    user = User.objects.create_user(username, password=PASSWORD)
    if role:
        set_role(user, role, department)
    return user


@pytest.fixture
def people(db):
    from duban.web.ledger import clock, departments
    from duban.web.ledger.models import Department

    departments.seed()
    clock.set_as_of(dt.date(2023, 4, 1))
    d = {n: Department.objects.get(name=n) for n in ("市发展改革委", "市民政局", "市水利局", "市商务投资促进局")}
    out = {"office": _user("office", "office"), "leader": _user("leader", "leader"),
           "fgw": _user("fgw", "reporter", d["市发展改革委"]), "mzj": _user("mzj", "reporter", d["市民政局"]),
           "slj": _user("slj", "reporter", d["市水利局"]), "norole": _user("norole", None), "depts": d}
    yield out
    clock.forget()


@pytest.fixture
def batch(people):
    """The three items of :data:`ROWS`, imported."""
    from duban.web.suggestions.importer import import_bytes

    done = import_bytes(workbook(), people["office"], name="2023年建议", year=2023)
    assert done.created == 3
    return done.batch


def client_for(client, user):
    client.force_login(user)
    return client
