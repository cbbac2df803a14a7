"""The handling of a suggestion in a real browser (chromium via Playwright) against a live server:
import a batch → 交办 → 会办 opinion → 沟通 → reply → the office sends → the deputy's link rates it
不满意 → reopened → replied again → 满意; and a unit is refused another unit's item.
Screenshots go to var/screenshots/."""

from __future__ import annotations

import os

import pytest

from ..views.browser import shot
from .conftest import PASSWORD, workbook

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def units(db):
    from django.contrib.auth.models import User

    from duban.web.accounts.roles import set_role
    from duban.web.ledger import departments
    from duban.web.ledger.models import Department

    departments.seed()
    for username, role, dept in (("office", "office", None), ("fgw", "reporter", "市发展改革委"),
                                 ("mzj", "reporter", "市民政局"), ("slj", "reporter", "市水利局"),
                                 ("swj", "reporter", "市商务投资促进局")):
        user = User.objects.create_user(username, password=PASSWORD)
        set_role(user, role, Department.objects.get(name=dept) if dept else None)
    return {d.name: d for d in Department.objects.all()}


def _login(browser, base, username):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    assert "/accounts/login" not in page.url
    return page


def _submit(page, selector: str) -> None:
    try:
        with page.expect_navigation(timeout=60000):
            page.click(selector)
    except Exception:
        shot(page, "suggestions-failed-submit")
        raise


def _item(number):
    from duban.web.suggestions.models import Item

    return Item.objects.get(number=number)


def _reply(page, text, result_class, letter):
    page.fill("#reply-form textarea[name=text]", text)
    page.select_option("#reply-form select[name=result_class]", result_class)
    page.set_input_files("#reply-form input[name=signed_file]", letter)
    _submit(page, "#submit-reply")


def test_import_assign_reply_rate_unsatisfied_reopen_and_satisfied(browser, live_server, units, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.AXES_ENABLED = False
    base = live_server.url
    sheet = tmp_path / "2023年建议.xlsx"
    sheet.write_bytes(workbook())
    letter = tmp_path / "答复函.pdf"
    letter.write_bytes(b"%PDF-1.4\n% signed\n")

    # 1. The office imports the batch: preview, then confirm.
    office = _login(browser, base, "office")
    office.goto(f"{base}/suggestions/import/")
    office.set_input_files("#import-form input[name=file]", str(sheet))
    office.fill("#import-form input[name=name]", "2023年市人大代表建议")
    _submit(office, "#import-form button[type=submit]")
    assert "新增 3 件" in office.inner_text("#totals")
    shot(office, "suggestions-01-preview")
    _submit(office, "#confirm-import")
    assert office.locator("#items tbody tr").count() == 3

    # 2. 交办 to 市发展改革委 with 市民政局 as 会办单位.
    item = _item("101")
    office.goto(f"{base}/suggestions/{item.pk}/")
    office.select_option("#assign-form select[name=lead]", str(units["市发展改革委"].pk))
    office.select_option("#assign-form select[name=co_units]", [str(units["市民政局"].pk)])
    _submit(office, "#assign-submit")
    assert "办理中" in office.inner_text("#item-status")
    shot(office, "suggestions-02-assigned")

    # 3. The 会办单位 sends its opinion; it sees no reply form.
    mzj = _login(browser, base, "mzj")
    mzj.goto(f"{base}/suggestions/{item.pk}/")
    assert mzj.locator("#reply-form").count() == 0
    mzj.fill("#opinion-form textarea[name=opinion]", "同意主办单位意见，配合做好资金保障。")
    _submit(mzj, "#opinion-form button[type=submit]")

    # 4. The 主办单位 records the 沟通 and sends the reply for review.
    fgw = _login(browser, base, "fgw")
    fgw.goto(f"{base}/suggestions/{item.pk}/")
    assert "同意主办单位意见" in fgw.inner_text("main")
    fgw.select_option("#communicate-form select[name=way]", "phone")
    fgw.fill("#communicate-form textarea[name=summary]", "电话沟通，代表同意办理思路。")
    _submit(fgw, "#communicate-form button[type=submit]")
    _reply(fgw, "经研究，已列入明年改造计划。", "B", str(letter))
    assert "待审核" in fgw.inner_text("#item-status")

    # 5. The office sends it and gets the deputy's link (shown once).
    office.goto(f"{base}/suggestions/{item.pk}/")
    _submit(office, "#send-reply")
    link = office.input_value("#feedback-url")
    shot(office, "suggestions-03-sent")

    # 6. The deputy, without an account, rates it 不满意: the item is reopened.
    deputy = browser.new_context(locale="zh-CN").new_page()
    deputy.goto(link)
    deputy.check("input[name=rating][value=unsatisfied]")
    deputy.fill("textarea[name=comment]", "资金安排不明确。")
    _submit(deputy, "#feedback-submit")
    assert "承办单位将重新办理" in deputy.inner_text("main")
    deputy.goto(link)
    assert "已使用" in deputy.inner_text("#feedback-invalid")
    item.refresh_from_db()
    assert item.state == "reopened"

    # 7. Replied again, sent again, rated 满意: closed.
    fgw.goto(f"{base}/suggestions/{item.pk}/")
    assert "重新办理" in fgw.inner_text("#item-status")
    _reply(fgw, "已落实资金，年内开工。", "A", str(letter))
    office.goto(f"{base}/suggestions/{item.pk}/")
    _submit(office, "#send-reply")
    link2 = office.input_value("#feedback-url")
    assert link2 != link
    deputy.goto(link2)
    deputy.check("input[name=rating][value=satisfied]")
    _submit(deputy, "#feedback-submit")
    office.goto(f"{base}/suggestions/{item.pk}/")
    assert "已办结" in office.inner_text("#item-status")
    timeline = office.inner_text("#timeline")
    assert office.locator("#timeline li").count() == 10  # 交办 … 评价, every step
    assert "不满意，重新办理" in timeline and "提出会办意见" in timeline
    shot(office, "suggestions-04-closed")

    # 8. Another unit is refused the item; the stats page draws its charts.
    slj = _login(browser, base, "slj")
    resp = slj.goto(f"{base}/suggestions/{item.pk}/")
    assert resp.status == 404
    office.goto(f"{base}/suggestions/stats/")
    office.wait_for_selector("#chart-units[data-ready]")
    assert "市发展改革委" in office.inner_text("#unit-stats")
    shot(office, "suggestions-05-stats")
