"""Reindex a task when it or one of its targets is saved.

Tasks and targets are written one row at a time by the ledger (history needs
it), so post_save sees every change; `duban manage rebuild_search_index`
rebuilds everything after a restore or a bulk load.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from duban.web.ledger.models import Target, Task

from .index import reindex_task


def _reindex(task_ids) -> None:
    with transaction.atomic():
        for task in Task.objects.select_related("lead_department").filter(pk__in=task_ids):
            reindex_task(task)


def _flush() -> None:
    ids = getattr(connection, "_duban_search_pending", None) or set()
    connection._duban_search_pending = None
    if ids:
        _reindex(ids)


def index_pending_now() -> None:
    """Index what the current transaction changed so far, inside it: the import calls this
    before it commits, so a kill right after the commit cannot leave its tasks unsearchable.
    Later changes in the same transaction are still indexed on commit."""
    ids = getattr(connection, "_duban_search_pending", None)
    if ids:
        connection._duban_search_pending = set()
        _reindex(ids)


def _schedule(task_id: int) -> None:
    # After commit, all at once: an import that rolls back leaves no index rows behind, and
    # an import of 300 tasks writes the index in one transaction instead of 300 (each commit
    # is an fsync with SQLite's synchronous=FULL).
    if not connection.in_atomic_block:
        _reindex([task_id])
        return
    pending = getattr(connection, "_duban_search_pending", None)
    # a rolled-back savepoint discards our callback: register it again
    if pending is None or not any(entry[1] is _flush for entry in connection.run_on_commit):
        pending = connection._duban_search_pending = set()
        transaction.on_commit(_flush)
    pending.add(task_id)


@receiver(post_save, sender=Task, dispatch_uid="search_task_saved")
def task_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _schedule(instance.pk)


@receiver(post_save, sender=Target, dispatch_uid="search_target_saved")
def target_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _schedule(instance.task_id)
