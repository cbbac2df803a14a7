"""The assessment in a real browser (chromium via Playwright): the office opens the ranking from
the navigation, reads a department's detail, records a bonus with its reason and sees the total
move; a department user sees the ranking, only its own detail, and is refused another's.
Screenshots go to var/screenshots/."""

from __future__ import annotations

import os

import pytest

from ..views.browser import shot
from .conftest import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live(world):
    from django.conf import settings
    from pytest_django.live_server_helper import LiveServer

    old = settings.MEDIA_URL
    settings.MEDIA_URL = "/__live-server-media-not-used__/"
    server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"))
    try:
        yield server.url
    finally:
        server.stop()
        settings.MEDIA_URL = old


def _login(browser, base, username):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    assert "/accounts/login" not in page.url, page.content()[:1000]
    return page


def test_office_adjusts_and_department_sees_only_its_own(browser, live, world):
    office = _login(browser, live, "office")
    with office.expect_navigation():
        office.click("nav.mainnav >> text=考核")
    assert "2023 年度考核排名" in office.content()
    first = office.locator("table.ranking tbody tr").first.inner_text()
    assert "市教育和体育局" in first and "92.72" in first
    shot(office, "assessment-ranking")
    with office.expect_navigation():
        office.click("table.ranking >> text=市住房和城乡建设局")
    assert "61.67" in office.content()
    office.fill("input[name=points]", "1.5")
    office.fill("textarea[name=reason]", "主动公开台账")
    with office.expect_navigation():
        office.click("#adjust button[type=submit]")
    body = office.content()
    assert "已记录加减分" in body and "63.17" in body and "主动公开台账" in body
    shot(office, "assessment-detail-after-bonus")

    rep = _login(browser, live, "rep_a")
    rep.goto(f"{live}/assessment/?year=2023")
    assert rep.locator("table.ranking a").count() == 1  # only the own department is a link
    with rep.expect_navigation():
        rep.click("table.ranking >> text=市发展改革委")
    assert "67.15" in rep.content() and "就业人数口径有误" in rep.content()
    other = rep.goto(f"{live}/assessment/2023/departments/{world.depts.b.pk}/")
    assert other.status == 404 and "92.72" not in rep.content()
    shot(rep, "assessment-refused-other-department")
