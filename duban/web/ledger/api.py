"""REST API (django-ninja): reports, tasks, targets, progress, status, departments, summary;
webhooks come from :mod:`duban.web.webhooks.api`. OpenAPI at /api/openapi.json, docs at /api/docs.

Authentication: ``Authorization: Bearer <token>`` (tokens from /accounts/tokens/ or
``duban token create``) or the browser session (with CSRF). Access uses the same helpers
as the pages, input the same checks (:mod:`duban.web.ledger.validation`), writes the same
workflow functions; refusals are described in :mod:`duban.web.ledger.api_errors`.
"""


import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, NinjaAPI, Path, Query, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status as Reply
from pydantic import Field

from duban.web.accounts.roles import department_of
from duban.web.ledger import api_errors, api_rows, clock, stamp
from duban.web.ledger import validation as check
from duban.web.ledger.access import (
    can_report_on,
    get_progress_for_user,
    get_report_for_user,
    get_task_for_user,
    tasks_for_user,
    visible_departments,
)
from duban.web.ledger.api_common import (
    OFFICE_ONLY,
    Day,
    Figure,
    Id,
    Name,
    Narrative,
    Page,
    PathId,
    Period,
    Reason,
    RoleSession,
    Search,
    Title,
    TokenAuth,
    Version,
    checked,
    examples,
)
from duban.web.ledger.api_errors import errors
from duban.web.ledger.models import Department, Report, ReportType, Status, Task
from duban.web.ledger.services import verdict_for
from duban.web.ledger.workflow import WorkflowError, assign_task, file_progress, report_types, verify_progress

api = NinjaAPI(
    title="Duban ledger API", version="1.0.0", auth=[TokenAuth(), RoleSession()],
    description=("台账 API: reports, tasks, targets, progress reports, 蓝黄红 status, departments, the dashboard "
                 "summary and outbound webhooks. Every error has the body `{\"detail\": …}`; input errors add "
                 "`errors: [{field, message}]`. A missing object and one the caller may not see answer the same 404."),
)
api_errors.install(api)
_openapi = api.get_openapi_schema
api.get_openapi_schema = lambda *a, **kw: api_errors.describe(_openapi(*a, **kw))


# --- schemas -------------------------------------------------------------------------------------


class ReportOut(Schema):
    id: int
    title: str
    year: int
    sha256: str
    state: str
    published: bool
    imported_at: dt.datetime

    model_config = examples({"id": 1, "title": "2023年政府工作报告", "year": 2023, "sha256": "9f2c…", "state": "confirmed",
                              "published": True, "imported_at": "2023-02-01T09:30:00+08:00"})


class ImportOut(Schema):
    id: int = Field(description="the import's id: the report it created, or the earlier import of the same text")
    created: bool = Field(description="false when the same text had been imported before")
    title: str
    tasks: int
    targets: int
    unknown_departments: list[str]
    review_url: str = Field(description="where the office reviews the items before confirming them")

    model_config = examples({"id": 3, "created": True, "title": "2024年 政府工作报告", "tasks": 212, "targets": 97,
                              "unknown_departments": ["市停车管理中心"], "review_url": "/reports/3/"})


class TargetOut(Schema):
    id: int
    metric: str
    quote: str
    value: float | None
    value_max: float | None
    unit: str
    comparator: str
    kind: str
    deadline: str

    model_config = examples({"id": 7, "metric": "新建中小学", "quote": "新建中小学12所", "value": 12, "value_max": None,
                              "unit": "所", "comparator": "=", "kind": "absolute", "deadline": "2023"})


class TaskOut(Schema):
    id: int
    report_id: int
    title: str
    text: str
    list_name: str
    review: str
    lead_department: str | None
    cooperating: list[str]
    start_date: dt.date
    deadline: dt.date
    status: str
    status_reason: str
    progress: float
    expected: float
    version: int
    measurable: bool

    model_config = examples({"id": 12, "report_id": 1, "title": "全年新建中小学12所", "text": "全年新建中小学12所，…",
                              "list_name": "", "review": "active", "lead_department": "市教育局", "cooperating": ["市财政局"],
                              "start_date": "2023-01-01", "deadline": "2023-12-31", "status": "yellow",
                              "status_reason": "进度 40%，应达 55%", "progress": 40.0, "expected": 55.0, "version": 4,
                              "measurable": True})

    # The list serves ready rows (dicts, see api_rows); a single task is a model instance.
    @staticmethod
    def resolve_lead_department(obj):
        if isinstance(obj, dict):
            return obj["lead_department"]
        return obj.lead_department.name if obj.lead_department_id else None

    @staticmethod
    def resolve_cooperating(obj):
        if isinstance(obj, dict):
            return obj["cooperating"]
        return [d.name for d in obj.cooperating.all()]

    @staticmethod
    def resolve_measurable(obj):
        if isinstance(obj, dict):
            return obj["measurable"]
        return any(True for _ in obj.targets.all())


