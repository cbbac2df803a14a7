"""Every change to the ledger goes through these functions.

Each one runs in a transaction, starts with a conditional update from the expected
state and version (:func:`bump`), writes history (simple-history, by ``save()``), and
records an audit event. A second person acting on a stale page gets :class:`Conflict`
instead of overwriting the first person's change.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F

from duban.web.audit.events import Action
from duban.web.audit.record import record
from duban.web.ledger import clock, departments
from duban.web.ledger import validation as check
from duban.web.ledger.errors import Conflict, WorkflowError
from duban.web.ledger.models import (
    Department,
    Milestone,
    ProgressFigure,
    ProgressReport,
    Report,
    ReportType,
    Target,
    Task,
    Verification,
)
from duban.web.ledger.notify import notify_departments, notify_office, notify_user
from duban.web.ledger.signals import emit

__all__ = [
    "Conflict",
    "WorkflowError",
    "bump",
    "edit_item",
    "drop_item",
    "restore_item",
    "merge_items",
    "split_item",
    "confirm_report",
    "set_published",
    "assign_task",
    "set_milestones",
    "file_progress",
    "refile_progress",
    "verify_progress",
    "report_types",
    "set_lead_from_text",
]


def bump(obj, expected_version: int, user=None, **expected) -> None:
    """Claim ``obj`` for a change: conditional UPDATE on version (and expected fields).

    On PostgreSQL the UPDATE also locks the row until the transaction ends; on SQLite
    the IMMEDIATE transaction already holds the write lock. Either way the loser
    of a race finds zero rows and gets :class:`Conflict`."""
    model = type(obj)
    n = model.objects.filter(pk=obj.pk, version=expected_version, **expected).update(version=F("version") + 1)
    if n != 1:
        current = model.objects.filter(pk=obj.pk).values("version", *expected.keys()).first()
        if current is None:
            raise Conflict("该记录已不存在。")
        who = _last_editor(obj)
        raise Conflict(f"保存冲突：{who}已修改了此记录（版本 {current['version']}，您打开的是版本 {expected_version}）。"
                       "请刷新页面查看最新内容后再操作，您的修改未保存。")
    obj.version = expected_version + 1
    obj._history_user = user if getattr(user, "is_authenticated", False) else None


def _last_editor(obj) -> str:
    history = getattr(obj, "history", None)
    if history is not None:
        last = history.order_by("-history_date").select_related("history_user").first()
        if last is not None and last.history_user is not None:
            return f"{last.history_user.get_username()} "
    return "其他人"


def _save(obj, user, **fields) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)
    obj._history_user = user if getattr(user, "is_authenticated", False) else None
    obj.save()


# --- review of an imported report --------------------------------------------------------------


def _pending(task: Task) -> None:
    if task.report.state != Report.State.REVIEW:
        raise WorkflowError("报告已确认入账，条目不能再在审核页修改；请在任务页修改。")


@transaction.atomic
def edit_item(task: Task, user, expected_version: int, *, title: str, text: str, lead_department: Department | None = None) -> Task:
    _pending(task)
    title = check.title(title) if (title or "").strip() else task.title
    text = check.narrative(text, "text") if (text or "").strip() else task.text
    bump(task, expected_version, user)
    before = {"title": task.title, "text": task.text}
    _save(task, user, title=title, text=text)
    if lead_department is not None:
        _save(task, user, lead_department=lead_department)
    record(user, Action.ITEM_EDITED, task, {"before": before, "after": {"title": task.title, "text": task.text}})
    return task


@transaction.atomic
def drop_item(task: Task, user, expected_version: int) -> None:
    _pending(task)
    bump(task, expected_version, user, review=Task.Review.PENDING)
    _save(task, user, review=Task.Review.DROPPED)
    record(user, Action.ITEM_DROPPED, task)


@transaction.atomic
def restore_item(task: Task, user, expected_version: int) -> None:
    _pending(task)
    bump(task, expected_version, user, review=Task.Review.DROPPED)
    _save(task, user, review=Task.Review.PENDING)
    record(user, Action.ITEM_RESTORED, task)


@transaction.atomic
def merge_items(keep: Task, other: Task, user, keep_version: int, other_version: int) -> Task:
    """Fold ``other`` into ``keep``: text joined, targets moved, ``other`` dropped."""
    if keep.pk == other.pk or keep.report_id != other.report_id:
        raise WorkflowError("只能合并同一报告中的两个不同条目。")
    _pending(keep)
    first, second = sorted([keep, other], key=lambda t: (t.start or 0, t.pk))
    bump(keep, keep_version, user, review=Task.Review.PENDING)
    bump(other, other_version, user, review=Task.Review.PENDING)
    for target in list(other.targets.all()):
        _save(target, user, task=keep)
    text = f"{first.text}{second.text}"
    starts = [t.start for t in (keep, other) if t.start is not None]
    ends = [t.end for t in (keep, other) if t.end is not None]
    _save(keep, user, text=text, start=min(starts) if starts else None, end=max(ends) if ends else None,
          deadline=max(keep.deadline, other.deadline))
    _save(other, user, review=Task.Review.DROPPED)
    record(user, Action.ITEM_MERGED, keep, {"merged": other.pk, "merged_title": other.title})
    return keep


@transaction.atomic
def split_item(task: Task, user, expected_version: int, at: int) -> Task:
    """Cut the task's text at character ``at``; the second part becomes a new item and takes
    the targets whose quote lies in it."""
    _pending(task)
    if not 0 < at < len(task.text):
        raise WorkflowError(f"拆分位置须在 1 到 {len(task.text) - 1} 之间。")
    bump(task, expected_version, user, review=Task.Review.PENDING)
    head, tail = task.text[:at], task.text[at:]
    cut = task.start + at if task.start is not None else None
    new = Task(
        report=task.report, section=task.section, key=f"{task.key}-split", list_name=task.list_name,
        title=_short(tail), text=tail, start=cut, end=task.end, lead_department=task.lead_department,
        lead_department_text=task.lead_department_text, start_date=task.start_date, deadline=task.deadline,
    )
    _save(new, user)
    _save(task, user, text=head, end=cut, title=_short(head) if task.title == _short(task.text) else task.title)
    for target in task.targets.all():
        in_tail = (target.start is not None and cut is not None and target.start >= cut) or (
            target.start is None and target.quote and target.quote in tail and target.quote not in head
        )
        if in_tail:
            _save(target, user, task=new)
    record(user, Action.ITEM_SPLIT, task, {"at": at, "new_task": new.pk})
    return new


def _short(text: str) -> str:
    from duban.web.ledger.importer import _title

    return _title(text)


@transaction.atomic
def confirm_report(report: Report, user, expected_version: int) -> int:
    """Enter the reviewed items into the ledger; returns the number of tasks that became active."""
    bump(report, expected_version, user, state=Report.State.REVIEW)
    _save(report, user, state=Report.State.CONFIRMED, confirmed_by=user, confirmed_at=clock.now())
    count = 0
    # Row by row rather than QuerySet.update(): every task keeps its own history entry.
    for task in report.tasks.filter(review=Task.Review.PENDING):
        _save(task, user, review=Task.Review.ACTIVE, version=task.version + 1)
        count += 1
    record(user, Action.REPORT_CONFIRMED, report, {"tasks": count})
    from duban.web.ledger.services import refresh_report

    refresh_report(report, by=user)
    return count


@transaction.atomic
def set_published(obj: Report | Task, user, expected_version: int, published: bool) -> None:
    bump(obj, expected_version, user)
    _save(obj, user, published=published)
    record(user, Action.REPORT_PUBLISHED, obj, {"published": published})


# --- assignment and stages ---------------------------------------------------------------------


@transaction.atomic
def assign_task(task: Task, user, expected_version: int, *, lead: Department | None, cooperating, deadline: dt.date,
                title: str | None = None, published: bool | None = None) -> Task:
    if task.review == Task.Review.DROPPED:
        raise WorkflowError("该条目已删除，不能分派。")
    cooperating = [d for d in cooperating if lead is None or d.pk != lead.pk]
    deadline = check.date(deadline, "deadline")
    title = check.title(title) if title else None
    if deadline < task.start_date:
        raise WorkflowError(f"完成时限不能早于起始日期 {task.start_date:%Y-%m-%d}。")
    bump(task, expected_version, user)
    before = {"lead": str(task.lead_department or ""), "cooperating": [str(d) for d in task.cooperating.all()],
              "deadline": task.deadline, "title": task.title, "published": task.published}
    changes = {"lead_department": lead, "deadline": deadline}
    if title:
        changes["title"] = title
    if published is not None:
        changes["published"] = published
    _save(task, user, **changes)
    task.cooperating.set(cooperating)
    after = {"lead": str(lead or ""), "cooperating": [str(d) for d in cooperating], "deadline": deadline,
             "title": task.title, "published": task.published}
    record(user, Action.TASK_ASSIGNED, task, {"before": before, "after": after})
    if before["lead"] != after["lead"] or before["cooperating"] != after["cooperating"]:
        notify_departments(task, "assigned", f"新分派任务：{task.title}", dedupe=f"assigned:{task.pk}:{task.version}")
    _refresh(task, user)
    return task


@transaction.atomic
def set_milestones(task: Task, user, expected_version: int, stages: list[dict]) -> Task:
    """Replace the task's stages with ``stages`` ([{title, weight, due}]); verified ones are kept
    (matched by title) so that no verified progress is lost by an edit."""
    if len(stages) > check.STAGES_MAX:
        raise check.Invalid("stages", f"阶段最多 {check.STAGES_MAX} 个。")
    stages = [{"title": check.title(s.get("title"), "stages"), "weight": check.stage_weight(s.get("weight"), "stages"),
               "due": check.date(s["due"], "stages") if s.get("due") else None} for s in stages]
    bump(task, expected_version, user)
    _save(task, user)
    existing = {m.title: m for m in task.milestones.all()}
    keep = set()
    for order, s in enumerate(stages):
        title = s["title"]
        m = existing.get(title) or Milestone(task=task, title=title)
        _save(m, user, weight=int(s["weight"]), due=s.get("due"), order=order)
        keep.add(m.pk)
    for m in existing.values():
        if m.pk not in keep:
            m._history_user = user
            m.delete()
    record(user, Action.MILESTONE_SET, task, {"stages": [{"title": s["title"], "weight": s["weight"], "due": s.get("due")} for s in stages]})
    _refresh(task, user)
    return task


def set_lead_from_text(task: Task, user=None) -> int:
    names = departments.split_names(task.lead_department_text)
    lead = departments.resolve(names[0]) if names else None
    if lead is None:
        return 0
    bump(task, task.version, user)
    _save(task, user, lead_department=lead)
    coop = [d for d in (departments.resolve(n) for n in names[1:]) if d]
    if coop:
        task.cooperating.add(*coop)
    return 1


# --- the two reports: progress (department) and verification (office) --------------------------


def report_types() -> list[ReportType]:
    """The configured report types, created on first use from settings.LEDGER_REPORT_TYPES."""
    from django.conf import settings

    for code, (name, figures) in settings.LEDGER_REPORT_TYPES.items():
        ReportType.objects.get_or_create(code=code, defaults={"name": name, "expects_figures": figures})
    return list(ReportType.objects.filter(code__in=settings.LEDGER_REPORT_TYPES).order_by("pk"))


def _check_figures(task: Task, figures) -> dict[int, float]:
    """target id -> checked figure; every target must be the task's own."""
    if not figures:
        return {}
    if not isinstance(figures, dict):
        raise check.Invalid("figures", "完成值应为“指标编号: 数值”的对应表。")
    targets = {t.pk: t for t in task.targets.all()}
    out = {}
    for raw_id, value in figures.items():
        target_id = check.object_id(raw_id, "figures")
        if target_id not in targets:
            raise check.Invalid("figures", f"指标 {target_id} 不属于该任务。")
        out[target_id] = check.figure_for(targets[target_id], value)
    return out


