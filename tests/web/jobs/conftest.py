# The ledger's fixtures (personas, a small confirmed report) serve the queue's tests too.
from tests.web.ledger.conftest import (  # noqa: F401
    _audit_guards_around_flush,
    _fast_password_hashing,
    departments,
    imported,
    ledger,
    people,
)
