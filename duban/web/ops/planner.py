"""Planner statistics: ``ANALYZE`` after migrations and once a day.

Without statistics SQLite picks the ``(state)`` index for the latest verified figures and
scans every verified report, and PostgreSQL sorts every task for the list instead of
walking the ``(review, deadline, id)`` index. ``migrate`` (post_migrate) and the daily
job call :func:`analyze`.
"""

from __future__ import annotations

import logging

from django.db import connections

__all__ = ["analyze", "on_post_migrate"]

log = logging.getLogger(__name__)


def analyze(using: str = "default") -> str:
    """Refresh the planner's statistics; returns what was run."""
    connection = connections[using]
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            # ANALYZE gathers sqlite_stat1; PRAGMA optimize keeps it current cheaply later on.
            cur.execute("ANALYZE")
            cur.execute("PRAGMA optimize")
            return "ANALYZE; PRAGMA optimize"
        cur.execute("ANALYZE")
        return "ANALYZE"


def on_post_migrate(sender, using="default", **kwargs) -> None:
    try:
        analyze(using)
    except Exception:  # statistics are an optimisation: a failure must not fail the migration
        log.exception("ANALYZE after migrate failed")
