"""Speed of the report check (体检): median time of the full check on the sample report,
and its ratio to ``jieba.lcut`` on the same text, measured interleaved in one process.

Usage: python benchmarks/lint_speed.py [FILE] [--repeat N]
Goal: ratio <= 1.0 (the whole check costs no more than one word segmentation pass).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from duban.extract.check import clear_caches, find_defects  # noqa: E402
from duban.extract.readers import read_path  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(ROOT / "duban" / "samples" / "liaocheng_2023_part2.txt"))
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    import jieba

    jieba.setLogLevel(60)
    text = read_path(args.file).text
    # Warm-up: the check's lexicon and jieba's dictionary load once per process.
    t0 = time.perf_counter()
    find_defects(text)
    first_check = time.perf_counter() - t0
    t0 = time.perf_counter()
    jieba.lcut(text)
    first_jieba = time.perf_counter() - t0
    check_times, jieba_times = [], []
    for _ in range(args.repeat):
        # Parses are cached per text so rules share them within one check; measure from cold.
        clear_caches()
        t0 = time.perf_counter()
        n = len(find_defects(text))
        check_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        jieba.lcut(text)
        jieba_times.append(time.perf_counter() - t0)
    check_ms = statistics.median(check_times) * 1000
    jieba_ms = statistics.median(jieba_times) * 1000
    print(f"file: {args.file} ({len(text):,} chars), {n} defects, {args.repeat} interleaved runs")
    print(f"first call (loads data): check {first_check * 1000:.1f} ms, jieba.lcut {first_jieba * 1000:.1f} ms")
    print(f"median check:      {check_ms:8.2f} ms ({len(text) / check_ms:,.0f} chars/ms)")
    print(f"median jieba.lcut: {jieba_ms:8.2f} ms")
    print(f"ratio check/jieba: {check_ms / jieba_ms:8.3f} (goal <= 1.0)")


if __name__ == "__main__":
    main()
