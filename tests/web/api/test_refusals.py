"""Not found and not visible give the same status and the same body, everywhere."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from duban.web.accounts.models import ApiToken
from duban.web.ledger.access import NOT_FOUND
from duban.web.ledger.models import ProgressReport
from duban.web.ledger.workflow import file_progress, report_types

from .conftest import client_for

pytestmark = pytest.mark.django_db
MISSING = 999999


@pytest.fixture
def world(ledger):
    regular = next(t for t in report_types() if t.code == "regular")
    ledger.progress = file_progress(ledger.t1, ledger.people.lead, department=ledger.departments.fgw,
                                    report_type=regular, period="2023-05", narrative="进展")
    return ledger


API_PATHS = [
    ("get", "/api/tasks/{task}"), ("get", "/api/tasks/{task}/targets"), ("get", "/api/tasks/{task}/status"),
    ("get", "/api/tasks/{task}/progress"), ("get", "/api/progress/{progress}"),
    ("patch", "/api/tasks/{task}"), ("post", "/api/tasks/{task}/progress"), ("post", "/api/progress/{progress}/verify"),
]
BODIES = {"patch": {"version": 1, "deadline": "2023-12-31"}, "post": {"period": "2023-06", "narrative": "x", "version": 1,
                                                                      "accept": True}}


@pytest.mark.parametrize(("method", "path"), API_PATHS)
def test_the_api_answers_a_hidden_object_like_a_missing_one(world, method, path):
    """The outsider (another department) asks for a task it may not see, and for one that does not exist."""
    headers = {"Authorization": "Bearer " + ApiToken.issue(world.people.outsider, "t")[1]}
    answers = []
    for task, progress in ((world.t1.pk, world.progress.pk), (MISSING, MISSING), ("9" * 30, "9" * 30)):
        url = path.format(task=task, progress=progress)
        kwargs = {"content_type": "application/json", "headers": headers}
        r = getattr(Client(), method)(url, BODIES.get(method, {}), **kwargs) if method != "get" else Client().get(url, headers=headers)
        answers.append((r.status_code, r.content))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 404 and json.loads(answers[0][1]) == {"detail": NOT_FOUND}


def test_a_report_hidden_from_a_reporter_looks_missing(world):
    headers = {"Authorization": "Bearer " + ApiToken.issue(world.people.lead, "t")[1]}
    hidden = Client().get(f"/api/reports/{world.report.pk}", headers=headers)
    missing = Client().get(f"/api/reports/{MISSING}", headers=headers)
    assert (hidden.status_code, hidden.content) == (missing.status_code, missing.content)
    assert hidden.status_code == 404


def test_an_unknown_api_path_is_the_same_json_404(world):
    headers = {"Authorization": "Bearer " + ApiToken.issue(world.people.office, "t")[1]}
    r = Client().get("/api/tasks/abc", headers=headers)
    assert r.status_code == 404 and r.json() == {"detail": NOT_FOUND}


PAGE_PATHS = ["/tasks/{task}/", "/tasks/{task}/report", "/progress/{progress}/", "/progress/{progress}/refile",
              "/evidence/{progress}"]


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_pages_answer_a_hidden_object_like_a_missing_one(world, path):
    client = client_for(world.people.outsider)
    seen = client.get(path.format(task=world.t1.pk, progress=world.progress.pk))
    missing = client.get(path.format(task=MISSING, progress=MISSING))
    assert seen.status_code == missing.status_code == 404
    assert _without_tokens(seen.content) == _without_tokens(missing.content)


def _without_tokens(html: bytes) -> bytes:
    # Each page carries its own CSRF token and its own path (the language switch's "next");
    # everything else must match.
    return re.sub(rb'name="(csrfmiddlewaretoken|next)" value="[^"]+"', b"", html)


def test_a_role_that_may_not_write_gets_403_with_a_reason(world):
    headers = {"Authorization": "Bearer " + ApiToken.issue(world.people.leader, "t")[1]}
    r = Client().patch(f"/api/tasks/{world.t1.pk}", {"version": 1, "deadline": "2023-12-31"},
                       content_type="application/json", headers=headers)
    assert r.status_code == 403 and set(r.json()) == {"detail"}
    r = Client().post("/api/reports", {}, headers=headers)
    assert r.status_code == 403 and set(r.json()) == {"detail"}
    assert ProgressReport.objects.count() == 1
