"""The office corrects the reading of review and plan in a real browser (chromium via
Playwright, against a live server): it imports a report whose review chapter names no time,
sees the warning at the top, reads that chapter as review, and the chapter's figures leave
the ledger's targets. Screenshots go to var/screenshots/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..views.browser import shot

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "browser-test-password-7"
REPORT = Path(__file__).resolve().parents[2] / "fixtures" / "review_plan" / "review_without_time_words.txt"


@pytest.fixture
def office(db):
    from django.contrib.auth.models import User

    from duban.web.accounts.roles import set_role
    from duban.web.ledger import departments

    departments.seed()
    user = User.objects.create_user("office", password=PASSWORD)
    set_role(user, "office")
    return user


def test_the_office_reads_a_chapter_as_review(browser, live_server, office, settings):
    settings.AXES_ENABLED = False
    from duban.web.ledger.models import Report, Target, Task

    base = live_server.url
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")

    page.goto(f"{base}/reports/import")
    page.set_input_files("input[name=file]", str(REPORT))
    with page.expect_navigation(timeout=30000):
        page.click("main form.card button[type=submit]")
    page.wait_for_selector("#warnings")
    assert "没有读出任何工作回顾" in page.inner_text("#warnings")
    shot(page, "reading-01-warning")

    report = Report.objects.get()
    targets_before = Target.objects.filter(task__report=report).exclude(task__review=Task.Review.DROPPED).count()
    row = page.locator("#reading tr", has_text="砥砺奋进")
    row.locator("select[name=part]").select_option("review")
    with page.expect_navigation(timeout=30000):
        row.locator("button", has_text="更正整章").click()
    assert "已按“回顾”重新读取" in page.content()
    assert page.locator("#warnings").count() == 0
    assert page.locator("#source mark.result").count() > 0
    shot(page, "reading-02-corrected")
    targets_after = Target.objects.filter(task__report=report).exclude(task__review=Task.Review.DROPPED).count()
    assert 0 < targets_after < targets_before
