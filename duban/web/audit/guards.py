"""Database triggers that make the audit table append-only, and the check that they are there.

UPDATE is always refused; DELETE only succeeds for rows older than the retention
period (183 days: China's Cybersecurity Law, art. 21, asks for at least six months of
logs), so routine pruning stays possible and nothing recent can be removed. On
PostgreSQL TRUNCATE is refused as well.

Every statement that could rewrite a row goes through one of these:

- SQLite ``REPLACE INTO`` / ``INSERT OR REPLACE`` delete the conflicting row without firing
  DELETE triggers unless ``PRAGMA recursive_triggers`` is on. The ``audit_no_replace``
  trigger refuses any insert whose id already exists, before the conflict is resolved, so
  the guard holds on a connection without the pragma (the sqlite3 shell, a script); the
  ledger's own connections turn the pragma on as well (settings), so the DELETE guard sees
  REPLACE too. ``INSERT … ON CONFLICT DO UPDATE`` and ``UPDATE OR REPLACE`` meet the same
  triggers.
- PostgreSQL: ``INSERT … ON CONFLICT DO UPDATE`` and ``MERGE`` fire the row UPDATE/DELETE
  trigger; an insert of an existing id fails on the primary key.

The triggers stop the application and anyone using its database account for ordinary
statements; a database owner can still drop or disable them. :func:`missing` names what is
absent or disabled; ``duban serve`` and the WSGI application refuse to start while it names
anything (see :mod:`duban.web.audit.checks`).
"""

from __future__ import annotations

TABLE = "audit_auditevent"
RETENTION_DAYS = 183

SQLITE_TRIGGERS = ("audit_no_update", "audit_no_delete", "audit_no_replace")
PG_TRIGGERS = ("audit_no_change", "audit_no_truncate")

_SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE}
        WHEN OLD.at > datetime('now', '-{RETENTION_DAYS} days')
        BEGIN SELECT RAISE(ABORT, 'audit events are kept {RETENTION_DAYS} days: DELETE refused'); END""",
    # An id that exists already can only mean REPLACE (or an upsert) rewriting that row. An
    # insert without an id (the application's) gets a fresh one and passes.
    f"""CREATE TRIGGER IF NOT EXISTS audit_no_replace BEFORE INSERT ON {TABLE}
        WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: REPLACE of an existing event refused'); END""",
]
_SQLITE_REMOVE = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]

_PG_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND OLD.at < now() - interval '{RETENTION_DAYS} days' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP;
    END $$ LANGUAGE plpgsql""",
    f"DROP TRIGGER IF EXISTS audit_no_change ON {TABLE}",
    f"""CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE}",
    f"""CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
]
_PG_REMOVE = [f"DROP TRIGGER IF EXISTS {name} ON {TABLE}" for name in PG_TRIGGERS]


def _run(connection, statements) -> None:
    with connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def install(connection) -> None:
    _run(connection, _PG_INSTALL if connection.vendor == "postgresql" else _SQLITE_INSTALL)


def remove(connection) -> None:
    """Only for test teardown (flushing a test database) and a DBA's deliberate maintenance."""
    _run(connection, _PG_REMOVE if connection.vendor == "postgresql" else _SQLITE_REMOVE)


def missing(connection) -> list[str]:
    """What of the append-only guard is absent or disabled on this connection's database
    (empty when all holds). A database without the audit table yet (not migrated) lacks all."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relname = %s AND c.relnamespace = to_regnamespace(current_schema())::oid "
                "AND NOT t.tgisinternal AND t.tgenabled <> 'D'", [TABLE])
            present = {row[0] for row in cur.fetchall()}
            return [f"trigger {name}" for name in PG_TRIGGERS if name not in present]
        cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
        present = {row[0] for row in cur.fetchall()}
        lacking = [f"trigger {name}" for name in SQLITE_TRIGGERS if name not in present]
        cur.execute("PRAGMA recursive_triggers")
        if not cur.fetchone()[0]:
            lacking.append("PRAGMA recursive_triggers=ON on the connection")
        return lacking
