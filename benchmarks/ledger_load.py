"""Load run of the ledger web app on loopback, through the production server.

Builds a throw-away ledger with the living demo generator (``duban.web.demo``, the same one
``duban demo`` uses): 10 imports of the sample, 1,500 tasks, every one assigned, the year up to
26 September filed, verified, returned and refiled through the ledger's workflow (about 9,400
progress reports, every colour in realistic shares). That takes about 6 minutes on a 2-core
machine (371 s measured while other work shared it; ``--keep DIR`` builds it once and reuses it). ``--data bulk`` writes
twelve months of verified reports (18,000) directly instead, in about a minute, statuses as of
``--as-of``. It then starts the command a deployment runs (``duban serve`` = gunicorn +
WhiteNoise, DEBUG=0) on 127.0.0.1 and drives each endpoint with N concurrent keep-alive
clients for S seconds, R times:

    /healthz                   the trivial endpoint, the yardstick for the ratios
    /tasks/                    the ledger list page (office: every task)
    /tasks/<id>/               a task page (targets, stages, reports, timeline)
    /dashboard/                the dashboard (counts, breakdowns, warning lists, 12-month trend)
    /api/tasks?limit=50        the API list (bearer token)

For each endpoint it prints the medians over the R runs of requests/s, p50 and p95 latency,
the server's CPU time per request (all its processes, from /proc) and the database queries
per request (counted in-process on the same database: as served, and computed with the page
cache empty), and the ratio of each to /healthz
measured in the same run: figures depend on the machine and its other load, the ratios
travel.

    .venv/bin/python benchmarks/ledger_load.py [--clients 20] [--seconds 20] [--runs 3]
        [--database sqlite|postgres|both] [--pg-url postgres://postgres@127.0.0.1:5432/test]
        [--workers N] [--threads N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
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
    """Create the database in ``var`` with the demo generator (``duban.web.demo``: the office's
    year up to 26 September, every colour of the rubric) and return the ids and credentials
    the load needs."""
    os.environ.update(ENV, DUBAN_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="duban.web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db.models import Count

    from duban.web.accounts.models import ApiToken
    from duban.web.demo import DemoOptions, build
    from duban.web.ledger.models import ProgressFigure, Task

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    result = build(DemoOptions(copies=n_reports, per_report=per_report, seed=7))
    build_s = time.perf_counter() - t0
    office = get_user_model().objects.get(username="office")
    from duban.web.ops.planner import analyze

    analyze()  # as migrate and the daily job do
    session = SessionStore()
    session["_auth_user_id"] = str(office.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = office.get_session_auth_hash()
    session.create()
    token = ApiToken.issue(office, "benchmark")[1]
    # The page of the task with the most targets and reports: the heaviest one.
    busiest = (Task.objects.filter(review="active").annotate(n=Count("targets", distinct=True), r=Count("progress_reports", distinct=True))
               .order_by("-n", "-r", "pk").first())
    return {
        "office": office.pk,
        "tasks": result.tasks, "progress_reports": result.progress_reports, "figures": ProgressFigure.objects.count(),
        "statuses": result.statuses, "build_s": build_s, "as_of": result.as_of,
        "session": session.session_key, "token": token, "task_id": busiest.pk,
    }


def build_bulk_ledger(var: Path, n_reports: int, per_report: int, as_of: str) -> dict:
    """The issue's ledger, fast: ``n_reports`` imports of the sample (1,500 tasks), twelve months of
    verified reports each (18,000), statuses as of ``as_of``. Returns what the load needs."""
    os.environ.update(ENV, DUBAN_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="duban.web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from duban.web.accounts.models import ApiToken
    from duban.web.accounts.roles import set_role
    from duban.web.ledger import clock, departments
    from duban.web.ledger.importer import import_upload
    from duban.web.ledger.models import Department, ProgressFigure, ProgressReport, Report, Task, Verification
    from duban.web.ledger.services import refresh_all
    from duban.web.ledger.workflow import confirm_report, drop_item, report_types

    call_command("migrate", verbosity=0)
    clock.set_as_of(dt.date.fromisoformat(as_of), note="load benchmark")
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
    from duban.web.ops.planner import analyze

    analyze()  # as migrate and the daily job do
    fill_s = time.perf_counter() - t0
    session = SessionStore()
    session["_auth_user_id"] = str(office.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = office.get_session_auth_hash()
    session.create()
    token = ApiToken.issue(office, "benchmark")[1]
    busiest = max(tasks, key=lambda t: (t.targets.count(), t.pk))
    return {
        "office": office.pk, "as_of": as_of,
        "tasks": len(tasks), "progress_reports": len(reports), "figures": len(figures), "statuses": counts,
        "import_s": import_s, "fill_s": fill_s, "session": session.session_key, "token": token, "task_id": busiest.pk,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, proc: subprocess.Popen, timeout: float = 180) -> None:
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


def cpu_seconds(root_pid: int) -> float:
    """User + system CPU of ``root_pid`` and all its descendants (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents, times = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2:].split()
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [root_pid]
    while todo:
        pid = todo.pop()
        total += times.get(pid, 0.0)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total


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
                with lock:
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


