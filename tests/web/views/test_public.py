"""The public page, its feed and CSV: no login, only published data, nothing internal."""

from __future__ import annotations

import csv
import io
import re

import pytest

pytestmark = pytest.mark.django_db

SECRET_NARRATIVE = "内部：张科长说资金未到位"
SECRET_REASON = "数据与佐证不符，请张三重新核对"


@pytest.fixture
def verified_and_returned(world):
    """A verified report with a figure, a returned one, evidence: the internal parts carry markers."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from duban.web.ledger.evidence import attach
    from duban.web.ledger.workflow import file_progress, report_types, verify_progress

    rtype = report_types()[0]
    heating, schools = world["heating"], world["schools"]
    target = heating.targets.get()
    pr = file_progress(heating, world["rep_a"], department=world["dev"], report_type=rtype, period="2023-05",
                       narrative=SECRET_NARRATIVE, figures={target.pk: 8})
    verify_progress(pr, world["office"], pr.version, accept=True)
    pr2 = file_progress(heating, world["rep_a"], department=world["dev"], report_type=rtype, period="2023-06",
                        narrative=SECRET_NARRATIVE, figures={target.pk: 15})
    attach(pr2, SimpleUploadedFile("secret-evidence.pdf", b"%PDF-1.4 evidence"), world["rep_a"])
    pr3 = file_progress(schools, world["rep_b"], department=world["edu"], report_type=rtype, period="2023-06",
                        narrative=SECRET_NARRATIVE, figures={schools.targets.get().pk: 99})
    pr3.refresh_from_db()
    verify_progress(pr3, world["office"], pr3.version, accept=False, reason=SECRET_REASON)
    return world


def _assert_nothing_internal(text: str, world):
    for secret in (SECRET_NARRATIVE, SECRET_REASON, "secret-evidence", "rep_a", "rep_b", "office", "城镇新增就业4.5万人"):
        assert secret not in text, secret


def test_it_needs_no_login_and_shows_only_published(client, verified_and_returned):
    resp = client.get("/public/")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "完成南部城区供热工程" in html and "新建中小学12所" in html
    assert "最新核实：8公里（2023-05）" in html  # the verified figure, not the unverified 15
    _assert_nothing_internal(html, verified_and_returned)


def test_task_page_shows_history_and_nothing_internal(client, verified_and_returned):
    w = verified_and_returned
    html = client.get(f"/public/tasks/{w['heating'].pk}/").content.decode()
    assert "2023-05：8公里" in html
    assert "已逾期" in html  # status change with its reason
    _assert_nothing_internal(html, w)
    schools = client.get(f"/public/tasks/{w['schools'].pk}/").content.decode()
    # the returned figure never appears (as the page writes figures: 99所); a bare "99" could be
    # part of a timestamp
    assert not re.search(r"(?<![\d.])99(?:\.0+)?\s*所", schools)
    assert "99</td>" not in schools
    _assert_nothing_internal(schools, w)


def test_unpublished_task_is_not_found(client, world):
    assert client.get(f"/public/tasks/{world['jobs'].pk}/").status_code == 404


def test_feed_is_atom_with_verified_updates(client, verified_and_returned):
    resp = client.get("/public/feed.atom")
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/atom+xml")
    xml = resp.content.decode()
    assert "<feed" in xml and "2023-05 进度已核实" in xml and "新建供热管网 8公里" in xml
    _assert_nothing_internal(xml, verified_and_returned)


def test_csv_has_published_rows_and_escapes_formulas(client, verified_and_returned):
    w = verified_and_returned
    w["schools"].title = "=1+2"
    w["schools"].save()
    resp = client.get("/public/data.csv")
    assert resp["Content-Type"].startswith("text/csv")
    body = resp.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "编号"
    titles = {r[2] for r in rows[1:]}
    assert "完成南部城区供热工程" in titles and "'=1+2" in titles
    heating = next(r for r in rows if r[2] == "完成南部城区供热工程")
    assert heating[11] == "8" and heating[12] == "2023-05"
    _assert_nothing_internal(body, w)


def test_language_switch_to_english(client, world):
    resp = client.post("/public/language/", {"language": "en", "next": "/public/"})
    assert resp.status_code == 302
    html = client.get("/public/").content.decode()
    assert "Download data (CSV)" in html


def test_chinese_first_whatever_the_browser_says(client, world):
    html = client.get("/public/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "下载数据（CSV）" in html


def test_publishing_the_report_publishes_its_tasks(client, world):
    jobs = world["jobs"]
    assert "城镇新增就业4.5万人" not in client.get("/public/").content.decode()
    world["report"].published = True
    world["report"].save()
    assert "城镇新增就业4.5万人" in client.get("/public/").content.decode()
    assert client.get(f"/public/tasks/{jobs.pk}/").status_code == 200
