"""The assessment's permission matrix: every route, every role, who is let in and who is refused
(403/404 for a logged-in user, the login page for the anonymous). A route added without a row
fails ``test_the_matrix_covers_every_route``."""

from __future__ import annotations

import pytest
from django.urls import get_resolver

from .conftest import client_for

pytestmark = pytest.mark.django_db

ROLES = ["anon", "norole", "office", "leader", "rep_a", "rep_x"]
WITH_ROLE = {"office", "leader", "rep_a", "rep_x"}
EVERYONE = set(ROLES)

# (id, url name, method, path builder, body, roles allowed); rep_a is 市发展改革委's reporter,
# rep_x a reporter of a department without tasks.
ROWS = [
    ("rubric", "assessment:rubric", "get", lambda w: "/assessment/rubric/", None, EVERYONE),
    ("ranking", "assessment:ranking", "get", lambda w: "/assessment/?year=2023", None, WITH_ROLE),
    ("detail-own", "assessment:detail", "get", lambda w: f"/assessment/2023/departments/{w.depts.a.pk}/", None,
     {"office", "leader", "rep_a"}),
    ("detail-other", "assessment:detail", "get", lambda w: f"/assessment/2023/departments/{w.depts.b.pk}/", None,
     {"office", "leader"}),
    ("adjust", "assessment:adjust", "post", lambda w: f"/assessment/2023/departments/{w.depts.a.pk}/adjust",
     {"points": "1", "reason": "矩阵"}, {"office"}),
    ("close", "assessment:close", "post", lambda w: "/assessment/2023/close", {}, {"office"}),
    ("export", "assessment:export", "get", lambda w: "/assessment/2023/export.xlsx", None, {"office", "leader"}),
    ("review", "assessment:review", "get", lambda w: "/assessment/2023/review/", None, {"office"}),
]


def _refused(response, role) -> bool:
    if role == "anon":
        return response.status_code == 302 and "/accounts/login" in response["Location"]
    return response.status_code in (403, 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("case", "name", "method", "build", "body", "allowed"), ROWS, ids=[r[0] for r in ROWS])
def test_matrix(world, role, case, name, method, build, body, allowed):
    user = None if role == "anon" else getattr(world.people, role)
    response = getattr(client_for(user), method)(build(world), body or {})
    if role in allowed:
        assert not _refused(response, role) and response.status_code < 500, (role, case, response.status_code)
    else:
        assert _refused(response, role), (role, case, response.status_code)


def test_the_matrix_covers_every_route():
    resolver = get_resolver()
    _prefix, sub = resolver.namespace_dict["assessment"]
    names = {f"assessment:{n}" for n in sub.reverse_dict.keys() if isinstance(n, str)}
    assert names <= {r[1] for r in ROWS}, names - {r[1] for r in ROWS}
