"""``/readyz``: each check fails for its own reason with a 503; ``/healthz`` stays cheap.
(The database refusing writes is tested with the rest of the storage failures.)"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from duban.web.ops import readiness

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_migration_memo():
    readiness._migrations_ok_at.clear()
    yield
    readiness._migrations_ok_at.clear()


def test_ready_when_everything_holds(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    r = client.get("/readyz")
    assert r.status_code == 200, r.content
    assert r.json()["checks"] == {"database": "ok", "migrations": "ok", "queue": "ok", "evidence": "ok"}
    assert r["Cache-Control"] == "no-store"
    assert list((tmp_path / "private").iterdir()) == []  # the probe file is gone


def test_the_probe_write_is_rolled_back(client):
    from duban.web.ledger.models import LedgerStamp

    before = list(LedgerStamp.objects.values_list("pk", "n"))
    assert client.get("/readyz").status_code == 200
    assert list(LedgerStamp.objects.values_list("pk", "n")) == before


def test_an_unwritable_evidence_directory_is_not_ready(client, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "private"
    r = client.get("/readyz")
    assert r.status_code == 503
    assert r.json()["checks"]["evidence"].startswith("evidence directory not writable")
    assert str(tmp_path) not in r.content.decode()  # no paths on a public probe


def test_a_nearly_full_disk_is_not_ready(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.READYZ_MIN_FREE_MB = 10**12  # more than any disk has
    r = client.get("/readyz")
    assert r.status_code == 503
    assert "MB free" in r.json()["checks"]["evidence"]


def test_the_database_queue_is_checked(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "daily"]}}
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json()["oldest_waiting_s"] == 0
    with connection.cursor() as cur:  # DDL is rolled back with the test's transaction
        cur.execute("DROP TABLE django_tasks_database_dbtaskresult")
    r = client.get("/readyz")
    assert r.status_code == 503 and r.json()["checks"]["queue"].startswith("queue unreachable")


@pytest.mark.django_db(transaction=True)
def test_unapplied_migrations_are_not_ready(client):
    call_command("migrate", "audit", "0002", verbosity=0)
    try:
        r = client.get("/readyz")
        assert r.status_code == 503
        assert "1 migration(s) not applied (audit.0003_refuse_replace)" in r.json()["checks"]["migrations"]
    finally:
        call_command("migrate", "audit", verbosity=0)
    readiness._migrations_ok_at.clear()
    assert client.get("/readyz").status_code == 200


def test_healthz_does_not_write(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get("/healthz").status_code == 200
