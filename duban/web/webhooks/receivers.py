"""The ledger's events become deliveries (see :mod:`duban.web.ledger.signals`)."""

from __future__ import annotations

from .delivery import queue


def on_ledger_event(sender, *, event, task, progress=None, actor=None, data=None, **kwargs) -> None:
    queue(event, task, progress=progress, actor=actor, data=data)
