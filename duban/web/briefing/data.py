"""What a briefing (督查通报) says, gathered from the ledger for one month.

Statuses are taken as they stood at the end of the period (rebuilt from the
status changes), so a briefing for March written in May still tells March's
story; progress reports are those filed and verified within the month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from duban.web.dashboard.stats import STATUS_ORDER, monthly_trend
from duban.web.ledger import clock
from duban.web.ledger.models import ProgressReport, Status, StatusChange, Task, Verification

__all__ = ["BriefingData", "WarningItem", "PeriodError", "parse_period", "gather"]

STATUS_LABELS = dict(Status.choices)
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class PeriodError(ValueError):
    """A period the user typed cannot be used; the message is for the user."""


def parse_period(period: str, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """First and last day of ``YYYY-MM``; refuses months that have not begun."""
    m = _PERIOD.match(period or "")
    if not m:
        raise PeriodError(f"期间“{period}”格式应为 YYYY-MM（例如 2023-06）")
    first = dt.date(int(m.group(1)), int(m.group(2)), 1)
    today = today or clock.today()
    if first > today:
        raise PeriodError(f"期间 {period} 还没有开始")
    nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


@dataclass
class WarningItem:
    task_id: int
    title: str
    department: str
    deadline: dt.date
    reason: str
    progress: float


@dataclass
class BriefingData:
    period: str
    title: str
    generated_at: dt.datetime
    total: int
    counts: dict[str, int]
    completion: float
    progress: float
    filed: int
    verified: int
    returned: int
    red: OrderedDict[str, list[WarningItem]] = field(default_factory=OrderedDict)
    yellow: OrderedDict[str, list[WarningItem]] = field(default_factory=OrderedDict)
    departments: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    trend: dict = field(default_factory=dict)
    # December only: the year's assessment (duban.web.assessment), or a note why there is none.
    assessment: list[dict] = field(default_factory=list)
    assessment_note: str = ""
    assessment_version: str = ""
    suggestions: object = None  # duban.web.suggestions.briefing.Section, when the year has items

    @property
    def numbers(self) -> dict[str, str]:
        """The Chinese numerals of the optional sections and of 下一步工作, in their order."""
        shown = [("assessment", bool(self.assessment or self.assessment_note)), ("suggestions", self.suggestions is not None)]
        order = [k for k, on in shown if on] + ["next"]
        return {k: "四五六七"[i] for i, k in enumerate(order)}

    @property
    def count_list(self) -> list[tuple[str, str, int]]:
        return [(s, STATUS_LABELS[s], self.counts.get(s, 0)) for s in STATUS_ORDER]

    @property
    def red_count(self) -> int:
        return sum(len(v) for v in self.red.values())

    @property
    def yellow_count(self) -> int:
        return sum(len(v) for v in self.yellow.values())


def _state_at(task_ids, cutoff: dt.datetime) -> dict[int, tuple[str, str]]:
    """(status, reason) of each task at ``cutoff``; tasks with no change yet are normal."""
    out = {tid: ("normal", "") for tid in task_ids}
    for tid, new, reason in (
        StatusChange.objects.filter(task_id__in=task_ids, at__lt=cutoff).order_by("at", "id").values_list("task_id", "new", "reason")
    ):
        out[tid] = (new, reason)
    return out


def gather(tasks, period: str, *, title: str = "督查通报", today: dt.date | None = None, progress=None) -> BriefingData:
    """Collect the briefing for ``period`` over ``tasks`` (a queryset the caller may see).

    ``progress(percent, message)`` is called as the work advances, for the job page.
    """
    report = progress or (lambda pct, msg: None)
    first, last = parse_period(period, today)
    tz = timezone.get_current_timezone()
    cutoff = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    now = clock.now()
    current = cutoff > now  # the running month: stored statuses are the truth
    active = tasks.filter(review=Task.Review.ACTIVE).select_related("lead_department", "report")
    active = active.filter(report__confirmed_at__lt=cutoff) if not current else active
    rows = list(active.order_by("lead_department__name", "deadline", "id"))
    report(20, "读取任务")
    if current:
        states = {t.pk: (t.status, t.status_reason) for t in rows}
    else:
        states = _state_at([t.pk for t in rows], cutoff)
    report(40, "计算状态")
    counts = Counter(s for s, _ in states.values())
    red: OrderedDict[str, list[WarningItem]] = OrderedDict()
    yellow: OrderedDict[str, list[WarningItem]] = OrderedDict()
    per_dept: dict[str, Counter] = defaultdict(Counter)
    for t in rows:
        status, reason = states[t.pk]
        dept = t.lead_department.name if t.lead_department_id else "未分派"
        per_dept[dept][status] += 1
        if status in ("red", "yellow"):
            item = WarningItem(t.pk, t.title, dept, t.deadline, reason, t.progress)
            (red if status == "red" else yellow).setdefault(dept, []).append(item)
    ids = [t.pk for t in rows]
    filed = ProgressReport.objects.filter(task_id__in=ids, filed_at__gte=start, filed_at__lt=cutoff).count()
    decisions = Counter(
        Verification.objects.filter(report__task_id__in=ids, at__gte=start, at__lt=cutoff).values_list("decision", flat=True)
    )
    report(55, "统计进度报告")
    total = len(rows)
    departments = sorted(per_dept.items(), key=lambda kv: (-kv[1]["red"], -kv[1]["yellow"], kv[0]))
    trend = monthly_trend(active, months=6, today=last)
    ranking, note, version = _assessment(first) if first.month == 12 else ([], "", "")
    return BriefingData(
        period=period,
        title=title,
        generated_at=timezone.localtime(now),
        total=total,
        counts=dict(counts),
        completion=round(100.0 * counts.get("done", 0) / total, 1) if total else 0.0,
        progress=round(sum(t.progress for t in rows) / total, 1) if total else 0.0,
        filed=filed,
        verified=decisions.get("accept", 0),
        returned=decisions.get("return", 0),
        red=red,
        yellow=yellow,
        departments=[(name, dict(c)) for name, c in departments],
        trend=trend,
        assessment=ranking,
        assessment_note=note,
        assessment_version=version,
        suggestions=_suggestions(last),
    )


def _assessment(first: dt.date) -> tuple[list[dict], str, str]:
    """The December briefing's section: the year's ranking (rank, department, total, the
    component scores); empty with a note when the assessment is not installed or cannot run."""
    from django.apps import apps

    if not apps.is_installed("duban.web.assessment"):
        return [], "", ""
    from duban.web.assessment.facts import YearNotStarted
    from duban.web.assessment.rubric import RubricError
    from duban.web.assessment.scoring import assess

    try:
        a = assess(first.year)
    except (RubricError, YearNotStarted) as exc:
        return [], f"年度考核暂不能计算：{exc}", ""
    rows = [{"rank": d.rank, "department": d.department.name, "score": d.score,
             "components": "；".join(f"{c.label} {c.score:g}" for c in d.components)} for d in a.departments]
    return rows, "" if rows else "本年度没有牵头任务的单位。", a.rubric.version


def _suggestions(last: dt.date):
    """The 建议提案办理 section, when that app is installed."""
    from django.apps import apps

    if not apps.is_installed("duban.web.suggestions"):
        return None
    from duban.web.suggestions.briefing import section

    return section(last)


def deliver(raw: bytes, out=None) -> bytes:
    """Write a built briefing to ``out`` (a path or a binary file object) when given; return it."""
    if out is not None:
        if hasattr(out, "write"):
            out.write(raw)
        else:
            with open(out, "wb") as fh:
                fh.write(raw)
    return raw
