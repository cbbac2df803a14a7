"""The ledger's personas and small ledger (tests/web/ledger/conftest.py), shared by the API tests."""

from ..ledger.conftest import (  # noqa: F401
    TEXT,
    _audit_guards_around_flush,
    _fast_password_hashing,
    client_for,
    departments,
    imported,
    ledger,
    make_doc,
    people,
)
