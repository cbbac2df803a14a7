"""``duban worker``: run the queue's background jobs (briefings, report imports, the daily job)."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser(
        "worker", help="run queued background jobs (briefings, imports, the daily status job and reminders)",
        description="Run jobs from the queue in the ledger's database until stopped (SIGTERM finishes the running "
                    "job first). Also enqueues the daily job (statuses, drift repair, reminders) once a day. Run one "
                    "or more beside the app servers; they may be on other machines sharing one PostgreSQL.")
    p.add_argument("--queues", default="*", help="comma-separated queues to take jobs from (default: all)")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between polls of an empty queue (default 1)")
    p.add_argument("--batch", action="store_true", help="run what is queued (and today's daily job if due), then exit")
    p.add_argument("--max-tasks", type=int, default=None, help="exit after this many jobs")
    p.add_argument("--no-schedule", action="store_true", help="do not enqueue the daily job")
    p.set_defaults(handler=run_worker)


def run_worker(args) -> int:
    from duban.cli import CommandError
    from duban.cli.web import _django

    if args.interval < 0 or (args.max_tasks is not None and args.max_tasks <= 0):
        raise CommandError("--interval must be ≥ 0 and --max-tasks > 0")
    _django()
    from duban.web.jobs.worker import run

    run(queues=args.queues, interval=args.interval, batch=args.batch, max_tasks=args.max_tasks,
        schedule=not args.no_schedule)
    return 0
