"""Signatures: receivers check that a delivery comes from this ledger and is fresh.

Every request carries ``X-Duban-Timestamp`` (Unix seconds) and ``X-Duban-Signature:
sha256=<hex>``, the HMAC-SHA256 of ``"<timestamp>.<body>"`` under the endpoint's secret.
A receiver recomputes it with :func:`verify` (or three lines of its own) and refuses
timestamps older than a few minutes, which stops replays by a third party.

DingTalk robots check their own signature instead ("加签"): the URL gets ``timestamp`` and
``sign`` (base64 HMAC-SHA256 of ``"<timestamp ms>\\n<secret>"``), see :func:`dingtalk_url`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import urllib.parse

__all__ = ["signature", "verify", "dingtalk_url"]


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, header: str, *, tolerance: int = 300, now: float | None = None) -> bool:
    """True when ``header`` signs ``body`` at ``timestamp`` and the timestamp is recent."""
    try:
        ts = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((now or time.time()) - ts) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, ts, body), header or "")


def dingtalk_url(url: str, secret: str, now_ms: int | None = None) -> str:
    ts = now_ms or int(time.time() * 1000)
    mac = hmac.new(secret.encode("utf-8"), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(mac))
    return f"{url}{'&' if '?' in url else '?'}timestamp={ts}&sign={sign}"
