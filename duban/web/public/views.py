"""The public page (/public/): no login, only published data."""

from __future__ import annotations

import csv
import io

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET
from django.views.i18n import set_language as django_set_language

from duban.web.exchange.cells import csv_safe
from duban.web.urlaccess import Access, access

from . import data

CSV_HEADERS = ["编号", "清单", "任务", "牵头单位", "完成时限", "状态", "核实进度(%)",
               "指标", "目标原文", "目标值", "单位", "最新核实值", "核实期间"]


@access(Access.PUBLIC)
@require_GET
def home(request):
    tasks = data.public_list()
    groups: dict[str, list] = {}
    for t in tasks:
        groups.setdefault(t.list_name or "重点任务", []).append(t)
    return render(request, "public/home.html", {"groups": groups, "count": len(tasks), "updates": data.updates(10)})


@access(Access.PUBLIC)
@require_GET
def task(request, pk):
    t = data.public_task(pk)
    if t is None:
        raise Http404("没有这个公开事项")
    return render(request, "public/task.html", {"t": t})


@access(Access.PUBLIC)
@require_GET
def data_csv(request):
    buf = io.StringIO()
    # The BOM makes Excel open the UTF-8 file as UTF-8 instead of the local code page.
    buf.write("\ufeff")
    w = csv.writer(buf)
    w.writerow(CSV_HEADERS)
    for row in data.public_rows():
        w.writerow([csv_safe(v) for v in row])
    resp = HttpResponse(buf.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="duban-public-{timezone.localdate():%Y%m%d}.csv"'
    return resp


class UpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = "督办 · 民生实事与公开任务进展"
    subtitle = "经督查室核实的进展与状态变化"

    def link(self):
        return reverse("public:home")

    def items(self):
        return data.updates(50)

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["body"]

    def item_link(self, item):
        return reverse("public:task", args=[item["task"].pk]) + f"#{item['key']}"

    def item_guid(self, item):
        return item["key"]

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item["at"]

    def item_updateddate(self, item):
        return item["at"]


feed = access(Access.PUBLIC)(UpdatesFeed())


@access(Access.PUBLIC)
def set_language(request):
    """Django's language switch, classified as public (anyone may choose a language)."""
    return django_set_language(request)
