"""Every form of the pages, fuzzed: hostile and random values in every field, posted by the role
the form is for. No input may make a page answer 5xx (the test client re-raises errors)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .conftest import client_for

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("DUBAN_FUZZ_EXAMPLES", "6")) * 2
NASTY = ["", " ", "abc", "0", "-1", "1.5", "9" * 30, "1e308", "-1e308", "NaN", "inf", "-inf", "1e25", "\x00", "a\x00b",
         "\x1b[31m", "2023-13", "2026-1", "9999-12", "2023-06", "2023-12-31", "2023-02-30", "１２", "十二",
         "4.5万", "<script>alert(1)</script>", "' OR 1=1 --", "%s%n", "None", "true", "[]", "{}", "x" * 30000,
         "title | 0 | 2023-01-01", "a|b|c|d", "none", "accept", "return", "merge", "split", "edit", "drop", "restore"]
VALUE = st.one_of(st.sampled_from(NASTY), st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
                  st.integers().map(str))


@pytest.fixture
def world(ledger, settings, tmp_path):
    from duban.web.ledger.workflow import file_progress, report_types, verify_progress

    settings.MEDIA_ROOT = tmp_path
    settings.BRIEFING_INLINE = True
    settings.WEBHOOKS_DISPATCH = "none"
    regular = next(t for t in report_types() if t.code == "regular")
    returned = file_progress(ledger.t1, ledger.people.lead, department=ledger.departments.fgw, report_type=regular,
                             period="2023-04", narrative="进展")
    verify_progress(returned, ledger.people.office, returned.version, accept=False, reason="补充")
    ledger.returned = returned
    ledger.filed = file_progress(ledger.t1, ledger.people.lead, department=ledger.departments.fgw, report_type=regular,
                                 period="2023-05", narrative="进展")
    return ledger


def _forms(w):
    t, target = w.t1.pk, w.t1.targets.first().pk
    other = w.stages.pk
    return [
        ("office", f"/tasks/{t}/edit", ["version", "title", "lead", "cooperating", "deadline", "published"]),
        ("office", f"/tasks/{t}/stages", ["version", "stages"]),
        ("lead", f"/tasks/{t}/report", ["report_type", "period", "narrative", "milestones", f"target_{target}"]),
        ("office", f"/progress/{w.filed.pk}/verify", ["version", "decision", "reason"]),
        ("lead", f"/progress/{w.returned.pk}/refile", ["version", "narrative", f"target_{target}"]),
        ("office", "/reports/import", ["year", "title"]),
        ("office", f"/reports/{w.report.pk}/confirm", ["version"]),
        ("office", f"/reports/{w.report.pk}/publish", ["version", "published"]),
        ("office", f"/items/{t}", ["action", "version", "other", "other_version", "at", "title", "text", "lead"]),
        ("office", f"/items/{other}", ["action", "version", "other", "at"]),
        ("office", "/departments/queue/1", ["department", "new_name"]),
        ("office", "/accounts/tokens/", ["name", "revoke"]),
        ("office", "/webhooks/", ["name", "url", "secret", "events", "format"]),
        ("office", "/briefing/new/", ["period", "fmt"]),
        ("lead", "/exchange/import/", ["file"]),
        ("office", "/public/language/", ["language", "next"]),
    ]


QUERIES = [("office", "/tasks/", ["dept", "chapter", "report", "status", "list", "due_from", "due_to", "q", "sort", "page"]),
           ("lead", "/tasks/", ["dept", "chapter", "report", "q", "page"]),
           ("lead", "/tasks/", ["status", "department", "q", "page"]),
           ("leader", "/reports/1/", ["show"]),
           ("office", "/exchange/template.xlsx", ["period"])]


@pytest.mark.parametrize("index", range(16))
def test_form(world, index):
    role, url, fields = _forms(world)[index]
    client = client_for(getattr(world.people, role))

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({f: VALUE for f in fields}))
    def run(data):
        if "file" in data:
            from django.core.files.uploadedfile import SimpleUploadedFile

            data["file"] = SimpleUploadedFile("x.xlsx", data["file"].encode("utf-8", "surrogatepass"))
        response = client.post(url, data)
        assert response.status_code < 500

    run()


@pytest.mark.parametrize("index", range(5))
def test_query(world, index):
    role, url, fields = QUERIES[index]
    client = client_for(getattr(world.people, role))

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({f: VALUE for f in fields}))
    def run(params):
        params = {k: v.replace("\x00", "") for k, v in params.items()}
        assert client.get(url, params).status_code < 500

    run()
