"""Backup while writes go on, restore, compare."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from duban.web.ledger.models import Department, Report, Target, Task
from duban.web.ops.backup import BackupError, backup, restore

pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot():
    return {
        "reports": list(Report.objects.values_list("sha256", "state").order_by("pk")),
        "tasks": list(Task.objects.values_list("pk", "title", "review", "lead_department_id", "version").order_by("pk")),
        "targets": list(Target.objects.values_list("pk", "metric", "value").order_by("pk")),
        "departments": list(Department.objects.values_list("name", flat=True).order_by("name")),
    }


def test_it_restores_what_it_backed_up(ledger, tmp_path):
    suffix = "sqlite3" if connection.vendor == "sqlite" else "pgdump"
    stop = threading.Event()

    def keep_writing():
        n = 0
        try:
            while not stop.is_set():
                n += 1
                Department.objects.create(name=f"并发写入单位{n}")
        finally:
            connection.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        path = backup(tmp_path / f"ledger.{suffix}")
    finally:
        stop.set()
        writer.join(30)
    assert path.stat().st_size > 0
    connection.close()
    # The backup is a consistent snapshot: restore it and remember what it holds.
    restore(path)
    connection.close()
    expected = _snapshot()
    assert expected["tasks"] and expected["targets"]
    Department.objects.create(name="备份之后新建的单位")
    Task.objects.filter(pk=ledger.t1.pk).update(title="备份之后改的标题")
    connection.close()
    restore(path)
    connection.close()
    assert _snapshot() == expected


def test_it_refuses_to_overwrite_and_to_restore_garbage(ledger, tmp_path):
    existing = tmp_path / "exists.bak"
    existing.write_bytes(b"x")
    with pytest.raises(BackupError, match="exists already"):
        backup(existing)
    with pytest.raises(BackupError):
        restore(existing)
    with pytest.raises(BackupError, match="no such backup"):
        restore(tmp_path / "missing.bak")