class StatusOut(Schema):
    status: str
    label: str
    reason: str
    progress: float
    expected: float
    as_of: dt.date

    model_config = examples({"status": "red", "label": "红色（严重滞后或逾期）", "reason": "已逾期", "progress": 60.0,
                              "expected": 100.0, "as_of": "2024-01-05"})


class FigureOut(Schema):
    target_id: int
    value: float


class ProgressOut(Schema):
    id: int
    task_id: int
    department: str
    report_type: str
    period: str
    narrative: str
    state: str
    filed_at: dt.datetime
    version: int
    figures: list[FigureOut]

    model_config = examples({"id": 31, "task_id": 12, "department": "市教育局", "report_type": "regular",
                              "period": "2023-06", "narrative": "已完工8所", "state": "filed",
                              "filed_at": "2023-06-28T10:00:00+08:00", "version": 1,
                              "figures": [{"target_id": 7, "value": 8}]})

    @staticmethod
    def resolve_department(obj):
        return obj.department.name

    @staticmethod
    def resolve_report_type(obj):
        return obj.report_type.code

    @staticmethod
    def resolve_figures(obj):
        return [{"target_id": f.target_id, "value": f.value} for f in obj.figures.all()]


class ProgressIn(Schema):
    period: Period
    narrative: Narrative
    report_type: Annotated[str, Field(max_length=20)] = "regular"
    figures: dict[Id, Figure] = Field({}, max_length=500, description="target id → figure (counts ≥ 0; rates may be < 0)")
    milestones: list[Id] = Field([], max_length=check.STAGES_MAX, description="ids of the stages completed this period")

    model_config = examples({"period": "2023-06", "narrative": "已完工8所，其余4所主体封顶。", "report_type": "regular",
                              "figures": {"7": 8}, "milestones": []})


class VerifyIn(Schema):
    version: Version
    accept: bool
    reason: Reason = ""

    model_config = examples({"version": 1, "accept": False, "reason": "完成值与佐证材料不符，请核对。"})


class AssignIn(Schema):
    version: Version
    lead_department: Name | None = None
    cooperating: list[Name] = Field([], max_length=50)
    deadline: Day
    title: Title | None = None
    published: bool | None = None

    model_config = examples({"version": 3, "lead_department": "市教育局", "cooperating": ["市财政局"],
                              "deadline": "2023-12-31"})


class TaskQuery(Schema):
    """The ledger table's filters (/tasks/). Chapter, report and department must be
    ones the caller may see; any other value is refused like a value that names nothing."""

    status: Status | None = None
    report: Id | None = None
    chapter: Id | None = None
    dept: Annotated[str, Field(pattern=r"^(none|[0-9]{1,19})$")] | None = Field(
        None, description="department id (lead or co-operating), or `none` for tasks without a lead")
    department: Name | None = Field(None, description="lead department by exact name (older clients)")
    list: checked(str, lambda v: check.search(v, "list"), maxLength=100) | None = Field(
        None, description="appendix list name (清单)")
    due_from: Day | None = None
    due_to: Day | None = None
    q: Search | None = Field(None, description="search words")
    sort: Annotated[str, Field(pattern=r"^-?[a-z]+$", max_length=20)] | None = None


class DepartmentOut(Schema):
    id: int
    name: str
    active: bool

    model_config = examples({"id": 4, "name": "市教育局", "active": True})


class CountsOut(Schema):
    key: int | None = Field(description="department or chapter id (null: unassigned, or an appendix list)")
    name: str
    total: int
    counts: dict[str, int]
    progress: float


class SummaryOut(Schema):
    total: int
    counts: dict[str, int] = Field(description="tasks by status: red, yellow, blue, normal, done")
    completion: float
    progress: float
    departments: list[CountsOut]
    chapters: list[CountsOut]
    as_of: dt.date

    model_config = examples({"total": 3, "counts": {"red": 1, "yellow": 1, "blue": 0, "normal": 1, "done": 0},
                              "completion": 0.0, "progress": 31.7,
                              "departments": [{"key": 4, "name": "市教育局", "total": 2,
                                               "counts": {"red": 1, "yellow": 1, "blue": 0, "normal": 0, "done": 0},
                                               "progress": 20.0}],
                              "chapters": [{"key": 9, "name": "二、民生实事", "total": 3,
                                            "counts": {"red": 1, "yellow": 1, "blue": 0, "normal": 1, "done": 0},
                                            "progress": 31.7}],
                              "as_of": "2023-06-30"})


