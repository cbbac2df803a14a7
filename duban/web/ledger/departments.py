"""Department names: canonical names, aliases, resolution and the unknown-name queue."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone

from duban.extract.departments import department_list
from duban.web.ledger.models import Department, DepartmentAlias, Task, UnknownDepartment

__all__ = ["normalise", "resolve", "resolve_or_queue", "seed", "map_unknown", "split_names"]

_SPACES = re.compile(r"[\s\u3000]+")
# Several departments in one field: 市发展改革委、市财政局 / 市民政局，市卫健委
_SEPARATORS = re.compile(r"[、，,；;/]|和(?=市)")


def normalise(name: str) -> str:
    """The comparison key: no spaces, no leading 市 (发展改革委 == 市发展改革委)."""
    key = _SPACES.sub("", name or "").strip("（）() ")
    return key[1:] if key.startswith("市") and len(key) > 2 else key


def split_names(text: str) -> list[str]:
    return [part.strip() for part in _SEPARATORS.split(text or "") if part.strip()]


def _index() -> dict[str, int]:
    index: dict[str, int] = {}
    for pk, name in Department.objects.filter(active=True).values_list("pk", "name"):
        index[normalise(name)] = pk
    for dept_id, alias in DepartmentAlias.objects.values_list("department_id", "alias"):
        index.setdefault(normalise(alias), dept_id)
    return index


def resolve(name: str, index: dict[str, int] | None = None) -> Department | None:
    index = _index() if index is None else index
    pk = index.get(normalise(name))
    return Department.objects.get(pk=pk) if pk else None


def resolve_or_queue(name: str, report=None, index: dict[str, int] | None = None) -> Department | None:
    """The department for ``name``; an unknown name is queued for the office and None returned."""
    if not normalise(name):
        return None
    dept = resolve(name, index)
    if dept is not None:
        return dept
    obj, created = UnknownDepartment.objects.get_or_create(name=name.strip(), defaults={"first_report": report})
    if not created and obj.resolved_to_id:
        return obj.resolved_to
    if not created:
        UnknownDepartment.objects.filter(pk=obj.pk).update(seen=obj.seen + 1)
    return None


def _seed_rows() -> tuple:
    """(name, aliases) of the canonical departments of ``duban/extract/lexicon/departments.yaml``."""
    return tuple((d.name, d.aliases) for d in department_list().departments)


def seed() -> int:
    """Create the departments of the data file (idempotent); returns how many were new."""
    from simple_history.utils import bulk_create_with_history

    rows = _seed_rows()
    with transaction.atomic():
        existing = set(Department.objects.filter(name__in=[n for n, _ in rows]).values_list("name", flat=True))
        missing = [Department(name=n) for n, _ in rows if n not in existing]
        if missing:
            # Bulk, with a history row per department (plain bulk_create would skip history).
            bulk_create_with_history(missing, Department)
        ids = dict(Department.objects.filter(name__in=[n for n, _ in rows]).values_list("name", "pk"))
        known = set(DepartmentAlias.objects.values_list("alias", flat=True))
        DepartmentAlias.objects.bulk_create(
            [DepartmentAlias(alias=a, department_id=ids[n]) for n, aliases in rows for a in aliases if a not in known]
        )
    return len(missing)


def map_unknown(unknown: UnknownDepartment, department: Department, user=None) -> int:
    """Resolve a queued name: it becomes an alias, and tasks that named it get their lead.
    Returns the number of tasks linked."""
    from duban.web.ledger.workflow import set_lead_from_text

    with transaction.atomic():
        DepartmentAlias.objects.get_or_create(alias=unknown.name, defaults={"department": department})
        unknown.resolved_to = department
        unknown.resolved_at = timezone.now()
        unknown.save()
        linked = 0
        for task in Task.objects.filter(lead_department__isnull=True, lead_department_text__contains=unknown.name):
            linked += set_lead_from_text(task, user)
    return linked
