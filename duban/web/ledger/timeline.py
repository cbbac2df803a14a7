"""A task's timeline: field changes (simple-history), reports, verifications and status flips."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from duban.web.ledger.models import ProgressReport, StatusChange, Task, Verification

_FIELDS = {"title": "标题", "text": "原文", "lead_department": "牵头单位", "deadline": "完成时限", "published": "公开",
           "review": "审核状态", "start_date": "起始日期", "cooperating": "配合单位"}


@dataclass
class Entry:
    at: datetime
    who: str
    what: str
    detail: str = ""


def _who(user) -> str:
    return user.get_username() if user is not None else "系统"


def task_timeline(task: Task, limit: int = 200) -> list[Entry]:
    entries: list[Entry] = []
    records = list(task.history.select_related("history_user").order_by("history_date", "history_id"))
    prev = None
    for rec in records:
        if prev is None:
            entries.append(Entry(rec.history_date, _who(rec.history_user), "创建条目"))
        else:
            delta = rec.diff_against(prev, excluded_fields=["version"])
            parts = []
            for change in delta.changes:
                label = _FIELDS.get(change.field)
                if label is None:
                    continue
                old, new = change.old, change.new
                if change.field == "cooperating":
                    old, new = len(old or []), len(new or [])
                    parts.append(f"{label}：{old} 个 → {new} 个")
                    continue
                if change.field == "lead_department":
                    from duban.web.ledger.models import Department

                    names = dict(Department.objects.filter(pk__in=[v for v in (old, new) if v]).values_list("pk", "name"))
                    old, new = names.get(old, "无"), names.get(new, "无")
                parts.append(f"{label}：{_short(old)} → {_short(new)}")
            if parts:
                entries.append(Entry(rec.history_date, _who(rec.history_user), "修改任务", "；".join(parts)))
        prev = rec
    for p in ProgressReport.objects.filter(task=task).select_related("department", "filed_by", "report_type"):
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
