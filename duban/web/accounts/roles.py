"""Role look-up and assignment; the one place that knows roles are groups."""

from __future__ import annotations

from django.contrib.auth.models import Group

from duban.web.accounts.models import Profile, Role

__all__ = ["Role", "role_of", "set_role", "department_of"]


def role_of(user) -> str | None:
    """The user's role (a :class:`Role` value), or None for anonymous / unassigned users."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cached = getattr(user, "_duban_role", "unset")
    if cached != "unset":
        return cached
    if user.is_superuser:
        role = Role.OFFICE.value
    else:
        names = set(user.groups.values_list("name", flat=True))
        role = next((r.value for r in (Role.OFFICE, Role.LEADER, Role.REPORTER) if r.value in names), None)
    user._duban_role = role
    return role


def department_of(user):
    """The department of a reporter (or None)."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_duban_department", "unset")
    if cached != "unset":
        return cached
    profile = Profile.objects.filter(user=user).select_related("department").first()
    dept = profile.department if profile else None
    user._duban_department = dept
    return dept


def set_role(user, role: Role | str, department=None) -> None:
    """Make ``user`` hold exactly one role; a reporter must name a department."""
    role = Role(role)
    if role == Role.REPORTER and department is None:
        raise ValueError("a department reporter needs a department")
    groups = [Group.objects.get_or_create(name=r.value)[0] for r in Role]
    user.groups.remove(*groups)
    user.groups.add(next(g for g in groups if g.name == role.value))
    Profile.objects.update_or_create(user=user, defaults={"department": department if role == Role.REPORTER else None})
    for attr in ("_duban_role", "_duban_department"):
        if hasattr(user, attr):
            delattr(user, attr)
