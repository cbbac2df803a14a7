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


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (see tests/web/views/browser.py), one per module."""
    from playwright.sync_api import sync_playwright

    from tests.web.views.browser import ARGS, chromium_path

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def live_server():
    """pytest-django's live server, with MEDIA_URL set while it starts: Django's live-server
    thread wraps a media-files handler that cannot cope with MEDIA_URL = None, which the
    project uses on purpose (evidence is never served as media)."""
    import os

    from django.conf import settings
    from pytest_django.live_server_helper import LiveServer

    old = settings.MEDIA_URL
    settings.MEDIA_URL = "/__live-server-media-not-used__/"
    server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"))
    try:
        yield server
    finally:
        server.stop()
        settings.MEDIA_URL = old
