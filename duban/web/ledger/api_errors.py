"""The API's refusals: one body shape for every error, one body for "not found or not yours".

- 400 the input is refused (a check of :mod:`validation`, a workflow rule, a malformed body):
  ``{"detail": message, "errors": [{"field", "message"}]}``;
- 401 no valid token or session; 403 the user sees the object but may not do this;
- 404 the object does not exist *or* the user may not see it: always :data:`NOT_FOUND`, so
  the answer never tells which;
- 409 someone else changed the object since the version the client sent.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Schema
from ninja.errors import AuthenticationError, ValidationError

from duban.web.ledger.access import NOT_FOUND
from duban.web.ledger.validation import Invalid
from duban.web.ledger.workflow import Conflict, WorkflowError

__all__ = ["Error", "FieldError", "errors", "install", "NOT_FOUND"]


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    detail: str
    errors: list[FieldError] | None = None

    model_config = {"json_schema_extra": {"examples": [
        {"detail": "报告期“2026-1”格式应为 YYYY-MM（例如 2023-05）。",
         "errors": [{"field": "period", "message": "报告期“2026-1”格式应为 YYYY-MM（例如 2023-05）。"}]},
        {"detail": NOT_FOUND},
    ]}}


_WHY = {
    400: "the input is refused; `errors` names each field",
    401: "no valid bearer token or session",
    403: "the user's role may not do this",
    404: NOT_FOUND + " (the same body whether the object is missing or not visible)",
    409: "someone changed the object since the version sent; reload and retry",
}


def errors(*codes: int) -> dict:
    """Response declarations for an operation's error codes (401 is added to all)."""
    return {code: Error for code in sorted({401, *codes})}


def describe(doc: dict) -> dict:
    """Give each declared error response its meaning in the OpenAPI document."""
    for item in doc.get("paths", {}).values():
        for op in item.values():
            for code, resp in op.get("responses", {}).items():
                if str(code).isdigit() and int(code) in _WHY:
                    resp["description"] = _WHY[int(code)]
    return doc


def _body(detail: str, field_errors: list[dict] | None = None) -> dict:
    return {"detail": detail, **({"errors": field_errors} if field_errors else {})}


def _field(loc) -> str:
    # ninja's locations start with where the value came from (body, query, path, form, file).
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "file", "payload", "filters")]
    return ".".join(parts) or "body"


def _message(err: dict) -> str:
    exc = (err.get("ctx") or {}).get("error")
    if isinstance(exc, Invalid):
        return exc.message
    msg = str(err.get("msg", "无效的值"))
    return msg.removeprefix("Value error, ")


def install(api) -> None:
    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return api.create_response(request, _body(NOT_FOUND), status=404)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return api.create_response(request, _body(str(exc) or "您无权执行此操作。"), status=403)

    @api.exception_handler(AuthenticationError)
    def _unauthorized(request, exc):
        return api.create_response(request, _body("需要有效的 API 令牌（Authorization: Bearer …）或登录。"), status=401)

    @api.exception_handler(Conflict)
    def _conflict(request, exc):
        return api.create_response(request, _body(str(exc)), status=409)

    @api.exception_handler(Invalid)
    def _invalid(request, exc):
        return api.create_response(request, _body(exc.message, [{"field": exc.field, "message": exc.message}]), status=400)

    @api.exception_handler(WorkflowError)
    def _refused(request, exc):
        return api.create_response(request, _body(str(exc)), status=400)

    @api.exception_handler(ValidationError)
    def _malformed(request, exc):
        if any(tuple(e.get("loc", ()))[:1] == ("path",) for e in exc.errors):
            # /api/tasks/abc names no object, like /api/tasks/999999.
            return api.create_response(request, _body(NOT_FOUND), status=404)
        found = [{"field": _field(e.get("loc", ())), "message": _message(e)} for e in exc.errors]
        first = found[0] if found else {"field": "body", "message": "请求格式不正确。"}
        return api.create_response(request, _body(f"{first['field']}: {first['message']}", found), status=400)
