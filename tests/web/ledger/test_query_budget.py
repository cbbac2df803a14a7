"""Query budgets: a page costs the same number of queries however many tasks, reports,
targets or history rows the ledger holds (measured at two sizes, caches cleared)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.web.ledger.models import (
    ProgressFigure,
    ProgressReport,
    StatusChange,
    Target,
    Task,
    Verification,
)
from duban.web.ledger.services import refresh_all
from duban.web.ledger.stamp import clear_memo
from duban.web.ledger.workflow import report_types

from .conftest import client_for

pytestmark = pytest.mark.django_db

# The most any of these pages may cost, whatever the size of the ledger. The list is the one
# ledger list for every role: beside its rows it reads the page's targets and co-operating
# departments (one query each) and the list names and chapters its filters offer.
BUDGET = {"list": 12, "task": 18, "dashboard": 16, "api": 9, "public": 12}


def grow(ledger, n: int) -> Task:
    """Add ``n`` published tasks with ``n`` targets, ``n`` verified reports and ``n`` history edits each
    to the busiest one; return it."""
    people, fgw, mzj = ledger.people, ledger.departments.fgw, ledger.departments.mzj
    regular = next(t for t in report_types() if t.code == "regular")
    base = ledger.t1
    for i in range(n):
        task = Task.objects.create(report=ledger.report, section=base.section, title=f"任务{i}", text=f"任务{i}。",
                                   review="active", lead_department=fgw if i % 2 else mzj, start_date=dt.date(2023, 1, 1),
                                   deadline=dt.date(2023, 12, 31), list_name="附件1" if i % 3 else "", published=True)
        task.cooperating.add(mzj if i % 2 else fgw)
        Target.objects.create(task=task, quote=f"指标{i}", metric=f"指标{i}", value=10 + i, unit="个")
    busiest = Task.objects.get(pk=base.pk)
    busiest.published = True
    busiest.save()
    for i in range(n):
        Target.objects.create(task=busiest, quote=f"附加{i}", metric=f"附加指标{i}", value=5 + i, unit="个")
    targets = list(busiest.targets.all())
    done = busiest.progress_reports.count()
    for month in range(done + 1, done + n + 1):
        report = ProgressReport.objects.create(task=busiest, department=fgw, report_type=regular,
                                               period=f"{2020 + month // 12}-{month % 12 + 1:02d}",
                                               narrative="进展", state="verified", filed_by=people.lead,
                                               filed_at=dt.datetime(2023, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=month))
        for t in targets:
            ProgressFigure.objects.create(report=report, target=t, value=month)
        Verification.objects.create(report=report, decision="accept", by=people.office,
                                    at=dt.datetime(2023, 1, 2, tzinfo=dt.UTC) + dt.timedelta(days=month))
        StatusChange.objects.create(task=busiest, old="normal", new="yellow" if month % 2 else "normal", reason="测试",
                                    at=dt.datetime(2023, 1, 3, tzinfo=dt.UTC) + dt.timedelta(days=month))
        busiest.title = f"{busiest.title[:20]}{month}"
        busiest.lead_department = fgw if month % 2 else mzj
        busiest.save()
        busiest.cooperating.set([mzj] if month % 2 else [])
    refresh_all(dt.date(2023, 6, 30))
    return busiest


def costs(ledger, task: Task) -> dict[str, int]:
    office = client_for(ledger.people.office)
    pages = {"list": "/tasks/", "task": f"/tasks/{task.pk}/", "dashboard": "/dashboard/", "api": "/api/tasks?limit=100",
             "public": "/public/"}
    out = {}
    for name, path in pages.items():
        office.get(path)  # the session, language and permissions settled, as on any page after the first
        cache.clear()  # the cost of computing the page, not of reading it from the cache
        clear_memo()
        with CaptureQueriesContext(connection) as ctx:
            resp = office.get(path)
        assert resp.status_code == 200, (path, resp.status_code)
        out[name] = len(ctx.captured_queries)
    return out


def test_queries_do_not_grow_with_the_ledger(ledger):
    small = costs(ledger, grow(ledger, 2))
    large = costs(ledger, grow(ledger, 12))
    assert large == small, {"small": small, "large": large}
    for name, n in large.items():
        assert n <= BUDGET[name], (name, n, large)


@pytest.mark.django_db(transaction=True)
def test_cached_pages_are_recomputed_after_a_committed_change(ledger, settings):
    """Lists and the dashboard are read from the cache until a change commits, then recomputed."""
    settings.LEDGER_STAMP_AT_ONCE = False  # as in production: the stamp moves when the change commits
    task = grow(ledger, 3)
    office = client_for(ledger.people.office)
    for i, path in enumerate(("/tasks/", "/dashboard/")):
        office.get(path)
        with CaptureQueriesContext(connection) as warm:
            office.get(path)
        task.title = f"改过的标题{i}"
        task.save()  # any change retires the cached copies
        with CaptureQueriesContext(connection) as cold:
            office.get(path)
        assert len(cold.captured_queries) > len(warm.captured_queries), path
    assert "改过的标题1" in office.get("/tasks/?q=改过").content.decode()
