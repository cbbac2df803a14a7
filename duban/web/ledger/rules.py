"""Who may do what, as ``rules`` predicates and permissions (loaded by rules' autodiscovery).

Views never test roles themselves: they call the access helpers of
:mod:`duban.web.ledger.access`, which ask these permissions.
"""

from __future__ import annotations

import rules

from duban.web.accounts.roles import Role, department_of, role_of


@rules.predicate
def is_office(user) -> bool:
    return role_of(user) == Role.OFFICE


@rules.predicate
def is_leader(user) -> bool:
    return role_of(user) == Role.LEADER


@rules.predicate
def is_reporter(user) -> bool:
    return role_of(user) == Role.REPORTER


@rules.predicate
def is_task_department(user, task) -> bool:
    """The user reports for the task's lead or a co-operating department."""
    if task is None or role_of(user) != Role.REPORTER:
        return False
    dept = department_of(user)
    if dept is None:
        return False
    return task.lead_department_id == dept.pk or task.cooperating.filter(pk=dept.pk).exists()


@rules.predicate
def is_task_active(user, task) -> bool:
    return task is not None and task.review == "active"


@rules.predicate
def is_own_department_report(user, report) -> bool:
    dept = department_of(user)
    return report is not None and dept is not None and report.department_id == dept.pk


readers = is_office | is_leader

rules.add_perm("ledger.view_task", is_office | (is_task_active & (is_leader | is_task_department)))
rules.add_perm("ledger.change_task", is_office)
rules.add_perm("ledger.report_on_task", is_task_active & is_task_department)
rules.add_perm("ledger.view_report", is_office | is_leader)
rules.add_perm("ledger.import_report", is_office)
rules.add_perm("ledger.review_report", is_office)
rules.add_perm("ledger.verify_progress", is_office)
rules.add_perm("ledger.refile_progress", is_reporter & is_own_department_report)
rules.add_perm("ledger.manage_departments", is_office)
rules.add_perm("ledger.view_ledger", is_office | is_leader | is_reporter)
