"""Make room for a new demo: a previous demo ledger is emptied, any other ledger is left alone."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from duban.web.ledger import clock
from duban.web.ledger.models import Evidence, LedgerClock, Report

__all__ = ["is_demo_ledger", "clear_previous_demo"]


def is_demo_ledger() -> bool:
    """True for a database built by ``duban demo`` (its clock says so), including demos built
    before the clock existed: every report in them is the bundled sample."""
    from .build import CLOCK_NOTE, SAMPLE

    if LedgerClock.objects.filter(note=CLOCK_NOTE).exists():
        return True
    names = set(Report.objects.values_list("source_name", flat=True))
    return bool(names) and names <= {SAMPLE.name}


def clear_previous_demo() -> bool:
    """Empty the database if it holds a previous demo; returns whether it did.

    Raises DemoError when it holds a ledger that is not a demo: the demo never overwrites
    real work. Emptying lifts the audit table's append-only guard for the flush only (the
    maintenance case :mod:`duban.web.audit.guards` allows) and puts it back."""
    from duban.web.audit import guards
    from duban.web.ledger.models import Task

    from .build import DemoError

    clock.forget()
    if not Report.objects.exists() and not Task.objects.exists():
        LedgerClock.objects.all().delete()
        return False
    if not is_demo_ledger():
        raise DemoError(
            f"the database ({_where()}) holds a ledger that is not a demo; the demo builds only into an empty "
            "database or over a previous demo: set DUBAN_VAR_DIR or DATABASE_URL to another one"
        )
    for ev in Evidence.objects.all():
        ev.file.delete(save=False)
    guards.remove(connection)
    try:
        call_command("flush", interactive=False, verbosity=0)
    finally:
        guards.install(connection)
    clock.forget()
    return True


def _where() -> str:
    db = settings.DATABASES["default"]
    return str(db.get("NAME")) if db["ENGINE"].endswith("sqlite3") else f"{db.get('HOST')}/{db.get('NAME')}"
