"""A task's timeline: field changes (simple-history), reports, verifications and status flips.

A fixed number of queries whatever the length of the history: the history records, their
co-operating departments and the department names are read once each and compared here
(simple-history's ``diff_against`` would query twice per record).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from duban.web.ledger.models import Department, ProgressReport, StatusChange, Task, Verification

_FIELDS = {"title": "标题", "text": "原文", "lead_department": "牵头单位", "deadline": "完成时限", "published": "公开",
           "review": "审核状态", "start_date": "起始日期", "cooperating": "配合单位"}
_COMPARED = [f for f in _FIELDS if f not in ("cooperating", "lead_department")]


@dataclass
class Entry:
    at: datetime
    who: str
    what: str
    detail: str = ""


def _who(user) -> str:
    return user.get_username() if user is not None else "系统"


def _field_changes(records: list, cooperating: dict[int, list[int]], names: dict[int, str]) -> list[Entry]:
    entries: list[Entry] = []
    prev = None
    for rec in records:
        if prev is None:
            entries.append(Entry(rec.history_date, _who(rec.history_user), "创建条目"))
            prev = rec
            continue
        parts = []
        for name in _FIELDS:
            if name == "cooperating":
                old, new = sorted(cooperating.get(prev.history_id, [])), sorted(cooperating.get(rec.history_id, []))
                if old != new:
                    parts.append(f"{_FIELDS[name]}：{len(old)} 个 → {len(new)} 个")
                continue
            if name == "lead_department":
                old, new = prev.lead_department_id, rec.lead_department_id
                if old != new:
                    parts.append(f"{_FIELDS[name]}：{_short(names.get(old, '无'))} → {_short(names.get(new, '无'))}")
                continue
            old, new = getattr(prev, name), getattr(rec, name)
            if old != new:
                parts.append(f"{_FIELDS[name]}：{_short(old)} → {_short(new)}")
        if parts:
            entries.append(Entry(rec.history_date, _who(rec.history_user), "修改任务", "；".join(parts)))
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
                             f"{p.department} 报送 {p.period} 进度报告（{p.report_type.name}）"))
    for v in Verification.objects.filter(report__task=task).select_related("by", "report"):
        what = "核实通过" if v.decision == "accept" else "退回进度报告"
        entries.append(Entry(v.at, _who(v.by), f"{what}（{v.report.period}）", v.reason))
    for s in StatusChange.objects.filter(task=task).select_related("by"):
        entries.append(Entry(s.at, _who(s.by), f"状态：{s.get_old_display()} → {s.get_new_display()}", s.reason))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def _short(value) -> str:
    text = "无" if value in (None, "") else str(value)
    return text if len(text) <= 40 else text[:39] + "…"
