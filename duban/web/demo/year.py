"""The demo's year, carried out through the ledger's own workflow at the planned moments.

Every planned event — a department filing its monthly report (with figures, stages done
and sometimes a photo of the evidence), the office returning or verifying it, a refiling,
and the daily job's runs (statuses and reminders on the 26th, statuses at month end) —
runs inside ``clock.travel(moment)``, in time order. So the reports, verifications,
status changes, notifications and history rows carry the dates they would have had,
and every status is the rubric's verdict on that day.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from duban.web.dashboard.numbers import amount
from duban.web.ledger import clock

from .build import Demo
from .data import story
from .plan import Filing, TargetInfo, elapsed, figure_value, periods

__all__ = ["run_year", "narrative"]


def _month_jobs(demo: Demo) -> list[tuple[dt.datetime, str, dt.date]]:
    jobs = []
    for month in periods(demo.year, demo.as_of):
        reminders = month.replace(day=26)
        if reminders < demo.as_of:
            jobs.append((dt.datetime.combine(reminders, dt.time(7, 30)), "reminders", reminders))
        nxt = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        if last < demo.as_of:
            jobs.append((dt.datetime.combine(last, dt.time(23, 0)), "refresh", last))
    return jobs


def run_year(demo: Demo) -> None:
    from duban.web.ledger.services import refresh_all, send_reminders
    from duban.web.ledger.workflow import report_types

    types = {t.code: t for t in report_types()}
    events = []
    for task in demo.tasks:
        for filing in demo.plans[task.pk].filings:
            events.append((filing.at, len(events), "file", task, filing, None))
            events += [(step.at, len(events) + i, step.action, task, filing, step) for i, step in enumerate(filing.steps, 1)]
    events += [(at, len(events) + i, kind, None, None, day) for i, (at, kind, day) in enumerate(_month_jobs(demo))]
    events.sort(key=lambda e: (e[0], e[1]))
    sent: dict[int, object] = {}  # id(filing) -> its ProgressReport
    stages: dict[int, list] = {}
    # One transaction (a savepoint inside the demo's) per simulated month keeps SQLite's commits few.
    for _month, batch in itertools.groupby(events, key=lambda e: (e[0].year, e[0].month)):
        with transaction.atomic():
            for at, _n, action, task, filing, extra in batch:
                with clock.travel(at):
                    if action == "reminders":
                        for kind, n in send_reminders(extra).items():
                            demo.counts[f"reminders_{kind}"] += n
                    elif action == "refresh":
                        refresh_all(extra)
                    elif action == "file":
                        if task.pk not in stages:
                            stages[task.pk] = list(task.milestones.order_by("order", "id"))
                        sent[id(filing)] = _file(demo, task, filing, types, stages[task.pk])
                    else:
                        _step(demo, task, filing, extra, sent[id(filing)], stages.get(task.pk, []))


def _figures(task, fulfil: float) -> dict[int, float]:
    return {t.pk: figure_value(TargetInfo(t.value, t.value_max, t.comparator, t.kind, t.unit), fulfil)
            for t in task.targets.all()}


def _file(demo: Demo, task, filing: Filing, types: dict, stages: list):
    from duban.web.ledger.evidence import attach
    from duban.web.ledger.workflow import file_progress

    reporter = demo.reporters[task.lead_department_id]
    report_type = types[filing.report_type]
    with_figures = report_type.expects_figures and filing.report_type == "regular"
    fulfil = filing.first_fulfil if filing.first_fulfil is not None else filing.fulfil
    figures = _figures(task, fulfil) if with_figures else {}
    claimed = [stages[i] for i in filing.stages] if with_figures else []
    progress = file_progress(
        task, reporter, department=task.lead_department, report_type=report_type, period=filing.period,
        narrative=narrative(demo, task, filing, figures, claimed, stages), figures=figures, milestones=claimed,
    )
    demo.counts["filed"] += 1
    if filing.evidence:
        attach(progress, _evidence(task, filing), reporter)
        demo.counts["evidence"] += 1
    return progress


def _step(demo: Demo, task, filing: Filing, step, progress, stages: list) -> None:
    from duban.web.ledger.evidence import attach
    from duban.web.ledger.workflow import refile_progress, verify_progress

    if step.action == "accept":
        verify_progress(progress, demo.office, progress.version, accept=True)
        demo.counts["verified"] += 1
    elif step.action == "return":
        verify_progress(progress, demo.office, progress.version, accept=False, reason=step.reason)
        demo.counts["returned"] += 1
    elif step.action == "refile":
        reporter = demo.reporters[task.lead_department_id]
        with_figures = filing.report_type == "regular"
        figures = _figures(task, filing.fulfil) if with_figures else {}
        claimed = [stages[i] for i in filing.stages] if with_figures else []
        text = narrative(demo, task, filing, figures, claimed, stages) + story()["narratives"]["corrected"]
        refile_progress(progress, reporter, progress.version, narrative=text, figures=figures, milestones=claimed)
        if not progress.evidence.exists():
            attach(progress, _evidence(task, filing), reporter)
        demo.counts["refiled"] += 1


def _evidence(task, filing: Filing) -> SimpleUploadedFile:
    month = int(filing.period[5:])
    body = (f"佐证材料\n任务：{task.title}\n报告期：{filing.period}\n"
            f"内容：{month}月工作推进会议纪要、现场照片说明及统计台账摘录。\n").encode()
    return SimpleUploadedFile(f"{month}月佐证材料.txt", body, content_type="text/plain")


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def narrative(demo: Demo, task, filing: Filing, figures: dict[int, float], claimed: list, stages: list) -> str:
    """What the department writes: the month's figures or stages and how the work is going."""
    words = story()["narratives"]
    rng = demo.rng(f"narrative:{task.pk}:{filing.period}:{filing.report_type}")
    month = f"{int(filing.period[5:])}月"
    if filing.report_type == "overdue":
        return rng.choice(words["overdue"]).format(deadline=_date(task.deadline))
    if filing.report_type == "problem":
        return rng.choice(words["problem"])
    parts = []
    if figures:
        target = max(task.targets.all(), key=lambda t: (t.value or 0) != 0)
        goal = target.value if target.value is not None else target.value_max
        value = figures[target.pk]
        share = f"{100 * value / goal:.0f}%" if goal else "—"
        parts.append(rng.choice(words["figures"]).format(
            month=month, metric=target.metric, value=amount(value, target.unit), goal=amount(goal, target.unit), share=share))
    parts += [words["stages_done"].format(stage=stage.title) for stage in claimed]
    waiting = [s for s in stages if s.done_on is None and s not in claimed]
    if stages and waiting and not claimed:
        parts.append(rng.choice(words["stages_working"]).format(stage=waiting[0].title))
    if (figures and filing.fulfil >= 0.999) or (stages and not waiting):
        parts.append(rng.choice(words["done"]))
    else:
        expected = elapsed(task.start_date, task.deadline, filing.at.date())
        pace = filing.fulfil / expected if figures and expected else 1.0
        mood = "ahead" if pace > 1.1 else "behind" if pace < 0.85 else "on_track"
        parts.append(rng.choice(words[mood]))
    return "".join(parts)
