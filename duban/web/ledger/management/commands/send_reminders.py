from django.core.management.base import BaseCommand

from duban.web.ledger import clock
from duban.web.ledger.jobs import run_daily


class Command(BaseCommand):
    help = ("Run the daily job now, in this process: recompute every task's 蓝黄红 status, repair any stored status "
            "that drifted from its inputs, send due-soon, overdue and missing-report reminders. `duban worker` runs it "
            "once a day by itself.")

    def handle(self, *args, **options):
        result = run_daily(clock.today())
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in result["reminders"].items()))
        self.stdout.write(f"statuses checked: {result['checked']}, changed: {result['changed']}, "
                          f"drift repaired: {result['drift']}"
                          + (f" (tasks {', '.join(map(str, result['drift_tasks']))})" if result["drift"] else ""))
