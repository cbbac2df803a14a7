"""A briefing being built: its progress for the job page, then the finished file."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BriefingJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    class Format(models.TextChoices):
        DOCX = "docx", "Word (.docx)"
        PDF = "pdf", "PDF"

    period = models.CharField("期间", max_length=7)
    fmt = models.CharField("格式", max_length=4, choices=Format.choices)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    # The finished file; briefings are a few hundred KB, so the row holds them.
    output = models.BinaryField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"督查通报 {self.period} ({self.fmt})"

    @property
    def filename(self) -> str:
        return f"督查通报-{self.period}.{self.fmt}"
