"""The append-only audit trail.

Database triggers (see :mod:`duban.web.audit.guards`) refuse UPDATE of any row and
DELETE of rows younger than the retention period, on SQLite and PostgreSQL alike, so
the application cannot quietly edit what it wrote. The actor is referenced without a
database constraint: deleting a user must not need to touch (UPDATE) old events.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_repr = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # The object timeline: all events of one object, newest first.
            models.Index(fields=["content_type", "object_id", "at"], name="audit_object_timeline"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.object_repr}"
