"""Progress of a :class:`~duban.web.jobs.models.ProgressJob`: written by the job, read by the page."""

from __future__ import annotations

from django.utils import timezone

from .models import ProgressJob

__all__ = ["report", "start", "finish", "fail", "status"]

State = ProgressJob.State


def report(model, pk: int, percent: int, message: str) -> None:
    model.objects.filter(pk=pk).update(percent=max(0, min(100, int(percent))), message=message[:200])


def start(model, pk: int, message: str = "开始") -> None:
    model.objects.filter(pk=pk).update(state=State.RUNNING, percent=5, message=message[:200])


def finish(model, pk: int, message: str = "完成", **fields) -> None:
    model.objects.filter(pk=pk).update(state=State.DONE, percent=100, message=message[:200],
                                       finished_at=timezone.now(), **fields)


def fail(model, pk: int, message: str) -> None:
    model.objects.filter(pk=pk).update(state=State.FAILED, message=message[:200], finished_at=timezone.now())


def status(job, **extra) -> dict:
    """The JSON the page polls."""
    return {"id": job.pk, "state": job.state, "state_label": job.get_state_display(), "percent": job.percent,
            "message": job.message, **extra}
