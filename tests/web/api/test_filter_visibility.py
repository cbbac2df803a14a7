"""Chapter, report and department filters accept only what the user may see, on the ledger
table, the task list and the API; a hidden value is answered like one that names nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from duban.web.accounts.models import ApiToken
from duban.web.ledger.importer import import_document
from duban.web.ledger.models import Section

from .conftest import TEXT, client_for, make_doc

pytestmark = pytest.mark.django_db
ROLES = ["office", "leader", "lead", "coop", "outsider"]
HIDDEN = "未公开的章节标题"


@pytest.fixture
def world(ledger):
    """A second report still in review: its chapter title must reach nobody but the office."""
    text = TEXT + "补充。\n"
    pending = import_document(make_doc(text), text, ledger.people.office).report
    Section.objects.filter(report=pending).update(title=HIDDEN)
    ledger.pending = pending
    ledger.chapter = Section.objects.get(report=ledger.report, parent__isnull=True)
    ledger.pending_chapter = Section.objects.get(report=pending)
    return ledger


# What each role may name: (chapters, reports, departments) as attribute names on the world.
VISIBLE = {
    "office": ({"chapter", "pending_chapter"}, {"report", "pending"}, {"fgw", "mzj", "slj"}),
    "leader": ({"chapter"}, {"report"}, {"fgw", "mzj", "slj"}),
    "lead": ({"chapter"}, {"report"}, {"fgw", "mzj"}),
    "coop": ({"chapter"}, {"report"}, {"fgw", "mzj"}),
    "outsider": (set(), set(), {"slj"}),
}


def _user(world, role):
    return getattr(world.people, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["chapter", "pending_chapter"])
def test_chapter_filter_on_the_table(world, role, which):
    section = getattr(world, which)
    html = client_for(_user(world, role)).get(f"/tasks/?chapter={section.pk}").content.decode()
    missing = client_for(_user(world, role)).get("/tasks/?chapter=999999").content.decode()
    if which in VISIBLE[role][0]:
        assert f"章节：{section.number}{section.title}" in html
    else:
        assert f"章节：{section.number}{section.title}" not in html
        assert "没有这个章节，或您无权查看" in html and "没有这个章节，或您无权查看" in missing
    if role != "office":
        assert HIDDEN not in html


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["report", "pending"])
def test_report_filter_on_the_table(world, role, which):
    report = getattr(world, which)
    html = client_for(_user(world, role)).get(f"/tasks/?report={report.pk}").content.decode()
    if which in VISIBLE[role][1]:
        assert f"报告：{report.title}" in html
    else:
        assert f"报告：{report.title}" not in html and "没有这个报告，或您无权查看" in html


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["fgw", "mzj", "slj"])
def test_department_filter_on_the_table_and_the_task_list(world, role, which):
    dept = getattr(world.departments, which)
    client = client_for(_user(world, role))
    html = client.get(f"/tasks/?dept={dept.pk}").content.decode()
    listed = client.get(f"/tasks/?department={dept.pk}").content.decode()
    if which in VISIBLE[role][2]:
        assert f"单位：{dept.name}" in html
        assert f'value="{dept.pk}" selected' in listed
    else:
        assert f"单位：{dept.name}" not in html and "没有这个单位，或您无权查看" in html
        assert f'value="{dept.pk}"' not in listed and dept.name not in listed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("param", "attr", "index"), [("chapter", "pending_chapter", 0), ("report", "pending", 1),
                                                      ("chapter", "chapter", 0), ("report", "report", 1)])
def test_api_filters(world, role, param, attr, index):
    headers = {"Authorization": "Bearer " + ApiToken.issue(_user(world, role), "t")[1]}
    value = getattr(world, attr).pk
    r = Client().get(f"/api/tasks?{param}={value}", headers=headers)
    missing = Client().get(f"/api/tasks?{param}=999999", headers=headers)
    if attr in VISIBLE[role][index]:
        assert r.status_code == 200
    else:
        assert r.status_code == 400 and r.json() == missing.json()


@pytest.mark.parametrize("role", ROLES)
def test_api_department_filter_and_list(world, role):
    headers = {"Authorization": "Bearer " + ApiToken.issue(_user(world, role), "t")[1]}
    names = {d["name"] for d in Client().get("/api/departments", headers=headers).json()["items"]}
    assert names == {getattr(world.departments, k).name for k in VISIBLE[role][2]} | (
        names - {"市发展改革委", "市民政局", "市水利局"} if role in ("office", "leader") else set())
    for key in ("fgw", "mzj", "slj"):
        dept = getattr(world.departments, key)
        r = Client().get(f"/api/tasks?dept={dept.pk}", headers=headers)
        assert r.status_code == (200 if key in VISIBLE[role][2] else 400)
