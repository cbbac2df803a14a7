"""The daily job's schedule: once per ledger day, from ``LEDGER_DAILY_HOUR`` on.

Every worker checks the clock about once a minute; the first to see a new day inserts its
:class:`DailyRun` row and enqueues the job in the same transaction. The row's unique date
means two workers (or two machines) never run the day twice.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from .models import DailyRun

__all__ = ["enqueue_daily", "Scheduler"]

log = logging.getLogger(__name__)


def enqueue_daily(now=None) -> DailyRun | None:
    """Enqueue today's daily job unless it already was; returns the new run, or None."""
    from duban.web.ledger import clock
    from duban.web.ledger.jobs import daily_job

    day = clock.today()
    # A ledger on the wall clock waits for the hour; a demo's frozen day is due at once.
    if not clock.is_shifted() and timezone.localtime(now).hour < settings.LEDGER_DAILY_HOUR:
        return None
    if DailyRun.objects.filter(date=day).exists():
        return None
    try:
        with transaction.atomic():
            run = DailyRun.objects.create(date=day)
            daily_job.enqueue(day.isoformat())
    except IntegrityError:  # another worker got there first
        return None
    log.info("daily job for %s enqueued", day)
    return run


class Scheduler(threading.Thread):
    """A daemon thread beside the worker that enqueues the daily job when a new day starts."""

    def __init__(self, every: float = 60.0):
        super().__init__(name="duban-daily-schedule", daemon=True)
        self.every = every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                enqueue_daily()
            except Exception:  # a database hiccup must not stop the schedule; next minute tries again
                log.exception("could not check the daily schedule")
            finally:
                close_old_connections()
            self.stopped.wait(self.every)

    def stop(self) -> None:
        self.stopped.set()
