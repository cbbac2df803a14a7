"""Sessions are renewed when used, at most every SESSION_RENEW_SECONDS: a page view is not a write."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _session_writes(client, path="/tasks/") -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return sum(1 for q in ctx.captured_queries
               if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT")))


def test_page_views_write_the_session_only_when_its_renewal_is_due(ledger, settings):
    client = client_for(ledger.people.office)
    assert _session_writes(client) == 1  # the first view after login renews it
    assert _session_writes(client) == 0  # within SESSION_RENEW_SECONDS: read only
    assert _session_writes(client) == 0
    settings.SESSION_RENEW_SECONDS = 0  # the interval has passed
    assert _session_writes(client) == 1


def test_an_anonymous_visitor_gets_no_session_row(db, client):
    from django.contrib.sessions.models import Session

    assert client.get("/public/").status_code == 200
    assert Session.objects.count() == 0
