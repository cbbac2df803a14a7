"""The ledger table's filters and sorting, read from the query string.

Every dashboard figure links here with the filter that reproduces it, so the
figure and the table behind it are computed from the same queryset.

Chapter, report and department filters accept only what the user may see
(:func:`duban.web.ledger.access.filter_choice` over the ``visible_*`` sets): a value that
names something hidden is treated like one that names nothing, and is never echoed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duban.web.ledger import validation
from duban.web.ledger.access import filter_choice, visible_departments, visible_reports, visible_sections
from duban.web.ledger.models import Department, Report, Section

from .labels import status_label
from .stats import STATUS_ORDER

__all__ = ["TaskFilter", "SORTS"]

# Sort keys offered in the table header: key -> (label, order_by fields).
SORTS = {
    "number": (gettext_lazy("序号"), ("report_id", "start", "id")),
    "deadline": (gettext_lazy("完成时限"), ("deadline", "id")),
    "-deadline": (gettext_lazy("完成时限↓"), ("-deadline", "id")),
    "status": (gettext_lazy("状态"), ("status_rank", "deadline", "id")),
    "progress": (gettext_lazy("进度"), ("progress", "id")),
    "-progress": (gettext_lazy("进度↓"), ("-progress", "id")),
    "lead": (gettext_lazy("牵头单位"), ("lead_department__name", "id")),
}


def _date(raw: str | None) -> dt.date | None:
    if not raw:
        return None
    try:
        return validation.date(raw)
    except validation.Invalid:
        return None


@dataclass
class TaskFilter:
    dept: Department | None = None
    unassigned: bool = False  # dept=none: tasks without a lead department
    chapter: Section | None = None
    report: Report | None = None
    status: str = ""
    list_name: str = ""
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    q: str = ""
    sort: str = "number"
    errors: list[tuple[str, str]] = field(default_factory=list)  # (parameter, message)

    @classmethod
    def from_query(cls, params, user) -> TaskFilter:
        """The filters in ``params`` that ``user`` may use; the others are listed in ``errors``."""
        raw_dept = params.get("dept", "")
        try:
            q = validation.search(params.get("q", ""))
        except validation.Invalid as exc:
            q = ""
            bad_q = exc.message
        else:
            bad_q = ""
        f = cls(
            dept=None if raw_dept == "none" else filter_choice(visible_departments(user), raw_dept),
            unassigned=raw_dept == "none",
            chapter=filter_choice(visible_sections(user), params.get("chapter")),
            report=filter_choice(visible_reports(user), params.get("report")),
            status=params.get("status", "") if params.get("status", "") in STATUS_ORDER else "",
            list_name=params.get("list", "")[:120],
            due_from=_date(params.get("due_from")),
            due_to=_date(params.get("due_to")),
            q=q,
            sort=params.get("sort", "number") if params.get("sort") in SORTS else "number",
        )
        for name in ("due_from", "due_to"):
            if params.get(name) and getattr(f, name) is None:
                f.errors.append((name, _("日期“%(value)s”格式应为 YYYY-MM-DD，已忽略") % {"value": params.get(name)[:20]}))
        if params.get("status") and not f.status:
            f.errors.append(("status", _("没有“%(value)s”这种状态，已忽略") % {"value": params.get("status")[:20]}))
        # The same words whether the value names nothing or something the user may not see.
        for name, message, found in (("dept", _("没有这个单位，或您无权查看，已忽略"), f.dept or f.unassigned),
                                     ("chapter", _("没有这个章节，或您无权查看，已忽略"), f.chapter),
                                     ("report", _("没有这个报告，或您无权查看，已忽略"), f.report)):
            if params.get(name) and not found:
                f.errors.append((name, message))
        if bad_q:
            f.errors.append(("q", bad_q))
        return f

    def params(self, **overrides) -> dict[str, str]:
        """The filter as query parameters (only what it uses: a value it ignored is not carried
        into its links), with ``overrides``; empty values are left out."""
        out = {
            "dept": "none" if self.unassigned else str(self.dept.pk) if self.dept else "",
            "chapter": str(self.chapter.pk) if self.chapter else "",
            "report": str(self.report.pk) if self.report else "",
            "status": self.status,
            "list": self.list_name,
            "due_from": self.due_from.isoformat() if self.due_from else "",
            "due_to": self.due_to.isoformat() if self.due_to else "",
            "q": self.q,
            "sort": self.sort if self.sort != "number" else "",
        }
        out.update({k: str(v) for k, v in overrides.items()})
        return {k: v for k, v in out.items() if v}

    def cache_key(self) -> str:
        """What a cached page of this filter depends on: its parameters and its messages."""
        return repr((sorted(self.params().items()), self.errors))

    @property
    def messages(self) -> list[str]:
        return [message for _field, message in self.errors]

    def apply(self, tasks):
        if self.dept:
            tasks = tasks.filter(Q(lead_department_id=self.dept.pk) | Q(cooperating__id=self.dept.pk)).distinct()
        if self.unassigned:
            tasks = tasks.filter(lead_department__isnull=True)
        if self.report:
            tasks = tasks.filter(report_id=self.report.pk)
        if self.chapter:
            tasks = tasks.filter(section_id__in=descendant_ids(self.chapter.pk))
        if self.status:
            tasks = tasks.filter(status=self.status)
        if self.list_name:
            tasks = tasks.filter(list_name=self.list_name)
        if self.due_from:
            tasks = tasks.filter(deadline__gte=self.due_from)
        if self.due_to:
            tasks = tasks.filter(deadline__lte=self.due_to)
        if self.q:
            from duban.web.search.index import search_task_ids

            tasks = tasks.filter(id__in=search_task_ids(self.q))
        rank = Case(*[When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)],
                    output_field=IntegerField())
        return tasks.annotate(status_rank=rank).order_by(*SORTS[self.sort][1])

    def describe(self) -> list[str]:
        """Human-readable active filters for the table heading."""
        out = []
        if self.unassigned:
            out.append(_("单位：未分派"))
        if self.dept:
            out.append(_("单位：%(name)s") % {"name": self.dept.name})
        if self.report:
            out.append(_("报告：%(title)s") % {"title": self.report.title})
        if self.chapter:
            out.append(_("章节：%(title)s") % {"title": f"{self.chapter.number}{self.chapter.title}"})
        if self.status:
            out.append(_("状态：%(status)s") % {"status": status_label(self.status)})
        if self.list_name:
            out.append(_("清单：%(name)s") % {"name": self.list_name})
        if self.due_from:
            out.append(_("时限不早于 %(date)s") % {"date": self.due_from})
        if self.due_to:
            out.append(_("时限不晚于 %(date)s") % {"date": self.due_to})
        if self.q:
            out.append(_("搜索：%(q)s") % {"q": self.q})
        return out


def descendant_ids(section_id: int) -> list[int]:
    """``section_id`` and every section below it (sections of one report are few)."""
    root = Section.objects.filter(pk=section_id).values_list("report_id", flat=True).first()
    if root is None:
        return []
    children: dict[int | None, list[int]] = {}
    for sid, parent in Section.objects.filter(report_id=root).values_list("id", "parent_id"):
        children.setdefault(parent, []).append(sid)
    out, stack = [], [section_id]
    while stack:
        sid = stack.pop()
        out.append(sid)
        stack.extend(children.get(sid, ()))
    return out
