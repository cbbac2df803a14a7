"""``/readyz``: can this app server do its work right now?

``/healthz`` only says the process answers (and the database answers ``SELECT 1``): a load
balancer's liveness probe, as cheap as a request gets. ``/readyz`` asks what a user's next
write needs, each check with a reason when it fails:

- ``database``: a write is accepted (the change stamp row updated in a transaction that is
  rolled back, with a lock wait of at most two seconds), so a read-only, full or locked
  database shows here before a user meets it; on SQLite the disk holding the file also has
  ``READYZ_MIN_FREE_MB`` free;
- ``migrations``: every migration of this code is applied to the database;
- ``queue``: the job queue (django-tasks) can be read; the database queue reports how long
  its oldest waiting job has waited;
- ``evidence``: a file can be created (and removed) in the evidence directory, which also
  needs ``READYZ_MIN_FREE_MB`` free.

Reasons name the failure, never paths or credentials (the probe is public).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

__all__ = ["checks", "ready"]

# A migration plan is worked out at most this often per process (loading the graph costs ms).
_MIGRATIONS_TTL = 60.0
_migrations_ok_at: dict[str, float] = {}


def _min_free() -> int:
    return int(getattr(settings, "READYZ_MIN_FREE_MB", 64)) * 1024 * 1024


def _free_space_problem(path: Path, what: str) -> str | None:
    try:
        free = shutil.disk_usage(path).free
    except OSError as exc:
        return f"{what}: free space unknown ({exc.strerror or type(exc).__name__})"
    if free < _min_free():
        return f"{what}: only {free // (1024 * 1024)} MB free (at least {_min_free() // (1024 * 1024)} MB needed)"
    return None


def check_database(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    from django.db.models import F

    from duban.web.ledger.models import LedgerStamp

    connection = connections[alias]
    try:
        if connection.vendor == "sqlite":
            # Before BEGIN IMMEDIATE, which is where SQLite waits for the write lock.
            connection.ensure_connection()
            with connection.cursor() as cur:
                cur.execute("PRAGMA busy_timeout = 2000")
        try:
            with transaction.atomic(using=alias):
                if connection.vendor == "postgresql":
                    with connection.cursor() as cur:
                        cur.execute("SET LOCAL lock_timeout = '2s'")
                if not LedgerStamp.objects.using(alias).filter(pk=1).update(n=F("n")):
                    LedgerStamp.objects.using(alias).create(pk=1, n=0)
                transaction.set_rollback(True, using=alias)
        finally:
            if connection.vendor == "sqlite" and connection.connection is not None:
                timeout = float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5))
                with connection.cursor() as cur:
                    cur.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    except Exception as exc:
        from duban.web.ops.storage import describe, reset_connections

        reset_connections()
        return f"database refuses writes: {describe(exc, public=True)}"
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if not name.startswith("file:") and name != ":memory:":
            return _free_space_problem(Path(name).parent, "database disk")
    return None


def check_migrations(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    if time.monotonic() - _migrations_ok_at.get(alias, -_MIGRATIONS_TTL) < _MIGRATIONS_TTL:
        return None
    from django.db.migrations.executor import MigrationExecutor

    try:
        with transaction.atomic(using=alias):
            executor = MigrationExecutor(connections[alias])
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return f"migrations could not be read: {type(exc).__name__}"
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        return f"{len(plan)} migration(s) not applied ({names}{'…' if len(plan) > 5 else ''}): run `duban manage migrate`"
    _migrations_ok_at[alias] = time.monotonic()
    return None


def check_queue() -> tuple[str | None, dict]:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    info: dict = {}
    try:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        problems = [str(m.msg) for m in backend.check() if m.is_serious()]
        if problems:
            return "queue misconfigured: " + "; ".join(problems), info
        if type(backend).__name__ == "DatabaseBackend":
            from django.utils import timezone
            from django_tasks_db.models import DBTaskResult

            with transaction.atomic():  # a failing query must not abort a caller's transaction (PostgreSQL)
                oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
                info["oldest_waiting_s"] = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    except Exception as exc:
        from duban.web.ops.storage import describe

        return f"queue unreachable: {describe(exc, public=True)}", info
    return None, info


def check_evidence() -> str | None:
    root = Path(settings.MEDIA_ROOT)
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".readyz-", dir=root)
        try:
            os.write(fd, b"ok")
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(name)
    except OSError as exc:
        return f"evidence directory not writable ({exc.strerror or type(exc).__name__})"
    return _free_space_problem(root, "evidence disk")


def checks() -> dict:
    """Each check's outcome ("ok" or the reason), plus what the queue reports."""
    queue_problem, queue_info = check_queue()
    results = {
        "database": check_database(),
        "migrations": check_migrations(),
        "queue": queue_problem,
        "evidence": check_evidence(),
    }
    return {"checks": {name: problem or "ok" for name, problem in results.items()}, **queue_info}


def ready() -> tuple[bool, dict]:
    body = checks()
    failing = [f"{name}: {outcome}" for name, outcome in body["checks"].items() if outcome != "ok"]
    body = {"status": "not ready" if failing else "ready", **({"reason": "; ".join(failing)} if failing else {}), **body}
    return not failing, body
