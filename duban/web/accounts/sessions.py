"""Sliding idle timeout for sessions without a database write on every page view.

``SESSION_SAVE_EVERY_REQUEST`` renews the session by writing it on every request: a write
transaction (and an fsync on SQLite) per page view. Here a signed-in user's session is
marked changed only when it was last renewed more than ``SESSION_RENEW_SECONDS`` ago, so
it is written at most once per interval and still expires after ``SESSION_COOKIE_AGE``
seconds of inactivity (less at most one interval).
"""

from __future__ import annotations

import time

from django.conf import settings

RENEWED_KEY = "_duban_renewed"


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only sessions that exist and hold a login: an anonymous visitor gets no session row.
        if session is not None and session.session_key and not session.is_empty() and "_auth_user_id" in session:
            now = int(time.time())
            if now - int(session.get(RENEWED_KEY, 0)) >= settings.SESSION_RENEW_SECONDS:
                session[RENEWED_KEY] = now
        return response
