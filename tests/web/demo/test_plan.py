"""The demo's plan of the year (pure Python): deterministic per seed, dates inside the as-of date,
the outcome mix it aims at, and every filing's steps in time order."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from duban.web.demo.plan import OUTCOME_SHARES, TargetInfo, TaskInfo, figure_value, plan_tasks

AS_OF = dt.date(2023, 9, 26)
RETURNS = ["数据口径不一致，请核对后重报。"]


def tasks(n: int = 120) -> list[TaskInfo]:
    out = []
    for i in range(n):
        measurable = i % 3 != 0
        out.append(TaskInfo(
            key=f"0:{i}:任务{i}", department=f"单位{i % 9}", start=dt.date(2023, 1, 1),
            deadline=dt.date(2023, 12, 31) if i % 10 else dt.date(2025, 12, 31),
            targets=(TargetInfo(100.0 + i, None, ">=", "count", "个"),) if measurable else (),
            stage_kind=None if measurable else "project", stage_weights=() if measurable else (20, 30, 50),
        ))
    return out


def plan(seed: int = 1):
    return plan_tasks(tasks(), seed=seed, as_of=AS_OF, year=2023, returns=RETURNS)


def test_the_same_seed_plans_the_same_year_and_another_seed_another():
    first, again, other = plan(1), plan(1), plan(2)
    assert first == again
    assert [p.outcome for p in first.values()] != [p.outcome for p in other.values()]


def test_nothing_happens_after_the_as_of_date_and_steps_follow_their_filing():
    for p in plan().values():
        for filing in p.filings:
            assert filing.at.date() < AS_OF
            moments = [filing.at] + [s.at for s in filing.steps]
            assert moments == sorted(moments) and all(m.date() < AS_OF for m in moments)
            assert [s.action for s in filing.steps] in ([], ["accept"], ["return"], ["return", "refile"],
                                                       ["return", "refile", "accept"])


def test_the_outcomes_come_in_the_shares_aimed_at():
    plans = plan()
    counts = Counter(p.outcome for p in plans.values())
    for outcome, share in OUTCOME_SHARES.items():
        assert counts[outcome] >= round(share * len(plans)) * 0.5, (outcome, counts)
    assert counts["normal"] > 0
    # A task due in a later year is never steered to done, overdue or due soon in its first year.
    later = {t.key for t in tasks() if t.deadline.year > 2023}
    assert not {p.outcome for k, p in plans.items() if k in later} & {"done", "red_overdue", "blue"}


@pytest.mark.parametrize(("comparator", "goal", "fulfil", "met"),
                         [(">=", 230.0, 0.5, False), (">=", 230.0, 1.0, True), (">", 10.0, 1.0, True),
                          ("<=", 5.0, 1.0, True), ("<=", 5.0, 0.5, False)])
def test_a_figure_meets_its_target_exactly_when_the_plan_says_so(comparator, goal, fulfil, met):
    value = figure_value(TargetInfo(goal, None, comparator, "count", "个"), fulfil)
    reached = {">=": value >= goal, ">": value > goal, "<=": value <= goal}[comparator]
    assert reached is met
