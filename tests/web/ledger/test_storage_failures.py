"""When the database refuses writes, every page and API call says so with a 503 in the user's
language, nothing is half-written, and the server recovers by itself when storage returns.

Runs on SQLite and on PostgreSQL (the Makefile runs tests/web on both). The read-only storage
is the database's own refusal, not a mock. SQLite: while storage is "down", connections open
the database file read-only (``file:…?mode=ro``, what a read-only file or mount gives: reads
work, writes fail with "attempt to write a readonly database"; opening it with the process's
own permissions would not do, the tests may run as root). PostgreSQL: every connection opened
meanwhile gets ``default_transaction_read_only`` (SQLSTATE 25006). Either way a connection keeps
the state it was opened with: the server recovers only because it drops the connection after
the error.
"""

from __future__ import annotations

import sqlite3
import threading
from types import SimpleNamespace

import psycopg
import pytest
from django.db import connection
from django.db.backends.signals import connection_created

from duban.web.audit.models import AuditEvent
from duban.web.ledger.models import ProgressReport
from duban.web.ledger.workflow import report_types
from duban.web.ops import storage

from .conftest import client_for

READ_ONLY_ZH = "台账暂时只读，请稍后再试"
READ_ONLY_EN = "The ledger is temporarily read-only"


def _refuse_writes(conn) -> None:
    with conn.cursor() as cur:
        cur.execute("SET default_transaction_read_only = on")


@pytest.fixture
def read_only_storage(transactional_db):
    state = threading.Event()
    settings_dict = connection.settings_dict  # shared by every thread's connection
    name = settings_dict["NAME"]

    def on_connect(sender, connection, **kwargs):
        if state.is_set() and connection.vendor == "postgresql":
            _refuse_writes(connection)

    connection_created.connect(on_connect, weak=False, dispatch_uid="test_read_only_storage")

    def down():
        state.set()
        if connection.vendor == "sqlite":
            settings_dict["NAME"] = f"file:{name}?mode=ro"
            connection.close()  # the next connection opens the file read-only
        elif connection.connection is not None:
            _refuse_writes(connection)

    def back():
        # Open connections stay read-only, as one opened on a read-only file does.
        state.clear()
        settings_dict["NAME"] = name

    yield SimpleNamespace(down=down, back=back)
    back()
    connection_created.disconnect(dispatch_uid="test_read_only_storage")
    connection.close()


def _report_form(ledger) -> dict:
    regular = next(t for t in report_types() if t.code == "regular")
    figures = {f"target_{t.pk}": "1" for t in ledger.t1.targets.all()}
    return {"report_type": str(regular.pk), "period": "2023-06", "narrative": "按计划推进", **figures}


pytestmark = pytest.mark.django_db(transaction=True)


def test_a_page_write_answers_503_writes_nothing_and_recovers(ledger, read_only_storage, settings):
    settings.SESSION_RENEW_SECONDS = 0  # every request renews the session: it must not become a 400
    lead = client_for(ledger.people.lead)
    form = _report_form(ledger)
    audit_before = AuditEvent.objects.count()
    url = f"/tasks/{ledger.t1.pk}/report"

    read_only_storage.down()
    r = lead.post(url, form)
    assert r.status_code == 503, r.content[:500]
    assert READ_ONLY_ZH in r.content.decode() and "没有保存" in r.content.decode()
    assert int(r["Retry-After"]) > 0
    # Reading still works while storage refuses writes (the session renewal is skipped, not a 400).
    r = lead.get("/tasks/")
    assert r.status_code == 200
    r = lead.post(url, form)  # again: the second connection of the outage refuses as well
    assert r.status_code == 503

    read_only_storage.back()
    r = lead.post(url, form)
    assert r.status_code == 302, r.content[:500]
    assert ProgressReport.objects.filter(task=ledger.t1).count() == 1
    assert AuditEvent.objects.count() == audit_before + 1  # only the successful filing


