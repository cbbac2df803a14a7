"""The audit trail holds against every SQL statement that could rewrite or remove a row, on
SQLite and PostgreSQL (the Makefile runs this file on both), and the ledger refuses to start
while the guard is incomplete."""

from __future__ import annotations

import datetime as dt
import importlib
import sqlite3
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from duban.web.audit import guards
from duban.web.audit.checks import require_guards
from duban.web.audit.models import AuditEvent
from duban.web.audit.record import record

COLUMNS = "id, at, actor_repr, action, object_id, object_repr, changes"
VALUES = "%s, %s, 'forger', 'report.imported', '', 'rewritten', '{}'"

# Each way of rewriting or removing an audit row, per database (None: the statement does not exist there).
STATEMENTS = {
    "update": {"sqlite": "UPDATE audit_auditevent SET actor_repr = 'forger' WHERE id = %s",
               "postgresql": "UPDATE audit_auditevent SET actor_repr = 'forger' WHERE id = %s"},
    "delete": {"sqlite": "DELETE FROM audit_auditevent WHERE id = %s",
               "postgresql": "DELETE FROM audit_auditevent WHERE id = %s"},
    "replace-into": {"sqlite": f"REPLACE INTO audit_auditevent ({COLUMNS}) VALUES ({VALUES})"},
    "insert-or-replace": {"sqlite": f"INSERT OR REPLACE INTO audit_auditevent ({COLUMNS}) VALUES ({VALUES})"},
    "update-or-replace": {"sqlite": "UPDATE OR REPLACE audit_auditevent SET actor_repr = 'forger' WHERE id = %s"},
    "upsert": {
        "sqlite": f"INSERT INTO audit_auditevent ({COLUMNS}) VALUES ({VALUES}) "
                  "ON CONFLICT(id) DO UPDATE SET actor_repr = excluded.actor_repr",
        "postgresql": f"INSERT INTO audit_auditevent ({COLUMNS}) VALUES ({VALUES}) "
                      "ON CONFLICT (id) DO UPDATE SET actor_repr = EXCLUDED.actor_repr"},
    "insert-existing-id": {"sqlite": f"INSERT INTO audit_auditevent ({COLUMNS}) VALUES ({VALUES})",
                           "postgresql": f"INSERT INTO audit_auditevent ({COLUMNS}) VALUES ({VALUES})"},
    "merge": {"postgresql": "MERGE INTO audit_auditevent a USING (SELECT %s::bigint AS id) s ON a.id = s.id "
                            "WHEN MATCHED THEN UPDATE SET actor_repr = 'forger'"},
    "merge-delete": {"postgresql": "MERGE INTO audit_auditevent a USING (SELECT %s::bigint AS id) s ON a.id = s.id "
                                   "WHEN MATCHED THEN DELETE"},
    "truncate": {"postgresql": "TRUNCATE audit_auditevent"},
}


def _params(sql: str, event) -> list:
    n = sql.count("%s")
    return [event.pk, timezone.now()][:n] if n <= 2 else []


def _attempt(sql: str, event) -> DatabaseError | None:
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, _params(sql, event))
    except DatabaseError as exc:
        return exc
    return None


def _unchanged(event) -> bool:
    row = AuditEvent.objects.filter(pk=event.pk).values("actor_repr", "object_repr").first()
    return row == {"actor_repr": event.actor_repr, "object_repr": event.object_repr}


@pytest.fixture
def event(db):
    return record(None, "report.imported", None, {"n": 1})


@pytest.fixture
def old_event(db):
    """Past the retention period: DELETE may prune it, nothing may rewrite it."""
    return AuditEvent.objects.create(at=timezone.now() - dt.timedelta(days=200), actor_repr="system",
                                     action="report.imported", object_repr="old")


@pytest.mark.parametrize("kind", sorted(STATEMENTS))
def test_every_rewriting_statement_is_refused(event, kind):
    sql = STATEMENTS[kind].get(connection.vendor)
    if sql is None:
        pytest.skip(f"{kind} is not a {connection.vendor} statement")
    assert _attempt(sql, event) is not None, f"{kind} went through"
    assert _unchanged(event)
    assert AuditEvent.objects.count() == 1


