"""The operations integrations start with: import a report, departments, the summary, filtered tasks;
and ``duban token`` for the scripts that call them."""

from __future__ import annotations

import pytest
from django.test import Client

from duban.web.accounts.models import ApiToken
from duban.web.ledger.models import Report

from .conftest import TEXT

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"Authorization": "Bearer " + ApiToken.issue(user, "t")[1]}


def test_post_reports_imports_a_file_and_returns_its_review_url(people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("2023年政府工作报告.txt", TEXT.encode("utf-8"), content_type="text/plain")
    r = Client().post("/api/reports", {"file": upload, "year": "2023"}, headers=bearer(people.office))
    assert r.status_code == 201, r.content
    body = r.json()
    report = Report.objects.get(pk=body["id"])
    assert body["review_url"] == f"/reports/{report.pk}/" and body["created"] and body["tasks"] == report.tasks.count()
    assert report.state == "review"
    again = Client().post("/api/reports", {"file": SimpleUploadedFile("a.txt", TEXT.encode())}, headers=bearer(people.office))
    assert again.status_code == 200 and again.json()["id"] == report.pk and not again.json()["created"]


@pytest.mark.parametrize(("name", "content", "fields", "message"), [
    ("x.txt", b"", {}, "空文件"),
    ("x.txt", "报告".encode(), {"year": "1800"}, "年份"),
    ("x.exe", b"MZ\x90\x00", {}, ""),
])
def test_post_reports_refuses_what_the_page_refuses(people, name, content, fields, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = Client().post("/api/reports", {"file": SimpleUploadedFile(name, content), **fields}, headers=bearer(people.office))
    assert r.status_code == 400, r.content
    assert message in r.json()["detail"]
    assert not Report.objects.exists()


def test_summary_counts_what_the_dashboard_counts(ledger):
    for role, total in (("office", 5), ("lead", 4), ("outsider", 0)):
        s = Client().get("/api/summary", headers=bearer(getattr(ledger.people, role))).json()
        assert s["total"] == total == sum(s["counts"].values()), role
        assert sum(d["total"] for d in s["departments"]) == total
        assert sum(c["total"] for c in s["chapters"]) == total


def test_task_list_takes_the_tables_filters(ledger):
    h = bearer(ledger.people.office)
    all_ids = {t["id"] for t in Client().get("/api/tasks", headers=h).json()["items"]}
    by_dept = Client().get(f"/api/tasks?dept={ledger.departments.mzj.pk}", headers=h).json()
    assert {t["id"] for t in by_dept["items"]} < all_ids and ledger.t1.pk in {t["id"] for t in by_dept["items"]}
    unassigned = Client().get("/api/tasks?dept=none", headers=h).json()["items"]
    assert all(t["lead_department"] is None for t in unassigned)
    red = Client().get("/api/tasks?status=red&sort=deadline", headers=h).json()["items"]
    assert all(t["status"] == "red" for t in red)
    by_name = Client().get("/api/tasks?department=市发展改革委", headers=h).json()["items"]
    assert {t["id"] for t in by_name} >= {ledger.t1.pk, ledger.stages.pk}
    assert Client().get("/api/tasks?due_from=2023-13-01", headers=h).status_code == 400


def test_token_create_and_revoke_from_the_command_line(people, capsys, transactional_db):
    from duban.cli import main

    assert main(["token", "create", "lead", "--name", "报送脚本"]) == 0
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("dbn_")
    assert Client().get("/api/tasks", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    assert main(["token", "list", "lead"]) == 0
    assert "报送脚本" in capsys.readouterr().out
    assert main(["token", "revoke", raw[4:12]]) == 0
    assert Client().get("/api/tasks", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert main(["token", "create", "norole"]) == 2
    assert "no role" in capsys.readouterr().err
    assert main(["token", "revoke", "nothing1"]) == 2
