"""``duban assess --year N --format json|xlsx``: the year's assessment (年度考核) from the ledger.

Scores are recomputed from the current database (``DATABASE_URL``) by the year's rubric
(see ``docs/assessment.md``); nothing is stored. Django is imported inside the handler.
"""

from __future__ import annotations

import json
import sys


def register(sub) -> None:
    p = sub.add_parser(
        "assess",
        help="score every department for one year (年度考核) by the published rubric",
        description="Compute the year's assessment from the ledger's stored facts: every department that leads "
        "a task of the year, each rubric component with its score (0-100), weight and inputs, the total (the "
        "weighted sum of the components) and the rank. JSON on standard output, or an Excel workbook in the "
        "layout 单位, 各项得分, 总分, 排名, 说明.",
    )
    p.add_argument("--year", required=True, type=int, metavar="N", help="the year to assess")
    p.add_argument("--format", choices=("json", "xlsx"), default="json", help="json (default) or xlsx")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (required for xlsx; json goes to stdout without it)")
    p.set_defaults(handler=run_assess)


def run_assess(args) -> int:
    from duban.cli import CommandError
    from duban.cli.reports import _setup, _write_atomically

    if args.format == "xlsx" and not args.output:
        raise CommandError("--format xlsx needs -o FILE.xlsx")
    if args.format == "xlsx" and not args.output.lower().endswith(".xlsx"):
        raise CommandError(f"{args.output}: the assessment workbook is written as .xlsx")
    if not 2000 <= args.year <= 2100:
        raise CommandError(f"--year {args.year}: expected a year between 2000 and 2100")
    _setup()
    from django.db import connection

    if "assessment_adjustment" not in set(connection.introspection.table_names()):
        raise CommandError("the database has no assessment tables yet: run `duban manage migrate` first")
    from duban.web.assessment.facts import YearNotStarted
    from duban.web.assessment.rubric import RubricError
    from duban.web.assessment.scoring import assess

    try:
        result = assess(args.year)
    except (RubricError, YearNotStarted) as exc:
        raise CommandError(str(exc)) from None
    if args.format == "xlsx":
        from duban.web.assessment.workbook import write_assessment

        _write_atomically(args.output, write_assessment(result))
        print(f"wrote {args.output}: {len(result.departments)} departments", file=sys.stderr)
        return 0
    text = json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        _write_atomically(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0
