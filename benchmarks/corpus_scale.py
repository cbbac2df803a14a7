"""Scale of `duban corpus extract`: reports per second and the parent's peak memory.

Generates a corpus by recombining paragraphs of real reports (benchmarks/corpus_generate.py),
then extracts it into fresh datasets, each run in its own Python process so that its peak
memory (ru_maxrss of the parent alone; worker processes are not counted) is its own:

* throughput on --speed-reports reports with 1 worker (in-process), 2 local worker
  processes and a 2-worker Dask LocalCluster, --repeat times each (median printed);
* the parent's peak memory with 2 local processes and with Dask at each of --sizes
  (default 1,000 and 5,000 reports): it must stay flat as the corpus grows.

    .venv/bin/python benchmarks/corpus_scale.py [--reports 5000] [--sizes 1000,5000]
        [--speed-reports 1000] [--repeat 3] [--chars 6000] [--workdir DIR] [--quick]

Default run: about 15,000 report extractions (a few minutes on 2 cores). --quick: 200
reports for speed and sizes 200,1000, for a smoke run. The corpus is kept in --workdir
(default a temporary folder, removed at the end unless --keep).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODES = {
    "1 worker": ["--workers", "1"],
    "2 processes": ["--workers", "2"],
    "dask 2 workers": ["--dask-local", "2"],
}


def one_run(mode: str, src: str, ds: str) -> None:
    """Child side: extract, then print the stats and this process's peak memory as JSON."""
    import resource

    from duban.corpus import extract_corpus

    opts = MODES[mode]
    kw = {"workers": int(opts[1])} if opts[0] == "--workers" else {"dask_local": int(opts[1])}
    stats = extract_corpus(src, ds, **kw)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(json.dumps({"stats": stats.as_dict(), "peak_mb": round(peak_kb / 1024, 1)}))


def run(mode: str, src: Path, work: Path, tag: str) -> dict:
    ds = work / f"ds-{tag}"
    shutil.rmtree(ds, ignore_errors=True)
    out = subprocess.run(
        [sys.executable, __file__, "--_child", mode, str(src), str(ds)], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"{mode} on {src} failed:\n{out.stderr[-2000:]}")
    shutil.rmtree(ds, ignore_errors=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def subset(corpus: Path, n: int, work: Path) -> Path:
    """A folder holding the first n generated reports (hard links: no copying)."""
    files = sorted(p for p in corpus.rglob("*.txt"))[:n]
    if len(files) < n:
        raise SystemExit(f"only {len(files)} reports generated, {n} needed")
    dest = work / f"subset-{n}"
    if not dest.exists():
        for p in files:
            target = dest / p.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                target.hardlink_to(p)
            except OSError:
                shutil.copy(p, target)
    return dest


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=5000, help="reports to generate (default 5000)")
    ap.add_argument("--sizes", default="1000,5000", help="corpus sizes for the memory runs (default 1000,5000)")
    ap.add_argument("--speed-reports", type=int, default=1000, help="reports per throughput run (default 1000)")
    ap.add_argument("--repeat", type=int, default=3, help="throughput runs per mode; the median is printed (default 3)")
    ap.add_argument("--chars", type=int, default=6000, help="approximate characters per generated report (default 6000)")
    ap.add_argument("--workdir", type=Path, default=None, help="where the corpus and datasets go (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpus")
    ap.add_argument("--modes", default=",".join(MODES), help="comma-separated subset of: " + ", ".join(MODES))
    ap.add_argument("--quick", action="store_true", help="smoke run: 1,000 reports, sizes 200,1000, speed on 200, 1 repeat")
    ap.add_argument("--_child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._child:
        one_run(*args._child)
        return 0
    if args.quick:
        args.reports, args.sizes, args.speed_reports, args.repeat = 1000, "200,1000", 200, 1
    sizes = [int(s) for s in args.sizes.split(",")]
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        raise SystemExit(f"unknown mode(s) {unknown}; choose from {list(MODES)}")
    if max(sizes + [args.speed_reports]) > args.reports:
        raise SystemExit("--sizes and --speed-reports cannot exceed --reports")

    from corpus_generate import generate  # benchmarks/ is on sys.path when run as a script

    own = args.workdir is None
    work = Path(tempfile.mkdtemp(prefix="duban-corpus-bench-")) if own else args.workdir
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    try:
        n = generate(corpus, args.reports, chars=args.chars)
        total_chars = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
        print(f"corpus: {args.reports} reports ({n} newly generated), {total_chars / 1e6:.1f} MB, under {corpus}")

        speed_src = subset(corpus, args.speed_reports, work)
        print(f"\nthroughput on {args.speed_reports} reports, median of {args.repeat}:")
        print(f"{'mode':<16} {'reports/s':>10} {'seconds':>8} {'parent peak MB':>15} {'speed-up':>9}")
        medians = {}
        for mode in modes:
            runs = [run(mode, speed_src, work, f"speed-{i}") for i in range(args.repeat)]
            secs = statistics.median(r["stats"]["seconds"] for r in runs)
            rate = args.speed_reports / secs
            medians[mode] = rate
            peak = statistics.median(r["peak_mb"] for r in runs)
            failed = max(r["stats"]["failed"] for r in runs)
            note = f"  ({failed} failed)" if failed else ""
            base = medians.get("1 worker")
            speedup = f"{rate / base:>8.2f}x" if base else f"{'-':>9}"
            print(f"{mode:<16} {rate:>10.1f} {secs:>8.1f} {peak:>15.1f} {speedup}{note}")

        print("\nparent peak memory as the corpus grows (one run each):")
        print(f"{'mode':<16} " + " ".join(f"{s:>9,}" for s in sizes) + "   reports/s at each size")
        for mode in [m for m in ("2 processes", "dask 2 workers") if m in modes]:
            peaks, rates = [], []
            for size in sizes:
                src = corpus if size == args.reports else subset(corpus, size, work)
                r = run(mode, src, work, f"mem-{size}")
                peaks.append(r["peak_mb"])
                rates.append(r["stats"]["reports_per_second"])
            print(f"{mode:<16} " + " ".join(f"{p:>7.1f}MB" for p in peaks) + "   " + ", ".join(f"{x:.1f}" for x in rates))
    finally:
        if own and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
