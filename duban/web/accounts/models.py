"""Users, their role and department, and API tokens.

A user's role is a Django group (one of :class:`Role`); a department user also has a
:class:`Profile` naming the department. Superusers count as the supervision office.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("督查室")
    LEADER = "leader", _("领导")
    REPORTER = "reporter", _("部门填报人")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duban_profile")
    department = models.ForeignKey(
        "ledger.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    display_name = models.CharField("姓名", max_length=80, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A bearer token for API clients; only its hash is stored, the raw value is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=80)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    @classmethod
    def issue(cls, user, name: str) -> tuple[ApiToken, str]:
        raw = "dbn_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[4:12], key_hash=hash_token(raw))
        return token, raw

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
