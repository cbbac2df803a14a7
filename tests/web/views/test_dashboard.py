"""Dashboard figures and the ledger table behind them."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.django_db


def _chart_data(resp):
    html = resp.content.decode()
    m = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_it_requires_login(client, world):
    resp = client.get("/dashboard/")
    assert resp.status_code == 302
    assert "/accounts/login" in resp["Location"]


def test_it_counts_statuses_for_the_office(login, world):
    resp = login(world["office"]).get("/dashboard/")
    assert resp.status_code == 200
    data = _chart_data(resp)
    counts = {s["status"]: s["value"] for s in data["status"]}
    assert counts["red"] == 1 and counts["yellow"] == 1 and counts["normal"] == 1
    assert "完成南部城区供热工程" in resp.content.decode()  # the red list, with its reason
    assert "已逾期" in resp.content.decode()


def test_each_figure_links_to_its_tasks(login, world):
    client = login(world["office"])
    data = _chart_data(client.get("/dashboard/"))
    red_url = next(s["url"] for s in data["status"] if s["status"] == "red")
    table = client.get(red_url).content.decode()
    assert "完成南部城区供热工程" in table
    assert "新建中小学12所" not in table
    dept_url = data["departments"]["urls"][data["departments"]["names"].index("市教育局")]
    table = client.get(dept_url).content.decode()
    assert "新建中小学12所" in table and "城镇新增就业" not in table


def test_a_reporter_sees_only_own_department(login, world):
    resp = login(world["rep_b"]).get("/dashboard/")
    data = _chart_data(resp)
    assert sum(s["value"] for s in data["status"]) == 1
    assert "完成南部城区供热工程" not in resp.content.decode()


def test_the_trend_covers_twelve_months(login, world):
    data = _chart_data(login(world["leader"]).get("/dashboard/"))
    assert len(data["trend"]["months"]) == 12
    assert set(data["trend"]["series"]) == {"red", "yellow", "blue", "normal", "done"}


def test_table_filters_and_sorts(login, world):
    client = login(world["leader"])
    html = client.get("/tasks/?sort=deadline").content.decode()
    assert html.index("完成南部城区供热工程") < html.index("新建中小学12所")
    html = client.get("/tasks/?list=民生实事").content.decode()
    assert "城镇新增就业" not in html and "新建中小学12所" in html
    html = client.get("/tasks/?due_to=2023-06-30").content.decode()
    assert "完成南部城区供热工程" in html and "新建中小学12所" not in html


def test_table_reports_bad_filter_values(login, world):
    html = login(world["leader"]).get("/tasks/?due_from=2023-13-01&status=purple").content.decode()
    assert "格式应为 YYYY-MM-DD" in html
    assert "没有“purple”这种状态" in html


def test_table_search_finds_a_word_inside_a_task(login, world):
    html = login(world["leader"]).get("/tasks/?q=供热").content.decode()
    assert "完成南部城区供热工程" in html
    assert "新建中小学12所" not in html


def test_table_filters_by_chapter(login, world):
    from duban.web.ledger.models import Section

    report = world["report"]
    chapter = Section.objects.create(report=report, key="s1", level=1, number="二、", title="民生实事", start=0, end=60)
    sub = Section.objects.create(report=report, key="s2", parent=chapter, level=2, number="（一）", title="供热", start=6, end=40)
    world["heating"].section = sub
    world["heating"].save()
    client = login(world["leader"])
    html = client.get(f"/tasks/?chapter={chapter.pk}").content.decode()
    assert "完成南部城区供热工程" in html and "新建中小学12所" not in html
    assert "二、民生实事" in html  # offered in the chapter select


def test_unassigned_tasks_have_their_own_link(login, world):
    t = world["jobs"]
    t.lead_department = None
    t.save()
    html = login(world["office"]).get("/tasks/?dept=none").content.decode()
    assert "城镇新增就业4.5万人" in html and "新建中小学12所" not in html
    assert "单位：未分派" in html


def test_there_is_one_ledger_list_and_the_former_table_redirects_to_it(login, world):
    client = login(world["leader"])
    resp = client.get("/dashboard/tasks/?status=red&sort=deadline")
    assert resp.status_code == 302 and resp["Location"] == "/tasks/?status=red&sort=deadline"
    nav = client.get("/tasks/").content.decode()
    assert nav.count('href="/tasks/"') == 1  # one entry in the navigation


@pytest.mark.parametrize("role", ["office", "leader", "rep_a"])
def test_every_role_gets_the_same_columns_filters_and_export(login, world, role):
    html = login(world[role]).get("/tasks/?status=red").content.decode()
    for column in ("序号", "状态", "任务内容", "目标值", "牵头单位", "配合单位", "完成时限", "核实进度", "预期进度"):
        assert f"<th>{column}</th>" in html, column
    for name in ('name="q"', 'name="status"', 'name="dept"', 'name="due_from"', 'name="due_to"', "sort=deadline"):
        assert name in html, name
    assert "新建供热管网20公里" in html  # the target, quoted
    assert 'href="/exchange/ledger.xlsx?status=red"' in html


def test_the_export_link_exports_the_list_it_sits_on(login, world):
    import io

    import openpyxl

    resp = login(world["office"]).get("/exchange/ledger.xlsx?status=red")
    sheet = openpyxl.load_workbook(io.BytesIO(resp.content)).active
    text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "完成南部城区供热工程" in text and "新建中小学12所" not in text


def test_the_former_department_parameter_still_filters(login, world):
    html = login(world["office"]).get(f"/tasks/?department={world['edu'].pk}").content.decode()
    assert "新建中小学12所" in html and "完成南部城区供热工程" not in html


def test_each_card_says_what_is_due(login, world):
    html = login(world["rep_a"]).get("/tasks/").content.decode()
    # The heating task's deadline (2023-06-01) has passed on the ledger's day.
    assert re.search(r'class="due due-urgent">已逾期 \d+ 天<', html), html[-3000:]
