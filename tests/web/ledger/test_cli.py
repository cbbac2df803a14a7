"""The web sub-commands: help without Django loaded, import errors, demo set-up, backup and restore."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def duban(*args, var: Path, timeout=240) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["DUBAN_VAR_DIR"] = str(var)
    return subprocess.run([sys.executable, "-m", "duban", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_help_lists_the_web_commands_without_loading_django():
    code = ("import sys; from duban.cli import build_parser; p = build_parser(); "
            "print(p.format_help()); print('django' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout
    for command in ("serve", "worker", "demo", "manage", "import", "backup", "restore"):
        assert re.search(rf"^\s+{command}\s", out, re.M), command
    assert out.strip().endswith("False")


@pytest.mark.parametrize(
    ("args", "message"),
    [(["import", "no-such-file.txt", "--year", "2023"], "no such file"),
     (["restore", "no-such-backup.sqlite3"], "no such backup file")],
    ids=["import-missing", "restore-missing"],
)
def test_errors_are_one_clear_line(tmp_path, args, message):
    proc = duban(*args, var=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("duban: error:") and message in proc.stderr


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    var = tmp_path_factory.mktemp("demo-var")
    # The living demo files a year of reports through the workflow: about 20 s on an idle machine;
    # the limit leaves room for a machine shared by several test runs.
    proc = duban("demo", "--no-serve", var=var, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return var, proc.stdout


def test_demo_sets_up_the_ledger_and_prints_passwords(demo_dir):
    var, out = demo_dir
    for user in ("office", "leader", "gxj", "fgw"):
        assert re.search(rf"^\s+{user}\s+\S{{8,}}\s", out, re.M), out
    db = sqlite3.connect(var / "duban.sqlite3")
    tasks = db.execute("SELECT count(*) FROM ledger_task WHERE review = 'active'").fetchone()[0]
    assert tasks > 0 and f"with {tasks} tasks" in out
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_demo_twice_does_not_duplicate(demo_dir):
    var, _ = demo_dir
    proc = duban("demo", "--no-serve", var=var, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    db = sqlite3.connect(var / "duban.sqlite3")
    assert db.execute("SELECT count(*) FROM ledger_report").fetchone()[0] == 1


def test_the_demo_ledger_exported_looks_like_an_office_mid_year(demo_dir, tmp_path):
    """``duban demo --no-serve`` then ``duban export ledger``: several colours each holding a real
    share, (nearly) every task with a lead department, progress reports on most tasks."""
    import openpyxl

    var, _ = demo_dir
    out = tmp_path / "ledger.xlsx"
    proc = duban("export", "ledger", "-o", str(out), var=var)
    assert proc.returncode == 0, proc.stderr
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "序号"))
    columns = {name: i for i, name in enumerate(rows[header])}
    tasks = [r for r in rows[header + 1:] if r and r[0]]
    assert len(tasks) >= 80
    shares = Counter(r[columns["状态"]] for r in tasks)
    big = [status for status, n in shares.items() if n >= 0.10 * len(tasks)]
    assert len(big) >= 3, shares
    assert sum(1 for r in tasks if r[columns["牵头单位"]]) >= 0.9 * len(tasks)
    assert sum(1 for r in tasks if r[columns["进展情况"]]) >= 0.8 * len(tasks)
    db = sqlite3.connect(var / "duban.sqlite3")
    with_reports = db.execute("SELECT count(DISTINCT task_id) FROM ledger_progressreport").fetchone()[0]
    assert with_reports >= 0.8 * len(tasks)
    # Filed, verified, returned and refiled, and still waiting: the verify queue is not empty.
    states = dict(db.execute("SELECT state, count(*) FROM ledger_progressreport GROUP BY state").fetchall())
    assert states.get("verified", 0) > 0 and states.get("filed", 0) > 0, states
    assert db.execute("SELECT count(*) FROM ledger_verification WHERE decision = 'return'").fetchone()[0] > 0
    assert db.execute("SELECT count(*) FROM ledger_notification").fetchone()[0] > 0


def test_backup_and_restore_from_the_command_line(demo_dir, tmp_path):
    var, _ = demo_dir
    backup = tmp_path / "ledger.sqlite3"
    proc = duban("backup", str(backup), var=var)
    assert proc.returncode == 0, proc.stderr
    db_path = var / "duban.sqlite3"
    with sqlite3.connect(db_path) as db:
        before = db.execute("SELECT count(*), group_concat(title) FROM ledger_task").fetchone()
        db.execute("UPDATE ledger_task SET title = 'changed after backup'")
    proc = duban("restore", str(backup), var=var)
    assert proc.returncode == 0, proc.stderr
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*), group_concat(title) FROM ledger_task").fetchone() == before


def test_import_from_the_command_line_is_idempotent(demo_dir):
    var, _ = demo_dir
    sample = ROOT / "duban" / "samples" / "liaocheng_2023_part2.txt"
    proc = duban("import", str(sample), "--year", "2023", var=var)
    assert proc.returncode == 0 and "already imported" in proc.stdout


def test_the_demo_ledger_is_assessed_and_the_export_agrees(demo_dir, tmp_path):
    """``duban assess`` on the demo: every department leading a task has a score whose components
    explain it (a summary and inputs each, the weighted sum is the score), and the workbook has
    the same ranks and totals."""
    import json

    import openpyxl

    var, _ = demo_dir
    proc = duban("assess", "--year", "2023", "--format", "json", var=var)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    db = sqlite3.connect(var / "duban.sqlite3")
    leading = {n for (n,) in db.execute(
        "SELECT DISTINCT d.name FROM ledger_task t JOIN ledger_department d ON d.id = t.lead_department_id "
        "JOIN ledger_report r ON r.id = t.report_id WHERE t.review = 'active' AND r.state = 'confirmed'")}
    assert leading and {d["department"] for d in doc["departments"]} == leading
    for d in doc["departments"]:
        assert 0 <= d["score"] <= 100
        assert abs(sum(c["score"] * c["weight"] for c in d["components"].values()) - d["score"]) < 0.006
        for c in d["components"].values():
            assert c["summary"] and c["inputs"], (d["department"], c)
        assert {"completion", "timeliness", "status_time"} <= set(d["components"]), d
    out = tmp_path / "assessment.xlsx"
    assert duban("assess", "--year", "2023", "--format", "xlsx", "-o", str(out), var=var).returncode == 0
    rows = list(openpyxl.load_workbook(out).active.iter_rows(min_row=3, values_only=True))
    assert {r[0]: (r[-3], r[-2]) for r in rows} == {d["department"]: (d["score"], d["rank"]) for d in doc["departments"]}
