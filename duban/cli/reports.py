"""Report sub-commands: ``export ledger`` (Excel workbook) and ``briefing`` (督查通报, docx or PDF).

Both read the current database (``DATABASE_URL``) with the supervision office's
view of it. Files are written to a temporary name and renamed, so a failure
never leaves a half-written file behind. Django is imported inside the handlers.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser(
        "export",
        help="export the ledger as an Excel workbook",
        description="Write the ledger in the supervision office's layout (序号, 任务内容, 目标值, 牵头单位, "
        "配合单位, 完成时限, 进展情况, 状态), status cells filled in their colour.",
    )
    p.add_argument("what", choices=("ledger",), help="what to export (ledger)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="the workbook to write")
    p.set_defaults(handler=run_export)

    p = sub.add_parser(
        "briefing",
        help="write the monthly briefing (督查通报) as .docx or .pdf",
        description="Write the briefing for one month from the current database; the format follows the "
        "file name's suffix (.docx or .pdf).",
    )
    p.add_argument("--period", required=True, metavar="YYYY-MM", help="the month the briefing covers")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.docx or FILE.pdf")
    p.add_argument("--quiet", action="store_true", help="do not print progress on standard error")
    p.set_defaults(handler=run_briefing)


def _setup():
    from duban.cli import CommandError
    from duban.cli.web import _django

    _django()
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        tables = set(connection.introspection.table_names())
    except OperationalError as exc:
        raise CommandError(f"cannot open the database: {exc}") from None
    if "ledger_task" not in tables:
        raise CommandError("the database has no ledger yet: run `duban demo --no-serve` or `duban manage migrate` first")


def _write_atomically(path: str, data: bytes) -> None:
    from duban.cli import CommandError

    target = Path(path)
    if target.is_dir():
        raise CommandError(f"{path} is a directory")
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise CommandError(f"folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp creates 0600; give the file the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _office_tasks():
    from duban.web.ledger.models import Task

    return Task.objects.filter(review=Task.Review.ACTIVE)


def run_export(args) -> int:
    import io

    from duban.cli import CommandError

    if not args.output.lower().endswith(".xlsx"):
        raise CommandError(f"{args.output}: the ledger is written as .xlsx")
    _setup()
    from django.utils import timezone

    from duban.web.exchange.ledger_rows import ledger_rows
    from duban.web.exchange.workbook import write_ledger

    buf = io.BytesIO()
    n = write_ledger(ledger_rows(_office_tasks()), buf, title="重点任务台账",
                     subtitle=f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}")
    _write_atomically(args.output, buf.getvalue())
    print(f"wrote {args.output}: {n} tasks")
    return 0


def run_briefing(args) -> int:
    from duban.cli import CommandError

    fmt = Path(args.output).suffix.lower().lstrip(".")
    if fmt not in ("docx", "pdf"):
        raise CommandError(f"{args.output}: the briefing is written as .docx or .pdf")
    _setup()
    from duban.web.briefing.data import PeriodError, parse_period
    from duban.web.briefing.jobs import build
    from duban.web.briefing.pdf_writer import FontMissing

    try:
        parse_period(args.period)
    except PeriodError as exc:
        raise CommandError(str(exc)) from None

    def progress(pct: int, msg: str) -> None:
        if not args.quiet:
            print(f"[{pct:3d}%] {msg}", file=sys.stderr, flush=True)

    try:
        data = build(_office_tasks(), args.period, fmt, progress)
    except FontMissing as exc:
        raise CommandError(str(exc)) from None
    _write_atomically(args.output, data)
    progress(100, "完成")
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return 0
