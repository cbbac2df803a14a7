"""Two people, two real database connections, one task or report: the second save is refused."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from duban.web.ledger.models import ProgressReport, Task
from duban.web.ledger.workflow import (
    Conflict,
    assign_task,
    bump,
    file_progress,
    report_types,
    verify_progress,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(fn, results, key):
    try:
        results[key] = fn()
    except Exception as exc:  # collected for the assertion in the main thread
        results[key] = exc
    finally:
        connection.close()


def test_the_second_of_two_overlapping_edits_is_refused(ledger):
    task_id, version = ledger.t1.pk, ledger.t1.version
    first_holds_row = threading.Event()
    results: dict = {}

    def first():
        with transaction.atomic():
            task = Task.objects.get(pk=task_id)
            bump(task, version, ledger.people.office)
            first_holds_row.set()
            # Keep the transaction open so that the second writer has to wait for it.
            threading.Event().wait(0.5)
            task.deadline = dt.date(2023, 10, 1)
            task.save()
        return "saved"

    def second():
        first_holds_row.wait(10)
        task = Task.objects.get(pk=task_id)
        return assign_task(task, ledger.people.office, version, lead=ledger.departments.mzj, cooperating=[],
                           deadline=dt.date(2023, 11, 1))

    threads = [threading.Thread(target=_in_thread, args=(f, results, f.__name__)) for f in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results["first"] == "saved"
    assert isinstance(results["second"], Conflict), results["second"]
    assert "保存冲突" in str(results["second"])
    task = Task.objects.get(pk=task_id)
    assert task.deadline == dt.date(2023, 10, 1) and task.lead_department == ledger.departments.fgw
    assert task.version == version + 1


def test_two_simultaneous_verifications_one_wins(ledger):
    regular = next(t for t in report_types() if t.code == "regular")
    progress = file_progress(ledger.t1, ledger.people.lead, department=ledger.departments.fgw, report_type=regular,
                             period="2023-05", narrative="进展")
    start = threading.Barrier(2)
    results: dict = {}

    def decide(accept):
        def run():
            p = ProgressReport.objects.get(pk=progress.pk)
            start.wait(10)
            return verify_progress(p, ledger.people.office, progress.version, accept=accept, reason="" if accept else "不实")
        run.__name__ = "accept" if accept else "return"
        return run

    threads = [threading.Thread(target=_in_thread, args=(f, results, f.__name__)) for f in (decide(True), decide(False))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    outcomes = sorted(type(r).__name__ for r in results.values())
    assert outcomes == ["Conflict", "Verification"], results
    final = ProgressReport.objects.get(pk=progress.pk)
    winner = "verified" if not isinstance(results["accept"], Exception) else "returned"
    assert final.state == winner and final.verifications.count() == 1
