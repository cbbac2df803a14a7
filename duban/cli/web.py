"""Web sub-commands (``serve`` and ``worker`` have their own modules): ``demo``, ``manage``, ``import``, ``backup``, ``restore``.

Django is imported inside the handlers only, so ``duban --help`` works without the web extra.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import sys

SAMPLE = "duban/samples/liaocheng_2023_part2.txt"


def _django():
    from duban.cli import CommandError

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.settings")
    try:
        import django
    except ImportError:
        raise CommandError("the web extra is not installed: pip install -e '.[web]'") from None
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise CommandError(f"configuration: {exc}") from None


def register(sub) -> None:
    p = sub.add_parser("demo", help="set up a demo ledger from the bundled sample and serve it",
                       description="Migrate SQLite under ./var/, import and confirm the sample report, create demo "
                                   "accounts (office, leader, two departments) and print their passwords, then serve.")
    p.add_argument("--no-serve", action="store_true", help="set up only, do not start the server")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.set_defaults(handler=run_demo)

    p = sub.add_parser("manage", help="run a Django management command (duban manage check --deploy ...)",
                       description="Pass the arguments to Django's management commands.", add_help=False,
                       # Every argument, --help included, belongs to Django: none is an option of ours.
                       prefix_chars="\x00")
    p.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS", help="management command and its arguments")
    p.set_defaults(handler=run_manage)

    p = sub.add_parser("import", help="import a report into the ledger (waits for review in the web app)",
                       description="Extract a report and store it with its items for review; the same file twice is "
                                   "imported once.")
    p.add_argument("file", metavar="FILE", help="report file (txt, docx, pdf, html)")
    p.add_argument("--year", type=int, default=None, help="report year, when the text does not say it")
    p.add_argument("--title", default=None, help="title shown in the ledger")
    p.set_defaults(handler=run_import)

    p = sub.add_parser("backup", help="back up the ledger database (online, while it is in use)",
                       description="SQLite: online backup API; PostgreSQL: pg_dump custom format.")
    p.add_argument("file", metavar="FILE", nargs="?", default=None, help="backup file (default var/backups/duban-TIME.*)")
    p.set_defaults(handler=run_backup)

    p = sub.add_parser("restore", help="restore the ledger database from a backup (stop the server first)",
                       description="Replace the database's content with a backup made by `duban backup`.")
    p.add_argument("file", metavar="FILE", help="backup file")
    p.set_defaults(handler=run_restore)


def run_manage(args) -> int:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["duban manage", *args.args])
    return 0


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def run_import(args) -> int:
    _django()
    from duban.cli import CommandError
    from duban.web.ledger.importer import ImportError_, import_file

    _migrate()
    try:
        result = import_file(args.file, year=args.year, title=args.title)
    except ImportError_ as exc:
        raise CommandError(str(exc)) from None
    if result.created:
        print(f"imported report {result.report.pk} “{result.report.title}”: {result.tasks} items, {result.targets} targets; "
              f"review it at /reports/{result.report.pk}/")
        if result.unknown_departments:
            print("unknown department names (queued for review): " + "、".join(result.unknown_departments))
    else:
        print(f"already imported as report {result.report.pk} (same sha256); nothing changed")
    return 0


def run_backup(args) -> int:
    _django()
    from django.conf import settings

    from duban.cli import CommandError
    from duban.web.ops.backup import BackupError, backup

    target = args.file
    if target is None:
        suffix = "sqlite3" if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else "pgdump"
        target = settings.VAR_DIR / "backups" / f"duban-{dt.datetime.now():%Y%m%d-%H%M%S}.{suffix}"
    try:
        path = backup(target)
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    print(f"backup written to {path}")
    return 0


def run_restore(args) -> int:
    _django()
    from duban.cli import CommandError
    from duban.web.ops.backup import BackupError, restore

    try:
        restore(args.file)
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    print(f"restored from {args.file}")
    return 0


DEMO_USERS = [
    ("office", "督查室", "office", None),
    ("leader", "领导", "leader", None),
    ("gxj", "市工业和信息化局填报人", "reporter", "市工业和信息化局"),
    ("fgw", "市发展改革委填报人", "reporter", "市发展改革委"),
]


def run_demo(args) -> int:
    _django()
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from duban.cli import CommandError
    from duban.web.accounts.roles import set_role
    from duban.web.ledger import departments
    from duban.web.ledger.importer import ImportError_, import_file
    from duban.web.ledger.models import Department, Report, Task
    from duban.web.ledger.workflow import confirm_report, drop_item, set_published

    _migrate()
    departments.seed()
    User = get_user_model()
    passwords = {}
    with transaction.atomic():
        for username, name, role, dept_name in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username, defaults={"first_name": name})
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.is_staff = role == "office"
            user.save()
            set_role(user, role, Department.objects.get(name=dept_name) if dept_name else None)
            passwords[username] = (name, password)
    office = User.objects.get(username="office")
    sample = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "samples", "liaocheng_2023_part2.txt")
    try:
        result = import_file(sample, office, year=2023, title="2023年聊城市政府工作报告（下半部分）")
    except ImportError_ as exc:
        raise CommandError(f"cannot import the sample: {exc}") from None
    report = Report.objects.get(pk=result.report.pk)
    if report.state == Report.State.REVIEW:
        # The demo ledger keeps what a supervision office would: appendix items and clauses with
        # measurable targets; headings and narrative clauses are dropped in review.
        for task in report.tasks.filter(review=Task.Review.PENDING, list_name="", targets__isnull=True):
            drop_item(task, office, task.version)
        report.refresh_from_db()
        confirm_report(report, office, report.version)
        # the 民生实事 of the first appendix are what a city publishes: the public page shows them
        for task in report.tasks.filter(review=Task.Review.ACTIVE, list_name="附件1"):
            set_published(task, office, task.version, True)
    active = report.tasks.filter(review=Task.Review.ACTIVE).count()
    print(f"demo ledger: report “{report.title}” with {active} tasks")
    print("demo accounts (passwords are new on every run):")
    for username, (name, password) in passwords.items():
        print(f"  {username:8s} {password:14s} {name}")
    if args.no_serve:
        return 0
    sys.stdout.flush()
    from duban.cli.serve import serve_development, start_worker_process

    # The demo keeps Django's development server (DEBUG on, no SECRET_KEY to set); the queue's
    # worker runs beside it so briefings and imports are built as in production.
    print("the demo uses the development server and one queue worker; see docs/deploy.md for production", flush=True)
    worker = start_worker_process()
    try:
        return serve_development(args.host, args.port)
    finally:
        worker.terminate()
        worker.wait(30)
