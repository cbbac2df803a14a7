"""``duban suggestions``: deputies' suggestions and CPPCC proposals (建议提案办理).

- ``import FILE.xlsx [--dry-run]``: exit 0 with the counts; exit 1 when any row is refused
  (nothing imported); an unusable file is exit 2;
- ``stats [--year N] --format json|csv``: per-unit figures (docs/suggestions.md);
- ``remind``: today's reminders (the daily job sends them too).

Django is imported inside the handlers only, so ``duban --help`` works without the web extra.
"""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("suggestions", help="deputies' suggestions and CPPCC proposals (建议提案办理)",
                       description="Import the year's list of suggestions (建议) or proposals (提案), print statistics, "
                                   "send reminders. The handling itself is on the web pages under /suggestions/.")
    cmds = p.add_subparsers(dest="suggestions_command", metavar="COMMAND")
    p.set_defaults(handler=lambda args: (p.print_help(), 2)[1])

    imp = cmds.add_parser("import", help="import a workbook (one row per item); --dry-run checks it only",
                          description="Import the workbook the 人大 or 政协 send: 编号, 类型, 标题, 领衔人, 附议人, 类别, 内容, "
                                      "主办单位, 会办单位, 交办日期 (common header variants accepted). Prints how many items "
                                      "were created and how many rows were refused; when any row is refused nothing is "
                                      "imported and the exit status is 1. Unknown unit names are queued for the office.")
    imp.add_argument("file", metavar="FILE.xlsx")
    imp.add_argument("--dry-run", action="store_true", help="check every row and print the preview; write nothing")
    imp.add_argument("--year", type=int, default=None, help="year of rows without 交办日期 (default: this year)")
    imp.add_argument("--kind", choices=("suggestion", "proposal"), default=None,
                     help="类型 of every row when the workbook has no 类型 column")
    imp.add_argument("--batch", default=None, help="batch name (default: the file name)")
    imp.add_argument("--months", type=int, default=3, help="reply deadline in months after 交办 (default 3)")
    imp.add_argument("--urgent-days", type=int, default=30, help="deadline of urgent items in days (default 30)")
    imp.set_defaults(handler=run_import)

    st = cmds.add_parser("stats", help="per-unit statistics: on-time replies, satisfaction, A/B/C, overdue",
                         description='Print {"year", "total", "units": [{"unit", "items", "replied_on_time", '
                                     '"satisfied", "classes": {"A", "B", "C"}, "overdue"}]} as JSON, or one CSV row per unit.')
    st.add_argument("--year", type=int, default=None, help="year (default: the latest year with items)")
    st.add_argument("--format", choices=("json", "csv"), default="json")
    st.set_defaults(handler=run_stats)

    rm = cmds.add_parser("remind", help="send today's reminders (due soon, overdue, missing 会办 opinions)")
    rm.set_defaults(handler=run_remind)


def run_import(args) -> int:
    from duban.cli import CommandError
    from duban.cli.web import _django, _migrate

    if args.months < 1 or args.months > 24:
        raise CommandError("--months must be between 1 and 24")
    if args.urgent_days < 1 or args.urgent_days > 365:
        raise CommandError("--urgent-days must be between 1 and 365")
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror or exc}") from None
    _django()
    from duban.web.suggestions.importer import ImportRefused, import_bytes, queue_unknown
    from duban.web.suggestions.workbook import WorkbookError

    _migrate()
    options = {"year": args.year, "kind": args.kind}
    try:
        preview = import_bytes(data, dry_run=True, **options)
    except WorkbookError as exc:
        raise CommandError(f"{path.name}: {exc}") from None
    except ImportRefused as exc:
        raise CommandError(f"{path.name}: {exc}") from None
    run = preview.run
    for res in run.rows:
        for e in res.errors:
            print(f"{path.name}: {e}", file=sys.stderr)
    t = run.totals()
    if args.dry_run or not run.valid:
        if not args.dry_run and run.unknown:
            queue_unknown(run.unknown)
        created = f"would create {t['new']} items" if args.dry_run else "created 0 items"
        print(f"{created}; refused {t['error']} rows; {t['duplicate']} duplicate rows; {t['existing']} already imported"
              + (" (dry run: nothing written)" if args.dry_run else " (nothing imported: correct the rows and import again)"))
        if run.unknown:
            print("unknown unit names" + ("" if args.dry_run else " (queued for the office)") + ": " + "、".join(run.unknown))
        return 0 if run.valid else 1
    try:
        done = import_bytes(data, name=args.batch or path.stem, source_name=path.name, months=args.months,
                            urgent_days=args.urgent_days, **options)
    except ImportRefused as exc:  # the database changed between the two passes
        print(f"{path.name}: {exc}", file=sys.stderr)
        return 1
    print(f"created {done.created} items; refused 0 rows; {t['duplicate']} duplicate rows; {t['existing']} already "
          f"imported (batch {done.batch.pk} “{done.batch.name}”)")
    return 0


def run_stats(args) -> int:
    import csv
    import json

    from duban.cli.web import _django, _migrate

    _django()
    from duban.web.suggestions.stats import contract

    _migrate()
    body = contract(args.year)
    if args.format == "json":
        print(json.dumps(body, ensure_ascii=False, indent=2))
        return 0
    w = csv.writer(sys.stdout)
    w.writerow(["year", "unit", "items", "replied_on_time", "satisfied", "A", "B", "C", "overdue"])
    for u in body["units"]:
        w.writerow([body["year"], u["unit"], u["items"], u["replied_on_time"], u["satisfied"], u["classes"]["A"],
                    u["classes"]["B"], u["classes"]["C"], u["overdue"]])
    return 0


def run_remind(args) -> int:
    from duban.cli.web import _django, _migrate

    _django()
    from duban.web.suggestions.workflow import remind

    _migrate()
    print(f"{remind()} reminders sent")
    return 0
