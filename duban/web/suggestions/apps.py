from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "duban.web.suggestions"
    label = "suggestions"
    verbose_name = "建议提案办理"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from duban.web.ledger.context import EXTRA_NAV

        if not any(name == "suggestions:home" for _label, name, _roles in EXTRA_NAV):
            EXTRA_NAV.append((_("建议提案"), "suggestions:home", {"office", "leader", "reporter"}))
