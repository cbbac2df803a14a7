"""Reindex a task when it or one of its targets is saved.

Tasks and targets are written one row at a time by the ledger (history needs
it), so post_save sees every change; `duban manage rebuild_search_index`
rebuilds everything after a restore or a bulk load.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from duban.web.ledger.models import Target, Task

from .index import reindex_task


def _schedule(task_id: int) -> None:
    # After commit: an import that rolls back leaves no index rows behind. A task
    # saved several times in one transaction is tokenised each time; that costs
    # well under a millisecond per task.
    def run():
        task = Task.objects.select_related("lead_department").filter(pk=task_id).first()
        if task is not None:
            reindex_task(task)

    transaction.on_commit(run)


@receiver(post_save, sender=Task, dispatch_uid="search_task_saved")
def task_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _schedule(instance.pk)


@receiver(post_save, sender=Target, dispatch_uid="search_target_saved")
def target_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _schedule(instance.task_id)