# --- reports -------------------------------------------------------------------------------------


@api.get("/reports", response={200: list[ReportOut], **errors(400, 403)}, tags=["reports"],
         summary="List imported work reports (office, leaders)")
@paginate(Page)
def list_reports(request):
    if not request.user.has_perm("ledger.view_report"):
        raise PermissionDenied("部门填报人不能查看报告全文")
    return Report.objects.defer("text", "extraction").order_by("-year", "-imported_at", "-id")


@api.post("/reports", response={201: ImportOut, 200: ImportOut, **errors(400, 403)}, tags=["reports"], auth=OFFICE_ONLY,
          summary="Import a report file (office); its items wait for review",
          description="Multipart upload of a txt, docx, pdf or html report, checked like the import page "
                      "(size, type, year). 201 with the new import; 200 when the same text was imported before.")
def import_report(request, file: File[UploadedFile], year: Form[int | None] = None, title: Form[str | None] = None):
    from duban.web.ledger.forms import ImportForm
    from duban.web.ledger.importer import ImportError_, run_import

    form = ImportForm({"year": "" if year is None else str(year), "title": title or ""}, {"file": file})
    if not form.is_valid():
        field, messages = next(iter(form.errors.items()))
        raise check.Invalid(field, messages[0])
    try:
        result = run_import(form.cleaned_data["file"], request.user, year=form.cleaned_data["year"],
                            title=form.cleaned_data["title"] or None)
    except ImportError_ as exc:
        raise check.Invalid("file", str(exc)) from None
    body = {"id": result.report.pk, "created": result.created, "title": result.report.title, "tasks": result.tasks,
            "targets": result.targets, "unknown_departments": result.unknown_departments,
            "review_url": reverse("ledger:report_review", args=[result.report.pk])}
    return Reply(201 if result.created else 200, body)


@api.get("/reports/{report_id}", response={200: ReportOut, **errors(400, 404)}, tags=["reports"],
         summary="One imported report (office, leaders)")
def get_report(request, report_id: Path[PathId]):
    return get_report_for_user(request, report_id)[0]


# --- tasks ---------------------------------------------------------------------------------------


@api.get("/tasks", response={200: list[TaskOut], **errors(400)}, tags=["tasks"],
         summary="Tasks in the ledger the caller may see, with the ledger table's filters")
@paginate(Page)
def list_tasks(request, filters: Query[TaskQuery]):
    from duban.web.dashboard.filters import TaskFilter

    params = {k: str(v) for k, v in filters.dict(exclude_none=True).items() if k != "department"}
    chosen = TaskFilter.from_query(params, request.user)
    if chosen.errors:
        field, message = chosen.errors[0]
        raise check.Invalid(field, message.removesuffix("，已忽略"))
    qs = tasks_for_user(request.user).filter(review=Task.Review.ACTIVE)
    if filters.department:
        dept = visible_departments(request.user).filter(name=filters.department).first()
        if dept is None:
            raise check.Invalid("department", "没有这个单位，或您无权查看")
        qs = qs.filter(lead_department=dept)
    # Rows are computed once per change of the ledger, audience and filter (duban.web.ledger.stamp).
    return stamp.memo("api_tasks", stamp.scope_of(request.user), lambda: api_rows.task_rows(chosen.apply(qs)),
                      sorted(params.items()), filters.department)


@api.get("/tasks/{task_id}", response={200: TaskOut, **errors(400, 404)}, tags=["tasks"], summary="One task")
def get_task(request, task_id: Path[PathId]):
    return get_task_for_user(request, task_id)[0]


@api.patch("/tasks/{task_id}", response={200: TaskOut, **errors(400, 403, 404, 409)}, tags=["tasks"],
           summary="Assign a task: lead and co-operating departments, deadline, title (office)")
def assign(request, task_id: Path[PathId], payload: AssignIn):
    task, can_write = get_task_for_user(request, task_id)
    if not can_write:
        raise PermissionDenied("只有督查室可以分派任务")

    def dept(field, name):
        found = Department.objects.filter(name=name).first()
        if found is None:
            raise check.Invalid(field, f"没有名为“{name}”的单位")
        return found

    lead = dept("lead_department", payload.lead_department) if payload.lead_department else None
    return assign_task(task, request.user, payload.version, lead=lead,
                       cooperating=[dept("cooperating", n) for n in payload.cooperating],
                       deadline=payload.deadline, title=payload.title, published=payload.published)


