"""How long a year's assessment takes on the demo ledger (or any ledger in DATABASE_URL / ./var/).
Prints the median time and the number of queries of ``assess(year)`` (the ranking page, the
export and ``duban assess`` all run it once) and of the review check.

    duban demo --no-serve
    .venv/bin/python benchmarks/assessment_speed.py [--year 2023] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from duban.cli.web import _django

    _django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from duban.web.assessment.review_match import check_year
    from duban.web.assessment.scoring import assess

    for name, fn in (("assess", lambda: assess(args.year)), ("review check", lambda: check_year(args.year))):
        fn()  # warm: imports, the rubric file, the matcher's lexicon
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as q:
                t = time.perf_counter()
                out = fn()
                times.append(time.perf_counter() - t)
        size = f"{len(out.departments)} departments" if name == "assess" else f"{len(out.pairs)} pairs"
        print(f"{name:13s} {statistics.median(times) * 1000:8.1f} ms  {len(q.captured_queries):3d} queries  {size}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
