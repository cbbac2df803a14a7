from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "duban.web.public"
    label = "public"
    verbose_name = "公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from duban.web.ledger.context import EXTRA_NAV

        # Navigation of the issue-6 apps, through the hook the ledger provides.
        entries = [
            ("看板", "dashboard:home", {"office", "leader", "reporter"}),
            ("台账表", "dashboard:tasks", {"office", "leader", "reporter"}),
            ("Excel", "exchange:home", {"office", "leader", "reporter"}),
            ("通报", "briefing:home", {"office", "leader"}),
            ("公开", "public:home", {"office", "leader", "reporter", None}),
        ]
        for entry in entries:
            if entry not in EXTRA_NAV:
                EXTRA_NAV.append(entry)
