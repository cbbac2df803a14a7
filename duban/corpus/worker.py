"""The one function every runner maps over a corpus: bytes of a file in, table rows out.

Local processes, the in-process runner and Dask workers all call :func:`run_job`, which is
why their datasets are identical. It never raises for a bad file: the failure comes back as
an ``errors`` row, so one broken report never stops a run of thousands.
"""

from __future__ import annotations

import hashlib
import signal
import threading
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePosixPath

__all__ = ["Job", "JobTimeout", "file_sha256", "report_id_for", "run_batch", "run_job"]


@dataclass(frozen=True)
class Job:
    path: str  # relative to the corpus folder, POSIX separators: the stable name in the dataset
    data: bytes
    sha256: str
    override: dict = field(default_factory=dict)  # place/year/level from the manifest
    max_bytes: int = 20 * 1024 * 1024
    timeout: float | None = None


class JobTimeout(Exception):
    pass


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report_id_for(sha256: str) -> str:
    return sha256[:16]


@contextmanager
def _deadline(seconds: float | None):
    # SIGALRM only works in a process's main thread: local worker processes and the in-process
    # runner get a per-file time limit, Dask worker threads rely on Dask's own supervision.
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _expire(signum, frame):
        raise JobTimeout(f"extraction took longer than {seconds:g} s (see --timeout)")

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _failure(job: Job, stage: str, exc: BaseException, message: str | None = None) -> dict:
    from duban.corpus.tables import error_row

    return {
        "ok": False,
        "path": job.path,
        "sha256": job.sha256,
        "error": error_row(report_id_for(job.sha256), job.path, job.sha256, stage, type(exc).__name__, message or str(exc)),
    }


def run_job(job: Job) -> dict:
    """Read, detect place and year, extract; return ``{"ok": True, "rows": {table: [...]}}``
    or ``{"ok": False, "error": row}``."""
    from duban.corpus.detect import detect_meta, place_level
    from duban.corpus.tables import document_rows
    from duban.extract import InputError, extract_text, read_bytes

    name = PurePosixPath(job.path).name
    if len(job.data) > job.max_bytes:
        exc = InputError(f"file is {len(job.data):,} bytes, over the limit of {job.max_bytes:,} (see --max-bytes)")
        return _failure(job, "read", exc)
    try:
        src = read_bytes(job.data, name=name)
    except InputError as exc:
        return _failure(job, "read", exc)
    except Exception as exc:  # a reader bug must not stop the run; keep where it happened
        return _failure(job, "read", exc, _describe(exc))

    meta = detect_meta(src.text, name).as_dict()
    for key in ("place", "year", "level"):
        if job.override.get(key) not in (None, ""):
            meta[key] = job.override[key]
            if key != "level":
                meta[f"{key}_source"] = "manifest"
    if job.override.get("place") and not job.override.get("level"):
        meta["level"] = place_level(meta["place"])

    try:
        with _deadline(job.timeout):
            doc = extract_text(src.text, year=meta["year"], name=src.name, source=src.source_info())
    except JobTimeout as exc:
        return _failure(job, "extract", exc)
    except Exception as exc:
        return _failure(job, "extract", exc, _describe(exc))

    report = {
        "report_id": report_id_for(job.sha256),
        "path": job.path,
        "name": src.name,
        "format": src.format,
        "encoding": src.encoding,
        "file_sha256": job.sha256,
        "text_sha256": src.sha256,
        "chars": len(src.text),
        **meta,
    }
    return {"ok": True, "path": job.path, "sha256": job.sha256, "rows": document_rows(doc, report)}


def run_batch(jobs: list[Job]) -> list[dict]:
    """Several files in one task: on a cluster, each task costs a scheduler round trip."""
    return [run_job(job) for job in jobs]


def _describe(exc: BaseException) -> str:
    """``message (file.py:LINE in func)``: enough to find an extractor bug without a full traceback."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = ""
    if frames:
        last = frames[-1]
        where = f" ({PurePosixPath(last.filename).name}:{last.lineno} in {last.name})"
    return f"{exc}{where}"
