"""Building a briefing in the background with visible progress.

The job row (:class:`BriefingJob`) is created by the page with a queued task in the same
transaction (django-tasks, database backend: see :mod:`duban.web.jobs`); ``duban worker``
builds the file, reporting progress on the row, which the job page polls. The queue is
in the database, so a briefing requested while the server restarts is built after it.
"""

from __future__ import annotations

import logging

from django_tasks import task

from duban.web.jobs import progress
from duban.web.jobs.recovery import tracks

from .models import BriefingJob

__all__ = ["build", "start", "run_job", "build_briefing"]

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

    job = BriefingJob.objects.select_related("created_by").defer("output").get(pk=job_id)
    if job.state == BriefingJob.State.DONE:  # delivered twice (a worker restarted after finishing): nothing to do
        return

    def report(pct: int, msg: str) -> None:
        progress.report(BriefingJob, job_id, pct, msg)

    progress.start(BriefingJob, job_id)
    try:
        raw = build(tasks_for_user(job.created_by), job.period, job.fmt, report)
    except Exception as exc:  # the job page must say what went wrong, whatever it was
        log.exception("briefing job %s failed", job_id)
        progress.fail(BriefingJob, job_id, f"生成失败：{exc}")
        return
    progress.finish(BriefingJob, job_id, output=raw)


@tracks("briefing.BriefingJob")
@task()
def build_briefing(job_id: int) -> None:
    run_job(job_id)


def start(job: BriefingJob) -> None:
    """Queue the job; it runs once the caller's transaction commits (the queue is a table)."""
    build_briefing.enqueue(job.pk)
