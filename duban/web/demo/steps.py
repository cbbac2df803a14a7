"""The demo's steps before and after its year of reports (see :data:`.build.STEPS`).

people           departments, the office, a leader, one reporter per department
import_reports   the sample imported in February, reviewed and confirmed
assign_and_plan  every task assigned (lead, co-operating, deadline), stages for the projects,
                 the 民生实事 published; the plan of the year (:mod:`.plan`)
today            the as-of date's daily run (statuses, reminders); older notices read
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db.models import F

from duban.web.ledger import clock

from .build import Demo
from .data import story

__all__ = ["people", "import_reports", "assign_and_plan", "today", "chapter_name"]

STAGE_ITEMS_LIST = "附件1"  # the 民生实事 a city publishes


def _at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute)


def people(demo: Demo) -> None:
    from django.contrib.auth import get_user_model

    from duban.web.accounts.models import Profile
    from duban.web.accounts.roles import set_role
    from duban.web.ledger import departments
    from duban.web.ledger.models import Department

    with clock.travel(_at(demo.year, 1, 4, 9)):
        departments.seed()
    user_model = get_user_model()
    cast = story()["people"]
    by_name = {d.name: d for d in Department.objects.all()}

    def make(username: str, name: str, role: str, dept=None):
        password = secrets.token_urlsafe(9)
        user = user_model.objects.create_user(username, password=password, first_name=name, is_staff=role == "office")
        set_role(user, role, dept)
        Profile.objects.filter(user=user).update(display_name=name)
        demo.passwords[username] = (name, password, dept.name if dept else {"office": "督查室", "leader": "领导"}[role])
        return user

    demo.office = make(cast["office"]["username"], cast["office"]["name"], "office")
    demo.leader = make(cast["leader"]["username"], cast["leader"]["name"], "leader")
    for dept_name, who in cast["reporters"].items():
        dept = by_name[dept_name]
        demo.reporters[dept.pk] = make(who["username"], who["name"], "reporter", dept)


def import_reports(demo: Demo) -> None:
    """The report arrives in February; the office keeps the appendix items and the clauses with
    targets (plus narrative clauses up to ``per_report``), drops the rest and confirms."""
    from django.db import transaction

    from duban.web.ledger.importer import ImportError_, import_file, import_upload
    from duban.web.ledger.models import Report, Task
    from duban.web.ledger.workflow import confirm_report, drop_item

    from .build import DemoError

    opts = demo.options
    for n in range(opts.copies):
        with clock.travel(_at(demo.year, 2, 13, 9, 30 + n % 20)):
            try:
                if n == 0:
                    result = import_file(opts.sample, demo.office, year=demo.year, title=opts.title)
                else:
                    # A distinct text per copy (another sha256), the same structure.
                    body = opts.sample.read_text(encoding="utf-8") + f"\n（第{n + 1}份报告）\n"
                    result = import_upload(body.encode("utf-8"), f"report-{n + 1}.txt", demo.office, year=demo.year,
                                           title=f"{opts.title}（{n + 1}）")
            except ImportError_ as exc:
                raise DemoError(f"cannot import the sample: {exc}") from None
        report = Report.objects.get(pk=result.report.pk)
        pending = list(report.tasks.filter(review=Task.Review.PENDING).prefetch_related("targets").order_by("start", "id"))
        keep = [t for t in pending if t.list_name or t.targets.all()]
        if opts.per_report:
            keep += [t for t in pending if t not in keep][: max(0, opts.per_report - len(keep))]
        kept = {t.pk for t in keep}
        with clock.travel(_at(demo.year, 2, 14, 15)), transaction.atomic():
            for task in pending:
                if task.pk not in kept:
                    drop_item(task, demo.office, task.version)
        report.refresh_from_db()
        with clock.travel(_at(demo.year, 2, 15, 10)):
            confirm_report(report, demo.office, report.version)
        demo.reports.append(report)
    demo.tasks = list(
        Task.objects.filter(report__in=demo.reports, review=Task.Review.ACTIVE)
        .select_related("section", "lead_department", "report").prefetch_related("targets").order_by("report_id", "start", "id")
    )


def chapter_name(task, sections: dict) -> str:
    """The chapter's title (top-level section) or the appendix list's heading."""
    from duban.web.dashboard.stats import chapter_of

    chapter = chapter_of(sections, task.section_id)
    return f"{task.list_name} {chapter.title if chapter else ''}".strip()


def _stage_kind(task) -> str | None:
    if any(t.value is not None or t.value_max is not None for t in task.targets.all()):
        return None
    kinds = story()["stages"]
    for kind, entry in kinds.items():
        if any(w in task.title for w in entry.get("words") or ()):
            return kind
    return list(kinds)[-1]


def assign_and_plan(demo: Demo) -> None:
    from duban.web.ledger.models import Department, Section
    from duban.web.ledger.workflow import assign_task, set_milestones

    from .assign import rule_for
    from .plan import TargetInfo, TaskInfo, plan_tasks

    by_name = {d.name: d for d in Department.objects.all()}
    sections = {s.id: s for s in Section.objects.filter(report__in=demo.reports)}
    stage_steps = {kind: entry["steps"] for kind, entry in story()["stages"].items()}
    numbers = {r.pk: n for n, r in enumerate(demo.reports)}
    infos, chosen = [], {}
    for task in demo.tasks:
        rule = rule_for(task.title, task.text, chapter_name(task, sections))
        lead = task.lead_department or by_name[rule.lead]
        coop = [by_name[n] for n in rule.cooperating if n != lead.name]
        kind = _stage_kind(task)
        key = f"{numbers[task.report_id]}:{task.start}:{task.title}"
        chosen[task.pk] = (key, lead, coop, kind)
        infos.append(TaskInfo(
            key=key, department=lead.name, start=task.start_date, deadline=task.deadline,
            targets=tuple(TargetInfo(t.value, t.value_max, t.comparator, t.kind, t.unit) for t in task.targets.all()),
            stage_kind=kind, stage_weights=tuple(s["weight"] for s in stage_steps[kind]) if kind else (),
            policy=bool(task.lead_department_text) and kind == "policy",
        ))
    plans = plan_tasks(infos, seed=demo.seed, as_of=demo.as_of, year=demo.year, returns=list(story()["returns"]))
    rng = demo.rng("assign")
    for task in demo.tasks:
        key, lead, coop, kind = chosen[task.pk]
        plan = plans[key]
        demo.plans[task.pk] = plan
        with clock.travel(_at(demo.year, 2, rng.randint(20, 23), rng.randint(9, 16), rng.randint(0, 59))):
            assign_task(task, demo.office, task.version, lead=lead, cooperating=coop, deadline=plan.deadline,
                        published=task.list_name == STAGE_ITEMS_LIST)
        if kind:
            stages = [{"title": s["title"], "weight": s["weight"], "due": due}
                      for s, due in zip(stage_steps[kind], plan.stage_dues, strict=True)]
            with clock.travel(_at(demo.year, 2, rng.randint(24, 28), rng.randint(9, 16), rng.randint(0, 59))):
                set_milestones(task, demo.office, task.version, stages)
        demo.counts[f"outcome_{plan.outcome}"] += 1


def today(demo: Demo) -> None:
    """The as-of date's morning run of ``send_reminders``; notices older than ten days have been read."""
    from duban.web.ledger.models import Notification
    from duban.web.ledger.services import send_reminders

    with clock.travel(dt.datetime.combine(demo.as_of, dt.time(7, 30))):
        sent = send_reminders(demo.as_of)
    for kind, n in sent.items():
        demo.counts[f"reminders_{kind}"] += n
    cutoff = dt.datetime.combine(demo.as_of - dt.timedelta(days=10), dt.time())
    from django.utils import timezone

    Notification.objects.filter(created_at__lt=timezone.make_aware(cutoff), read_at__isnull=True).update(
        read_at=F("created_at") + dt.timedelta(hours=20)
    )