def test_the_message_is_in_the_users_language(ledger, read_only_storage):
    lead = client_for(ledger.people.lead)
    lead.cookies["django_language"] = "en"
    form = _report_form(ledger)
    read_only_storage.down()
    r = lead.post(f"/tasks/{ledger.t1.pk}/report", form)
    assert r.status_code == 503 and READ_ONLY_EN in r.content.decode()


def test_an_api_write_answers_503_json(ledger, read_only_storage):
    from duban.web.accounts.models import ApiToken

    headers = {"Authorization": "Bearer " + ApiToken.issue(ledger.people.lead, "test")[1]}
    client = client_for(None)
    body = {"period": "2023-06", "narrative": "完成", "figures": {}}
    read_only_storage.down()
    r = client.post(f"/api/tasks/{ledger.t1.pk}/progress", body, content_type="application/json", headers=headers)
    assert r.status_code == 503
    assert r.json()["code"] == "read_only" and READ_ONLY_ZH in r.json()["detail"]
    read_only_storage.back()
    r = client.post(f"/api/tasks/{ledger.t1.pk}/progress", body, content_type="application/json", headers=headers)
    assert r.status_code == 201, r.content


def test_logging_in_answers_503_not_400(people, read_only_storage):
    from django.test import Client

    client = Client()
    read_only_storage.down()
    r = client.post("/accounts/login/", {"username": "lead", "password": "correct-horse-battery"})
    assert r.status_code == 503 and READ_ONLY_ZH in r.content.decode()
    read_only_storage.back()
    r = client.post("/accounts/login/", {"username": "lead", "password": "correct-horse-battery"})
    assert r.status_code == 302


def test_readyz_reports_the_refusal_and_healthz_stays_cheap(people, read_only_storage, client):
    assert client.get("/readyz").status_code == 200
    read_only_storage.down()
    r = client.get("/readyz")
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "not ready" and "read_only" in body["checks"]["database"]
    assert "database" in body["reason"]
    assert client.get("/healthz").status_code == 200  # liveness: the process answers
    read_only_storage.back()
    assert client.get("/readyz").status_code == 200


