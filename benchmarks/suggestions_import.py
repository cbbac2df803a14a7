"""How long the suggestions' import and statistics take for a year's list of N items.

Builds a workbook of N invented rows over the seeded departments, then times the dry run
(read and check every cell), the import (one transaction) and ``unit_stats`` with the queries
they make, in a fresh SQLite database under a temporary DUBAN_VAR_DIR.

    .venv/bin/python benchmarks/suggestions_import.py [--rows 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _workbook(n: int, units: list[str]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "类型", "标题", "领衔人", "附议人", "类别", "内容", "主办单位", "会办单位", "交办日期"])
    for i in range(n):
        ws.append([str(i + 1), "建议" if i % 3 else "提案", f"关于第{i + 1}件事的建议（虚构）", f"代表{i % 97}", "代表甲、代表乙",
                   "综合", "虚构内容。" * 20, units[i % len(units)], units[(i + 1) % len(units)], dt.date(2023, 3, 10)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    os.environ["DUBAN_VAR_DIR"] = tempfile.mkdtemp(prefix="duban-bench-")
    os.environ.pop("DATABASE_URL", None)
    from duban.cli.web import _django, _migrate

    _django()
    _migrate()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from duban.web.ledger import departments
    from duban.web.ledger.models import Department
    from duban.web.suggestions import importer, stats

    departments.seed()
    data = _workbook(args.rows, list(Department.objects.values_list("name", flat=True)))
    def assign_all():  # the statistics count assigned items only
        from duban.web.suggestions.models import Item

        Item.objects.update(state=Item.State.HANDLING, lead=Department.objects.first(), deadline=dt.date(2023, 6, 10))

    for name, fn in (("dry run", lambda: importer.import_bytes(data, dry_run=True)),
                     ("import", lambda: importer.import_bytes(data, name="bench")),
                     ("(assign)", assign_all),
                     ("unit_stats", lambda: stats.unit_stats(2023, today=dt.date(2023, 9, 26)))):
        reset_queries()
        with CaptureQueriesContext(connection) as q:
            t = time.perf_counter()
            fn()
            took = time.perf_counter() - t
        print(f"{name:10s} {took * 1000:9.1f} ms  {len(q.captured_queries):5d} queries  ({args.rows} rows, "
              f"{len(data) // 1024} KB workbook)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
