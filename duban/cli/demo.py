"""``duban demo``: build the living demo ledger (:mod:`duban.web.demo`) and serve it.

Django is imported inside the handler only, so ``duban --help`` works without the web extra.
"""

from __future__ import annotations

import datetime as dt
import sys


def _date(text: str) -> dt.date:
    import argparse

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def register(sub) -> None:
    p = sub.add_parser(
        "demo", help="build a demo ledger as an office has it mid-year, and serve it",
        description="Build the demo ledger in the configured database (SQLite under ./var/ by default): the bundled "
                    "sample report imported and confirmed, every task assigned, stages for the projects, monthly "
                    "progress reports filed, verified, returned and refiled up to the as-of date, reminders, a public "
                    "page with history; then print the accounts' new passwords and serve it. The ledger's clock stays "
                    "at the as-of date (statuses are evaluated there). A previous demo in the database is replaced; "
                    "any other ledger is left alone.")
    p.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="the day the demo shows, inside the report's year (default: 26 September)")
    p.add_argument("--seed", type=int, default=1, help="random seed: the same seed builds the same ledger (default 1)")
    p.add_argument("--no-serve", action="store_true", help="build only, do not start the server")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.set_defaults(handler=run_demo)


def run_demo(args) -> int:
    from duban.cli import CommandError
    from duban.cli.web import _django, _migrate, _serve

    _django()
    from duban.web.demo import DemoError, DemoOptions, build

    _migrate()
    try:
        result = build(DemoOptions(as_of=args.as_of, seed=args.seed,
                                   log=lambda m: print(m, file=sys.stderr, flush=True)))
    except DemoError as exc:
        raise CommandError(str(exc)) from None
    shares = "、".join(f"{k} {v}" for k, v in sorted(result.statuses.items(), key=lambda kv: -kv[1]))
    print(f"demo ledger as of {result.as_of:%Y-%m-%d}: report “{result.reports[0]}” with {result.tasks} tasks "
          f"({shares}); {result.progress_reports} progress reports")
    print("demo accounts (passwords are new on every run):")
    for username, (name, password, where) in result.passwords.items():
        print(f"  {username:8s} {password:14s} {name}（{where}）")
    if args.no_serve:
        return 0
    sys.stdout.flush()
    return _serve(args.host, args.port)
