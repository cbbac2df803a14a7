"""The ledger's clock: the one answer to "what day is it?" for statuses, reminders and new records.

The real ledger runs on the wall clock (``timezone.localdate()``). A demo ledger is a
picture of an office on one day of the report's year: ``duban demo --as-of 2023-09-26``
stores that date in the database (:class:`~duban.web.ledger.models.LedgerClock`), and
from then on every part of the ledger that asks this module sees that date — the
蓝黄红 rubric, reminders, the dashboard's month-by-month trend, the default report
period of a progress form, and the time stamps of new reports, verifications, status
changes, notifications and history rows (the time of day stays the real one).

The audit trail is the exception on purpose: ``audit.record`` always writes the real
time, so no setting can make a real action look old enough to be pruned.

:func:`travel` moves the clock inside one thread for a block of code: the demo
generator uses it to file March's reports "in March", through the normal workflow.

A process reads the stored date once and keeps it (saving or deleting the row clears
the cache of the process that does it); a server started before ``duban demo`` changed
the date must be restarted to see the new one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading

from django.utils import timezone

__all__ = ["today", "now", "as_of", "is_shifted", "set_as_of", "travel", "forget"]

_UNSET = object()
_cache: dict[str, object] = {"as_of": _UNSET}
_local = threading.local()


def as_of() -> dt.date | None:
    """The stored as-of date of a demo ledger; None for a real ledger (or no database yet)."""
    value = _cache["as_of"]
    if value is _UNSET:
        from django.db import DatabaseError

        from duban.web.ledger.models import LedgerClock

        try:
            value = LedgerClock.objects.filter(pk=1).values_list("as_of", flat=True).first()
        except DatabaseError:  # before migrate: the ledger runs on the wall clock
            return None
        _cache["as_of"] = value
    return value


def _moment() -> dt.datetime | None:
    return getattr(_local, "moment", None)


def is_shifted() -> bool:
    """True when the ledger's time is not the wall clock (a demo date or :func:`travel`)."""
    return _moment() is not None or as_of() is not None


def now() -> dt.datetime:
    """The current moment of the ledger (aware)."""
    moment = _moment()
    if moment is not None:
        return moment
    day = as_of()
    real = timezone.localtime()
    if day is None:
        return real
    return real.replace(year=day.year, month=day.month, day=day.day)


def today() -> dt.date:
    """The ledger's date: the statuses are evaluated at it."""
    moment = _moment()
    if moment is not None:
        return timezone.localtime(moment).date()
    return as_of() or timezone.localdate()


def set_as_of(day: dt.date | None, *, note: str = "") -> None:
    """Freeze the ledger at ``day`` (a demo) or give it back to the wall clock (None)."""
    from duban.web.ledger.models import LedgerClock

    if day is None:
        LedgerClock.objects.filter(pk=1).delete()
    else:
        LedgerClock.objects.update_or_create(pk=1, defaults={"as_of": day, "note": note[:200]})
    forget()


def forget() -> None:
    """Drop the cached as-of date: the next call reads the database again."""
    _cache["as_of"] = _UNSET


@contextlib.contextmanager
def travel(moment: dt.datetime | dt.date):
    """Run a block as if it were ``moment`` (this thread only); a date means noon of that day."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(12, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    previous = _moment()
    _local.moment = moment
    try:
        yield moment
    finally:
        _local.moment = previous
