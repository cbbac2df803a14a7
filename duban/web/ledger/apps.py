from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LedgerConfig(AppConfig):
    name = "duban.web.ledger"
    label = "ledger"
    verbose_name = "台账"

    def ready(self) -> None:
        from duban.web.ops.planner import on_post_migrate

        # Sent once per app per migrate: tied to this app so statistics are gathered once.
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="duban-analyze")
