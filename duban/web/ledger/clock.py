"""The ledger's clock: the date statuses are evaluated for.

One function so that every status computation (workflow events, the daily job, the
consistency check) reads the same date. ``LEDGER_TODAY`` (settings or the environment,
ISO date) fixes it: a demo ledger or a benchmark evaluates its statuses as of that day.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["today"]


def today() -> dt.date:
    from django.conf import settings
    from django.utils import timezone

    fixed = getattr(settings, "LEDGER_TODAY", None)
    if fixed:
        return fixed if isinstance(fixed, dt.date) else dt.date.fromisoformat(str(fixed))
    return timezone.localdate()
