"""The dashboard and the ledger table behind its figures."""

from __future__ import annotations

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from duban.web.ledger import stamp
from duban.web.ledger.access import tasks_for_user
from duban.web.urlaccess import Access, access

from . import stats
from .labels import SHORT_LABELS, status_label

LIST_LIMIT = 10
STATUS_COLOURS = {"red": "#d9363e", "yellow": "#e6a700", "blue": "#2f7ed8", "normal": "#8c9bab", "done": "#3f9c35"}


def table_url(**params) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse("ledger:task_list") + ("?" + urlencode(clean) if clean else "")


def _row(b, params: dict | None):
    """A breakdown row with a link for the row and one per status count."""
    if params is None:
        return b, None, [(code, n, None) for code, n in b.count_list]
    return b, table_url(**params), [(code, n, table_url(status=code, **params)) for code, n in b.count_list]


@access(Access.LOGIN)
def dashboard(request):
    # The figures change only with the ledger: computed once per change and audience (the ledger's
    # change stamp), not per request.
    # The board itself (everything but the page's frame) is one cached fragment per audience, language
    # and state of the ledger: when it is there the figures are not even read.
    user = request.user
    board_key = stamp.key("board", stamp.scope_of(user))
    if cache.get(make_template_fragment_key("dashboard", [board_key])) is not None:
        return render(request, "dashboard/dashboard.html", {"board_key": board_key})
    context = stamp.cached("dashboard", stamp.scope_of(user), lambda: _figures(tasks_for_user(user)))
    return render(request, "dashboard/dashboard.html", {**context, "board_key": board_key})


def _figures(tasks) -> dict:
    ov = stats.overview(tasks)
    depts = stats.by_department(tasks)
    chapters = stats.by_chapter(tasks)
    trend = stats.monthly_trend(tasks)
    labels = {s: status_label(s) for s in stats.STATUS_ORDER}

    def chapter_params(b):
        return {"chapter": b.key} if b.key else {"list": b.name} if b.name not in ("其他",) else {}

    chart_data = {
        "labels": {s: labels[s] for s in stats.STATUS_ORDER},
        # Legends use the short names so that five entries fit on a phone.
        "short": {s: str(SHORT_LABELS[s]) for s in stats.STATUS_ORDER},
        "colours": STATUS_COLOURS,
        "order": list(stats.STATUS_ORDER),
        "status": [
            {"status": s, "name": labels[s], "value": n, "url": table_url(status=s)} for s, _, n in ov.count_list
        ],
        "departments": {
            "names": [b.name for b in depts],
            "urls": [table_url(dept=b.key or "none") for b in depts],
            "series": {s: [b.counts.get(s, 0) for b in depts] for s in stats.STATUS_ORDER},
        },
        "chapters": {
            "names": [b.name for b in chapters],
            "urls": [table_url(**chapter_params(b)) if chapter_params(b) else None for b in chapters],
            "series": {s: [b.counts.get(s, 0) for b in chapters] for s in stats.STATUS_ORDER},
        },
        "trend": trend,
        "tasks_url": reverse("ledger:task_list"),
    }
    context = {
        "overview": ov,
        "status_cards": [(s, name, n, table_url(status=s)) for s, name, n in ov.count_list],
        "departments": [_row(b, {"dept": b.key or "none"}) for b in depts],
        "chapters": [_row(b, chapter_params(b) or None) for b in chapters],
        # The board shows the first of each list; the table behind the link has them all.
        "red": stats.warning_list(tasks, "red", limit=LIST_LIMIT),
        "yellow": stats.warning_list(tasks, "yellow", limit=LIST_LIMIT),
        "red_total": ov.counts.get("red", 0),
        "yellow_total": ov.counts.get("yellow", 0),
        "red_url": table_url(status="red"),
        "yellow_url": table_url(status="yellow"),
        "chart_data": chart_data,
        "all_url": table_url(),
    }
    return context


@access(Access.LOGIN)
def task_table(request):
    """The former ledger table: there is one ledger list now (``/tasks/``), with the same
    filters; old links keep working."""
    target = reverse("ledger:task_list")
    query = request.GET.urlencode()
    return redirect(f"{target}?{query}" if query else target)
