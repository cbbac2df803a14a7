"""Figures of the handling, by unit (主办单位) and overall: what the stats page, its Excel export,
the monthly briefing, ``duban suggestions stats`` and the API show, computed in one place.

Definitions (an item counts once, under its 主办单位; items not yet assigned are left out):

- ``items``: items assigned to the unit in the year;
- ``replied``: items with a reply sent by the office;
- ``replied_on_time``: items whose first reply was sent on or before the deadline then in force
  (按期答复); ``on_time_rate`` = replied_on_time / items;
- ``rated``: items whose latest sent reply was rated through the proposer's link;
  ``satisfied``: of those, rated 满意 or 基本满意; ``satisfaction_rate`` = satisfied / rated;
- ``classes``: A/B/C of the latest sent reply;
- ``reopened``: items rated 不满意 at least once (重新办理);
- ``overdue``: items still without a sent reply whose deadline has passed (as of the ledger's day).

For other apps (the assessment): :func:`unit_stats` returns one dict per unit with all of the
above; :func:`contract` is the shape of ``duban suggestions stats --format json``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from duban.web.ledger import clock

from .models import Item, Rating, Reply

__all__ = ["unit_stats", "overall", "contract", "overdue_items", "default_year", "years"]

_SATISFIED = (Rating.SATISFIED, Rating.BASIC)


def years() -> list[int]:
    return sorted(set(Item.objects.values_list("year", flat=True)), reverse=True)


def default_year() -> int:
    ys = years()
    return ys[0] if ys else clock.today().year


def _empty(unit: str, unit_id: int | None) -> dict:
    return {"unit": unit, "unit_id": unit_id, "items": 0, "replied": 0, "replied_on_time": 0, "rated": 0,
            "satisfied": 0, "unsatisfied": 0, "classes": {"A": 0, "B": 0, "C": 0}, "reopened": 0, "overdue": 0}


def _rates(row: dict) -> dict:
    row["on_time_rate"] = round(100.0 * row["replied_on_time"] / row["items"], 1) if row["items"] else None
    row["satisfaction_rate"] = round(100.0 * row["satisfied"] / row["rated"], 1) if row["rated"] else None
    return row


def unit_stats(year: int | None = None, *, today: dt.date | None = None, items=None) -> list[dict]:
    """One dict per 主办单位 with items in ``year`` (default: the latest year), sorted by unit name.

    Keys: unit, unit_id, items, replied, replied_on_time, rated, satisfied, unsatisfied,
    classes {A, B, C}, reopened, overdue, on_time_rate and satisfaction_rate (percent, None
    when there is nothing to divide by). ``items`` narrows the set (a user's visible items)."""
    year = year or default_year()
    today = today or clock.today()
    qs = (items if items is not None else Item.objects.all()).filter(year=year).exclude(state=Item.State.NEW)
    qs = qs.select_related("lead")
    replies = defaultdict(list)
    for r in Reply.objects.filter(item__in=qs, state=Reply.State.SENT).order_by("round"):
        replies[r.item_id].append(r)
    rows: dict[int | None, dict] = {}
    for item in qs:
        key = item.lead_id
        row = rows.get(key) or rows.setdefault(key, _empty(item.lead.name if item.lead else "（未定主办单位）", key))
        row["items"] += 1
        sent = replies.get(item.pk, [])
        if sent:
            row["replied"] += 1
            if sent[0].on_time:
                row["replied_on_time"] += 1
            last = sent[-1]
            row["classes"][last.result_class] += 1
            if last.rating:
                row["rated"] += 1
                row["satisfied"] += last.rating in _SATISFIED
                row["unsatisfied"] += last.rating == Rating.UNSATISFIED
            row["reopened"] += any(r.rating == Rating.UNSATISFIED for r in sent)
        if item.state in (Item.State.HANDLING, Item.State.REOPENED, Item.State.REVIEW) and item.deadline \
                and item.deadline < today:
            row["overdue"] += 1
    return [_rates(r) for r in sorted(rows.values(), key=lambda r: r["unit"])]


def overall(rows: list[dict]) -> dict:
    total = _empty("合计", None)
    for r in rows:
        for k in ("items", "replied", "replied_on_time", "rated", "satisfied", "unsatisfied", "reopened", "overdue"):
            total[k] += r[k]
        for c in "ABC":
            total["classes"][c] += r["classes"][c]
    total = _rates(total)
    replied = sum(total["classes"].values())
    total["class_shares"] = {c: (round(100.0 * n / replied, 1) if replied else None) for c, n in total["classes"].items()}
    return total


def contract(year: int | None = None) -> dict:
    """``{"year", "total", "units": [{"unit", "items", "replied_on_time", "satisfied", "classes", "overdue"}]}``."""
    year = year or default_year()
    rows = unit_stats(year)
    keys = ("unit", "items", "replied_on_time", "satisfied", "classes", "overdue")
    return {"year": year, "total": sum(r["items"] for r in rows), "units": [{k: r[k] for k in keys} for r in rows]}


def overdue_items(year: int | None = None, *, today: dt.date | None = None, items=None) -> list[Item]:
    year = year or default_year()
    today = today or clock.today()
    qs = items if items is not None else Item.objects.all()
    return list(qs.filter(year=year, state__in=(Item.State.HANDLING, Item.State.REOPENED, Item.State.REVIEW),
                          deadline__lt=today).select_related("lead").order_by("deadline", "number"))
