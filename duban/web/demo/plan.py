"""What happens to each demo task between its assignment and the as-of date, decided in advance.

Pure Python (no database): :func:`plan_tasks` takes a description of each task and
returns, per task, the outcome it is steered towards, its deadline, its stages and every
monthly filing with what becomes of it (verified, returned and refiled, still waiting,
or never sent). The simulation (:mod:`.year`) then carries the plan out through the
ledger's own workflow, and the ledger's rubric decides the statuses: the outcome is
where the numbers point, not a status written anywhere.

Everything is drawn from a :class:`random.Random` seeded with the demo's seed and the
task's key, so a seed gives the same ledger on any database and in any task order.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

__all__ = [
    "TargetInfo",
    "TaskInfo",
    "Step",
    "Filing",
    "TaskPlan",
    "OUTCOME_SHARES",
    "DISCIPLINES",
    "plan_tasks",
    "elapsed",
    "figure_value",
    "periods",
    "first_period",
]

DAY = dt.timedelta(days=1)

# The mix the demo aims at (the rubric decides in the end): shares of tasks steered to
# each outcome; the rest are on track ("normal").
OUTCOME_SHARES = {
    "blue": 0.12,  # deadline within the blue window, on track
    "red_overdue": 0.06,  # deadline passed, not finished
    "red_behind": 0.05,  # far behind the expected progress
    "red_stalled": 0.05,  # the department stopped reporting two or three months ago
    "done": 0.17,  # finished and verified
    "yellow": 0.18,  # somewhat behind
}
# How departments report: on time, after the due day (or early next month), with gaps.
DISCIPLINES = (("punctual", 0.6), ("late", 0.25), ("patchy", 0.15))
RETURN_RATE = {"punctual": 0.08, "late": 0.12, "patchy": 0.2}
RATE_KINDS = {"share", "growth", "rank"}


@dataclass(frozen=True)
class TargetInfo:
    value: float | None
    value_max: float | None
    comparator: str
    kind: str
    unit: str


@dataclass(frozen=True)
class TaskInfo:
    key: str  # stable across databases: report number, offset, title
    department: str  # lead department (reporting discipline is the department's)
    start: dt.date
    deadline: dt.date
    targets: tuple[TargetInfo, ...]
    stage_kind: str | None  # policy / project / action for tasks tracked by stages
    stage_weights: tuple[int, ...] = ()
    policy: bool = False  # a policy document of the report's own list (deadlines spread over the year)


@dataclass
class Step:
    action: str  # return, refile, accept
    at: dt.datetime
    reason: str = ""


@dataclass
class Filing:
    period: str  # YYYY-MM
    at: dt.datetime
    report_type: str = "regular"
    fulfil: float = 0.0  # share of each target reached (measurable tasks)
    first_fulfil: float | None = None  # a wrong first figure, corrected when refiled
    stages: list[int] = field(default_factory=list)  # stage indexes claimed done
    steps: list[Step] = field(default_factory=list)
    evidence: bool = False

    @property
    def accepted_at(self) -> dt.datetime | None:
        return next((s.at for s in self.steps if s.action == "accept"), None)


@dataclass
class TaskPlan:
    key: str
    outcome: str
    discipline: str
    deadline: dt.date
    stage_dues: list[dt.date] = field(default_factory=list)
    filings: list[Filing] = field(default_factory=list)


def first_period(year: int) -> dt.date:
    """Reporting starts the month after assignment (late February): March."""
    return dt.date(year, 3, 1)


def periods(year: int, as_of: dt.date) -> list[dt.date]:
    """First days of the months with a report due, from March to the as-of month."""
    out, day = [], first_period(year)
    while day <= as_of:
        out.append(day)
        day = _next_month(day)
    return out


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def elapsed(start: dt.date, deadline: dt.date, day: dt.date) -> float:
    """Share of time elapsed (0-1): the pro-rata expected progress of the rubric."""
    span = (deadline - start).days
    if span <= 0:
        return 1.0 if day >= deadline else 0.0
    return min(max((day - start).days / span, 0.0), 1.0)


def _workday(day: dt.date) -> dt.date:
    # Offices file and verify on weekdays: a Saturday becomes Friday, a Sunday Monday.
    if day.weekday() == 5:
        return day - DAY
    if day.weekday() == 6:
        return day + DAY
    return day


def _moment(rng: random.Random, day: dt.date) -> dt.datetime:
    minutes = rng.randint(8 * 60 + 40, 17 * 60 + 20)
    return dt.datetime.combine(_workday(day), dt.time(minutes // 60, minutes % 60))


def _after(rng: random.Random, moment: dt.datetime, low: int, high: int) -> dt.datetime:
    """A working day ``low``..``high`` days after ``moment`` (a weekend moves on to Monday)."""
    day = moment.date() + DAY * rng.randint(low, high)
    while day.weekday() >= 5:
        day += DAY
    return _moment(rng, day)


def _discipline(seed: int, department: str) -> str:
    rng = random.Random(f"{seed}:discipline:{department}")
    x, total = rng.random(), 0.0
    for name, share in DISCIPLINES:
        total += share
        if x < total:
            return name
    return DISCIPLINES[0][0]


# --- outcomes ---------------------------------------------------------------------------------


def _feasible(task: TaskInfo, outcome: str, as_of: dt.date, year: int) -> bool:
    in_year = task.deadline.year == year
    if outcome == "normal":
        return True
    if outcome == "yellow":
        return as_of >= dt.date(year, 4, 15)
    if not in_year:
        return False  # a three-year task is not done, due or overdue in its first year
    if outcome == "blue":
        return as_of + 6 * DAY <= dt.date(year, 12, 31)
    if outcome == "done":
        return as_of >= dt.date(year, 5, 1)
    if outcome == "red_overdue":
        return as_of >= dt.date(year, 7, 10)
    if outcome in ("red_behind", "red_stalled"):
        return elapsed(task.start, task.deadline, as_of) >= 0.5
    return False


def _allocate(tasks: list[TaskInfo], seed: int, as_of: dt.date, year: int) -> dict[str, str]:
    order = sorted(tasks, key=lambda t: t.key)
    random.Random(f"{seed}:outcomes").shuffle(order)
    outcomes: dict[str, str] = {}
    for outcome, share in OUTCOME_SHARES.items():
        quota = round(share * len(tasks))
        for task in order:
            if quota <= 0:
                break
            if task.key not in outcomes and _feasible(task, outcome, as_of, year):
                outcomes[task.key] = outcome
                quota -= 1
    for task in order:
        outcomes.setdefault(task.key, "normal")
    return outcomes


def _deadline(rng: random.Random, task: TaskInfo, outcome: str, as_of: dt.date, year: int) -> dt.date:
    end = dt.date(year, 12, 31)
    if outcome == "blue":
        return min(end, as_of + DAY * rng.randint(6, 27))
    if outcome == "red_overdue":
        return max(dt.date(year, 5, 31), as_of - DAY * rng.randint(8, 70))
    if task.policy:
        # Policies are due at quarter or month ends over the year, not all on 31 December.
        choices = [dt.date(year, m, 1) - DAY for m in (7, 10, 11, 12)] + [end]
        if outcome != "done":
            choices = [d for d in choices if d > as_of + 35 * DAY] or [end]
        return rng.choice(choices)
    return task.deadline


# --- filings ----------------------------------------------------------------------------------


def _schedule(rng: random.Random, discipline: str, months: list[dt.date], as_of: dt.date,
              stop_after: dt.date | None, returns: list[str]) -> list[Filing]:
    filings = []
    for i, month in enumerate(months):
        if stop_after is not None and month > stop_after:
            break
        if discipline == "patchy" and i > 0 and rng.random() < 0.3:
            continue
        if discipline == "late" and rng.random() < 0.7:
            if rng.random() < 0.5:
                day = month.replace(day=rng.randint(26, 28))
            else:
                day = _next_month(month).replace(day=rng.randint(1, 6))
        else:
            day = month.replace(day=rng.randint(8, 23))
        at = _moment(rng, day)
        if at.date() >= as_of:
            continue  # not sent yet: the department is still working on this month's report
        filing = Filing(period=f"{month:%Y-%m}", at=at, evidence=rng.random() < 0.15)
        check = _after(rng, at, 1, 5)
        if rng.random() < RETURN_RATE[discipline]:
            reason = rng.choice(returns)
            refile = _after(rng, check, 1, 4)
            filing.steps = [Step("return", check, reason), Step("refile", refile), Step("accept", _after(rng, refile, 1, 3))]
        else:
            filing.steps = [Step("accept", check)]
        filing.steps = [s for s in filing.steps if s.at.date() < as_of]
        filings.append(filing)
    return filings


def _curve(rng: random.Random, task: TaskInfo, filings: list[Filing], rate: bool) -> list[float]:
    """Relative progress at each filing (1.0 at the reference filing), rising over time."""
    if rate:
        return [round(rng.uniform(0.85, 1.0), 3) for _ in filings]
    gamma = rng.uniform(0.8, 1.4)  # early starters and late finishers
    return [max(elapsed(task.start, task.deadline, f.at.date()), 0.01) ** gamma for f in filings]


def _measurable(rng: random.Random, task: TaskInfo, plan: TaskPlan, as_of: dt.date) -> None:
    filings = plan.filings
    if not filings:
        return
    rate = all(t.kind in RATE_KINDS for t in task.targets)
    curve = _curve(rng, task, filings, rate)
    verified = [i for i, f in enumerate(filings) if f.accepted_at is not None]
    expected = 100.0 * elapsed(task.start, plan.deadline, as_of)
    outcome = plan.outcome
    if outcome == "done" and verified:
        # Finished with one of the last verified reports; nothing is filed after it.
        done_at = rng.choice(verified[-3:])
        del filings[done_at + 1:]
        for i, f in enumerate(filings):
            f.fulfil = 1.0 if i == done_at else min(0.99, curve[i] / curve[done_at])
        filings[done_at].fulfil = round(rng.uniform(1.0, 1.06), 3)
        return
    if outcome in ("normal", "blue"):
        level = expected + rng.uniform(-7, 10)
    elif outcome == "yellow":
        level = expected - rng.uniform(13, 26)
    elif outcome == "red_overdue":
        level = rng.uniform(62, 92)
    else:  # red_behind, red_stalled
        level = expected - rng.uniform(34, 52)
    level = min(max(level, 3.0), 96.0) / 100.0
    ref = verified[-1] if verified else len(filings) - 1
    for i, f in enumerate(filings):
        f.fulfil = round(min(0.985, level * curve[i] / curve[ref]), 4)


def _stages(rng: random.Random, task: TaskInfo, plan: TaskPlan, as_of: dt.date, year: int) -> None:
    """Stage due dates, and in which filing each stage is reported done (if at all)."""
    weights = task.stage_weights
    begin = dt.date(year, 3, 1)
    span = (plan.deadline - begin).days
    n = len(weights)
    dues = []
    for i in range(n):
        if i == n - 1:
            dues.append(plan.deadline)
        else:
            due = begin + DAY * round(span * (i + 1) / n) + DAY * rng.randint(-6, 6)
            dues.append(min(max(due, begin + 10 * DAY), plan.deadline))
    plan.stage_dues = dues
    due_now = [i for i, d in enumerate(dues) if d <= as_of]
    total = sum(weights)
    # Stages not finished by the as-of date: a tail of the stages already due.
    late_from = n
    if plan.outcome in ("yellow", "red_behind", "red_overdue", "red_stalled") and due_now:
        lo, hi = (10, 30) if plan.outcome == "yellow" else (30, 101)
        tails = [i for i in due_now if lo <= 100 * sum(weights[j] for j in due_now if j >= i) / total < hi]
        if tails:
            late_from = rng.choice(tails)
    done_dates: list[dt.date | None] = []
    for i, due in enumerate(dues):
        if i >= late_from:
            done_dates.append(None)
        elif plan.outcome == "done":
            done_dates.append(min(due, as_of - DAY * rng.randint(35, 80)))
        elif due <= as_of + 40 * DAY:
            done_dates.append(due - DAY * rng.randint(30, 55))
        elif plan.outcome not in ("red_stalled",) and rng.random() < 0.25:
            done_dates.append(due - DAY * rng.randint(60, 90))  # a little ahead of plan
        else:
            done_dates.append(None)
    # A stage is never done before the one before it.
    floor = begin + 10 * DAY
    for i, d in enumerate(done_dates):
        if d is None:
            done_dates[i + 1:] = [None] * (n - i - 1)
            break
        d = max(d, floor)
        done_dates[i], floor = d, d + DAY
    for i, d in enumerate(done_dates):
        if d is None:
            continue
        claim = next((f for f in plan.filings if f.at.date() >= d), None)
        if claim is not None:
            claim.stages.append(i)
    if plan.outcome == "done":
        last_claim = max((k for k, f in enumerate(plan.filings) if f.stages), default=None)
        if last_claim is not None:
            del plan.filings[last_claim + 1:]


def plan_tasks(tasks: list[TaskInfo], *, seed: int, as_of: dt.date, year: int,
               returns: list[str]) -> dict[str, TaskPlan]:
    """Plan every task (see the module's docstring); the result is keyed by ``TaskInfo.key``."""
    outcomes = _allocate(tasks, seed, as_of, year)
    months = periods(year, as_of)
    plans = {}
    for task in tasks:
        rng = random.Random(f"{seed}:{task.key}")
        outcome = outcomes[task.key]
        discipline = "patchy" if outcome == "red_stalled" else _discipline(seed, task.department)
        plan = TaskPlan(task.key, outcome, discipline, _deadline(rng, task, outcome, as_of, year))
        stop = None
        if outcome == "red_stalled":
            stop = months[max(0, len(months) - 1 - rng.randint(2, 3))]
        plan.filings = _schedule(rng, discipline, months, as_of, stop, returns)
        for f in plan.filings:
            if any(s.action == "return" for s in f.steps) and rng.random() < 0.5 and task.targets:
                f.first_fulfil = -1.0  # marked: set from the corrected figure below
        if task.stage_weights:
            _stages(rng, task, plan, as_of, year)
        elif task.targets:
            _measurable(rng, task, plan, as_of)
        for f in plan.filings:
            if f.first_fulfil is not None:
                f.first_fulfil = round(f.fulfil * rng.uniform(1.4, 2.2), 4)  # overstated, sent back
        _extra_reports(rng, plan, as_of)
        plans[task.key] = plan
    return plans


def _extra_reports(rng: random.Random, plan: TaskPlan, as_of: dt.date) -> None:
    """An overdue task explains itself (逾期说明); a stalled one raises its problem (问题反映)."""
    kind = {"red_overdue": "overdue", "red_stalled": "problem"}.get(plan.outcome)
    if kind is None:
        return
    after = plan.deadline if kind == "overdue" else (plan.filings[-1].at.date() if plan.filings else None)
    if after is None:
        return
    at = _moment(rng, after + DAY * rng.randint(3, 12))
    if at.date() >= as_of:
        return
    extra = Filing(period=f"{at:%Y-%m}", at=at, report_type=kind)
    check = _after(rng, at, 1, 4)
    extra.steps = [Step("accept", check)] if check.date() < as_of else []
    plan.filings.append(extra)


# --- figures ----------------------------------------------------------------------------------


def figure_value(target: TargetInfo, fulfil: float) -> float:
    """The figure a department reports for ``target`` when it has reached ``fulfil`` of it."""
    goal = target.value if target.value is not None else target.value_max
    met = fulfil >= 0.999
    if goal is None:
        return 1.0 if met else 0.0
    if target.comparator == "<=":
        # A ceiling: kept under it, or not (rounding must not bring an excess back under it).
        rounded = _round(goal * (0.9 if met else 1.08), goal, target.unit)
        return rounded if met or rounded > goal else _round(goal + _step(goal, target.unit), goal, target.unit)
    if goal == 0:
        return 0.0 if met else float(max(1, round(12 * (1 - fulfil))))  # 清零: what is left
    value = goal * (max(fulfil, 1.01) if met and target.comparator == ">" else fulfil)
    rounded = _round(value, goal, target.unit)
    if not met and rounded >= goal:
        rounded = _round(goal - _step(goal, target.unit), goal, target.unit)  # rounding must not finish it
    if met and (rounded < goal or (rounded == goal and target.comparator == ">")):
        rounded = goal if target.comparator != ">" else _round(goal + _step(goal, target.unit), goal, target.unit)
    return rounded


def _step(goal: float, unit: str) -> float:
    if unit == "%" or goal != int(goal):
        return 0.1
    return 1.0 if abs(goal) < 10000 else 10.0 ** (int(math.log10(abs(goal))) - 3)


def _round(value: float, goal: float, unit: str) -> float:
    """Counts as whole numbers, percentages to one decimal, large sums to about four figures."""
    step = _step(goal, unit)
    if step == 0.1:
        return round(value, 1)
    return float(math.floor(value / step) * step)
