"""Helpers for the queue's tests (the ledger's personas come from tests/web/ledger/conftest.py)."""

from __future__ import annotations


def office_client(ledger):
    from django.test import Client

    client = Client()
    client.force_login(ledger.people.office)
    return client
