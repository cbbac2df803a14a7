"""The start-up check: the ledger does not serve while its audit trail could be rewritten.

:func:`guards_check` is a Django system check (tag ``database``: ``duban manage check
--database default`` runs it, and so does ``migrate``); :func:`require_guards` is what
``duban serve`` and the WSGI application call before they answer a single request.
"""

from __future__ import annotations

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections

__all__ = ["guards_check", "require_guards", "problems"]


def problems(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    from duban.web.audit import guards

    return guards.missing(connections[alias])


def _guards_migrated(alias: str) -> bool:
    """Whether the audit app's migrations (which install the guards) have all run: before that,
    ``migrate`` itself runs this check on a new database and must not be refused."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    audit = {key for key in loader.disk_migrations if key[0] == "audit"}
    return audit <= loader.applied_migrations.keys()


@checks.register(checks.Tags.database)
def guards_check(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or ():
        try:
            if not _guards_migrated(alias):
                continue
            lacking = problems(alias)
        except Exception as exc:  # a database that cannot be asked is reported, not crashed on
            lacking = [f"could not be checked ({exc})"]
        if lacking:
            errors.append(checks.Error(
                f"the audit trail's append-only guard is incomplete on database {alias!r}: " + "; ".join(lacking),
                hint="Run `duban manage migrate` (migration audit 0003 installs the triggers); "
                     "if they were dropped on purpose, see docs/ledger.md (audit).",
                id="audit.E001"))
    return errors


def require_guards(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Raise ImproperlyConfigured naming what is missing; nothing when the guard holds."""
    lacking = problems(alias)
    if lacking:
        raise ImproperlyConfigured(
            "refusing to serve: the audit trail's append-only guard is incomplete ("
            + "; ".join(lacking) + "). Run `duban manage migrate`.")
