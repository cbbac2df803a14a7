"""The search index agrees with the ledger: the import writes it in its own transaction, a
re-import repairs a lost index instead of saying nothing changed, and the daily job and
``duban manage rebuild_search_index --repair`` put right whatever else went missing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from duban.web.ledger.importer import import_document, start_import
from duban.web.ledger.models import ImportJob, Task
from duban.web.search.index import document_text, search_task_ids
from duban.web.search.models import SearchEntry

from .conftest import TEXT, make_doc


def _indexed(report) -> bool:
    tasks = list(Task.objects.filter(report=report))
    entries = dict(SearchEntry.objects.filter(task__in=tasks).values_list("task_id", "tokens"))
    return len(tasks) > 0 and all(entries.get(t.pk) == document_text(t) for t in tasks)


@pytest.mark.django_db
def test_the_import_writes_its_index_before_it_commits(people):
    """In a test nothing commits, so after-commit work never runs: the index is there anyway."""
    result = import_document(make_doc(), TEXT, people.office)
    assert _indexed(result.report)
    assert search_task_ids("市停车管理中心")


@pytest.mark.django_db(transaction=True)
def test_a_kill_after_the_commit_loses_no_index(people, monkeypatch):
    """The after-commit indexing never runs (the process was killed right after the commit)."""
    from duban.web.search import signals

    monkeypatch.setattr(signals, "_flush", lambda: None)
    result = import_document(make_doc(), TEXT, people.office)
    assert _indexed(result.report)


@pytest.mark.django_db
def test_a_reimport_repairs_a_missing_index(people):
    first = import_document(make_doc(), TEXT, people.office)
    lost = SearchEntry.objects.filter(task__report=first.report)
    n = lost.count()
    lost.delete()
    assert not search_task_ids("市停车管理中心")
    again = import_document(make_doc(), TEXT, people.office)
    assert not again.created and again.report.pk == first.report.pk and again.reindexed == n
    assert _indexed(first.report) and search_task_ids("市停车管理中心")
    # Nothing lost: the re-import changes nothing.
    assert import_document(make_doc(), TEXT, people.office).reindexed == 0


@pytest.mark.django_db
def test_the_import_page_says_the_index_was_repaired(people):
    import_document(make_doc(), TEXT, people.office)
    SearchEntry.objects.all().delete()
    job = start_import(SimpleUploadedFile("again.txt", TEXT.encode()), people.office, year=2023)
    job = ImportJob.objects.get(pk=job.pk)
    assert not job.created and "已补建" in job.message and "搜索索引" in job.message


@pytest.mark.django_db
def test_the_daily_job_and_the_command_repair_the_index(ledger):
    from duban.web.ledger.jobs import run_daily

    tasks = list(Task.objects.filter(report=ledger.report))
    SearchEntry.objects.filter(task=tasks[0]).delete()
    SearchEntry.objects.filter(task=tasks[1]).update(tokens="stale")
    result = run_daily(dt.date(2023, 6, 30))
    assert result["search_repaired"] == 2 and _indexed(ledger.report)
    assert run_daily(dt.date(2023, 7, 1))["search_repaired"] == 0

    SearchEntry.objects.filter(task=tasks[2]).delete()
    out = io.StringIO()
    call_command("rebuild_search_index", "--repair", stdout=out)
    assert out.getvalue().strip() == "repaired 1 index rows" and _indexed(ledger.report)
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert out.getvalue().strip() == f"indexed {Task.objects.count()} tasks"
