"""Public disclosure of replies (/suggestions/public/): a page, CSV and Atom, like the report's public page."""

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

from duban.web.exchange.cells import csv_safe
from duban.web.urlaccess import Access, access

from .public import disclosed

CSV_HEADERS = ["年度", "类型", "编号", "标题", "主办单位", "办理结果", "答复日期", "答复内容"]


@access(Access.PUBLIC)
@require_GET
def public_list(request):
    return render(request, "suggestions/public.html", {"replies": disclosed()})


@access(Access.PUBLIC)
@require_GET
def public_item(request, pk):
    found = disclosed(pk=pk)
    if not found:
        raise Http404("没有这个公开答复")
    return render(request, "suggestions/public_item.html", {"p": found[0]})


@access(Access.PUBLIC)
@require_GET
def public_csv(request):
    buf = io.StringIO()
    buf.write("\ufeff")  # Excel opens UTF-8 with a BOM as UTF-8
    w = csv.writer(buf)
    w.writerow(CSV_HEADERS)
    for p in disclosed():
        i, r = p.item, p.reply
        w.writerow([csv_safe(v) for v in (i.year, i.get_kind_display(), i.number, i.title, i.lead.name if i.lead else "",
                                          r.result_class, timezone.localtime(r.sent_at).date().isoformat(), p.text)])
    resp = HttpResponse(buf.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="duban-suggestions-{timezone.localdate():%Y%m%d}.csv"'
    return resp


class RepliesFeed(Feed):
    feed_type = Atom1Feed
    title = "督办 · 建议提案办理答复公开"
    subtitle = "经督查室审核发出、决定公开的答复"

    def link(self):
        return reverse("suggestions:public")

    def items(self):
        return disclosed(50)

    def item_title(self, p):
        return f"{p.item.get_kind_display()}{p.item.number}：{p.item.title}（{p.reply.result_class}类）"

    def item_description(self, p):
        return f"主办单位：{p.item.lead}。{p.text}"

    def item_link(self, p):
        return reverse("suggestions:public_item", args=[p.item.pk])

    def item_guid(self, p):
        return p.key

    item_guid_is_permalink = False

    def item_pubdate(self, p):
        return p.reply.sent_at

    def item_updateddate(self, p):
        return p.reply.sent_at


public_feed = access(Access.PUBLIC)(RepliesFeed())
