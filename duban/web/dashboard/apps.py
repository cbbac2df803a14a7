from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "duban.web.dashboard"
    label = "dashboard"
    verbose_name = "看板"
    default_auto_field = "django.db.models.BigAutoField"
