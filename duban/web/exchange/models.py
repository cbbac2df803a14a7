"""An uploaded template waiting between its preview and its confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PendingImport(models.Model):
    """The uploaded bytes are kept here, not on disk, so that the file confirmed is
    exactly the file previewed; rows older than a day are removed on each upload."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name
