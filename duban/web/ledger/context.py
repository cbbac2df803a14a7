"""Template context for every page: the navigation for the user's role and unread notices."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (label, url name, roles that see it). Other apps append their entries to EXTRA_NAV.
NAV = [
    (_("台账"), "ledger:task_list", {"office", "leader", "reporter"}),
    (_("报告"), "ledger:report_list", {"office", "leader"}),
    (_("待核实"), "ledger:verify_queue", {"office"}),
    (_("单位"), "ledger:department_list", {"office"}),
    (_("评价规则"), "ledger:rubric", {"office", "leader", "reporter", None}),
]
EXTRA_NAV: list[tuple[str, str, set]] = []


def navigation(request):
    from duban.web.accounts.roles import Role, role_of

    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    items = []
    for label, name, roles in NAV + EXTRA_NAV:
        if role in roles:
            try:
                items.append({"label": label, "url": reverse(name), "active": request.path.startswith(reverse(name))})
            except NoReverseMatch:
                continue
    unread = 0
    if role is not None:
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {"nav_items": items, "duban_role": role, "duban_role_label": Role(role).label if role else "", "unread_count": unread}
