"""Jobs whose worker died: run again once, then failed with a reason.

django-tasks' database worker marks a task failed when it raises or is stopped with SIGTERM,
but a worker killed outright (SIGKILL, out of memory, power loss) leaves its task ``RUNNING``
for ever and the page watching it at "进行中". A worker starting on a machine looks for tasks
claimed by a process of that machine that no longer exists: such a task is queued again (the
jobs are idempotent: an import is one transaction, a briefing is rebuilt), and one already
tried :data:`MAX_ATTEMPTS` times is failed, with its progress row, so it cannot crash workers
in a loop. Workers of other machines (several app servers on one PostgreSQL) are left alone:
whether their process lives cannot be seen from here.
"""

from __future__ import annotations

import logging
import os
import socket

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

__all__ = ["MAX_ATTEMPTS", "WorkerLost", "worker_id", "recover_abandoned", "tracks"]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 2

# task module path -> "app_label.Model" of the ProgressJob its first argument names
_PROGRESS_MODELS: dict[str, str] = {}


class WorkerLost(Exception):
    """Recorded as the failure of a task whose worker process disappeared."""


def tracks(model_label: str):
    """Declare that a task's first argument is the primary key of a ProgressJob row, so that a
    task abandoned by its worker fails that row too (``@tracks("ledger.ImportJob")`` above ``@task()``)."""
    def register(task):
        _PROGRESS_MODELS[task.module_path] = model_label
        return task
    return register


def worker_id(pid: int | None = None) -> str:
    """The id a worker of this machine claims tasks with: host name and process id."""
    return f"{socket.gethostname()}-{pid or os.getpid()}"[:64]


def _parse_worker(worker: str) -> tuple[str, int | None]:
    host, _, pid = worker.rpartition("-")
    return host, (int(pid) if pid.isdigit() else None)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def _dead_local_worker(worker: str) -> bool:
    host, pid = _parse_worker(worker)
    return pid is not None and host == _parse_worker(worker_id())[0] and not _alive(pid)


def recover_abandoned() -> dict:
    """Requeue or fail the tasks left running by dead workers of this machine; returns the counts."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    counts = {"requeued": 0, "failed": 0}
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        if not result.worker_ids or not _dead_local_worker(result.worker_ids[-1]):
            continue
        with transaction.atomic():
            # locked and re-read: two workers starting at once must not both act on it
            result = DBTaskResult.objects.select_for_update().get(pk=result.pk)
            if result.status != TaskResultStatus.RUNNING or not _dead_local_worker(result.worker_ids[-1]):
                continue
            if len(result.worker_ids) < MAX_ATTEMPTS:
                result.status, result.started_at = TaskResultStatus.READY, None
                result.save(update_fields=["status", "started_at"])
                counts["requeued"] += 1
                log.warning("task %s (%s) was left running by dead worker %s: queued again", result.pk,
                            result.task_path, result.worker_ids[-1])
                continue
            reason = f"后台进程在运行此任务时中止（已尝试 {len(result.worker_ids)} 次）"
            result.status, result.finished_at = TaskResultStatus.FAILED, timezone.now()
            result.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
            result.traceback = reason
            result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            _fail_progress_row(result, reason)
            counts["failed"] += 1
            log.error("task %s (%s) abandoned %d times by dead workers: failed", result.pk, result.task_path,
                      len(result.worker_ids))
    return counts


def _fail_progress_row(result, reason: str) -> None:
    from . import progress

    try:
        import_string(result.task_path)  # registers its @tracks declaration
    except ImportError:
        return
    label = _PROGRESS_MODELS.get(result.task_path)
    args = (result.args_kwargs or {}).get("args") or []
    if label and args:
        progress.fail(apps.get_model(label), args[0], reason)
