"""The rubric's components: each turns one department's stored facts into a score of 0–100.

A component is a function ``(ctx, dept_id, params) -> Result | None``; None means the
component does not apply to that department (nothing to judge), and its weight goes to the
others. :data:`REGISTRY` maps the rubric's names to them; a component whose module is not
installed (:func:`available`) is inactive for everyone. Each result carries its inputs (the
numbers the score is computed from) and the rows behind it, with the tasks they concern.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duban.web.assessment.facts import YearFacts, month_due
from duban.web.ledger import status as ledger_status

__all__ = ["Result", "REGISTRY", "LABELS", "available", "fulfilment"]


@dataclass
class Result:
    score: float  # 0–100
    inputs: dict  # the figures the score is computed from (JSON-able)
    summary: str  # one line: how the score came about
    rows: list[dict] = field(default_factory=list)  # what is behind it; "task" holds a Task where there is one


LABELS = {
    "completion": _("目标完成"),
    "timeliness": _("按时报送"),
    "status_time": _("蓝黄红时长"),
    "returns": _("退回与重报"),
    "suggestions": _("建议提案办理"),
    "review_consistency": _("回顾一致性"),
    "adjustments": _("加减分"),
}


@dataclass
class Context:
    """What every component may read: the year's facts and, computed on first use, the
    closing-the-loop pairs, the suggestion statistics and the adjustments."""

    facts: YearFacts
    rubric: object
    _review: object = None
    _suggestions: object = None
    _adjustments: object = None

    def review(self):
        if self._review is None:
            from duban.web.assessment.review_match import check_year

            tol = self.rubric.components.get("review_consistency", {}).get("tolerance", 0.01)
            self._review = check_year(self.facts.year, tolerance=tol)
        return self._review

    def suggestions(self) -> dict:
        if self._suggestions is None:
            self._suggestions = _suggestion_stats(self.facts.year)
        return self._suggestions

    def adjustments(self) -> dict:
        if self._adjustments is None:
            from duban.web.assessment.models import Adjustment

            out: dict = {}
            for a in Adjustment.objects.filter(year=self.facts.year).select_related("by").order_by("at", "id"):
                out.setdefault(a.department_id, []).append(a)
            self._adjustments = out
        return self._adjustments


# --- completion: verified figure against target -------------------------------------------------


def fulfilment(target, got: float | None, cap: float) -> float:
    """0–cap: how far the verified figure goes towards the target. The status rubric's rule
    (ceilings, 清零, 突破) up to 100 %; beyond the target the plain ratio, up to ``cap``."""
    base = ledger_status.target_fulfilment(
        ledger_status.TargetFact(target.value, target.value_max, target.comparator, got))
    goal = target.value if target.value is not None else target.value_max
    if base < 100 or target.comparator == "<=" or not goal or got is None:
        return min(base, cap)
    return min(cap, 100.0 * got / goal)


def completion(ctx: Context, dept: int, params: dict) -> Result | None:
    cap = params.get("cap", 100.0)
    year = ctx.facts.year
    rows = []
    for task in ctx.facts.tasks.get(dept, []):
        if task.deadline.year != year:
            continue  # not due this year: judged in the year it is due
        targets = list(task.targets.all())
        if targets:
            for g in targets:
                got = ctx.facts.figures.get(g.pk)
                rows.append({"task": task, "what": g.quote or g.metric, "target": g.value, "unit": g.unit,
                             "verified": got, "value": fulfilment(g, got, cap)})
            continue
        stages = list(task.milestones.all())
        total = sum(m.weight for m in stages)
        if stages and total:
            done = sum(m.weight for m in stages if m.done_on and m.done_on <= ctx.facts.last_day)
            rows.append({"task": task, "what": gettext("阶段"), "target": total, "unit": "", "verified": done,
                         "value": 100.0 * done / total})
    if not rows:
        return None
    score = min(100.0, sum(r["value"] for r in rows) / len(rows))
    met = sum(1 for r in rows if r["value"] >= 100)
    return Result(score, {"items": len(rows), "met": met, "cap": cap},
                  gettext("{n} 项指标或阶段，{met} 项达标，平均完成 {avg:.1f}%（单项最高计 {cap:g}%）").format(
                      n=len(rows), met=met, avg=score, cap=cap), rows)


# --- timeliness: monthly reports by the due day --------------------------------------------------


def _months_expected(ctx: Context, task) -> list[tuple[str, dt.date]]:
    begin, end = ctx.facts.windows[task.pk]
    done = ctx.facts.done_on.get(task.pk)
    stop = min(end, ctx.facts.today, done - dt.timedelta(days=1) if done else end)
    out = []
    for month in range(begin.month, 13):
        due = month_due(ctx.facts.year, month)
        if begin <= due <= stop:
            out.append((f"{ctx.facts.year}-{month:02d}", due))
    return out


def timeliness(ctx: Context, dept: int, params: dict) -> Result | None:
    late_credit = params.get("late_credit", 0.5)
    rows = []
    for task in ctx.facts.tasks.get(dept, []):
        for period, due in _months_expected(ctx, task):
            filed = ctx.facts.filings.get((task.pk, period))
            day = timezone.localtime(filed).date() if filed else None
            state = "missing" if day is None else ("on_time" if day <= due else "late")
            rows.append({"task": task, "period": period, "due": due, "filed": day, "state": state})
    if not rows:
        return None
    n = Counter(r["state"] for r in rows)
    score = 100.0 * (n["on_time"] + late_credit * n["late"]) / len(rows)
    return Result(score, {"expected": len(rows), "on_time": n["on_time"], "late": n["late"], "missing": n["missing"],
                          "late_credit": late_credit},
                  gettext("应报 {n} 期：按时 {ok} 期，迟报 {late} 期（每期计 {credit:g}），未报 {missing} 期").format(
                      n=len(rows), ok=n["on_time"], late=n["late"], credit=late_credit, missing=n["missing"]), rows)


# --- status_time: days in each status ------------------------------------------------------------


def status_days(ctx: Context, task) -> Counter:
    """Days the task spent in each status within its window (the status of a day is the one
    in force at its end)."""
    begin, end = ctx.facts.windows[task.pk]
    changes = ctx.facts.changes.get(task.pk, [])
    days: Counter = Counter()
    current = "normal"
    i = 0
    while i < len(changes) and changes[i][0] < begin:
        current = changes[i][1]
        i += 1
    day = begin
    while day <= end:
        while i < len(changes) and changes[i][0] <= day:
            current = changes[i][1]
            i += 1
        nxt = changes[i][0] if i < len(changes) else end + dt.timedelta(days=1)
        upto = min(nxt, end + dt.timedelta(days=1))
        days[current] += (upto - day).days
        day = upto
    return days


def status_time(ctx: Context, dept: int, params: dict) -> Result | None:
    points = params["points"]
    total: Counter = Counter()
    rows = []
    for task in ctx.facts.tasks.get(dept, []):
        d = status_days(ctx, task)
        total.update(d)
        rows.append({"task": task, "days": dict(d)})
    n = sum(total.values())
    if not n:
        return None
    score = sum(points[s] * total[s] for s in total) / n
    shares = {s: round(100.0 * total[s] / n, 1) for s in ("normal", "done", "blue", "yellow", "red")}
    return Result(score, {"task_days": n, **{f"days_{s}": total[s] for s in shares}},
                  gettext("共 {n} 任务日：正常 {normal}%、已完成 {done}%、蓝 {blue}%、黄 {yellow}%、红 {red}%").format(n=n, **shares),
                  rows)


# --- returns: verification decisions that were returns ------------------------------------------


def returns(ctx: Context, dept: int, params: dict) -> Result | None:
    decisions = ctx.facts.decisions.get(dept, [])
    if not decisions:
        return None
    returned = [v for v in decisions if v.decision == "return"]
    refiled = {v.report_id for v in returned if v.report.state != "returned"}
    score = 100.0 * (len(decisions) - len(returned)) / len(decisions)
    rows = [{"task": v.report.task, "progress": v.report, "period": v.report.period, "at": v.at, "reason": v.reason,
             "refiled": v.report_id in refiled} for v in returned]
    return Result(score, {"decisions": len(decisions), "returns": len(returned), "refiled": len(refiled)},
                  gettext("核实 {n} 次，退回 {r} 次（其中 {f} 份已重新报送）").format(n=len(decisions), r=len(returned), f=len(refiled)),
                  rows)


# --- suggestions: the suggestions module's statistics, when it is installed ----------------------

SUGGESTIONS_MODULE = "duban.web.suggestions"


def available(name: str) -> bool:
    """Whether a component can run here: the suggestions one needs its module installed."""
    if name != "suggestions":
        return True
    from django.apps import apps

    if not apps.is_installed(SUGGESTIONS_MODULE):
        return False
    try:
        return callable(getattr(importlib.import_module(f"{SUGGESTIONS_MODULE}.stats"), "unit_stats", None))
    except ImportError:
        return False


def _rate(row: dict, rate: str, num: str, den: str) -> float | None:
    """A percentage from the row: its ``rate`` (percent) or ``num``/``den``; None with nothing to divide."""
    if row.get(rate) is not None:
        return float(row[rate])
    if row.get(den):
        return 100.0 * float(row.get(num) or 0) / float(row[den])
    return None


def _suggestion_stats(year: int) -> dict:
    """department id -> that department's row of ``suggestions.stats.unit_stats(year)`` (rows
    carry ``unit_id``, the lead department, and rates in percent)."""
    rows = importlib.import_module(f"{SUGGESTIONS_MODULE}.stats").unit_stats(year)
    if isinstance(rows, dict):
        rows = [dict(r, unit_id=k) for k, r in rows.items()]
    return {r["unit_id"]: r for r in rows if isinstance(r, dict) and r.get("unit_id") is not None}


def suggestions(ctx: Context, dept: int, params: dict) -> Result | None:
    row = ctx.suggestions().get(dept)
    if not row:
        return None
    on_time = _rate(row, "on_time_rate", "replied_on_time", "items")
    satisfied = _rate(row, "satisfaction_rate", "satisfied", "rated")
    parts = [(params.get("on_time", 0.5), on_time), (params.get("satisfaction", 0.5), satisfied)]
    parts = [(w, v) for w, v in parts if v is not None and w > 0]
    if not parts:
        return None
    score = sum(w * v for w, v in parts) / sum(w for w, _v in parts)
    inputs = {k: v for k, v in row.items() if isinstance(v, int | float) and not isinstance(v, bool) and k != "unit_id"}
    return Result(min(100.0, score), inputs, gettext("按时办复率 {a}，满意率 {b}").format(
        a="—" if on_time is None else f"{on_time:.1f}%", b="—" if satisfied is None else f"{satisfied:.1f}%"))


# --- review_consistency: next year's review against the verified figures -------------------------


def review_consistency(ctx: Context, dept: int, params: dict) -> Result | None:
    check = ctx.review()
    if check.next is None:
        return None
    pairs = check.for_department(dept)
    n = Counter(p.verdict for p in pairs)
    compared = n["consistent"] + n["claims_more"] + (n["no_verified"] if params.get("count_no_verified") else 0)
    if not compared:
        return None
    score = 100.0 * n["consistent"] / compared
    rows = [{"task": p.task, "pair": p} for p in pairs if p.verdict != "not_mentioned"]
    return Result(score, {"compared": compared, **{v: n[v] for v in ("consistent", "claims_more", "no_verified", "not_mentioned")},
                          "next_report": check.next.pk},
                  gettext("比对 {c} 项：一致 {ok} 项，报告所述高于核实 {more} 项，无核实数 {none} 项").format(
                      c=compared, ok=n["consistent"], more=n["claims_more"], none=n["no_verified"]), rows)


# --- adjustments: manual bonus and penalty -------------------------------------------------------


def adjustments(ctx: Context, dept: int, params: dict) -> Result | None:
    """50 with no adjustment; each net point moves it by 50/cap, so the component (weight
    2·cap/100) moves the total by exactly one point per point, within ±cap."""
    cap = params.get("cap", 0.0)
    if cap <= 0:
        return None
    items = ctx.adjustments().get(dept, [])
    net = float(sum((a.points for a in items), Decimal(0)))
    capped = max(-cap, min(cap, net))
    rows = [{"adjustment": a, "points": float(a.points), "reason": a.reason, "by": a.by.get_username(), "at": a.at}
            for a in items]
    return Result(50.0 + 50.0 * capped / cap, {"net": net, "counted": capped, "cap": cap, "items": len(items)},
                  gettext("加减分合计 {net:+g}，计入 {counted:+g}（上限 ±{cap:g}）").format(net=net, counted=capped, cap=cap), rows)


REGISTRY = {
    "completion": completion,
    "timeliness": timeliness,
    "status_time": status_time,
    "returns": returns,
    "suggestions": suggestions,
    "review_consistency": review_consistency,
    "adjustments": adjustments,
}