def queries_per_request(runs: list[tuple[str, str, dict]], info: dict) -> dict[str, tuple[int, int]]:
    """Database queries of one request to each endpoint, counted in this process: (as served with
    the page cache warm, computed with it empty)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from duban.web.ledger.stamp import clear_memo

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = info["session"]
    out = {}
    for label, path, headers in runs:
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items() if k != "Cookie"}
        counts = []
        for warm in (True, False):
            client.get(path, **extra)  # the session and connection settled, the cache filled
            if not warm:
                cache.clear()
                clear_memo()
            with CaptureQueriesContext(connection) as ctx:
                resp = client.get(path, **extra)
            assert resp.status_code == 200, (path, resp.status_code)
            counts.append(len(ctx.captured_queries))
        out[label] = tuple(counts)
    return out


def one_database(args, url: str | None) -> dict:
    """Build the ledger on ``url`` (None: SQLite in the work folder), serve it, load it."""
    keep = Path(args.keep) if args.keep else None
    with tempfile.TemporaryDirectory(prefix="duban-load-") as tmp:
        var = keep or Path(tmp)
        var.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **ENV, "DUBAN_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "duban.web.settings"}
        if url:
            env["DATABASE_URL"] = url
        else:
            env.pop("DATABASE_URL", None)
        os.environ.clear()
        os.environ.update(env)
        stamp = var / "ledger.json"
        if keep and stamp.exists() and not url:
            import django

            django.setup()
            info = json.loads(stamp.read_text())
        elif args.data == "bulk":
            info = build_bulk_ledger(var, args.reports, args.tasks_per_report, args.as_of)
            stamp.write_text(json.dumps(info, default=str))
        else:
            info = build_ledger(var, args.reports, args.tasks_per_report)
            stamp.write_text(json.dumps(info, default=str))
        print(f"ledger: {args.reports} reports, {info['tasks']} tasks, {info['progress_reports']} progress reports, "
              f"{info['figures']} figures, as of {info['as_of']}; statuses {info['statuses']}"
              + (f"; built by the demo generator in {info['build_s']:.1f}s" if "build_s" in info else ""), flush=True)
        cookie = {"Cookie": f"sessionid={info['session']}"}
        endpoints = [
            ("/healthz", "/healthz", {}),
            ("task list", "/tasks/", cookie),
            ("task page", f"/tasks/{info['task_id']}/", cookie),
            ("dashboard", "/dashboard/", cookie),
            ("API list", "/api/tasks?limit=50", {"Authorization": f"Bearer {info['token']}"}),
        ]
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)  # as `duban serve` does before serving
        queries = queries_per_request(endpoints, info)
        from django.db import connections

        connections.close_all()
        port = free_port()
        log = open(var / "server.log", "wb")  # noqa: SIM115 - closed after the server stops
        command = [sys.executable, "-m", "duban", "serve", "--no-migrate", "--no-collectstatic", "--host", "127.0.0.1", "--port", str(port)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        if args.threads:
            command += ["--threads", str(args.threads)]
        server_env = {**env, "DUBAN_PAGE_CACHE": "0"} if args.cold else env
        server = subprocess.Popen(command, cwd=ROOT, env=server_env, stdout=log, stderr=subprocess.STDOUT)
        results: dict[str, list[dict]] = {label: [] for label, _, _ in endpoints}
        try:
            wait_until_up(port, server)
            for _label, path, headers in endpoints:  # warm every process's caches and connections
                load(port, path, headers, args.clients, 2)
            for _ in range(args.runs):
                for label, path, headers in endpoints:
                    before = cpu_seconds(server.pid)
                    r = load(port, path, headers, args.clients, args.seconds)
                    r["cpu_ms"] = 1000 * (cpu_seconds(server.pid) - before) / max(1, r["requests"])
                    results[label].append(r)
        finally:
            server.terminate()
            server.wait(60)
            log.close()
        summary = {}
        for label, runs in results.items():
            summary[label] = {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50", "p95", "cpu_ms")}
            summary[label]["errors"] = sum(r["errors"] for r in runs)
            summary[label]["queries"] = queries[label]
        return summary


def report(name: str, summary: dict, args) -> None:
    base = summary["/healthz"]
    print(f"\n{name}: {args.clients} clients, {args.seconds:g} s × {args.runs} runs (medians), duban serve (gunicorn "
          f"{args.workers or 'cores'} processes × {args.threads or 4} threads), DEBUG=0, page cache "
          f"{'off' if args.cold else 'on'}")
    print(f"{'endpoint':10s} {'req/s':>7s} {'p50 ms':>7s} {'p95 ms':>7s} {'CPU ms':>7s} {'queries':>7s} {'q cold':>6s} "
          f"{'errors':>6s} {'rps/hz':>7s} {'p95/hz':>7s} {'CPU/hz':>7s}")
    for label, r in summary.items():
        print(f"{label:10s} {r['rps']:7.1f} {r['p50']:7.1f} {r['p95']:7.1f} {r['cpu_ms']:7.2f} {r['queries'][0]:7d} "
              f"{r['queries'][1]:6d} "
              f"{r['errors']:6d} {r['rps'] / base['rps']:7.2f} {r['p95'] / base['p95']:7.1f} {r['cpu_ms'] / base['cpu_ms']:7.1f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--reports", type=int, default=10)
    ap.add_argument("--tasks-per-report", type=int, default=150)
    ap.add_argument("--database", choices=("sqlite", "postgres", "both"), default="sqlite")
    ap.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/test",
                    help="a PostgreSQL server; the run creates and drops its own database there")
    ap.add_argument("--workers", type=int, default=None, help="server processes (default: duban serve's)")
    ap.add_argument("--threads", type=int, default=None, help="threads per process (default: duban serve's)")
    ap.add_argument("--data", choices=("demo", "bulk"), default="demo",
                    help="demo: the living demo generator through the workflow (minutes; the default); "
                         "bulk: 1,500 tasks with 12 months of verified reports (18,000), written directly (a minute)")
    ap.add_argument("--as-of", default="2023-09-30", help="bulk data: the ledger's date (statuses are evaluated there)")
    ap.add_argument("--keep", default=None, help="build the SQLite ledger in DIR and reuse it next time")
    ap.add_argument("--cold", action="store_true",
                    help="serve with the page cache off (DUBAN_PAGE_CACHE=0): every page computed on every request")
    ap.add_argument("--json", default=None, help="also write the figures to this file")
    args = ap.parse_args()
    if args.database == "both":
        # One process per database: Django is set up once per process.
        figures = {}
        for db in ("sqlite", "postgres"):
            out = Path(tempfile.mkstemp(suffix=".json")[1])
            cmd = [sys.executable, __file__, "--database", db, "--json", str(out)] + [
                a for a in sys.argv[1:] if a not in ("both",) and not a.startswith("--database") and not a.startswith("--json")]
            cmd = [c for i, c in enumerate(cmd) if not (c == "both")]
            rc = subprocess.call(cmd)
            if rc:
                return rc
            figures[db] = json.loads(out.read_text())
            out.unlink()
        print("\nPostgreSQL / SQLite (p95, req/s):")
        for label in figures["sqlite"]:
            s, p = figures["sqlite"][label], figures["postgres"][label]
            print(f"  {label:10s} p95 ×{p['p95'] / s['p95']:.2f}  req/s ×{p['rps'] / s['rps']:.2f}")
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=1))
        return 0
    url = None
    if args.database == "postgres":
        import psycopg

        name = f"duban_load_{os.getpid()}"
        with psycopg.connect(args.pg_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = args.pg_url.rsplit("/", 1)[0] + "/" + name
    try:
        summary = one_database(args, url)
    finally:
        if url:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(args.pg_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    report("PostgreSQL" if url else "SQLite", summary, args)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
