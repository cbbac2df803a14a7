"""Keeping the search index current and querying it, on SQLite and PostgreSQL."""

from __future__ import annotations

from django.db import connection, transaction

from .models import SearchEntry
from .tokens import index_text, query_terms

__all__ = ["document_text", "reindex_task", "rebuild", "repair", "search_task_ids"]


def document_text(task) -> str:
    """What a task is found by: its title, text, list, departments and target metrics."""
    parts = [task.title, task.text, task.list_name, task.lead_department_text]
    if task.lead_department_id:
        parts.append(task.lead_department.name)
    parts.extend(t.metric for t in task.targets.all())
    return index_text(*parts)


def reindex_task(task) -> None:
    SearchEntry.objects.update_or_create(task_id=task.pk, defaults={"tokens": document_text(task)})


def rebuild() -> int:
    from duban.web.ledger.models import Task

    count = 0
    with transaction.atomic():  # one commit (one fsync on SQLite), and a rebuild is all or nothing
        for task in Task.objects.select_related("lead_department").prefetch_related("targets").iterator(chunk_size=500):
            reindex_task(task)
            count += 1
    return count


def repair(task_ids=None, *, chunk: int = 500) -> int:
    """Write the index rows that are missing or no longer match their task (all tasks, or
    ``task_ids``); returns how many were written. The daily job and a re-import run it: an
    index written after its transaction committed can be lost to a kill in between."""
    from duban.web.ledger.models import Task

    tasks = Task.objects.select_related("lead_department").prefetch_related("targets").order_by("pk")
    if task_ids is not None:
        tasks = tasks.filter(pk__in=list(task_ids))
    written = 0
    last = 0
    while True:
        batch = list(tasks.filter(pk__gt=last)[:chunk])
        if not batch:
            return written
        last = batch[-1].pk
        stored = dict(SearchEntry.objects.filter(task_id__in=[t.pk for t in batch]).values_list("task_id", "tokens"))
        with transaction.atomic():
            for task in batch:
                tokens = document_text(task)
                if stored.get(task.pk) != tokens:
                    SearchEntry.objects.update_or_create(task_id=task.pk, defaults={"tokens": tokens})
                    written += 1


def search_task_ids(query: str) -> list[int]:
    """Ids of tasks whose text holds every term of ``query``.

    The full-text index answers whole words; a query the word index cannot
    answer (a fragment across jieba's word boundaries, e.g. "热工") falls back to
    a plain substring match on the task text, so nothing visible is unfindable.
    """
    terms = query_terms(query)
    if not terms:
        return []
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            match = " AND ".join(f'"{t}"' for t in terms)
            cur.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [match])
        else:
            cur.execute(
                "SELECT task_id FROM search_searchentry "
                "WHERE to_tsvector('simple', tokens) @@ to_tsquery('simple', %s)",
                [" & ".join(terms)],
            )
        ids = [row[0] for row in cur.fetchall()]
    if ids:
        return ids
    from django.db.models import Q

    from duban.web.ledger.models import Task

    cond = Q()
    for word in query.split():
        cond &= Q(text__icontains=word) | Q(title__icontains=word)
    return list(Task.objects.filter(cond).values_list("id", flat=True)[:2000])
