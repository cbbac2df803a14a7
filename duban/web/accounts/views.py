"""Login (throttled by django-axes), logout and API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from duban.web.accounts.models import ApiToken
from duban.web.audit.events import Action
from duban.web.audit.record import record
from duban.web.urlaccess import Access, access

login = access(Access.PUBLIC)(auth_views.LoginView.as_view(template_name="registration/login.html", redirect_authenticated_user=True))
logout = access(Access.PUBLIC)(auth_views.LogoutView.as_view())


@require_http_methods(["GET", "POST"])
@access(Access.LOGIN)
def tokens(request):
    raw = None
    if request.method == "POST":
        if request.POST.get("revoke", "").isdigit():
            request.user.api_tokens.filter(pk=int(request.POST["revoke"])).update(revoked=True)
            messages.success(request, "令牌已吊销。")
            return redirect("accounts:tokens")
        name = request.POST.get("name", "").strip()[:80]
        if not name:
            messages.error(request, "请填写令牌用途。")
        else:
            token, raw = ApiToken.issue(request.user, name)
            record(request.user, Action.TOKEN_ISSUED, token)
    return render(request, "accounts/tokens.html", {"tokens": request.user.api_tokens.filter(revoked=False), "raw": raw})
