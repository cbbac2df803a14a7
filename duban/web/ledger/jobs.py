"""The ledger's queued jobs (django-tasks, see :mod:`duban.web.jobs`).

- ``import_report``: an uploaded report read, extracted and stored (``importer.start_import``
  queues it; the import page shows its progress);
- ``daily_job``: once a day (enqueued by the worker's schedule) every active task's stored
  status moves on with the calendar, any status that no longer matches its inputs is repaired
  and reported, and the reminders go out (due soon, overdue, no report this period).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django_tasks import task

from duban.web.jobs.recovery import tracks

__all__ = ["daily_job", "run_daily", "import_report"]

log = logging.getLogger(__name__)


def run_daily(day: dt.date) -> dict:
    """Refresh every status for ``day``, send the day's reminders; returns what was done."""
    from django.apps import apps

    from duban.web.ledger.services import daily_refresh, remind
    from duban.web.ops.planner import analyze

    refreshed = daily_refresh(day)
    sent = remind(day)
    result = {**refreshed.as_dict(), "reminders": sent}
    if apps.is_installed("duban.web.suggestions"):
        from duban.web.suggestions.workflow import remind as remind_suggestions

        result["suggestion_reminders"] = remind_suggestions(day)
    if apps.is_installed("duban.web.search"):
        from duban.web.search.index import repair

        # Index rows lost between a commit and its after-commit indexing (a kill, a crash).
        result["search_repaired"] = repair()
        if result["search_repaired"]:
            log.warning("daily job %s repaired the search index of %d task(s)", day, result["search_repaired"])
    analyze()  # a day of new reports changes the row counts the planner relies on
    return result


@task(queue_name="daily")
def daily_job(day: str) -> dict:
    from duban.web.jobs.models import DailyRun

    result = run_daily(dt.date.fromisoformat(day))
    DailyRun.objects.update_or_create(date=day, defaults={"finished_at": timezone.now(), "result": result})
    if result["drift"]:
        log.warning("daily job %s repaired the stored status of %d task(s)", day, result["drift"])
    return result


@tracks("ledger.ImportJob")
@task()
def import_report(job_id: int) -> None:
    from duban.web.ledger.importer import run_import_job

    run_import_job(job_id)
