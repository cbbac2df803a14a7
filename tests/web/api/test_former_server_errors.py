"""Every input that used to make the server answer 500 (DEBUG=0) now gets a 4xx with a message.

Each case is one observed 500 (see CHANGELOG); the client does not re-raise, so a 500 shows
as a status, and nothing half-written may stay behind.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from duban.web.accounts.models import ApiToken
from duban.web.ledger.models import ProgressFigure, ProgressReport

pytestmark = pytest.mark.django_db
BIG = "9" * 27


def bearer(user) -> dict:
    return {"Authorization": "Bearer " + ApiToken.issue(user, "regression")[1]}


def plain_client(user=None) -> Client:
    c = Client(raise_request_exception=False)
    if user is not None:
        c.force_login(user)
    return c


@pytest.mark.parametrize("figure", ["NaN", "Infinity", "-Infinity", '"nan"', '"inf"', "1e308", "-1e308", "1e16", "-1"],
                         ids=["NaN", "Infinity", "-Infinity", "str-nan", "str-inf", "1e308", "-1e308", "1e16", "negative"])
def test_a_figure_that_is_not_a_finite_bounded_count_is_a_400(ledger, figure):
    target = ledger.t1.targets.first()
    body = '{"period": "2023-06", "narrative": "进展", "figures": {"' + str(target.pk) + '": ' + figure + "}}"
    r = plain_client().post(f"/api/tasks/{ledger.t1.pk}/progress", body, content_type="application/json",
                            headers=bearer(ledger.people.lead))
    assert r.status_code == 400, r.content
    assert r.json()["errors"][0]["field"].startswith("figures")
    assert not ProgressReport.objects.exists() and not ProgressFigure.objects.exists()


@pytest.mark.parametrize("milestones", ["[1e25]", "[10000000000000000000000000]", "[-1]", '["x"]', "[0]"])
def test_a_stage_id_that_cannot_be_one_is_a_400(ledger, milestones):
    body = '{"period": "2023-06", "narrative": "进展", "milestones": ' + milestones + "}"
    r = plain_client().post(f"/api/tasks/{ledger.t1.pk}/progress", body, content_type="application/json",
                            headers=bearer(ledger.people.lead))
    assert r.status_code == 400, r.content
    assert r.json()["errors"][0]["field"].startswith("milestones")


@pytest.mark.parametrize("query", [f"report={BIG}", f"chapter={BIG}", f"dept={BIG}", "offset=" + "9" * 20,
                                   "limit=" + "9" * 20, "offset=-1", "report=abc"])
def test_api_list_parameters_out_of_range_are_a_400(ledger, query):
    r = plain_client().get(f"/api/tasks?{query}", headers=bearer(ledger.people.office))
    assert r.status_code == 400, r.content
    assert r.json()["detail"]


@pytest.mark.parametrize("url", [f"/tasks/?department={BIG}", f"/tasks/?dept={BIG}",
                                 f"/tasks/?chapter={BIG}", f"/tasks/?report={BIG}",
                                 "/tasks/?due_from=99999-01-01", "/tasks/?q=%00"])
def test_page_filters_out_of_range_are_ignored_with_a_note(ledger, url):
    r = plain_client(ledger.people.office).get(url)
    assert r.status_code == 200


@pytest.mark.parametrize("action", ["confirm", "publish"])
@pytest.mark.parametrize("version", ["abc", BIG, "", "-1", "1.5"])
def test_a_version_that_is_not_one_on_confirm_or_publish_is_refused(imported, action, version):
    report = imported.report
    r = plain_client(imported.report.imported_by).post(f"/reports/{report.pk}/{action}", {"version": version})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.state == "review" and not report.published


@pytest.mark.parametrize("fields", [{"other": "abc"}, {"other": BIG}, {"other_version": "abc"},
                                    {"other_version": BIG}, {"at": BIG}, {"lead": BIG}],
                         ids=["other-abc", "other-big", "other_version-abc", "other_version-big", "at-big", "lead-big"])
def test_item_actions_with_malformed_numbers_are_refused(imported, fields):
    from duban.web.ledger.models import Task

    tasks = list(Task.objects.filter(report=imported.report).order_by("id"))
    a, b = tasks[0], tasks[1]
    action = "split" if "at" in fields else "edit" if "lead" in fields else "merge"
    body = {"action": action, "version": a.version, "other": b.pk, **fields}
    r = plain_client(imported.report.imported_by).post(f"/items/{a.pk}", body)
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.version == tasks[0].version  # nothing changed


def test_a_future_period_is_refused_by_page_api_and_excel_alike(ledger):
    r = plain_client().post(f"/api/tasks/{ledger.t1.pk}/progress", json.dumps({"period": "9999-12", "narrative": "x"}),
                            content_type="application/json", headers=bearer(ledger.people.lead))
    assert r.status_code == 400 and "还没有到" in r.json()["detail"]
    r = plain_client(ledger.people.lead).post(f"/tasks/{ledger.t1.pk}/report",
                                              {"report_type": 1, "period": "9999-12", "narrative": "x"})
    assert r.status_code == 400 and "还没有到" in r.content.decode()
    r = plain_client().post(f"/api/tasks/{ledger.t1.pk}/progress", json.dumps({"period": "2026-1", "narrative": "x"}),
                            content_type="application/json", headers=bearer(ledger.people.lead))
    assert r.status_code == 400 and "YYYY-MM" in r.json()["detail"]


def test_a_nul_in_a_narrative_is_refused_not_stored(ledger):
    r = plain_client().post(f"/api/tasks/{ledger.t1.pk}/progress",
                            json.dumps({"period": "2023-06", "narrative": "进展\u0000顺利"}),
                            content_type="application/json", headers=bearer(ledger.people.lead))
    assert r.status_code == 400 and "控制字符" in r.json()["detail"]
    assert not ProgressReport.objects.exists()


def test_a_verified_huge_figure_cannot_reach_the_public_page(ledger):
    """The 1e308 that once showed as a 309-digit percentage is refused at the door (form too)."""
    target = ledger.t1.targets.first()
    r = plain_client(ledger.people.lead).post(f"/tasks/{ledger.t1.pk}/report", {
        "report_type": 1, "period": "2023-06", "narrative": "x", f"target_{target.pk}": "-1e308"})
    assert r.status_code == 400 and "超出范围" in r.content.decode()
    assert not ProgressFigure.objects.exists()
