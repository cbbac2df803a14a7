"""Every URL pattern is classified as to who may reach it (duban.web.urlaccess).

A new view without ``@access(...)`` (or an entry in ``urlaccess.PATTERN_ACCESS``) fails
here, including the views of other apps mounted in the project.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from duban.web.urlaccess import Access, classification_of


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), f"{ns}" if ns else namespace)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or (f"{namespace}:" if namespace else None))
            yield prefix + str(p.pattern), name, p.callback


def test_every_url_pattern_is_classified():
    unclassified = [f"{route} ({name})" for route, name, callback in _walk(get_resolver().url_patterns)
                    if classification_of(name, callback) not in Access.ALL]
    assert not unclassified, "classify these views with duban.web.urlaccess.access(...): " + ", ".join(unclassified)


def test_the_walk_sees_the_ledger_and_the_api():
    routes = {route for route, _, _ in _walk(get_resolver().url_patterns)}
    assert "tasks/<int:pk>/" in routes and "healthz" in routes
    assert any(r.startswith("api/") for r in routes) and any(r.startswith("admin/") for r in routes)


def test_a_decorated_view_enforces_its_class(rf, django_user_model, db):
    from django.core.exceptions import PermissionDenied

    from duban.web.urlaccess import access

    @access(Access.OFFICE)
    def view(request):
        return "ran"

    request = rf.get("/x")
    request.user = django_user_model.objects.create_user("plain", password="x-very-long-pass")
    try:
        view(request)
    except PermissionDenied:
        pass
    else:  # pragma: no cover
        raise AssertionError("a user without a role reached an office view")
    assert view.duban_access == Access.OFFICE
