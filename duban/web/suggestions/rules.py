"""Who may do what with an item (``rules`` permissions, loaded by rules' autodiscovery).

- the office (督查室) sees every item, imports, assigns (交办), reviews and sends replies;
- leaders read every assigned item;
- a unit's reporters see the items their unit handles (主办) or joins (会办), once assigned;
  the 主办单位 records 沟通 and drafts the reply; a 会办单位 only gives its opinion.
"""

from __future__ import annotations

import rules

from duban.web.accounts.roles import Role, department_of, role_of
from duban.web.ledger.rules import is_leader, is_office


def _dept(user):
    return department_of(user) if role_of(user) == Role.REPORTER else None


@rules.predicate
def is_assigned(user, item) -> bool:
    return item is not None and item.state != "new"


@rules.predicate
def is_lead_unit(user, item) -> bool:
    dept = _dept(user)
    return item is not None and dept is not None and item.lead_id == dept.pk


@rules.predicate
def is_co_unit(user, item) -> bool:
    dept = _dept(user)
    return item is not None and dept is not None and item.co_units.filter(department=dept).exists()


@rules.predicate
def is_open(user, item) -> bool:
    return item is not None and item.state in ("handling", "reopened")


rules.add_perm("suggestions.view_item", is_office | (is_assigned & (is_leader | is_lead_unit | is_co_unit)))
rules.add_perm("suggestions.manage_item", is_office)
rules.add_perm("suggestions.handle_item", is_assigned & is_open & is_lead_unit)
rules.add_perm("suggestions.give_opinion", is_assigned & is_co_unit)
rules.add_perm("suggestions.send_reply", is_office)
