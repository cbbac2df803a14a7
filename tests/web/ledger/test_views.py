"""Page behaviour not covered by the flow test: error messages, conflicts, queues, rubric."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from duban.web.ledger.models import Task, UnknownDepartment

from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("upload", "message"),
    [(SimpleUploadedFile("empty.txt", b""), "空"), (SimpleUploadedFile("noise.bin", bytes(range(256)) * 40), "")],
    ids=["empty", "binary"],
)
def test_the_import_page_explains_a_refused_file(people, upload, message):
    r = client_for(people.office).post("/reports/import", {"file": upload, "year": "2023"})
    assert r.status_code == 400 and 'class="errorlist' in r.content.decode()
    assert message in r.content.decode()


def test_a_stale_task_edit_shows_a_conflict(ledger):
    client = client_for(ledger.people.office)
    form = {"version": ledger.t1.version, "title": "新标题", "deadline": "2023-11-30", "lead": ledger.departments.fgw.pk}
    assert client.post(f"/tasks/{ledger.t1.pk}/edit", form).status_code == 302
    r = client.post(f"/tasks/{ledger.t1.pk}/edit", form | {"title": "另一个标题"})
    assert r.status_code == 409 and "保存冲突" in r.content.decode() and "office" in r.content.decode()
    assert Task.objects.get(pk=ledger.t1.pk).title == "新标题"


def test_the_stages_form_names_the_bad_line(ledger):
    r = client_for(ledger.people.office).post(f"/tasks/{ledger.stages.pk}/stages",
                                              {"version": ledger.stages.version, "stages": "方案 | 1\n建设 | 三"})
    assert r.status_code == 400 and "第 2 行" in r.content.decode()


def test_the_office_maps_a_queued_department_name(ledger):
    unknown = UnknownDepartment.objects.get(name="市停车管理中心")
    r = client_for(ledger.people.office).post(f"/departments/queue/{unknown.pk}", {"new_name": "市停车管理中心"})
    assert r.status_code == 302
    task = Task.objects.get(report=ledger.report, list_number="3")
    assert task.lead_department.name == "市停车管理中心"
    assert "没有待归并的名称" in client_for(ledger.people.office).get("/departments/").content.decode()


def test_the_rubric_shows_the_configured_thresholds(client, settings):
    settings.LEDGER_STATUS_RULES = {"blue_days": 45, "yellow_gap": 12, "red_gap": 33}
    page = client.get("/rubric/").content.decode()
    assert "45 天" in page and "12 个百分点" in page and "33 个百分点" in page


def test_the_review_page_highlights_targets_and_lists_items(imported, people):
    page = client_for(people.office).get(f"/reports/{imported.report.pk}/").content.decode()
    assert page.count('<mark class="target"') == 2 and "待归并" in page and "确认入账" in page


def test_a_reporter_sees_the_file_button_only_on_own_tasks(ledger):
    page = client_for(ledger.people.lead).get(f"/tasks/{ledger.t1.pk}/").content.decode()
    assert 'id="file-report"' in page
    page = client_for(ledger.people.leader).get(f"/tasks/{ledger.t1.pk}/").content.decode()
    assert 'id="file-report"' not in page and "分派/修改" not in page


def test_a_user_without_role_is_told_so(people):
    r = client_for(people.norole).get("/")
    assert r.status_code == 403 and "尚未分配角色" in r.content.decode()


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.content == b"ok"
