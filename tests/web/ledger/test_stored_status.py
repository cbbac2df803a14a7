"""The stored status equals the computed one after every workflow step; the daily job repairs drift."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.web.ledger import clock
from duban.web.ledger.models import Target, Task
from duban.web.ledger.services import daily_refresh, latest_figures, verdict_for
from duban.web.ledger.workflow import (
    assign_task,
    edit_target,
    file_progress,
    refile_progress,
    report_types,
    set_milestones,
    verify_progress,
)

pytestmark = pytest.mark.django_db
DAY = dt.date(2023, 6, 15)


def assert_stored_equals_computed(task: Task, day: dt.date = DAY) -> None:
    task = Task.objects.get(pk=task.pk)
    computed = verdict_for(task, day)
    assert task.status_date == day
    assert (task.status, task.status_reason, task.progress, task.expected) == (
        computed.status, computed.reason[:200], computed.progress, computed.expected)
    latest = latest_figures([task.pk]).get(task.pk, {})
    assert {t.pk: t.latest_value for t in Target.objects.filter(task=task)} == {
        t.pk: latest.get(t.pk) for t in Target.objects.filter(task=task)}


def test_stored_status_follows_every_workflow_step(ledger):
    people, fgw, mzj = ledger.people, ledger.departments.fgw, ledger.departments.mzj
    regular = next(t for t in report_types() if t.code == "regular")
    with clock.travel(DAY):
        task = Task.objects.get(pk=ledger.t1.pk)
        assign_task(task, people.office, task.version, lead=fgw, cooperating=[mzj], deadline=dt.date(2023, 12, 31))
        assert_stored_equals_computed(task)
        schools, jobs = (Target.objects.get(task=task, metric=m) for m in ("新建中小学", "城镇新增就业"))

        june = file_progress(task, people.lead, department=fgw, report_type=regular, period="2023-06",
                             narrative="进展", figures={schools.pk: 6, jobs.pk: 20000})
        assert_stored_equals_computed(task)
        assert Task.objects.get(pk=task.pk).progress == 0  # filed, not verified: does not count

        verify_progress(june, people.office, june.version, accept=True)
        assert_stored_equals_computed(task)
        stored = Task.objects.get(pk=task.pk)
        assert stored.progress > 0 and Target.objects.get(pk=schools.pk).latest_value == 6

        july = file_progress(task, people.lead, department=fgw, report_type=regular, period="2023-07",
                             narrative="进展", figures={schools.pk: 12, jobs.pk: 45000})
        verify_progress(july, people.office, july.version, accept=False, reason="请附佐证")
        assert_stored_equals_computed(task)
        assert Target.objects.get(pk=schools.pk).latest_value == 6  # a returned figure does not count

        july.refresh_from_db()
        refile_progress(july, people.lead, july.version, narrative="补充佐证", figures={schools.pk: 12, jobs.pk: 45000})
        assert_stored_equals_computed(task)
        july.refresh_from_db()
        verify_progress(july, people.office, july.version, accept=True)
        assert_stored_equals_computed(task)
        assert Task.objects.get(pk=task.pk).status == "done"

        edit_target(Target.objects.get(pk=jobs.pk), people.office, value=90000)  # the goal moves: no longer done
        assert_stored_equals_computed(task)
        assert Task.objects.get(pk=task.pk).status != "done"

        task.refresh_from_db()
        assign_task(task, people.office, task.version, lead=fgw, cooperating=[], deadline=dt.date(2023, 6, 30))
        assert_stored_equals_computed(task)
        assert Task.objects.get(pk=task.pk).status == "yellow"  # 75 % verified against 91 % expected

        stages = Task.objects.get(pk=ledger.stages.pk)
        set_milestones(stages, people.office, stages.version, [
            {"title": "立项", "weight": 1, "due": dt.date(2023, 3, 1)},
            {"title": "建成", "weight": 3, "due": dt.date(2023, 11, 30)}])
        assert_stored_equals_computed(stages)
        assert Task.objects.get(pk=stages.pk).status == "yellow"  # a quarter of the weight due, none done


def test_the_daily_job_moves_statuses_on_and_repairs_drift(ledger):
    with clock.travel(DAY):
        task = Task.objects.get(pk=ledger.t1.pk)
        assign_task(task, ledger.people.office, task.version, lead=ledger.departments.fgw, cooperating=[],
                    deadline=dt.date(2023, 12, 31))
        clean = daily_refresh(DAY)
    assert clean.drift == [] and clean.checked == Task.objects.filter(review="active").count()

    # Something wrote the status behind the ledger's back: the next run says so and repairs it.
    Task.objects.filter(pk=task.pk).update(status="done", progress=100)
    later = dt.date(2024, 1, 5)
    result = daily_refresh(later)
    assert result.drift == [task.pk] and result.as_dict()["drift"] == 1
    assert_stored_equals_computed(task, later)
    assert Task.objects.get(pk=task.pk).status == "red"  # the calendar moved on: past the deadline
    assert daily_refresh(later).drift == []
