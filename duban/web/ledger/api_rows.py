"""Rows of the API's task list as plain dicts: three queries for any number of tasks.

Model instances with two prefetches and per-object resolvers cost most of the list's time;
these rows carry exactly the fields of ``TaskOut`` and are cached with the ledger's stamp.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef

from duban.web.ledger.models import Target, Task

FIELDS = ("id", "report_id", "title", "text", "list_name", "review", "lead_department__name", "start_date", "deadline",
          "status", "status_reason", "progress", "expected", "version")


def task_rows(qs) -> list[dict]:
    rows = list(qs.select_related(None).annotate(
        measurable=Exists(Target.objects.filter(task=OuterRef("pk")))).values(*FIELDS, "measurable"))
    cooperating: dict[int, list[str]] = defaultdict(list)
    through = Task.cooperating.through
    for task_id, name in (through.objects.filter(task_id__in=qs.order_by().values("pk"))
                          .order_by("department__name").values_list("task_id", "department__name")):
        cooperating[task_id].append(name)
    for r in rows:
        r["lead_department"] = r.pop("lead_department__name")
        r["cooperating"] = cooperating.get(r["id"], [])
    return rows
