"""``record(actor, action, obj, changes)``: the one way to write the audit trail."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from duban.web.audit.events import Action
from duban.web.audit.models import AuditEvent

__all__ = ["record", "events_for"]


def record(actor, action: Action | str, obj=None, changes: dict | None = None) -> AuditEvent:
    action = Action(action)
    user = actor if getattr(actor, "is_authenticated", False) else None
    kwargs = {}
    if obj is not None:
        kwargs = {
            "content_type": ContentType.objects.get_for_model(type(obj)),
            "object_id": str(obj.pk),
            "object_repr": str(obj)[:300],
        }
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=user,
        actor_repr=user.get_username() if user else "system",
        action=action.value,
        changes=_jsonable(changes or {}),
        **kwargs,
    )


def events_for(obj):
    ct = ContentType.objects.get_for_model(type(obj))
    return AuditEvent.objects.filter(content_type=ct, object_id=str(obj.pk)).order_by("-at", "-id")


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
