"""The 蓝黄红 rubric at every boundary, with a fixed 'today' (no wall clock)."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.web.ledger.status import (
    Rules,
    StageFact,
    TargetFact,
    TaskFacts,
    compute,
    expected_progress,
    target_fulfilment,
)

START = dt.date(2023, 1, 1)
DEADLINE = dt.date(2023, 12, 31)  # 364 days after START
RULES = Rules(blue_days=30, yellow_gap=10, red_gap=30)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def facts_with_progress(progress: float, *, deadline: dt.date = DEADLINE) -> TaskFacts:
    """A task with one target of 1000, whose verified figure gives ``progress`` percent."""
    return TaskFacts(start=START, deadline=deadline, targets=(TargetFact(1000, None, ">=", progress * 10),))


# today = day 182 -> expected 50.0 % (182/364)
@pytest.mark.parametrize(
    ("progress", "status"),
    [
        (100.0, "done"),
        (50.0, "normal"),
        (40.1, "normal"),  # 9.9 points behind
        (40.0, "yellow"),  # exactly 10 behind
        (20.1, "yellow"),  # 29.9 behind
        (20.0, "red"),  # exactly 30 behind
        (0.0, "red"),
    ],
    ids=["done", "on-pace", "gap-9.9", "gap-10", "gap-29.9", "gap-30", "nothing"],
)
def test_it_applies_the_gap_thresholds(progress, status):
    assert expected_progress(facts_with_progress(0), day(182)) == 50.0
    assert compute(facts_with_progress(progress), day(182), RULES).status == status


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (DEADLINE - dt.timedelta(days=31), "normal"),
        (DEADLINE - dt.timedelta(days=30), "blue"),
        (DEADLINE, "blue"),
        (DEADLINE + dt.timedelta(days=1), "red"),
    ],
    ids=["31-days-left", "30-days-left", "deadline-day", "overdue"],
)
def test_it_turns_blue_near_the_deadline_and_red_after_it(today, status):
    # Progress keeps pace with time, so only the deadline rules can fire.
    span = (DEADLINE - START).days
    on_pace = min(100.0, 100.0 * (today - START).days / span) - 0.1 if today <= DEADLINE else 99.0
    verdict = compute(facts_with_progress(on_pace), today, RULES)
    assert verdict.status == status


def test_it_says_done_even_when_overdue():
    assert compute(facts_with_progress(100), DEADLINE + dt.timedelta(days=40), RULES).status == "done"


def test_it_lets_settings_change_the_thresholds():
    strict = Rules(blue_days=90, yellow_gap=5, red_gap=20)
    assert compute(facts_with_progress(44), day(182), strict).status == "yellow"
    assert compute(facts_with_progress(30), day(182), strict).status == "red"
    assert compute(facts_with_progress(50), DEADLINE - dt.timedelta(days=80), strict).status in {"blue", "yellow", "red"}


def test_it_uses_stage_due_dates_for_the_expectation():
    stages = (StageFact(1, day(10), True), StageFact(3, day(100), False), StageFact(6, day(300), False))
    facts = TaskFacts(start=START, deadline=DEADLINE, stages=stages)
    assert expected_progress(facts, day(50)) == 10.0
    assert expected_progress(facts, day(100)) == 40.0
    verdict = compute(facts, day(100), RULES)
    assert (verdict.progress, verdict.status) == (10.0, "red")


def test_it_falls_back_to_pro_rata_when_a_stage_has_no_date():
    facts = TaskFacts(start=START, deadline=DEADLINE, stages=(StageFact(1, None, True), StageFact(1, day(5), False)))
    assert expected_progress(facts, day(91)) == 25.0
    assert compute(facts, day(91), RULES).progress == 50.0


def test_it_counts_a_task_without_figures_or_stages_as_zero():
    facts = TaskFacts(start=START, deadline=DEADLINE)
    assert compute(facts, day(0), RULES).status == "normal"
    assert compute(facts, day(40), RULES).status == "yellow"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (TargetFact(12, None, "=", None), 0.0),
        (TargetFact(12, None, "=", 6), 50.0),
        (TargetFact(12, None, ">=", 15), 100.0),
        (TargetFact(100, None, ">", 100), 99.9),
        (TargetFact(3, None, "<=", 2.5), 100.0),
        (TargetFact(3, None, "<=", 3.5), 0.0),
        (TargetFact(0, None, "=", 0), 100.0),
        (TargetFact(0, None, "=", 2), 0.0),
        (TargetFact(10, 15, "=", 10), 100.0),
    ],
    ids=["unreported", "half", "exceeded", "strictly-more-not-yet", "ceiling-kept", "ceiling-broken", "cleared", "not-cleared", "range-low-end"],
)
def test_it_measures_target_fulfilment(target, expected):
    assert target_fulfilment(target) == pytest.approx(expected)