def _write_figures(progress: ProgressReport, user, figures: dict[int, float]) -> None:
    for target_id, value in figures.items():
        fig = ProgressFigure.objects.filter(report=progress, target_id=target_id).first() or ProgressFigure(
            report=progress, target_id=target_id
        )
        _save(fig, user, value=value)


def _check_milestones(task: Task, milestones) -> list[Milestone]:
    milestones = list(milestones or [])
    own = set(task.milestones.values_list("pk", flat=True))
    for m in milestones:
        if m.pk not in own:
            raise WorkflowError(f"阶段“{m}”不属于该任务。")
    return milestones


@transaction.atomic
def file_progress(task: Task, user, *, department: Department, report_type: ReportType, period: str, narrative: str,
                  figures: dict[int, float] | None = None, milestones=None) -> ProgressReport:
    if task.review != Task.Review.ACTIVE:
        raise WorkflowError("任务尚未入账，不能报送进度。")
    period = check.period(period)
    narrative = check.narrative(narrative)
    figures = _check_figures(task, figures)
    milestones = _check_milestones(task, milestones)
    same = ProgressReport.objects.filter(task=task, department=department, period=period, report_type=report_type)
    already = f"本单位 {period} 的{report_type.name}已报送；如被退回，请在原报告上修改后重新报送。"
    if same.exists():
        raise WorkflowError(already)
    progress = ProgressReport(task=task, department=department, report_type=report_type, period=period,
                              narrative=narrative, filed_by=user, filed_at=clock.now())
    try:
        with transaction.atomic():  # a savepoint: PostgreSQL can go on after the refusal below
            _save(progress, user)
    except IntegrityError:
        # The same report filed at the same moment (the check above passed for both): the
        # constraint one_report_per_period refuses the second; answer as if it came second.
        if same.exists():
            raise WorkflowError(already) from None
        raise
    progress.milestones_done.set(milestones)
    _write_figures(progress, user, figures)
    record(user, Action.PROGRESS_FILED, progress, {"period": period, "figures": figures or {}, "milestones": [m.pk for m in milestones]})
    notify_office(task, "filed", f"{department} 报送了“{task.title}”{period} 的进度报告", dedupe=f"filed:{progress.pk}:{progress.version}")
    emit("progress.filed", task, progress=progress, actor=user)
    # No status refresh: only verified figures count, so filing changes none of the status's inputs.
    return progress


