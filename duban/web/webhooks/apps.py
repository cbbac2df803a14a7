from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "duban.web.webhooks"
    label = "webhooks"
    verbose_name = "外部通知（Webhook）"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from duban.web.ledger.context import EXTRA_NAV
        from duban.web.ledger.signals import ledger_event

        from .receivers import on_ledger_event

        ledger_event.connect(on_ledger_event, dispatch_uid="webhooks.on_ledger_event")
        if not any(name == "webhooks:home" for _label, name, _roles in EXTRA_NAV):
            EXTRA_NAV.append((_("外部通知"), "webhooks:home", {"office"}))
