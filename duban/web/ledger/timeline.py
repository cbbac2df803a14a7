"""A task's timeline: field changes (simple-history), reports, verifications and status flips.

A fixed number of queries whatever the length of the history: the history records, their
co-operating departments and the department names are read once each and compared here
(simple-history's ``diff_against`` would query twice per record).

Nothing raw reaches the page: fields, review states, yes/no, report types and decisions are
shown by their labels, in the page's language.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duban.web.ledger.models import Department, ProgressReport, StatusChange, Task, Verification

_FIELDS = {"title": gettext_lazy("标题"), "text": gettext_lazy("原文"), "lead_department": gettext_lazy("牵头单位"),
           "deadline": gettext_lazy("完成时限"), "published": gettext_lazy("公开"), "review": gettext_lazy("审核状态"),
           "start_date": gettext_lazy("起始日期"), "cooperating": gettext_lazy("配合单位")}
# Fields whose stored value is a code: shown by its label.
_CHOICES = {"review": dict(Task.Review.choices)}
# The configured report types' names (settings.LEDGER_REPORT_TYPES), for the catalogue.
_REPORT_TYPES = (gettext_lazy("常规进展"), gettext_lazy("问题反映"), gettext_lazy("逾期说明"))
_COMPARED = [f for f in _FIELDS if f not in ("cooperating", "lead_department")]


@dataclass
class Entry:
    at: datetime
    who: str
    what: str
    detail: str = ""


def _who(user) -> str:
    if user is None:
        return _("系统")
    return user.get_full_name() or user.get_username()


def _value(field: str, value) -> str:
    """A stored value as the page shows it: a code by its label, yes/no, a date as YYYY-MM-DD."""
    if value in (None, ""):
        return _("无")
    if field in _CHOICES:
        return str(_CHOICES[field].get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, date):
        return value.isoformat()
    return _short(value)


def _field_changes(records: list, cooperating: dict[int, list[int]], names: dict[int, str]) -> list[Entry]:
    entries: list[Entry] = []
    prev = None
    for rec in records:
        if prev is None:
            entries.append(Entry(rec.history_date, _who(rec.history_user), _("创建条目")))
            prev = rec
            continue
        parts = []
        for name in _FIELDS:
            if name == "cooperating":
                old, new = sorted(cooperating.get(prev.history_id, [])), sorted(cooperating.get(rec.history_id, []))
                if old != new:
                    parts.append(_("%(field)s：%(old)s 个 → %(new)s 个") % {"field": _FIELDS[name], "old": len(old),
                                                                             "new": len(new)})
                continue
            if name == "lead_department":
                old, new = prev.lead_department_id, rec.lead_department_id
                if old != new:
                    parts.append(_("%(field)s：%(old)s → %(new)s") % {"field": _FIELDS[name], "old": _value(name, names.get(old)),
                                                                       "new": _value(name, names.get(new))})
                continue
            old, new = getattr(prev, name), getattr(rec, name)
            if old != new:
                parts.append(_("%(field)s：%(old)s → %(new)s") % {"field": _FIELDS[name], "old": _value(name, old),
                                                                   "new": _value(name, new)})
        if parts:
            entries.append(Entry(rec.history_date, _who(rec.history_user), _("修改任务"), "；".join(parts)))
        prev = rec
    return entries


def task_timeline(task: Task, limit: int = 200, *, reports=None) -> list[Entry]:
    """``reports``: the task's progress reports with department, filer and type, when the
    caller already has them (the task page does)."""
    history = task.history.model
    records = list(task.history.select_related("history_user").only(
        "history_id", "history_date", "history_user", "lead_department_id", *_COMPARED,
    ).order_by("history_date", "history_id"))
    cooperating: dict[int, list[int]] = defaultdict(list)
    # simple-history keeps the co-operating departments of each record in its own m2m history model
    through = next(r.related_model for r in history._meta.related_objects if r.name.endswith("cooperating"))
    for history_id, dept_id in through.objects.filter(history__id=task.pk).values_list("history_id", "department_id"):
        cooperating[history_id].append(dept_id)
    leads = [r.lead_department_id for r in records]
    changed = {d for a, b in zip(leads, leads[1:], strict=False) if a != b for d in (a, b) if d}
    names = dict(Department.objects.filter(pk__in=changed).values_list("pk", "name")) if changed else {}
    entries = _field_changes(records, cooperating, names)
    if reports is None:
        reports = ProgressReport.objects.filter(task=task).select_related("department", "filed_by", "report_type")
    for p in reports:
        entries.append(Entry(p.filed_at, _who(p.filed_by),
                             _("%(department)s 报送 %(period)s 进度报告（%(type)s）") % {
                                 "department": p.department, "period": p.period, "type": _(p.report_type.name)}))
    for v in Verification.objects.filter(report__task=task).select_related("by", "report"):
        what = _("核实通过（%(period)s）") if v.decision == "accept" else _("退回进度报告（%(period)s）")
        entries.append(Entry(v.at, _who(v.by), what % {"period": v.report.period}, v.reason))
    for s in StatusChange.objects.filter(task=task).select_related("by"):
        entries.append(Entry(s.at, _who(s.by), _("状态：%(old)s → %(new)s") % {"old": s.get_old_display(),
                                                                               "new": s.get_new_display()}, s.reason))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def _short(value) -> str:
    text = _("无") if value in (None, "") else str(value)
    return text if len(text) <= 40 else text[:39] + "…"
