from django.core.management.base import BaseCommand

from duban.web.ledger.departments import seed


class Command(BaseCommand):
    help = "Create the canonical departments and their aliases from duban/extract/lexicon/departments.yaml (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write(f"{seed()} new departments")
