"""Key flows in a real browser (chromium via Playwright) against a live server.

The office imports the sample report, confirms it and assigns a task; a
department user files a progress report with an evidence file; the office
verifies it; the dashboard and the public page change; a department user is
refused another department's task. Screenshots go to var/screenshots/.
"""

from __future__ import annotations

import os
import re

import pytest

from .browser import shot, watch

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls
# (setting up users, looking up ids) are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "browser-test-password-7"
SAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "duban", "samples", "liaocheng_2023_part2.txt")


@pytest.fixture
def people(db):
    from django.contrib.auth.models import User

    from duban.web.accounts.roles import set_role
    from duban.web.ledger import departments
    from duban.web.ledger.models import Department

    departments.seed()
    out = {}
    for username, role, dept in (("office", "office", None), ("fgw", "reporter", "市发展改革委"),
                                 ("jyj", "reporter", "市教育和体育局")):
        user = User.objects.create_user(username, password=PASSWORD)
        set_role(user, role, Department.objects.get(name=dept) if dept else None)
        out[username] = user
    return out


# Console errors (a CSP refusal, a failed script) of every page the tests open: any one fails them.
CONSOLE: list[list[str]] = []


@pytest.fixture(autouse=True)
def _no_console_errors():
    CONSOLE.clear()
    yield
    found = [e for errors in CONSOLE for e in errors]
    assert found == [], found


def _login(browser, base, username, viewport=None):
    ctx = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    CONSOLE.append(watch(page))
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    assert "/accounts/login" not in page.url, page.content()[:2000]
    return page


def _submit(page, selector: str) -> None:
    """Click a submit button and wait for the page it leads to."""
    try:
        with page.expect_navigation(timeout=60000):  # an import extracts the sample first: slow on a busy machine
            page.click(selector)
    except Exception:
        shot(page, "failed-submit")
        raise


def _card(page, status: str) -> int:
    return int(page.locator(f'.dash-card[data-status="{status}"] .dash-card-value').inner_text())


def test_office_department_verify_dashboard_public(browser, live_server, people, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.AXES_ENABLED = False
    from duban.web.ledger.models import Department, ProgressReport, Task

    base = live_server.url
    office = _login(browser, base, "office")

    # 1. The office imports the sample and sees it highlighted for review.
    office.goto(f"{base}/reports/import")
    # Remember (across the navigation) that the import showed its progress bar.
    office.evaluate("""() => new MutationObserver(() => {
        if (document.querySelector('.upload-progress')) sessionStorage.setItem('sawUploadProgress', '1');
    }).observe(document.body, {childList: true, subtree: true})""")
    office.set_input_files("input[name=file]", SAMPLE)
    office.fill("input[name=year]", "2023")
    _submit(office, "main form.card button[type=submit]")
    office.wait_for_selector("#source mark")
    assert office.evaluate("sessionStorage.getItem('sawUploadProgress')") == "1"
    shot(office, "01-office-review")

    # 2. It confirms the items into the ledger.
    _submit(office, "#confirm-report")
    assert Task.objects.filter(review=Task.Review.ACTIVE).exists()

    # 3. It assigns a measurable task to 市发展改革委 and publishes it.
    task = (Task.objects.filter(review=Task.Review.ACTIVE, targets__value__gt=0, targets__kind="absolute")
            .exclude(lead_department__name="市发展改革委").order_by("id").first())
    dev = Department.objects.get(name="市发展改革委")
    office.goto(f"{base}/tasks/{task.pk}/edit")
    office.select_option("select[name=lead]", str(dev.pk))
    office.fill("input[name=deadline]", "2023-12-31")
    office.check("input[name=published]")
    _submit(office, "form.card button[type=submit]")
    assert office.locator("#task-status").is_visible()
    shot(office, "02-office-assigned")

    office.goto(f"{base}/dashboard/")
    office.wait_for_selector("#chart-status[data-ready]")
    red_before, done_before = _card(office, "red"), _card(office, "done")
    shot(office, "03-dashboard-before")
    anon = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    CONSOLE.append(watch(anon))
    anon.goto(f"{base}/public/")
    assert task.title in anon.content()
    assert "尚无核实数据" in anon.content()

    # 4. The department user files a report with an evidence file.
    dept = _login(browser, base, "fgw")
    dept.goto(f"{base}/tasks/{task.pk}/")
    dept.click("#file-report")
    dept.fill("textarea[name=narrative]", "已按计划全部完成，附验收材料。")
    for t in task.targets.all():  # every target met: the task becomes done once verified
        reached = (t.value_max or t.value) + (1 if t.comparator == ">" else 0) if t.value is not None else 1
        dept.fill(f"input[name=target_{t.pk}]", f"{reached:g}")
    evidence = tmp_path / "验收报告.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% evidence for the browser test\n")
    dept.set_input_files("input[name=evidence]", str(evidence))
    shot(dept, "04-department-filing")
    _submit(dept, "form.card button[type=submit]")
    report = ProgressReport.objects.get(task=task)
    assert report.state == "filed" and report.evidence.count() == 1
    shot(dept, "05-department-filed")

    # 5. The office verifies it.
    office.goto(f"{base}/progress/{report.pk}/")
    assert "验收报告.pdf" in office.content()
    office.select_option("select[name=decision]", "accept")
    _submit(office, "form[action$='/verify'] button[type=submit]")
    report.refresh_from_db()
    assert report.state == "verified"
    shot(office, "06-office-verified")

    # 6. The dashboard counts the task as done; the public page shows the verified figure.
    office.goto(f"{base}/dashboard/")
    office.wait_for_selector("#chart-status[data-ready]")
    assert _card(office, "done") == done_before + 1
    assert _card(office, "red") == red_before - 1
    shot(office, "07-dashboard-after")
    anon.goto(f"{base}/public/")
    html = anon.content()
    assert task.title in html and re.search(r"最新核实：[\d.,]+", html)
    assert "验收报告" not in html and "已按计划全部完成" not in html and "fgw" not in html
    shot(anon, "08-public-after")
    anon.goto(f"{base}/public/tasks/{task.pk}/")
    assert "已完成" in anon.content()
    shot(anon, "09-public-task")

    # 7. The dashboard on a phone-sized screen: charts stacked, nothing wider than the screen.
    phone = _login(browser, base, "office", viewport={"width": 390, "height": 844})
    phone.goto(f"{base}/dashboard/")
    phone.wait_for_selector("#chart-departments[data-ready]")
    widths = phone.evaluate("[...document.querySelectorAll('.dash-chart')].map(e => e.getBoundingClientRect().right)")
    assert max(widths) <= 390
    shot(phone, "10-dashboard-phone")