@transaction.atomic
def refile_progress(progress: ProgressReport, user, expected_version: int, *, narrative: str,
                    figures: dict[int, float] | None = None, milestones=None) -> ProgressReport:
    narrative = check.narrative(narrative)
    figures = _check_figures(progress.task, figures)
    milestones = _check_milestones(progress.task, milestones)
    bump(progress, expected_version, user, state=ProgressReport.State.RETURNED)
    _save(progress, user, narrative=narrative, state=ProgressReport.State.FILED, filed_by=user, filed_at=clock.now())
    progress.milestones_done.set(milestones)
    _write_figures(progress, user, figures)
    record(user, Action.PROGRESS_REFILED, progress, {"figures": figures or {}})
    notify_office(progress.task, "filed", f"{progress.department} 重新报送了“{progress.task.title}”{progress.period} 的进度报告",
                  dedupe=f"filed:{progress.pk}:{progress.version}")
    emit("progress.filed", progress.task, progress=progress, actor=user, refiled=True)
    return progress


@transaction.atomic
def verify_progress(progress: ProgressReport, user, expected_version: int, *, accept: bool, reason: str = "") -> Verification:
    """核实: accept (figures and stages start to count) or return with a reason."""
    reason = check.reason(reason)
    if not accept and not reason:
        raise WorkflowError("退回时必须说明理由。")
    bump(progress, expected_version, user, state=ProgressReport.State.FILED)
    new_state = ProgressReport.State.VERIFIED if accept else ProgressReport.State.RETURNED
    _save(progress, user, state=new_state)
    verification = Verification(report=progress, decision="accept" if accept else "return", reason=reason.strip(), by=user, at=clock.now())
    _save(verification, user)
    task = progress.task
    if accept:
        today = clock.today()
        for m in progress.milestones_done.filter(done_on__isnull=True):
            _save(m, user, done_on=today)
        record(user, Action.PROGRESS_VERIFIED, progress, {"figures": {f.target_id: f.value for f in progress.figures.all()}})
        emit("progress.verified", task, progress=progress, actor=user)
    else:
        record(user, Action.PROGRESS_RETURNED, progress, {"reason": reason})
        emit("progress.returned", task, progress=progress, actor=user, reason=reason)
        notify_user(progress.filed_by, "returned", task, f"“{task.title}”{progress.period} 的进度报告被退回：{reason.strip()[:200]}",
                    dedupe=f"returned:{progress.pk}:{progress.version}")
    _refresh(task, user)
    return verification


def _refresh(task: Task, user) -> None:
    """Store the task's status again: every event that can change it ends here (or in refresh_report)."""
    from duban.web.ledger.services import refresh_status

    refresh_status(task, by=user)


def latest_verified_figures(task: Task) -> dict[int, float]:
    """target id -> the figure of the most recent verified period (only verified figures count)."""
    from duban.web.ledger.services import latest_figures

    return latest_figures([task.pk]).get(task.pk, {})


def edit_target(target: Target, user, **fields) -> Target:
    with transaction.atomic():
        task = target.task
        bump(task, task.version, user)
        _save(task, user)
        before = {k: getattr(target, k) for k in fields}
        _save(target, user, **fields)
        record(user, Action.TARGET_EDITED, target, {"before": before, "after": fields})
        _refresh(task, user)
    return target
