"""The 蓝黄红 rubric: a pure function from a task's facts and a date to its status.

Rules, checked in this order (thresholds from ``settings.LEDGER_STATUS_RULES``):

1. done   – verified progress reached 100 %;
2. red    – the deadline has passed, or verified progress is ``red_gap`` points or more
            behind the expected progress;
3. yellow – verified progress is ``yellow_gap`` points or more behind;
4. blue   – the deadline is within ``blue_days`` days;
5. normal – none of the above.

Expected progress is the share of stage weight due by that date when every stage has a
planned date, otherwise the share of time elapsed between the task's start and deadline
(pro rata). Verified progress is the verified share of stage weight when the task has
stages, otherwise the mean fulfilment of its targets from verified figures only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = ["Rules", "TaskFacts", "Verdict", "compute", "expected_progress", "target_fulfilment", "rubric"]


@dataclass(frozen=True)
class Rules:
    blue_days: int = 30
    yellow_gap: int = 10
    red_gap: int = 30

    @classmethod
    def from_settings(cls) -> Rules:
        from django.conf import settings

        return cls(**settings.LEDGER_STATUS_RULES)


@dataclass(frozen=True)
class StageFact:
    weight: int
    due: dt.date | None
    done: bool


@dataclass(frozen=True)
class TargetFact:
    value: float | None
    value_max: float | None
    comparator: str
    latest_verified: float | None


@dataclass(frozen=True)
class TaskFacts:
    start: dt.date
    deadline: dt.date
    stages: tuple[StageFact, ...] = field(default_factory=tuple)
    targets: tuple[TargetFact, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str
    progress: float
    expected: float


def expected_progress(facts: TaskFacts, today: dt.date) -> float:
    stages = facts.stages
    total = sum(s.weight for s in stages)
    if stages and total and all(s.due for s in stages):
        return round(100.0 * sum(s.weight for s in stages if s.due <= today) / total, 1)
    span = (facts.deadline - facts.start).days
    if span <= 0:
        return 100.0 if today >= facts.deadline else 0.0
    elapsed = (today - facts.start).days
    return round(100.0 * min(max(elapsed / span, 0.0), 1.0), 1)


def target_fulfilment(t: TargetFact) -> float:
    """0–100: how far the latest verified figure goes towards the target."""
    if t.latest_verified is None:
        return 0.0
    got = t.latest_verified
    if t.comparator == "<=":
        # A ceiling (控制在…以内): met while the figure stays under it.
        return 100.0 if t.value is None or got <= t.value else 0.0
    goal = t.value if t.value is not None else t.value_max
    if goal is None:
        return 100.0 if got else 0.0
    if goal == 0:
        # 清零: the figure has to come down to zero.
        return 100.0 if got <= 0 else 0.0
    if t.comparator == ">" and got <= goal:
        return min(99.9, 100.0 * got / goal)
    return max(0.0, min(100.0, 100.0 * got / goal))


def verified_progress(facts: TaskFacts) -> float:
    total = sum(s.weight for s in facts.stages)
    if facts.stages and total:
        return round(100.0 * sum(s.weight for s in facts.stages if s.done) / total, 1)
    if facts.targets:
        return round(sum(target_fulfilment(t) for t in facts.targets) / len(facts.targets), 1)
    return 0.0


def compute(facts: TaskFacts, today: dt.date, rules: Rules | None = None) -> Verdict:
    rules = rules or Rules()
    progress = verified_progress(facts)
    expected = expected_progress(facts, today)
    gap = round(expected - progress, 1)
    if progress >= 100.0:
        return Verdict("done", "核实进度已达100%", progress, expected)
    if today > facts.deadline:
        return Verdict("red", f"已逾期（时限 {facts.deadline:%Y-%m-%d}）", progress, expected)
    if gap >= rules.red_gap:
        return Verdict("red", f"核实进度 {progress:g}% 落后预期 {expected:g}% 共 {gap:g} 个百分点", progress, expected)
    if gap >= rules.yellow_gap:
        return Verdict("yellow", f"核实进度 {progress:g}% 落后预期 {expected:g}% 共 {gap:g} 个百分点", progress, expected)
    days_left = (facts.deadline - today).days
    if days_left <= rules.blue_days:
        return Verdict("blue", f"距完成时限 {days_left} 天", progress, expected)
    return Verdict("normal", f"核实进度 {progress:g}%，预期 {expected:g}%", progress, expected)


def rubric(rules: Rules | None = None) -> list[tuple[str, str]]:
    """The published rubric, in the order the rules are applied."""
    r = rules or Rules()
    return [
        ("done", "已完成：核实进度达到100%。"),
        ("red", f"红色：已超过完成时限，或核实进度落后预期进度 {r.red_gap} 个百分点及以上。"),
        ("yellow", f"黄色：核实进度落后预期进度 {r.yellow_gap} 个百分点及以上。"),
        ("blue", f"蓝色：距完成时限不足 {r.blue_days} 天且尚未完成。"),
        ("normal", "正常推进：以上情形之外。"),
        ("expected", "预期进度：各阶段均有计划日期时，按到期阶段权重计算；否则按起始日至完成时限的时间进度折算。"),
        ("verified", "核实进度：有阶段的按已核实完成阶段的权重计算；否则按经核实的指标完成值与目标值之比的平均值计算。未经核实的数字不计入。"),
    ]
