from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "duban.web.exchange"
    label = "exchange"
    verbose_name = "Excel 导入导出"
    default_auto_field = "django.db.models.BigAutoField"
