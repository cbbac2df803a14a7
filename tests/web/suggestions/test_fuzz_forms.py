"""Every form of the suggestions' pages, fuzzed with the hostile values of the ledger's form fuzz:
no input may make a page answer 5xx (the test client re-raises errors)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.web.api.test_fuzz_forms import EXAMPLES, VALUE

from . import flow
from .conftest import client_for

pytestmark = pytest.mark.django_db

# (who, path under the item, fields)
FORMS = [
    ("office", "assign/", ["lead", "co_units", "assigned_on", "deadline", "urgent", "version"]),
    ("mzj", "opinion/", ["opinion"]),
    ("fgw", "communicate/", ["date", "way", "summary"]),
    ("fgw", "reply/", ["text", "result_class", "submit"]),
    ("office", "review/", ["decision", "reason", "disclose"]),
    ("office", "task/", ["task", "deadline", "title"]),
    ("office", "disclose/", ["disclose"]),
]


@pytest.fixture
def item(people, batch, client):
    c = client_for(client, people["office"])
    it = flow.item("101")
    flow.assign(c, it, people["depts"]["市发展改革委"], [people["depts"]["市民政局"]])
    return it


@pytest.mark.parametrize(("who", "path", "fields"), FORMS, ids=[f[1] for f in FORMS])
def test_a_form_never_fails(people, item, client, who, path, fields):
    client.force_login(people[who])

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({f: VALUE for f in fields}))
    def run(data):
        resp = client.post(f"/suggestions/{item.pk}/{path}", data)
        assert resp.status_code < 500

    run()


def test_the_feedback_form_and_the_filters_never_fail(people, item, client):
    c = client_for(client, people["fgw"])
    flow.communicate(c, item)
    flow.reply(c, item)
    c.force_login(people["office"])
    link = flow.send(c, item)

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(VALUE, VALUE, VALUE)
    def run(a, b, c_):
        client.force_login(people["office"])
        for url in ("/suggestions/", "/suggestions/stats/", "/suggestions/stats.xlsx", "/suggestions/import/"):
            assert client.get(url, {"year": a, "kind": b, "state": c_, "status": a}).status_code < 500
        client.logout()
        resp = client.post(link, {"rating": a, "comment": b})
        assert resp.status_code < 500
        assert client.get(f"/suggestions/feedback/{item.pk}/{a or 'x'}/".replace("#", "").replace("?", "")).status_code < 500

    run()
