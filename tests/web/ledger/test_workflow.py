"""The workflow: review, assignment, the two reports, only verified figures count, conflicts, history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from duban.web.audit.models import AuditEvent
from duban.web.ledger.models import Milestone, Notification, ProgressReport, Report, StatusChange, Task
from duban.web.ledger.services import refresh_status, send_reminders, verdict_for
from duban.web.ledger.workflow import (
    Conflict,
    WorkflowError,
    confirm_report,
    drop_item,
    edit_item,
    file_progress,
    merge_items,
    refile_progress,
    report_types,
    set_milestones,
    split_item,
    verify_progress,
)

pytestmark = pytest.mark.django_db


def _regular():
    return next(t for t in report_types() if t.code == "regular")


def _file(ledger, user=None, figures=None, period="2023-06", **kw):
    t1 = ledger.t1
    targets = {t.metric: t.pk for t in t1.targets.all()}
    figs = figures if figures is not None else {targets["新建中小学"]: 12, targets["城镇新增就业"]: 45000}
    return file_progress(t1, user or ledger.people.lead, department=ledger.departments.fgw, report_type=_regular(),
                         period=period, narrative="按计划推进", figures=figs, **kw)


# --- review ------------------------------------------------------------------------------------


def test_it_merges_two_items_and_moves_their_targets(imported, people):
    t1 = Task.objects.get(report=imported.report, key="t1")
    t2 = Task.objects.get(report=imported.report, key="t2")
    merge_items(t2, t1, people.office, t2.version, t1.version)
    t1.refresh_from_db()
    t2.refresh_from_db()
    assert t1.review == Task.Review.DROPPED and t2.targets.count() == 2
    assert t2.text.startswith("全年新建中小学") and t2.text.endswith("一网通办。")


def test_it_splits_an_item_and_gives_the_tail_its_targets(imported, people):
    t1 = Task.objects.get(report=imported.report, key="t1")
    cut = t1.text.index("城镇")
    new = split_item(t1, people.office, t1.version, cut)
    t1.refresh_from_db()
    assert t1.text == "全年新建中小学12所，" and new.text.startswith("城镇新增就业")
    assert list(new.targets.values_list("metric", flat=True)) == ["城镇新增就业"]
    assert list(t1.targets.values_list("metric", flat=True)) == ["新建中小学"]


def test_it_refuses_a_split_outside_the_text(imported, people):
    t1 = Task.objects.get(report=imported.report, key="t1")
    with pytest.raises(WorkflowError, match="拆分位置"):
        split_item(t1, people.office, t1.version, len(t1.text))


def test_dropped_items_stay_out_of_the_ledger(imported, people):
    t2 = Task.objects.get(report=imported.report, key="t2")
    drop_item(t2, people.office, t2.version)
    report = Report.objects.get(pk=imported.report.pk)
    assert confirm_report(report, people.office, report.version) == 4
    t2.refresh_from_db()
    assert t2.review == Task.Review.DROPPED


def test_it_refuses_review_edits_after_confirmation(ledger):
    with pytest.raises(WorkflowError, match="已确认入账"):
        edit_item(ledger.t1, ledger.people.office, ledger.t1.version, title="x", text="y")


def test_a_second_confirmation_is_a_conflict(imported, people):
    report = Report.objects.get(pk=imported.report.pk)
    stale = report.version
    confirm_report(report, people.office, stale)
    with pytest.raises(Conflict, match="保存冲突"):
        confirm_report(Report.objects.get(pk=report.pk), people.office, stale)


# --- progress and verification -----------------------------------------------------------------


def test_only_verified_figures_count(ledger):
    progress = _file(ledger)
    assert verdict_for(ledger.t1, dt.date(2023, 7, 1)).progress == 0.0
    verify_progress(progress, ledger.people.office, progress.version, accept=True)
    assert verdict_for(ledger.t1, dt.date(2023, 7, 1)).progress == 100.0


def test_a_return_needs_a_reason_and_notifies_the_filer(ledger):
    progress = _file(ledger)
    with pytest.raises(WorkflowError, match="理由"):
        verify_progress(progress, ledger.people.office, progress.version, accept=False, reason="  ")
    mail.outbox.clear()
    verify_progress(progress, ledger.people.office, progress.version, accept=False, reason="缺少佐证")
    progress.refresh_from_db()
    assert progress.state == ProgressReport.State.RETURNED
    note = Notification.objects.get(user=ledger.people.lead, kind="returned")
    assert "缺少佐证" in note.message


def test_returned_reports_are_refiled_then_verified(ledger):
    progress = _file(ledger)
    verify_progress(progress, ledger.people.office, progress.version, accept=False, reason="数字有误")
    progress.refresh_from_db()
    target = ledger.t1.targets.get(metric="新建中小学")
    refile_progress(progress, ledger.people.lead, progress.version, narrative="已更正", figures={target.pk: 6})
    progress.refresh_from_db()
    assert progress.state == ProgressReport.State.FILED and progress.figures.get(target=target).value == 6
    verify_progress(progress, ledger.people.office, progress.version, accept=True)
    progress.refresh_from_db()
    assert progress.state == ProgressReport.State.VERIFIED
    assert list(progress.verifications.values_list("decision", flat=True)) == ["accept", "return"]
    assert progress.history.count() >= 4  # filed, returned, refiled, verified


def test_verifying_twice_from_the_same_page_is_a_conflict(ledger):
    progress = _file(ledger)
    version = progress.version
    verify_progress(progress, ledger.people.office, version, accept=True)
    with pytest.raises(Conflict):
        verify_progress(ProgressReport.objects.get(pk=progress.pk), ledger.people.office, version, accept=False, reason="迟到的退回")
    assert ProgressReport.objects.get(pk=progress.pk).state == ProgressReport.State.VERIFIED


def test_a_verified_report_cannot_be_refiled(ledger):
    progress = _file(ledger)
    verify_progress(progress, ledger.people.office, progress.version, accept=True)
    progress.refresh_from_db()
    with pytest.raises(Conflict):
        refile_progress(progress, ledger.people.lead, progress.version, narrative="改一下")


def test_one_report_per_department_period_and_type(ledger):
    _file(ledger)
    with pytest.raises(WorkflowError, match="已报送"):
        _file(ledger)


@pytest.mark.parametrize("period", ["2023-13", "2023/06", "", "23-06"])
def test_it_refuses_a_malformed_period(ledger, period):
    with pytest.raises(WorkflowError, match="YYYY-MM"):
        _file(ledger, period=period)


def test_it_refuses_figures_for_another_tasks_targets(ledger):
    with pytest.raises(WorkflowError, match="不属于"):
        _file(ledger, figures={999999: 1})


def test_stages_give_progress_when_their_report_is_verified(ledger):
    task = ledger.stages
    set_milestones(task, ledger.people.office, task.version, [
        {"title": "方案", "weight": 1, "due": dt.date(2023, 3, 31)},
        {"title": "建设", "weight": 3, "due": dt.date(2023, 9, 30)},
    ])
    first = Milestone.objects.get(task=task, title="方案")
    progress = file_progress(task, ledger.people.lead, department=ledger.departments.fgw, report_type=_regular(),
                             period="2023-04", narrative="方案已印发", milestones=[first])
    assert verdict_for(task, dt.date(2023, 4, 30)).progress == 0.0
    verify_progress(progress, ledger.people.office, progress.version, accept=True)
    verdict = verdict_for(Task.objects.get(pk=task.pk), dt.date(2023, 4, 30))
    assert (verdict.progress, verdict.expected, verdict.status) == (25.0, 25.0, "normal")


def test_set_milestones_refuses_a_zero_weight(ledger):
    with pytest.raises(WorkflowError, match="权重"):
        set_milestones(ledger.stages, ledger.people.office, ledger.stages.version, [{"title": "x", "weight": 0}])


# --- status flips, history, reminders ----------------------------------------------------------


def test_status_flips_are_recorded(ledger):
    refresh_status(ledger.t1, today=dt.date(2023, 1, 2))
    refresh_status(ledger.t1, today=dt.date(2023, 3, 15))
    refresh_status(ledger.t1, today=dt.date(2023, 3, 16))
    flips = list(StatusChange.objects.filter(task=ledger.t1).order_by("at", "id").values_list("new", flat=True))
    assert flips[-2:] == ["normal", "yellow"] or flips[-1] == "yellow"
    assert AuditEvent.objects.filter(action="status.changed", object_id=str(ledger.t1.pk)).exists()


def test_every_change_keeps_who_and_before_after(ledger):
    rows = list(ledger.t1.history.order_by("history_date", "history_id"))
    assert rows[-1].history_user == ledger.people.office
    changes = [c for new, old in zip(rows[1:], rows, strict=False) for c in new.diff_against(old).changes]
    lead = next(c for c in changes if c.field == "lead_department")
    assert (lead.old, lead.new) == (None, ledger.departments.fgw.pk)
    confirm_events = AuditEvent.objects.filter(action="report.confirmed")
    assert confirm_events.count() == 1 and confirm_events.get().actor == ledger.people.office


def test_reminders_are_sent_once_per_period(ledger, settings):
    settings.LEDGER_REPORT_DUE_DAY = 20
    today = dt.date(2023, 12, 25)  # 6 days before the deadline, nothing filed in December
    first = send_reminders(today)
    second = send_reminders(today)
    assert first["due_soon"] >= 1 and first["no_report"] >= 1
    assert second == {"due_soon": 0, "overdue": 0, "no_report": 0}
    led = Task.objects.filter(review="active", lead_department=ledger.departments.fgw).count()
    assert Notification.objects.filter(user=ledger.people.lead, kind="no_report").count() == led
    assert not Notification.objects.filter(user=ledger.people.outsider).exists()
    overdue = send_reminders(dt.date(2024, 1, 3))
    assert overdue["overdue"] >= 1


def test_reminders_go_out_by_mail(ledger, settings, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(dt.date(2023, 12, 25))
    to_lead = [m for m in mail.outbox if m.to == ["lead@example.cn"]]
    assert to_lead and all(m.subject.startswith("[督办]") for m in to_lead)
