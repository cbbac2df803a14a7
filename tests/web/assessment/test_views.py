"""Pages and who may see them: ranking for every role, a department's detail for the office,
leaders and that department only, export for office and leaders, adjusting, closing and the
review check for the office; anonymous users go to the login page, users without a role get 403."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _detail(world, dept):
    return f"/assessment/2023/departments/{dept.pk}/"


@pytest.mark.parametrize("who, status", [("office", 200), ("leader", 200), ("rep_a", 200), ("rep_x", 200), ("norole", 403)])
def test_ranking_for_every_role(world, who, status):
    page = client_for(getattr(world.people, who)).get("/assessment/?year=2023")
    assert page.status_code == status
    if status == 200:
        body = page.content.decode()
        assert body.index("市教育和体育局") < body.index("市发展改革委") < body.index("市民政局")
        assert "92.72" in body and "67.15" in body


def test_anonymous_goes_to_login(world):
    for url in ("/assessment/?year=2023", _detail(world, world.depts.a), "/assessment/2023/export.xlsx",
                "/assessment/2023/review/"):
        page = client_for(None).get(url)
        assert page.status_code == 302 and "/accounts/login" in page["Location"]


@pytest.mark.parametrize("who, own, other", [
    ("office", 200, 200), ("leader", 200, 200), ("rep_a", 200, 404), ("rep_x", 404, 404), ("norole", 403, 403)])
def test_detail_only_for_own_department(world, who, own, other):
    c = client_for(getattr(world.people, who))
    assert c.get(_detail(world, world.depts.a)).status_code == own
    assert c.get(_detail(world, world.depts.b)).status_code == other


def test_reporter_ranking_links_only_own_detail(world):
    body = client_for(world.people.rep_a).get("/assessment/?year=2023").content.decode()
    assert _detail(world, world.depts.a) in body and _detail(world, world.depts.b) not in body
    assert "/assessment/2023/export.xlsx" not in body


def test_detail_explains_the_score(world):
    body = client_for(world.people.rep_a).get(_detail(world, world.depts.a)).content.decode()
    assert "67.15" in body and "就业人数口径有误" in body and "督查发现台账数据不实" in body
    assert f"/tasks/{world.tasks['t2'].pk}/" in body
    assert "2023-03" in body  # the missing March report is listed


@pytest.mark.parametrize("who, status", [("office", 200), ("leader", 200), ("rep_a", 403), ("norole", 403)])
def test_export(world, who, status):
    page = client_for(getattr(world.people, who)).get("/assessment/2023/export.xlsx")
    assert page.status_code == status
    if status == 200:
        ws = load_workbook(io.BytesIO(page.content)).active
        ranks = {r[0]: r[-2] for r in ws.iter_rows(min_row=3, values_only=True)}
        assert ranks == {"市教育和体育局": 1, "市发展改革委": 2, "市住房和城乡建设局": 3, "市民政局": 4}


@pytest.mark.parametrize("who, status", [("leader", 403), ("rep_a", 403), ("norole", 403)])
def test_only_the_office_adjusts_closes_and_reviews(world, who, status):
    c = client_for(getattr(world.people, who))
    url = f"/assessment/2023/departments/{world.depts.a.pk}/adjust"
    assert c.post(url, {"points": "5", "reason": "自己加分"}).status_code == status
    assert c.post("/assessment/2023/close").status_code == status
    assert c.get("/assessment/2023/review/").status_code == status
    from duban.web.assessment.models import Adjustment, ClosedYear

    assert not Adjustment.objects.filter(reason="自己加分").exists() and not ClosedYear.objects.exists()


def test_office_adjusts_with_reason(world):
    from duban.web.assessment.models import Adjustment

    c = client_for(world.people.office)
    url = f"/assessment/2023/departments/{world.depts.c.pk}/adjust"
    page = c.post(url, {"points": "1.5", "reason": ""}, follow=True)
    assert "加减分必须填写理由" in page.content.decode()
    assert not Adjustment.objects.filter(department=world.depts.c).exists()
    c.post(url, {"points": "1.5", "reason": "主动公开台账"})
    body = c.get(_detail(world, world.depts.c)).content.decode()
    assert "主动公开台账" in body and "63.17" in body  # 61.67 + 1.5


def test_office_closes_the_year(world):
    c = client_for(world.people.office)
    page = c.post("/assessment/2023/close", {"version": "test.1"}, follow=True)
    assert "关账" in page.content.decode()
    again = c.post("/assessment/2023/close", {"version": "test.1"}, follow=True)
    assert "改变细则须新建版本" in again.content.decode()


def test_bad_year_is_not_found(world):
    c = client_for(world.people.office)
    assert c.get("/assessment/?year=abc").status_code == 404
    assert c.get("/assessment/?year=2024").status_code == 404
    assert c.get("/assessment/2023/departments/999999/").status_code == 404


def test_english(world):
    c = client_for(world.people.office)
    c.cookies["django_language"] = "en"
    body = c.get(_detail(world, world.depts.a)).content.decode()
    assert "Target completion" in body and "Reports on time" in body


def test_refusals_in_english(world):
    c = client_for(world.people.office)
    c.cookies["django_language"] = "en"
    page = c.post(f"/assessment/2023/departments/{world.depts.c.pk}/adjust", {"points": "2", "reason": " "}, follow=True)
    assert "An adjustment needs a reason" in page.content.decode()
    assert "has not begun" in c.get("/assessment/?year=2024").content.decode()
