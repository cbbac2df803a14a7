"""When the database refuses writes: a clear 503 instead of a 400 or a bare 500.

A read-only database (a remount, a replica promoted wrongly, PostgreSQL's
``default_transaction_read_only``), a full disk, a lock held too long or a database that
cannot be reached raise OperationalError/InternalError deep inside a view, the session
middleware or the API. :func:`kind_of` recognises them by SQLite's result code or
PostgreSQL's SQLSTATE (the message as a fallback); :class:`StorageErrorMiddleware` and
:func:`server_error` (``handler500``) answer them with 503, ``Retry-After`` and a message in
the user's language: a page for the pages, ``{"detail", "code"}`` for ``/api/``.

Nothing is half-written: every write runs in a transaction, which the error rolls back.
The connection is closed after such an error, so the next request opens a fresh one: a
SQLite connection opened on a read-only file stays read-only even after the file is
writable again, and the server must recover by itself when storage returns.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import time

from django.db import connections
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

__all__ = ["kind_of", "describe", "message", "StorageErrorMiddleware", "server_error", "reset_connections"]

log = logging.getLogger(__name__)

READ_ONLY, FULL, BUSY, UNAVAILABLE = "read_only", "storage_full", "busy", "unavailable"

# SQLite primary result codes (extended codes carry them in the low byte).
_SQLITE = {8: READ_ONLY, 13: FULL, 5: BUSY, 6: BUSY, 10: UNAVAILABLE, 14: UNAVAILABLE}
_SQLITE_TEXT = [("readonly database", READ_ONLY), ("read-only", READ_ONLY), ("disk is full", FULL),
                ("database is locked", BUSY), ("table is locked", BUSY), ("disk i/o error", UNAVAILABLE),
                ("unable to open database", UNAVAILABLE)]
# PostgreSQL SQLSTATEs: read_only_sql_transaction, disk_full, insufficient_resources,
# lock_not_available, query_canceled (statement_timeout), admin shutdown / cannot connect now.
_PG = {"25006": READ_ONLY, "53100": FULL, "53000": FULL, "55P03": BUSY, "57014": BUSY,
       "57P01": UNAVAILABLE, "57P02": UNAVAILABLE, "57P03": UNAVAILABLE}

# After a refusal, connections are not kept between requests for this long (seconds): one opened
# while the storage was read-only would stay read-only after it returns.
_WARY_SECONDS = 300.0
_last_refusal = -_WARY_SECONDS

# How long a client should wait before trying again, by kind (seconds).
_RETRY_AFTER = {READ_ONLY: 60, FULL: 300, BUSY: 5, UNAVAILABLE: 30}


def _chain(exc):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def kind_of(exc: BaseException | None) -> str | None:
    """READ_ONLY, FULL, BUSY or UNAVAILABLE when ``exc`` (or what caused it) is the database
    refusing to store anything now; None for every other error (a bug stays a 500)."""
    for err in _chain(exc):
        code = getattr(err, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in _SQLITE:
            return _SQLITE[code & 0xFF]
        sqlstate = getattr(err, "sqlstate", None) or getattr(err, "pgcode", None)
        if isinstance(sqlstate, str):
            if sqlstate in _PG:
                return _PG[sqlstate]
            if sqlstate.startswith("08"):  # connection exception
                return UNAVAILABLE
        if isinstance(err, sqlite3.DatabaseError):
            text = str(err).lower()
            for needle, kind in _SQLITE_TEXT:
                if needle in text:
                    return kind
        if type(err).__module__.startswith("psycopg") and type(err).__name__ == "OperationalError" and getattr(
                err, "sqlstate", None) is None:
            return UNAVAILABLE  # no SQLSTATE: the server could not be reached at all
    return None


def describe(exc: BaseException, *, public: bool = False) -> str:
    """One line for logs and /readyz: the kind and the database's own words. ``public`` (the
    probe's answer) leaves out the words of connection failures, which name hosts and users."""
    kind = kind_of(exc)
    if public and (kind == UNAVAILABLE or kind is None and "connect" in str(exc).lower()):
        return f"{kind or type(exc).__name__}: the database cannot be reached"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{kind}: {first[:200]}" if kind else f"{type(exc).__name__}: {first[:200]}"


def message(kind: str) -> str:
    """What the user reads, in the active language."""
    return {
        READ_ONLY: _("台账暂时只读，请稍后再试。"),
        FULL: _("台账的存储空间已满，暂时只读，请稍后再试。"),
        BUSY: _("台账正忙，请稍后再试。"),
        UNAVAILABLE: _("台账数据库暂时无法访问，请稍后再试。"),
    }[kind]


def reset_connections() -> None:
    """Close every connection outside a transaction: the next request reconnects, and a
    connection that the storage made read-only is not reused once storage is back. For a
    while after this, :class:`StorageErrorMiddleware` closes connections after every request."""
    global _last_refusal
    _last_refusal = time.monotonic()
    _close_all()


def _close_all() -> None:
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            try:
                conn.close()
            except Exception:  # closing a broken connection may fail too; it is gone either way
                log.debug("closing the connection failed", exc_info=True)


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def response_for(request, kind: str):
    if _wants_json(request):
        response = JsonResponse({"detail": message(kind), "code": kind}, status=503)
    else:
        # Without the request's context processors: they may read the database.
        from django.http import HttpResponse
        from django.template.loader import render_to_string

        response = HttpResponse(render_to_string("503.html", {"message": message(kind), "kind": kind}), status=503)
    response["Retry-After"] = str(_RETRY_AFTER[kind])
    return response


def _handle(request, exc):
    kind = kind_of(exc)
    if kind is None:
        return None
    log.warning("database refused %s %s: %s", request.method, request.path, describe(exc))
    reset_connections()
    return response_for(request, kind)


class StorageErrorMiddleware:
    """Views' and the API's storage errors become 503 (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if time.monotonic() - _last_refusal < _WARY_SECONDS:
            _close_all()  # storage failed lately: no connection of this request is kept for the next
        return response

    def process_exception(self, request, exc):
        return _handle(request, exc)


def server_error(request, *args, **kwargs):
    """``handler500``: storage errors raised outside a view (saving the session, another
    middleware) are answered like the views' own; everything else is Django's 500."""
    exc = sys.exc_info()[1]
    if kind_of(exc):
        with translation.override(translation.get_language_from_request(request)):
            return _handle(request, exc)
    from django.views.defaults import server_error as default

    return default(request, *args, **kwargs)
