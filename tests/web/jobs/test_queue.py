"""The queue: pages enqueue jobs in the database; a separate ``duban worker`` process runs them.

Transactional tests, so the worker (another process, on the same test database) sees what
the test committed.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from duban.web.briefing.models import BriefingJob
from duban.web.jobs.models import DailyRun
from duban.web.jobs.schedule import enqueue_daily
from duban.web.ledger import clock
from duban.web.ledger.models import Task

ROOT = Path(__file__).resolve().parents[3]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "daily"]}}
pytestmark = pytest.mark.django_db(transaction=True)


def worker_batch(*extra) -> subprocess.CompletedProcess:
    """``duban worker --batch`` on the test's database."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update(DATABASE_URL=url, DUBAN_TEST_DB_NAME="")
    return subprocess.run([sys.executable, "-m", "duban", "worker", "--batch", *extra], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def real_queue(settings):
    settings.TASKS = DATABASE_QUEUE


def test_a_briefing_waits_in_the_queue_until_a_worker_runs_it(real_queue, ledger):
    from .conftest_helpers import office_client

    client = office_client(ledger)
    resp = client.post("/briefing/new/", {"period": "2023-06", "fmt": "docx"})
    assert resp.status_code == 302
    job = BriefingJob.objects.get()
    assert job.state == "queued"
    page = client.get(resp["Location"])
    assert b'id="job-progress"' in page.content  # the page that started it shows its progress
    proc = worker_batch("--no-schedule")
    assert proc.returncode == 0, proc.stderr[-3000:]
    job.refresh_from_db()
    assert job.state == "done" and job.percent == 100 and bytes(job.output)[:2] == b"PK"
    status = client.get(resp["Location"] + "status.json").json()
    assert status["state"] == "done" and status["download"]


def test_a_failed_job_says_why_on_its_page(real_queue, ledger):
    from .conftest_helpers import office_client

    client = office_client(ledger)
    resp = client.post("/briefing/new/", {"period": "2023-06", "fmt": "pdf"})
    # A job whose input no longer makes sense fails with a message on its page; the worker goes on.
    BriefingJob.objects.update(period="2023-13")
    proc = worker_batch("--no-schedule")
    assert proc.returncode == 0, proc.stderr[-3000:]
    status = client.get(resp["Location"] + "status.json").json()
    assert status["state"] == "failed" and "生成失败" in status["message"]


def test_the_daily_job_is_enqueued_once_a_day_and_run_by_the_worker(real_queue, ledger):
    clock.set_as_of(dt.date(2023, 6, 30))
    try:
        Task.objects.filter(pk=ledger.t1.pk).update(status="done")  # drift, for the job to find
        first = enqueue_daily()
        assert first is not None and enqueue_daily() is None  # a second worker finds the day taken
        proc = worker_batch("--no-schedule")
        assert proc.returncode == 0, proc.stderr[-3000:]
        run = DailyRun.objects.get(date=dt.date(2023, 6, 30))
        assert run.finished_at is not None
        assert run.result["drift"] == 1 and run.result["drift_tasks"] == [ledger.t1.pk]
        assert run.result["checked"] == Task.objects.filter(review="active").count()
        assert Task.objects.get(pk=ledger.t1.pk).status != "done"
    finally:
        clock.set_as_of(None)
