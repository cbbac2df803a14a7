"""The ledger's change stamp and the cache of derived page parts keyed by it.

Lists, dashboards and the API list are computed from many rows; between two changes they
are the same for everyone who sees the same tasks. :func:`cached` keeps them in the
per-process cache under a key holding the stamp, one indexed row read per request. Every
change that such a part shows (tasks, targets, stages, reports, verifications, status
changes, departments, sections, imported reports) advances the stamp once per committed
transaction (signals below and :func:`changed`), so nothing stale is served, whichever app
server made the change.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import translation

__all__ = ["current", "changed", "key", "cached", "memo", "clear_memo", "scope_of", "connect"]


def current() -> int:
    from duban.web.ledger.models import LedgerStamp

    value = LedgerStamp.objects.filter(pk=1).values_list("n", flat=True).first()
    return value or 0


def _advance() -> None:
    from duban.web.ledger.models import LedgerStamp

    if not LedgerStamp.objects.filter(pk=1).update(n=F("n") + 1):
        LedgerStamp.objects.get_or_create(pk=1, defaults={"n": 1})


def changed() -> None:
    """Advance the stamp when the current transaction commits (once, however many rows changed).

    After the commit, not inside the transaction: an UPDATE of the one stamp row inside every
    writing transaction would hold its lock to the end and could deadlock two writers on
    PostgreSQL. Tests, which never commit, set ``LEDGER_STAMP_AT_ONCE``."""
    from django.conf import settings

    connection = transaction.get_connection()
    if getattr(settings, "LEDGER_STAMP_AT_ONCE", False):
        _advance()
        return
    if connection.in_atomic_block and any(func is _advance for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_advance)


def scope_of(user) -> str:
    """Who sees the same tasks: the office, leaders, or one department's reporters."""
    from duban.web.accounts.roles import department_of, role_of

    role = role_of(user)
    if role == "reporter":
        dept = department_of(user)
        return f"dept{dept.pk if dept else 0}"
    return role or "none"


def key(name: str, scope: str, *parts) -> str:
    """The cache key of a page part: its name, audience, language, the ledger's stamp and ``parts``.
    Also the vary-on value of ``{% cache %}`` fragments."""
    return ":".join(["duban", name, scope, translation.get_language() or "", str(current()), *map(str, parts)])


def cached(name: str, scope: str, compute, *parts, timeout: int = 3600):
    """``compute()``'s value for this stamp, scope, language and ``parts`` (query parameters ...)."""
    key_ = key(name, scope, *parts)
    value = cache.get(key_)
    if value is None:
        value = compute()
        cache.set(key_, value, timeout)
    return value


_MEMO: OrderedDict[str, object] = OrderedDict()
_MEMO_LOCK = threading.Lock()
MEMO_ENTRIES = 32


def memo(name: str, scope: str, compute, *parts):
    """Like :func:`cached`, kept as live objects in this process (no pickling): for large values
    read in part, such as the API list's rows. The caller must not change what it gets."""
    from django.conf import settings

    if not envbool_cache(settings):
        return compute()
    key_ = key(name, scope, *parts)
    with _MEMO_LOCK:
        if key_ in _MEMO:
            _MEMO.move_to_end(key_)
            return _MEMO[key_]
    value = compute()
    with _MEMO_LOCK:
        _MEMO[key_] = value
        while len(_MEMO) > MEMO_ENTRIES:
            _MEMO.popitem(last=False)
    return value


def envbool_cache(settings) -> bool:
    """False when the page cache is off (a dummy cache backend configured)."""
    return not settings.CACHES["default"]["BACKEND"].endswith("DummyCache")


def clear_memo() -> None:
    with _MEMO_LOCK:
        _MEMO.clear()


def _on_change(sender, **kwargs) -> None:
    changed()


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from duban.web.ledger import models as m

    for model in (m.Task, m.Target, m.Milestone, m.ProgressReport, m.ProgressFigure, m.Verification, m.StatusChange,
                  m.Department, m.Section, m.Report):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"stamp-save-{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"stamp-delete-{model.__name__}")
    m2m_changed.connect(_on_change, sender=m.Task.cooperating.through, dispatch_uid="stamp-cooperating")
