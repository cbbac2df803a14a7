"""How fast and how small the refusal of a hostile department template is.

Builds the workbook of the report (190,000 rows, ~47 MB unpacked, ~4 MB upload) and times
``read_template`` refusing it, with tracemalloc's peak. Prints medians of 5 runs.

    .venv/bin/python benchmarks/hostile_workbook.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.settings")


def main() -> None:
    import django

    django.setup()
    from duban.web.exchange.template_reader import TemplateError, read_template
    from tests.web.views.hostile_workbook import build, unpacked_size

    data = build()
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        try:
            read_template(data)
        except TemplateError as exc:
            message = str(exc)
        times.append(time.perf_counter() - t0)
    # Memory in a separate run: tracemalloc slows Python several times over.
    tracemalloc.start()
    try:
        read_template(data)
    except TemplateError:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"upload {len(data) / 1e6:.1f} MB, unpacked {unpacked_size(data) / 1e6:.1f} MB: {message}")
    print(f"refused in {statistics.median(times) * 1000:.0f} ms (median of 5), peak {peak / 1e6:.1f} MB traced")


if __name__ == "__main__":
    main()
