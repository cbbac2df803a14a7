"""The proposer's feedback page: no account, a personal link (single use, unguessable, expiring).

The link names the item and carries a random token of which only the hash is stored
(:func:`.workflow.reply_for_token`); another item's id, a used, replaced or expired token all
answer the same 404, so a link reveals nothing beyond its own reply.
"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from duban.web.ledger.errors import WorkflowError
from duban.web.urlaccess import Access, access

from . import workflow
from .models import Rating

INVALID = "评价链接无效、已使用或已过期。如需评价，请与督查室联系重新获取链接。"


@access(Access.PUBLIC)
@never_cache
@require_http_methods(["GET", "POST"])
def feedback(request, item_id, token):
    reply = workflow.reply_for_token(item_id, token)
    if reply is None:
        return render(request, "suggestions/feedback_invalid.html", {"message": INVALID}, status=404)
    error = None
    if request.method == "POST":
        try:
            workflow.rate(reply, rating=request.POST.get("rating", ""), comment=request.POST.get("comment", ""))
        except WorkflowError as exc:
            error = getattr(exc, "message", None) or str(exc)
        else:
            reply.refresh_from_db()
            return render(request, "suggestions/feedback_done.html", {"reply": reply, "item": reply.item})
    # The token is in the path: never_cache keeps it out of shared caches, and the site's
    # Referrer-Policy (same-origin) out of other sites' logs. (no-referrer would make the
    # form's Origin "null", which the CSRF check refuses.)
    return render(request, "suggestions/feedback.html", {"reply": reply, "item": reply.item, "ratings": Rating.choices,
                                                         "error": error, "posted": request.POST})
