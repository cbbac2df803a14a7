from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "duban.web.assessment"
    label = "assessment"
    verbose_name = "年度考核"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from duban.web.ledger.context import EXTRA_NAV

        if not any(name == "assessment:ranking" for _label, name, _roles in EXTRA_NAV):
            EXTRA_NAV.append((_("考核"), "assessment:ranking", {"office", "leader", "reporter"}))
