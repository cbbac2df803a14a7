from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _recursive_triggers(sender, connection, **kwargs):
    # REPLACE INTO deletes the row it replaces without firing DELETE triggers unless this
    # is on (see duban.web.audit.guards); it must hold on every connection the ledger opens.
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA recursive_triggers = ON")


class AuditConfig(AppConfig):
    name = "duban.web.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from duban.web.audit import checks  # noqa: F401  (registers the start-up check)

        connection_created.connect(_recursive_triggers, dispatch_uid="audit_recursive_triggers")
