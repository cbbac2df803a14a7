"""Keeping the search index current and querying it, on SQLite and PostgreSQL."""

from __future__ import annotations

from django.db import connection

from .models import SearchEntry
from .tokens import index_text, query_terms

__all__ = ["document_text", "reindex_task", "rebuild", "search_task_ids"]


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
    for task in Task.objects.select_related("lead_department").prefetch_related("targets").iterator(chunk_size=500):
        reindex_task(task)
        count += 1
    return count


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
