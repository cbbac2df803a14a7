"""The OpenAPI document: at least 15 operations, each with a summary, its errors and an example;
the documentation is public, the data is not."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
METHODS = {"get", "post", "patch", "put", "delete"}


@pytest.fixture
def doc():
    return Client().get("/api/openapi.json").json()


def _operations(doc):
    return [(method, path, op) for path, item in doc["paths"].items() for method, op in item.items() if method in METHODS]


def _resolve(doc, schema):
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _has_example(doc, schema, depth=0) -> bool:
    schema = _resolve(doc, schema)
    if schema.get("examples") or schema.get("example") is not None:
        return True
    if depth > 3:
        return False
    inner = [schema.get("items")] + list((schema.get("properties") or {}).values()) + schema.get("anyOf", []) + schema.get("allOf", [])
    return any(s and _has_example(doc, s, depth + 1) for s in inner)


def test_it_lists_at_least_15_operations_including_the_integration_ones(doc):
    ops = {(m.upper(), p) for m, p, _ in _operations(doc)}
    assert len(ops) >= 15, sorted(ops)
    for needed in [("POST", "/api/reports"), ("GET", "/api/departments"), ("GET", "/api/summary"), ("GET", "/api/tasks"),
                   ("POST", "/api/webhooks"), ("POST", "/api/webhooks/deliveries/{delivery_id}/replay")]:
        assert needed in ops


def test_every_operation_has_a_summary_errors_and_an_example(doc):
    for method, path, op in _operations(doc):
        where = f"{method.upper()} {path}"
        assert op.get("summary"), f"{where}: no summary"
        codes = {int(c) for c in op["responses"]}
        assert 401 in codes, f"{where}: errors not documented ({codes})"
        for code in codes - {200, 201, 204}:
            assert op["responses"][str(code)]["description"] not in ("", "OK"), f"{where}: {code} undescribed"
        success = [r for c, r in op["responses"].items() if c in ("200", "201")]
        bodies = [r["content"]["application/json"]["schema"] for r in success if "content" in r]
        bodies += [c["schema"] for c in (op.get("requestBody") or {}).get("content", {}).values()]
        assert any(_has_example(doc, s) for s in bodies) or method == "delete", f"{where}: no example"


def test_the_docs_are_public_and_the_data_is_not(client):
    assert client.get("/api/docs").status_code == 200
    assert client.get("/api/openapi.json").status_code == 200
    for path in ["/api/tasks", "/api/summary", "/api/departments", "/api/webhooks", "/api/reports"]:
        assert client.get(path).status_code == 401, path
