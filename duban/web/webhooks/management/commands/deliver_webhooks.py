import time

from django.core.management.base import BaseCommand

from duban.web.webhooks.delivery import deliver_due


class Command(BaseCommand):
    help = "Send webhook deliveries that are due (first attempts left over and retries); run every minute."

    def add_arguments(self, parser):
        parser.add_argument("--watch", type=int, default=0, metavar="SECONDS",
                            help="keep running, looking for due deliveries every SECONDS")

    def handle(self, *args, watch=0, **options):
        while True:
            counts = deliver_due()
            if any(counts.values()) or not watch:
                self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
            if not watch:
                return
            time.sleep(watch)
