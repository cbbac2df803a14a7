"""建议提案办理 in the API, mounted at /api/suggestions: items, their handling steps, replies and
statistics. Same authentication, checks and uniform 404 as the ledger's operations
(:mod:`duban.web.ledger.api`); access through :mod:`.access`, writes through :mod:`.workflow`."""

import datetime as dt
from typing import Literal

from django.urls import reverse
from ninja import File, Form, Path, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status as Reply
from pydantic import Field

from duban.web.accounts.roles import department_of
from duban.web.ledger import clock
from duban.web.ledger import validation as check
from duban.web.ledger.api_common import OFFICE_ONLY, Day, Name, Page, PathId, Version, checked, examples
from duban.web.ledger.api_errors import errors
from duban.web.ledger.models import Department

from . import checks, stats, status, workflow
from .access import get_item_for_user, items_for_user, require
from .models import Item, Kind

router = Router(tags=["suggestions"])

Text = checked(str, checks.summary, minLength=1, maxLength=5000)


class CoUnitOut(Schema):
    unit: str
    deadline: dt.date
    opinion: str
    opinion_at: dt.datetime | None


class ItemOut(Schema):
    id: int
    year: int
    kind: str
    number: str
    title: str
    proposer: str
    category: str
    lead: str | None
    co_units: list[CoUnitOut]
    assigned_on: dt.date | None
    deadline: dt.date | None
    urgent: bool
    state: str
    status: str
    status_reason: str
    disclose: bool
    ledger_task_id: int | None
    version: int

    model_config = examples({"id": 3, "year": 2023, "kind": "suggestion", "number": "101", "title": "关于加快老旧小区改造的建议",
                             "proposer": "代表甲", "category": "城建", "lead": "市住房和城乡建设局",
                             "co_units": [{"unit": "市民政局", "deadline": "2023-04-10", "opinion": "", "opinion_at": None}],
                             "assigned_on": "2023-03-10", "deadline": "2023-06-10", "urgent": False, "state": "handling",
                             "status": "blue", "status_reason": "距答复时限 20 天", "disclose": False,
                             "ledger_task_id": None, "version": 2})

    @staticmethod
    def resolve_lead(obj):
        return obj.lead.name if obj.lead_id else None

    @staticmethod
    def resolve_co_units(obj):
        return [{"unit": c.department.name, "deadline": c.deadline, "opinion": c.opinion, "opinion_at": c.opinion_at}
                for c in obj.co_units.select_related("department")]

    @staticmethod
    def resolve_status(obj):
        return status.compute(obj.state, obj.deadline, clock.today(), status.Rules.from_settings()).status

    @staticmethod
    def resolve_status_reason(obj):
        return status.compute(obj.state, obj.deadline, clock.today(), status.Rules.from_settings()).reason


class ReplyOut(Schema):
    id: int
    round: int
    state: str
    result_class: str
    text: str
    signed_file: bool
    sent_at: dt.datetime | None
    deadline: dt.date | None
    on_time: bool | None
    rating: str
    comment: str

    model_config = examples({"id": 5, "round": 1, "state": "sent", "result_class": "B", "text": "已列入明年计划。",
                             "signed_file": True, "sent_at": "2023-06-05T10:00:00+08:00", "deadline": "2023-06-10",
                             "on_time": True, "rating": "", "comment": ""})

    @staticmethod
    def resolve_signed_file(obj):
        return bool(obj.signed_file)


class ItemQuery(Schema):
    year: checked(int, check.year, minimum=1990, maximum=2100) | None = None
    kind: Kind | None = None
    state: Item.State | None = None


class AssignIn(Schema):
    version: Version
    lead: Name
    co_units: list[Name] = Field([], max_length=50)
    assigned_on: Day | None = None
    deadline: Day | None = Field(None, description="default: the batch's months after 交办 (urgent: its days)")
    urgent: bool | None = None

    model_config = examples({"version": 1, "lead": "市住房和城乡建设局", "co_units": ["市民政局"], "assigned_on": "2023-03-10"})


class OpinionIn(Schema):
    opinion: Text

    model_config = examples({"opinion": "同意主办单位意见，配合做好资金保障。"})


class CommunicationIn(Schema):
    date: Day
    way: Literal["meeting", "phone", "forum", "written"]
    summary: Text

    model_config = examples({"date": "2023-03-20", "way": "phone", "summary": "电话沟通，代表同意办理思路。"})


class CommunicationOut(Schema):
    id: int
    date: dt.date
    way: str
    summary: str

    model_config = examples({"id": 2, "date": "2023-03-20", "way": "phone", "summary": "电话沟通，代表同意办理思路。"})


class ReviewIn(Schema):
    decision: Literal["send", "return"]
    reason: checked(str, check.reason, maxLength=2000) = ""
    disclose: bool = False

    model_config = examples({"decision": "send", "reason": "", "disclose": True})


class ReviewOut(Schema):
    item: ItemOut
    feedback_url: str | None = Field(description="the proposer's single-use link (send only); shown this once")


class UnitStatsOut(Schema):
    unit: str
    items: int
    replied: int
    replied_on_time: int
    rated: int
    satisfied: int
    classes: dict[str, int]
    reopened: int
    overdue: int
    on_time_rate: float | None
    satisfaction_rate: float | None

    model_config = examples({"unit": "市住房和城乡建设局", "items": 4, "replied": 3, "replied_on_time": 3, "rated": 2,
                             "satisfied": 2, "classes": {"A": 2, "B": 1, "C": 0}, "reopened": 0, "overdue": 1,
                             "on_time_rate": 75.0, "satisfaction_rate": 100.0})


