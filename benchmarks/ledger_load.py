"""Load run of the ledger web app on loopback: requests per second and p50/p95 latency.

Builds a throw-away ledger (10 imported reports, about 1,500 tasks, 12 months of verified
progress reports), starts `duban serve` on 127.0.0.1 with production settings (DEBUG=0),
and drives each endpoint with N concurrent keep-alive clients for S seconds:

    /healthz                   the trivial endpoint, the yardstick for the ratios
    /tasks/                    the ledger list page (office: every task)
    /tasks/<id>/               a task page (targets, stages, reports, timeline)
    /api/tasks?limit=50        the API list (bearer token)

Prints one line per endpoint; figures depend on the machine and its other load, so the
ratio to /healthz measured in the same run is the number to compare across machines.

    .venv/bin/python benchmarks/ledger_load.py [--clients 20] [--seconds 30] [--reports 10]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "duban" / "samples" / "liaocheng_2023_part2.txt"
ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "SECURE_HSTS_SECONDS": "0",
    "AXES_ENABLED": "0",
    "LOG_LEVEL": "ERROR",
}


def build_ledger(var: Path, n_reports: int, per_report: int) -> dict:
    """Create the database in ``var`` and return the ids and credentials the load needs."""
    os.environ.update(ENV, DUBAN_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="duban.web.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from duban.web.accounts.models import ApiToken
    from duban.web.accounts.roles import set_role
    from duban.web.ledger import departments
    from duban.web.ledger.importer import import_upload
    from duban.web.ledger.models import Department, ProgressFigure, ProgressReport, Report, Task, Verification
    from duban.web.ledger.services import refresh_all
    from duban.web.ledger.workflow import confirm_report, drop_item, report_types

    call_command("migrate", verbosity=0)
    departments.seed()
    office = get_user_model().objects.create_user("office", password="benchmark-office-password")
    set_role(office, "office")
    depts = list(Department.objects.all())
    text = SAMPLE.read_text(encoding="utf-8")
    rng = random.Random(7)
    t0 = time.perf_counter()
    for n in range(n_reports):
        # A distinct text per report (different sha256), the same structure.
        body = text + f"\n（第{n + 1}份报告）\n"
        result = import_upload(body.encode("utf-8"), f"report-{n + 1}.txt", office, year=2023, title=f"报告 {n + 1}")
        report = Report.objects.get(pk=result.report.pk)
        pending = list(report.tasks.filter(review="pending").order_by("start"))
        keep = [t for t in pending if t.list_name or t.targets.exists()]
        keep += [t for t in pending if t not in keep][: max(0, per_report - len(keep))]
        with transaction.atomic():  # one commit for the review, as one office session would not be
            for task in pending:
                if task not in keep:
                    drop_item(task, office, task.version)
        report.refresh_from_db()
        confirm_report(report, office, report.version)
    import_s = time.perf_counter() - t0
    tasks = list(Task.objects.filter(review="active").prefetch_related("targets"))
    for task in tasks:
        if task.lead_department_id is None:
            task.lead_department = rng.choice(depts)
            task.save(update_fields=["lead_department"])
    # Twelve months of verified reports. This is fixture data for the load run, so it is
    # written in bulk rather than through the workflow (which is measured by the tests).
    regular = next(t for t in report_types() if t.code == "regular")
    now = timezone.now()
    t0 = time.perf_counter()
    with transaction.atomic():
        reports = [
            ProgressReport(task=task, department_id=task.lead_department_id, report_type=regular, period=f"2023-{m:02d}",
                           narrative=f"{m}月进展", state="verified", filed_by=office, filed_at=now)
            for task in tasks for m in range(1, 13)
        ]
        ProgressReport.objects.bulk_create(reports, batch_size=2000)
        figures, verifications = [], []
        for pr in reports:
            month = int(pr.period[-2:])
            verifications.append(Verification(report=pr, decision="accept", by=office, at=now))
            for target in pr.task.targets.all():
                if target.value is not None:
                    figures.append(ProgressFigure(report=pr, target=target, value=target.value * month / 12 * rng.uniform(0.6, 1.1)))
        ProgressFigure.objects.bulk_create(figures, batch_size=5000)
        Verification.objects.bulk_create(verifications, batch_size=5000)
    counts = refresh_all()
    fill_s = time.perf_counter() - t0
    session = SessionStore()
    session["_auth_user_id"] = str(office.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = office.get_session_auth_hash()
    session.create()
    token = ApiToken.issue(office, "benchmark")[1]
    busiest = max(tasks, key=lambda t: (t.targets.count(), t.pk))
    return {
        "tasks": len(tasks), "progress_reports": len(reports), "figures": len(figures), "statuses": counts,
        "import_s": import_s, "fill_s": fill_s, "session": session.session_key, "token": token, "task_id": busiest.pk,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}; see its log")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("server did not come up")


def load(port: int, path: str, headers: dict, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    kinds: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            t = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException) as exc:
                bad += 1
                kinds[type(exc).__name__] = kinds.get(type(exc).__name__, 0) + 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - t)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t0
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [float("nan")] * 99
    if kinds:
        print(f"  errors on {path}: {kinds}", file=sys.stderr)
    return {"requests": len(latencies), "errors": errors[0], "rps": len(latencies) / elapsed,
            "p50": q[49] * 1000, "p95": q[94] * 1000}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--reports", type=int, default=10)
    ap.add_argument("--tasks-per-report", type=int, default=150)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="duban-load-") as tmp:
        var = Path(tmp)
        info = build_ledger(var, args.reports, args.tasks_per_report)
        print(f"ledger: {args.reports} reports, {info['tasks']} tasks, {info['progress_reports']} progress reports, "
              f"{info['figures']} figures; statuses {info['statuses']}; import {info['import_s']:.1f}s, "
              f"12 months of reports {info['fill_s']:.1f}s")
        port = free_port()
        env = {**os.environ, **ENV, "DUBAN_VAR_DIR": str(var)}
        # The server logs every request: to a file, since an undrained pipe would stall it.
        log = open(var / "server.log", "wb")  # noqa: SIM115 - closed after the server stops
        server = subprocess.Popen([sys.executable, "-m", "duban", "serve", "--no-migrate", "--host", "127.0.0.1",
                                   "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(port, server)
            cookie = {"Cookie": f"sessionid={info['session']}"}
            runs = [
                ("/healthz", "/healthz", {}),
                ("task list", "/tasks/", cookie),
                ("task page", f"/tasks/{info['task_id']}/", cookie),
                ("API list", "/api/tasks?limit=50", {"Authorization": f"Bearer {info['token']}"}),
            ]
            print(f"{args.clients} concurrent clients, {args.seconds:g} s each, loopback, runserver (threaded), SQLite WAL")
            print(f"{'endpoint':12s} {'req/s':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'errors':>7s} {'rps vs healthz':>15s} {'p50 vs healthz':>15s}")
            base = None
            for label, path, headers in runs:
                r = load(port, path, headers, args.clients, args.seconds)
                base = base or r
                print(f"{label:12s} {r['rps']:8.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['errors']:7d} "
                      f"{r['rps'] / base['rps']:15.2f} {r['p50'] / base['p50']:15.1f}")
        finally:
            server.terminate()
            server.wait(30)
            log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
