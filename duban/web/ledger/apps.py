from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "duban.web.ledger"
    label = "ledger"
    verbose_name = "台账"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from simple_history.signals import pre_create_historical_record

        from duban.web.ledger import clock
        from duban.web.ledger.models import LedgerClock

        def forget_clock(**kwargs):
            clock.forget()

        def date_history(sender, history_instance, **kwargs):
            # History rows carry the ledger's time, like the rows they record (a demo's past).
            if clock.is_shifted():
                history_instance.history_date = clock.now()

        post_save.connect(forget_clock, sender=LedgerClock, dispatch_uid="ledger-clock-saved")
        post_delete.connect(forget_clock, sender=LedgerClock, dispatch_uid="ledger-clock-deleted")
        pre_create_historical_record.connect(date_history, dispatch_uid="ledger-clock-history")

        from django.db.models.signals import post_migrate

        from duban.web.ops.planner import on_post_migrate

        # Planner statistics after every migrate; sent once per app, tied to this one so it runs once.
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="duban-analyze")

        from duban.web.ledger import stamp

        stamp.connect()
