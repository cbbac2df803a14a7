"""The search index: one row of jieba tokens per task.

The tokens are stored space-separated so that each database's own full-text
engine can index them with its plain whitespace tokenizer: an FTS5 table kept
in sync by triggers on SQLite, a GIN index on ``to_tsvector('simple', tokens)``
on PostgreSQL (both created in migration 0001).
"""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    task = models.OneToOneField("ledger.Task", on_delete=models.CASCADE, primary_key=True, related_name="+")
    tokens = models.TextField()

    def __str__(self) -> str:
        return f"search entry of task {self.task_id}"
