"""``duban serve``: the ledger web app behind a production WSGI server (gunicorn).

Production unless ``--dev``: ``DEBUG`` is off (set ``DEBUG=1`` or ``--dev`` for development),
``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be set (otherwise one line on stderr, exit 2),
static files are collected (hashed names, gzip/brotli copies) and served by WhiteNoise from
the app itself. Why gunicorn: the long-kept pre-fork WSGI server, pure Python (nothing to
compile), with thread workers (gthread) that suit a database-bound Django app.
``--dev`` keeps Django's development server (auto-reload off), as ``duban demo`` does.
"""

from __future__ import annotations

import os
import subprocess
import sys

__all__ = ["register", "run_serve", "serve_production", "serve_development", "start_worker_process"]


def register(sub) -> None:
    p = sub.add_parser(
        "serve", help="serve the ledger web app with a production server (gunicorn; --dev: development server)",
        description="Migrate the database, collect static files and serve the web app with gunicorn (DEBUG off; "
                    "SECRET_KEY and ALLOWED_HOSTS required). --dev: Django's development server with DEBUG on.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "0") or 0) or None,
                   help="server processes (default: WEB_WORKERS, else the number of CPU cores)")
    p.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4") or 4),
                   help="threads per process (default: WEB_THREADS, else 4)")
    p.add_argument("--timeout", type=int, default=60, help="seconds before a stuck request's worker is restarted (default 60)")
    p.add_argument("--access-log", action="store_true", help="log every request on stdout")
    p.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")
    p.add_argument("--no-collectstatic", action="store_true", help="do not collect static files first")
    p.add_argument("--with-worker", action="store_true",
                   help="also run a queue worker (duban worker) beside the server, for a one-machine setup")
    p.add_argument("--dev", action="store_true", help="development: DEBUG on, Django's development server")
    p.set_defaults(handler=run_serve)


def _setup(dev: bool) -> None:
    if dev:
        os.environ["DEBUG"] = "1"
    else:
        # Production unless the environment asks for DEBUG explicitly.
        os.environ.setdefault("DEBUG", "0")
    from duban.cli.web import _django

    _django()


def run_serve(args) -> int:
    _setup(args.dev)
    from django.conf import settings
    from django.core.management import call_command

    if not args.no_migrate:
        call_command("migrate", interactive=False, verbosity=0)
    from django.core.exceptions import ImproperlyConfigured

    from duban.web.audit.checks import require_guards

    try:
        require_guards()
    except ImproperlyConfigured as exc:
        print(f"duban serve: {exc}", file=sys.stderr)
        return 2
    worker = start_worker_process() if args.with_worker else None
    try:
        if args.dev or settings.DEBUG:
            return serve_development(args.host, args.port)
        if not args.no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        return serve_production(args.host, args.port, workers=args.workers, threads=args.threads, timeout=args.timeout,
                                access_log=args.access_log)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(30)


def start_worker_process() -> subprocess.Popen:
    """``duban worker`` as a child process with this process's environment."""
    return subprocess.Popen([sys.executable, "-m", "duban", "worker"], env=os.environ.copy())


def serve_development(host: str, port: int) -> int:
    from django.core.management import call_command

    print(f"development server on http://{host}:{port}/  (Ctrl-C to stop; `duban serve` without --dev for production)",
          flush=True)
    call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True)
    return 0


def serve_production(host: str, port: int, *, workers: int | None = None, threads: int = 4, timeout: int = 60,
                     access_log: bool = False) -> int:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from duban.web.wsgi import application

    # The app is loaded once here and forked into the workers: no connection may cross the fork.
    connections.close_all()
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers or os.cpu_count() or 2,
        "threads": max(1, threads),
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": timeout,
        "graceful_timeout": 30,
        "keepalive": 5,
        "preload_app": True,
        "proc_name": "duban",
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        # Behind a reverse proxy on this machine (see docs/deploy.md).
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        # One control socket per user would be shared by every server on the machine.
        "control_socket_disable": True,
    }

    class Server(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                if key in self.cfg.settings:
                    self.cfg.set(key, value)

        def load(self):
            return application

    print(f"serving on http://{host}:{port}/ with gunicorn ({options['workers']} processes × {options['threads']} "
          "threads; Ctrl-C to stop)", flush=True)
    Server().run()
    return 0
