"""The office's import page: upload → preview per row and cell → confirm, all or nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .conftest import ROWS, client_for, workbook

pytestmark = pytest.mark.django_db


def _upload(c, data, **options):
    return c.post("/suggestions/import/upload/", {"file": SimpleUploadedFile("list.xlsx", data), **options})


def test_upload_preview_confirm(people, client):
    from duban.web.suggestions.models import Batch, Item

    c = client_for(client, people["office"])
    resp = _upload(c, workbook(), name="2023年建议", months="2")
    assert resp.status_code == 302 and "/suggestions/import/" in resp["Location"]
    page = c.get(resp["Location"]).content.decode()
    assert "新增 3 件" in page and 'id="confirm-import"' in page and not Item.objects.exists()
    pending = resp["Location"].split("/")[-2]
    resp = c.post(f"/suggestions/import/{pending}/confirm/", {"name": "2023年建议", "months": "2"})
    assert resp.status_code == 302
    assert Item.objects.count() == 3 and Batch.objects.get().months == 2


def test_a_file_with_errors_shows_them_and_cannot_be_confirmed(people, client):
    from duban.web.ledger.models import UnknownDepartment
    from duban.web.suggestions.models import Item

    rows = [*ROWS, ["103", "建议", "关于某事的建议", "周代表", "", "", "", "市停车管理中心", "", "2023-03-10"]]
    c = client_for(client, people["office"])
    resp = _upload(c, workbook(rows))
    page = c.get(resp["Location"]).content.decode()
    assert "H6 主办单位：没有名为“市停车管理中心”的单位" in page and 'id="confirm-import"' not in page
    # Queued at upload, so the office can map it before importing.
    assert UnknownDepartment.objects.filter(name="市停车管理中心").exists()
    pending = resp["Location"].split("/")[-2]
    c.post(f"/suggestions/import/{pending}/confirm/", {})
    assert not Item.objects.exists()


def test_an_unusable_file_is_refused_at_upload(people, client):
    c = client_for(client, people["office"])
    resp = _upload(c, b"not a workbook")
    assert resp.status_code == 302 and resp["Location"].endswith("/suggestions/import/")
    page = c.get(resp["Location"]).content.decode()
    assert "不是 Excel 文件" in page


def test_someone_elses_pending_file_is_not_found(people, client):
    c = client_for(client, people["office"])
    resp = _upload(c, workbook())
    pending = resp["Location"].split("/")[-2]
    from django.contrib.auth.models import User

    from duban.web.accounts.roles import set_role

    other = User.objects.create_user("office2", password="x" * 12)
    set_role(other, "office")
    c.force_login(other)
    assert c.get(f"/suggestions/import/{pending}/").status_code == 404
    assert c.post(f"/suggestions/import/{pending}/confirm/").status_code == 404
