"""What the API's modules share: authentication with role gates, pagination bounds, and
the body types that run the ledger's checks (:mod:`duban.web.ledger.validation`)."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Schema
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer, SessionAuth
from pydantic import BeforeValidator, Field

from duban.web.accounts.models import ApiToken, hash_token
from duban.web.accounts.roles import Role, role_of
from duban.web.ledger import validation as check

__all__ = ["TokenAuth", "RoleSession", "only", "OFFICE_ONLY", "Page", "Id", "PathId", "Version", "Period", "Narrative",
           "Reason", "Title", "Name", "Search", "Figure", "Day", "examples"]


class _RoleGate:
    """Authentication that also checks the role, before the request's body is read: a role
    that may not use an operation gets 403 whatever it sent."""

    def __init__(self, *roles: str, message: str = "您的角色无权执行此操作。"):
        super().__init__()
        self.roles, self.message = set(roles), message

    def _admit(self, user):
        if user is None or not role_of(user):
            return None
        if self.roles and role_of(user) not in self.roles:
            raise PermissionDenied(self.message)
        return user


class TokenAuth(_RoleGate, HttpBearer):
    def authenticate(self, request, token):
        if len(token) > 200:
            return None
        token_row = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token), revoked=False).first()
        if token_row is None or not token_row.user.is_active:
            return None
        user = self._admit(token_row.user)
        # Cheap enough per request, and lets the office see which tokens are in use.
        if user and (token_row.last_used_at is None or timezone.now() - token_row.last_used_at > dt.timedelta(minutes=5)):
            ApiToken.objects.filter(pk=token_row.pk).update(last_used_at=timezone.now())
        request.user = token_row.user
        return user


class RoleSession(_RoleGate, SessionAuth):
    def authenticate(self, request, key):
        return self._admit(super().authenticate(request, key))


def only(*roles: str, message: str) -> list:
    """``auth=`` for an operation that only these roles may use."""
    return [TokenAuth(*roles, message=message), RoleSession(*roles, message=message)]


OFFICE_ONLY = only(Role.OFFICE, message="只有督查室可以执行此操作")


class Page(LimitOffsetPagination):
    """limit 1 … 1000 (default 100), offset 0 … 10⁹: values a database can take."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=check.LIMIT_MAX)
        offset: int = Field(0, ge=0, le=check.OFFSET_MAX)


# Body and query types: the ledger's own checks decide (so the API answers as the pages and
# the Excel import do); the constraints are repeated in the schema only to document them.
def checked(kind, fn, **schema):
    return Annotated[kind, BeforeValidator(fn), Field(json_schema_extra=schema or None)]


Id = checked(int, check.object_id, minimum=1, maximum=check.ID_MAX)
PathId = Annotated[int, Field(description="id; an id that does not exist or is not visible answers 404")]
Version = checked(int, check.version, minimum=1, maximum=check.VERSION_MAX)
Period = checked(str, check.period, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2023-06"])
Narrative = checked(str, check.narrative, minLength=1, maxLength=20000)
Reason = checked(str, check.reason, maxLength=2000)
Title = checked(str, check.title, minLength=1, maxLength=200)
Name = checked(str, check.name, minLength=1, maxLength=80)
Search = checked(str, check.search, maxLength=100)
Figure = checked(float, check.signed_figure, minimum=-check.FIGURE_MAX, maximum=check.FIGURE_MAX)
Day = checked(dt.date, check.date, format="date")


def _examples(*items: dict) -> dict:
    return {"json_schema_extra": {"examples": list(items)}}


def examples(*items: dict) -> dict:
    """``model_config`` of a schema with these examples in the OpenAPI document."""
    return {"json_schema_extra": {"examples": list(items)}}
