"""Security: CSRF, CSP, login throttling, sessions, evidence limits and private serving, deploy check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from duban.web.ledger.evidence import EvidenceError, attach, check_file
from duban.web.ledger.models import Evidence
from duban.web.ledger.workflow import file_progress, report_types

from .conftest import client_for

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_every_page_sends_a_content_security_policy(ledger):
    r = client_for(ledger.people.office).get("/tasks/")
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r["X-Frame-Options"] == "DENY" and r["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_forms_refuse_a_post_without_csrf_token(ledger):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ledger.people.office)
    r = client.post(f"/tasks/{ledger.t1.pk}/edit", {"version": ledger.t1.version, "title": "x", "deadline": "2023-12-31"})
    assert r.status_code == 403
    page = client.get(f"/tasks/{ledger.t1.pk}/edit").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account(people, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        r = client.post("/accounts/login/", {"username": "office", "password": "wrong-password"})
    assert r.status_code == 429
    r = client.post("/accounts/login/", {"username": "office", "password": "correct-horse-battery"})
    assert r.status_code == 429 and "锁定" in r.content.decode()


@pytest.mark.django_db
def test_a_correct_login_works(people):
    client = Client()
    r = client.post("/accounts/login/", {"username": "leader", "password": "correct-horse-battery"})
    assert r.status_code == 302
    assert client.get("/tasks/").status_code == 200


def test_sessions_time_out_and_cookies_are_http_only(settings):
    # Renewed on use (at most every SESSION_RENEW_SECONDS: duban.web.accounts.sessions), not on every request.
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.SESSION_RENEW_SECONDS <= settings.SESSION_COOKIE_AGE // 4
    assert "duban.web.accounts.sessions.IdleTimeoutMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "不接受"),
        ("photo.png", b"GIF89a....", "不符"),
        ("report.pdf", b"", "为空"),
        ("notes.txt", "说明".encode("gb18030"), "UTF-8"),
    ],
    ids=["type", "content-mismatch", "empty", "encoding"],
)
def test_evidence_is_checked(name, data, message):
    with pytest.raises(EvidenceError, match=message):
        check_file(name, data)


def test_evidence_size_is_limited(settings):
    settings.LEDGER_EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(EvidenceError, match="超过上限"):
        check_file("scan.pdf", b"%PDF-" + b"0" * 2000)


@pytest.mark.django_db
def test_evidence_lives_outside_the_web_root_and_only_readers_get_it(ledger, settings):
    regular = next(t for t in report_types() if t.code == "regular")
    progress = file_progress(ledger.t1, ledger.people.lead, department=ledger.departments.fgw, report_type=regular,
                             period="2023-05", narrative="见附件")
    ev = attach(progress, SimpleUploadedFile("../../etc/passwd.pdf", b"%PDF-1.4 test"), ledger.people.lead)
    stored = Path(ev.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve()) and ev.original_name == "passwd.pdf"
    assert not stored.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    r = client_for(ledger.people.coop).get(f"/evidence/{ev.pk}")
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 test"
    assert "attachment" in r["Content-Disposition"]
    assert client_for(ledger.people.outsider).get(f"/evidence/{ev.pk}").status_code == 404
    assert Evidence.objects.count() == 1


@pytest.mark.django_db
def test_the_upload_form_reports_a_refused_file(ledger):
    client = client_for(ledger.people.lead)
    r = client.post(f"/tasks/{ledger.t1.pk}/report", {
        "report_type": next(t for t in report_types() if t.code == "regular").pk, "period": "2023-07",
        "narrative": "附件", "evidence": SimpleUploadedFile("x.exe", b"MZ"),
    })
    assert r.status_code == 400 and "不接受" in r.content.decode()
    from duban.web.ledger.models import ProgressReport

    assert not ProgressReport.objects.filter(period="2023-07").exists()  # nothing half-written


def _manage(*args, env_extra: dict) -> subprocess.CompletedProcess:
    # A clean environment: other tests may set e.g. DJANGO_ALLOW_ASYNC_UNSAFE, which the deploy check flags.
    drop = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "duban", "manage", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_production_settings_pass_the_deploy_check(tmp_path):
    proc = _manage("check", "--deploy", env_extra={
        "DEBUG": "0", "SECRET_KEY": "x" * 20 + "production-secret-value-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "duban.example.cn", "DUBAN_VAR_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert "WARNINGS" not in proc.stderr + proc.stdout and "no issues" in proc.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
     ({"DEBUG": "0"}, "SECRET_KEY must be set"),
     ({"SESSION_COOKIE_AGE": "two hours"}, "not an integer"),
     ({"DATABASE_URL": "mysql://x@y/z"}, "only sqlite and postgres")],
    ids=["bad-bool", "no-secret", "bad-int", "other-database"],
)
def test_bad_settings_fail_loudly(tmp_path, env, message):
    proc = _manage("check", env_extra={"DUBAN_VAR_DIR": str(tmp_path), **env})
    assert proc.returncode != 0 and message in proc.stderr
