"""How fast the issue-6 views are on a ledger of realistic size. Prints medians.

A throw-away SQLite database (or DATABASE_URL) gets 1,500 active tasks in 15 lead
departments with 1–3 targets each, 12 months of status changes and verified reports.
Then, as the supervision office: the dashboard page, the ledger table with a search,
the raw search, the Excel export, and the briefing as .docx and .pdf.

    .venv/bin/python benchmarks/views_speed.py [--tasks 1500] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = ["供热", "管网", "学校", "医院", "道路", "污水处理", "公园", "养老", "就业", "棚户区改造", "充电桩", "绿化"]


def build(n_tasks: int) -> None:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from duban.web.accounts.roles import set_role
    from duban.web.ledger.models import (
        Department,
        ProgressFigure,
        ProgressReport,
        Report,
        ReportType,
        StatusChange,
        Target,
        Task,
        Verification,
    )
    from duban.web.search.index import rebuild

    rnd = random.Random(6)
    office = User.objects.create_user("bench-office", password="x")
    set_role(office, "office")
    depts = [Department.objects.create(name=f"市第{i}局") for i in range(15)]
    rtype, _ = ReportType.objects.get_or_create(code="regular", defaults={"name": "常规进展"})
    text = "".join(f"完成{rnd.choice(WORDS)}工程{i}项。" for i in range(n_tasks))
    report = Report.objects.create(title="bench", year=2025, source_name="b.txt", sha256="b" * 64, text=text,
                                   extraction={}, state="confirmed",
                                   confirmed_at=timezone.make_aware(dt.datetime(2025, 1, 2)))
    pos, tasks = 0, []
    statuses = ["normal", "blue", "yellow", "red", "done"]
    for i in range(n_tasks):
        sentence = text[pos:text.index("。", pos) + 1]
        tasks.append(Task(report=report, title=sentence[:-1], text=sentence, start=pos, end=pos + len(sentence),
                          review="active", lead_department=depts[i % 15], start_date=dt.date(2025, 1, 1),
                          deadline=dt.date(2025, 12, 31), status=rnd.choice(statuses), status_reason="基准数据",
                          progress=rnd.randint(0, 100), published=i % 10 == 0,
                          list_name="民生实事" if i % 10 == 0 else ""))
        pos += len(sentence)
    Task.objects.bulk_create(tasks, batch_size=500)
    tasks = list(Task.objects.filter(report=report))
    targets = []
    for t in tasks:
        for k in range(rnd.randint(1, 3)):
            targets.append(Target(task=t, quote=f"{t.title}指标{k}", metric=f"指标{k}", value=100, unit="个"))
    Target.objects.bulk_create(targets, batch_size=1000)
    changes, reports = [], []
    for t in tasks:
        for month in range(1, 13):
            when = timezone.make_aware(dt.datetime(2025, month, 15))
            if rnd.random() < 0.3:
                changes.append(StatusChange(task=t, old="normal", new=rnd.choice(statuses), reason="基准", at=when))
            reports.append(ProgressReport(task=t, department=t.lead_department, report_type=rtype,
                                          period=f"2025-{month:02d}", narrative="进展", state="verified",
                                          filed_by=office, filed_at=when))
    StatusChange.objects.bulk_create(changes, batch_size=2000)
    ProgressReport.objects.bulk_create(reports, batch_size=2000)
    by_task = {}
    for t in Target.objects.all():
        by_task.setdefault(t.task_id, []).append(t)
    figures, verifications = [], []
    for p in ProgressReport.objects.all().only("id", "task_id", "filed_at", "period"):
        for t in by_task[p.task_id]:
            figures.append(ProgressFigure(report=p, target=t, value=int(p.period[-2:]) * 8))
        verifications.append(Verification(report=p, decision="accept", by=office, at=p.filed_at))
    ProgressFigure.objects.bulk_create(figures, batch_size=5000)
    Verification.objects.bulk_create(verifications, batch_size=5000)
    rebuild()


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=1500)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="duban-bench-views-")
    os.environ.setdefault("DUBAN_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.settings")
    os.environ.setdefault("AXES_ENABLED", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    build(args.tasks)
    print(f"ledger: {args.tasks} tasks built in {time.perf_counter() - t0:.1f} s ({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})")

    from django.contrib.auth.models import User

    from duban.web.briefing.jobs import build as build_briefing
    from duban.web.exchange.ledger_rows import ledger_rows
    from duban.web.exchange.workbook import write_ledger
    from duban.web.ledger.models import Task
    from duban.web.search.index import search_task_ids

    client = Client()
    client.force_login(User.objects.get(username="bench-office"))
    tasks = Task.objects.filter(review="active")

    def page(url):
        resp = client.get(url)
        assert resp.status_code == 200, (url, resp.status_code)

    def export():
        import io

        write_ledger(ledger_rows(tasks), io.BytesIO())

    rows = [
        ("dashboard page (/dashboard/)", lambda: page("/dashboard/")),
        ("ledger table, 1st page", lambda: page("/dashboard/tasks/")),
        ("ledger table, search 供热 + red", lambda: page("/dashboard/tasks/?q=供热&status=red")),
        ("search_task_ids('污水处理')", lambda: search_task_ids("污水处理")),
        ("public page (/public/)", lambda: page("/public/")),
        ("Excel export (all tasks)", export),
        ("briefing .docx (2025-12)", lambda: build_briefing(tasks, "2025-12", "docx")),
        ("briefing .pdf (2025-12)", lambda: build_briefing(tasks, "2025-12", "pdf")),
    ]
    print(f"{'what':40s} {'median ms':>10s}  (repeat {args.repeat})")
    for name, fn in rows:
        fn()  # warm-up: imports, fonts, template caches
        print(f"{name:40s} {median_ms(fn, args.repeat):10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
