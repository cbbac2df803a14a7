"""``duban worker``: runs queued jobs (django-tasks' database worker) and the daily schedule."""

from __future__ import annotations

__all__ = ["run"]


def run(*, queues: str = "*", interval: float = 1.0, batch: bool = False, max_tasks: int | None = None,
        schedule: bool = True, verbosity: int = 1) -> None:
    from django.core.management import call_command

    from .recovery import recover_abandoned, worker_id
    from .schedule import Scheduler, enqueue_daily

    recover_abandoned()

    if schedule:
        if batch:
            enqueue_daily()
        else:
            Scheduler().start()
    options = {"queue_name": queues, "interval": interval, "batch": batch, "reload": False, "verbosity": verbosity,
               # unique across machines: two app servers may each run a worker on one PostgreSQL
               "worker_id": worker_id(), "startup_delay": not batch}
    if max_tasks:
        options["max_tasks"] = max_tasks
    call_command("db_worker", **options)
