"""Access to items: the one place pages and the API ask. A missing item and one the user may
not see give the same 404 (the ledger's :data:`~duban.web.ledger.access.NOT_FOUND`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from duban.web.accounts.roles import Role, department_of, role_of
from duban.web.ledger.access import NOT_FOUND, get_visible_or_404

from .models import CoUnit, Item, Reply

__all__ = ["items_for_user", "get_item_for_user", "get_reply_for_user", "require", "NOT_FOUND"]


def items_for_user(user) -> QuerySet[Item]:
    role = role_of(user)
    qs = Item.objects.select_related("lead", "batch")
    if role == Role.OFFICE:
        return qs
    assigned = qs.exclude(state=Item.State.NEW)
    if role == Role.LEADER:
        return assigned
    if role == Role.REPORTER:
        dept = department_of(user)
        if dept is None:
            return qs.none()
        co = CoUnit.objects.filter(department=dept).values("item_id")
        return assigned.filter(Q(lead=dept) | Q(pk__in=co))
    return qs.none()


def get_item_for_user(request, pk) -> Item:
    return get_visible_or_404(Item.objects.select_related("lead", "batch", "ledger_task"), pk,
                              lambda i: request.user.has_perm("suggestions.view_item", i))


def get_reply_for_user(request, pk) -> Reply:
    return get_visible_or_404(Reply.objects.select_related("item", "item__lead"), pk,
                              lambda r: request.user.has_perm("suggestions.view_item", r.item))


def require(request, perm: str, item, message: str) -> None:
    if not request.user.has_perm(perm, item):
        raise PermissionDenied(message)
