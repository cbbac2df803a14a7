"""Build the demo ledger: a fresh database, then the steps of :data:`STEPS` in order.

Each step is a function ``step(demo: Demo) -> None`` named by its dotted path; an app
that wants its own sample data in the demo adds one line to :data:`STEPS`. Steps run in
one transaction, so a failing step leaves no half-built ledger behind, and they see the
ledger's clock frozen at the as-of date (:mod:`duban.web.ledger.clock`); a step that
writes the past wraps its writes in ``clock.travel(moment)``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.module_loading import import_string

__all__ = ["STEPS", "DemoError", "DemoOptions", "Demo", "DemoResult", "build", "default_as_of", "SAMPLE"]

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "liaocheng_2023_part2.txt"
SAMPLE_YEAR = 2023
SAMPLE_TITLE = "2023年聊城市政府工作报告（下半部分）"
CLOCK_NOTE = "duban demo"

# The demo, step by step. Another app adds its sample data with one more line here.
STEPS = [
    "duban.web.demo.steps.people",
    "duban.web.demo.steps.import_reports",
    "duban.web.demo.steps.assign_and_plan",
    "duban.web.demo.year.run_year",
    "duban.web.suggestions.sample.load_suggestions",
    "duban.web.demo.steps.today",
]


class DemoError(Exception):
    """The demo cannot be built (the message is for the user)."""


def default_as_of(year: int) -> dt.date:
    """Late in the third quarter, just after the monthly reports were due (day 25): every
    colour of the rubric shows, and this month's missing reports have their reminders."""
    return dt.date(year, 9, 26)


@dataclass
class DemoOptions:
    as_of: dt.date | None = None  # default: default_as_of(year)
    seed: int = 1
    sample: Path = SAMPLE
    year: int = SAMPLE_YEAR
    title: str = SAMPLE_TITLE
    copies: int = 1  # the load benchmark imports the sample this many times
    per_report: int | None = None  # keep up to this many items per report (None: lists and targets only)
    log: Callable[[str], None] | None = None


@dataclass
class Demo:
    """What the steps share: the options and everything built so far."""

    options: DemoOptions
    as_of: dt.date
    office: object = None
    leader: object = None
    reporters: dict[int, object] = field(default_factory=dict)  # department id -> reporter
    passwords: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # username -> (name, password, role)
    reports: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    plans: dict[int, object] = field(default_factory=dict)  # task id -> plan.TaskPlan
    counts: Counter = field(default_factory=Counter)

    @property
    def year(self) -> int:
        return self.options.year

    @property
    def seed(self) -> int:
        return self.options.seed

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}")

    def log(self, message: str) -> None:
        if self.options.log:
            self.options.log(message)


@dataclass
class DemoResult:
    as_of: dt.date
    reports: list[str]
    tasks: int
    statuses: dict[str, int]
    progress_reports: int
    passwords: dict[str, tuple[str, str, str]]
    counts: dict[str, int]


def _check(options: DemoOptions) -> dt.date:
    as_of = options.as_of or default_as_of(options.year)
    first, last = dt.date(options.year, 3, 1), dt.date(options.year, 12, 31)
    if not first <= as_of <= last:
        raise DemoError(f"--as-of {as_of:%Y-%m-%d} is outside {first:%Y-%m-%d}..{last:%Y-%m-%d}: the demo shows "
                        f"the report's year ({options.year}) after its tasks were assigned")
    if options.copies < 1:
        raise DemoError("copies must be at least 1")
    return as_of


def _no_query_log():
    from django.test.utils import override_settings

    return override_settings(DEBUG=False)


def build(options: DemoOptions | None = None) -> DemoResult:
    """Build the demo ledger into the configured (migrated) database; a previous demo there is
    replaced, any other ledger refuses (:class:`DemoError`)."""
    from duban.web.ledger import clock
    from duban.web.ledger.models import ProgressReport, Task

    from .reset import clear_previous_demo

    options = options or DemoOptions()
    as_of = _check(options)
    clear_previous_demo()
    demo = Demo(options, as_of)
    try:
        # The demo runs tens of thousands of queries: with DEBUG on, Django would keep the SQL of
        # each one (the debug cursor), which costs time and memory and serves no one here.
        with transaction.atomic(), _no_query_log():
            clock.set_as_of(as_of, note=CLOCK_NOTE)
            for path in STEPS:
                demo.log(f"demo: {path.rsplit('.', 1)[-1].replace('_', ' ')}")
                import_string(path)(demo)
    finally:
        clock.forget()  # a rolled-back date must not stay cached
    active = Task.objects.filter(review=Task.Review.ACTIVE)
    statuses = Counter(active.values_list("status", flat=True))
    return DemoResult(
        as_of=as_of,
        reports=[r.title for r in demo.reports],
        tasks=active.count(),
        statuses=dict(statuses),
        progress_reports=ProgressReport.objects.count(),
        passwords=demo.passwords,
        counts=dict(demo.counts),
    )