@api.get("/tasks/{task_id}/targets", response={200: list[TargetOut], **errors(400, 404)}, tags=["tasks"],
         summary="A task's quantitative targets")
def task_targets(request, task_id: Path[PathId]):
    return list(get_task_for_user(request, task_id)[0].targets.all())


@api.get("/tasks/{task_id}/status", response={200: StatusOut, **errors(400, 404)}, tags=["status"],
         summary="A task's 蓝黄红 status computed now, with the reason")
def task_status(request, task_id: Path[PathId]):
    task = get_task_for_user(request, task_id)[0]
    v = verdict_for(task)
    return {"status": v.status, "label": str(Status(v.status).label), "reason": v.reason, "progress": v.progress,
            "expected": v.expected, "as_of": clock.today()}


@api.get("/tasks/{task_id}/progress", response={200: list[ProgressOut], **errors(400, 404)}, tags=["progress"],
         summary="A task's progress reports")
def task_progress(request, task_id: Path[PathId]):
    task = get_task_for_user(request, task_id)[0]
    return list(task.progress_reports.select_related("department", "report_type").prefetch_related("figures"))


@api.post("/tasks/{task_id}/progress", response={201: ProgressOut, **errors(400, 403, 404)}, tags=["progress"],
          summary="File a progress report for the caller's department (department reporters)")
def file_task_progress(request, task_id: Path[PathId], payload: ProgressIn):
    task = get_task_for_user(request, task_id)[0]
    if not can_report_on(request.user, task):
        raise PermissionDenied("只有牵头或配合单位的填报人可以报送该任务的进度")
    report_types()
    rtype = ReportType.objects.filter(code=payload.report_type).first()
    if rtype is None:
        raise check.Invalid("report_type", f"未知的报告类型“{payload.report_type}”")
    milestones = list(task.milestones.filter(pk__in=payload.milestones))
    if len(milestones) != len(set(payload.milestones)):
        raise check.Invalid("milestones", "有阶段不属于该任务")
    progress = file_progress(task, request.user, department=department_of(request.user), report_type=rtype,
                             period=payload.period, narrative=payload.narrative, figures=payload.figures, milestones=milestones)
    return Reply(201, progress)


@api.get("/progress/{progress_id}", response={200: ProgressOut, **errors(400, 404)}, tags=["progress"],
         summary="One progress report")
def get_progress(request, progress_id: Path[PathId]):
    return get_progress_for_user(request, progress_id)[0]


@api.post("/progress/{progress_id}/verify", response={200: ProgressOut, **errors(400, 403, 404, 409)}, tags=["progress"],
          summary="Verify (核实) a filed progress report or return it with a reason (office)")
def verify(request, progress_id: Path[PathId], payload: VerifyIn):
    progress, can_verify = get_progress_for_user(request, progress_id)
    if not can_verify:
        raise PermissionDenied("只有督查室可以核实进度报告")
    verify_progress(progress, request.user, payload.version, accept=payload.accept, reason=payload.reason)
    progress.refresh_from_db()
    return progress


# --- departments and the dashboard summary -------------------------------------------------------


@api.get("/departments", response={200: list[DepartmentOut], **errors(400)}, tags=["departments"],
         summary="Departments the caller may see (all for the office and leaders)")
@paginate(Page)
def list_departments(request):
    return visible_departments(request.user).order_by("name", "id")


@api.get("/summary", response={200: SummaryOut, **errors()}, tags=["dashboard"],
         summary="What the dashboard shows: task counts by status, department and chapter")
def summary(request):
    from duban.web.dashboard import stats

    tasks = tasks_for_user(request.user)
    ov = stats.overview(tasks)

    def rows(breakdowns):
        return [{"key": b.key, "name": b.name, "total": b.total, "counts": {s: b.counts.get(s, 0) for s in stats.STATUS_ORDER},
                 "progress": b.progress} for b in breakdowns]

    return {"total": ov.total, "counts": {s: ov.counts.get(s, 0) for s in stats.STATUS_ORDER},
            "completion": ov.completion, "progress": ov.progress, "departments": rows(stats.by_department(tasks)),
            "chapters": rows(stats.by_chapter(tasks)), "as_of": timezone.localdate()}


def _mount_other_routers() -> None:
    """Routers of other apps (webhooks) join the one API, so there is one OpenAPI document."""
    import importlib.util

    if importlib.util.find_spec("duban.web.webhooks"):
        from duban.web.webhooks.api import router

        api.add_router("/webhooks", router)
    if importlib.util.find_spec("duban.web.suggestions"):
        from duban.web.suggestions.api import router as suggestions

        api.add_router("/suggestions", suggestions)


_mount_other_routers()

__all__ = ["api", "WorkflowError"]
