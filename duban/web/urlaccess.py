"""Who may reach each URL: every URL pattern must be classified (a test enforces it).

Views declare their class with the :func:`access` decorator, which also enforces the
coarse gate (login, role); object-level checks stay in the access helpers
(:mod:`duban.web.ledger.access`). Patterns whose views we do not write (admin, the
API router) are classified by URL-name prefix in :data:`PATTERN_ACCESS`; other apps
may add entries there.
"""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

__all__ = ["Access", "access", "PATTERN_ACCESS", "classification_of"]


class Access:
    PUBLIC = "public"  # anyone, anonymous included
    LOGIN = "login"  # any user with a role; object rules decide the rest
    READERS = "readers"  # office and leaders
    REPORTER = "reporter"  # department reporters (object rules: own department's tasks)
    OFFICE = "office"  # supervision office only
    ADMIN = "admin"  # Django admin: staff accounts
    API = "api"  # django-ninja: token or session, same rules per endpoint

    ALL = (PUBLIC, LOGIN, READERS, REPORTER, OFFICE, ADMIN, API)


_ROLES = {
    Access.LOGIN: {"office", "leader", "reporter"},
    Access.READERS: {"office", "leader"},
    Access.REPORTER: {"reporter", "office"},
    Access.OFFICE: {"office"},
}

# URL name (or namespace prefix ending in ':') -> Access, for views not decorated here.
PATTERN_ACCESS: dict[str, str] = {
    "admin:": Access.ADMIN,
    "api-1.0.0:": Access.API,
}


def access(level: str):
    """Classify a view and enforce its gate: anonymous users go to the login page,
    users without a suitable role get 403."""
    if level not in Access.ALL:
        raise ValueError(f"unknown access class {level!r}")

    def decorate(view):
        if level == Access.PUBLIC:
            view.duban_access = level
            return view

        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            from duban.web.accounts.roles import role_of

            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in _ROLES.get(level, set()):
                raise PermissionDenied("您的角色无权访问此页面")
            return view(request, *args, **kwargs)

        wrapped.duban_access = level
        return wrapped

    return decorate


def classification_of(pattern_name: str | None, callback) -> str | None:
    level = getattr(callback, "duban_access", None)
    if level:
        return level
    view_class = getattr(callback, "view_class", None)
    if view_class is not None and getattr(view_class, "duban_access", None):
        return view_class.duban_access
    if pattern_name:
        for prefix, value in PATTERN_ACCESS.items():
            if pattern_name == prefix or (prefix.endswith(":") and pattern_name.startswith(prefix)):
                return value
    return None
