"""The same request twice at the same moment gets the answers of the same request twice in a
row: one succeeds, the other is refused with the sequential refusal's status and message
(never a 500 from the unique constraint). On SQLite, ``BEGIN IMMEDIATE`` queues the second
writer behind the first; on PostgreSQL both pass the application's check and the unique
index decides, which a barrier in ``pre_save`` forces every time."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.db.models.signals import pre_save

from duban.web.ledger.models import ProgressReport, Report
from duban.web.ledger.workflow import report_types

from .conftest import TEXT, client_for, make_doc

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(model, calls):
    """Run ``calls`` in parallel threads; on PostgreSQL each waits in ``pre_save`` of ``model``
    until all got there (past the application's own duplicate check)."""
    barrier = threading.Barrier(len(calls), timeout=10) if connection.vendor == "postgresql" else None

    def wait(sender, **kwargs):
        if barrier is not None and kwargs["instance"].pk is None:
            barrier.wait()

    pre_save.connect(wait, sender=model, weak=False, dispatch_uid="race_barrier")
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            results[i] = call()
        except Exception as exc:  # reported in the assertion below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        pre_save.disconnect(dispatch_uid="race_barrier", sender=model)
    return results


def _form(ledger) -> dict:
    regular = next(t for t in report_types() if t.code == "regular")
    return {"report_type": str(regular.pk), "period": "2023-06", "narrative": "按计划推进",
            **{f"target_{t.pk}": "1" for t in ledger.t1.targets.all()}}


def _sequential_refusal(ledger, post):
    """What the second of two identical requests in a row gets."""
    first, second = post(), post()
    ProgressReport.objects.all().delete()
    return first, second


def test_two_identical_progress_reports_at_once_on_the_page(ledger):
    url, form = f"/tasks/{ledger.t1.pk}/report", _form(ledger)
    lead = client_for(ledger.people.lead)
    first, twin = _sequential_refusal(ledger, lambda: lead.post(url, form))
    assert first.status_code == 302 and twin.status_code == 400
    message = "本单位 2023-06 的常规进展已报送"
    assert message in twin.content.decode()

    clients = [client_for(ledger.people.lead), client_for(ledger.people.lead)]
    results = _at_once(ProgressReport, [lambda c=c: c.post(url, form) for c in clients])
    assert sorted(r.status_code for r in results) == [302, 400], results
    refused = next(r for r in results if r.status_code == 400)
    assert message in refused.content.decode()
    assert ProgressReport.objects.filter(task=ledger.t1).count() == 1


def test_two_identical_progress_reports_at_once_through_the_api(ledger):
    from duban.web.accounts.models import ApiToken

    url = f"/api/tasks/{ledger.t1.pk}/progress"
    headers = {"Authorization": "Bearer " + ApiToken.issue(ledger.people.lead, "test")[1]}
    body = {"period": "2023-06", "narrative": "完成", "figures": {}}

    def post(c=None):
        return (c or client_for(None)).post(url, body, content_type="application/json", headers=headers)

    first, twin = _sequential_refusal(ledger, post)
    assert first.status_code == 201 and twin.status_code == 400
    results = _at_once(ProgressReport, [post, post])
    assert sorted(r.status_code for r in results) == [201, 400], results
    refused = next(r for r in results if r.status_code == 400)
    assert refused.json()["detail"] == twin.json()["detail"]
    assert ProgressReport.objects.filter(task=ledger.t1).count() == 1


def test_the_same_file_imported_twice_at_once(people):
    from duban.web.ledger.importer import import_document

    results = _at_once(Report, [lambda: import_document(make_doc(), TEXT, people.office)] * 2)
    assert not any(isinstance(r, Exception) for r in results), results
    assert sorted(r.created for r in results) == [False, True]
    assert results[0].report.pk == results[1].report.pk
    assert Report.objects.count() == 1
