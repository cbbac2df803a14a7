"""Signals other apps listen to; the ledger does not know who listens (webhooks do).

``ledger_event`` is sent inside the transaction of the change, with keyword arguments
``event`` (one of :data:`EVENTS`), ``task``, ``progress`` (or None), ``actor`` (or None)
and ``data`` (a small JSON-able dict). A listener that writes rows writes them in the same
transaction, so a change that rolls back leaves nothing behind.
"""

from __future__ import annotations

from django.dispatch import Signal

__all__ = ["ledger_event", "EVENTS", "emit"]

EVENTS = {
    "task.status_changed": "任务状态变化",
    "progress.filed": "进度已报送",
    "progress.verified": "进度已核实",
    "progress.returned": "进度被退回",
    "reminder.due": "提醒：临期、逾期或本期未报送",
}

ledger_event = Signal()


def emit(event: str, task, *, progress=None, actor=None, **data) -> None:
    assert event in EVENTS, event
    ledger_event.send(sender=type(task), event=event, task=task, progress=progress,
                      actor=actor if getattr(actor, "is_authenticated", False) else None, data=data)
