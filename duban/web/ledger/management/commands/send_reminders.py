from django.core.management.base import BaseCommand

from duban.web.ledger.services import send_reminders


class Command(BaseCommand):
    help = "Recompute every task's 蓝黄红 status and send due-soon, overdue and missing-report reminders (run daily)."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sent.items()))
