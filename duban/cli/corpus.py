"""``duban corpus …``: many reports at once (dataset, queries, year-over-year fulfilment).

Registering imports nothing heavy: pyarrow, duckdb, dask and rich load inside the handlers,
so ``duban --help`` works without the ``corpus`` extra.
"""

from __future__ import annotations

import csv
import io
import json
import sys

KINDS = ("absolute", "growth", "share", "rank", "other")
LEVELS = ("national", "province", "city", "county")
OUTPUTS = ("table", "csv", "json", "jsonl")


def register(sub) -> None:
    p = sub.add_parser(
        "corpus",
        help="many reports at once: Parquet dataset, DuckDB queries, year-over-year fulfilment, Dask",
        description="Build a dataset from a folder of reports, query it, and judge last year's targets against the next report.",
    )
    cs = p.add_subparsers(dest="corpus_command", metavar="SUBCOMMAND")
    p.set_defaults(handler=lambda args: _no_subcommand(p))

    e = cs.add_parser(
        "extract",
        help="extract every report under DIR into a Parquet dataset (resumable)",
        description=(
            "Extract every report under DIR (any readable format) into the dataset folder DATASET: "
            "Parquet tables reports, sections, tasks, targets, results, list_items, defects and errors. "
            "Files already in the dataset (same SHA-256) are skipped, so an interrupted run resumes; "
            "a failing file is recorded in errors and never stops the run."
        ),
    )
    e.add_argument("dir", metavar="DIR", help="folder of reports (searched recursively; hidden files are skipped)")
    e.add_argument("-o", "--output", metavar="DATASET", required=True, help="dataset folder (created, or resumed when it exists)")
    where = e.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=None, help="local worker processes (default: all cores; 1 runs in this process)")
    where.add_argument("--dask", metavar="SCHEDULER_ADDRESS", default=None, help="run on a dask.distributed cluster, e.g. tcp://10.0.0.5:8786")
    where.add_argument("--dask-local", metavar="N", type=int, default=None, help="run on a local Dask cluster of N worker processes")
    e.add_argument("--dask-timeout", metavar="SECONDS", type=float, default=30.0, help="how long to try reaching the --dask scheduler (default 30)")
    e.add_argument("--manifest", metavar="CSV", default=None, help="CSV overriding place/year/level: columns path|file|sha256, place, year, level")
    e.add_argument("--glob", metavar="PATTERN", default="*", help="only files whose name matches PATTERN (default *)")
    e.add_argument("--chunk", type=int, default=200, help="reports per Parquet part (default 200; bounds memory)")
    e.add_argument("--timeout", type=float, default=300.0, help="seconds allowed per file before it is recorded as failed (default 300; 0 = none)")
    e.add_argument("--max-bytes", type=int, default=20 * 1024 * 1024, help="refuse files larger than this (default 20 MB)")
    e.add_argument("--no-progress", action="store_true", help="no progress bar (it is shown only on a terminal anyway)")
    e.add_argument("--json", action="store_true", help="print the run summary as JSON")
    e.set_defaults(handler=run_extract)

    q = cs.add_parser(
        "query",
        help="run SQL (DuckDB) over a dataset",
        description="Run SQL over a dataset with DuckDB. Tables: reports, sections, tasks, targets, results, list_items, defects, errors.",
    )
    q.add_argument("dataset", metavar="DATASET")
    q.add_argument("sql", metavar="SQL")
    _output_args(q)
    q.set_defaults(handler=run_query)

    for table, what in (("targets", "targets (plans)"), ("results", "results (reviews)")):
        t = cs.add_parser(
            table,
            help=f"ready query: {what} by metric, one row per report",
            description=(
                f"List {what} whose metric contains --metric (or one of its known aliases), one row per "
                "report (the closest metric name; for targets one due in the report's year), unless --all."
            ),
        )
        t.add_argument("dataset", metavar="DATASET")
        t.add_argument("--metric", default=None, help="metric name, e.g. 地区生产总值 (its aliases match too)")
        t.add_argument("--exact-metric", action="store_true", help="do not add the metric's aliases")
        t.add_argument("--kind", choices=KINDS, default=None)
        t.add_argument("--unit", default=None, help="unit, e.g. %% or 元")
        t.add_argument("--place", default=None)
        t.add_argument("--year", type=int, default=None)
        t.add_argument("--level", choices=LEVELS, default=None)
        t.add_argument("--all", action="store_true", help="every matching row, not one per report")
        _output_args(t)
        t.set_defaults(handler=run_items, table=table)

    f = cs.add_parser(
        "fulfil",
        help="year-over-year: were the targets of REPORT_Y met, by the review of REPORT_Y+1?",
        description=(
            "Match each target of the year-Y report to the results the next report gives in its review, "
            "with a verdict (met, not_met, not_mentioned, unclear), both quotes and the rule used. "
            "Offsets index each report's text as read. With --dataset, every place's consecutive years."
        ),
    )
    f.add_argument("report_y", metavar="REPORT_Y", nargs="?", help="the report of year Y")
    f.add_argument("report_y1", metavar="REPORT_Y+1", nargs="?", help="the report of year Y+1")
    f.add_argument("--dataset", metavar="DATASET", default=None, help="judge every pair of consecutive years in a dataset instead")
    f.add_argument("--place", default=None, help="with --dataset: only this place")
    f.add_argument("--year", type=int, default=None, help="year Y, when REPORT_Y does not state it")
    _output_args(f)
    f.set_defaults(handler=run_fulfil)

    i = cs.add_parser("info", help="what a dataset holds: rows per table, runs, errors", description="Summarise a dataset.")
    i.add_argument("dataset", metavar="DATASET")
    i.add_argument("--json", action="store_true", help="print as JSON")
    i.set_defaults(handler=run_info)


