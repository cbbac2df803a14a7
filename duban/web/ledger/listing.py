"""The ledger list's rows, computed once per change of the ledger.

Rendering dominated the list's cost (choices' lazy labels rebuilt per row, ``{% url %}`` and
``floatformat`` per cell): here each row is a tuple of finished strings from one
``values_list`` query, and the page (rows, count, department choices) is cached under the
ledger's change stamp (:mod:`duban.web.ledger.stamp`) per audience, filter and page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.urls import reverse

from duban.web.ledger.models import Status

__all__ = ["Row", "ListPage", "list_page"]

PER_PAGE = 50


@dataclass(frozen=True)
class Row:
    url: str
    status: str
    status_label: str
    title: str
    list_name: str
    lead: str
    deadline: str
    progress: str
    expected: str


@dataclass(frozen=True)
class ListPage:
    rows: list[Row]
    count: int
    number: int
    num_pages: int
    departments: list[tuple[str, str]]

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


def rows_of(qs) -> list[Row]:
    labels = {code: str(label) for code, label in Status.choices}
    base = reverse("ledger:task_detail", args=[0])[: -len("0/")]
    unassigned = "未分派"
    return [
        Row(f"{base}{pk}/", status, labels.get(status, status), title, list_name, lead or unassigned,
            deadline.isoformat(), f"{progress:.1f}", f"{expected:.1f}")
        for pk, status, title, list_name, lead, deadline, progress, expected in qs.values_list(
            "pk", "status", "title", "list_name", "lead_department__name", "deadline", "progress", "expected")
    ]


def list_page(qs, page_number, departments) -> ListPage:
    """``qs``: the filtered, ordered tasks; ``page_number`` as given in the query string;
    ``departments``: those the filter offers (the ones the user may see)."""
    page = Paginator(qs.select_related(None), PER_PAGE).get_page(page_number)
    return ListPage(rows_of(page.object_list), page.paginator.count, page.number, page.paginator.num_pages,
                    [(str(pk), name) for pk, name in departments.values_list("pk", "name")])
