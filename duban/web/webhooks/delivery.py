"""Sending deliveries: one attempt at a time, retried with backoff, every response logged.

``queue(event, ...)`` writes one :class:`Delivery` per subscribed endpoint inside the
ledger change's transaction; after the commit :func:`dispatch` makes the first attempt.
Later attempts are made by :func:`deliver_due` (``duban manage deliver_webhooks``, run
every minute by cron or with ``--watch``). :func:`dispatch` is the one seam a task queue
takes over: it receives delivery ids and nothing else.

``WEBHOOKS_DISPATCH``: ``thread`` (default: a background thread per commit, so a slow
receiver never holds up a page), ``inline`` (in the request, for tests and the CLI) or
``none`` (only ``deliver_webhooks`` sends).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import F
from django.utils import timezone

from .models import Delivery, Endpoint
from .payloads import event_data, render
from .signing import dingtalk_url, signature

__all__ = ["queue", "dispatch", "attempt", "deliver_due", "replay", "RETRY_DELAYS"]

log = logging.getLogger(__name__)

# Seconds to wait after the 1st, 2nd, ... failed attempt; after the last one the delivery failed.
RETRY_DELAYS = (60, 300, 1800, 7200, 43200)
RESPONSE_KEEP = 2000


def queue(event: str, task, *, progress=None, actor=None, data=None) -> list[Delivery]:
    endpoints = [e for e in Endpoint.objects.filter(active=True) if event in (e.events or [])]
    if not endpoints:
        return []
    payload = event_data(event, task, progress, actor, data)
    now = timezone.now()
    made = [Delivery.objects.create(endpoint=e, event=event, body=render(payload, e.format), next_attempt_at=now)
            for e in endpoints]
    ids = [d.pk for d in made]
    transaction.on_commit(lambda: dispatch(ids))
    return made


def dispatch(ids: list[int]) -> None:
    mode = getattr(settings, "WEBHOOKS_DISPATCH", "thread")
    if mode == "none" or not ids:
        return
    if mode == "inline":
        for pk in ids:
            attempt(pk)
        return

    def run():
        try:
            for pk in ids:
                attempt(pk)
        finally:
            close_old_connections()

    threading.Thread(target=run, name="webhook-dispatch", daemon=True).start()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A receiver that redirects is misconfigured; following it would re-send the body elsewhere.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _send(endpoint: Endpoint, body: str) -> tuple[int | None, str, str]:
    """(status, response text, error) of one POST."""
    raw = body.encode("utf-8")
    ts = int(time.time())
    url = dingtalk_url(endpoint.url, endpoint.secret) if endpoint.format == "dingtalk" else endpoint.url
    req = urllib.request.Request(url, data=raw, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "duban-webhooks/1",
        "X-Duban-Timestamp": str(ts),
        "X-Duban-Signature": signature(endpoint.secret, ts, raw),
    })
    timeout = getattr(settings, "WEBHOOKS_TIMEOUT", 5)
    try:
        with _opener.open(req, timeout=timeout) as resp:
            return resp.status, resp.read(RESPONSE_KEEP).decode("utf-8", "replace"), ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(RESPONSE_KEEP).decode("utf-8", "replace"), f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, "", f"{exc.__class__.__name__}: {str(getattr(exc, 'reason', exc))[:200]}"


def _robot_refused(endpoint: Endpoint, text: str) -> str:
    """Group robots answer 200 with ``errcode`` ≠ 0 when they refuse a message (wrong key, signature)."""
    if endpoint.format not in (Endpoint.Format.WECOM, Endpoint.Format.DINGTALK):
        return ""
    try:
        code = json.loads(text).get("errcode", 0)
    except (ValueError, AttributeError):
        return ""
    return f"机器人拒收：errcode {code}" if code else ""


def attempt(pk: int, now: dt.datetime | None = None) -> Delivery | None:
    """Make the next attempt of delivery ``pk`` if it is pending; returns it updated."""
    now = now or timezone.now()
    d = Delivery.objects.select_related("endpoint").filter(pk=pk, state=Delivery.State.PENDING).first()
    if d is None:
        return None
    # Claim the attempt: of two workers that read the same row, one updates it, the other skips.
    claimed = Delivery.objects.filter(pk=pk, state=Delivery.State.PENDING, attempts=d.attempts).update(
        attempts=F("attempts") + 1, last_attempt_at=now)
    if not claimed:
        return None
    d.attempts += 1
    status, text, error = _send(d.endpoint, d.body)
    ok = status is not None and 200 <= status < 300
    if ok:
        error = _robot_refused(d.endpoint, text)
        ok = not error
    d.response_status, d.response_body, d.error, d.last_attempt_at = status, text, error[:300], now
    if ok:
        d.state, d.next_attempt_at = Delivery.State.DELIVERED, None
    elif d.attempts > len(RETRY_DELAYS):
        d.state, d.next_attempt_at = Delivery.State.FAILED, None
        log.warning("webhook delivery %s to %s failed after %s attempts: %s", d.pk, d.endpoint.url, d.attempts, error)
    else:
        d.next_attempt_at = now + dt.timedelta(seconds=RETRY_DELAYS[d.attempts - 1])
    d.save(update_fields=["state", "next_attempt_at", "last_attempt_at", "response_status", "response_body", "error"])
    return d


def deliver_due(now: dt.datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Attempt every pending delivery whose time has come; returns counts by resulting state."""
    now = now or timezone.now()
    due = list(Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lte=now)
               .order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit])
    counts = {"delivered": 0, "pending": 0, "failed": 0}
    for pk in due:
        d = attempt(pk, now)
        if d is not None:
            counts[d.state] += 1
    return counts


def replay(delivery: Delivery) -> Delivery:
    """Send a delivery's body again, as a new delivery (the original keeps its log)."""
    copy = Delivery.objects.create(endpoint=delivery.endpoint, event=delivery.event, body=delivery.body,
                                   replay_of=delivery, next_attempt_at=timezone.now())
    transaction.on_commit(lambda: dispatch([copy.pk]))
    return copy
