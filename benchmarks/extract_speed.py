"""Speed and memory of extract_text on the bundled sample, against jieba.lcut.

Prints the median time of extract_text over N runs (default 21), characters per second,
peak memory of one extraction (tracemalloc), and the ratio to jieba.lcut on the same text
in the same process, runs interleaved so that both see the same machine load. With
``--stages`` it also prints the median of each step run alone (text view, layout,
quantities, report check) and what the rest of extract_text takes (reading the blocks:
targets, results, tasks, list items, and the document).

    .venv/bin/python benchmarks/extract_speed.py [--runs N] [--stages] [FILE]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from duban.extract import extract_text  # noqa: E402
from duban.extract.readers import read_path  # noqa: E402

SAMPLE = ROOT / "duban" / "samples" / "liaocheng_2023_part2.txt"


def timed(fn, arg) -> float:
    t0 = time.perf_counter()
    fn(arg)
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(SAMPLE))
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--stages", action="store_true", help="also time each step of the extraction alone")
    args = ap.parse_args(argv)
    text = read_path(args.file).text
    import jieba

    jieba.setLogLevel(60)
    extract_text(text)  # warm caches: lexicon, compiled regexes, cn2an
    jieba.lcut(text)
    ours, theirs = [], []
    for _ in range(args.runs):
        ours.append(timed(extract_text, text))
        theirs.append(timed(jieba.lcut, text))
    tracemalloc.start()
    extract_text(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    m_ours, m_jieba = statistics.median(ours), statistics.median(theirs)
    print(f"file: {Path(args.file).name} ({len(text):,} characters), {args.runs} interleaved runs")
    print(f"extract_text median: {m_ours * 1000:.2f} ms  ({len(text) / m_ours:,.0f} chars/s)")
    print(f"jieba.lcut median:   {m_jieba * 1000:.2f} ms")
    print(f"ratio extract/jieba: {m_ours / m_jieba:.3f}  (goal <= 0.4)")
    print(f"peak memory of one extraction: {peak / 1024:.0f} KiB")
    if args.stages:
        print_stages(text, args.runs, m_ours)
    return 0


def print_stages(text: str, runs: int, total: float) -> None:
    from duban.extract.check import find_defects
    from duban.extract.rules.quantity import find_quantities
    from duban.extract.structure import analyse
    from duban.extract.textview import TextView

    view = TextView.of(text)
    layout = analyse(view)
    doc = extract_text(text)
    steps = {
        "text view": (TextView.of, text),
        "layout": (analyse, view),
        "quantities": (find_quantities, layout.view.norm),
        "report check": (lambda t: find_defects(t, doc), text),
    }
    medians = {name: statistics.median(timed(fn, arg) for _ in range(runs)) for name, (fn, arg) in steps.items()}
    for name, m in medians.items():
        print(f"  {name:<13} {m * 1000:6.2f} ms")
    rest = (total - sum(medians.values())) * 1000
    print(f"  {'the rest':<13} {rest:6.2f} ms  (reading the blocks: targets, results, tasks, list items; the document)")


if __name__ == "__main__":
    sys.exit(main())
