"""Schemathesis against the live test server: every operation of the OpenAPI document, with a
token per role, data that fits the schema and data that does not, on the path ids it invents
and on ids of real rows. Fails on any 5xx, on a response that does not match the document, and
on a write a role may not make (a 2xx, or any new audit event).

``make test`` runs it on SQLite and PostgreSQL; DUBAN_FUZZ_EXAMPLES (default 6) sets the
examples per operation and data kind.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from duban.web.accounts.models import ApiToken
from duban.web.audit.models import AuditEvent
from duban.web.ledger.api import api

EXAMPLES = int(os.environ.get("DUBAN_FUZZ_EXAMPLES", "6"))
ROLES = ("office", "leader", "lead", "outsider")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Who may write through each operation; every other role must be refused and leave no trace.
WRITERS = {
    ("POST", "/api/reports"): {"office"},
    ("PATCH", "/api/tasks/{task_id}"): {"office"},
    ("POST", "/api/tasks/{task_id}/progress"): {"lead"},
    ("POST", "/api/progress/{progress_id}/verify"): {"office"},
    ("POST", "/api/webhooks"): {"office"},
    ("PATCH", "/api/webhooks/{endpoint_id}"): {"office"},
    ("DELETE", "/api/webhooks/{endpoint_id}"): {"office"},
    ("POST", "/api/webhooks/deliveries/{delivery_id}/replay"): {"office"},
    ("POST", "/api/suggestions/items/{item_id}/assign"): {"office"},
    ("POST", "/api/suggestions/items/{item_id}/opinion"): set(),  # no role here is a 会办单位 of the item
    ("POST", "/api/suggestions/items/{item_id}/communications"): {"lead"},
    ("POST", "/api/suggestions/items/{item_id}/replies"): {"lead"},
    ("POST", "/api/suggestions/items/{item_id}/review"): {"office"},
}
OPERATIONS = sorted((m.upper(), p) for p, item in api.get_openapi_schema()["paths"].items() for m in item)


@pytest.fixture
def world(ledger, settings):
    from duban.web.ledger.workflow import file_progress, report_types
    from duban.web.webhooks.models import Delivery, Endpoint

    settings.WEBHOOKS_DISPATCH = "none"
    regular = next(t for t in report_types() if t.code == "regular")
    progress = file_progress(ledger.t1, ledger.people.lead, department=ledger.departments.fgw, report_type=regular,
                             period="2023-05", narrative="进展")
    endpoint = Endpoint.objects.create(name="fuzz", url="http://127.0.0.1:9/hook", secret="fuzz-secret-123",
                                       events=["progress.filed"])
    delivery = Delivery.objects.create(endpoint=endpoint, event="progress.filed", body="{}")
    item = _suggestion(ledger)
    ledger.ids = {"task_id": ledger.t1.pk, "report_id": ledger.report.pk, "progress_id": progress.pk,
                  "endpoint_id": endpoint.pk, "delivery_id": delivery.pk, "item_id": item.pk}
    ledger.headers = {r: {"Authorization": "Bearer " + ApiToken.issue(getattr(ledger.people, r), "fuzz")[1]} for r in ROLES}
    return ledger


def _suggestion(ledger):
    """A suggestion handled by the lead persona's department (建议提案办理)."""
    from duban.web.suggestions.models import Batch, Item
    from duban.web.suggestions.workflow import assign

    batch = Batch.objects.create(name="fuzz", year=2023)
    item = Item.objects.create(batch=batch, year=2023, kind="suggestion", number="1", title="fuzz", proposer="代表甲")
    return assign(item, ledger.people.office, lead=ledger.departments.fgw, co_units=[], assigned_on=dt.date(2023, 3, 1))


def _strategy(operation):
    kinds = [operation.as_strategy(generation_mode=GenerationMode.POSITIVE)]
    try:
        kinds.append(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    except Exception:  # an operation without parameters has no invalid data
        pass
    return st.one_of(kinds)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation(world, live_server, method, path):
    schema = schemathesis.openapi.from_url(live_server.url + "/api/openapi.json")
    operation = schema[path][method]
    writers = WRITERS.get((method, path))

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=_strategy(operation), real_ids=st.booleans())
    def run(case, real_ids):
        calls.append(case)
        if real_ids and case.path_parameters:
            case.path_parameters = {k: world.ids.get(k, v) for k, v in case.path_parameters.items()}
        for role in ROLES:
            before = AuditEvent.objects.count()
            response = case.call(base_url=live_server.url, headers=world.headers[role], timeout=60)
            case.validate_response(response, checks=CHECKS)
            if writers is not None and role not in writers:
                assert response.status_code >= 400, f"{role} wrote through {method} {path}: {response.status_code}"
                assert AuditEvent.objects.count() == before, f"{role} left an audit event through {method} {path}"

    calls = []
    run()
    assert calls, "no example was generated"
