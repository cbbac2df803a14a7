"""Rows of the queue's own: the progress a page shows, and the daily runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ProgressJob(models.Model):
    """A piece of background work someone started from a page and watches there.

    The page polls the row's state and percent; the queued task (django-tasks) updates them
    with :func:`duban.web.jobs.progress.report`. Concrete jobs add their inputs and output.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class DailyRun(models.Model):
    """One run of the daily job. The unique date makes it run once a day however many
    workers watch the clock; ``result`` keeps what it did (statuses, drift repaired, reminders)."""

    date = models.DateField(unique=True)
    enqueued_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"daily job {self.date}"
