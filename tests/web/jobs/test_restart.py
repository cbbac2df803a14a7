"""The queue survives restarts: a briefing requested while the server restarts is built afterwards.

Real processes, as deployed: ``duban serve`` (gunicorn) and ``duban worker``, on a SQLite file
(or, in the PostgreSQL run of the suite, a database of its own on that server).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.web.ledger.httpclient import Browser

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = {"DEBUG": "0", "SECRET_KEY": "test-only-secret-key-for-the-restart-test-0123456789abcdefghijklm",
            "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0",
            "SECURE_COOKIES": "0", "AXES_ENABLED": "0"}


@pytest.fixture
def deployment(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "TASKS_BACKEND")}
    env.update(SETTINGS, DUBAN_VAR_DIR=str(tmp_path))
    pg = os.environ.get("DATABASE_URL", "")
    name = f"duban_restart_{os.getpid()}"
    if pg.startswith("postgres"):
        import psycopg

        with psycopg.connect(pg, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = pg.rsplit("/", 1)[0] + "/" + name
    create = ("from django.contrib.auth.models import User; from duban.web.accounts.roles import set_role; "
              "u = User.objects.create_user('office', password='restart-test-password-1'); set_role(u, 'office')")
    for args in (["manage", "migrate", "--verbosity", "0"], ["manage", "shell", "-c", create]):
        proc = subprocess.run([sys.executable, "-m", "duban", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
    yield env, tmp_path
    if pg.startswith("postgres"):
        import psycopg

        with psycopg.connect(pg, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "duban", *args], cwd=ROOT, env=env, stdout=log.open("ab"),
                            stderr=subprocess.STDOUT)


def _serve(env: dict, port: int, log: Path) -> subprocess.Popen:
    server = _start(["serve", "--no-migrate", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
                     "--threads", "2"], env, log)
    deadline = time.monotonic() + 120
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                return server
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.3)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(60)


def test_a_briefing_requested_before_a_restart_is_built_after_it(deployment):
    env, var = deployment
    log = var / "processes.log"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = _serve(env, port, log)
    try:
        office = Browser(f"http://127.0.0.1:{port}")
        office.login("office", "restart-test-password-1")
        period = time.strftime("%Y-%m")
        page = office.post("/briefing/new/", {"period": period, "fmt": "docx"})
        assert page.status == 200 and "/briefing/" in page.url, page.text[:500]
        status_url = page.url.rstrip("/") + "/status.json"
        assert json.loads(office.get(status_url).body)["state"] == "queued"  # no worker yet: it waits in the queue
    finally:
        _stop(server)  # the restart: nothing of the job lives in the server process

    server = _serve(env, port, log)
    worker = _start(["worker", "--interval", "0.2"], env, log)
    try:
        deadline = time.monotonic() + 180
        status = json.loads(office.get(status_url).body)  # the session survived the restart too
        while status["state"] not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.5)
            status = json.loads(office.get(status_url).body)
        assert status["state"] == "done", (status, log.read_text()[-3000:])
        download = office.get(status["download"])
        assert download.status == 200 and download.body[:2] == b"PK"  # a .docx
    finally:
        _stop(worker)
        _stop(server)
