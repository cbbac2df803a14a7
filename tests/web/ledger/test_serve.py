"""``duban serve``: the production server (gunicorn) with WhiteNoise's static files, and its refusals."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "test-only-secret-key-for-the-serve-test-0123456789abcdefghijklmnop",
              "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0",
              "SECURE_COOKIES": "0"}


def _env(var: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")}
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]  # the suite's run on PostgreSQL serves from it too
    return {**env, "DUBAN_VAR_DIR": str(var), **extra}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, **headers) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_settings(tmp_path, missing):
    env = _env(tmp_path, **{k: v for k, v in PRODUCTION.items() if k != missing})
    env.pop("DEBUG")  # `duban serve` is production unless told otherwise
    proc = subprocess.run([sys.executable, "-m", "duban", "serve", "--port", str(_free_port())], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("duban: error:") and missing in lines[0], proc.stderr


def test_serve_runs_gunicorn_with_hashed_compressed_static_files_and_pages(tmp_path):
    port = _free_port()
    env = _env(tmp_path, **PRODUCTION)
    env.pop("DEBUG")
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen([sys.executable, "-m", "duban", "serve", "--port", str(port), "--workers", "1",
                               "--threads", "2"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, headers, body = _get(port, "/healthz")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()[-3000:]
                time.sleep(0.3)
        assert status == 200 and body == b"ok"
        assert "gunicorn" in headers.get("server", "").lower()
        # A page (the login page, public) links the stylesheet under its hashed name.
        status, headers, body = _get(port, "/accounts/login/")
        assert status == 200 and "登录".encode() in body
        css = re.search(rb'href="(/static/duban/duban\.[0-9a-f]{12}\.css)"', body)
        assert css, body[:2000]
        status, headers, raw = _get(port, css.group(1).decode())
        assert status == 200 and headers["content-type"].startswith("text/css")
        assert "immutable" in headers.get("cache-control", "")  # hashed: cached for good
        status, headers, packed = _get(port, css.group(1).decode(), **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("content-encoding") == "gzip" and len(packed) < len(raw)
        # DEBUG is off: an unknown page is the plain 404, not Django's debug page.
        status, _, body = _get(port, "/no-such-page/")
        assert status == 404 and b"URLconf" not in body
    finally:
        server.terminate()
        server.wait(30)
        log.close()
