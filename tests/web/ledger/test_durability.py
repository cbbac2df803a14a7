"""Durability: WAL + synchronous=FULL on SQLite; a process killed mid-import leaves nothing behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from duban.web.ledger.models import Report, Section, Target, Task

from .conftest import TEXT, make_doc

ROOT = Path(__file__).resolve().parents[3]

# Runs in a child process: imports the document but stops for good after the first
# target, as if the power went out there.
CHILD = r"""
import json, os, sys, time
import django
django.setup()
from duban.web.ledger import importer
real_save = importer.Target.save
def stalled_save(self, *a, **k):
    real_save(self, *a, **k)
    print("MIDWAY", flush=True)
    time.sleep(120)
importer.Target.save = stalled_save
doc, text = json.load(sys.stdin)
importer.import_document(doc, text)
"""


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite pragmas")
@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_full_sync():
    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode")
        assert cur.fetchone()[0] == "wal"
        cur.execute("PRAGMA synchronous")
        assert cur.fetchone()[0] == 2  # FULL


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_leaves_nothing_behind(people):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="duban.web.settings", DATABASE_URL=_database_url())
    child = subprocess.Popen([sys.executable, "-c", CHILD], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    child.stdin.write(json.dumps([make_doc(), TEXT]))
    child.stdin.close()
    try:
        line = child.stdout.readline()
        assert line.strip() == "MIDWAY", child.stderr.read()
        # The child has written the report, its sections, tasks and a target, uncommitted.
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(30)
    assert child.returncode == -signal.SIGKILL
    assert (Report.objects.count(), Section.objects.count(), Task.objects.count(), Target.objects.count()) == (0, 0, 0, 0)
    # And the database is healthy: the same import now completes.
    from duban.web.ledger.importer import import_document

    assert import_document(make_doc(), TEXT, people.office).created
