"""The living demo in a real browser: the office's key pages on a desk, a department reporter's
on a phone (390 px): the ledger as cards, the task page and the progress form without
horizontal scrolling, a figure typed on the numeric keyboard, evidence from the camera, a
draft that survives a dropped connection, and the report filed. No page may log a console
error (a CSP refusal is one). Screenshots of each page go to var/screenshots/demo-*.png.
"""

from __future__ import annotations

import os

import pytest

from .browser import overflow, shot, watch

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


@pytest.fixture
def demo(tmp_path, settings):
    from duban.web.demo import DemoOptions, build
    from duban.web.ledger import clock

    settings.MEDIA_ROOT = tmp_path / "private"
    settings.AXES_ENABLED = False
    result = build(DemoOptions())
    yield result
    clock.forget()


def _login(browser, base, username, password, errors: list, viewport):
    """A logged-in page; its console errors are collected into ``errors`` (one list per page)."""
    ctx = browser.new_context(viewport=viewport, locale="zh-CN", has_touch=viewport is PHONE, is_mobile=viewport is PHONE)
    page = ctx.new_page()
    errors.append(watch(page))
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    assert "/accounts/login" not in page.url
    return page


def test_the_demo_on_a_desk_and_a_reporter_filing_from_a_phone(browser, live_server, demo):
    from duban.web.ledger.models import ProgressReport, Task

    base = live_server.url
    ctx_errors: list[list[str]] = []
    office = _login(browser, base, "office", demo.passwords["office"][1], ctx_errors, DESK)
    office.goto(f"{base}/dashboard/")
    office.wait_for_selector("#chart-status[data-ready]")
    box = office.locator("#chart-status").bounding_box()
    # A tooltip over the ring of the pie (centre at 50 % / 45 %, radii 40-68 % of half the height).
    office.mouse.move(box["x"] + box["width"] / 2 - box["height"] * 0.27, box["y"] + box["height"] * 0.45)
    office.wait_for_timeout(500)
    # An axis tooltip (its default content has coloured markers, which must not be inline styles).
    trend = office.locator("#chart-trend").bounding_box()
    office.mouse.move(trend["x"] + trend["width"] * 0.9, trend["y"] + trend["height"] * 0.5)
    office.wait_for_timeout(500)
    shot(office, "demo-01-office-dashboard")
    office.goto(f"{base}/tasks/")
    assert office.locator("#tasks tbody tr").count() == 50  # the first page of the ledger
    shot(office, "demo-02-ledger")
    busiest = (Task.objects.filter(review="active").exclude(progress_reports=None)
               .order_by("-progress_reports__id").first())
    office.goto(f"{base}/tasks/{busiest.pk}/")
    assert office.locator("#timeline li").count() > 3
    shot(office, "demo-03-task")
    office.goto(f"{base}/verify/")
    shot(office, "demo-04-verify-queue")
    office.goto(f"{base}/public/")
    shot(office, "demo-08-public")

    # A reporter whose department leads tasks with this month's report still due.
    due_task = (Task.objects.filter(review="active", lead_department__isnull=False).exclude(status="done")
                .exclude(progress_reports__period=f"{demo.as_of:%Y-%m}").exclude(targets=None)
                .filter(deadline__gte=demo.as_of).order_by("id").first())
    reporter = next(u for u, (_n, _p, where) in demo.passwords.items() if where == due_task.lead_department.name)
    phone = _login(browser, base, reporter, demo.passwords[reporter][1], ctx_errors, PHONE)
    phone.goto(f"{base}/tasks/")
    assert overflow(phone) <= 0, "the ledger list scrolls sideways on a phone"
    card = phone.locator("#tasks tbody tr").first
    assert card.locator(".status").is_visible() and card.locator(".col-deadline").is_visible()
    assert not phone.locator("#tasks thead").is_visible()  # cards, not a squeezed table
    title_box = card.locator(".col-title").bounding_box()
    assert title_box["width"] > 250, "the title has the card's width, not one character per line"
    assert phone.locator(".due", has_text="待报送").count() > 0
    shot(phone, "demo-05-phone-list")

    phone.goto(f"{base}/tasks/{due_task.pk}/")
    assert overflow(phone) <= 0, "the task page scrolls sideways on a phone"
    shot(phone, "demo-06-phone-task")
    phone.click("#file-report")
    phone.wait_for_selector("form.progress-form")
    assert overflow(phone) <= 0, "the progress form scrolls sideways on a phone"
    figures = phone.locator("input[name^=target_]")
    assert figures.count() > 0
    for i in range(figures.count()):
        assert figures.nth(i).get_attribute("inputmode") == "decimal"
    evidence = phone.locator("input[name=evidence]")
    assert evidence.get_attribute("capture") == "environment" and "image/jpeg" in evidence.get_attribute("accept")
    narrative = "9月完成年度目标的八成，下月完成验收。"
    phone.fill("textarea[name=narrative]", narrative)
    figures.first.fill("12")
    phone.wait_for_timeout(500)  # the draft is saved a moment after typing stops
    shot(phone, "demo-07-phone-form")

    # The connection drops as the report is sent: the draft is still there when the page comes back.
    phone.context.set_offline(True)
    with pytest.raises(Exception):  # noqa: B017 - the browser's own network error, whatever its type
        with phone.expect_navigation(timeout=10000):
            phone.click("form.progress-form button[type=submit]")
    phone.context.set_offline(False)
    phone.goto(f"{base}/tasks/{due_task.pk}/report")
    assert phone.locator("textarea[name=narrative]").input_value() == narrative
    assert phone.locator("input[name^=target_]").first.input_value() == "12"
    assert phone.locator("#draft-note").is_visible()
    with phone.expect_navigation():
        phone.click("form.progress-form button[type=submit]")
    report = ProgressReport.objects.get(task=due_task, period=f"{demo.as_of:%Y-%m}")
    assert report.narrative == narrative and report.state == "filed"
    assert f"/progress/{report.pk}/" in phone.url
    assert phone.evaluate("Object.keys(localStorage).filter(k => k.startsWith('duban-draft:'))") == []
    assert overflow(phone) <= 0
    shot(phone, "demo-09-phone-filed")

    # The office's verify queue has it.
    office.goto(f"{base}/verify/")
    assert due_task.title[:10] in office.content()

    found = [e for page_errors in ctx_errors for e in page_errors if "net::ERR_INTERNET_DISCONNECTED" not in e]
    assert found == [], found
