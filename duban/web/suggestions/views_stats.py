"""The statistics page (charts drawn by the vendored ECharts, as the dashboard does) and its
Excel export. Figures cover the items the user may see (:mod:`.stats` defines them)."""

from __future__ import annotations

import io

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from duban.web.accounts.roles import Role, role_of
from duban.web.exchange.views import _xlsx_response
from duban.web.ledger import clock
from duban.web.urlaccess import Access, access

from . import stats
from .access import items_for_user
from .export import write_stats


def _year(request, visible) -> tuple[int, list[int]]:
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 and int(raw) in years else (years[0] if years else clock.today().year)
    return year, years


@access(Access.LOGIN)
@require_GET
def stats_page(request):
    visible = items_for_user(request.user)
    year, years = _year(request, visible)
    rows = stats.unit_stats(year, items=visible)
    total = stats.overall(rows)
    chart = {
        "units": [r["unit"] for r in rows],
        "on_time": [r["on_time_rate"] or 0 for r in rows],
        "satisfaction": [r["satisfaction_rate"] or 0 for r in rows],
        "classes": [{"name": c, "value": total["classes"][c]} for c in "ABC"],
        "labels": {"on_time": gettext("按期答复率"), "satisfaction": gettext("满意率")},
    }
    return render(request, "suggestions/stats.html", {
        "year": year, "years": years, "rows": rows, "total": total, "chart": chart,
        "overdue": stats.overdue_items(year, items=visible), "as_of": clock.today(),
        "is_office": role_of(request.user) == Role.OFFICE})


@access(Access.LOGIN)
@require_GET
def stats_xlsx(request):
    visible = items_for_user(request.user)
    year, _ = _year(request, visible)
    rows = stats.unit_stats(year, items=visible)
    buf = io.BytesIO()
    write_stats(buf, year, rows, stats.overall(rows), stats.overdue_items(year, items=visible))
    return _xlsx_response(buf.getvalue(), f"{year}年建议提案办理统计-{timezone.localdate():%Y%m%d}.xlsx")
