"""Web sub-commands: ``manage``, ``import``, ``backup``, ``restore`` (``serve``, ``worker`` and ``demo`` have their own modules).

Django is imported inside the handlers only, so ``duban --help`` works without the web extra.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os

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


def _serve(host: str, port: int) -> int:
    """The demo's server: Django's development server (DEBUG on, no SECRET_KEY to set) with one
    queue worker beside it, so briefings and imports are built as in production."""
    from duban.cli.serve import serve_development, start_worker_process

    print("the demo uses the development server and one queue worker; `duban serve` and docs/deploy.md are for "
          "production", flush=True)
    worker = start_worker_process()
    try:
        return serve_development(host, port)
    finally:
        worker.terminate()
        worker.wait(30)


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
        repaired = f"search index repaired for {result.reindexed} items" if result.reindexed else "nothing changed"
        print(f"already imported as report {result.report.pk} (same sha256); {repaired}")
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
