"""Parse untrusted .docx/PDF/HTML in a child process with memory and CPU limits.

A parser blow-up (zip bomb that slipped through, pathological PDF content stream,
libxml2 running out of memory) then kills or fails only the child; the caller — the
CLI, a batch worker or the web server — gets an InputError and carries on. The child
is a fresh interpreter (not a fork), so it is safe to call from a threaded server.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from dataclasses import asdict
from pathlib import Path

from duban.extract.errors import InputError
from duban.extract.readers.limits import Limits
from duban.extract.readers.parsed import Parsed

__all__ = ["parse", "parse_here", "sandbox_available"]

_EXTRACT_DIR = Path(__file__).resolve().parents[1]
# The child registers `duban` and `duban.extract` as bare packages before importing the
# readers, so that their __init__ modules (the whole extraction engine and its language
# data, most of a child's start-up time) are not run for nothing.
_CHILD = (
    "import sys, types\n"
    "for name, path in (('duban', sys.argv[1]), ('duban.extract', sys.argv[2])):\n"
    "    module = types.ModuleType(name); module.__path__ = [path]; sys.modules[name] = module\n"
    "from duban.extract.readers.sandbox import child_main\n"
    "child_main()\n"
)


def sandbox_available() -> bool:
    try:
        import resource  # noqa: F401
    except ImportError:  # not on Windows
        return False
    return os.environ.get("DUBAN_READER_SANDBOX", "1") != "0"


def parse_here(data: bytes, fmt: str, limits: Limits, name: str) -> Parsed:
    """Parse in this process (no isolation): for trusted callers, tests and fuzzing."""
    if fmt == "docx":
        from duban.extract.readers.docx import read_docx

        return read_docx(data, limits, name)
    if fmt == "pdf":
        from duban.extract.readers.pdf import read_pdf

        return read_pdf(data, limits, name)
    if fmt == "html":
        from duban.extract.readers.html import read_html

        return read_html(data, limits, name)
    raise ValueError(f"no parser for format {fmt!r}")


def _slots() -> threading.BoundedSemaphore:
    """How many reader children may run at once in this process (DUBAN_READER_PROCESSES)."""
    try:
        count = int(os.environ.get("DUBAN_READER_PROCESSES", "0"))
    except ValueError:
        count = 0
    return threading.BoundedSemaphore(count if count > 0 else max(2, os.cpu_count() or 2))


# Each child may use max_memory_mb; a burst of uploads must not start one per request.
_SLOTS = _slots()


def parse(data: bytes, fmt: str, limits: Limits, name: str, *, sandbox: bool | None = None) -> Parsed:
    if sandbox is None:
        sandbox = sandbox_available()
    if not sandbox:
        return parse_here(data, fmt, limits, name)
    if not _SLOTS.acquire(timeout=limits.max_seconds):
        raise InputError("too many files are being read at the moment; try again shortly", source=name)
    try:
        return _parse_in_child(data, fmt, limits, name)
    finally:
        _SLOTS.release()


def _parse_in_child(data: bytes, fmt: str, limits: Limits, name: str) -> Parsed:
    header = json.dumps({"format": fmt, "name": name, "limits": asdict(limits)}).encode("utf-8") + b"\n"
    try:
        proc = subprocess.Popen(
            [sys.executable, "-B", "-s", "-c", _CHILD, str(_EXTRACT_DIR.parent), str(_EXTRACT_DIR)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, close_fds=True,
        )
    except OSError as exc:
        raise InputError(f"cannot start the reader process: {exc}", source=name) from None
    try:
        out, _ = proc.communicate(header + data, timeout=limits.max_seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise InputError(f"reading took longer than {limits.max_seconds:g} s and was stopped (see --max-seconds)", source=name) from None
    return _result(out, proc.returncode, limits, name)


def _result(out: bytes, returncode: int, limits: Limits, name: str) -> Parsed:
    try:
        reply = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        reply = None
    if isinstance(reply, dict):
        if "ok" in reply:
            return Parsed.from_dict(reply["ok"])
        if "error" in reply:
            raise InputError(reply["error"], source=name)
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise InputError(f"reading used more than {limits.max_seconds:g} s of CPU and was stopped (see --max-seconds)", source=name)
    if returncode in (-signal.SIGSEGV, -signal.SIGBUS, -signal.SIGABRT, -signal.SIGILL):
        raise InputError("the parser crashed on this file (damaged or hostile); nothing was read", source=name)
    raise InputError(f"the reader process failed (exit status {returncode}), probably out of memory; nothing was read", source=name)


def _limit_self(limits: Limits) -> None:
    import resource

    memory = int(limits.max_memory_mb) * 1024 * 1024
    cpu = int(limits.max_seconds) + 1
    for which, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, cpu), (resource.RLIMIT_CORE, 0)):
        try:
            soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, hard))
        except (ValueError, OSError):
            pass  # a platform that refuses a limit still gets the wall-clock timeout


def child_main() -> None:
    import logging

    # Libraries must not write to the reply channel, nor flood a pipe with warnings.
    reply = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout = sys.stderr
    logging.disable(logging.CRITICAL)
    stdin = sys.stdin.buffer
    header = json.loads(stdin.readline())
    limits = Limits(**header["limits"])
    _limit_self(limits)
    name = header["name"]
    try:
        data = stdin.read()
        result = {"ok": parse_here(data, header["format"], limits, name).to_dict()}
    except InputError as exc:
        result = {"error": exc.reason}
    except MemoryError:
        result = {"error": f"reading needs more than {limits.max_memory_mb:,} MB of memory and was stopped (hostile file?)"}
    except RecursionError:
        result = {"error": "the file is nested too deeply to read (hostile file?)"}
    except Exception as exc:  # the server must survive a reader bug; the message says which
        result = {"error": f"cannot be read: the {header['format']} reader failed ({type(exc).__name__}: {exc})"}
    try:
        reply.write(json.dumps(result, ensure_ascii=False))
        reply.flush()
    except MemoryError:
        os._exit(3)
