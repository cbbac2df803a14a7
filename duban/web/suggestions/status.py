"""The 蓝黄红 rubric of an item: a pure function from its facts and a date, in the ledger's style.

Rules, checked in this order (``settings.SUGGESTIONS_STATUS_RULES``):

1. done   – the reply has been sent (and not reopened), or the item is closed;
2. red    – the reply deadline has passed without a sent reply;
3. yellow – the deadline is ``yellow_days`` days away or less and no reply waits for review;
4. blue   – the deadline is ``blue_days`` days away or less;
5. normal – none of the above (an item not yet assigned has no status: "new").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["Rules", "Verdict", "compute", "rubric", "LABELS"]

LABELS = {"new": "待交办", "normal": "正常办理", "blue": "蓝色（临期）", "yellow": "黄色（临期未成稿）",
          "red": "红色（逾期未答复）", "done": "已答复"}


@dataclass(frozen=True)
class Rules:
    blue_days: int = 30
    yellow_days: int = 15

    @classmethod
    def from_settings(cls) -> Rules:
        from django.conf import settings

        return cls(**getattr(settings, "SUGGESTIONS_STATUS_RULES", {}))


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str


def compute(state: str, deadline: dt.date | None, today: dt.date, rules: Rules | None = None) -> Verdict:
    """``state`` is the item's workflow state (new, handling, review, sent, reopened, closed)."""
    rules = rules or Rules()
    if state == "new" or deadline is None:
        return Verdict("new", "尚未交办")
    if state in ("sent", "closed"):
        return Verdict("done", "已答复")
    days_left = (deadline - today).days
    if days_left < 0:
        return Verdict("red", f"已逾期 {-days_left} 天（时限 {deadline:%Y-%m-%d}）")
    if days_left <= rules.yellow_days and state != "review":
        return Verdict("yellow", f"距答复时限 {days_left} 天，答复函尚未报审")
    if days_left <= rules.blue_days:
        return Verdict("blue", f"距答复时限 {days_left} 天")
    return Verdict("normal", f"距答复时限 {days_left} 天")


def rubric(rules: Rules | None = None) -> list[tuple[str, str]]:
    r = rules or Rules()
    return [
        ("done", "已答复：答复函已由督查室审核发出（不满意重新办理的，重新答复后才算）。"),
        ("red", "红色：已超过答复时限仍未发出答复。"),
        ("yellow", f"黄色：距答复时限不足 {r.yellow_days} 天，答复函尚未报督查室审核。"),
        ("blue", f"蓝色：距答复时限不足 {r.blue_days} 天。"),
        ("normal", "正常办理：以上情形之外。"),
        ("deadline", "答复时限：自交办之日起三个月（可按批次设置），紧急件按批次设置的天数；"
                     "会办单位自交办之日起一个月内向主办单位提出会办意见；不满意重新办理的，自重新交办之日起另计时限。"),
    ]
