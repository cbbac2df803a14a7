"""REST API (django-ninja): reports, tasks, targets, progress and status, OpenAPI at /api/openapi.json.

Authentication: ``Authorization: Bearer <token>`` (tokens from /accounts/tokens/) or the
browser session (with CSRF). Access uses the same helpers as the pages.
"""


import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status as Reply
from ninja.security import HttpBearer, SessionAuth

from duban.web.accounts.models import ApiToken, hash_token
from duban.web.accounts.roles import department_of, role_of
from duban.web.ledger import api_rows, clock, stamp
from duban.web.ledger.access import (
    can_report_on,
    get_progress_for_user,
    get_report_for_user,
    get_task_for_user,
    tasks_for_user,
)
from duban.web.ledger.models import Department, Report, ReportType, Status, Task
from duban.web.ledger.services import verdict_for
from duban.web.ledger.workflow import (
    Conflict,
    WorkflowError,
    assign_task,
    file_progress,
    report_types,
    verify_progress,
)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        token_row = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token), revoked=False).first()
        if token_row is None or not token_row.user.is_active or not role_of(token_row.user):
            return None
        # Cheap enough per request, and lets the office see which tokens are in use.
        if token_row.last_used_at is None or timezone.now() - token_row.last_used_at > dt.timedelta(minutes=5):
            ApiToken.objects.filter(pk=token_row.pk).update(last_used_at=timezone.now())
        request.user = token_row.user
        return token_row.user


class RoleSession(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and role_of(user) else None


api = NinjaAPI(title="Duban ledger API", version="1.0.0", auth=[TokenAuth(), RoleSession()],
               description="台账 API: reports, tasks, targets, progress reports and 蓝黄红 status.")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "forbidden"}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "not found"}, status=404)


@api.exception_handler(Conflict)
def _conflict(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(WorkflowError)
def _bad_request(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


class ReportOut(Schema):
    id: int
    title: str
    year: int
    sha256: str
    state: str
    published: bool
    imported_at: dt.datetime


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
    period: str
    narrative: str
    report_type: str = "regular"
    figures: dict[int, float] = {}
    milestones: list[int] = []


class VerifyIn(Schema):
    version: int
    accept: bool
    reason: str = ""


class AssignIn(Schema):
    version: int
    lead_department: str | None = None
    cooperating: list[str] = []
    deadline: dt.date
    title: str | None = None
    published: bool | None = None


class TaskFilter(Schema):
    status: Status | None = None
    report: int | None = None
    department: str | None = None


@api.get("/reports", response=list[ReportOut], tags=["reports"])
@paginate(LimitOffsetPagination)
def list_reports(request):
    if not request.user.has_perm("ledger.view_report"):
        raise PermissionDenied("部门填报人不能查看报告全文")
    return Report.objects.defer("text", "extraction").order_by("-year", "-imported_at")


@api.get("/reports/{report_id}", response=ReportOut, tags=["reports"])
def get_report(request, report_id: int):
    return get_report_for_user(request, report_id)[0]


@api.get("/tasks", response=list[TaskOut], tags=["tasks"])
@paginate(LimitOffsetPagination)
def list_tasks(request, filters: Query[TaskFilter]):
    qs = tasks_for_user(request.user).filter(review=Task.Review.ACTIVE)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.report:
        qs = qs.filter(report_id=filters.report)
    if filters.department:
        qs = qs.filter(lead_department__name=filters.department)
    # Rows are computed once per change of the ledger and audience (see duban.web.ledger.stamp).
    return stamp.memo("api_tasks", stamp.scope_of(request.user), lambda: api_rows.task_rows(qs.order_by("id")),
                      filters.status, filters.report, filters.department)


@api.get("/tasks/{task_id}", response=TaskOut, tags=["tasks"])
def get_task(request, task_id: int):
    return get_task_for_user(request, task_id)[0]


@api.patch("/tasks/{task_id}", response=TaskOut, tags=["tasks"])
def assign(request, task_id: int, payload: AssignIn):
    task, can_write = get_task_for_user(request, task_id)
    if not can_write:
        raise PermissionDenied("只有督查室可以分派任务")

    def dept(name):
        found = Department.objects.filter(name=name).first()
        if found is None:
            raise WorkflowError(f"没有名为“{name}”的单位")
        return found

    lead = dept(payload.lead_department) if payload.lead_department else None
    return assign_task(task, request.user, payload.version, lead=lead, cooperating=[dept(n) for n in payload.cooperating],
                       deadline=payload.deadline, title=payload.title, published=payload.published)


@api.get("/tasks/{task_id}/targets", response=list[TargetOut], tags=["tasks"])
def task_targets(request, task_id: int):
    return list(get_task_for_user(request, task_id)[0].targets.all())


@api.get("/tasks/{task_id}/status", response=StatusOut, tags=["status"])
def task_status(request, task_id: int):
    task = get_task_for_user(request, task_id)[0]
    v = verdict_for(task)
    return {"status": v.status, "label": str(Status(v.status).label), "reason": v.reason, "progress": v.progress,
            "expected": v.expected, "as_of": clock.today()}


@api.get("/tasks/{task_id}/progress", response=list[ProgressOut], tags=["progress"])
def task_progress(request, task_id: int):
    task = get_task_for_user(request, task_id)[0]
    return list(task.progress_reports.select_related("department", "report_type").prefetch_related("figures"))


@api.post("/tasks/{task_id}/progress", response={201: ProgressOut}, tags=["progress"])
def file_task_progress(request, task_id: int, payload: ProgressIn):
    task = get_task_for_user(request, task_id)[0]
    if not can_report_on(request.user, task):
        raise PermissionDenied("只有牵头或配合单位的填报人可以报送该任务的进度")
    report_types()
    rtype = ReportType.objects.filter(code=payload.report_type).first()
    if rtype is None:
        raise WorkflowError(f"未知的报告类型“{payload.report_type}”")
    milestones = list(task.milestones.filter(pk__in=payload.milestones))
    if len(milestones) != len(set(payload.milestones)):
        raise WorkflowError("有阶段不属于该任务")
    progress = file_progress(task, request.user, department=department_of(request.user), report_type=rtype,
                             period=payload.period, narrative=payload.narrative, figures=payload.figures, milestones=milestones)
    return Reply(201, progress)


@api.get("/progress/{progress_id}", response=ProgressOut, tags=["progress"])
def get_progress(request, progress_id: int):
    return get_progress_for_user(request, progress_id)[0]


@api.post("/progress/{progress_id}/verify", response=ProgressOut, tags=["progress"])
def verify(request, progress_id: int, payload: VerifyIn):
    progress, can_verify = get_progress_for_user(request, progress_id)
    if not can_verify:
        raise PermissionDenied("只有督查室可以核实进度报告")
    verify_progress(progress, request.user, payload.version, accept=payload.accept, reason=payload.reason)
    progress.refresh_from_db()
    return progress


