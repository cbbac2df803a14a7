"""Sessions in the database, without "SessionInterrupted" when the database refuses writes.

Django's database sessions turn any error while renewing a session into ``UpdateError``,
which the session middleware answers with 400 "SessionInterrupted": a read-only or full
database looked like a tampered session. Here a renewal that the storage refuses is skipped
(and logged): the page the user asked for is still answered (a view that tried to write has
already answered 503, :mod:`duban.web.ops.storage`), and the renewal is tried again on the
next request. Creating a session (logging in) cannot be skipped: its storage error reaches
``handler500``, which answers 503 like the views.
"""

from __future__ import annotations

import logging

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from duban.web.ops.storage import describe, kind_of, reset_connections

log = logging.getLogger(__name__)


class SessionStore(DatabaseSessionStore):
    def save(self, must_create=False):
        try:
            return super().save(must_create=must_create)
        except UpdateError as exc:
            cause = exc.__cause__ or exc.__context__
            if kind_of(cause) is None:
                raise
            log.warning("session renewal skipped: %s", describe(cause))
            reset_connections()
