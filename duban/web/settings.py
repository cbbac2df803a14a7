"""Django settings, read from the environment.

Development needs no configuration: SQLite under ``./var/``, DEBUG on, console mail.
Production sets ``DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and usually ``DATABASE_URL``;
then ``manage.py check --deploy`` reports nothing. A malformed variable raises
``ImproperlyConfigured`` at start-up rather than being silently ignored.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("DUBAN_VAR_DIR", Path.cwd() / "var")).resolve()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0")
    # Development only: a fixed key keeps sessions valid across restarts of `duban serve`.
    SECRET_KEY = "duban-development-key-not-for-production-use-0123456789abcdefghijklmnop"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG=0 (comma-separated host names)")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "duban.web.audit",
    "duban.web.accounts",
    "duban.web.ledger",
    # Background work (briefings, imports, reminders, the daily status job): django-tasks with its
    # database backend, so the queue lives in the ledger's own database (SQLite or PostgreSQL).
    "django_tasks",
    "django_tasks_db",
    "duban.web.jobs",
]
# Apps of issue 6 join when their packages exist, so either side can land first.
for _app in ("dashboard", "exchange", "public", "briefing", "search", "webhooks", "suggestions", "assessment"):
    if (BASE_DIR / _app / "__init__.py").exists():
        INSTALLED_APPS.append(f"duban.web.{_app}")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A database that refuses writes (read-only, full, locked too long) answers 503 with a message;
    # outermost, so that after a refusal no connection outlives the request (session saving included).
    "duban.web.ops.storage.StorageErrorMiddleware",
    # Static files from the app's own stack: compressed, hashed names cached for a year.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Sliding idle timeout without a session write on every request.
    "duban.web.accounts.sessions.IdleTimeoutMiddleware",
    # Chinese unless the user switched to English (ignores the browser's Accept-Language).
    "duban.web.public.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it must see the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "duban.web.urls"
WSGI_APPLICATION = "duban.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "duban.web.ledger.context.navigation",
            ],
        },
    }
]


def _database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if not url:
        url = f"sqlite:///{VAR_DIR / 'duban.sqlite3'}"
    import dj_database_url

    try:
        # Connections are kept (and health-checked before reuse): reconnecting per request costs
        # the PRAGMAs on SQLite and a TCP + auth round trip on PostgreSQL.
        db = dj_database_url.parse(url, conn_max_age=envint("DB_CONN_MAX_AGE", 600, minimum=0),
                                   conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for a bad URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {exc}") from None
    engine = db["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        db["OPTIONS"] = {
            # WAL lets readers go on during a write; FULL makes a committed import survive a power cut.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of one failing
            # half-way with "database is locked" when it upgrades a read transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": envint("SQLITE_TIMEOUT", 20, minimum=1),
        }
    elif engine != "django.db.backends.postgresql":
        raise ImproperlyConfigured(f"DATABASE_URL: only sqlite and postgres are supported, not {engine}")
    # Tests run on a file (SQLite) so WAL, locking and two real connections behave as in
    # production; the process id keeps parallel runs on one machine or server apart.
    test_name = os.environ.get("DUBAN_TEST_DB_NAME")
    if not test_name:
        test_name = (str(VAR_DIR / f"test-{os.getpid()}.sqlite3") if engine.endswith("sqlite3")
                     else f"test_duban_{os.getpid()}")
    db["TEST"] = {"NAME": test_name}
    return db


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
# English catalogue of the ledger's own pages; the apps of issue 6 carry their own.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# Production serves collected files (``duban serve`` runs collectstatic) with hashed names and
# gzip/brotli copies made once; development serves them from the apps as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
                    else "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
# The project-wide stylesheet lives outside any app; without this no finder serves it.
STATICFILES_DIRS = [BASE_DIR / "static"]
# Evidence files live outside any web root and are served only through an access-checked view.
MEDIA_ROOT = Path(os.environ.get("DUBAN_PRIVATE_DIR", VAR_DIR / "private"))
# No URL pattern serves this prefix (the web server must not either): evidence goes out
# only through ledger:evidence. Django's test live server does serve it, tests only.
MEDIA_URL = "/private/"

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "ledger:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: idle timeout (seconds). The session is renewed when it is used, at most once per
# SESSION_RENEW_SECONDS (IdleTimeoutMiddleware), not written on every page view.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 2 * 3600, minimum=60)
SESSION_RENEW_SECONDS = min(envint("SESSION_RENEW_SECONDS", 300, minimum=1), SESSION_COOKIE_AGE // 4)
SESSION_SAVE_EVERY_REQUEST = False
# Database sessions whose renewal a read-only database skips instead of answering 400.
SESSION_ENGINE = "duban.web.accounts.session_store"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE = envbool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check answers plain HTTP so a load balancer can probe it behind TLS termination.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# /readyz: free space the database (SQLite) and evidence disks must keep, in MB.
READYZ_MIN_FREE_MB = envint("READYZ_MIN_FREE_MB", 64, minimum=0)

# Content-Security-Policy: everything from our own origin, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Login throttling: lock a user name + address after repeated failures.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_ENABLED = envbool("AXES_ENABLED", True)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25, minimum=1)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "duban@localhost")

# The 蓝黄红 rubric. Shown to users on /rubric/; change here (or through the environment),
# never by typing a status on a task.
LEDGER_STATUS_RULES = {
    "blue_days": envint("LEDGER_BLUE_DAYS", 30, minimum=0),
    "yellow_gap": envint("LEDGER_YELLOW_GAP", 10, minimum=1),
    "red_gap": envint("LEDGER_RED_GAP", 30, minimum=1),
}
# The daily job (statuses for the calendar, reminders) runs once a day from this hour on.
LEDGER_DAILY_HOUR = envint("LEDGER_DAILY_HOUR", 1, minimum=0)
# Progress report types: code -> (name, whether figures are expected).
LEDGER_REPORT_TYPES = {
    "regular": ("常规进展", True),
    "problem": ("问题反映", False),
    "overdue": ("逾期说明", False),
}
# Report periods (YYYY-MM) accepted from pages, the API and Excel: from this month up to the
# current month plus LEDGER_PERIOD_AHEAD months (duban.web.ledger.validation.period).
LEDGER_PERIOD_FIRST = os.environ.get("LEDGER_PERIOD_FIRST", "2000-01")
if not __import__("re").fullmatch(r"\d{4}-(0[1-9]|1[0-2])", LEDGER_PERIOD_FIRST):
    raise ImproperlyConfigured(f"LEDGER_PERIOD_FIRST={LEDGER_PERIOD_FIRST!r} is not a month (YYYY-MM)")
LEDGER_PERIOD_AHEAD = envint("LEDGER_PERIOD_AHEAD", 0, minimum=0)
# A department is reminded when it has not filed for the current month by this day.
LEDGER_REPORT_DUE_DAY = envint("LEDGER_REPORT_DUE_DAY", 25, minimum=1)
LEDGER_EVIDENCE_MAX_BYTES = envint("LEDGER_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
# Evidence types accepted: checked against the file's content, not only its name.
LEDGER_EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain",
}
# Outbound webhooks (duban.web.webhooks): how the first attempt is made (thread, inline, none),
# the receiver's time limit, and the address that links in messages start with.
WEBHOOKS_DISPATCH = os.environ.get("WEBHOOKS_DISPATCH", "thread")
if WEBHOOKS_DISPATCH not in ("thread", "inline", "none"):
    raise ImproperlyConfigured(f"WEBHOOKS_DISPATCH={WEBHOOKS_DISPATCH!r}: use thread, inline or none")
WEBHOOKS_TIMEOUT = envint("WEBHOOKS_TIMEOUT", 5, minimum=1)
DUBAN_BASE_URL = os.environ.get("DUBAN_BASE_URL", "")
# 建议提案办理 (duban.web.suggestions): the proposer's feedback link lives this many days; a reply
# rated 不满意 is handled again within SUGGESTIONS_REOPEN_DAYS; the rubric's warning days.
SUGGESTIONS_FEEDBACK_DAYS = envint("SUGGESTIONS_FEEDBACK_DAYS", 60, minimum=1)
SUGGESTIONS_REOPEN_DAYS = envint("SUGGESTIONS_REOPEN_DAYS", 30, minimum=1)
SUGGESTIONS_STATUS_RULES = {
    "blue_days": envint("SUGGESTIONS_BLUE_DAYS", 30, minimum=0),
    "yellow_days": envint("SUGGESTIONS_YELLOW_DAYS", 15, minimum=0),
}
LEDGER_IMPORT_MAX_BYTES = envint("LEDGER_IMPORT_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The queue. Jobs are rows in the ledger's database: they survive restarts, any number of app
# servers can enqueue and any number of `duban worker` processes can run them.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
                     "QUEUES": ["default", "daily"]}}

# Per-process cache for dashboard aggregates; keys carry the ledger's change stamp (a database
# row), so every app server sees a change at once without a shared cache.
# DUBAN_PAGE_CACHE=0 turns it off (every page computed: what the load benchmark's cold run measures).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "duban",
                      "OPTIONS": {"MAX_ENTRIES": 2000}}
          if envbool("DUBAN_PAGE_CACHE", True) else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

try:  # An optional, untracked local_settings.py overrides anything above.
    from duban.web.local_settings import *  # noqa: F403
except ImportError:
    pass
