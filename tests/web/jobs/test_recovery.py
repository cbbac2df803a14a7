"""A worker killed outright (SIGKILL, out of memory) leaves its task "running": the next worker
on the machine runs it again once, and fails it (with the page's job) after that."""

from __future__ import annotations

import subprocess

import pytest

from duban.web.briefing.models import BriefingJob
from duban.web.jobs.recovery import MAX_ATTEMPTS, worker_id

from .test_queue import real_queue, worker_batch  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def dead_worker() -> str:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return worker_id(proc.pid)


def claimed_by(*workers: str):
    """The queued briefing task as a killed worker leaves it."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    result = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=result.pk).update(status=TaskResultStatus.RUNNING, worker_ids=list(workers))
    BriefingJob.objects.update(state="running", percent=40)
    return result


def start_briefing(ledger):
    from .conftest_helpers import office_client

    client = office_client(ledger)
    resp = client.post("/briefing/new/", {"period": "2023-06", "fmt": "docx"})
    assert resp.status_code == 302
    return client, resp["Location"]


def test_a_task_left_running_by_a_dead_worker_is_run_again(real_queue, ledger):  # noqa: F811
    client, page = start_briefing(ledger)
    claimed_by(dead_worker())
    proc = worker_batch("--no-schedule")
    assert proc.returncode == 0, proc.stderr[-3000:]
    status = client.get(page + "status.json").json()
    assert status["state"] == "done" and status["download"]


def test_a_task_that_keeps_losing_its_worker_fails_with_a_reason(real_queue, ledger):  # noqa: F811

    client, page = start_briefing(ledger)
    result = claimed_by(*[dead_worker() for _ in range(MAX_ATTEMPTS)])
    proc = worker_batch("--no-schedule")
    assert proc.returncode == 0, proc.stderr[-3000:]
    result.refresh_from_db()
    assert result.status == "FAILED" and result.exception_class_path.endswith("WorkerLost")
    status = client.get(page + "status.json").json()
    assert status["state"] == "failed" and "中止" in status["message"]


def test_a_task_of_a_live_worker_is_left_alone(real_queue, ledger):  # noqa: F811
    from duban.web.jobs.recovery import recover_abandoned

    start_briefing(ledger)
    result = claimed_by(worker_id())  # this very process: alive
    assert recover_abandoned() == {"requeued": 0, "failed": 0}
    result.refresh_from_db()
    assert result.status == "RUNNING"
    elsewhere = claimed_by("another-machine-4242")  # cannot be checked from here
    assert recover_abandoned() == {"requeued": 0, "failed": 0}
    elsewhere.refresh_from_db()
    assert elsewhere.status == "RUNNING"
