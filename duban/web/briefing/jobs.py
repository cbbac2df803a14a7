"""Building a briefing in the background with visible progress.

A thread per job, started after the job row commits: enough for a few
briefings a month on one server, with no queue to run. The page polls the
job's JSON status. ``BRIEFING_INLINE = True`` (tests, the CLI) builds in the
calling thread instead.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from .models import BriefingJob

__all__ = ["build", "start", "run_job"]

log = logging.getLogger(__name__)


def build(tasks, period: str, fmt: str, progress=None) -> bytes:
    """The briefing file for ``period`` over ``tasks`` in ``fmt`` (docx or pdf)."""
    from .data import gather
    from .docx_writer import write_docx
    from .pdf_writer import write_pdf

    report = progress or (lambda pct, msg: None)
    data = gather(tasks, period, progress=report)
    report(70, "绘制图表并排版")
    raw = write_docx(data) if fmt == "docx" else write_pdf(data)
    report(95, "保存文件")
    return raw


def run_job(job_id: int) -> None:
    from duban.web.ledger.access import tasks_for_user

    job = BriefingJob.objects.select_related("created_by").get(pk=job_id)

    def progress(pct: int, msg: str) -> None:
        BriefingJob.objects.filter(pk=job_id).update(percent=pct, message=msg[:200])

    BriefingJob.objects.filter(pk=job_id).update(state=BriefingJob.State.RUNNING, percent=5, message="开始")
    try:
        raw = build(tasks_for_user(job.created_by), job.period, job.fmt, progress)
    except Exception as exc:  # the job page must say what went wrong, whatever it was
        log.exception("briefing job %s failed", job_id)
        BriefingJob.objects.filter(pk=job_id).update(
            state=BriefingJob.State.FAILED, message=f"生成失败：{exc}"[:200], finished_at=timezone.now()
        )
        return
    BriefingJob.objects.filter(pk=job_id).update(
        state=BriefingJob.State.DONE, percent=100, message="完成", output=raw, finished_at=timezone.now()
    )


def _thread_main(job_id: int) -> None:
    try:
        run_job(job_id)
    finally:
        close_old_connections()


def start(job: BriefingJob) -> None:
    if getattr(settings, "BRIEFING_INLINE", False):
        run_job(job.pk)
        return
    transaction.on_commit(
        lambda: threading.Thread(target=_thread_main, args=(job.pk,), name=f"briefing-{job.pk}", daemon=True).start()
    )