@pytest.mark.parametrize("kind", ["replace-into", "insert-or-replace", "upsert", "update", "update-or-replace", "merge"])
def test_an_event_past_retention_can_be_pruned_but_not_rewritten(old_event, kind):
    sql = STATEMENTS[kind].get(connection.vendor)
    if sql is None:
        pytest.skip(f"{kind} is not a {connection.vendor} statement")
    assert _attempt(sql, old_event) is not None
    assert _unchanged(old_event)
    AuditEvent.objects.filter(pk=old_event.pk).delete()
    assert not AuditEvent.objects.exists()


def test_appending_still_works(event):
    record(None, "report.confirmed", None, {})
    with connection.cursor() as cur:
        cur.execute("INSERT INTO audit_auditevent (at, actor_repr, action, object_id, object_repr, changes) "
                    "VALUES (%s, 'system', 'report.imported', '', '', '{}')", [timezone.now()])
    assert AuditEvent.objects.count() == 3


def test_every_connection_turns_recursive_triggers_on(db):
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite pragma")
    with connection.cursor() as cur:
        cur.execute("PRAGMA recursive_triggers")
        assert cur.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_replace_is_refused_from_a_connection_without_the_pragma():
    """The sqlite3 shell (or any script) opens the file without recursive_triggers: the guard
    must not depend on it."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's REPLACE")
    event = record(None, "report.imported", None, {})
    shell = sqlite3.connect(connection.settings_dict["NAME"], timeout=20)
    try:
        assert shell.execute("PRAGMA recursive_triggers").fetchone()[0] == 0
        for sql in ("REPLACE INTO", "INSERT OR REPLACE INTO"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                shell.execute(f"{sql} audit_auditevent ({COLUMNS}) VALUES (?, ?, 'forger', 'report.imported', '', "
                              "'rewritten', '{}')", [event.pk, timezone.now().isoformat()])
            shell.rollback()
    finally:
        shell.close()
    assert _unchanged(event)


def _drop_a_guard():
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"ALTER TABLE {guards.TABLE} DISABLE TRIGGER audit_no_change")
            return "trigger audit_no_change"
        cur.execute("DROP TRIGGER audit_no_replace")
        return "trigger audit_no_replace"


def test_the_guard_is_complete_after_migrations(db):
    assert guards.missing(connection) == []
    require_guards()
    call_command("check", databases=["default"])


def test_start_up_is_refused_when_a_guard_is_missing(db):
    name = _drop_a_guard()
    assert guards.missing(connection) == [name]
    with pytest.raises(ImproperlyConfigured, match=name):
        require_guards()
    with pytest.raises(SystemCheckError, match="audit.E001"):
        call_command("check", databases=["default"])
    # The WSGI application (gunicorn, `duban serve`) refuses to load.
    sys.modules.pop("duban.web.wsgi", None)
    with pytest.raises(ImproperlyConfigured, match="refusing to serve"):
        importlib.import_module("duban.web.wsgi")
    sys.modules.pop("duban.web.wsgi", None)
    guards.install(connection)
    assert guards.missing(connection) == []


def test_duban_serve_refuses_to_start_without_the_guard(tmp_path):
    """The production server on a database whose audit trigger was dropped: one line, exit 2."""
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")}
    env.update(DUBAN_VAR_DIR=str(tmp_path), SECRET_KEY="test-only-secret-key-for-the-guard-test-0123456789abcdefghijkl",
               ALLOWED_HOSTS="127.0.0.1", DEBUG="0")
    run = subprocess.run([sys.executable, "-m", "duban", "manage", "migrate", "--verbosity", "0"], cwd=root, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    db = sqlite3.connect(tmp_path / "duban.sqlite3")
    db.execute("DROP TRIGGER audit_no_replace")
    db.commit()
    db.close()
    serve = subprocess.run([sys.executable, "-m", "duban", "serve", "--no-migrate", "--no-collectstatic", "--port", "1"],
                           cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert serve.returncode == 2, serve.stderr[-2000:]
    assert "refusing to serve" in serve.stderr and "audit_no_replace" in serve.stderr
