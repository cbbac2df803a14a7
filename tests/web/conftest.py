"""Shared by every web test: queued jobs run at once, in the test's own transaction; the
ledger's change stamp advances at once too (a test's transaction never commits) and no
cached page part outlives its test.

The production queue (django-tasks' database backend, ``duban worker``) is exercised by
tests/web/jobs/, which run a real worker."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _jobs_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": ["default", "daily"]}}


@pytest.fixture(autouse=True)
def _fresh_page_cache(settings):
    from django.core.cache import cache

    from duban.web.ledger.stamp import clear_memo

    settings.LEDGER_STAMP_AT_ONCE = True
    cache.clear()
    clear_memo()
    yield
    cache.clear()
    clear_memo()
