from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "duban.web.public"
    label = "public"
    verbose_name = "公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from duban.web.ledger.context import EXTRA_NAV

        # Navigation of the issue-6 apps, through the hook the ledger provides.
        entries = [
            (_("看板"), "dashboard:home", {"office", "leader", "reporter"}),
            (_("Excel"), "exchange:home", {"office", "leader", "reporter"}),
            (_("通报"), "briefing:home", {"office", "leader"}),
            (_("公开"), "public:home", {"office", "leader", "reporter", None}),
        ]
        known = {name for _label, name, _roles in EXTRA_NAV}
        EXTRA_NAV.extend(e for e in entries if e[1] not in known)
