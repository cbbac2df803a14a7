"""The ledger list's rows (``/tasks/``, every role), computed once per change of the ledger.

Rendering dominated the list's cost (choices' lazy labels rebuilt per row, ``{% url %}`` and
``floatformat`` per cell): here each row is a tuple of finished strings from one
``values_list`` query (plus one query each for the page's targets and co-operating
departments), and the page (rows, count, filter choices) is cached under the ledger's
change stamp (:mod:`duban.web.ledger.stamp`) per audience, filter and page.

Each row also says what is due now (for the card a reporter sees on a phone): overdue,
this period's progress report not yet filed, or the deadline coming up.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from duban.web.ledger import clock
from duban.web.ledger.models import ProgressReport, Section, Status, Target, Task

__all__ = ["Row", "ListPage", "list_page", "due_note"]

PER_PAGE = 50


@dataclass(frozen=True)
class Row:
    number: int
    url: str
    status: str
    status_label: str
    status_reason: str
    title: str
    list_name: str
    lead: str  # "" for a task not yet assigned
    cooperating: str
    targets: tuple[str, ...]
    deadline: str
    progress: str
    expected: str
    due: str  # what is due now, "" when nothing is
    due_urgent: bool


@dataclass(frozen=True)
class ListPage:
    rows: list[Row]
    count: int
    number: int
    num_pages: int
    departments: list[tuple[str, str]]
    lists: list[str]
    chapters: list[tuple[str, str]]

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def due_note(status: str, deadline: dt.date, filed: bool, has_lead: bool, today: dt.date) -> tuple[str, bool]:
    """What is due on a task now, in words, and whether it is urgent."""
    if status == Status.DONE:
        return "", False
    days = (deadline - today).days
    if days < 0:
        return _("已逾期 %(days)s 天") % {"days": -days}, True
    if has_lead and not filed:
        late = today.day >= settings.LEDGER_REPORT_DUE_DAY
        return _("%(period)s 进度待报送") % {"period": f"{today:%Y-%m}"}, late
    if days <= settings.LEDGER_STATUS_RULES["blue_days"]:
        return _("%(days)s 天后到期") % {"days": days}, False
    return "", False


def rows_of(qs, start: int) -> list[Row]:
    labels = {code: str(label) for code, label in Status.choices}
    base = reverse("ledger:task_detail", args=[0])[: -len("0/")]
    today = clock.today()
    filed = ProgressReport.objects.filter(task_id=OuterRef("pk"), department_id=OuterRef("lead_department_id"),
                                          period=f"{today:%Y-%m}")
    values = list(qs.annotate(filed_now=Exists(filed)).values_list(
        "pk", "status", "status_reason", "title", "list_name", "lead_department__name", "deadline", "progress",
        "expected", "filed_now"))
    ids = [v[0] for v in values]
    targets: dict[int, list[str]] = defaultdict(list)
    for task_id, quote in Target.objects.filter(task_id__in=ids).order_by("task_id", "id").values_list("task_id", "quote"):
        targets[task_id].append(quote)
    cooperating: dict[int, list[str]] = defaultdict(list)
    through = Task.cooperating.through.objects.filter(task_id__in=ids).order_by("task_id", "department__name")
    for task_id, name in through.values_list("task_id", "department__name"):
        cooperating[task_id].append(name)
    rows = []
    for i, (pk, status, reason, title, list_name, lead, deadline, progress, expected, filed_now) in enumerate(values):
        due, urgent = due_note(status, deadline, filed_now, lead is not None, today)
        rows.append(Row(start + i, f"{base}{pk}/", status, labels.get(status, status), reason, title, list_name,
                        lead or "", "、".join(cooperating[pk]), tuple(targets[pk]), deadline.isoformat(),
                        f"{progress:.1f}".removesuffix(".0"), f"{expected:.1f}".removesuffix(".0"), due, urgent))
    return rows


def list_page(qs, page_number, departments, visible) -> ListPage:
    """``qs``: the filtered, ordered tasks; ``page_number`` as given in the query string;
    ``departments``: those the filter offers (the ones the user may see); ``visible``: the
    user's active tasks (the list names and chapters offered come from them)."""
    page = Paginator(qs.select_related(None), PER_PAGE).get_page(page_number)
    lists = sorted(set(visible.exclude(list_name="").values_list("list_name", flat=True)))
    chapters = (Section.objects.filter(report__in=visible.values("report"), parent__isnull=True)
                .order_by("report", "start").values_list("pk", "number", "title"))
    return ListPage(
        rows_of(page.object_list, page.start_index() if page.paginator.count else 1), page.paginator.count, page.number,
        page.paginator.num_pages, [(str(pk), name) for pk, name in departments.values_list("pk", "name")], lists,
        [(str(pk), f"{number}{title[:24]}") for pk, number, title in chapters],
    )
