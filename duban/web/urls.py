"""Project URLs. Every pattern is classified in duban.web.urlaccess (a test checks it)."""

from __future__ import annotations

import importlib.util

from django.contrib import admin
from django.urls import include, path

from duban.web.ledger import views_misc
from duban.web.ledger.api import api

# Storage errors outside a view (saving a session) answer 503 like the views' own.
handler500 = "duban.web.ops.storage.server_error"

urlpatterns = [
    path("healthz", views_misc.healthz, name="healthz"),
    path("readyz", views_misc.readyz, name="readyz"),
    path("", include("duban.web.ledger.urls")),
    path("accounts/", include("duban.web.accounts.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# --- apps of issue 6 (dashboard, exchange, public, briefing) ------------------------------------
# Each is included when its package has a urls module; add a line here for other prefixes.
for _app, _prefix in (("dashboard", "dashboard/"), ("exchange", "exchange/"), ("public", "public/"), ("briefing", "briefing/"),
                      ("webhooks", "webhooks/"), ("suggestions", "suggestions/"), ("assessment", "assessment/")):
    if importlib.util.find_spec(f"duban.web.{_app}") and importlib.util.find_spec(f"duban.web.{_app}.urls"):
        urlpatterns.append(path(_prefix, include(f"duban.web.{_app}.urls")))
