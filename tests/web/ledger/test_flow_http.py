"""The whole flow through real HTTP against a live server: import the sample, review and
confirm, assign, file a progress report, return it, refile, verify, see the status change."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from duban.web.ledger.models import Report, Task

from .httpclient import Browser

SAMPLE = Path(__file__).resolve().parents[3] / "duban" / "samples" / "liaocheng_2023_part2.txt"
PASSWORD = "correct-horse-battery"


@pytest.mark.django_db(transaction=True)
def test_the_whole_flow(live_server, people, departments):
    office = Browser(live_server.url)
    office.login("office", PASSWORD)

    # Import: upload the sample; the review page shows the text with the targets highlighted.
    r = office.post("/reports/import", {"year": "2023", "title": "聊城 2023"}, files={"file": ("liaocheng.txt", SAMPLE.read_bytes())})
    assert r.status == 200 and "/reports/" in r.url, r.text[:500]
    report = Report.objects.get()
    assert report.state == "review"
    review = office.get(f"/reports/{report.pk}/").text
    assert '<mark class="target"' in review and "确认入账" in review
    # Importing the same file again changes nothing.
    r = office.post("/reports/import", {"year": "2023"}, files={"file": ("again.txt", SAMPLE.read_bytes())})
    assert Report.objects.count() == 1 and "未重复导入" in r.text

    # Review: drop a heading-like item, then confirm.
    heading = Task.objects.filter(report=report, targets__isnull=True, list_name="").first()
    office.post(f"/items/{heading.pk}", {"action": "drop", "version": heading.version})
    assert Task.objects.get(pk=heading.pk).review == "dropped"
    review = office.get(f"/reports/{report.pk}/").text
    r = office.post(f"/reports/{report.pk}/confirm", {"version": Browser.hidden(review.split("confirm")[1], "version")})
    assert "/tasks/" in r.url
    report.refresh_from_db()
    assert report.state == "confirmed"

    # Assign a measurable task to 市发展改革委 with a deadline still ahead.
    task = Task.objects.filter(report=report, review="active", targets__value__isnull=False).distinct().first()
    deadline = dt.date.today() + dt.timedelta(days=400)
    edit = office.get(f"/tasks/{task.pk}/edit").text
    r = office.post(f"/tasks/{task.pk}/edit", {
        "version": Browser.hidden(edit, "version"), "title": task.title, "lead": departments.fgw.pk,
        "cooperating": [departments.mzj.pk], "deadline": deadline.isoformat(),
    })
    assert r.status == 200 and f"/tasks/{task.pk}/" in r.url, r.text[:1000]
    page = r.text
    before = re.search(r'id="task-status">([^<]+)<', page).group(1)
    assert before != "已完成"

    # The department files a progress report with every target met.
    lead = Browser(live_server.url)
    lead.login("lead", PASSWORD)
    form = lead.get(f"/tasks/{task.pk}/report").text
    report_type = re.search(r'<option value="(\d+)"[^>]*>常规进展', form).group(1)
    figures = {f"target_{t.pk}": str(t.value_max or t.value) for t in task.targets.all() if t.value is not None}
    r = lead.post(f"/tasks/{task.pk}/report", {"report_type": report_type, "period": "2023-06", "narrative": "已完成全年目标", **figures},
                  files={"evidence": ("proof.pdf", b"%PDF-1.4 proof")})
    assert "/progress/" in r.url, r.text[:1000]
    progress_url = r.url

    # The office returns it with a reason; the department sees the reason and refiles.
    page = office.get(progress_url).text
    r = office.post(progress_url + "verify", {"version": Browser.hidden(page, "version"), "decision": "return", "reason": "请补充佐证说明"})
    assert "已退回" in r.text
    page = lead.get(progress_url).text
    assert "请补充佐证说明" in page and "修改并重新报送" in page
    refile = lead.get(progress_url + "refile").text
    r = lead.post(progress_url + "refile", {"version": Browser.hidden(refile, "version"), "narrative": "已补充说明", **figures})
    assert "待核实" in r.text, r.text[:1000]

    # The office verifies; the task is now done, and its timeline tells the story.
    page = office.get(progress_url).text
    r = office.post(progress_url + "verify", {"version": Browser.hidden(page, "version"), "decision": "accept", "reason": ""})
    assert "已核实" in r.text
    page = office.get(f"/tasks/{task.pk}/").text
    after = re.search(r'id="task-status">([^<]+)<', page).group(1)
    assert after == "已完成" and after != before
    assert "退回进度报告" in page and "核实通过" in page and "状态：" in page
    # Only the lead department's people and the office see it; another department gets 404.
    outsider = Browser(live_server.url)
    outsider.login("outsider", PASSWORD)
    assert outsider.get(f"/tasks/{task.pk}/").status == 404
