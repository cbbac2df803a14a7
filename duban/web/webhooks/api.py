"""Webhook endpoints and their delivery log in the API (office only), mounted at /api/webhooks."""

import datetime as dt
from typing import Annotated, Literal

from ninja import Path, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status as Reply
from pydantic import BeforeValidator, Field

from duban.web.audit.events import Action
from duban.web.audit.record import record
from duban.web.ledger import validation as check
from duban.web.ledger.access import get_visible_or_404
from duban.web.ledger.api_common import OFFICE_ONLY, Name, Page, PathId, checked, examples
from duban.web.ledger.api_errors import errors
from duban.web.ledger.signals import EVENTS

from .delivery import replay
from .models import Delivery, Endpoint

router = Router(auth=OFFICE_ONLY, tags=["webhooks"])

Url = checked(str, check.url, format="uri", maxLength=500)
Secret = checked(str, check.secret, minLength=8, maxLength=200)
EventName = Literal[tuple(EVENTS)]  # type: ignore[valid-type]


def _events(raw):
    if isinstance(raw, list) and not raw:
        raise check.Invalid("events", "请至少选择一个事件。")
    return raw


Events = Annotated[list[EventName], BeforeValidator(_events), Field(min_length=1, max_length=len(EVENTS))]
FORMATS = Literal["json", "wecom", "dingtalk"]


class EndpointIn(Schema):
    name: Name
    url: Url
    secret: Secret
    events: Events
    format: FORMATS = "json"
    active: bool = True

    model_config = examples({"name": "企业微信督办群", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
                             "secret": "a-long-random-secret", "events": ["task.status_changed", "reminder.due"],
                             "format": "wecom"})


class EndpointPatch(Schema):
    name: Name | None = None
    url: Url | None = None
    secret: Secret | None = None
    events: Events | None = None
    format: FORMATS | None = None
    active: bool | None = None

    model_config = examples({"active": False})


class EndpointOut(Schema):
    id: int
    name: str
    url: str
    events: list[str]
    format: str
    active: bool
    created_at: dt.datetime
    failed: int = Field(description="deliveries that failed for good")

    model_config = examples({"id": 1, "name": "督办系统对接", "url": "https://example.gov.cn/hooks/duban",
                             "events": ["progress.filed"], "format": "json", "active": True,
                             "created_at": "2024-03-01T09:00:00+08:00", "failed": 0})

    @staticmethod
    def resolve_failed(obj):
        return obj.deliveries.filter(state=Delivery.State.FAILED).count()


class DeliveryOut(Schema):
    id: int
    endpoint_id: int
    event: str
    state: str
    attempts: int
    next_attempt_at: dt.datetime | None
    last_attempt_at: dt.datetime | None
    response_status: int | None
    response_body: str
    error: str
    replay_of_id: int | None
    created_at: dt.datetime
    body: str

    model_config = examples({"id": 17, "endpoint_id": 1, "event": "progress.filed", "state": "failed", "attempts": 6,
                             "next_attempt_at": None, "last_attempt_at": "2024-03-02T21:00:00+08:00",
                             "response_status": 502, "response_body": "Bad Gateway", "error": "HTTP 502",
                             "replay_of_id": None, "created_at": "2024-03-01T09:00:00+08:00", "body": "{…}"})


def _endpoint(pk) -> Endpoint:
    return get_visible_or_404(Endpoint.objects.all(), pk)


@router.get("", response={200: list[EndpointOut], **errors(400, 403)}, summary="Registered webhook endpoints (office)")
@paginate(Page)
def list_endpoints(request):
    return Endpoint.objects.order_by("name", "id")


@router.post("", response={201: EndpointOut, **errors(400, 403)},
             summary="Register an endpoint: URL, secret, events, format (office)",
             description="Events: " + ", ".join(f"`{k}` ({v})" for k, v in EVENTS.items()) + ". Each delivery is a POST "
                         "signed with `X-Duban-Signature: sha256=HMAC(secret, \"<X-Duban-Timestamp>.<body>\")`.")
def create_endpoint(request, payload: EndpointIn):
    endpoint = Endpoint.objects.create(created_by=request.user, **payload.dict())
    record(request.user, Action.WEBHOOK_CHANGED, endpoint, {"created": payload.dict(exclude={"secret"})})
    return Reply(201, endpoint)


@router.get("/{endpoint_id}", response={200: EndpointOut, **errors(400, 403, 404)}, summary="One endpoint (office)")
def get_endpoint(request, endpoint_id: Path[PathId]):
    return _endpoint(endpoint_id)


@router.patch("/{endpoint_id}", response={200: EndpointOut, **errors(400, 403, 404)},
              summary="Change an endpoint, or pause it with active=false (office)")
def update_endpoint(request, endpoint_id: Path[PathId], payload: EndpointPatch):
    endpoint = _endpoint(endpoint_id)
    changes = payload.dict(exclude_none=True)
    for name, value in changes.items():
        setattr(endpoint, name, value)
    endpoint.save()
    changes.pop("secret", None)
    record(request.user, Action.WEBHOOK_CHANGED, endpoint, {"changed": changes})
    return endpoint


@router.delete("/{endpoint_id}", response={204: None, **errors(400, 403, 404)},
               summary="Remove an endpoint and its delivery log (office)")
def delete_endpoint(request, endpoint_id: Path[PathId]):
    endpoint = _endpoint(endpoint_id)
    record(request.user, Action.WEBHOOK_CHANGED, endpoint, {"deleted": True})
    endpoint.delete()
    return Reply(204, None)


@router.get("/{endpoint_id}/deliveries", response={200: list[DeliveryOut], **errors(400, 403, 404)},
            summary="An endpoint's deliveries, newest first, with the last response (office)")
@paginate(Page)
def list_deliveries(request, endpoint_id: Path[PathId]):
    return _endpoint(endpoint_id).deliveries.order_by("-created_at", "-id")


@router.post("/deliveries/{delivery_id}/replay", response={201: DeliveryOut, **errors(400, 403, 404)},
             summary="Send a delivery's body again as a new delivery (office)")
def replay_delivery(request, delivery_id: Path[PathId]):
    original = get_visible_or_404(Delivery.objects.select_related("endpoint"), delivery_id)
    copy = replay(original)
    record(request.user, Action.WEBHOOK_REPLAYED, copy, {"replay_of": original.pk})
    copy.refresh_from_db()  # an inline first attempt may already have been made
    return Reply(201, copy)