def _output_args(p) -> None:
    p.add_argument("--format", choices=OUTPUTS, default="table", help="output format (default table)")
    p.add_argument("-o", "--out", metavar="FILE", default=None, help="write to FILE instead of standard output")


def _no_subcommand(parser) -> int:
    parser.print_help()
    return 2


def _fail(message: str):
    from duban.cli import CommandError

    raise CommandError(message)


def _require_extra() -> None:
    try:
        import duckdb  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        _fail("the corpus commands need the corpus extra: pip install 'duban[corpus]'")


def _jsonable(v):
    if isinstance(v, float | int | str | bool) or v is None:
        return v
    return str(v)


def render(columns: list[str], rows: list[tuple], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([{c: _jsonable(v) for c, v in zip(columns, r, strict=True)} for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps({c: _jsonable(v) for c, v in zip(columns, r, strict=True)}, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows([["" if v is None else v for v in r] for r in rows])
        return buf.getvalue()
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*["" if v is None else str(v) for v in r])
    buf = io.StringIO()
    import shutil

    width = shutil.get_terminal_size((200, 40)).columns if sys.stdout.isatty() else 200
    Console(file=buf, width=width, no_color=True, soft_wrap=False).print(table)
    return buf.getvalue() + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def _emit(text: str, out: str | None) -> None:
    if out:
        try:
            with open(out, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        except OSError as exc:
            _fail(f"cannot write {out}: {exc.strerror or exc}")
    else:
        sys.stdout.write(text)


def run_extract(args) -> int:
    _require_extra()
    from duban.corpus import extract_corpus, load_manifest

    if args.workers is not None and args.workers < 1:
        _fail("--workers must be at least 1")
    if args.dask_local is not None and args.dask_local < 1:
        _fail("--dask-local must be at least 1")
    if args.chunk < 1:
        _fail("--chunk must be at least 1")
    if args.max_bytes <= 0:
        _fail("--max-bytes must be a positive number of bytes")
    if args.dask or args.dask_local:
        try:
            import distributed  # noqa: F401
        except ImportError:
            _fail("--dask needs dask.distributed: pip install 'duban[corpus]'")
    manifest = load_manifest(args.manifest) if args.manifest else None

    progress = None
    show = not args.no_progress and sys.stderr.isatty()
    state: dict = {}

    def on_start(total: int, runner: str) -> None:
        nonlocal progress
        if not show:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        progress = Progress(
            TextColumn("[bold]extract[/]"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
            TextColumn(runner), transient=False,
        )
        progress.start()
        state["task"] = progress.add_task("extract", total=total)

    def on_file() -> None:
        if progress is not None:
            progress.advance(state["task"])

    try:
        stats = extract_corpus(
            args.dir,
            args.output,
            workers=args.workers,
            dask_address=args.dask,
            dask_local=args.dask_local,
            dask_timeout=args.dask_timeout,
            manifest=manifest,
            pattern=args.glob,
            chunk=args.chunk,
            max_bytes=args.max_bytes,
            timeout=args.timeout or None,
            on_start=on_start,
            on_file=on_file,
        )
    finally:
        if progress is not None:
            progress.stop()
    if args.json:
        sys.stdout.write(json.dumps(stats.as_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        print(
            f"{stats.extracted} extracted, {stats.skipped_done} already done, {stats.skipped_duplicate} duplicate, "
            f"{stats.failed} failed of {stats.files} files in {stats.seconds:.1f} s "
            f"({stats.reports_per_second:.1f} reports/s, {stats.runner}) -> {args.output}"
        )
        rows = ", ".join(f"{t} {n}" for t, n in stats.rows.items())
        print(f"rows written: {rows}")
        if stats.failed:
            print(f"failures are listed in the errors table: duban corpus query {args.output} \"SELECT * FROM errors\"")
    for entry in stats.unused_manifest:
        print(f"duban: warning: manifest row {entry} matched no file", file=sys.stderr)
    return 0


def run_query(args) -> int:
    _require_extra()
    from duban.corpus.query import run_query as query

    result = query(args.dataset, args.sql)
    _emit(render(result.columns, result.rows, args.format), args.out)
    return 0


def run_items(args) -> int:
    _require_extra()
    from duban.corpus.fulfil import aliases_of
    from duban.corpus.query import find_items

    synonyms = [] if (args.exact_metric or not args.metric) else aliases_of(args.metric)
    result = find_items(
        args.dataset,
        args.table,
        metric=args.metric,
        kind=args.kind,
        unit=args.unit,
        place=args.place,
        year=args.year,
        level=args.level,
        synonyms=synonyms,
        all_rows=args.all,
    )
    _emit(render(result.columns, result.rows, args.format), args.out)
    return 0


def run_fulfil(args) -> int:
    from duban.corpus.yearly import PAIR_FIELDS

    if args.dataset:
        if args.report_y or args.report_y1:
            _fail("give either REPORT_Y REPORT_Y+1 or --dataset, not both")
        _require_extra()
        from duban.corpus.yearly import fulfil_dataset

        res = fulfil_dataset(args.dataset, place=args.place)
        columns = ["place", "year", "report_y", "report_y1", *PAIR_FIELDS]
        if not res["pairs_of_reports"]:
            print("duban: warning: no place has reports of two consecutive years in this dataset", file=sys.stderr)
    else:
        if not (args.report_y and args.report_y1):
            _fail("give two reports, REPORT_Y and REPORT_Y+1 (or --dataset DATASET)")
        if args.place:
            _fail("--place only applies with --dataset")
        from duban.corpus.yearly import fulfil_files

        res = fulfil_files(args.report_y, args.report_y1, year=args.year)
        columns = list(PAIR_FIELDS)
    for w in res["warnings"]:
        print(f"duban: warning: {w}", file=sys.stderr)
    rows = [tuple(p.get(c) for c in columns) for p in res["pairs"]]
    if args.format == "table":
        columns = [c for c in columns if c in ("place", "year", "target_start", "target_quote", "verdict", "rule", "result_start", "result_quote")]
        rows = [tuple(p.get(c) for c in columns) for p in res["pairs"]]
        text = render(columns, rows, "table")
        text += "verdicts: " + ", ".join(f"{k} {v}" for k, v in res["summary"].items()) + "\n"
    else:
        text = render(columns, rows, args.format)
    _emit(text, args.out)
    return 0


def run_info(args) -> int:
    _require_extra()
    from duban.corpus.query import run_query as query

    tables = ("reports", "sections", "tasks", "targets", "results", "list_items", "defects", "errors")
    counts = {t: query(args.dataset, f"SELECT count(*) FROM {t}").rows[0][0] for t in tables}
    places = query(args.dataset, "SELECT count(DISTINCT place), min(year), max(year) FROM reports").rows[0]
    from pathlib import Path

    meta = json.loads((Path(args.dataset) / "dataset.json").read_text(encoding="utf-8"))
    info = {"dataset": args.dataset, "format": meta.get("format"), "rows": counts, "places": places[0], "years": [places[1], places[2]], "runs": len(meta.get("runs", []))}
    if args.json:
        sys.stdout.write(json.dumps(info, ensure_ascii=False, indent=1) + "\n")
    else:
        print(f"{args.dataset}: {info['format']}, {info['runs']} run(s), {info['places']} place(s), years {places[1]}-{places[2]}")
        for t, n in counts.items():
            print(f"  {t:<11} {n}")
    return 0
