from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "duban.web.search"
    label = "search"
    verbose_name = "搜索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the index to task saves)
