"""Database triggers that make the audit table append-only.

UPDATE is always refused; DELETE only succeeds for rows older than the retention
period (183 days: China's Cybersecurity Law, art. 21, asks for at least six months of
logs), so routine pruning stays possible and nothing recent can be removed. On
PostgreSQL TRUNCATE is refused as well.
"""

from __future__ import annotations

TABLE = "audit_auditevent"
RETENTION_DAYS = 183

_SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE}
        WHEN OLD.at > datetime('now', '-{RETENTION_DAYS} days')
        BEGIN SELECT RAISE(ABORT, 'audit events are kept {RETENTION_DAYS} days: DELETE refused'); END""",
]
_SQLITE_REMOVE = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"]

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
_PG_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE}",
]


def _run(connection, statements) -> None:
    with connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def install(connection) -> None:
    _run(connection, _PG_INSTALL if connection.vendor == "postgresql" else _SQLITE_INSTALL)


def remove(connection) -> None:
    """Only for test teardown (flushing a test database) and a DBA's deliberate maintenance."""
    _run(connection, _PG_REMOVE if connection.vendor == "postgresql" else _SQLITE_REMOVE)
