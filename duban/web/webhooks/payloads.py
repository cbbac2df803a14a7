"""What a delivery says, for each receiver format.

- ``json``: the event as data, for systems that act on it
  (``{"event", "occurred_at", "task": {...}, "progress": {...} | null, "data": {...}}``);
- ``wecom`` and ``dingtalk``: a markdown message for a group robot, for people to read.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from duban.web.ledger.signals import EVENTS

__all__ = ["event_data", "render"]


def _link(path: str) -> str:
    base = getattr(settings, "DUBAN_BASE_URL", "").rstrip("/")
    return f"{base}{path}"


def event_data(event: str, task, progress=None, actor=None, data: dict | None = None) -> dict:
    """The generic JSON payload of one event."""
    out = {
        "event": event,
        "event_label": EVENTS[event],
        "occurred_at": timezone.now().isoformat(),
        "actor": actor.get_username() if actor is not None else None,
        "task": {
            "id": task.pk,
            "title": task.title,
            "status": task.status,
            "status_label": str(task.get_status_display()),
            "progress": task.progress,
            "lead_department": task.lead_department.name if task.lead_department_id else None,
            "deadline": task.deadline.isoformat() if task.deadline else None,
            "url": _link(reverse("ledger:task_detail", args=[task.pk])),
        },
        "progress": None,
        "data": data or {},
    }
    if progress is not None:
        out["progress"] = {
            "id": progress.pk,
            "period": progress.period,
            "department": progress.department.name,
            "state": progress.state,
            "narrative": progress.narrative[:500],
            "url": _link(reverse("ledger:progress_detail", args=[progress.pk])),
        }
    return out


def _markdown(payload: dict) -> tuple[str, str]:
    task, progress, data = payload["task"], payload["progress"], payload["data"]
    title = f"督办 · {payload['event_label']}"
    lines = [f"**{title}**", f"> 任务：{task['title']}"]
    if task["lead_department"]:
        lines.append(f"> 牵头单位：{task['lead_department']}")
    if payload["event"] == "task.status_changed":
        lines.append(f"> 状态：{task['status_label']}（{data.get('reason', '')}）")
    if progress:
        lines.append(f"> 报告期：{progress['period']} · {progress['department']}")
    if data.get("reason") and payload["event"] == "progress.returned":
        lines.append(f"> 退回理由：{data['reason'][:200]}")
    if data.get("message"):
        lines.append(f"> {data['message']}")
    url = (progress or task)["url"]
    if url.startswith("http"):
        lines.append(f"[查看详情]({url})")
    return title, "\n".join(lines)


def render(payload: dict, fmt: str) -> str:
    """The request body for an endpoint of format ``fmt``."""
    if fmt == "wecom":
        _title, text = _markdown(payload)
        body = {"msgtype": "markdown", "markdown": {"content": text}}
    elif fmt == "dingtalk":
        title, text = _markdown(payload)
        body = {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    else:
        body = payload
    return json.dumps(body, ensure_ascii=False, sort_keys=True)