def test_a_full_database_answers_503(ledger):
    """SQLite's own "database or disk is full" (the file may not grow one page more)."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's disk_full (53100) is classified in test_storage_error_kinds")
    lead = client_for(ledger.people.lead)
    form = _report_form(ledger)
    with connection.cursor() as cur:
        cur.execute("VACUUM")  # no free pages left by earlier tests: the report needs new ones
        cur.execute("PRAGMA page_count")
        pages = cur.fetchone()[0]
        cur.execute(f"PRAGMA max_page_count = {pages}")
    form["narrative"] = "进展" * 9000  # 54 kB: more than the free room of any page
    r = lead.post(f"/tasks/{ledger.t1.pk}/report", form)
    assert r.status_code == 503 and "存储空间已满" in r.content.decode(), r.content[:300]
    assert not ProgressReport.objects.exists()
    r = lead.post(f"/tasks/{ledger.t1.pk}/report", form)  # a fresh connection: the file may grow again
    assert r.status_code == 302


def test_a_lock_held_too_long_answers_503(ledger):
    """Another writer holds the lock past the wait: "database is locked" / lock_not_available."""
    lead = client_for(ledger.people.lead)
    form = _report_form(ledger)
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        other = sqlite3.connect(settings["NAME"], isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        with connection.cursor() as cur:
            cur.execute("PRAGMA busy_timeout = 200")
    else:
        other = psycopg.connect(host=settings["HOST"] or None, port=settings["PORT"] or None, user=settings["USER"],
                                password=settings["PASSWORD"] or None, dbname=settings["NAME"])
        other.execute("LOCK TABLE ledger_progressreport IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cur:
            cur.execute("SET lock_timeout = '200ms'")
    try:
        r = lead.post(f"/tasks/{ledger.t1.pk}/report", form)
    finally:
        other.rollback()
        other.close()
    assert r.status_code == 503 and "台账正忙" in r.content.decode(), r.content[:300]
    r = lead.post(f"/tasks/{ledger.t1.pk}/report", form)
    assert r.status_code == 302


@pytest.mark.django_db(transaction=False)
def test_a_refused_evidence_row_leaves_no_file(ledger, settings, tmp_path):
    """The evidence file is written before its row: when the database refuses the row (here a
    trigger answering as a full disk does), the file goes too and the report is not filed."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    with connection.cursor() as cur:  # rolled back with the test's transaction
        if connection.vendor == "postgresql":
            cur.execute("CREATE FUNCTION refuse_evidence() RETURNS trigger AS $$ BEGIN "
                        "RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; "
                        "END $$ LANGUAGE plpgsql")
            cur.execute("CREATE TRIGGER refuse_evidence BEFORE INSERT ON ledger_evidence "
                        "FOR EACH ROW EXECUTE FUNCTION refuse_evidence()")
        else:
            cur.execute("CREATE TRIGGER refuse_evidence BEFORE INSERT ON ledger_evidence "
                        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    lead = client_for(ledger.people.lead)
    form = {**_report_form(ledger), "evidence": SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof")}
    r = lead.post(f"/tasks/{ledger.t1.pk}/report", form)
    assert r.status_code == 503 and "存储空间已满" in r.content.decode(), r.content[:300]
    assert not ProgressReport.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_storage_error_kinds():
    """The database's own error classes, as the drivers raise them."""
    assert storage.kind_of(psycopg.errors.ReadOnlySqlTransaction("read-only")) == storage.READ_ONLY
    assert storage.kind_of(psycopg.errors.DiskFull("no space")) == storage.FULL
    assert storage.kind_of(psycopg.errors.LockNotAvailable("lock")) == storage.BUSY
    assert storage.kind_of(psycopg.errors.UniqueViolation("dup")) is None
    assert storage.kind_of(sqlite3.OperationalError("attempt to write a readonly database")) == storage.READ_ONLY
    assert storage.kind_of(sqlite3.OperationalError("database or disk is full")) == storage.FULL
    assert storage.kind_of(sqlite3.OperationalError("database is locked")) == storage.BUSY
    assert storage.kind_of(sqlite3.OperationalError("no such table: x")) is None
    assert storage.kind_of(ValueError("attempt to write a readonly database")) is None
    wrapped = RuntimeError("outer")
    wrapped.__cause__ = psycopg.errors.DiskFull("no space")
    assert storage.kind_of(wrapped) == storage.FULL


def test_errors_outside_views_reach_handler500_as_503(rf):
    """Saving a new session happens after the view, in the session middleware: Django hands
    what it raises to ``handler500``, which answers storage errors like the views do."""
    from django.db import OperationalError

    from duban.web import urls

    assert urls.handler500 == "duban.web.ops.storage.server_error"
    request = rf.get("/tasks/")
    try:
        raise OperationalError("attempt to write a readonly database") from sqlite3.OperationalError(
            "attempt to write a readonly database")
    except OperationalError:
        r = storage.server_error(request)
    assert r.status_code == 503 and READ_ONLY_ZH in r.content.decode() and r["Retry-After"]
    try:
        raise ValueError("a bug")
    except ValueError:
        assert storage.server_error(request).status_code == 500


def test_the_public_description_of_an_unreachable_database_names_no_host():
    exc = psycopg.OperationalError('connection to server at "db.internal" (10.0.0.5), port 5432 failed: '
                                   'FATAL: password authentication failed for user "duban"')
    assert storage.kind_of(exc) == storage.UNAVAILABLE
    assert "db.internal" in storage.describe(exc)  # the log says everything
    public = storage.describe(exc, public=True)
    assert "db.internal" not in public and "duban" not in public and public.startswith("unavailable")
