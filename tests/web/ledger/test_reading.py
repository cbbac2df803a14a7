"""The reading of review and plan on the import review page: warnings at the top, the office's
correction of a chapter or a range of paragraphs, the re-derived targets and results, the
history and audit trail, and who may not correct."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.extract import extract_text
from duban.web.audit.events import Action
from duban.web.audit.models import AuditEvent
from duban.web.ledger.models import Report, Target, Task

from .conftest import client_for

pytestmark = pytest.mark.django_db

# A county report whose review chapter names no time ("一、砥砺奋进 成绩来之不易"): read as plan.
TEXT = (Path(__file__).resolve().parents[2] / "fixtures" / "review_plan" / "review_without_time_words.txt").read_text(
    encoding="utf-8")
REVIEW = TEXT.index("一、砥砺奋进")
PLAN = TEXT.index("二、2026年重点工作")


@pytest.fixture
def report(people):
    from duban.web.ledger.importer import import_document

    doc = extract_text(TEXT, name="qingyuan_2026.txt")
    return import_document(doc, TEXT, people.office).report


def _chapter(report: Report, title_start: str) -> str:
    return next(s["id"] for s in report.extraction["sections"] if s["level"] == 1 and s["title"].startswith(title_start))


def _reading(client, report: Report, **data):
    report.refresh_from_db()
    return client.post(f"/reports/{report.pk}/reading", {"version": report.version, **data})


def _active_targets(report: Report) -> list[str]:
    return sorted(Target.objects.filter(task__report=report).exclude(task__review=Task.Review.DROPPED)
                  .values_list("quote", flat=True))


def test_it_shows_the_warnings_at_the_top_and_the_reading_with_its_evidence(report, people):
    page = client_for(people.office).get(f"/reports/{report.pk}/").content.decode()
    assert "提取自检" in page and "没有读出回顾" in page and "没有读出任何工作回顾" in page
    assert page.index('id="warnings"') < page.index('id="reading"') < page.index('id="source"')
    assert "主要预期目标句：主要预期目标是" in page and "标题年份：2026年" in page and "默认" in page
    assert "更正整章" in page and 'id="reading-range"' in page


def test_a_leader_sees_the_reading_but_no_correction(report, people):
    page = client_for(people.leader).get(f"/reports/{report.pk}/").content.decode()
    assert "没有读出回顾" in page and "更正整章" not in page and 'id="reading-range"' not in page


def test_the_office_marks_a_chapter_as_review_and_keeps_its_other_edits(report, people):
    from duban.web.ledger.workflow import edit_item

    client = client_for(people.office)
    plan_task = Task.objects.filter(report=report, start__gte=PLAN, list_name="").order_by("start").first()
    edit_item(plan_task, people.office, plan_task.version, title="项目投资（已核对）", text=plan_task.text)
    before_plan = [t for t in _active_targets(report) if TEXT.index(t) >= PLAN]
    review_tasks = list(Task.objects.filter(report=report, start__gte=REVIEW, start__lt=PLAN, list_name=""))
    assert review_tasks and "全县地区生产总值完成286.4亿元" in _active_targets(report)

    r = _reading(client, report, section=_chapter(report, "砥砺奋进"), part="review")
    assert r.status_code == 302 and r["Location"].endswith(f"/reports/{report.pk}/#reading")

    report.refresh_from_db()
    assert all(Task.objects.get(pk=t.pk).review == Task.Review.DROPPED for t in review_tasks)
    assert [t for t in _active_targets(report) if TEXT.index(t) < PLAN] == []
    assert [t for t in _active_targets(report) if TEXT.index(t) >= PLAN] == before_plan
    results = {r["quote"]: r["period"] for r in report.extraction["results"]}
    assert results["全县地区生产总值完成286.4亿元"] == "2025" and results["城镇新增就业4860人"] == "2025"
    assert Task.objects.get(pk=plan_task.pk).title == "项目投资（已核对）"
    assert report.extraction["overrides"][-1]["part"] == "review"
    assert [w["kind"] for w in report.extraction["warnings"]] == []
    # recorded: one audit event with what changed, a history row per changed task with the reason
    event = AuditEvent.objects.get(action=Action.REPORT_REREAD)
    assert event.actor == people.office and event.changes["part"] == "review"
    assert sorted(event.changes["dropped"]) == sorted(t.pk for t in review_tasks)
    last = Task.history.filter(id=review_tasks[0].pk).order_by("-history_date").first()
    assert last.history_change_reason == "更正回顾/计划划分" and last.history_user == people.office
    assert report.history.order_by("-history_date").first().history_user == people.office
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "已按“回顾”重新读取" in page and "没有读出回顾" not in page and "人工更正：回顾" in page


def test_marking_it_back_as_plan_restores_the_same_items(report, people):
    client = client_for(people.office)
    chapter = _chapter(report, "砥砺奋进")
    before = _active_targets(report)
    tasks = Task.objects.filter(report=report).count()
    assert _reading(client, report, section=chapter, part="review").status_code == 302
    assert _reading(client, report, section=chapter, part="plan").status_code == 302
    assert _active_targets(report) == before
    assert Task.objects.filter(report=report).count() == tasks  # restored, not added again
    assert Target.objects.filter(task__report=report).count() == len(before)


def test_the_office_marks_a_range_of_paragraphs(report, people):
    client = client_for(people.office)
    start = TEXT.index("产业发展提质增效")
    end = TEXT.index("城乡面貌持续改善")  # the paragraph before ends here
    r = _reading(client, report, start=start, end=end - 1, part="review")
    assert r.status_code == 302
    report.refresh_from_db()
    active = _active_targets(report)
    assert "新签约亿元以上项目46个" not in active and "改造城镇老旧小区28个" in active
    assert "新签约亿元以上项目46个" in {r["quote"] for r in report.extraction["results"]}


def test_a_plan_range_read_as_review_drops_its_targets_from_the_ledger(report, people):
    client = client_for(people.office)
    start = TEXT.index("（三）用心用情办实事惠民生")
    r = _reading(client, report, start=start, end=TEXT.index("三、加强政府自身建设"), part="review")
    assert r.status_code == 302
    report.refresh_from_db()
    assert "新增学位1500个" not in _active_targets(report)
    assert "地区生产总值增长6%左右" in _active_targets(report)


@pytest.mark.parametrize("who", ["leader", "lead", "outsider", "norole"])
def test_only_the_office_may_correct_the_reading(report, people, who):
    tasks = list(Task.objects.filter(report=report).values_list("pk", "review", "version"))
    r = _reading(client_for(getattr(people, who)), report, section=_chapter(report, "砥砺奋进"), part="review")
    assert r.status_code == 403
    report.refresh_from_db()
    assert list(Task.objects.filter(report=report).values_list("pk", "review", "version")) == tasks
    assert not report.extraction["overrides"] and not AuditEvent.objects.filter(action=Action.REPORT_REREAD).exists()


def test_an_anonymous_visitor_goes_to_the_login_page(report, client):
    r = client.post(f"/reports/{report.pk}/reading", {"version": 1, "section": "s1", "part": "review"})
    assert r.status_code == 302 and "/login" in r["Location"]


def test_a_get_is_not_allowed(report, people):
    assert client_for(people.office).get(f"/reports/{report.pk}/reading").status_code == 405


@pytest.mark.parametrize("data,message", [
    ({"section": "s1", "part": "future"}, "future"),
    ({"section": "s999", "part": "review"}, "报告中没有章节"),
    ({"part": "review"}, "请选择一章，或选择起止段落"),
    ({"start": 500, "end": 100, "part": "review"}, "起始段落须在结束段落之前"),
    ({"start": 10, "end": 10 ** 7, "part": "review"}, "不在报告原文之内"),
])
def test_a_bad_request_is_explained_and_changes_nothing(report, people, data, message):
    r = _reading(client_for(people.office), report, **data)
    assert r.status_code == 400 and message in r.content.decode()
    report.refresh_from_db()
    assert report.extraction["overrides"] == [] and report.version == 1


def test_a_stale_page_gets_a_conflict(report, people):
    client = client_for(people.office)
    chapter = _chapter(report, "砥砺奋进")
    stale = Report.objects.get(pk=report.pk).version
    assert _reading(client, report, section=chapter, part="review").status_code == 302
    r = client.post(f"/reports/{report.pk}/reading", {"version": stale, "section": chapter, "part": "plan"})
    assert r.status_code == 409 and "保存冲突" in r.content.decode()
    report.refresh_from_db()
    assert report.extraction["overrides"][-1]["part"] == "review"


def test_a_confirmed_report_is_no_longer_corrected(report, people):
    from duban.web.ledger.workflow import confirm_report

    confirm_report(report, people.office, report.version)
    r = _reading(client_for(people.office), report, section=_chapter(report, "砥砺奋进"), part="review")
    assert r.status_code == 400 and "已确认入账" in r.content.decode()


def test_a_report_imported_before_readings_were_recorded_can_be_corrected(people):
    from duban.web.ledger.importer import import_document

    doc = extract_text(TEXT, name="old.txt")
    for key in ("parts", "warnings", "overrides"):
        doc.pop(key)
    report = import_document(doc, TEXT, people.office).report
    page = client_for(people.office).get(f"/reports/{report.pk}/").content.decode()
    assert "没有记录回顾与计划的划分" in page
    r = _reading(client_for(people.office), report, start=REVIEW, end=PLAN, part="review")
    assert r.status_code == 302
    assert [t for t in _active_targets(report) if TEXT.index(t) < PLAN] == []


def test_the_reading_in_english(report, people):
    from django.conf import settings

    client = client_for(people.office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Review and plan" in page and "No review found" in page and "Correct the chapter" in page
    assert "Default：Plan" in page and "Year in the heading：2026年" in page


def test_every_signal_of_the_reading_has_a_name_on_the_page():
    import yaml

    from duban.web.ledger.views_reports import _SIGNALS

    corpus = Path(__file__).resolve().parents[2] / "corpus" / "review_plan.yaml"
    names = {"default", "appendix", "override"}
    for ex in yaml.safe_load(corpus.read_text(encoding="utf-8"))["examples"]:
        doc = extract_text(ex["text"], year=ex.get("year"))
        names |= {label.split(":")[0] for part in doc["parts"] for label in part["signals"]}
    assert "period_words" in names
    assert sorted(names - set(_SIGNALS)) == []
