from django.apps import AppConfig


class BriefingConfig(AppConfig):
    name = "duban.web.briefing"
    label = "briefing"
    verbose_name = "督查通报"
    default_auto_field = "django.db.models.BigAutoField"
