"""The audit table refuses UPDATE and DELETE at the database level (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from duban.web.audit.models import AuditEvent
from duban.web.audit.record import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(people):
    return record(people.office, "report.imported", people.office, {"n": 1})


def _refused(fn) -> bool:
    try:
        with transaction.atomic():
            fn()
    except DatabaseError as exc:
        return "append-only" in str(exc) or "DELETE refused" in str(exc) or "refused" in str(exc)
    return False


def test_it_refuses_an_orm_update(event):
    assert _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(action="edited"))
    assert AuditEvent.objects.get(pk=event.pk).action == "report.imported"


def test_it_refuses_a_raw_update(event):
    def raw():
        with connection.cursor() as cur:
            cur.execute("UPDATE audit_auditevent SET actor_repr = 'someone else' WHERE id = %s", [event.pk])

    assert _refused(raw)


def test_it_refuses_deleting_recent_events(event):
    assert _refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())
    assert _refused(lambda: AuditEvent.objects.all().delete())
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_it_allows_pruning_events_past_the_retention_period(people):
    old = AuditEvent.objects.create(at=timezone.now() - dt.timedelta(days=200), actor_repr="system", action="report.imported")
    AuditEvent.objects.filter(pk=old.pk).delete()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


def test_bulk_changes_are_recorded_too(ledger):
    """Confirmation touches every item: each keeps its own history row (no silent QuerySet.update)."""
    from duban.web.ledger.models import Task

    for task in Task.objects.filter(report=ledger.report, review="active"):
        assert task.history.filter(review="active").exists()
    assert AuditEvent.objects.filter(action="report.confirmed").get().changes["tasks"] == 5