class StatsOut(Schema):
    year: int
    total: int
    units: list[UnitStatsOut]
    as_of: dt.date

    model_config = examples({"year": 2023, "total": 4, "units": [], "as_of": "2023-09-26"})


def _unit(field: str, name: str) -> Department:
    found = Department.objects.filter(name=name, active=True).first()
    if found is None:
        raise check.Invalid(field, f"没有名为“{name}”的单位")
    return found


@router.get("/items", response={200: list[ItemOut], **errors(400)}, summary="Suggestions and proposals the caller may see")
@paginate(Page)
def list_items(request, filters: Query[ItemQuery]):
    qs = items_for_user(request.user).prefetch_related("co_units")
    for key in ("year", "kind", "state"):
        value = getattr(filters, key)
        if value is not None:
            qs = qs.filter(**{key: value})
    return qs.order_by("year", "kind", "number", "id")


@router.get("/items/{item_id}", response={200: ItemOut, **errors(400, 404)}, summary="One item")
def get_item(request, item_id: Path[PathId]):
    return get_item_for_user(request, item_id)


@router.post("/items/{item_id}/assign", response={200: ItemOut, **errors(400, 403, 404, 409)}, auth=OFFICE_ONLY,
             summary="交办: the 主办单位, any 会办单位, the date and deadline (office)")
def assign(request, item_id: Path[PathId], payload: AssignIn):
    item = get_item_for_user(request, item_id)
    return workflow.assign(item, request.user, lead=_unit("lead", payload.lead),
                           co_units=[_unit("co_units", n) for n in payload.co_units], assigned_on=payload.assigned_on,
                           deadline=payload.deadline, urgent=payload.urgent, version=payload.version)


@router.post("/items/{item_id}/opinion", response={200: ItemOut, **errors(400, 403, 404)},
             summary="A 会办单位's opinion to the 主办单位 (its reporters)")
def opinion(request, item_id: Path[PathId], payload: OpinionIn):
    item = get_item_for_user(request, item_id)
    require(request, "suggestions.give_opinion", item, "只有会办单位可以提出会办意见")
    workflow.give_opinion(item, request.user, department_of(request.user), payload.opinion)
    item.refresh_from_db()
    return item


@router.post("/items/{item_id}/communications", response={201: CommunicationOut, **errors(400, 403, 404)},
             summary="Record the 办理前沟通 with the proposer (the 主办单位)")
def communicate(request, item_id: Path[PathId], payload: CommunicationIn):
    item = get_item_for_user(request, item_id)
    require(request, "suggestions.handle_item", item, "只有主办单位可以登记办理前沟通")
    return Reply(201, workflow.communicate(item, request.user, date=payload.date, way=payload.way, summary=payload.summary))


@router.get("/items/{item_id}/replies", response={200: list[ReplyOut], **errors(400, 404)}, summary="An item's replies")
def replies(request, item_id: Path[PathId]):
    return list(get_item_for_user(request, item_id).replies.order_by("round"))


@router.post("/items/{item_id}/replies", response={200: ReplyOut, **errors(400, 403, 404, 409)},
             summary="Draft the reply of the current round (the 主办单位); submit=true sends it for review",
             description="Multipart: text (the reply, 1 … 20,000 characters), result_class (A, B or C), submit, and "
                         "signed_file (the signed letter: PDF, JPG, PNG or DOCX), which submitting needs once per round. "
                         "The fields are checked after the access check.")
def draft(request, item_id: Path[PathId], text: Form[str] = "", result_class: Form[str] = "", submit: Form[bool] = False,
          signed_file: File[UploadedFile] = None):
    # The fields are checked after the access check (by the workflow's checks), so a unit that may
    # not reply is refused whatever it sent.
    item = get_item_for_user(request, item_id)
    require(request, "suggestions.handle_item", item, "只有主办单位可以起草答复函")
    return workflow.draft_reply(item, request.user, text=text, result_class=result_class, signed_file=signed_file,
                                submit=submit)


@router.post("/items/{item_id}/review", response={200: ReviewOut, **errors(400, 403, 404, 409)}, auth=OFFICE_ONLY,
             summary="Send the reply in review (with the proposer's feedback link) or return it (office)")
def review(request, item_id: Path[PathId], payload: ReviewIn):
    item = get_item_for_user(request, item_id)
    url = None
    if payload.decision == "return":
        workflow.return_reply(item, request.user, payload.reason)
    else:
        _reply, raw = workflow.send_reply(item, request.user, disclose=payload.disclose)
        url = request.build_absolute_uri(reverse("suggestions:feedback", args=[item.pk, raw]))
    item.refresh_from_db()
    return {"item": item, "feedback_url": url}


@router.get("/stats", response={200: StatsOut, **errors(400)},
            summary="By 主办单位: on-time replies, satisfaction, A/B/C, reopened, overdue (over the caller's items)")
def item_stats(request, year: Query[checked(int, check.year, minimum=1990, maximum=2100) | None] = None):
    visible = items_for_user(request.user)
    year = year or stats.default_year()
    rows = stats.unit_stats(year, items=visible)
    return {"year": year, "total": sum(r["items"] for r in rows), "units": rows, "as_of": clock.today()}
