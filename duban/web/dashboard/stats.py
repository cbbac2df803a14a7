"""Figures for the dashboard and the briefing, computed from a queryset of tasks.

Every function takes the tasks the viewer may see (already scoped to a
department for reporters), so the dashboard never counts what the table behind
a figure would not show.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q

from duban.web.ledger import clock
from duban.web.ledger.models import Section, StatusChange, Task

from .labels import status_label

__all__ = [
    "STATUS_ORDER",
    "Overview",
    "Breakdown",
    "overview",
    "by_department",
    "by_chapter",
    "warning_list",
    "monthly_trend",
    "chapter_of",
    "section_name",
]

# Display order: worst first for lists, as offices read a warning board.
STATUS_ORDER = ("red", "yellow", "blue", "normal", "done")


@dataclass
class Overview:
    total: int
    counts: dict[str, int]
    completion: float  # share of tasks done, percent
    progress: float  # mean verified progress, percent

    @property
    def count_list(self) -> list[tuple[str, str, int]]:
        return [(s, status_label(s), self.counts.get(s, 0)) for s in STATUS_ORDER]


@dataclass
class Breakdown:
    key: int | None
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    progress: float = 0.0

    @property
    def count_list(self) -> list[tuple[str, int]]:
        return [(s, self.counts.get(s, 0)) for s in STATUS_ORDER]

    @property
    def completion(self) -> float:
        return round(100.0 * self.counts.get("done", 0) / self.total, 1) if self.total else 0.0


def active(tasks):
    return tasks.filter(review=Task.Review.ACTIVE)


def overview(tasks) -> Overview:
    tasks = active(tasks)
    counts = dict(tasks.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    total = sum(counts.values())
    avg = tasks.aggregate(p=Avg("progress"))["p"] or 0.0
    done = counts.get("done", 0)
    return Overview(total, counts, round(100.0 * done / total, 1) if total else 0.0, round(avg, 1))


def _status_columns():
    return {f"n_{s}": Count("id", filter=Q(status=s)) for s in STATUS_ORDER}


def by_department(tasks) -> list[Breakdown]:
    """Tasks per lead department, worst (most red, then yellow) first."""
    rows = (
        active(tasks)
        .values("lead_department", "lead_department__name")
        .annotate(total=Count("id"), progress=Avg("progress"), **_status_columns())
    )
    out = [
        Breakdown(
            r["lead_department"],
            r["lead_department__name"] or "未分派",
            {s: r[f"n_{s}"] for s in STATUS_ORDER},
            r["total"],
            round(r["progress"] or 0.0, 1),
        )
        for r in rows
    ]
    out.sort(key=lambda b: (-b.counts["red"], -b.counts["yellow"], b.name))
    return out


def chapter_of(sections: dict[int, Section], section_id: int | None) -> Section | None:
    """The top-level section (chapter) above ``section_id``."""
    sec = sections.get(section_id)
    seen = 0
    while sec is not None and sec.parent_id and seen < 20:
        parent = sections.get(sec.parent_id)
        if parent is None:
            break
        sec, seen = parent, seen + 1
    return sec


def section_name(section: Section) -> str:
    """一、标题 / (五)标题 as printed; 附件1 gets a space before its title ("附件1 2023年…")."""
    number = (section.number or "").strip()
    sep = " " if number[-1:].isalnum() else ""
    return f"{number}{sep}{section.title}".strip()


def by_chapter(tasks) -> list[Breakdown]:
    """Tasks per chapter (top-level section) in report order; list items by their list."""
    tasks = active(tasks)
    rows = tasks.values("section", "report", "list_name").annotate(
        total=Count("id"), progress_sum=Avg("progress"), **_status_columns()
    )
    report_ids = {r["report"] for r in rows}
    sections = {s.id: s for s in Section.objects.filter(report__in=report_ids).only("id", "parent", "title", "number", "start", "report")}
    merged: dict[tuple, Breakdown] = {}
    order: dict[tuple, tuple] = {}
    for r in rows:
        chapter = chapter_of(sections, r["section"])
        if chapter is not None:
            key = ("s", chapter.id)
            name = section_name(chapter)
            order[key] = (0, chapter.report_id, chapter.start)
            ident = chapter.id
        elif r["list_name"]:
            key = ("l", r["list_name"])
            name = r["list_name"]
            order[key] = (1, 0, name)
            ident = None
        else:
            key = ("n", None)
            name = "其他"
            order[key] = (2, 0, 0)
            ident = None
        b = merged.setdefault(key, Breakdown(ident, name, Counter()))
        prev_total = b.total
        b.total += r["total"]
        b.progress = ((b.progress * prev_total) + (r["progress_sum"] or 0.0) * r["total"]) / b.total
        for s in STATUS_ORDER:
            b.counts[s] += r[f"n_{s}"]
    out = []
    for key in sorted(merged, key=lambda k: order[k]):
        b = merged[key]
        b.counts = dict(b.counts)
        b.progress = round(b.progress, 1)
        if key[0] == "l":
            b.key = None
            b.name = key[1]
        out.append(b)
    return out


def warning_list(tasks, status: str, limit: int | None = None):
    qs = (
        active(tasks)
        .filter(status=status)
        .select_related("lead_department")
        .order_by("lead_department__name", "deadline", "id")
    )
    return list(qs[:limit] if limit else qs)


def _month_ends(last: dt.date, months: int) -> list[tuple[str, dt.datetime]]:
    from django.utils import timezone

    out = []
    y, m = last.year, last.month
    for _ in range(months):
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        end = timezone.make_aware(dt.datetime(ny, nm, 1))
        out.append((f"{y:04d}-{m:02d}", end))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return list(reversed(out))


def monthly_trend(tasks, months: int = 12, today: dt.date | None = None) -> dict:
    """Status counts at the end of each month, rebuilt from the status changes.

    A task counts from the month it entered the ledger; before its first change it is
    "normal" (the state every task starts in).
    """

    today = today or clock.today()
    ends = _month_ends(today, months)
    task_rows = list(active(tasks).values_list("id", "report__confirmed_at", "report__imported_at"))
    ids = [r[0] for r in task_rows]
    born = {tid: (confirmed or imported) for tid, confirmed, imported in task_rows}
    changes = defaultdict(list)
    for tid, new, at in (
        StatusChange.objects.filter(task_id__in=ids).order_by("at", "id").values_list("task_id", "new", "at")
    ):
        changes[tid].append((at, new))
    series = {s: [] for s in STATUS_ORDER}
    for _label, end in ends:
        counts = Counter()
        for tid in ids:
            if born[tid] and born[tid] >= end:
                continue
            state = "normal"
            for at, new in changes.get(tid, ()):
                if at >= end:
                    break
                state = new
            counts[state] += 1
        for s in STATUS_ORDER:
            series[s].append(counts.get(s, 0))
    return {"months": [label for label, _ in ends], "series": series}
