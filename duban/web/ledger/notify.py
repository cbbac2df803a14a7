"""In-app notifications, mirrored by e-mail through Django's mail backend (console in development)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from duban.web.ledger.models import Notification

log = logging.getLogger(__name__)

__all__ = ["notify_user", "notify_departments", "notify_office"]


def notify_user(user, kind: str, task, message: str, *, dedupe: str | None = None) -> Notification | None:
    """Create one notification (once per ``dedupe`` key) and e-mail it after commit."""
    if user is None or not user.is_active:
        return None
    key = f"{dedupe}:{user.pk}" if dedupe else None
    if key and Notification.objects.filter(dedupe_key=key).exists():
        return None
    try:
        with transaction.atomic():
            note = Notification.objects.create(user=user, kind=kind, task=task, message=message[:300], dedupe_key=key)
    except IntegrityError:  # the same reminder raced in from another process
        return None
    if user.email:
        def _send(address=user.email, text=message):
            try:
                send_mail(f"[督办] {text[:60]}", text, settings.DEFAULT_FROM_EMAIL, [address])
            except OSError as exc:  # a mail outage must not undo the ledger change
                log.warning("notification mail to %s failed: %s", address, exc)

        transaction.on_commit(_send)
    return note


def _users_of(departments):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True, duban_profile__department__in=departments, groups__name="reporter"
    ).distinct()


def notify_departments(task, kind: str, message: str, *, dedupe: str | None = None, lead_only: bool = False) -> int:
    depts = [task.lead_department] if lead_only else task.departments()
    depts = [d for d in depts if d is not None]
    return sum(1 for u in _users_of(depts) if notify_user(u, kind, task, message, dedupe=dedupe))


def notify_office(task, kind: str, message: str, *, dedupe: str | None = None) -> int:
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    users = get_user_model().objects.filter(Q(groups__name="office") | Q(is_superuser=True), is_active=True).distinct()
    return sum(1 for u in users if notify_user(u, kind, task, message, dedupe=dedupe))