def test_department_user_cannot_open_another_departments_task(browser, live_server, people):
    from django.utils import timezone

    from duban.web.ledger.models import Department, Report, Task

    edu = Department.objects.get(name="市教育和体育局")
    report = Report.objects.create(title="r", year=2023, source_name="r.txt", sha256="1" * 64, text="新建中小学12所。",
                                   extraction={}, state="confirmed", confirmed_at=timezone.now())
    task = Task.objects.create(report=report, title="新建中小学12所", text="新建中小学12所。", review="active",
                               lead_department=edu, start_date=timezone.localdate(), deadline=timezone.localdate())
    base = live_server.url
    other = _login(browser, base, "fgw")
    resp = other.goto(f"{base}/tasks/{task.pk}/")
    assert resp.status == 404
    assert "新建中小学12所" not in other.content()
    shot(other, "11-refused-other-department")
    own = _login(browser, base, "jyj")
    assert own.goto(f"{base}/tasks/{task.pk}/").status == 200
    download = own.request.get(f"{base}/exchange/template.xlsx")  # the page's cookies, no navigation
    assert download.status == 200 and download.body()[:2] == b"PK"


def test_office_builds_a_briefing_and_watches_its_progress(browser, live_server, people, settings):
    from django.utils import timezone

    from duban.web.ledger.models import Department, Report, Task

    settings.BRIEFING_INLINE = False  # the server path: a background thread, the page polls
    report = Report.objects.create(title="r", year=2023, source_name="r.txt", sha256="2" * 64, text="新建中小学12所。",
                                   extraction={}, state="confirmed", confirmed_at=timezone.now())
    Task.objects.create(report=report, title="新建中小学12所", text="新建中小学12所。", review="active",
                        lead_department=Department.objects.get(name="市发展改革委"),
                        start_date=timezone.localdate(), deadline=timezone.localdate(), status="red",
                        status_reason="已逾期")
    base = live_server.url
    office = _login(browser, base, "office")
    office.goto(f"{base}/briefing/")
    office.select_option("select[name=fmt]", "pdf")
    _submit(office, "#make-briefing")
    assert office.locator("#job-progress").is_visible()
    office.wait_for_selector("#job-download:not([hidden])", timeout=60000)
    assert office.locator("#job-progress").get_attribute("value") == "100"
    shot(office, "12-briefing-done")
    pdf = office.request.get(base + office.locator("#job-download a").get_attribute("href"))
    assert pdf.status == 200 and pdf.body()[:5] == b"%PDF-"


def test_an_import_error_comes_back_on_the_page(browser, live_server, people, tmp_path):
    base = live_server.url
    office = _login(browser, base, "office")
    office.goto(f"{base}/reports/import")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    office.set_input_files("input[name=file]", str(empty))
    office.click("main form.card button[type=submit]")
    office.wait_for_selector("main .errorlist", timeout=20000)  # the form again, with its message
    assert office.locator("main form.card button[type=submit]").is_enabled()
    shot(office, "13-import-error")
